"""Demo data written for the project: editions in the house style, on invented companies."""

"""The editor's desk: morning desk, composer, previews, checks, send controls and stats."""

"""numeriq: the chain behind a daily one-minute newsletter about the digital economy."""

__version__ = "0.1.0"


class NumeriqError(Exception):
    """Base of every error numeriq reports to a user; each stage derives its own."""

"""The newsroom's errors."""

from __future__ import annotations

from numeriq import NumeriqError


class NewsroomError(NumeriqError):
    """Base of the errors of the newsroom stage."""

"""The `numeriq draft` and `numeriq brief` verbs."""

from __future__ import annotations

import argparse


def add_commands(verbs: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `draft` and `brief` on the numeriq command line."""

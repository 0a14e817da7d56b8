"""Errors of running numeriq (backups and restores), each with the reason in its message.

NumeriqError
└── OpsError
    └── BackupError     a backup or a restore that cannot be done, and what to do
"""

from __future__ import annotations

from numeriq import NumeriqError


class OpsError(NumeriqError):
    """Base of the operations' errors."""


class BackupError(OpsError):
    """A backup or a restore that cannot be done (the message says why and what to do)."""

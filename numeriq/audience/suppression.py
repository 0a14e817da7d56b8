"""The suppression list: addresses that must never be mailed again, kept as hashes."""

from __future__ import annotations

from django.db import connection

from numeriq.audience.addresses import address_hash
from numeriq.audience.models import Suppression

_SUPPRESSED = f"SELECT 1 FROM {Suppression._meta.db_table} WHERE address_hash = %s"  # noqa: S608


def is_suppressed(address: str) -> bool:
    """Whether a normalised address is on the suppression list."""
    with connection.cursor() as cursor:
        cursor.execute(_SUPPRESSED, [address_hash(address)])
        return cursor.fetchone() is not None

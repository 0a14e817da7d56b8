"""The delivery stage's errors.

NumeriqError
└── DeliveryError              a send that cannot be started or changed as asked
    ├── MailboxError           the bounce mailbox cannot be read as configured
    └── DkimKeyError           a DKIM key that cannot be read or used
"""

from __future__ import annotations

from numeriq import NumeriqError


class DeliveryError(NumeriqError):
    """A send that cannot be started or changed as asked."""


class MailboxError(DeliveryError):
    """The bounce mailbox cannot be read as configured."""


class DkimKeyError(DeliveryError):
    """A DKIM key that cannot be read or used."""

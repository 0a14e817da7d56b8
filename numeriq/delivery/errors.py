"""The delivery stage's errors.

NumeriqError
└── DeliveryError              a send that cannot be started or changed as asked
    ├── MailboxError           the bounce mailbox cannot be read as configured
    ├── DkimKeyError           a DKIM key that cannot be read or used
    ├── StateMoveError         a send's or a row's state change not in delivery/states.py
    └── UnpreparableSendError  a send whose message cannot be encoded: it fails alone (reason)
"""

from __future__ import annotations

from numeriq import NumeriqError


class DeliveryError(NumeriqError):
    """A send that cannot be started or changed as asked."""


class MailboxError(DeliveryError):
    """The bounce mailbox cannot be read as configured."""


class DkimKeyError(DeliveryError):
    """A DKIM key that cannot be read or used."""


class StateMoveError(DeliveryError):
    """A state change the tables of numeriq/delivery/states.py do not allow."""

    def __init__(self, what: str, current: str, target: str) -> None:
        super().__init__(f"{what}: {current} cannot become {target}")
        self.current = current
        self.target = target


class UnpreparableSendError(DeliveryError):
    """A send whose message cannot be encoded (a line break in its subject…): it fails alone."""

    def __init__(self, send_id: int, reason: str) -> None:
        super().__init__(f"send {send_id}: {reason}")
        self.send_id = send_id
        self.reason = reason

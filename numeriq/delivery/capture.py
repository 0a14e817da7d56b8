"""A Django email backend that keeps every message in the local outbox instead of sending."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

from numeriq.delivery.models import CapturedMessage


class CaptureEmailBackend(BaseEmailBackend):
    """NUMERIQ_EMAIL_URL=capture://: messages land in the back office's outbox."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        """Store each message whole; returns how many were kept."""
        kept = []
        for message in email_messages:
            if not message.recipients():
                continue
            mime = message.message()
            kept.append(
                CapturedMessage(
                    sender=message.from_email,
                    recipients=", ".join(message.recipients()),
                    subject=str(message.subject)[:998],
                    raw=mime.as_bytes(policy=mime.policy.clone(linesep="\r\n")),
                )
            )
        CapturedMessage.objects.bulk_create(kept)
        return len(kept)

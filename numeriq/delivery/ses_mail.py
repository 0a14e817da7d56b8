"""Amazon SES notifications that arrive by email (an SNS email subscription), read (pure).

Their body is SES's JSON event (or SNS's envelope holding it in "Message"): a bounce with
its bounceType, a complaint, or a delivery. Only the facts are read here; `reports` turns
them into a report and `mailbox` still asks for proof (the VERP envelope sender SES
quotes as mail.source, or our signed Message-ID) before acting on anyone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SesEvent:
    """What one SES notification says."""

    kind: str  # "bounce", "complaint", "delivery" or another notificationType, lower-case
    permanent: bool  # bounceType Permanent
    recipients: tuple[str, ...]
    source: str  # the envelope sender of the original message
    message_id: str  # its Message-ID header
    status: str
    diagnostic: str


def _event(text: str) -> dict[str, Any] | None:
    start = text.find("{")
    if start < 0:
        return None
    try:
        data = json.loads(text[start : text.rfind("}") + 1])
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("Message"), str):  # SNS's envelope
        try:
            data = json.loads(data["Message"])
        except ValueError:
            return None
    if not isinstance(data, dict):
        return None
    kind = data.get("notificationType") or data.get("eventType")
    return data if isinstance(kind, str) and isinstance(data.get("mail"), dict) else None


def parse_ses_notification(text: str) -> SesEvent | None:
    """The SES event a message body holds, or None when it holds none."""
    data = _event(text)
    if data is None:
        return None
    kind = str(data.get("notificationType") or data.get("eventType")).lower()
    found = data.get(kind)
    detail: dict[str, Any] = found if isinstance(found, dict) else {}
    listed = detail.get("bouncedRecipients") or detail.get("complainedRecipients") or []
    recipients = [
        str(item.get("emailAddress", "")).strip()
        for item in listed
        if isinstance(item, dict) and "@" in str(item.get("emailAddress", ""))
    ]
    first = next((item for item in listed if isinstance(item, dict)), {})
    mail: dict[str, Any] = data["mail"]
    common = mail.get("commonHeaders")
    headers: dict[str, Any] = common if isinstance(common, dict) else {}
    return SesEvent(
        kind=kind,
        permanent=str(detail.get("bounceType", "")) == "Permanent",
        recipients=tuple(dict.fromkeys(recipients)),
        source=str(mail.get("source", "")),
        message_id=str(headers.get("messageId", "")),
        status=str(first.get("status", "")),
        diagnostic=str(first.get("diagnosticCode", "")).strip(),
    )

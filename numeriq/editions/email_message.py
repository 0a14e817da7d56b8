"""A complete MIME message for an edition: multipart/alternative, UTF-8 headers (pure)."""

from __future__ import annotations

import datetime as dt
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr

# The .eml export cannot know its reader: it names placeholders that delivery replaces.
PLACEHOLDER_TO = "lectrice@example.invalid"


def build_message(
    *,
    subject: str,
    from_email: str,
    to: str,
    html: str,
    text: str,
    unsubscribe_url: str,
    date: dt.datetime,
    message_id: str | None = None,
    msgid_domain: str = "numeriq.example",
) -> EmailMessage:
    """Assemble the multipart/alternative message (text first, HTML preferred)."""
    message = EmailMessage(policy=SMTP)
    name, address = parseaddr(from_email)
    username, _, domain = address.partition("@")
    message["From"] = Address(display_name=name, username=username, domain=domain)
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id or make_msgid(domain=msgid_domain)
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message

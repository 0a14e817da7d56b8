"""One edition's email, encoded once, then completed per reader in microseconds (pure).

Everything that is the same for every reader is encoded once: the fixed headers, and the
quoted-printable body lines that do not hold the unsubscribe link. Quoted-printable works
line by line, so the lines holding the link are the only ones encoded again per message.
"""

from __future__ import annotations

import binascii
import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime, parseaddr

from numeriq.editions.email_message import encode_address, encode_header

UNSUBSCRIBE_URL = "%%UNSUBSCRIBE_URL%%"  # the placeholder numeriq.editions.render leaves

_CRLF = b"\r\n"


def _qp_line(line: str) -> bytes:
    return binascii.b2a_qp(line.encode("utf-8"), istext=True)


Segment = bytes | tuple[str, ...]  # encoded lines, or lines holding the placeholder


def _segments(text: str) -> list[Segment]:
    """A part's lines grouped into encoded runs and runs of lines that need the link."""
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[Segment] = []
    static: list[bytes] = []
    for line in lines:
        if UNSUBSCRIBE_URL in line:
            if static:
                out.append(_CRLF.join(static))
                static = []
            out.append((line,))
        else:
            static.append(_qp_line(line))
    if static:
        out.append(_CRLF.join(static))
    return out


def _join(segments: list[Segment], url: str) -> bytes:
    parts = []
    for segment in segments:
        if isinstance(segment, bytes):
            parts.append(segment)
        else:
            parts.append(
                _CRLF.join(_qp_line(line.replace(UNSUBSCRIBE_URL, url)) for line in segment)
            )
    return _CRLF.join(parts)


@dataclass(frozen=True, slots=True)
class Recipient:
    """What differs from one message to the next."""

    to: str
    row_id: int
    unsubscribe_url: str
    return_path: str


Signer = Callable[[bytes], bytes]  # message → header lines to put in front (DKIM)


class PreparedMessage:
    """An edition's email ready to be completed for each reader."""

    def __init__(
        self,
        *,
        send_id: int,
        subject: str,
        html: str,
        text: str,
        from_email: str,
        list_id: str,
        feedback_id: str,
        signer: Signer | None = None,
    ) -> None:
        domain = parseaddr(from_email)[1].rpartition("@")[2] or "numeriq.example"
        self.from_address = parseaddr(from_email)[1]
        self.subject = subject
        self._message_id = f"<numeriq.{send_id}.{{}}@{domain}>"
        self._signer = signer
        boundary = f"=_numeriq_{secrets.token_hex(12)}"
        self._fixed_head = b"".join(
            [
                encode_address("From", from_email),
                encode_header("Subject", subject),
                encode_header("List-Id", list_id),
                encode_header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                encode_header("Feedback-ID", feedback_id),
                b"MIME-Version: 1.0\r\n",
                f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"\r\n'.encode(),
            ]
        )
        part_head = (
            "--{b}\r\nContent-Type: text/{t}; charset=utf-8\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        )
        self._text_head = _CRLF + part_head.format(b=boundary, t="plain").encode()
        self._html_head = _CRLF + part_head.format(b=boundary, t="html").encode()
        self._end = _CRLF + f"--{boundary}--\r\n".encode()
        self._text = _segments(text)
        self._html = _segments(html)
        self._date_second = -1
        self._date_header = b""

    def _date(self, now: dt.datetime) -> bytes:
        second = int(now.timestamp())
        if second != self._date_second:
            self._date_second = second
            self._date_header = encode_header("Date", format_datetime(now))
        return self._date_header

    def message_id(self, row_id: int) -> str:
        """The Message-ID of a row's message: the same on a retry, so receivers can dedupe."""
        return self._message_id.format(row_id)

    def build(self, recipient: Recipient, now: dt.datetime) -> bytes:
        """The complete message for one reader, as bytes with CRLF line ends."""
        url = recipient.unsubscribe_url
        head = b"".join(
            [
                self._fixed_head,
                encode_address("To", recipient.to),
                self._date(now),
                encode_header("Message-ID", self.message_id(recipient.row_id)),
                encode_header(
                    "List-Unsubscribe",
                    f"<mailto:{recipient.return_path}?subject=unsubscribe>, <{url}>",
                ),
            ]
        )
        message = b"".join(
            [
                head,
                self._text_head,
                _join(self._text, url),
                self._html_head,
                _join(self._html, url),
                self._end,
            ]
        )
        if self._signer is not None:
            message = self._signer(message) + message
        return message

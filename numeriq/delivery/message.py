"""One edition's email, encoded once, then completed per reader in microseconds (pure).

Everything that is the same for every reader is encoded once: the fixed headers, and the
quoted-printable body lines that do not hold the unsubscribe link. Quoted-printable works
line by line, so the lines holding the link are the only ones encoded again per message.
"""

from __future__ import annotations

import binascii
import datetime as dt
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime, parseaddr

from numeriq.editions.email_message import encode_address, encode_header
from numeriq.editions.errors import HeaderInjectionError

UNSUBSCRIBE_URL = "%%UNSUBSCRIBE_URL%%"  # the placeholder numeriq.editions.render leaves

_CRLF = b"\r\n"
_BARE_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


def _header(name: str, value: str) -> bytes:
    """A header line; plain ASCII values are written as is (email.header costs ~40 µs)."""
    if value.isascii() and "\r" not in value and "\n" not in value and len(value) < 900:
        return f"{name}: {value}\r\n".encode("ascii")
    return encode_header(name, value)


def _to_header(address: str) -> bytes:
    """The To line: a bare validated address as is, anything else through the encoder."""
    if address.isascii() and _BARE_ADDRESS.fullmatch(address):
        return f"To: {address}\r\n".encode("ascii")
    if not address.isascii() and "<" not in address:
        # An internationalised address (RFC 6532): raw UTF-8, sent with SMTPUTF8.
        if "\r" in address or "\n" in address or "@" not in address:
            raise HeaderInjectionError("To", address, "an invalid address")
        return f"To: {address}\r\n".encode()
    return encode_address("To", address)


def _list_unsubscribe(return_path: str, url: str) -> bytes:
    """RFC 2369/8058 List-Unsubscribe, folded after the comma so each URL stays whole."""
    value = f"<mailto:{return_path}?subject=unsubscribe>, <{url}>"
    if not value.isascii() or "\r" in value or "\n" in value:
        return encode_header("List-Unsubscribe", value)
    return f"List-Unsubscribe: <mailto:{return_path}?subject=unsubscribe>,\r\n <{url}>\r\n".encode()


def _qp_line(line: str) -> bytes:
    # b2a_qp breaks long lines with "=\n": the wire wants CRLF there too.
    return binascii.b2a_qp(line.encode("utf-8"), istext=True).replace(b"\n", _CRLF)


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
        self._text_source = text
        self._html_source = html
        self._fixed_headers = [
            ("From", from_email),
            ("List-Id", list_id),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ("Feedback-ID", feedback_id),
        ]
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
                _to_header(recipient.to),
                self._date(now),
                _header("Message-ID", self.message_id(recipient.row_id)),
                _list_unsubscribe(recipient.return_path, url),
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

    def parts(self, recipient: Recipient) -> tuple[str, str, list[tuple[str, str]]]:
        """One reader's text, HTML and headers, for senders that build the MIME themselves
        (email service providers): From, List-*, Feedback-ID and Message-ID; not To,
        Subject nor Date."""
        url = recipient.unsubscribe_url
        headers = [
            *self._fixed_headers,
            ("Message-ID", self.message_id(recipient.row_id)),
            ("List-Unsubscribe", f"<mailto:{recipient.return_path}?subject=unsubscribe>, <{url}>"),
        ]
        return (
            self._text_source.replace(UNSUBSCRIBE_URL, url),
            self._html_source.replace(UNSUBSCRIBE_URL, url),
            headers,
        )

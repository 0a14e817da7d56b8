"""A real SMTP server on the loopback that keeps what it receives and can be told to fail.

Used by tests and benchmarks (needs aiosmtpd, a development dependency):

    with SmtpServer() as smtp:
        smtp.rcpt_replies["nobody@example.org"] = "550 5.1.1 No such user"
        smtp.rcpt_replies_once["busy@example.org"] = ["451 4.3.0 Try later"]
        smtp.data_replies["full@example.org"] = "552 5.2.2 Mailbox full"
        smtp.drop_data_once["late@example.org"] = True
        ... send to 127.0.0.1:smtp.port ...
        smtp.wait_for(1)
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from numeriq.config import EMAIL_URL_PARSER, EmailUrl


@dataclass(frozen=True)
class Received:
    """One accepted message: envelope and raw bytes."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes

    def parsed(self) -> EmailMessage:
        """The message as a mail client reads it."""
        message = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return message

    def text(self) -> str:
        """The plain-text body (the whole body when not multipart)."""
        part = self.parsed().get_body(preferencelist=("plain",))
        return str(part.get_content()) if part is not None else ""


class _Handler:
    def __init__(self, owner: SmtpServer) -> None:
        self.owner = owner

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        owner = self.owner
        key = address.lower()
        with owner.lock:
            owner.attempts[key] = owner.attempts.get(key, 0) + 1
            once = owner.rcpt_replies_once.get(key)
            reply = once.pop(0) if once else owner.rcpt_replies.get(key)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        owner = self.owner
        if owner.stall_seconds:
            await asyncio.sleep(owner.stall_seconds)
        recipients = [address.lower() for address in envelope.rcpt_tos]
        with owner.lock:
            drop = any(owner.drop_data_once.pop(a, False) for a in recipients)
        if drop:
            # The line goes dead after the message was sent, before the server's reply.
            server.transport.abort()
            return "421 4.4.2 connection dropped"
        reply = next((owner.data_replies[a] for a in recipients if a in owner.data_replies), None)
        if reply:
            return reply
        if owner.data_reply:
            return owner.data_reply
        with owner.lock:
            data = bytes(envelope.content) if owner.keep_data else b""
            owner.messages.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), data))
        return "250 2.0.0 Message accepted"


class _Authenticator:
    def __init__(self, credentials: tuple[str, str]) -> None:
        self.credentials = credentials

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        login = (auth_data.login.decode(), auth_data.password.decode())
        return AuthResult(success=login == self.credentials, handled=False)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class SmtpServer:
    """A capturing SMTP server on 127.0.0.1, started and stopped as a context manager."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int | None = None,
        *,
        keep_data: bool = True,
        tls: tuple[Path, Path] | None = None,
        implicit_tls: bool = False,
        credentials: tuple[str, str] | None = None,
    ) -> None:
        self.host = host
        self.keep_data = keep_data  # False: envelopes only (tests that send thousands)
        self.port = port or free_port(host)
        self.messages: list[Received] = []
        self.lock = threading.Lock()
        self.rcpt_replies: dict[str, str] = {}  # address → reply to RCPT, every time
        self.rcpt_replies_once: dict[str, list[str]] = {}  # address → replies for next RCPTs
        self.data_replies: dict[str, str] = {}  # address → reply after DATA
        self.drop_data_once: dict[str, bool] = {}  # address → drop the line after its DATA
        self.attempts: dict[str, int] = {}  # address → RCPT commands seen
        self.data_reply: str | None = None
        self.stall_seconds = 0.0
        options: dict[str, Any] = {}
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            if implicit_tls:
                options["ssl_context"] = context
            else:
                options.update(tls_context=context, require_starttls=True)
        if credentials is not None:
            # auth_require_tls is off: aiosmtpd does not count implicit TLS as TLS.
            options.update(authenticator=_Authenticator(credentials), auth_require_tls=False)
        self.scheme = "smtps" if implicit_tls else "smtp" if tls else "smtp+plain"
        self.credentials = credentials
        self._controller = Controller(_Handler(self), hostname=host, port=self.port, **options)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()

    @property
    def url(self) -> str:
        """The NUMERIQ_EMAIL_URL that sends here (plain SMTP unless TLS was asked for)."""
        login = f"{self.credentials[0]}:{self.credentials[1]}@" if self.credentials else ""
        return f"{self.scheme}://{login}{self.host}:{self.port}"

    @property
    def email(self) -> EmailUrl:
        """The same, parsed as the settings hold it (settings.EMAIL)."""
        url: EmailUrl = EMAIL_URL_PARSER.parse(self.url)
        return url

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Wait until at least `count` messages arrived; return them all."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.02)
        raise TimeoutError(f"{len(self.messages)} message(s) arrived, {count} expected")

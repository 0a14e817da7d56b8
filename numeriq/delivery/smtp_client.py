"""A lean asyncio SMTP client for bulk sending: one message at a time per connection.

Written for throughput rather than generality: with PIPELINING (RFC 2920) the envelope
(MAIL, RCPT, DATA) goes in one write and the message in a second, so a message costs two
round trips; without it, the client falls back to one command at a time. STARTTLS,
implicit TLS and AUTH PLAIN/LOGIN are supported. Every reply is returned as a Reply, never
raised: a lost connection is Reply(0, …), which the caller treats as a temporary failure.
"""

from __future__ import annotations

import asyncio
import base64
import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from numeriq.config import EmailUrl
from numeriq.delivery.outcomes import Reply


class SmtpConnectionError(ConnectionError):
    """The relay could not be reached, greeted us badly, or refused TLS or login."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(str(reply))
        self.reply = reply


@dataclass(frozen=True)
class Relay:
    """Where and how to connect: smtp:// (STARTTLS when offered… or required), smtps://."""

    host: str
    port: int
    tls: str = "starttls"  # "starttls" (required), "implicit", or "none"
    username: str = ""
    password: str = ""
    timeout: float = 30.0
    helo_name: str = "numeriq.localhost"
    ssl_context: ssl.SSLContext | None = None  # None: the system's trusted authorities

    @classmethod
    def from_email_url(cls, url: EmailUrl, *, timeout: float = 30.0) -> Relay:
        """The relay NUMERIQ_EMAIL_URL names, as the settings parsed it."""
        tls = {"smtp": "starttls", "smtps": "implicit", "smtp+plain": "none"}.get(url.scheme)
        if tls is None:
            raise ValueError(f"not an SMTP URL: {url.scheme}://")
        return cls(
            host=url.host,
            port=url.port,
            tls=tls,
            username=url.username,
            password=url.password,
            timeout=timeout,
        )

    @classmethod
    def from_url(cls, url: str, *, timeout: float = 30.0) -> Relay:
        """smtp://user:pass@host:587 (STARTTLS), smtps://…:465, smtp+plain://host:25."""
        parts = urlsplit(url)
        tls = {"smtp": "starttls", "smtps": "implicit", "smtp+plain": "none"}.get(parts.scheme)
        if tls is None:
            raise ValueError(f"not an SMTP URL: {parts.scheme}://")
        default_port = {"starttls": 587, "implicit": 465, "none": 25}[tls]
        return cls(
            host=parts.hostname or "localhost",
            port=parts.port or default_port,
            tls=tls,
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            timeout=timeout,
        )


def dot_stuff(data: bytes) -> bytes:
    """The message as DATA carries it: CRLF line ends, leading dots doubled, ending CRLF."""
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    data = data.replace(b"\r\n.", b"\r\n..")
    return b"." + data if data.startswith(b".") else data


class SmtpConnection:
    """One open SMTP session with a relay."""

    def __init__(self, relay: Relay) -> None:
        self.relay = relay
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.extensions: dict[str, str] = {}
        self.sent = 0

    @property
    def is_open(self) -> bool:
        """Whether the connection can carry another message."""
        return self.writer is not None and not self.writer.is_closing()

    async def _read_reply(self) -> Reply:
        assert self.reader is not None
        lines = []
        while True:
            line = await self.reader.readline()  # the caller's timeout covers the exchange
            if not line:
                raise ConnectionResetError("connection closed by the server")
            text = line.decode("utf-8", "replace").rstrip("\r\n")
            if len(text) < 3 or not text[:3].isdigit():
                raise ConnectionResetError(f"not an SMTP reply: {text[:80]!r}")
            lines.append(text[4:])
            if len(text) == 3 or text[3] != "-":
                return Reply(int(text[:3]), "\n".join(lines))

    async def _command(self, line: str) -> Reply:
        assert self.writer is not None
        self.writer.write(line.encode("utf-8") + b"\r\n")
        await self.writer.drain()
        return await self._read_reply()

    async def _ehlo(self) -> None:
        reply = await self._command(f"EHLO {self.relay.helo_name}")
        if reply.code != 250:
            reply = await self._command(f"HELO {self.relay.helo_name}")
            if reply.code != 250:
                raise SmtpConnectionError(reply)
            self.extensions = {}
            return
        self.extensions = {}
        for line in reply.text.split("\n")[1:]:
            name, _, value = line.partition(" ")
            self.extensions[name.upper()] = value

    async def connect(self) -> None:
        """Open, greet, secure and log in; SmtpConnectionError when any step fails."""
        relay = self.relay
        context = None
        if relay.tls != "none":
            context = relay.ssl_context or ssl.create_default_context()
        try:
            async with asyncio.timeout(relay.timeout):
                await self._open(context)
        except SmtpConnectionError:
            await self.close()
            raise
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ssl.SSLError) as error:
            await self.close()
            reason = str(error) or type(error).__name__
            raise SmtpConnectionError(Reply(0, f"cannot connect: {reason}")) from None
        self.sent = 0

    async def _open(self, context: ssl.SSLContext | None) -> None:
        relay = self.relay
        self.reader, self.writer = await asyncio.open_connection(
            relay.host,
            relay.port,
            ssl=context if relay.tls == "implicit" else None,
            limit=1 << 16,
        )
        greeting = await self._read_reply()
        if greeting.code != 220:
            raise SmtpConnectionError(greeting)
        await self._ehlo()
        if relay.tls == "starttls":
            if "STARTTLS" not in self.extensions:
                raise SmtpConnectionError(Reply(0, "the relay does not offer STARTTLS"))
            reply = await self._command("STARTTLS")
            if reply.code != 220:
                raise SmtpConnectionError(reply)
            assert self.writer is not None and context is not None
            await self.writer.start_tls(context, server_hostname=relay.host)
            await self._ehlo()
        if relay.username:
            await self._login()

    async def _login(self) -> None:
        relay = self.relay
        methods = self.extensions.get("AUTH", "").upper().split()
        if "PLAIN" in methods or not methods:
            token = base64.b64encode(f"\0{relay.username}\0{relay.password}".encode()).decode()
            reply = await self._command(f"AUTH PLAIN {token}")
        else:
            reply = await self._command("AUTH LOGIN")
            if reply.code == 334:
                reply = await self._command(base64.b64encode(relay.username.encode()).decode())
            if reply.code == 334:
                reply = await self._command(base64.b64encode(relay.password.encode()).decode())
        if reply.code != 235:
            raise SmtpConnectionError(reply)

    async def send(self, sender: str, recipient: str, data: bytes) -> Reply:
        """Send one message; the reply that decides its fate (Reply(0, …) if the line dropped)."""
        try:
            async with asyncio.timeout(self.relay.timeout):
                return await self._send(sender, recipient, data)
        except (OSError, TimeoutError, asyncio.IncompleteReadError) as error:
            await self.close()
            reason = "timeout" if isinstance(error, TimeoutError) else str(error) or "lost"
            return Reply(0, f"connection lost: {reason}")

    async def _send(self, sender: str, recipient: str, data: bytes) -> Reply:
        assert self.writer is not None
        utf8 = ""
        if not recipient.isascii():
            if "SMTPUTF8" not in self.extensions:
                return Reply(553, "5.6.7 the relay does not accept internationalised addresses")
            utf8 = " SMTPUTF8"
        envelope = f"MAIL FROM:<{sender}>{utf8}\r\nRCPT TO:<{recipient}>\r\nDATA\r\n".encode()
        if "PIPELINING" in self.extensions:
            self.writer.write(envelope)
            mail = await self._read_reply()
            if mail.code == 421:  # the server is closing the line: no more replies follow
                await self.close()
                return mail
            rcpt = await self._read_reply()
            if rcpt.code == 421:
                await self.close()
                return rcpt
            data_reply = await self._read_reply()
        else:
            mail = await self._command(f"MAIL FROM:<{sender}>{utf8}")
            if mail.code != 250:
                await self._reset()
                return mail
            rcpt = await self._command(f"RCPT TO:<{recipient}>")
            if rcpt.code not in (250, 251):
                await self._reset()
                return rcpt
            data_reply = await self._command("DATA")
        if data_reply.code == 354 and (mail.code != 250 or rcpt.code not in (250, 251)):
            # A server that accepted DATA despite a refused envelope: send nothing.
            self.writer.write(b".\r\n")
            await self._read_reply()
        if mail.code != 250:
            await self._reset()
            return mail
        if rcpt.code not in (250, 251):
            await self._reset()
            return rcpt
        if data_reply.code != 354:
            await self._reset()
            return data_reply
        self.writer.write(dot_stuff(data))
        self.writer.write(b".\r\n")
        await self.writer.drain()
        final = await self._read_reply()
        self.sent += 1
        return final

    async def _reset(self) -> None:
        reply = await self._command("RSET")
        if reply.code == 421:
            await self.close()

    async def close(self) -> None:
        """QUIT politely when possible, then close."""
        writer, self.writer, self.reader = self.writer, None, None
        if writer is None:
            return
        try:
            if not writer.is_closing():
                writer.write(b"QUIT\r\n")
                await asyncio.wait_for(writer.drain(), 2)
            writer.close()
            await asyncio.wait_for(writer.wait_closed(), 2)
        except (OSError, TimeoutError, ssl.SSLError):
            pass

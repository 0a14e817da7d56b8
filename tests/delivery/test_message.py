"""The per-reader message: headers, bodies, VERP, DKIM, and the SMTP client's framing."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from hypothesis import given
from hypothesis import strategies as st

from numeriq.delivery.errors import DkimKeyError
from numeriq.delivery.message import UNSUBSCRIBE_URL, PreparedMessage, Recipient
from numeriq.delivery.signing import load_key, make_signer
from numeriq.delivery.smtp_client import Relay, dot_stuff
from numeriq.delivery.verp import Verp
from numeriq.editions.errors import HeaderInjectionError

NOW = dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.UTC)
URL = "https://numeriq.example/desabonnement/AbC:1x:Zz/"


def prepared(**kwargs: object) -> PreparedMessage:
    values: dict[str, object] = {
        "send_id": 7,
        "subject": "Vendredi noir, serveurs rouges : l’édition du jour",
        "html": (
            "<p>Bonjour</p>\n<p>.point en tête</p>\n"
            f'<a href="{UNSUBSCRIBE_URL}">Se désabonner</a>\n'
        ),
        "text": f"Bonjour\n\nSe désabonner : {UNSUBSCRIBE_URL}\n",
        "from_email": "Numériq'1 <edition@numeriq.example>",
        "list_id": "Numériq'1 <quotidien.numeriq.example>",
        "feedback_id": "7:edition:quotidien.numeriq.example:numeriq",
    }
    values.update(kwargs)
    return PreparedMessage(**values)  # type: ignore[arg-type]


def recipient(to: str = "lea@exemple.fr", row_id: int = 42) -> Recipient:
    return Recipient(
        to=to, row_id=row_id, unsubscribe_url=URL, return_path="b+16.x@numeriq.example"
    )


def parse(data: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def test_headers_and_both_parts_read_back_with_the_standard_parser() -> None:
    data = prepared().build(recipient(), NOW)
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))
    message = parse(data)
    assert message["To"] == "lea@exemple.fr"
    assert message["Subject"] == "Vendredi noir, serveurs rouges : l’édition du jour"
    assert str(message["From"]) == "Numériq'1 <edition@numeriq.example>"
    assert message["Message-ID"] == "<numeriq.7.42@numeriq.example>"
    assert message["Date"].datetime == NOW
    assert message["List-Unsubscribe"] == (
        f"<mailto:b+16.x@numeriq.example?subject=unsubscribe>, <{URL}>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Feedback-ID"] == "7:edition:quotidien.numeriq.example:numeriq"
    assert f'href="{URL}"' in message.get_body(("html",)).get_content()
    assert f"Se désabonner : {URL}" in message.get_body(("plain",)).get_content()


def test_an_internationalised_address_is_written_as_utf8() -> None:
    data = prepared().build(recipient(to="zoé@exemple.fr"), NOW)
    assert "To: zoé@exemple.fr\r\n".encode() in data
    # RFC 6532 readers take headers as UTF-8 (the stdlib's bytes parser does not).
    message = email.message_from_string(data.decode(), policy=email.policy.default)
    assert message["To"].addresses[0].username == "zoé"


@pytest.mark.parametrize("to", ["lea@exemple.fr\r\nBcc: x@evil.example", "a@b.fr\nX: y"])
def test_header_injection_in_the_address_is_refused(to: str) -> None:
    with pytest.raises(HeaderInjectionError):
        prepared().build(recipient(to=to), NOW)


@given(st.text(min_size=1, max_size=400))
def test_any_body_survives_the_line_by_line_encoding(body: str) -> None:
    text = body.replace("\r", "") + f"\n{UNSUBSCRIBE_URL}\n" + body.replace("\r", "")
    message = parse(prepared(text=text).build(recipient(), NOW))
    decoded = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert decoded.rstrip("\n") == text.replace(UNSUBSCRIBE_URL, URL).rstrip("\n")


def test_dot_stuffing() -> None:
    assert dot_stuff(b".a\r\nb\r\n.c") == b"..a\r\nb\r\n..c\r\n"
    assert dot_stuff(b"x\r\n") == b"x\r\n"


def test_relay_urls() -> None:
    relay = Relay.from_url("smtp://user%40x:p%3Ass@relay.example:2525")
    assert (relay.host, relay.port, relay.tls, relay.username, relay.password) == (
        "relay.example",
        2525,
        "starttls",
        "user@x",
        "p:ss",
    )
    assert Relay.from_url("smtps://relay.example").port == 465
    assert Relay.from_url("smtp+plain://relay.example").tls == "none"
    with pytest.raises(ValueError, match="not an SMTP URL"):
        Relay.from_url("http://relay.example")


def test_verp_names_a_row_and_refuses_forgeries() -> None:
    verp = Verp("bounces@numeriq.example", "secret")
    address = verp.address(123456)
    assert address.startswith("bounces+2n9c.") and address.endswith("@numeriq.example")
    assert verp.row_id(address) == 123456
    assert verp.row_id(address.upper()) == 123456
    assert verp.row_id(address.replace("2n9c", "2n9d")) is None
    assert Verp("bounces@numeriq.example", "other").row_id(address) is None
    assert verp.row_id("someone@numeriq.example") is None


def _public_dns(selector: bytes, domain: bytes, key: bytes) -> object:
    def dnsfunc(name: bytes, timeout: int = 5) -> bytes:
        assert name == selector + b"._domainkey." + domain + b"."
        return key

    return dnsfunc


def test_dkim_rsa_2048_signature_verifies_and_covers_list_unsubscribe() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    record = b"v=DKIM1; k=rsa; p=" + __import__("base64").b64encode(public)
    signer = make_signer("numeriq.example", "mars", pem)
    data = prepared(signer=signer).build(recipient(), NOW)
    assert data.startswith(b"DKIM-Signature:")
    signature = parse(data)["DKIM-Signature"]
    assert "list-unsubscribe:list-unsubscribe-post" in signature.replace(" ", "").lower()
    dnsfunc = _public_dns(b"mars", b"numeriq.example", record)
    assert dkim.verify(data, dnsfunc=dnsfunc)
    tampered = data.replace(b"Se d=C3=A9sabonner", b"Se d=C3=A9sabonnez")
    assert not dkim.verify(tampered, dnsfunc=dnsfunc)


def test_dkim_ed25519_signature_verifies() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    record = b"v=DKIM1; k=ed25519; p=" + __import__("base64").b64encode(raw)
    data = prepared(signer=make_signer("numeriq.example", "ed", pem)).build(recipient(), NOW)
    assert b"a=ed25519-sha256" in data
    assert dkim.verify(data, dnsfunc=_public_dns(b"ed", b"numeriq.example", record))


def test_a_bad_dkim_key_is_a_clear_error() -> None:
    with pytest.raises(DkimKeyError, match="DKIM key"):
        load_key(b"-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")

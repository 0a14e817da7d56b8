"""Addresses are normalised once; signed links refuse any change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from email_validator import EmailNotValidError, validate_email
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from numeriq.audience.addresses import address_hash, normalise
from numeriq.audience.errors import InvalidAddressError, InvalidTokenError
from numeriq.audience.models import Source, Subscriber
from numeriq.audience.tokens import Purpose, make_token, read_token


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Jean.Dupont@Exemple.FR ", "jean.dupont@exemple.fr"),
        ("Zoe\u0301@exemple.fr", "zoé@exemple.fr"),  # NFD → NFC
        ("élodie@EXÄMPLE.fr", "élodie@exämple.fr"),
        ("a+tag@sub.exemple.co.uk", "a+tag@sub.exemple.co.uk"),
        ("livres@XN--BCHER-KVA.de", "livres@bücher.de"),  # Punycode: one form, not two
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    """Case and Unicode form never make two subscribers of one person."""
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "pas-une-adresse", "a@b", "x..y@exemple.fr", "a@exemple.invalid", "a@localhost",
     "a\r\nBcc: b@exemple.fr@exemple.fr", "a@exemple.fr\nBcc: x@exemple.fr", "@exemple.fr",
     "a@-x.fr", "a@ab--c.fr"],
)  # fmt: skip
def test_invalid_addresses_are_refused_with_a_reason(raw: str) -> None:
    """Bad syntax, special-use domains and line breaks are refused."""
    with pytest.raises(InvalidAddressError) as caught:
        normalise(raw)
    assert caught.value.reason


_local = st.from_regex(r"[a-z0-9_%+-]{1,20}(\.[a-z0-9_%+-]{1,10}){0,2}", fullmatch=True)
_domain = st.from_regex(r"([a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?\.){1,3}[a-z]{2,8}", fullmatch=True)


@settings(deadline=None)
@given(_local, _domain)
def test_fast_path_agrees_with_email_validator(local: str, domain: str) -> None:
    """The fast path accepts only what email-validator accepts, unchanged."""
    address = f"{local}@{domain}"
    try:
        expected = validate_email(address, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        with pytest.raises(InvalidAddressError):
            normalise(address)
        return
    assert normalise(address) == expected


def test_address_hash_is_stable_and_anonymous() -> None:
    """The suppression fingerprint does not contain the address."""
    digest = address_hash("jean@exemple.fr")
    assert digest == address_hash("jean@exemple.fr") != address_hash("jeanne@exemple.fr")
    assert "jean" not in digest and len(digest) == 64


@pytest.fixture
def subscriber(db: None) -> Subscriber:
    """One pending subscriber."""
    return Subscriber.objects.create(
        email="lea@exemple.fr", source=Source.FORM, created_at=dt.datetime.now(dt.UTC)
    )


def test_token_round_trip_and_purpose_separation(subscriber: Subscriber) -> None:
    """A token reads back for its purpose and no other."""
    token = make_token(Purpose.UNSUBSCRIBE, subscriber)
    assert read_token(Purpose.UNSUBSCRIBE, token) == subscriber
    for other in (Purpose.CONFIRM, Purpose.PREFERENCES, Purpose.PERSONAL_DATA):
        with pytest.raises(InvalidTokenError):
            read_token(other, token)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_change_to_a_token_is_refused(subscriber: Subscriber, data: st.DataObject) -> None:
    """Flip, insert or delete any character: the token is refused."""
    token = make_token(Purpose.UNSUBSCRIBE, subscriber)
    position = data.draw(st.integers(0, len(token) - 1))
    edit = data.draw(st.sampled_from(["replace", "insert", "delete"]))
    char = data.draw(
        st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:")
    )
    if edit == "replace":
        if token[position] == char:
            return
        altered = token[:position] + char + token[position + 1 :]
    elif edit == "insert":
        altered = token[:position] + char + token[position:]
    else:
        altered = token[:position] + token[position + 1 :]
    try:
        same = signing.loads(altered, salt="numeriq.audience.unsubscribe") == signing.loads(
            token, salt="numeriq.audience.unsubscribe"
        )
    except signing.BadSignature:
        same = False
    if same:  # base64 padding bits can absorb a change without changing the value
        return
    with pytest.raises(InvalidTokenError):
        read_token(Purpose.UNSUBSCRIBE, altered)


def test_forged_token_for_another_subscriber_is_refused(subscriber: Subscriber) -> None:
    """Signing with another key, or pointing at another id, fails."""
    forged = signing.dumps(
        [subscriber.pk, "0" * 12], salt="numeriq.audience.unsubscribe", key="x" * 50
    )
    with pytest.raises(InvalidTokenError, match="bad signature"):
        read_token(Purpose.UNSUBSCRIBE, forged)
    other = Subscriber.objects.create(
        email="max@exemple.fr", source=Source.FORM, created_at=dt.datetime.now(dt.UTC)
    )
    token = make_token(Purpose.UNSUBSCRIBE, other)
    other.delete()
    with pytest.raises(InvalidTokenError, match="unknown subscriber"):
        read_token(Purpose.UNSUBSCRIBE, token)


def test_confirmation_links_expire(subscriber: Subscriber, settings: object) -> None:
    """A confirmation link older than NUMERIQ_CONFIRMATION_HOURS is refused as expired."""
    token = make_token(Purpose.CONFIRM, subscriber)
    later = dt.datetime.now().timestamp() + 49 * 3600
    import time

    real_time = time.time
    try:
        time.time = lambda: later  # type: ignore[assignment]
        with pytest.raises(InvalidTokenError, match="expired"):
            read_token(Purpose.CONFIRM, token)
        assert read_token(Purpose.UNSUBSCRIBE, make_token(Purpose.UNSUBSCRIBE, subscriber))
    finally:
        time.time = real_time  # type: ignore[assignment]

"""The bounce corpus (tests/delivery/data/): every message gives its expected recipients
and class; and the edge cases of issue 12 point 5, each on its own."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from numeriq.delivery.outcomes import Reply, Verdict, classify, is_hard_bounce
from numeriq.delivery.reports import ReportKind, parse_report

DATA = Path(__file__).resolve().parent / "data"
KIND = {
    "hard": ReportKind.HARD_BOUNCE,
    "soft": ReportKind.SOFT_BOUNCE,
    "delayed": ReportKind.DELAYED,
    "complaint": ReportKind.COMPLAINT,
}


def cases() -> list[tuple[str, str, frozenset[str]]]:
    with (DATA / "expected.csv").open(newline="") as handle:
        return [
            (row["file"], row["class"], frozenset(a.lower() for a in row["recipients"].split()))
            for row in csv.DictReader(handle)
        ]


CASES = cases()


def test_the_corpus_is_all_there_with_its_licence():
    assert len(CASES) >= 130
    assert all((DATA / name).is_file() for name, _, _ in CASES)
    assert "Apache License" in (DATA / "flufl" / "LICENSE").read_text()
    assert "flufl.bounce" in (DATA / "README.md").read_text()


@pytest.mark.parametrize(("name", "expected", "recipients"), CASES, ids=[c[0] for c in CASES])
def test_each_message_names_its_recipients_and_class(name, expected, recipients):
    report = parse_report((DATA / name).read_bytes())
    if expected == "none":
        assert report.kind in (ReportKind.IGNORED, ReportKind.UNKNOWN)
        return
    assert report.kind == KIND[expected], report.detail
    assert {a.lower() for a in report.recipients} == recipients


def read(name: str):
    return parse_report((DATA / "numeriq" / name).read_bytes())


def test_a_delay_warning_is_not_a_bounce_even_with_x_failed_recipients():
    assert read("exim_delay_warning.eml").kind == ReportKind.DELAYED
    assert read("rfc3464_delayed.eml").kind == ReportKind.DELAYED


def test_our_sender_refused_is_never_hard_for_the_reader():
    for name in ("rfc3464_sender_refused_517.eml", "exim_sender_518.eml"):
        report = read(name)
        assert report.kind == ReportKind.SOFT_BOUNCE, name
        assert "bounces@numeriq.example" not in report.recipients
    for text in ("5.1.7 Bad sender's mailbox address", "5.1.8 Bad sender's system address"):
        assert not is_hard_bounce(550, text)
        assert classify(Reply(550, text)).verdict == Verdict.BOUNCED
        assert not classify(Reply(550, text)).hard


def test_550_host_unknown_is_hard():
    assert read("host_unknown_550.eml").kind == ReportKind.HARD_BOUNCE
    assert classify(Reply(550, "Host unknown")).hard
    # A DNS failure that says to try again is not a missing domain.
    assert not is_hard_bounce(0, "Name service error for domain x: Host not found, try again")


def test_a_message_id_is_never_taken_for_a_recipient():
    report = read("message_id_not_recipient.eml")
    assert report.recipients == ("zoe@example.com",)
    assert "<numeriq.7.42.0123456789abcdef@numeriq.example>" in report.message_ids


def test_x_failed_recipients_names_the_reader():
    report = read("exim_x_failed_recipients.eml")
    assert report.recipients == ("anne@gone.example.org",)
    assert report.kind == ReportKind.HARD_BOUNCE


@pytest.mark.parametrize(
    "name", ["exchange_online_prose.eml", "gmail_prose.eml", "google_groups_prose.eml"]
)
def test_prose_bounces_without_a_status_code_are_read(name):
    report = read(name)
    assert report.kind == ReportKind.HARD_BOUNCE
    assert report.recipients and report.diagnostic


def test_ses_notification_emails_are_read_with_their_proof():
    hard = read("ses_notification_bounce.eml")
    assert hard.kind == ReportKind.HARD_BOUNCE
    assert hard.recipients == ("claire@example.com",)
    assert hard.return_paths == ("bounces@numeriq.example",)  # SES's mail.source: VERP
    assert hard.message_ids == ("<numeriq.7.42.0123456789abcdef@numeriq.example>",)
    assert read("ses_notification_transient.eml").kind == ReportKind.SOFT_BOUNCE


@pytest.mark.parametrize(
    ("code", "text", "hard"),
    [
        (550, "5.1.1 <x@example.fr>: Recipient address rejected: User unknown", True),
        (550, "5.1.10 RESOLVER.ADR.RecipientNotFound; not found", True),
        (550, "5.2.1 The email account that you tried to reach is disabled", True),
        (552, "5.2.2 Mailbox full", False),
        (550, "5.7.1 Message rejected as spam", False),
        (554, "5.3.4 Message too big for system", False),
        (553, "5.3.0 <x@example.fr>... No such user here", True),
        (550, "Requested action not taken: mailbox unavailable", True),
        (550, "Rejected: listed on a blocklist", False),
        (550, "5.1.1 Sender address rejected: not owned by user", False),
        (450, "4.1.1 user unknown, try later", False),
        (550, "Message refused", False),
    ],
)
def test_only_recipient_faults_are_hard(code, text, hard):
    assert is_hard_bounce(code, text) is hard


def test_ses_notifications_are_read_inside_the_sns_envelope_and_junk_is_none():
    import json

    from numeriq.delivery.ses_mail import parse_ses_notification

    body = (DATA / "numeriq" / "ses_notification_bounce.eml").read_text().split("\n\n", 1)[1]
    event = json.loads(body)
    wrapped = json.dumps({"Type": "Notification", "Message": json.dumps(event)})
    parsed = parse_ses_notification(wrapped)
    assert parsed is not None and parsed.kind == "bounce" and parsed.permanent
    assert parsed.recipients == ("claire@example.com",)
    assert parsed.source == "bounces@numeriq.example"
    for junk in ("", "{not json", '{"notificationType": "Bounce"}', "[1, 2]"):
        assert parse_ses_notification(junk) is None


def test_a_huge_bounce_is_read_in_bounded_time_and_names_its_reader():
    # A long word once made the address pattern quadratic (40 kB: 17 s); the parser now
    # reads a bounded prefix with bounded patterns. No timing is asserted: the test would
    # not finish if it were quadratic again (1 MB: hours).
    body = ("a" * 60 + "@") * 20_000
    raw = (
        "From: MAILER-DAEMON@mx.example.net\r\nSubject: Undelivered Mail\r\n"
        f"To: bounces@numeriq.example\r\n\r\n<x@example.com>: 550 no such user\r\n{body}\r\n"
    ).encode()
    report = parse_report(raw)
    assert report.kind == ReportKind.HARD_BOUNCE
    assert report.recipients == ("x@example.com",)

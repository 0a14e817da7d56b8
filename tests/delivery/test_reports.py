"""Reading bounces, delay warnings, complaints and unsubscribe requests (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from numeriq.delivery.reports import ReportKind, parse_report

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reports"
VERP = "bounces+2s.0a1b2c3d@numeriq.example"
MESSAGE_ID = "<numeriq.7.100@numeriq.example>"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "kind", "recipient", "status"),
    [
        ("postfix_hard.eml", ReportKind.HARD_BOUNCE, "lea.martin@example.fr", "5.1.1"),
        ("gmail_hard.eml", ReportKind.HARD_BOUNCE, "lea.martin@gmail.com", "5.1.1"),
        ("outlook_mailbox_full.eml", ReportKind.SOFT_BOUNCE, "paul.durand@outlook.com", "5.2.2"),
        ("exim_text_bounce.eml", ReportKind.HARD_BOUNCE, "jean@petit-fai.example", "5.1.1"),
        ("qmail_failure_notice.eml", ReportKind.HARD_BOUNCE, "anne@vieux-serveur.example", "5.1.2"),
    ],
)
def test_bounces_name_their_verp_reader_status_and_original(name, kind, recipient, status):
    report = parse_report(read(name))

    assert report.kind == kind
    assert report.return_paths[0] == VERP
    assert recipient in report.recipients
    assert report.status == status
    assert MESSAGE_ID in report.message_ids
    assert report.diagnostic and status in report.detail


def test_a_dsn_diagnostic_is_unfolded_and_stripped_of_its_type():
    report = parse_report(read("gmail_hard.eml"))

    assert report.diagnostic.startswith("550 5.1.1 The email account that you tried to reach")
    assert "550-5.1.1" not in report.diagnostic
    assert "\n" not in report.diagnostic


def test_the_text_bounce_is_judged_by_its_own_words_not_the_quoted_copy():
    # The quoted original says "5.7.1"; the bounce itself says 550 5.1.1.
    report = parse_report(read("exim_text_bounce.eml"))

    assert report.status == "5.1.1"
    assert "User unknown" in report.diagnostic


def test_a_delay_warning_changes_nothing():
    report = parse_report(read("postfix_delayed.eml"))

    assert report.kind == ReportKind.DELAYED
    assert report.recipients == ("lea.martin@example.fr",)
    assert report.return_paths[0] == VERP


@pytest.mark.parametrize(
    ("name", "recipient"),
    [("yahoo_arf.eml", "lea.martin@yahoo.fr"), ("microsoft_jmrp.eml", "paul.durand@hotmail.fr")],
)
def test_feedback_loop_reports_are_complaints_traced_to_the_verp(name, recipient):
    report = parse_report(read(name))

    assert report.kind == ReportKind.COMPLAINT
    # Sent to the feedback-loop address, not to a VERP one: the original message names it.
    assert VERP in report.return_paths
    assert recipient in report.recipients
    assert MESSAGE_ID in report.message_ids


def test_a_not_spam_feedback_report_is_ignored():
    report = parse_report(read("not_spam_arf.eml"))

    assert report.kind == ReportKind.IGNORED
    assert "not-spam" in report.diagnostic


def test_the_list_unsubscribe_mailto_is_an_unsubscribe_request():
    report = parse_report(read("unsubscribe_mailto.eml"))

    assert report.kind == ReportKind.UNSUBSCRIBE
    assert report.return_paths == (VERP,)
    assert report.recipients == ("lea.martin@gmail.com",)


def test_an_auto_reply_is_ignored_even_when_it_quotes_a_status():
    report = parse_report(read("out_of_office.eml"))

    assert report.kind == ReportKind.IGNORED
    assert report.diagnostic == "auto-reply"


@pytest.mark.parametrize("name", ["junk.eml", "garbage.eml"])
def test_anything_else_is_unknown(name):
    assert parse_report(read(name)).kind == ReportKind.UNKNOWN


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"Content-Type: multipart/report; report-type=delivery-status\r\n\r\nno boundary",
        b"Content-Type: multipart/report; report-type=feedback-report; boundary=x\r\n\r\n--x\r\n",
        b"From: MAILER-DAEMON@x\r\nSubject: =?bogus?q?=FF?=\r\n\r\n550",
        b"Content-Type: message/delivery-status\r\n\r\nAction: failed\r\nStatus: 5.1.1\r\n",
    ],
)
def test_malformed_reports_never_raise(raw):
    report = parse_report(raw)

    assert report.kind in set(ReportKind)


def test_a_generic_status_takes_the_diagnostic_s_precise_one():
    raw = (
        b"From: MAILER-DAEMON@mx.example\r\nTo: " + VERP.encode() + b"\r\n"
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n"
        b"--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example\r\n\r\n"
        b"Final-Recipient: rfc822; a@example.org\r\nAction: failed\r\nStatus: 5.0.0\r\n"
        b"Diagnostic-Code: smtp; 550 5.1.1 no such user\r\n\r\n--b--\r\n"
    )
    report = parse_report(raw)

    assert (report.kind, report.status) == (ReportKind.HARD_BOUNCE, "5.1.1")


def test_a_policy_refusal_is_soft_even_with_550():
    raw = (
        b"From: MAILER-DAEMON@mx.example\r\nTo: " + VERP.encode() + b"\r\n"
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example\r\n\r\n"
        b"Final-Recipient: rfc822; a@example.org\r\nAction: failed\r\nStatus: 5.7.1\r\n"
        b"Diagnostic-Code: smtp; 550 5.7.1 Message rejected as spam\r\n\r\n--b--\r\n"
    )
    assert parse_report(raw).kind == ReportKind.SOFT_BOUNCE

"""Subscriber import: formats of five platforms, the rules that keep consent, all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from pathlib import Path
from typing import Any

import pytest

from numeriq.audience import subscriptions
from numeriq.audience.addresses import address_hash
from numeriq.audience.errors import ImportFileError, ImportFormatError
from numeriq.audience.import_formats import (
    Format,
    SourceStatus,
    detect_format,
    parse_datetime,
    read_rows,
    sniff_delimiter,
    status_from_filename,
)
from numeriq.audience.importing import ImportReport, import_subscribers
from numeriq.audience.models import (
    ConsentAction,
    ConsentEvent,
    Source,
    Subscriber,
    SubscriberStatus,
    Suppression,
    SuppressionReason,
)
from numeriq.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOW = dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.UTC)
UTC = dt.UTC


def at(text: str) -> dt.datetime:
    """An aware UTC datetime from ISO text."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """A file in the test's folder, written exactly as given."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def rejects_of(report: ImportReport) -> list[dict[str, str]]:
    """The rejected rows the import wrote."""
    with report.rejects_path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def state() -> dict[str, tuple[str, dt.datetime, dt.datetime | None, dt.datetime | None]]:
    """Every subscriber: status, created, confirmed, unsubscribed."""
    return {
        s.email: (s.status, s.created_at, s.confirmed_at, s.unsubscribed_at)
        for s in Subscriber.objects.all()
    }


def run(path: Path, tmp_path: Path, **options: Any) -> ImportReport:
    """Import with the rejects next to the test's files and a fixed 'now'."""
    options.setdefault("rejects", tmp_path / "rejects.csv")
    return import_subscribers(path, now=NOW, **options)


# --- the pure side: formats -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("mailchimp_subscribed_members_export_3f9a1c.csv", Format.MAILCHIMP),
        ("mailchimp_unsubscribed_members_export_3f9a1c.csv", Format.MAILCHIMP),
        ("mailchimp_cleaned_members_export_3f9a1c.csv", Format.MAILCHIMP),
        ("substack.csv", Format.SUBSTACK),
        ("listmonk.csv", Format.LISTMONK),
        ("ghost.csv", Format.GHOST),
        ("ghost_excel_fr.csv", Format.GHOST),
        ("plain_with_header.csv", Format.PLAIN),
        ("plain_without_header.txt", Format.PLAIN),
    ],
)
def test_format_is_recognised_from_the_first_line(name: str, expected: Format) -> None:
    """Each platform's export is told apart by its header alone."""
    text = (FIXTURES / name).read_text(encoding="utf-8-sig")
    shape, _ = read_rows(io.StringIO(text, newline=""))
    assert shape.format is expected


def test_unknown_headers_are_not_guessed() -> None:
    """Two columns that name no platform: no format, and a message saying what to do."""
    assert detect_format(["adresse", "nom"]) is None
    with pytest.raises(ImportFormatError, match="--format"):
        read_rows(io.StringIO("adresse,nom\nx@example.org,X\n"))
    with pytest.raises(ImportFormatError, match="empty"):
        read_rows(io.StringIO("\n\n"))


def test_delimiter_is_sniffed_outside_quotes() -> None:
    """';' from French spreadsheets, ',' elsewhere, tabs; quoted separators do not count."""
    assert sniff_delimiter("email;name;note\r\n") == ";"
    assert sniff_delimiter('email,"Roux; Camille",x\n') == ","
    assert sniff_delimiter("email\tname\n") == "\t"
    assert sniff_delimiter("a@example.org\n") == ","


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-05-17T08:12:45.123Z", "2022-05-17T08:12:45.123000"),
        ("2021-03-04 09:15:02", "2021-03-04T09:15:02"),  # Mailchimp: UTC without offset
        ("2021-03-04", "2021-03-04T00:00:00"),
        ("2023-02-14 09:30:00.123456 +0100 CET", "2023-02-14T08:30:00.123456"),  # listmonk
        ("2022-10-10 10:10:10.987654321 +0200 CEST", "2022-10-10T08:10:10.987654"),
        ("2024-04-04 04:04:04 +0000 UTC", "2024-04-04T04:04:04"),
    ],
)
def test_dates_as_exports_write_them(text: str, expected: str) -> None:
    """ISO 8601 with or without offset, and Go's time format: all become aware UTC."""
    value = parse_datetime(text)
    assert value is not None
    assert value.astimezone(UTC) == at(expected)
    assert parse_datetime("  ") is None
    with pytest.raises(ValueError):
        parse_datetime("le 4 mars")


def test_bom_semicolons_crlf_quotes_and_blank_lines() -> None:
    """A Ghost export re-saved by a French spreadsheet reads like the original."""
    text = (FIXTURES / "ghost_excel_fr.csv").read_text(encoding="utf-8-sig")
    shape, rows = read_rows(io.StringIO(text, newline=""))
    assert shape.delimiter == ";"
    parsed = list(rows)
    assert [(p.line, p.email) for p in parsed] == [
        (2, "emma.lambert@example.org"),
        (4, "nathan.roussel@example.net"),  # line 3 is blank
    ]
    assert parsed[1].row is not None
    assert parsed[1].row.name == "Roussel; Nathan"
    assert parsed[0].row is not None
    assert parsed[0].row.consent_at == at("2024-01-15T10:00:00")


def test_plain_files_with_and_without_header() -> None:
    """A first cell without '@' is a header; otherwise line 1 is an address."""
    _, rows = read_rows(io.StringIO("email\nalice@example.org\n"))
    assert [(p.line, p.email) for p in rows] == [(2, "alice@example.org")]
    _, rows = read_rows(io.StringIO("alice@example.org\r\n\r\nbob@example.com\r\n"))
    assert [(p.line, p.email) for p in rows] == [(1, "alice@example.org"), (3, "bob@example.com")]


def test_mailchimp_status_comes_from_its_columns_and_file_name() -> None:
    """UNSUB_TIME / CLEAN_TIME columns mark whole files; so do Mailchimp's file names."""
    for name, expected in (
        ("mailchimp_unsubscribed_members_export_3f9a1c.csv", SourceStatus.UNSUBSCRIBED),
        ("mailchimp_cleaned_members_export_3f9a1c.csv", SourceStatus.BOUNCED),
    ):
        _, rows = read_rows((FIXTURES / name).open(encoding="utf-8", newline=""))
        assert {p.row.status for p in rows if p.row} == {expected}
    assert status_from_filename("unsubscribed_members_export_3f9a1c.csv") is (
        SourceStatus.UNSUBSCRIBED
    )
    assert status_from_filename("/tmp/cleaned_members_export.csv") is SourceStatus.BOUNCED
    assert status_from_filename("subscribed_members_export.csv") is None


def test_forced_format_needs_its_columns() -> None:
    """--format on a file without the format's address column: a clear error."""
    text = (FIXTURES / "substack.csv").read_text(encoding="utf-8")
    with pytest.raises(ImportFormatError, match="'email address'"):
        read_rows(io.StringIO(text), fmt=Format.MAILCHIMP)


def test_unreadable_cells_are_row_errors() -> None:
    """A bad date or an unknown status rejects that row only, saying which column."""
    text = (
        "uuid,email,name,attributes,status,created_at,updated_at\n"
        "1,a@example.org,A,{},enabled,hier,\n"
        "2,b@example.org,B,{},gelé,2024-01-01 00:00:00 +0000 UTC,\n"
        "3,c@example.org,C,{},enabled,2024-01-01 00:00:00 +0000 UTC,\n"
    )
    _, rows = read_rows(io.StringIO(text))
    parsed = list(rows)
    assert parsed[0].error is not None
    assert str(parsed[0].error) == "unreadable date: 'hier' in created_at"
    assert parsed[1].error is not None
    assert parsed[1].error.category == "unknown status"
    assert parsed[2].error is None


# --- importing: what lands in the database --------------------------------------------------


EXPECTED: dict[str, dict[str, tuple[str, str, str | None, str | None]]] = {
    "mailchimp_subscribed_members_export_3f9a1c.csv": {
        "camille.roux@example.org": (
            "active",
            "2021-03-04T09:15:02",
            "2021-03-04T09:16:40",
            None,
        ),
        "hugo.martin@example.com": ("active", "2019-11-20T18:01:00", "2019-11-20T18:05:12", None),
        "lea.bernard@example.net": ("active", "2022-07-08T06:30:00", "2022-07-08T06:30:00", None),
    },
    "mailchimp_unsubscribed_members_export_3f9a1c.csv": {
        "nina.petit@example.org": (
            "unsubscribed",
            "2020-02-02T10:00:00",
            "2020-02-02T10:02:00",
            "2023-09-09T09:09:09",
        ),
    },
    "mailchimp_cleaned_members_export_3f9a1c.csv": {
        "oscar.gone@example.com": ("bounced", "2018-05-05T05:05:05", "2018-05-05T05:06:00", None),
    },
    "substack.csv": {
        "ines.durand@example.org": (
            "active",
            "2022-05-17T08:12:45.123",
            "2022-05-17T08:12:45.123",
            None,
        ),
        "paul.lefevre@example.com": ("active", "2021-09-30T21:00:00", "2021-09-30T21:00:00", None),
        "zoe.morel@example.net": (
            "unsubscribed",
            "2020-12-24T23:59:59",
            "2020-12-24T23:59:59",
            "2026-11-27T06:00:00",  # no date in the file: the import's
        ),
    },
    "listmonk.csv": {
        "theo.garnier@example.org": (
            "active",
            "2023-02-14T08:30:00.123456",
            "2023-02-14T08:30:00.123456",
            None,
        ),
        "manon.faure@example.com": (
            "unsubscribed",
            "2021-06-01T12:00:00",
            None,
            "2024-04-04T04:04:04.5",
        ),
        "jules.andre@example.net": (
            "unsubscribed",
            "2022-10-10T08:10:10.987654",
            None,
            "2022-11-11T10:11:11",
        ),
    },
    "ghost.csv": {
        "chloe.mercier@example.org": (
            "active",
            "2023-04-01T07:00:00",
            "2023-04-01T07:00:00",
            None,
        ),
        "louis.blanc@example.com": ("unsubscribed", "2022-02-02T02:02:02", None, NOW.isoformat()),
    },
    "ghost_excel_fr.csv": {
        "emma.lambert@example.org": ("active", "2024-01-15T10:00:00", "2024-01-15T10:00:00", None),
        "nathan.roussel@example.net": (
            "active",
            "2024-02-20T11:30:00",
            "2024-02-20T11:30:00",
            None,
        ),
    },
    "plain_with_header.csv": {
        "alice.plain@example.org": ("active", NOW.isoformat(), NOW.isoformat(), None),
        "bob.plain@example.com": ("active", NOW.isoformat(), NOW.isoformat(), None),
    },
    "plain_without_header.txt": {
        "carol.plain@example.net": ("active", NOW.isoformat(), NOW.isoformat(), None),
        "dave.plain@example.org": ("active", NOW.isoformat(), NOW.isoformat(), None),
    },
}


def _aware(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_platform_imports_statuses_and_consent_dates(name: str, tmp_path: Path) -> None:
    """Subscribed rows become active at their consent dates; the others are never active."""
    report = run(FIXTURES / name, tmp_path)
    expected = {
        email: (status, _aware(created), _aware(confirmed), _aware(left))
        for email, (status, created, confirmed, left) in EXPECTED[name].items()
    }
    assert state() == expected
    assert report.read == len(expected)
    assert report.imported == len(expected)
    assert not report.rejected
    assert rejects_of(report) == []
    assert {s.source for s in Subscriber.objects.all()} == {Source.IMPORT}
    events = list(ConsentEvent.objects.select_related("subscriber"))
    assert len(events) == len(expected)
    for event in events:
        assert (event.action, event.source, event.created_at) == (
            ConsentAction.IMPORTED,
            Source.IMPORT,
            NOW,
        )
        assert event.detail.startswith(f"{report.format} import, ")
        created = event.subscriber.created_at
        consent = event.detail.split("consent date ")[1].split(",")[0]
        if created == NOW:
            assert consent == "not in the file"
        else:  # the file's own writing of the date, offset included
            assert dt.datetime.fromisoformat(consent) == created


@pytest.mark.django_db
def test_format_override_reads_an_unrecognised_file(tmp_path: Path) -> None:
    """A two-column list the header cannot name imports with --format plain."""
    path = write(tmp_path, "liste.csv", "adresse,nom\nanne@example.org,Anne\n")
    with pytest.raises(ImportFormatError):
        run(path, tmp_path)
    assert not (tmp_path / "rejects.csv").exists()
    report = run(path, tmp_path, fmt=Format.PLAIN)
    assert report.format == "plain"
    assert list(Subscriber.objects.values_list("email", "status")) == [
        ("anne@example.org", "active")
    ]


@pytest.mark.django_db
def test_status_option_marks_a_list_of_leavers(tmp_path: Path) -> None:
    """--status unsubscribed: a plain list of people who left is recorded, never mailed."""
    path = write(tmp_path, "partis.csv", "email\nparti@example.org\n")
    run(path, tmp_path, status=SourceStatus.UNSUBSCRIBED)
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED


@pytest.mark.django_db
@pytest.mark.parametrize("batch_size", [2, 1000])
def test_duplicates_in_the_file_first_wins(tmp_path: Path, batch_size: int) -> None:
    """Later rows for an address (any case) are rejected, in one batch or across batches."""
    path = write(
        tmp_path,
        "subs.csv",
        "email\nalice@example.org\nbob@example.org\nALICE@Example.org\ncarol@example.org\n"
        " bob@example.org \n",
    )
    report = run(path, tmp_path, batch_size=batch_size)
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "alice@example.org",
        "bob@example.org",
        "carol@example.org",
    ]
    assert rejects_of(report) == [
        {"line": "4", "email": "ALICE@Example.org", "reason": "duplicate in file"},
        {"line": "6", "email": " bob@example.org ", "reason": "duplicate in file"},
    ]
    assert report.rejected == {"duplicate in file": 2}
    assert ConsentEvent.objects.count() == 3


@pytest.mark.django_db
def test_invalid_addresses_are_rejected_with_the_validators_reason(tmp_path: Path) -> None:
    """Each bad row goes to the rejects file with its line, its text and why."""
    path = write(
        tmp_path,
        "mixed.csv",
        "email,active_subscription,expiry,plan,email_disabled,created_at\n"
        "good@example.org,true,,free,false,2024-01-01T00:00:00Z\n"
        "pas-une-adresse,true,,free,false,2024-01-01T00:00:00Z\n"
        "deux@@example.org,true,,free,false,2024-01-01T00:00:00Z\n"
        ",true,,free,false,2024-01-01T00:00:00Z\n"
        "late@example.org,true,,free,false,avant-hier\n"
        "odd@example.org,true,,free,peut-être,2024-01-01T00:00:00Z\n",
    )
    report = run(path, tmp_path)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["good@example.org"]
    rejected = rejects_of(report)
    assert [(r["line"], r["email"]) for r in rejected] == [
        ("3", "pas-une-adresse"),
        ("4", "deux@@example.org"),
        ("5", ""),
        ("6", "late@example.org"),
        ("7", "odd@example.org"),
    ]
    assert rejected[0]["reason"].startswith("invalid address: ")
    assert "@-sign" in rejected[0]["reason"]  # email-validator's own words
    assert rejected[1]["reason"].startswith("invalid address: ")
    assert rejected[2]["reason"].startswith("missing address")
    assert rejected[3]["reason"] == "unreadable date: 'avant-hier' in created_at"
    assert rejected[4]["reason"] == "unreadable value: 'peut-être' in email_disabled"
    assert report.rejected == {
        "invalid address": 2,
        "missing address": 1,
        "unreadable date": 1,
        "unreadable value": 1,
    }


@pytest.mark.django_db
def test_suppressed_and_erased_addresses_are_never_imported_again(tmp_path: Path) -> None:
    """A hard bounce, a complaint and a GDPR erasure all keep the address out."""
    subscriptions.suppress("bounce@example.org", SuppressionReason.HARD_BOUNCE)
    erased = Subscriber.objects.create(
        email="gone@example.org", status="active", source=Source.FORM, created_at=NOW
    )
    subscriptions.erase(erased)
    assert not Subscriber.objects.exists()
    path = write(
        tmp_path,
        "again.csv",
        "email\nGone@example.org\nbounce@example.org\nnew@example.org\n",
    )
    report = run(path, tmp_path)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["new@example.org"]
    assert [(r["line"], r["reason"]) for r in rejects_of(report)] == [
        ("2", "suppressed"),
        ("3", "suppressed"),
    ]


@pytest.mark.django_db
def test_a_big_suppression_list_is_queried_per_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the in-memory limit the suppression list is looked up batch by batch: same result."""
    monkeypatch.setattr("numeriq.audience.importing._SUPPRESSIONS_IN_MEMORY", 1)
    for address in ("one@example.org", "two@example.org"):
        Suppression.objects.create(address_hash=address_hash(address), reason="manual")
    path = write(tmp_path, "l.csv", "email\none@example.org\nthree@example.org\ntwo@example.org\n")
    report = run(path, tmp_path)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["three@example.org"]
    assert report.rejected == {"suppressed": 2}


@pytest.mark.django_db
def test_existing_subscribers_are_left_as_they_are(tmp_path: Path) -> None:
    """Active stays as it was; unsubscribed, bounced, complained are never re-activated."""
    old = at("2020-01-01T00:00:00")
    for email, status in (
        ("active@example.org", "active"),
        ("left@example.org", "unsubscribed"),
        ("bounced@example.org", "bounced"),
        ("complained@example.org", "complained"),
    ):
        Subscriber.objects.create(
            email=email,
            status=status,
            source=Source.FORM,
            created_at=old,
            confirmed_at=old,
            unsubscribed_at=old if status == "unsubscribed" else None,
        )
    before = state()
    path = write(
        tmp_path,
        "subs.csv",
        "email,active_subscription,expiry,plan,email_disabled,created_at\n"
        "active@example.org,true,,free,false,2024-01-01T00:00:00Z\n"
        "left@example.org,true,,free,false,2024-01-01T00:00:00Z\n"
        "bounced@example.org,true,,free,false,2024-01-01T00:00:00Z\n"
        "complained@example.org,true,,free,false,2024-01-01T00:00:00Z\n"
        "active@example.org,true,,free,true,2024-01-01T00:00:00Z\n",
    )
    report = run(path, tmp_path)
    assert state() == before
    assert not ConsentEvent.objects.exists()
    assert report.already_there == {
        "active": 2,
        "unsubscribed": 1,
        "bounced": 1,
        "complained": 1,
    }
    assert report.imported == 0
    assert rejects_of(report) == []


@pytest.mark.django_db
def test_pending_becomes_active_only_when_the_source_says_subscribed(tmp_path: Path) -> None:
    """The source's completed opt-in confirms a pending request; an unsubscribe does not."""
    for email in ("waiting@example.org", "hesitant@example.org"):
        Subscriber.objects.create(email=email, status="pending", source=Source.FORM, created_at=NOW)
    path = write(
        tmp_path,
        "subs.csv",
        "email,active_subscription,expiry,plan,email_disabled,created_at\n"
        "waiting@example.org,true,,free,false,2024-01-01T00:00:00Z\n"
        "hesitant@example.org,true,,free,true,2024-01-01T00:00:00Z\n"
        "waiting@example.org,true,,free,false,2024-01-01T00:00:00Z\n",
    )
    report = run(path, tmp_path)
    waiting = Subscriber.objects.get(email="waiting@example.org")
    assert (waiting.status, waiting.confirmed_at) == ("active", at("2024-01-01T00:00:00"))
    assert Subscriber.objects.get(email="hesitant@example.org").status == "pending"
    assert report.activated == 1
    assert report.already_there == {"pending": 1, "active": 1}
    (event,) = ConsentEvent.objects.all()
    assert (event.subscriber, event.action) == (waiting, ConsentAction.IMPORTED)


@pytest.mark.django_db
def test_dry_run_counts_and_saves_nothing(tmp_path: Path) -> None:
    """Everything is checked and counted; the database is untouched."""
    report = run(FIXTURES / "substack.csv", tmp_path, dry_run=True)
    assert report.imported == 3
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("parallel", [False, True])
def test_reading_in_a_separate_process_gives_the_same_result(
    tmp_path: Path, parallel: bool
) -> None:
    """The forked reader (used for big files) and in-process reading import the same rows."""
    lines = [f"user{n}@example.org" for n in range(50)] + ["bad", "user7@example.org"]
    path = write(tmp_path, "l.csv", "email\n" + "\n".join(lines) + "\n")
    report = run(path, tmp_path, batch_size=7, parallel=parallel)
    assert Subscriber.objects.count() == 50
    assert ConsentEvent.objects.count() == 50
    assert report.rejected == {"invalid address": 1, "duplicate in file": 1}
    assert [r["line"] for r in rejects_of(report)] == ["52", "53"]
    assert report.bytes_read == path.stat().st_size


@pytest.mark.django_db(transaction=True)
def test_addresses_created_meanwhile_are_treated_as_there_before(tmp_path: Path) -> None:
    """PostgreSQL: sign-ups committed while the import runs fail nothing and follow the rules
    of addresses already there: an active one is left alone, a pending one is activated."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite holds the write lock: nobody else can create a row meanwhile")

    def sign_up(report: ImportReport) -> None:
        if report.read != 1:
            return
        other = connections.create_connection("default")  # another session, autocommit
        try:
            with other.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO audience_subscriber (email, status, frequency, weekly_day, "
                    "source, created_at, soft_bounces) VALUES "
                    "('racer@example.org', 'active', 'daily', 4, 'form', now(), 0), "
                    "('waiter@example.org', 'pending', 'daily', 4, 'form', now(), 0)"
                )
        finally:
            other.close()

    path = write(
        tmp_path,
        "l.csv",
        "email\nfirst@example.org\nracer@example.org\nwaiter@example.org\nother@example.org\n",
    )
    report = run(path, tmp_path, batch_size=1, on_batch=sign_up)
    assert report.created == {"active": 2}
    assert report.already_there == {"active": 1}
    assert report.activated == 1
    assert report.rejected == {}
    assert Subscriber.objects.get(email="waiter@example.org").status == "active"
    assert sorted(ConsentEvent.objects.values_list("subscriber__email", flat=True)) == [
        "first@example.org",
        "other@example.org",
        "waiter@example.org",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_sign_up_committed_while_its_batch_is_written_is_left_alone(tmp_path: Path) -> None:
    """PostgreSQL: the batch waits for a sign-up in flight, then finds it, as it is."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite holds the write lock: nobody else can create a row meanwhile")
    inserted = threading.Event()

    def sign_up() -> None:
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(
                    "INSERT INTO audience_subscriber (email, status, frequency, weekly_day, "
                    "source, created_at, soft_bounces) VALUES "
                    "('racer@example.org', 'active', 'daily', 4, 'form', now(), 0)"
                )
                inserted.set()
                time.sleep(0.5)  # the import's INSERT waits for this transaction
                cursor.execute("COMMIT")
        finally:
            other.close()

    racer = threading.Thread(target=sign_up)
    racer.start()
    assert inserted.wait(10)
    path = write(tmp_path, "l.csv", "email\nracer@example.org\nother@example.org\n")
    report = run(path, tmp_path)
    racer.join()
    assert report.created == {"active": 1}
    assert report.already_there == {"active": 1}
    assert report.rejected == {}
    assert list(ConsentEvent.objects.values_list("subscriber__email", flat=True)) == [
        "other@example.org"
    ]


# --- all or nothing -------------------------------------------------------------------------


class Boom(Exception):
    """The failure injected after the first batch."""


def _snapshot() -> tuple[dict[str, Any], int]:
    return state(), ConsentEvent.objects.count()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("parallel", [False, True])
def test_a_failure_half_way_leaves_the_database_as_it_was(tmp_path: Path, parallel: bool) -> None:
    """An error after a batch was written rolls everything back; no rejects file is left."""
    Subscriber.objects.create(
        email="there@example.org", status="active", source=Source.FORM, created_at=NOW
    )
    before = _snapshot()
    lines = "\n".join(f"user{n}@example.org" for n in range(20))
    path = write(tmp_path, "l.csv", f"email\n{lines}\nnot-an-address\n")
    seen: list[int] = []

    def explode(report: ImportReport) -> None:
        seen.append(report.read)
        assert Subscriber.objects.count() > 1  # the first batch is in (uncommitted)
        raise Boom

    with pytest.raises(Boom):
        run(path, tmp_path, batch_size=5, on_batch=explode, parallel=parallel)
    assert seen == [5]
    assert _snapshot() == before
    assert list(tmp_path.glob("rejects*")) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("parallel", [False, True])
def test_a_bad_encoding_found_late_rolls_back(tmp_path: Path, parallel: bool) -> None:
    """Bytes that are not UTF-8 far into the file: a clear error, nothing saved."""
    before = _snapshot()
    good = "".join(f"person{n}@example.org\n" for n in range(2000)).encode()
    path = tmp_path / "latin.csv"
    path.write_bytes(b"email\n" + good + "h\xe9l\xe8ne@example.org\n".encode("latin-1"))
    with pytest.raises(ImportFileError, match=r"not utf-8 text .*--encoding"):
        run(path, tmp_path, batch_size=500, parallel=parallel)
    assert _snapshot() == before
    assert list(tmp_path.glob("rejects*")) == []
    report = run(path, tmp_path, encoding="latin-1", parallel=parallel)
    assert report.imported == 2001
    assert Subscriber.objects.filter(email="hélène@example.org").exists()


# --- the command line -----------------------------------------------------------------------


@pytest.mark.django_db
def test_cli_imports_and_prints_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`numeriq subscribers import FILE`: counts by outcome and reason, rejects next to FILE."""
    path = tmp_path / "substack.csv"
    path.write_text(
        (FIXTURES / "substack.csv").read_text(encoding="utf-8") + "nope,true,,free,false,\n",
        encoding="utf-8",
    )
    assert main(["subscribers", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "substack.csv (substack export)" in out
    assert "rows read" in out
    assert "created, active" in out
    assert "created, unsubscribed" in out
    assert "invalid address" in out
    assert "rows/s" in out
    rejects = tmp_path / "substack.rejects.csv"
    assert f"rejected rows: {rejects}" in out
    assert rejects.read_text(encoding="utf-8").splitlines()[1].startswith("5,nope,invalid address")
    assert Subscriber.objects.filter(status="active").count() == 2


@pytest.mark.django_db
def test_cli_format_and_status_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format and --status reach the import; --rejects puts the file where asked."""
    path = write(tmp_path, "liste.csv", "adresse;nom\nanne@example.org;Anne\n")
    rejects = tmp_path / "elsewhere" / "r.csv"
    rejects.parent.mkdir()
    args = ["subscribers", "import", str(path), "--format", "plain", "--status", "unsubscribed"]
    assert main([*args, "--rejects", str(rejects)]) == 0
    assert rejects.exists()
    assert Subscriber.objects.get().status == "unsubscribed"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "no such file: "),
        ("a,b,c\n1,2,3\n", [], "cannot recognise the format from the first line"),
        (b"email\nh\xe9l\xe8ne@example.org\n", [], "is not utf-8 text"),
        ("email\nx@example.org\n", ["--encoding", "klingon"], "unknown encoding 'klingon'"),
        ("email,x\n", ["--format", "ghost"], "needs a 'subscribed_to_emails' column"),
    ],
)
def test_cli_errors_are_one_line_and_write_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | bytes | None,
    args: list[str],
    message: str,
) -> None:
    """Missing file, unknown format, wrong encoding: exit 1, a message, no traceback, no file."""
    path = tmp_path / "in.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["subscribers", "import", str(path), *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("numeriq: error: ")
    assert message in " ".join(err.split())
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == (["in.csv"] if content else [])
    assert not Subscriber.objects.exists()

"""Benchmark: how well the bounce mailbox reads real bounces and complaints.

What it measures, on the corpus under tests/delivery/data/ (expected.csv: each message's
expected class, hard / soft / delayed / complaint / none, and its failed recipients; see
the README there for where the messages come from):

- right recipient: the recipients `numeriq.delivery.reports.parse_report` names are exactly
  the expected ones (case-insensitive; for a message that is no bounce, it names nobody);
- recognised: the kind of report is the expected family (a bounce, a delay warning, a
  complaint, or nothing to act on);
- hard/soft agreement: over the expected hard and soft bounces, the kind is the expected
  one (an unrecognised bounce disagrees);
- crashes: messages the parser could not read (it never raises; it says "unreadable").

For reference, the same right-recipient figure for flufl.bounce's `all_failures` alone.
Nothing is asserted: this prints figures, it is not a test (tests/delivery/test_corpus.py
checks each message).

Run:  .venv/bin/python bench/bounces.py [--verbose]
"""

from __future__ import annotations

import argparse
import csv
import email
import sys
import time
from pathlib import Path

from _machine import header

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from numeriq.delivery.reports import ReportKind, parse_report  # noqa: E402

DATA = ROOT / "tests" / "delivery" / "data"
FAMILY = {
    ReportKind.HARD_BOUNCE: "bounce",
    ReportKind.SOFT_BOUNCE: "bounce",
    ReportKind.DELAYED: "delayed",
    ReportKind.COMPLAINT: "complaint",
    ReportKind.IGNORED: "none",
    ReportKind.UNKNOWN: "none",
    ReportKind.UNSUBSCRIBE: "none",
}
EXPECTED_FAMILY = {
    "hard": "bounce",
    "soft": "bounce",
    "delayed": "delayed",
    "complaint": "complaint",
    "none": "none",
}
KIND = {"hard": ReportKind.HARD_BOUNCE, "soft": ReportKind.SOFT_BOUNCE}


def corpus() -> list[tuple[str, str, set[str]]]:
    """(file, expected class, expected recipients) for every message of the corpus."""
    with (DATA / "expected.csv").open(newline="") as handle:
        return [
            (row["file"], row["class"], {a.lower() for a in row["recipients"].split()})
            for row in csv.DictReader(handle)
        ]


def flufl_recipients(raw: bytes) -> set[str]:
    """What flufl.bounce alone finds (temporary and permanent failures)."""
    from flufl.bounce import all_failures

    try:
        temporary, permanent = all_failures(email.message_from_bytes(raw))
    except Exception:
        return set()
    return {a.decode("utf-8", "replace").lower() for a in (*temporary, *permanent)}


def percent(part: int, whole: int) -> str:
    """ "95.0 % (114/120)"."""
    return f"{100 * part / whole:.1f} % ({part}/{whole})" if whole else "n/a"


def main() -> None:
    """Read every message of the corpus once and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    print(header("bounces: the mailbox parser on a corpus of real bounces", "flufl.bounce"))
    cases = corpus()
    right = recognised = agree = graded = crashes = flufl_right = 0
    by_source: dict[str, list[int]] = {}  # folder → [messages, right recipient, agreement, graded]
    started = time.perf_counter()
    for name, expected, recipients in cases:
        raw = (DATA / name).read_bytes()
        report = parse_report(raw)
        found = {a.lower() for a in report.recipients}
        if expected == "none":
            found_right = FAMILY[report.kind] == "none" or not found
        else:
            found_right = found == recipients
        family_right = FAMILY[report.kind] == EXPECTED_FAMILY[expected]
        crashed = report.kind == ReportKind.UNKNOWN and report.diagnostic.startswith("unread")
        right += found_right
        recognised += family_right
        crashes += crashed
        flufl_right += (flufl_recipients(raw) == recipients) if expected != "none" else 1
        source = by_source.setdefault(name.split("/", 1)[0], [0, 0, 0, 0])
        source[0] += 1
        source[1] += found_right
        if expected in KIND:
            graded += 1
            agree += report.kind == KIND[expected]
            source[2] += report.kind == KIND[expected]
            source[3] += 1
        if args.verbose and not (
            found_right and family_right and report.kind == KIND.get(expected, report.kind)
        ):
            print(
                f"  miss {name}: expected {expected} {sorted(recipients)}, "
                f"got {report.kind} {sorted(found)} ({report.detail[:80]})"
            )
    elapsed = time.perf_counter() - started
    print(f"messages:             {len(cases)} ({elapsed * 1000 / len(cases):.2f} ms each)")
    print(f"right recipient:      {percent(right, len(cases))}")
    print(f"recognised:           {percent(recognised, len(cases))}")
    print(f"hard/soft agreement:  {percent(agree, graded)}")
    print(f"crashes:              {crashes}")
    print(f"flufl.bounce alone, right recipient: {percent(flufl_right, len(cases))}")
    for folder, (count, found, agreed, marked) in sorted(by_source.items()):
        print(
            f"  {folder + '/':10} {count:4} messages: right recipient {percent(found, count)},"
            f" hard/soft {percent(agreed, marked)}"
        )


if __name__ == "__main__":
    main()

"""The `numeriq draft` and `numeriq brief` verbs (thin)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from rich.console import Console

console = Console(highlight=False, markup=False)
errors = Console(stderr=True, highlight=False, markup=False)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def cmd_brief(args: argparse.Namespace) -> None:
    """Draft briefs for articles: JSON Lines on stdin, one JSON line per article on stdout."""
    from django.conf import settings
    from django.db import connections

    from numeriq.newsroom.briefing import brief_lines
    from numeriq.newsroom.writers import writer_from_settings

    writer = writer_from_settings(args.writer)
    jobs = args.jobs
    if jobs is None:  # every core for the offline writer; one process to stream or for the LLM
        offline = (args.writer or settings.WRITER) == "offline"
        jobs = min(4, len(os.sched_getaffinity(0))) if offline and not args.flush else 1
    if jobs > 1:
        connections.close_all()  # nothing of Django's is shared with the forked processes
    out = sys.stdout
    for line in brief_lines(sys.stdin, writer, jobs=jobs):
        out.write(line + "\n")
        if args.flush:
            out.flush()


def cmd_draft(args: argparse.Namespace) -> None:
    """Draft the day's edition from the top stories (never over an editor's work)."""
    from django.utils import timezone

    from numeriq.newsroom.drafting import draft_edition

    day = args.date or timezone.localdate()
    result = draft_edition(day, writer_name=args.writer)
    console.print(result.describe(), soft_wrap=True)


def add_commands(verbs: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `draft` and `brief` on the numeriq command line."""
    draft = verbs.add_parser("draft", help=cmd_draft.__doc__)
    draft.add_argument("date", nargs="?", type=_date, help="YYYY-MM-DD (default: today)")
    draft.add_argument(
        "--writer", choices=["offline", "llm"], help="default: NUMERIQ_WRITER (offline)"
    )
    draft.set_defaults(func=cmd_draft)

    brief = verbs.add_parser("brief", help=cmd_brief.__doc__)
    brief.add_argument(
        "--writer", choices=["offline", "llm"], help="default: NUMERIQ_WRITER (offline)"
    )
    brief.add_argument("--flush", action="store_true", help="flush after every line (pipes)")
    brief.add_argument(
        "--jobs",
        type=int,
        help="processes (default: the CPUs, at most 4, for the offline writer; 1 with --flush)",
    )
    brief.set_defaults(func=cmd_brief, needs_apps=False)  # pure: no model, no template

"""The `numeriq` command: thin verbs that each call one stage function.

User errors (a bad file, an unknown date) print one line and exit 1; argument errors and
bad settings (NUMERIQ_DELIVERY_BATCH=abc) exit 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from numeriq import NumeriqError
from numeriq.audience import cli as audience_cli
from numeriq.config import SettingError
from numeriq.delivery import cli as delivery_cli
from numeriq.newsroom import cli as newsroom_cli
from numeriq.site import cli as site_cli
from numeriq.sources import cli as sources_cli

console = Console(highlight=False, markup=False)
errors = Console(stderr=True, highlight=False, markup=False)


def _setup_django(apps: bool = True) -> None:
    """Load the settings (a bad one raises SettingError here) and configure logging; with
    `apps`, also import every app's models (Django's setup). A verb that touches neither the
    database nor the templates (`brief`: pure functions on its input) skips the app registry:
    it costs most of the start-up (0.7 s of 0.9 on this 2-core machine)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "numeriq.settings")
    if apps:
        import django

        django.setup()
        return
    from django.conf import settings
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def _date(value: str) -> dt.date:
    from numeriq.editions.document import FIRST_DAY, LAST_DAY, plausible_day

    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None
    if not plausible_day(day):
        span = f"{FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"
        raise argparse.ArgumentTypeError(f"'{value}': the date must be between {span}")
    return day


def _write(data: str | bytes, output: str | None) -> None:
    if output and output != "-":
        path = Path(output)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        errors.print(f"wrote {path}")
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)


# --- verbs -------------------------------------------------------------------------------


def cmd_edition_import(args: argparse.Namespace) -> None:
    """Load an edition from a Markdown file (or - for stdin)."""
    from numeriq.editions.store import import_markdown

    if args.file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except OSError as error:
            raise NumeriqError(f"cannot read {args.file}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise NumeriqError(f"{args.file} is not UTF-8 text") from None
    edition = import_markdown(text, replace=args.replace)
    if args.publish:
        from numeriq.editions import lifecycle

        edition = lifecycle.publish(edition)
    console.print(
        f"imported {edition.date.isoformat()} «\u00a0{edition.lead_headline}\u00a0» "
        f"({edition.items.count()} items, {edition.get_status_display().lower()})"
    )


def cmd_edition_export(args: argparse.Namespace) -> None:
    """Write an edition back to Markdown."""
    from numeriq.editions.store import export_markdown

    _write(export_markdown(args.date), args.output)


def cmd_edition_render(args: argparse.Namespace) -> None:
    """Render an edition as web page, email HTML, plain text or .eml."""
    from django.conf import settings
    from django.utils import timezone

    from numeriq.editions.render import Brand, render_email_html, render_eml, render_text
    from numeriq.editions.store import get_edition

    edition = get_edition(args.date)
    doc, brand = edition.to_doc(), Brand.from_settings()
    web_url = edition.web_url()
    data: str | bytes
    if args.format == "web":
        from numeriq.site.pages import render_edition_page

        data = render_edition_page(edition)
    elif args.format == "html":
        data = render_email_html(doc, brand, web_url)
    elif args.format == "txt":
        data = render_text(doc, brand, web_url)
    else:
        data = render_eml(
            doc, brand, web_url=web_url, from_email=settings.FROM_EMAIL, date=timezone.now()
        )
    _write(data, args.output)


def cmd_edition_list(args: argparse.Namespace) -> None:
    """List editions, newest first."""
    from numeriq.editions.models import Edition

    table = Table("date", "statut", "titre", "éléments")
    for edition in Edition.objects.prefetch_related("items")[: args.limit]:
        table.add_row(
            edition.date.isoformat(),
            edition.get_status_display(),
            edition.lead_headline,
            str(len(edition.items.all())),
        )
    console.print(table)


def cmd_edition_status(args: argparse.Namespace) -> None:
    """Move an edition to another state (schedule, publish, back to draft)."""
    from django.utils import timezone

    from numeriq.editions import lifecycle
    from numeriq.editions.store import get_edition

    edition = get_edition(args.date)
    if args.verb == "schedule":
        from numeriq.delivery.scheduling import send_time

        at = (
            send_time(args.date)
            if args.at is None
            else timezone.make_aware(dt.datetime.combine(args.date, args.at))
        )
        edition = lifecycle.schedule(edition, at)
    elif args.verb == "publish":
        edition = lifecycle.publish(edition)
    elif edition.status == "scheduled":
        edition = lifecycle.unschedule(edition)
    else:
        edition = lifecycle.unpublish(edition)
    console.print(f"{edition.date.isoformat()}: {edition.get_status_display().lower()}")


def cmd_demo(args: argparse.Namespace) -> None:
    """Create the database, load the demo data, then serve the site."""
    from numeriq.demo.loader import load_demo

    summary = load_demo()
    console.print(summary.describe(args.host, args.port), soft_wrap=True)
    if not args.no_serve:
        cmd_run(args)


def cmd_run(args: argparse.Namespace) -> None:
    """Serve the site (gunicorn) and run the background worker, after migrating."""
    from django.conf import settings

    from numeriq.server import migrate, serve, start_worker_process

    migrate()
    if settings.TASKS_BACKEND == "database" and not getattr(args, "no_worker", False):
        start_worker_process()
    console.print(f"serving on http://{args.host}:{args.port}/ (Ctrl+C to stop)")
    serve(args.host, args.port, workers=args.workers, threads=args.threads)


def cmd_worker(args: argparse.Namespace) -> None:
    """Send editions and run background jobs (emails, schedule, purges) until stopped."""
    from numeriq.delivery import service

    service.run(jobs=not args.no_jobs, send=not args.no_send)


def cmd_migrate(args: argparse.Namespace) -> None:
    """Create or update the database tables."""
    from numeriq.server import migrate

    migrate(verbose=True)


def cmd_settings(args: argparse.Namespace) -> None:
    """Print every setting with its default and help."""
    from numeriq.settings import DOCUMENTED

    if args.markdown:
        lines = [
            "# Settings",
            "",
            "Every setting is an environment variable; this file is generated by "
            "`numeriq settings --markdown` (a test checks it is up to date).",
            "",
            "| variable | default | meaning |",
            "| --- | --- | --- |",
        ]
        for item in DOCUMENTED:
            default = f"`{item.default}`" if item.default else "(empty)"
            lines.append(f"| `{item.name}` | {default} | {item.help} |")
        sys.stdout.write("\n".join(lines) + "\n")
        return
    table = Table("variable", "default", "meaning")
    for item in DOCUMENTED:
        table.add_row(item.name, item.default, item.help)
    console.print(table)


def cmd_backup(args: argparse.Namespace) -> None:
    """Write a consistent copy of the database while everything runs (and its manifest)."""
    from numeriq.ops.backup import backup

    outcome = backup(Path(args.file) if args.file else None)
    counts = ", ".join(f"{table}: {n:,}" for table, n in outcome.counts.items())
    console.print(
        f"backup written to {outcome.path}" + (f" ({counts})" if counts else ""), soft_wrap=True
    )
    for note in outcome.notes:
        console.print(f"keep with it: {note}", soft_wrap=True)


def cmd_restore(args: argparse.Namespace) -> None:
    """Put a backup in place of the database (an existing one only with --force)."""
    from numeriq.ops.backup import restore

    outcome = restore(Path(args.file), force=args.force)
    counts = ", ".join(f"{table}: {n:,}" for table, n in outcome.counts.items())
    console.print(f"restored {outcome.path}" + (f" ({counts})" if counts else ""), soft_wrap=True)
    for note in outcome.notes:
        console.print(f"the backup's host had: {note}", soft_wrap=True)
    console.print("then: `numeriq migrate` (if this numeriq is newer), and start the services")


def cmd_manage(args: argparse.Namespace) -> None:
    """Run any Django management command (createsuperuser, shell, …)."""
    from django.core.management import execute_from_command_line

    execute_from_command_line(["numeriq manage", *args.rest])


# --- parser ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The command line: numeriq VERB [...]."""
    parser = argparse.ArgumentParser(
        prog="numeriq", description="Le journal de l'économie numérique, de la source à l'envoi."
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    def serving(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--host", default="127.0.0.1", help="address to listen on (default: this machine only)"
        )
        sub.add_argument("--port", type=int, default=8000)
        sub.add_argument("--workers", type=int, default=2, help="web worker processes")
        sub.add_argument("--threads", type=int, default=8, help="threads per web worker")

    demo = verbs.add_parser("demo", help=cmd_demo.__doc__)
    serving(demo)
    demo.add_argument("--no-serve", action="store_true", help="load the demo data and stop")
    demo.set_defaults(func=cmd_demo)

    run = verbs.add_parser("run", help=cmd_run.__doc__)
    serving(run)
    run.add_argument(
        "--no-worker", action="store_true", help="web only: jobs run by `numeriq worker` elsewhere"
    )
    run.set_defaults(func=cmd_run)

    verbs.add_parser("migrate", help=cmd_migrate.__doc__).set_defaults(func=cmd_migrate)
    worker = verbs.add_parser("worker", help=cmd_worker.__doc__)
    worker.add_argument("--no-jobs", action="store_true", help="send only (no background jobs)")
    worker.add_argument("--no-send", action="store_true", help="background jobs only")
    worker.set_defaults(func=cmd_worker)

    edition = verbs.add_parser("edition", help="import, export, render and publish editions")
    ed = edition.add_subparsers(dest="edition_verb", required=True, metavar="ACTION")

    imp = ed.add_parser("import", help=cmd_edition_import.__doc__)
    imp.add_argument("file", help="Markdown file, or - for standard input")
    imp.add_argument("--replace", action="store_true", help="replace the edition of that date")
    imp.add_argument("--publish", action="store_true", help="publish it on the site at once")
    imp.set_defaults(func=cmd_edition_import)

    exp = ed.add_parser("export", help=cmd_edition_export.__doc__)
    exp.add_argument("date", type=_date)
    exp.add_argument("-o", "--output", help="file to write (default: standard output)")
    exp.set_defaults(func=cmd_edition_export)

    ren = ed.add_parser("render", help=cmd_edition_render.__doc__)
    ren.add_argument("date", type=_date)
    ren.add_argument(
        "--format",
        choices=["web", "html", "txt", "eml"],
        default="html",
        help="web: site page; html: email HTML; txt: plain-text part; eml: whole message",
    )
    ren.add_argument("-o", "--output", help="file to write (default: standard output)")
    ren.set_defaults(func=cmd_edition_render)

    lst = ed.add_parser("list", help=cmd_edition_list.__doc__)
    lst.add_argument("--limit", type=int, default=30)
    lst.set_defaults(func=cmd_edition_list)

    for verb, help_text in (
        ("schedule", "schedule an edition for its morning"),
        ("publish", "publish an edition on the site now"),
        ("unpublish", "take an edition back to draft"),
    ):
        sub = ed.add_parser(verb, help=help_text)
        sub.add_argument("date", type=_date)
        if verb == "schedule":
            sub.add_argument(
                "--at", type=dt.time.fromisoformat, help="HH:MM (default: NUMERIQ_SEND_TIME)"
            )
        sub.set_defaults(func=cmd_edition_status, verb=verb)

    audience_cli.add_token_commands(verbs)
    audience_cli.add_commands(verbs)
    sources_cli.add_commands(verbs)
    newsroom_cli.add_commands(verbs)
    delivery_cli.add_commands(verbs)
    site_cli.add_commands(verbs)
    sett = verbs.add_parser("settings", help=cmd_settings.__doc__)
    sett.add_argument("--markdown", action="store_true", help="as the docs/settings.md table")
    sett.set_defaults(func=cmd_settings)

    back = verbs.add_parser("backup", help=cmd_backup.__doc__)
    back.add_argument("file", nargs="?", help="where (default: var/backups/numeriq-DATE.sqlite3)")
    back.set_defaults(func=cmd_backup)
    rest = verbs.add_parser("restore", help=cmd_restore.__doc__)
    rest.add_argument("file", help="a file written by `numeriq backup`")
    rest.add_argument("--force", action="store_true", help="replace an existing database")
    rest.set_defaults(func=cmd_restore)

    manage = verbs.add_parser("manage", help=cmd_manage.__doc__)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def _missing_tables(error: Exception) -> bool:
    """Whether an error is the database saying it was never migrated."""
    from django.db import OperationalError, ProgrammingError

    text = str(error)
    return isinstance(error, OperationalError | ProgrammingError) and (
        "no such table" in text or ("relation" in text and "does not exist" in text)
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `numeriq` command."""
    args = build_parser().parse_args(argv)
    # Files numeriq makes (SQLite's journals, exports of personal data) are the owner's only.
    os.umask(0o077)
    needs_apps = getattr(args, "needs_apps", True)
    try:
        _setup_django(apps=needs_apps)
    except SettingError as error:
        errors.print(f"numeriq: error: {error}", markup=False, soft_wrap=True)
        return 2
    func: Any = args.func
    try:
        func(args)
    except NumeriqError as error:
        from django.utils import translation

        if not needs_apps:
            _setup_django()  # its message may be translated text, which needs the app registry

        with translation.override("en"):  # the command line speaks English throughout
            errors.print(f"numeriq: error: {error}", markup=False, soft_wrap=True)
        return 1
    except Exception as error:
        if not _missing_tables(error):
            raise
        errors.print(
            "numeriq: error: the database has no tables yet: run `numeriq migrate` "
            "(or `numeriq demo`)",
            markup=False,
            soft_wrap=True,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

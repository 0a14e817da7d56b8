"""The `numeriq subscribers` verbs: import another platform's export, export ours, and
answer GDPR requests (data, erase) from the command line.

Thin: each verb calls one function of importing, exporting or subscriptions and prints
what happened. Models are imported inside the verbs, after numeriq.cli has set
Django up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from numeriq.audience.errors import AudienceError, ExportError, UnknownSubscriberError
from numeriq.audience.exporting import FORMATS
from numeriq.audience.import_formats import Format, SourceStatus

console = Console(highlight=False, markup=False)
errors = Console(stderr=True, highlight=False, markup=False)

_STATUSES = {
    "subscribed": SourceStatus.SUBSCRIBED,
    "unsubscribed": SourceStatus.UNSUBSCRIBED,
    "cleaned": SourceStatus.BOUNCED,  # Mailchimp's word for hard bounces
    "bounced": SourceStatus.BOUNCED,
    "complained": SourceStatus.COMPLAINED,
}


def cmd_import(args: argparse.Namespace) -> None:
    """Import subscribers from a Mailchimp, Substack, listmonk, Ghost or plain CSV export."""
    from numeriq.audience.importing import ImportReport, import_subscribers

    progress, on_batch = _progress(Path(args.file).name)
    try:
        report = import_subscribers(
            args.file,
            fmt=Format(args.format) if args.format else None,
            status=_STATUSES[args.status] if args.status else None,
            rejects=args.rejects,
            encoding=args.encoding,
            dry_run=args.dry_run,
            on_batch=on_batch,
        )
    finally:
        if progress is not None:
            progress.stop()
    assert isinstance(report, ImportReport)
    console.print(summary(report))
    console.print(f"rejected rows: {report.rejects_path}", soft_wrap=True)
    if report.dry_run:
        console.print("dry run: nothing was saved")


def _progress(name: str) -> tuple[Any, Any]:
    """A progress bar on a terminal's stderr, updated after each batch (no refresh thread)."""
    if not errors.is_terminal:
        return None, None
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    progress = Progress(
        "importing " + name,
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=errors,
        auto_refresh=False,
        transient=True,
    )
    task = progress.add_task("import", total=None)
    progress.start()

    def on_batch(report: Any) -> None:
        progress.update(task, completed=report.bytes_read, total=report.size or None)
        progress.refresh()

    return progress, on_batch


def summary(report: Any) -> Table:
    """What an import did, as a two-column table: counts, reasons, time, speed."""
    table = Table(
        title=f"{report.path.name} ({report.format} export)",
        title_justify="left",
        show_header=False,
        box=None,
        padding=(0, 2, 0, 0),
    )
    table.add_column("what")
    table.add_column("rows", justify="right")
    table.add_row("rows read", f"{report.read:,}")
    for status, count in sorted(report.created.items()):
        if count:
            table.add_row(f"created, {status}", f"{count:,}")
    if report.activated:
        table.add_row("activated (pending → active)", f"{report.activated:,}")
    table.add_row("already there, left as they were", f"{report.already_there.total():,}")
    for status, count in sorted(report.already_there.items()):
        table.add_row(f"  {status}", f"{count:,}")
    table.add_row("rejected", f"{report.rejected.total():,}")
    for reason, count in report.rejected.most_common():
        table.add_row(f"  {reason}", f"{count:,}")
    table.add_row("time", f"{report.seconds:.1f} s ({report.rows_per_second:,.0f} rows/s)")
    return table


def cmd_export(args: argparse.Namespace) -> None:
    """Export subscribers as CSV, JSON or JSON Lines (all of them, or by status)."""
    from numeriq.audience.exporting import export_subscribers, parse_statuses

    statuses = parse_statuses(args.status) if args.status else None
    if not args.output or args.output == "-":
        export_subscribers(sys.stdout, fmt=args.format, statuses=statuses)
        return
    path = Path(args.output)
    part = path.with_name(path.name + ".part")
    try:
        with part.open("w", encoding="utf-8", newline="") as out:
            count = export_subscribers(out, fmt=args.format, statuses=statuses)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    part.replace(path)
    errors.print(f"exported {count:,} subscribers to {path}")


def _subscriber(address: str) -> Any:
    from numeriq.audience.addresses import normalise
    from numeriq.audience.models import Subscriber

    subscriber = Subscriber.objects.filter(email=normalise(address)).first()
    if subscriber is None:
        raise UnknownSubscriberError(address)
    return subscriber


def cmd_data(args: argparse.Namespace) -> None:
    """Print everything numeriq holds about one address, as JSON (GDPR access request)."""
    from numeriq.audience.subscriptions import personal_data

    data = personal_data(_subscriber(args.email))
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def cmd_erase(args: argparse.Namespace) -> None:
    """Erase one address's data for good; only an anonymous suppression hash stays."""
    from numeriq.audience.subscriptions import erase

    subscriber = _subscriber(args.email)
    if not args.yes:
        raise AudienceError("erasing cannot be undone: add --yes to confirm")
    erase(subscriber)
    errors.print(f"erased {subscriber.email}; the address is on the suppression list")


def cmd_purge(args: argparse.Namespace) -> None:
    """Delete subscribers who never confirmed within NUMERIQ_PENDING_DAYS."""
    from numeriq.audience.subscriptions import purge_unconfirmed

    errors.print(f"purged {purge_unconfirmed():,} unconfirmed subscriber(s)")


def add_commands(verbs: Any) -> None:
    """Add the `subscribers` verb (import, export, GDPR) to numeriq's top-level subparsers."""
    subscribers = verbs.add_parser(
        "subscribers", help="import, export, personal data and erasure of subscribers"
    )
    actions = subscribers.add_subparsers(dest="subscribers_verb", required=True, metavar="ACTION")

    imp = actions.add_parser(
        "import",
        help=cmd_import.__doc__,
        description=f"{cmd_import.__doc__} Never re-activates an unsubscribed, bounced, "
        "suppressed or erased address; all or nothing (one transaction).",
    )
    imp.add_argument("file", help="the CSV file exported by the other platform")
    imp.add_argument(
        "--format",
        choices=[fmt.value for fmt in Format],
        help="the file's format (default: recognised from its first line)",
    )
    imp.add_argument(
        "--status",
        choices=list(_STATUSES),
        help="what every row is, unless the file says otherwise: e.g. unsubscribed for "
        "a list of people who left (default: subscribed; Mailchimp's unsubscribed and "
        "cleaned files are recognised by their columns)",
    )
    imp.add_argument(
        "--rejects",
        metavar="PATH",
        help="where to write rejected rows with their reason (default: FILE.rejects.csv)",
    )
    imp.add_argument("--encoding", default="utf-8", help="the file's encoding (default: utf-8)")
    imp.add_argument(
        "--dry-run", action="store_true", help="check and count everything, then save nothing"
    )
    imp.set_defaults(func=cmd_import)

    exp = actions.add_parser("export", help=cmd_export.__doc__, description=cmd_export.__doc__)
    exp.add_argument(
        "--format",
        choices=FORMATS,
        default="csv",
        help="csv (default), json (one array) or jsonl (JSON Lines, one object a line)",
    )
    exp.add_argument(
        "--status",
        metavar="STATUS[,STATUS…]",
        help="only these: active, pending, unsubscribed, bounced, complained (default: all)",
    )
    exp.add_argument("-o", "--output", help="file to write (default: standard output)")
    exp.set_defaults(func=cmd_export)

    data = actions.add_parser("data", help=cmd_data.__doc__)
    data.add_argument("email")
    data.set_defaults(func=cmd_data)
    erase = actions.add_parser("erase", help=cmd_erase.__doc__)
    erase.add_argument("email")
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    erase.set_defaults(func=cmd_erase)
    actions.add_parser("purge", help=cmd_purge.__doc__).set_defaults(func=cmd_purge)


# --- API tokens ---------------------------------------------------------------------------


def cmd_token_create(args: argparse.Namespace) -> None:
    """Create a token and print it once (only its digest is kept)."""
    from numeriq.audience.api_tokens import create_token

    row, token = create_token(args.name)
    console.print(token)
    errors.print(
        f"token {row.name!r} created; copy it now, it cannot be shown again. "
        "Send it as 'Authorization: Bearer <token>'."
    )


def cmd_token_list(args: argparse.Namespace) -> None:
    """List tokens with their creation and last use (never the tokens themselves)."""
    from django.utils import timezone

    from numeriq.audience.api_tokens import list_tokens

    def when(value: dt.datetime | None) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"

    table = Table("name", "created", "last used")
    for row in list_tokens():
        table.add_row(row.name, when(row.created_at), when(row.last_used_at))
    console.print(table)


def cmd_token_revoke(args: argparse.Namespace) -> None:
    """Revoke a token by name."""
    from numeriq.audience.api_tokens import revoke_token

    revoke_token(args.name)
    console.print(f"token {args.name!r} revoked")


def add_token_commands(verbs: Any) -> None:
    """Add `numeriq api-token create|list|revoke` to the command's sub-parsers."""
    parser = verbs.add_parser("api-token", help="create, list and revoke JSON API tokens")
    actions = parser.add_subparsers(dest="api_token_verb", required=True, metavar="ACTION")

    create = actions.add_parser("create", help=cmd_token_create.__doc__)
    create.add_argument("name", help="who uses it, e.g. crm-sync")
    create.set_defaults(func=cmd_token_create)

    actions.add_parser("list", help=cmd_token_list.__doc__).set_defaults(func=cmd_token_list)

    revoke = actions.add_parser("revoke", help=cmd_token_revoke.__doc__)
    revoke.add_argument("name")
    revoke.set_defaults(func=cmd_token_revoke)

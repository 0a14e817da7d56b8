"""The `numeriq delivery` verbs: start, watch and control sends; `numeriq bounces`.

Thin: each verb calls one function of ledger, scheduling or the worker and prints the
ledger's exact counts. Models are imported inside the verbs, after Django is set up.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import time
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console(highlight=False, markup=False)

_SHOWN = ("queued", "sending", "sent", "deferred", "bounced", "failed", "suppressed", "cancelled")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _describe(counts: dict[str, int]) -> str:
    return "  ".join(
        f"{name} {counts[name]:,}".replace(",", " ") for name in _SHOWN if counts[name]
    )


def _watch(send: Any, *, here: bool = False) -> None:
    """A progress bar of the send's terminal rows until it is complete (or paused/cancelled)."""
    from numeriq.delivery import ledger, transports
    from numeriq.delivery.models import SendState
    from numeriq.delivery.worker import Worker

    columns = (
        TextColumn(send.key),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        bar = progress.add_task("", total=None)

        def refresh() -> bool:
            counts = ledger.counts(send)
            total = sum(counts.values())
            done = total - counts["queued"] - counts["sending"] - counts["deferred"]
            progress.update(bar, total=total, completed=done, description=_describe(counts))
            send.refresh_from_db(fields=["state"])
            return send.state != SendState.SENDING or ledger.is_complete(send)

        if here:
            worker = Worker(transports.from_settings())

            async def work() -> None:
                stop = asyncio.Event()
                task = asyncio.create_task(worker.run(stop, until_idle=True))
                while not task.done():
                    await asyncio.to_thread(refresh)
                    await asyncio.sleep(0.5)
                await task

            asyncio.run(work())
            refresh()
            return
        while not refresh():
            time.sleep(1)


def cmd_start(args: argparse.Namespace) -> None:
    """Start the send of an edition now (publishing it if needed); once only."""
    from numeriq.delivery import ledger
    from numeriq.delivery.scheduling import start_edition
    from numeriq.editions.store import get_edition

    send, created = start_edition(get_edition(args.date))
    verb = "started" if created else "already exists"
    console.print(f"send {send.key} {verb}: {_describe(ledger.counts(send)) or 'no reader'}")
    if args.here or args.wait:
        _watch(send, here=args.here)


def cmd_status(args: argparse.Namespace) -> None:
    """Exact counts of a send's ledger, or of the latest sends."""
    from numeriq.delivery import ledger
    from numeriq.delivery.models import Send

    sends = [ledger.get_send(args.send)] if args.send else list(Send.objects.all()[: args.limit])
    table = Table(box=None, pad_edge=False)
    table.add_column("send", no_wrap=True)
    table.add_column("state", no_wrap=True)
    # Short headers: the table fits 80 columns (queued and sending together as "wait").
    for name in ("wait", "sent", "defer", "bounce", "fail", "supp", "cancel", "total"):
        table.add_column(name, justify="right", no_wrap=True)
    for send in sends:
        counts = ledger.counts(send)
        waiting = counts["queued"] + counts["sending"]
        table.add_row(
            send.key,
            send.state,
            *(_number(n) for n in (waiting, *(counts[name] for name in _SHOWN[2:]))),
            _number(sum(counts.values())),
        )
    console.print(table)
    console.print("wait = queued + sending; supp = suppressed (left or paused since the start)")


def cmd_watch(args: argparse.Namespace) -> None:
    """Follow a send with a progress bar until every row is in a final state."""
    from numeriq.delivery import ledger

    _watch(ledger.get_send(args.send))


def cmd_control(args: argparse.Namespace) -> None:
    """Pause, resume or cancel a send."""
    from numeriq.delivery import ledger

    send = getattr(ledger, args.action)(ledger.get_send(args.send))
    console.print(f"send {send.key}: {send.get_state_display().lower()}")


def cmd_resend(args: argparse.Namespace) -> None:
    """Queue again the rows that failed (and, if asked, bounced or cancelled ones)."""
    from numeriq.delivery import ledger
    from numeriq.delivery.models import DeliveryState

    states = [DeliveryState.FAILED]
    if args.bounced:
        states.append(DeliveryState.BOUNCED)
    if args.cancelled:
        states.append(DeliveryState.CANCELLED)
    send = ledger.get_send(args.send)
    count = ledger.resend(send, states)
    console.print(f"send {send.key}: {count} row(s) queued again")


def cmd_add_new(args: argparse.Namespace) -> None:
    """Send to the subscribers who joined since the send started."""
    from numeriq.delivery import ledger

    send = ledger.get_send(args.send)
    count = ledger.add_new_readers(send)
    console.print(f"send {send.key}: {count} new reader(s) queued")


def cmd_test(args: argparse.Namespace) -> None:
    """Send an edition to one address as a test (not in the ledger, no subscriber needed)."""
    from numeriq.delivery.testsend import send_test
    from numeriq.editions.store import get_edition

    reply = send_test(get_edition(args.date), args.to)
    console.print(f"test sent to {args.to}: {reply}")


def cmd_bounces(args: argparse.Namespace) -> None:
    """Read bounces and complaints from the mailbox (maildir or IMAP) and apply them."""
    from numeriq.delivery.mailbox import process_mailbox

    summary = process_mailbox(args.mailbox)
    console.print(str(summary))


def add_commands(verbs: Any) -> None:
    """Register `numeriq delivery …` and `numeriq bounces`."""
    delivery = verbs.add_parser("delivery", help="start, follow and control sends")
    actions = delivery.add_subparsers(dest="delivery_verb", required=True, metavar="ACTION")

    start = actions.add_parser("start", help=cmd_start.__doc__)
    start.add_argument("date", type=_date)
    start.add_argument("--wait", action="store_true", help="follow it until it is complete")
    start.add_argument("--here", action="store_true", help="send from this process (no worker)")
    start.set_defaults(func=cmd_start)

    status = actions.add_parser("status", help=cmd_status.__doc__)
    status.add_argument("send", nargs="?", help="key (edition-2026-03-02), id or edition date")
    status.add_argument("--limit", type=int, default=10)
    status.set_defaults(func=cmd_status)

    watch = actions.add_parser("watch", help=cmd_watch.__doc__)
    watch.add_argument("send")
    watch.set_defaults(func=cmd_watch)

    for action in ("pause", "resume", "cancel"):
        sub = actions.add_parser(action, help=f"{action} a send")
        sub.add_argument("send")
        sub.set_defaults(func=cmd_control, action=action)

    resend = actions.add_parser("resend", help=cmd_resend.__doc__)
    resend.add_argument("send")
    resend.add_argument("--bounced", action="store_true", help="bounced rows too")
    resend.add_argument("--cancelled", action="store_true", help="cancelled rows too")
    resend.set_defaults(func=cmd_resend)

    add_new = actions.add_parser("add-new", help=cmd_add_new.__doc__)
    add_new.add_argument("send")
    add_new.set_defaults(func=cmd_add_new)

    test = actions.add_parser("test", help=cmd_test.__doc__)
    test.add_argument("date", type=_date)
    test.add_argument("--to", required=True, help="the address to send the test to")
    test.set_defaults(func=cmd_test)

    bounces = verbs.add_parser("bounces", help=cmd_bounces.__doc__)
    bounces.add_argument("--mailbox", help="maildir path or imaps:// URL (default: the setting)")
    bounces.set_defaults(func=cmd_bounces)

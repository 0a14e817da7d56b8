"""The `numeriq sources` and `numeriq ingest` verbs (thin: one registry or ingest call each)."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

console = Console(highlight=False, markup=False)
errors = Console(stderr=True, highlight=False, markup=False)


def cmd_add(args: argparse.Namespace) -> None:
    """Add a feed (URL, file:// or path), or the default French feeds with --defaults."""
    from numeriq.sources.errors import SourceError
    from numeriq.sources.opml import Outline
    from numeriq.sources.registry import add_sources, default_outlines

    if args.defaults:
        outlines = default_outlines()
    elif args.url:
        outlines = [Outline(url=args.url, title=args.title or "")]
    else:
        raise SourceError("give a feed URL, or --defaults")
    result = add_sources(outlines)
    console.print(f"{result.added} source(s) added, {result.known} already there")


def cmd_list(args: argparse.Namespace) -> None:
    """List sources with their health."""
    from django.db.models import Count

    from numeriq.sources.models import Source

    table = Table("#", "source", "santé", "articles", "dernier succès", "échecs", "erreur")
    for source in Source.objects.annotate(n=Count("items")).order_by("id"):
        last = source.last_success_at
        error = source.paused_reason if source.paused else source.last_error
        table.add_row(
            str(source.pk),
            f"{source.title or '?'}\n{source.url}",
            source.health,
            str(source.n),
            last.strftime("%Y-%m-%d %H:%M") if last else "-",
            str(source.consecutive_failures),
            error or source.last_warning,
        )
    console.print(table)


def cmd_remove(args: argparse.Namespace) -> None:
    """Remove a source and its items."""
    from numeriq.sources.registry import find_source

    source = find_source(args.source)
    name = str(source)
    source.delete()
    console.print(f"removed {name}")


def cmd_pause(args: argparse.Namespace) -> None:
    """Pause a source, or resume it with --resume."""
    from numeriq.sources.registry import find_source, set_paused

    source = set_paused(find_source(args.source), not args.resume, "paused by hand")
    console.print(f"{source}: {'paused' if source.paused else 'resumed'}")


def cmd_import(args: argparse.Namespace) -> None:
    """Add every feed of an OPML file."""
    from numeriq.sources.registry import import_opml

    result = import_opml(args.file)
    console.print(f"{result.added} source(s) added, {result.known} already there")


def cmd_export(args: argparse.Namespace) -> None:
    """Write every source as OPML."""
    from pathlib import Path

    from numeriq.sources.registry import export_opml

    text = export_opml()
    if args.output and args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
        errors.print(f"wrote {args.output}")
    else:
        console.file.write(text)


def cmd_ingest(args: argparse.Namespace) -> None:
    """Fetch every due source, save new items and read their article pages."""
    from numeriq.sources.ingest import ingest
    from numeriq.sources.registry import find_source

    only = [find_source(ref) for ref in args.source] if args.source else None
    report = ingest(only, force=args.all)
    for outcome in report.outcomes:
        if outcome.error:
            state = "paused: " if outcome.paused else "error: "
            errors.print(f"  {outcome.source}: {state}{outcome.error}", soft_wrap=True)
        elif outcome.warning:
            errors.print(f"  {outcome.source}: warning: {outcome.warning}", soft_wrap=True)
    console.print(
        f"{len(report.outcomes)} source(s) read, {report.failures} failed; "
        f"{report.new_items} new item(s); {report.pages_fetched} page(s) read "
        f"({report.pages_with_text} with text, {report.pages_failed} failed)"
    )


def add_commands(verbs: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `sources` and `ingest` on the numeriq command line."""
    sources = verbs.add_parser("sources", help="feeds: add, list, remove, pause, OPML")
    sub = sources.add_subparsers(dest="sources_verb", required=True, metavar="ACTION")

    add = sub.add_parser("add", help=cmd_add.__doc__)
    add.add_argument("url", nargs="?", help="feed URL, file:// URL or path")
    add.add_argument("--title", help="name shown for it (default: the feed's title)")
    add.add_argument("--defaults", action="store_true", help="add the default French feeds")
    add.set_defaults(func=cmd_add)

    sub.add_parser("list", help=cmd_list.__doc__).set_defaults(func=cmd_list)

    remove = sub.add_parser("remove", help=cmd_remove.__doc__)
    remove.add_argument("source", help="number (see list) or URL")
    remove.set_defaults(func=cmd_remove)

    pause = sub.add_parser("pause", help=cmd_pause.__doc__)
    pause.add_argument("source", help="number (see list) or URL")
    pause.add_argument("--resume", action="store_true", help="resume it instead")
    pause.set_defaults(func=cmd_pause)

    imp = sub.add_parser("import", help=cmd_import.__doc__)
    imp.add_argument("file", help="an OPML file")
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser("export", help=cmd_export.__doc__)
    exp.add_argument("-o", "--output", help="file to write (default: standard output)")
    exp.set_defaults(func=cmd_export)

    ingest = verbs.add_parser("ingest", help=cmd_ingest.__doc__)
    ingest.add_argument("--all", action="store_true", help="read every source, due or not")
    ingest.add_argument("--source", action="append", help="only this source (repeatable)")
    ingest.set_defaults(func=cmd_ingest)

"""The `numeriq site build` and `numeriq deploy systemd` verbs (thin)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

console = Console(highlight=False, markup=False)


def cmd_site_build(args: argparse.Namespace) -> None:
    """Rewrite the static copy of the published pages (and collect their CSS and images)."""
    from django.core.management import call_command

    from numeriq.site import static_site

    call_command("collectstatic", interactive=False, verbosity=0)  # the pages' CSS and images
    count = static_site.build()
    console.print(f"{count} pages written under {static_site.site_dir()}")


def cmd_deploy_systemd(args: argparse.Namespace) -> None:
    """Write the systemd units of the web server and the worker for this installation."""
    from django.conf import settings

    from numeriq.deploy import this_installation, write_units

    installation = this_installation(
        Path(args.var_dir or settings.VAR_DIR),
        user=args.user,
        group=args.group or args.user,
        env_file=args.env_file,
        port=args.port,
        workers=args.workers,
        threads=args.threads,
    )
    for path in write_units(installation, Path(args.output)):
        console.print(f"written: {path}")
    console.print(
        f"then: sudo cp {args.output}/numeriq-*.service /etc/systemd/system/ && "
        "sudo systemctl daemon-reload && "
        "sudo systemctl enable --now numeriq-web numeriq-worker",
        soft_wrap=True,
    )


def add_commands(verbs: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the `site` and `deploy` verbs."""
    site = verbs.add_parser("site", help="the static copy of the public site")
    site_verbs = site.add_subparsers(dest="site_verb", required=True, metavar="ACTION")
    site_verbs.add_parser("build", help=cmd_site_build.__doc__).set_defaults(func=cmd_site_build)

    deploy = verbs.add_parser("deploy", help="files to run numeriq as services")
    deploy_verbs = deploy.add_subparsers(dest="deploy_verb", required=True, metavar="ACTION")
    systemd = deploy_verbs.add_parser("systemd", help=cmd_deploy_systemd.__doc__)
    systemd.add_argument("-o", "--output", required=True, help="folder to write the units to")
    systemd.add_argument("--user", default="numeriq", help="system user of the services")
    systemd.add_argument("--group", default="", help="their group (default: the user's name)")
    systemd.add_argument("--var-dir", default="", help="default: NUMERIQ_VAR_DIR")
    systemd.add_argument("--env-file", default="/etc/numeriq/numeriq.env")
    systemd.add_argument("--port", type=int, default=8000, help="gunicorn's port on 127.0.0.1")
    systemd.add_argument("--workers", type=int, default=2, help="web worker processes")
    systemd.add_argument("--threads", type=int, default=4, help="threads per web worker")
    systemd.set_defaults(func=cmd_deploy_systemd)

"""The ``conciliacontag`` command: dev | api | worker | provision | migrate | seed | parse |
reconcile | staff.

Every import beyond the standard library happens inside the command that needs it:
settings (pydantic), logging (structlog), asyncio and the server, database and workflow
stacks cost far more than a usage error or a ``parse`` of one file, so ``--help`` and
the offline commands never load them (tests/commands/test_startup.py holds the line).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

# What a process killed by SIGPIPE reports in a shell (`yes | head` gives the same), so
# `set -o pipefail` scripts see a reader that stopped early, not an input error (1).
EXIT_BROKEN_PIPE = 128 + 13  # SIGPIPE is 13 on every POSIX system
# The commands that print their result on stdout; the servers (dev, api, worker) do not.
_PRINTING_COMMANDS = frozenset({"parse", "reconcile", "provision", "seed", "staff"})


def _cmd_dev(_args: argparse.Namespace) -> int:
    from backend.core.settings import get_settings
    from backend.dev import run_dev

    return run_dev(get_settings())


def _cmd_api(args: argparse.Namespace) -> int:
    import uvicorn

    from backend.core.settings import get_settings

    settings = get_settings()
    uvicorn.run(
        "backend.api.asgi:create",
        factory=True,
        host=args.host or settings.api_host,
        port=args.port or settings.api_port,
        workers=args.workers,
        log_config=None,
        ws="auto",
        proxy_headers=True,
    )
    return 0


def _cmd_worker(_args: argparse.Namespace) -> int:
    import asyncio

    from backend.core.logging import configure_logging
    from backend.core.settings import get_settings
    from workflows.run import run_worker

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    asyncio.run(run_worker(settings))
    return 0


def _cmd_migrate(args: argparse.Namespace) -> int:
    from backend.core.settings import get_settings
    from backend.db.migrate import upgrade

    settings = get_settings()
    if settings.migration_database_url is None:
        print("MIGRATION_DATABASE_URL (the owner role) is not set", file=sys.stderr)
        return 2
    upgrade(settings.migration_database_url, settings.database_app_role, args.revision)
    return 0


def _cmd_provision(_args: argparse.Namespace) -> int:
    import asyncio

    from backend.core.settings import get_settings
    from backend.db.provision import provision

    settings = get_settings()
    if settings.provision_database_url is None:
        print("PROVISION_DATABASE_URL (a superuser) is not set", file=sys.stderr)
        return 2
    passwords = {
        role: secret.get_secret_value()
        for role, secret in (
            (settings.database_app_role, settings.database_app_password),
            (settings.database_owner_role, settings.database_owner_password),
        )
        if secret is not None
    }
    created = asyncio.run(
        provision(
            settings.provision_database_url,
            database=settings.database_name,
            owner_role=settings.database_owner_role,
            app_role=settings.database_app_role,
            passwords=passwords,
        )
    )
    print("database created" if created else "database already provisioned")
    return 0


def _cmd_parse(args: argparse.Namespace) -> int:
    from backend.commands.parse import run

    return run(args.paths, args.format, locale=args.locale)


def _cmd_reconcile(args: argparse.Namespace) -> int:
    from backend.commands.reconcile import run

    return run(
        args.documents,
        args.statements,
        args.company,
        rules=args.rules,
        fmt=args.format,
        locale=args.locale,
    )


def _cmd_seed(_args: argparse.Namespace) -> int:
    import asyncio

    from backend.core.settings import get_settings
    from backend.dev import seed

    settings = get_settings()
    if settings.database_url is None:
        print("DATABASE_URL is not set", file=sys.stderr)
        return 2
    credentials = asyncio.run(seed(settings.database_url))
    print(f"demo organization {credentials.organization_id}: {credentials.email}")
    return 0


def _cmd_staff(args: argparse.Namespace) -> int:
    from backend.support.cli import main as staff_main

    argv = [args.action, args.email]
    if args.name:
        argv += ["--name", args.name]
    if args.password_stdin:
        argv.append("--password-stdin")
    return staff_main(argv)


def _add_locale(parser: argparse.ArgumentParser) -> None:
    # backend.commands.formatting.Locale spelled out, so that building the parser (--help,
    # usage errors) imports nothing of the commands; tests/commands keep the two equal.
    parser.add_argument(
        "--locale",
        choices=["pt-BR", "en"],
        default="pt-BR",
        help="language and number/date format of --format table (default: pt-BR)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for docs and tests)."""
    parser = argparse.ArgumentParser(
        prog="conciliacontag", description="Fiscal and financial reconciliation platform."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("dev", help="run the whole product on embedded services").set_defaults(
        func=_cmd_dev
    )
    api = sub.add_parser("api", help="serve the HTTP/GraphQL API")
    api.add_argument("--host")
    api.add_argument("--port", type=int)
    api.add_argument("--workers", type=int, default=1)
    api.set_defaults(func=_cmd_api)
    sub.add_parser("worker", help="run the Temporal worker").set_defaults(func=_cmd_worker)
    migrate = sub.add_parser("migrate", help="apply database migrations (as the owner role)")
    migrate.add_argument("revision", nargs="?", default="head")
    migrate.set_defaults(func=_cmd_migrate)
    parse = sub.add_parser(
        "parse", help="parse fiscal documents and bank/ledger files into JSON lines"
    )
    parse.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or zips")
    parse.add_argument("--format", choices=["jsonl", "table"], default="jsonl")
    _add_locale(parse)
    parse.set_defaults(func=_cmd_parse)
    reconcile = sub.add_parser(
        "reconcile", help="match fiscal documents with bank transactions (JSON lines or a table)"
    )
    reconcile.add_argument(
        "--documents", nargs="+", required=True, metavar="PATH", help="files, folders or zips"
    )
    reconcile.add_argument(
        "--statements", nargs="+", required=True, metavar="PATH", help="files, folders or zips"
    )
    reconcile.add_argument(
        "--company", nargs="+", required=True, metavar="CNPJ", help="the tenant's own CNPJs"
    )
    reconcile.add_argument("--rules", metavar="FILE", help="JSON or YAML rules file")
    reconcile.add_argument("--format", choices=["jsonl", "table"], default="jsonl")
    _add_locale(reconcile)
    reconcile.set_defaults(func=_cmd_reconcile)
    sub.add_parser(
        "provision", help="create the database and its owner/application roles (superuser)"
    ).set_defaults(func=_cmd_provision)
    sub.add_parser("seed", help="create the demo tenant if missing").set_defaults(func=_cmd_seed)
    staff = sub.add_parser(
        "staff",
        help="create platform support staff, or make a user staff or stop it (as the owner"
        " role; finds the make dev cluster by itself)",
    )
    staff.add_argument("action", choices=["create", "grant", "revoke"])
    staff.add_argument("email")
    staff.add_argument("--name", help="the staff member's name (create)")
    staff.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin (create)"
    )
    staff.set_defaults(func=_cmd_staff)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    if args.command not in _PRINTING_COMMANDS:
        result: int = args.func(args)
        return result
    try:
        result = args.func(args)
        # Flushed here, not at exit, so a reader gone by then is caught below too.
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (`head`, a pager) stopped reading: that is not a failure to report.
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    return result


def _discard_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again.

    What https://docs.python.org/3/library/signal.html#note-on-sigpipe recommends, rather
    than restoring SIGPIPE's default action, which would kill the process on a broken
    socket (the database's) as well as on stdout.
    """
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):  # replaced by a Python object (tests): nothing to flush
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())

"""`coach`: the app, and the shell commands beside it.

Argument parsing only. The shell commands import no Textual (they must be quick
enough for a tmux status bar); the app is imported only when it is started.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from coach import __version__
from coach.errors import CoachError


class Parser(argparse.ArgumentParser):
    """argparse, but a wrong argument is one line on stderr (exit 2), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _db_option(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="the database file (default: $COACH_DB, else backcoach.json in your data folder)",
    )


def _walk_details(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--terrain", metavar="T", help="flat, or hilly (slopes, hills or stairs)")
    parser.add_argument("--leg-pain", action="store_true", help="you had leg pain")
    parser.add_argument("--pain", metavar="N", help="pain from 0 to 10")
    parser.add_argument("--note", metavar="TEXT", help="a short note")


def build_parser() -> Parser:
    parser = Parser(
        prog="coach", description="Back Coach: a calm terminal coach for acute low back pain."
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    _db_option(parser)
    parser.add_argument(
        "--content",
        metavar="DIR",
        action="append",
        default=[],
        help="a folder of extra exercise files (may be given more than once)",
    )
    parser.add_argument(
        "--no-mouse", action="store_true", help="no mouse tracking (less traffic over SSH)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        child = sub.add_parser(name, help=help_text, description=help_text)
        _db_option(child, argparse.SUPPRESS)
        return child

    walk = command("walk", "log the short walks of your plan")
    walk_sub = walk.add_subparsers(
        dest="walk_command", metavar="ACTION", parser_class=Parser, required=True
    )
    start = walk_sub.add_parser("start", help="start timing a walk now")
    stop = walk_sub.add_parser("stop", help="finish the walk under way and save it")
    _walk_details(stop)
    add = walk_sub.add_parser("add", help="log a walk you have taken")
    add.add_argument("--minutes", metavar="N", required=True, help="how long it lasted (1 to 600)")
    add.add_argument("--at", metavar="TIME", help="when it started: HH:MM today, or ISO 8601")
    _walk_details(add)
    listing = walk_sub.add_parser("list", help="list your walks, newest first")
    listing.add_argument("--days", metavar="N", type=int, help="only the last N days")
    listing.add_argument("--json", action="store_true", help="JSON for scripts")
    for child in (start, stop, add, listing):
        _db_option(child, argparse.SUPPRESS)

    status = command("status", "one short line for a tmux status bar or a shell prompt")
    status.add_argument("--json", action="store_true", help="JSON for scripts")

    export = command("export", "write all walks and sessions, for your records or your doctor")
    export.add_argument("--format", choices=["csv", "json"], required=True)
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")

    content = command("content", "work with exercise files")
    content_sub = content.add_subparsers(
        dest="content_command", metavar="ACTION", parser_class=Parser, required=True
    )
    check = content_sub.add_parser(
        "check", help="check the bundled content and the given files or folders"
    )
    check.add_argument("paths", nargs="*", metavar="PATH")

    forget = command("forget", "erase the database, its backups and its lock")
    forget.add_argument("--yes", action="store_true", help="do not ask first")

    command("set-aside", "move a damaged database aside (every byte kept) and start afresh")
    return parser


def run_command(args: argparse.Namespace) -> int:
    from coach import cli

    handlers = {
        ("walk", "start"): cli.walk_start,
        ("walk", "stop"): cli.walk_stop,
        ("walk", "add"): cli.walk_add,
        ("walk", "list"): cli.walk_list,
        ("status", None): cli.status,
        ("export", None): cli.export,
        ("content", "check"): cli.content_check,
        ("forget", None): cli.forget_command,
        ("set-aside", None): cli.set_aside_command,
    }
    action = getattr(args, "walk_command", None) or getattr(args, "content_command", None)
    return handlers[(args.command, action)](args, sys.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command:
            return run_command(args)
        from coach.launch import launch

        return launch(args)
    except CoachError as error:
        print(f"coach: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last line of defence: one line, never a traceback
        if os.environ.get("COACH_DEBUG"):
            raise
        print(f"coach: unexpected error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


def entry() -> None:
    """The console script: exit with main()'s status."""
    sys.exit(main())


if __name__ == "__main__":
    entry()

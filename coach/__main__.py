"""`coach`: the app, and the shell commands beside it.

Argument parsing only. The shell commands import no Textual (they must be quick
enough for a tmux status bar); the app is imported only when it is started.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

from coach import __version__
from coach.errors import CoachError


class Parser(argparse.ArgumentParser):
    """argparse, but a wrong argument is one line on stderr (exit 2), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        from coach.plain import safe_text

        self.exit(
            2, f"{self.prog}: {safe_text(message, single_line=True)} (see {self.prog} --help)\n"
        )


if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[Parser]


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


def _command(sub: Subparsers, name: str, help_text: str) -> argparse.ArgumentParser:
    child = sub.add_parser(name, help=help_text, description=help_text)
    _db_option(child, argparse.SUPPRESS)
    return child


def _walk_command(sub: Subparsers) -> None:
    walk = _command(sub, "walk", "log the short walks of your plan")
    actions = walk.add_subparsers(
        dest="walk_command", metavar="ACTION", parser_class=Parser, required=True
    )
    start = actions.add_parser("start", help="start timing a walk now")
    stop = actions.add_parser("stop", help="finish the walk under way and save it")
    _walk_details(stop)
    add = actions.add_parser("add", help="log a walk you have taken")
    add.add_argument("--minutes", metavar="N", required=True, help="how long it lasted (1 to 600)")
    add.add_argument("--at", metavar="TIME", help="when it started: HH:MM today, or ISO 8601")
    _walk_details(add)
    listing = actions.add_parser("list", help="list your walks, newest first")
    listing.add_argument("--days", metavar="N", type=int, help="only the last N days")
    listing.add_argument("--json", action="store_true", help="JSON for scripts")
    for child in (start, stop, add, listing):
        _db_option(child, argparse.SUPPRESS)


def _status_command(sub: Subparsers) -> None:
    status = _command(sub, "status", "one short line for a tmux status bar or a shell prompt")
    status.add_argument("--json", action="store_true", help="JSON for scripts")


def _export_command(sub: Subparsers) -> None:
    export = _command(
        sub, "export", "write all walks and sessions, for your records or your doctor"
    )
    export.add_argument("--format", choices=["csv", "json"], required=True)
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")


def _content_command(sub: Subparsers) -> None:
    content = _command(sub, "content", "work with exercise files")
    actions = content.add_subparsers(
        dest="content_command", metavar="ACTION", parser_class=Parser, required=True
    )
    check = actions.add_parser(
        "check", help="check the bundled content and the given files or folders"
    )
    check.add_argument("paths", nargs="*", metavar="PATH")


def _forget_command(sub: Subparsers) -> None:
    forget = _command(sub, "forget", "erase the database, its backups and its lock")
    forget.add_argument("--yes", action="store_true", help="do not ask first")


def _set_aside_command(sub: Subparsers) -> None:
    _command(sub, "set-aside", "move a damaged database aside (every byte kept) and start afresh")


COMMANDS: dict[str, Callable[[Subparsers], None]] = {
    "walk": _walk_command,
    "status": _status_command,
    "export": _export_command,
    "content": _content_command,
    "forget": _forget_command,
    "set-aside": _set_aside_command,
}


def build_parser(commands: Iterable[str] = COMMANDS) -> Parser:
    """The parser with the given commands (building all twelve parsers costs ~8 ms)."""
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
    parser.set_defaults(command=None)
    wanted = list(commands)
    if wanted:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
        for name in wanted:
            COMMANDS[name](sub)
    return parser


def _commands_needed(arguments: Sequence[str]) -> Iterable[str]:
    """Only the command typed (all of them for help, or when none is known)."""
    if any(a in ("-h", "--help") for a in arguments):
        return COMMANDS
    typed = [a for a in arguments if not a.startswith("-")]
    named = [a for a in typed if a in COMMANDS]
    if named:
        return named[:1]
    return COMMANDS if typed and not any(a in ("--db", "--content") for a in arguments) else ()


HANDLERS = {  # module and function, imported only for the command typed
    ("walk", "start"): ("coach.cli", "walk_start"),
    ("walk", "stop"): ("coach.cli", "walk_stop"),
    ("walk", "add"): ("coach.cli", "walk_add"),
    ("walk", "list"): ("coach.walk_listing", "walk_list"),
    ("status", None): ("coach.cli", "status"),
    ("export", None): ("coach.cli", "export"),
    ("content", "check"): ("coach.cli", "content_check"),
    ("forget", None): ("coach.cli", "forget_command"),
    ("set-aside", None): ("coach.cli", "set_aside_command"),
}


def run_command(args: argparse.Namespace) -> int:
    from importlib import import_module

    action = getattr(args, "walk_command", None) or getattr(args, "content_command", None)
    module, name = HANDLERS[(args.command, action)]
    handler: Callable[[argparse.Namespace, TextIO], int] = getattr(import_module(module), name)
    return handler(args, sys.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(_commands_needed(arguments)).parse_args(arguments)
    try:
        if args.command:
            return run_command(args)
        from coach.launch import launch

        return launch(args)
    except CoachError as error:
        from coach.plain import safe_text

        for line in str(error).splitlines() or [
            ""
        ]:  # one line per problem, never raw control codes
            print(f"coach: {safe_text(line, single_line=True)}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last line of defence: one line, never a traceback
        if os.environ.get("COACH_DEBUG"):
            raise
        from coach.plain import safe_text

        message = safe_text(str(error), single_line=True)
        print(f"coach: unexpected error: {type(error).__name__}: {message}", file=sys.stderr)
        return 1


def entry() -> None:
    """The console script: exit with main()'s status."""
    sys.exit(main())


if __name__ == "__main__":
    entry()

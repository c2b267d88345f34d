"""`coach`: the app, and the shell commands beside it.

Argument parsing only. The shell commands import no Textual (they must be quick
enough for a tmux status bar); the app is imported only when it is started, and each
command's module only when that command is typed.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from coach import __version__
from coach.errors import CoachError, ContentError, DamagedDatabase, NewerDatabase

TYPE_CHECKING = False  # `typing` is not imported at run time: `walk list` has no other use for it
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import NoReturn, TextIO

    Handler = Callable[[argparse.Namespace, TextIO], int]


class Parser(argparse.ArgumentParser):
    """argparse, but a wrong argument is one line on stderr (exit 2), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        from coach.plain import safe_text

        self.exit(
            2, f"{self.prog}: {safe_text(message, single_line=True)} (see {self.prog} --help)\n"
        )


if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[Parser]


# The handlers: each imports its command's module only when that command runs.


def _walk_start(args: argparse.Namespace, out: TextIO) -> int:
    from coach.cli import walk_start

    return walk_start(args, out)


def _walk_stop(args: argparse.Namespace, out: TextIO) -> int:
    from coach.cli import walk_stop

    return walk_stop(args, out)


def _walk_add(args: argparse.Namespace, out: TextIO) -> int:
    from coach.cli import walk_add

    return walk_add(args, out)


def _walk_edit(args: argparse.Namespace, out: TextIO) -> int:
    from coach.cli import walk_edit

    return walk_edit(args, out)


def _walk_delete(args: argparse.Namespace, out: TextIO) -> int:
    from coach.cli import walk_delete

    return walk_delete(args, out)


def _walk_cancel(args: argparse.Namespace, out: TextIO) -> int:
    from coach.cli import walk_cancel

    return walk_cancel(args, out)


def _walk_list(args: argparse.Namespace, out: TextIO) -> int:
    from coach.walk_listing import walk_list  # lean: `--json` needs no records

    return walk_list(args, out)


def _status(args: argparse.Namespace, out: TextIO) -> int:
    from coach.status_command import status

    return status(args, out)


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from coach.file_commands import export

    return export(args, out)


def _report(args: argparse.Namespace, out: TextIO) -> int:
    from coach.report_command import report_command

    return report_command(args, out)


def _import(args: argparse.Namespace, out: TextIO) -> int:
    from coach.file_commands import import_command

    return import_command(args, out)


def _restore(args: argparse.Namespace, out: TextIO) -> int:
    from coach.file_commands import restore_command

    return restore_command(args, out)


def _content_check(args: argparse.Namespace, out: TextIO) -> int:
    from coach.file_commands import content_check

    return content_check(args, out)


def _forget(args: argparse.Namespace, out: TextIO) -> int:
    from coach.file_commands import forget_command

    return forget_command(args, out)


def _set_aside(args: argparse.Namespace, out: TextIO) -> int:
    from coach.file_commands import set_aside_command

    return set_aside_command(args, out)


def _plan_check(args: argparse.Namespace, out: TextIO) -> int:
    from coach.plan_commands import plan_check

    return plan_check(args, out)


def _plan_import(args: argparse.Namespace, out: TextIO) -> int:
    from coach.plan_commands import plan_import

    return plan_import(args, out)


def _plan_show(args: argparse.Namespace, out: TextIO) -> int:
    from coach.plan_commands import plan_show

    return plan_show(args, out)


def _plan_clear(args: argparse.Namespace, out: TextIO) -> int:
    from coach.plan_commands import plan_clear

    return plan_clear(args, out)


def _guide(args: argparse.Namespace, out: TextIO) -> int:
    from coach.guide_plain import guide_command

    return guide_command(args, out)


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    from coach.serve_command import serve_command

    return serve_command(args, out)


def _care_add(args: argparse.Namespace, out: TextIO) -> int:
    from coach.care_commands import care_add

    return care_add(args, out)


def _care_list(args: argparse.Namespace, out: TextIO) -> int:
    from coach.care_commands import care_list

    return care_list(args, out)


def _care_delete(args: argparse.Namespace, out: TextIO) -> int:
    from coach.care_commands import care_delete

    return care_delete(args, out)


# The parsers.


def _db_option(parser: argparse.ArgumentParser, default: object = None) -> None:
    """`--db` on every parser, so it may come anywhere; a later one wins."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="the database file (default: $COACH_DB, else backcoach.json in your data folder)",
    )


def _leaf(sub: Subparsers, name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
    """A command that runs: it takes `--db` and knows its handler."""
    child = sub.add_parser(name, help=help_text, description=help_text)
    _db_option(child, argparse.SUPPRESS)
    child.set_defaults(handler=handler)
    return child


def _walk_details(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--terrain", metavar="T", help="flat, or hilly (slopes, hills or stairs)")
    parser.add_argument("--leg-pain", action="store_true", help="you had leg pain")
    parser.add_argument("--pain", metavar="N", help="pain from 0 to 10")
    parser.add_argument("--note", metavar="TEXT", help="a short note")


def _walk_start_action(actions: Subparsers) -> None:
    _leaf(actions, "start", "start timing a walk now", _walk_start)


def _walk_stop_action(actions: Subparsers) -> None:
    stop = _leaf(actions, "stop", "finish the walk under way and save it", _walk_stop)
    when = stop.add_mutually_exclusive_group()
    when.add_argument("--at", metavar="TIME", help="when it ended: HH:MM today, or ISO 8601")
    when.add_argument("--minutes", metavar="N", help="how long it lasted, from its start")
    _walk_details(stop)


def _walk_add_action(actions: Subparsers) -> None:
    add = _leaf(actions, "add", "log a walk you have taken", _walk_add)
    add.add_argument("--minutes", metavar="N", required=True, help="how long it lasted (1 to 600)")
    add.add_argument("--at", metavar="TIME", help="when it started: HH:MM today, or ISO 8601")
    _walk_details(add)


def _walk_edit_action(actions: Subparsers) -> None:
    edit = _leaf(actions, "edit", "change a logged walk (only what you give)", _walk_edit)
    edit.add_argument("id", metavar="ID", help="the walk's id (see: coach walk list)")
    edit.add_argument("--minutes", metavar="N", help="how long it lasted (1 to 600)")
    edit.add_argument("--at", metavar="TIME", help="when it started: HH:MM today, or ISO 8601")
    edit.add_argument("--terrain", metavar="T", help="flat, or hilly (slopes, hills or stairs)")
    edit.add_argument(
        "--leg-pain", action=argparse.BooleanOptionalAction, help="you had leg pain, or not"
    )
    pain = edit.add_mutually_exclusive_group()
    pain.add_argument("--pain", metavar="N", help="pain from 0 to 10")
    pain.add_argument("--no-pain", action="store_true", help="no pain recorded")
    edit.add_argument("--note", metavar="TEXT", help='a short note ("" removes it)')


def _walk_delete_action(actions: Subparsers) -> None:
    delete = _leaf(actions, "delete", "delete a logged walk (no undo here)", _walk_delete)
    delete.add_argument("id", metavar="ID", help="the walk's id (see: coach walk list)")


def _walk_cancel_action(actions: Subparsers) -> None:
    _leaf(actions, "cancel", "drop the walk under way, saving nothing", _walk_cancel)


def _walk_list_action(actions: Subparsers) -> None:
    listing = _leaf(actions, "list", "list your walks with their ids, newest first", _walk_list)
    listing.add_argument("--days", metavar="N", type=int, help="only the last N days")
    listing.add_argument("--json", action="store_true", help="JSON for scripts")


WALK_ACTIONS: dict[str, Callable[[Subparsers], None]] = {
    "start": _walk_start_action,
    "stop": _walk_stop_action,
    "add": _walk_add_action,
    "edit": _walk_edit_action,
    "delete": _walk_delete_action,
    "cancel": _walk_cancel_action,
    "list": _walk_list_action,
}


def _walk_command(sub: Subparsers, wanted: Iterable[str] = WALK_ACTIONS) -> None:
    walk = sub.add_parser(
        "walk", help="log the short walks of your plan", description="log the short walks"
    )
    _db_option(walk, argparse.SUPPRESS)
    actions = walk.add_subparsers(
        dest="walk_command", metavar="ACTION", parser_class=Parser, required=True
    )
    for name in wanted:
        WALK_ACTIONS[name](actions)


def _status_command(sub: Subparsers) -> None:
    status = _leaf(sub, "status", "one short line for a tmux status bar or a prompt", _status)
    status.add_argument("--json", action="store_true", help="JSON for scripts")


def _export_command(sub: Subparsers) -> None:
    export = _leaf(
        sub, "export", "write all walks and sessions, for your records or your doctor", _export
    )
    export.add_argument("--format", choices=["csv", "json"], required=True)
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")


def _report_command(sub: Subparsers) -> None:
    report = _leaf(
        sub,
        "report",
        "a one-page report for your doctor: walks, sessions, pain, follow-up care",
        _report,
    )
    report.add_argument(
        "--days", metavar="N", help="the last N days, today included (1 to 366; default 7)"
    )
    report.add_argument(
        "--format",
        choices=["md", "html"],
        help="md (Markdown) or html (one self-contained page; up to 14 days print on one "
        "A4 or Letter sheet). Default: html for an --output ending .html or .htm, else md",
    )
    report.add_argument(
        "--output",
        metavar="FILE",
        help="write to FILE (0600, written whole or not at all) instead of standard output",
    )


def _import_command(sub: Subparsers) -> None:
    imported = _leaf(
        sub, "import", "add the records of a JSON export (coach export --format json)", _import
    )
    imported.add_argument("file", metavar="FILE", help="the export to read")
    imported.add_argument(
        "--merge", action="store_true", help="add what is not already there (else: empty only)"
    )


def _restore_command(sub: Subparsers) -> None:
    restore = _leaf(
        sub, "restore", "bring back a daily backup (the current file is set aside)", _restore
    )
    restore.add_argument("--list", action="store_true", help="list the backups and their dates")
    restore.add_argument(
        "day", nargs="?", metavar="DATE", help="YYYY-MM-DD (default: the newest sound one)"
    )


def _content_command(sub: Subparsers) -> None:
    content = sub.add_parser("content", help="work with exercise files")
    _db_option(content, argparse.SUPPRESS)
    actions = content.add_subparsers(
        dest="content_command", metavar="ACTION", parser_class=Parser, required=True
    )
    check = _leaf(
        actions, "check", "check the bundled content and the given files or folders", _content_check
    )
    check.add_argument("paths", nargs="*", metavar="PATH")


def _plan_command(sub: Subparsers) -> None:
    plan = sub.add_parser(
        "plan",
        help="your therapist's program: a plan file (see the README)",
        description="the plan file your physical therapist gives you",
    )
    _db_option(plan, argparse.SUPPRESS)
    actions = plan.add_subparsers(
        dest="plan_command", metavar="ACTION", parser_class=Parser, required=True
    )
    check = _leaf(actions, "check", "check a plan file (nothing is saved)", _plan_check)
    check.add_argument("file", metavar="FILE", help="the plan file (plan.toml)")
    imported = _leaf(
        actions, "import", "check a plan file and keep it (in place of any before)", _plan_import
    )
    imported.add_argument("file", metavar="FILE", help="the plan file (plan.toml)")
    show = _leaf(actions, "show", "show the plan you follow", _plan_show)
    show.add_argument("--json", action="store_true", help="JSON for scripts")
    _leaf(actions, "clear", "stop following the plan (the general numbers apply)", _plan_clear)


def _guide_command(sub: Subparsers) -> None:
    guide = _leaf(
        sub,
        "guide",
        "an exercise as plain lines, for a screen reader or a pipe (with --plain)",
        _guide,
    )
    guide.add_argument("exercise", metavar="EXERCISE", help="the exercise's id, e.g. cat-cow")
    guide.add_argument(
        "--plain",
        action="store_true",
        help="plain lines on standard output; answer with Enter, p (pause), e (ease off), q",
    )
    guide.add_argument("--hold", metavar="N", help="seconds each hold lasts, within its range")
    guide.add_argument("--reps", metavar="N", help="repetitions, within the exercise's range")
    guide.add_argument(
        "--neck",
        action=argparse.BooleanOptionalAction,
        help="the neck variant this time (default: as in Settings)",
    )


def _forget_command(sub: Subparsers) -> None:
    forget = _leaf(sub, "forget", "erase the database, its backups and its lock", _forget)
    forget.add_argument("--yes", action="store_true", help="do not ask first")


def _set_aside_command(sub: Subparsers) -> None:
    aside = _leaf(
        sub,
        "set-aside",
        "move a damaged database aside (every byte kept), start afresh",
        _set_aside,
    )
    aside.add_argument("--force", action="store_true", help="move it even if it loads")


def _care_command(sub: Subparsers) -> None:
    care = sub.add_parser(
        "care",
        help="follow-up care: appointments, medicines, test results, questions",
        description="the follow-up care lists",
    )
    _db_option(care, argparse.SUPPRESS)
    actions = care.add_subparsers(
        dest="care_command", metavar="ACTION", parser_class=Parser, required=True
    )
    add = actions.add_parser("add", help="add an item to a list", description="add an item")
    _db_option(add, argparse.SUPPRESS)
    kinds = add.add_subparsers(dest="care_kind", metavar="KIND", parser_class=Parser, required=True)
    when = "HH:MM today, 'tomorrow HH:MM', or 2026-12-01 14:30"
    appointment = _leaf(kinds, "appointment", "an appointment (past or to come)", _care_add)
    appointment.add_argument("--at", metavar="T", required=True, help=f"when: {when}")
    appointment.add_argument("--with", metavar="TEXT", dest="who", help="with whom")
    appointment.add_argument("--note", metavar="TEXT", help="a short note")
    medicine = _leaf(kinds, "medicine", "a medicine you take", _care_add)
    medicine.add_argument("--name", metavar="TEXT", required=True, help="its name")
    medicine.add_argument("--dose", metavar="TEXT", help="how much, e.g. 400 mg")
    medicine.add_argument("--how-often", metavar="TEXT", help="e.g. twice a day")
    result = _leaf(kinds, "result", "a test result", _care_add)
    result.add_argument("--name", metavar="TEXT", required=True, help="what was tested")
    result.add_argument("--value", metavar="TEXT", required=True, help="the result")
    result.add_argument(
        "--date", metavar="D", help="YYYY-MM-DD, today or yesterday (default: today)"
    )
    question = _leaf(kinds, "question", "a question for the next visit", _care_add)
    question.add_argument("text", metavar="TEXT", help="the question")
    listing = _leaf(actions, "list", "list every item with its id", _care_list)
    listing.add_argument("--json", action="store_true", help="JSON for scripts")
    delete = _leaf(actions, "delete", "delete an item (no undo here)", _care_delete)
    delete.add_argument("id", metavar="ID", help="the item's id (see: coach care list)")


def _serve_command(sub: Subparsers) -> None:
    serve = _leaf(
        sub,
        "serve",
        "the same app in a browser (a phone beside you while you exercise)",
        _serve,
    )
    serve.add_argument(
        "--port", metavar="N", help="the port to listen on (default 8000; 0: any free port)"
    )
    serve.add_argument(
        "--host",
        metavar="H",
        help="the address to listen on (default 127.0.0.1: this computer only; "
        "0.0.0.0: your network, unencrypted)",
    )


COMMANDS: dict[str, Callable[[Subparsers], None]] = {
    "walk": _walk_command,
    "care": _care_command,
    "status": _status_command,
    "export": _export_command,
    "report": _report_command,
    "import": _import_command,
    "restore": _restore_command,
    "content": _content_command,
    "plan": _plan_command,
    "guide": _guide_command,
    "forget": _forget_command,
    "set-aside": _set_aside_command,
    "serve": _serve_command,
}


def _global_options(parser: argparse.ArgumentParser) -> None:
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


def build_parser(
    commands: Iterable[str] = COMMANDS, walk_actions: Iterable[str] = WALK_ACTIONS
) -> Parser:
    """The parser with the given commands (building them all costs ~10 ms), and of
    `walk`, the given actions."""
    parser = Parser(
        prog="coach", description="Back Coach: a calm terminal coach for acute low back pain."
    )
    _global_options(parser)
    parser.set_defaults(command=None, handler=None)
    wanted = list(commands)
    if wanted:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
        for name in wanted:
            if name == "walk":
                _walk_command(sub, walk_actions)
            else:
                COMMANDS[name](sub)
    return parser


def _commands_needed(arguments: Sequence[str]) -> Iterable[str]:
    """Only the command typed (all of them for help, or when it is not one we know).

    A command typed first is the command; otherwise argparse itself finds it, with the
    global options alone: so an option's value (`--db status`) is read as that option's
    value, exactly as the full parse will.
    """
    if any(a in ("-h", "--help") for a in arguments):
        return COMMANDS
    if arguments and arguments[0] in COMMANDS:
        return [arguments[0]]
    first = Parser(prog="coach", add_help=False)
    _global_options(first)
    first.add_argument("command", nargs="?")
    known, _ = first.parse_known_args(arguments)
    if known.command is None:
        return ()
    return [known.command] if known.command in COMMANDS else COMMANDS


def _walk_actions_needed(arguments: Sequence[str]) -> Iterable[str]:
    """`coach walk ACTION ...`: that action alone; any other form, all of them (for
    help, a mistyped action, or options before it)."""
    if (
        len(arguments) > 1
        and arguments[0] == "walk"
        and arguments[1] in WALK_ACTIONS
        and not any(a in ("-h", "--help") for a in arguments)
    ):
        return [arguments[1]]
    return WALK_ACTIONS


def run_command(args: argparse.Namespace) -> int:
    handler: Handler = args.handler
    return handler(args, sys.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_commands_needed(arguments), _walk_actions_needed(arguments))
    args = parser.parse_args(arguments)
    try:
        if args.handler is not None:
            return run_command(args)
        from coach.launch import launch

        return launch(args)
    except CoachError as error:
        from coach.plain import safe_text

        # one line per problem; a line break inside one (a path's) is shown, not obeyed
        lines = list(error.problems) if isinstance(error, ContentError) else [str(error)]
        lines = [line.replace("\n", "\\n").replace("\r", "\\r") for line in lines] or [""]
        if (
            isinstance(error, DamagedDatabase)
            and not isinstance(error, NewerDatabase)
            and args.handler is not None
        ):
            lines[-1] += _damaged_hint(args, str(error))
        for line in lines:  # one line per problem, never raw control codes
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


def _damaged_hint(args: argparse.Namespace, message: str) -> str:
    """What a person can do about a damaged database, on the line that says so."""
    if args.command in ("restore", "set-aside", "forget", "serve"):  # serve says it already
        return ""
    from coach.locations import db_path
    from coach.store.files import resolve_database

    if not message.startswith(f"{resolve_database(db_path(args.db))}:"):
        return ""  # another file (an export to import, a backup): not the database
    db = f" --db {shell_word(args.db)}" if args.db else ""
    return (
        f" (to keep it and start afresh: coach set-aside{db}; "
        f"to go back to a daily backup: coach restore --list{db})"
    )


def shell_word(text: str) -> str:
    """`text` as one word a shell reads back exactly: quoted, or, when it holds characters
    that cannot be shown as themselves (a line break, an escape, a byte that is not
    UTF-8), written with escapes in $'...' (bash, zsh, ksh and POSIX.1-2024 sh)."""
    import shlex

    if text.isprintable():
        return shlex.quote(text)
    return "$'" + "".join(map(_escaped, text)) + "'"


_NAMED_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(char: str) -> str:
    code = ord(char)
    if char in "\\'":
        return "\\" + char
    if char.isprintable():
        return char
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as Python reads arguments
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def entry() -> None:
    """The console script: exit with main()'s status.

    The cyclic garbage collector is off from here: a shell command lives a fraction of
    a second, and its imports and a long log's objects set off collection after
    collection (5 ms of a `walk add` at 10,000 walks, 30 ms of the app's start) with
    next to nothing to find; what it frees goes by reference counting as ever. The two
    that live on turn it back on: the app once its menu is painted (`CoachApp`), and
    `coach serve`.

    At the end every object still tracked is frozen (`gc.freeze`), so the interpreter's
    shutdown skips its last full collections, which walk every object of every module
    (12 million instructions, 8% of `coach status`) to free only what the process's
    exit gives back anyway. Shutdown itself still runs: buffers are flushed, files
    closed and `atexit` handlers called, as ever.

    The output is flushed here, not left to the shutdown, so that a reader gone away
    (`coach status | true`) or a full disk is one line and an exit status, not Python's
    own complaint (and exit 120) after the command has done its work.
    """
    gc.disable()
    closed = sys.stdout is None  # started with its standard output closed (`>&-`)
    if closed:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - until exit
    status: int | str | None
    try:
        status = main()
    except SystemExit as ended:  # argparse: --help, --version, a wrong argument
        status = ended.code
    except KeyboardInterrupt:  # before the command began (main() answers its own)
        status = 130
    except BrokenPipeError:  # help for a reader that has gone
        status = 0
    finally:
        gc.freeze()
    sys.exit(_flush_output(status, closed=closed))


def _flush_output(status: int | str | None, *, closed: bool) -> int | str | None:
    """The exit status once what the command printed is written out (or cannot be)."""
    if closed:
        if not status:  # a failure has said so already, in its own line
            print("coach: standard output is closed: nothing could be shown", file=sys.stderr)
        return status or 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader has gone (`| head -1`): what was done stands
        _discard_output()
        return status
    except KeyboardInterrupt:  # Ctrl-C while a slow reader (`| less`) holds the output
        _discard_output()
        return 130
    except OSError as error:
        _discard_output()
        print(f"coach: cannot write the output: {error.strerror or error}", file=sys.stderr)
        return status or 1
    return status


def _discard_output() -> None:
    """What is left in stdout's buffer goes nowhere, so the shutdown does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no descriptor to replace: nothing more can be done
        pass


if __name__ == "__main__":
    entry()

"""The shell commands on whole files: `coach export`, `coach import`, `coach restore`,
`coach set-aside`, `coach forget` and `coach content check`.

Like the walk commands (`coach.cli`): no Textual, the database reached only through
`coach.store`, exits 0 done, 1 damaged or missing data, 2 bad input, and stored text
reaching a terminal only made inert.
"""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from coach import locations
from coach.cli import open_store, shown_path, walk_json
from coach.clock import SystemClock, local_zone
from coach.errors import UsageError, quoted
from coach.model.records import CareItem, SessionRecord
from coach.plain import json_inert, safe_text, spreadsheet_safe
from coach.store.documents import SESSION_FIELDS, WALK_FIELDS

EXPORT_FIELDS = [  # one table for both kinds: the walk's fields, then the session's own
    "kind",
    "id",
    *WALK_FIELDS,
    *(f for f in SESSION_FIELDS if f not in WALK_FIELDS and f != "pid"),
]


def _session_row(record: SessionRecord) -> dict[str, Any]:
    from dataclasses import asdict

    row = asdict(record)
    row.pop("pid")
    row["status"] = record.status.value
    row["stopped_for_pain"] = record.stopped_for_pain
    row["started_at"] = record.started_at.isoformat(timespec="seconds")
    row["ended_at"] = record.ended_at.isoformat(timespec="seconds") if record.ended_at else None
    return row


def _care_row(item: CareItem) -> dict[str, Any]:
    from coach.store.codec import care_to_doc

    return {"id": item.id, **care_to_doc(item)}


def export(args: Namespace, out: TextIO) -> int:
    if args.output is not None and not args.output.strip():
        raise UsageError("--output: the path is empty (is a shell variable unset?)")
    store = open_store(args)
    walks = [walk_json(w) for w in reversed(store.walks())]
    sessions = [_session_row(r) for r in reversed(store.sessions())]
    care = [_care_row(item) for item in store.care_items()]
    document: dict[str, Any] = {}
    if args.format == "json":
        from coach.model.content import load_source

        source = load_source(locations.content_dir())
        document = {
            "about": f'Back Coach export. Content source: "{source.title}", {source.publisher}, '
            f"topic {source.topic}. {source.standing}",
            "walks": walks,
            "sessions": sessions,
            "care": care,  # follow-up care lists: appointments, medicines, results, questions
            "plan": store.plan_document(),  # the therapist's plan as imported, with its files
            "exercises": store.own_exercise_documents(),  # made in the editor, as TOML
        }
        # Lossless, and inert wherever it is shown: unsafe characters become \uXXXX.
        text = json_inert(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
    else:
        text = _csv(
            [{"kind": "walk", **row} for row in walks]
            + [{"kind": "session", **row} for row in sessions]
        )
    if args.output is not None:
        from coach.store.maintenance import write_file

        # A link is replaced, a pipe or device written into; never the database itself.
        write_file(Path(args.output), text, database=locations.db_path(args.db))
        items = f" and {_count(len(care), 'care item')}" if args.format == "json" else ""
        if args.format == "json" and document["plan"] is not None:
            items += ", with the therapist's plan"
        print(
            f"exported {_count(len(walks), 'walk')} and {_count(len(sessions), 'session')}"
            f"{items} to {shown_path(args.output)}",
            file=out,
        )
    else:
        out.write(text)
    return 0


def _csv(rows: list[dict[str, Any]]) -> str:
    """CSV a spreadsheet will not run as formulas, and inert wherever it is shown.

    CSV is for people and their spreadsheets, so a control character in a cell (only a
    hand-edited file can hold one) is written as a visible escape, on a terminal, in a
    pipe and in a file alike. The JSON export keeps every character, escaped.
    """
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _csv_cell(value: object) -> object:
    if not isinstance(value, str):
        return value
    return safe_text(spreadsheet_safe(value), single_line=True)  # guarded first: a tab counts


def import_command(args: Namespace, out: TextIO) -> int:
    """An export into an empty database (a new machine), or with --merge what is not there."""
    from coach.store.maintenance import import_export

    path = locations.db_path(args.db)
    done, held = import_export(path, Path(args.file), merge=args.merge, plan_reads=_plan_reads)
    walks, sessions = done.walks, done.sessions
    skipped = held - done.walks - done.sessions - done.care
    source, target = shown_path(args.file), shown_path(path)
    if walks or sessions:
        added = f"{_count(walks, 'walk')} and {_count(sessions, 'session')}"
        print(f"added {added} from {source} to {target}", file=out)
    elif not (done.plan == "added" or done.own_added):
        print(f"nothing to add: every record of {source} is already in {target}", file=out)
    if skipped and (walks or sessions):
        print(f"{_count(skipped, 'record')} left out: the same as one already there", file=out)
    if done.plan == "added":
        print(f"added the therapist's plan from {source} (see: coach plan show)", file=out)
    elif done.plan == "left out":
        print(
            f"the therapist's plan in {source} was left out: {target} keeps another "
            "(see: coach plan show)",
            file=out,
        )
    if done.own_added:
        print(f"added {_count(len(done.own_added), 'exercise')} of your own", file=out)
    if done.own_left_out:
        names = ", ".join(safe_text(i, single_line=True) for i in done.own_left_out)
        print(
            f"{_count(len(done.own_left_out), 'exercise')} of your own left out: one with "
            f"the same id is kept ({names})",
            file=out,
        )
    return 0


def _plan_reads(doc: dict[str, Any]) -> str | None:
    """The first problem of an export's plan, read against this Back Coach's content."""
    from coach.model.content import load_library
    from coach.model.program import kept_program

    folder = locations.content_dir()
    _, problems = kept_program(doc, load_library(folder), folder)
    return f"does not read: {problems[0]}" if problems else None


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def restore_command(args: Namespace, out: TextIO) -> int:
    """Bring back a daily backup; the file it replaces is set aside, never overwritten."""
    from coach.store import maintenance

    path = locations.db_path(args.db)
    if args.list:
        if args.day:
            raise UsageError("--list lists every backup; give a DATE without it to restore one")
        found = maintenance.backup_days(path)
        if not found:
            print(f"no daily backups of {shown_path(path)} yet", file=out)
        for day, backup in reversed(found):
            print(f"{day.isoformat()}  {shown_path(backup)}", file=out)
        return 0
    wanted = _day(args.day) if args.day else None
    now = SystemClock.from_environment().now().astimezone(local_zone())
    days = {backup: day for day, backup in maintenance.backup_days(path)}
    backup, aside = maintenance.restore(path, wanted, now)
    restored = days.get(backup)
    which = f"the backup of {restored.isoformat()}" if restored else "the backup"
    kept = (
        f"the file that was there is kept at {shown_path(aside)}"
        if aside
        else "there was no database there"
    )
    print(f"restored {which} ({shown_path(backup)}) to {shown_path(path)}; {kept}", file=out)
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        shown = safe_text(quoted(text), single_line=True)
        raise UsageError(f"DATE is YYYY-MM-DD (see: coach restore --list), not {shown}") from None


def content_check(args: Namespace, out: TextIO) -> int:
    from coach.model.content import check_content

    paths = [Path(p) for p in args.paths]
    problems = check_content(locations.content_dir(), paths)
    for line in problems:
        print(safe_text(line, single_line=True), file=out)
    if problems:
        return 1
    checked = ", ".join(str(p) for p in paths) if paths else "the bundled content"
    print(f"content is valid ({shown_path(checked)})", file=out)
    return 0


def forget_command(args: Namespace, out: TextIO) -> int:
    path = locations.db_path(args.db)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(
                "forget erases every record; type the word at a terminal, or pass --yes"
            )
        print(
            f"This erases {path}, its backups and its lock. Type 'forget' to go on: ",
            end="",
            file=out,
        )
        out.flush()
        if sys.stdin.readline().strip() != "forget":
            print("nothing was erased", file=out)
            return 1
    from coach.store.maintenance import forget

    erased = forget(path)
    if not erased.removed:
        print(f"nothing to erase at {safe_text(str(path), single_line=True)}", file=out)
    for item in erased.removed:
        print(f"removed {safe_text(str(item), single_line=True)}", file=out)
    for item, why in erased.left:
        print(f"left {safe_text(str(item), single_line=True)} ({why})", file=out)
    return 0


def set_aside_command(args: Namespace, out: TextIO) -> int:
    """Only a database that fails to load is moved, unless --force; never over another file."""
    path = locations.db_path(args.db)
    from coach.store.maintenance import set_aside

    now = SystemClock.from_environment().now().astimezone(local_zone())
    target = set_aside(path, now, force=args.force)
    print(
        f"moved {shown_path(path)} to {shown_path(target)}; every byte is kept there. "
        "Back Coach will start afresh (or bring back a backup: coach restore --list).",
        file=out,
    )
    return 0

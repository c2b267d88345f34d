"""The shell commands: `coach walk ...`, `coach status`, `coach export`, `coach import`,
`coach restore`, `coach content check`, `coach forget` and `coach set-aside`.

Quick and scriptable: nothing here imports Textual or pyfiglet, and the database is
reached only through `coach.store`. Exit status 0 when done, 1 for damaged or missing
data, 2 for bad input; on any failure the database is left byte for byte as it was.
Stored text reaches a terminal only made inert (`safe_text`, `json_inert`).
"""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from dataclasses import replace
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from coach import locations
from coach.clock import SystemClock, local_zone
from coach.errors import CoachError, UsageError
from coach.model import walks as walk_rules
from coach.model.bounds import MAX_MINUTES
from coach.model.records import ActiveWalk, SessionRecord, Terrain, Walk
from coach.plain import json_inert, safe_text, spreadsheet_safe

if TYPE_CHECKING:
    from coach.model.content import WalkingPlan
    from coach.store.database import Store


def open_store(args: Namespace, *, writing: bool = False) -> Store:
    """Writers check every record inside their lock; readers check what they read."""
    from coach.store.database import Store

    path = locations.db_path(args.db)
    return Store(path) if writing else Store.open(path, check_records=False)


def _details(args: Namespace) -> dict[str, Any]:
    return {
        "terrain": walk_rules.parse_terrain(args.terrain) if args.terrain else Terrain.FLAT,
        "leg_pain": bool(args.leg_pain),
        "pain": walk_rules.parse_pain(args.pain),
        "note": walk_rules.clean_note(args.note),
    }


def _walk_json(walk: Walk) -> dict[str, Any]:
    from coach.store.codec import walk_to_doc

    return {"id": walk.id, **walk_to_doc(walk)}


def describe_walk(walk: Walk) -> str:
    zone = local_zone()
    start = walk.started_at.astimezone(zone)
    parts = [f"{start:%Y-%m-%d %H:%M}", f"{walk.minutes} min", walk.terrain.label]
    parts.append("leg pain" if walk.leg_pain else "no leg pain")
    if walk.pain is not None:
        parts.append(f"pain {walk.pain}/10")
    if walk.note:
        parts.append(f"note: {safe_text(walk.note, single_line=True)}")
    return ", ".join(parts)


def walk_start(args: Namespace, out: TextIO) -> int:
    clock = SystemClock.from_environment()
    store = open_store(args, writing=True)
    active = store.start_walk(clock.now(), pid=None)
    print(f"walk started at {active.started_at.astimezone(local_zone()):%H:%M}", file=out)
    return 0


def walk_stop(args: Namespace, out: TextIO) -> int:
    clock = SystemClock.from_environment()
    details = _details(args)
    store = open_store(args, writing=True)
    active = store.active_walk()
    if active is None:
        raise UsageError("no walk is under way (start one with: coach walk start)")
    walk = _stopped(active, clock.now(), local_zone(), args, details)
    walk_id = store.finish_walk(walk, started=active)  # only the walk read here
    _saved(walk_id, walk, out)
    # Saved first: a walk under way ends now, whatever the content. A second stop finds
    # none under way, so a retry cannot log it twice; broken content then fails below.
    _answer(walk, _walking_plan(), out)
    return 0


def _stopped(
    active: ActiveWalk, now: datetime, zone: tzinfo, args: Namespace, details: dict[str, Any]
) -> Walk:
    """The walk under way, ended now, at `--at`, or `--minutes` after its start.

    Longer than MAX_MINUTES is refused: most likely it was never stopped (a closed
    laptop, a forgotten terminal), and only the person knows how long it really was.
    """
    start = active.started_at
    started = f"{start.astimezone(zone):%Y-%m-%d %H:%M}"
    if args.minutes is not None:
        minutes = walk_rules.parse_minutes(args.minutes)
        end = start + timedelta(minutes=minutes)
        if end > now + timedelta(seconds=59):
            raise UsageError(f"a {minutes}-minute walk from {started} would end in the future")
        return Walk(start, end, minutes, **details)
    end = walk_rules.parse_walk_time(args.at, now, zone) if args.at is not None else now
    if end < start:
        when = f"--at {safe_text(args.at, single_line=True)}" if args.at is not None else "now"
        raise UsageError(
            f"{when} is before the walk started ({started}; has the clock changed?); "
            "say when it ended with --at HH:MM, or how long it was with --minutes N"
        )
    minutes = Walk.minutes_between(start, end)
    if minutes > MAX_MINUTES:
        until = f"until {safe_text(args.at, single_line=True)}" if args.at is not None else "ago"
        raise UsageError(
            f"the walk under way started {started}, {minutes:,} minutes {until}: more than "
            f"{MAX_MINUTES}, so it was not saved and is still under way; say what "
            "really happened with --minutes N or --at HH:MM (or drop it: coach walk cancel)"
        )
    return Walk(start, end, minutes, **details)


def walk_add(args: Namespace, out: TextIO) -> int:
    clock = SystemClock.from_environment()
    now = clock.now()
    minutes = walk_rules.parse_minutes(args.minutes)
    start = walk_rules.parse_walk_time(args.at, now, local_zone()) if args.at else None
    walk = walk_rules.make_walk(minutes=minutes, now=now, started_at=start, **_details(args))
    plan = _walking_plan()
    walk_id = open_store(args, writing=True).add_walk(walk)
    _saved(walk_id, walk, out)
    _answer(walk, plan, out)
    return 0


def walk_edit(args: Namespace, out: TextIO) -> int:
    """Change only the fields given; refused if the walk changed since it was read."""
    walk_id = _walk_id(args.id)
    now = SystemClock.from_environment().now()
    changes: dict[str, Any] = {}
    if args.terrain is not None:
        changes["terrain"] = walk_rules.parse_terrain(args.terrain)
    if args.leg_pain is not None:
        changes["leg_pain"] = args.leg_pain
    if args.no_pain or args.pain is not None:
        changes["pain"] = None if args.no_pain else walk_rules.parse_pain(args.pain)
    if args.note is not None:
        changes["note"] = walk_rules.clean_note(args.note)
    minutes = walk_rules.parse_minutes(args.minutes) if args.minutes is not None else None
    start = walk_rules.parse_walk_time(args.at, now, local_zone()) if args.at is not None else None
    if not changes and minutes is None and start is None:
        raise UsageError(
            "nothing to change: give --minutes, --at, --terrain, --leg-pain or --no-leg-pain, "
            "--pain or --no-pain, or --note"
        )
    plan = _walking_plan()  # before writing, as `walk add` does
    store = open_store(args, writing=True)
    old = _stored_walk(store, walk_id)
    walk = replace(old, **changes)
    if minutes is not None or start is not None:  # a new start keeps the minutes, and so on
        timed = walk_rules.make_walk(
            minutes=minutes or old.minutes, now=now, started_at=start or old.started_at
        )
        walk = replace(
            walk, started_at=timed.started_at, ended_at=timed.ended_at, minutes=timed.minutes
        )
    if walk == old:
        print(f"walk {walk_id} unchanged: {describe_walk(old)}", file=out)
        return 0
    store.update_walk(walk, was=old)
    _saved(walk_id, walk, out)
    _answer(walk, plan, out)
    return 0


def walk_delete(args: Namespace, out: TextIO) -> int:
    walk_id = _walk_id(args.id)
    store = open_store(args, writing=True)
    deleted = store.delete_walk(was=_stored_walk(store, walk_id))
    print(
        f"walk {walk_id} deleted, with no undo from the shell: {describe_walk(deleted.walk)}",
        file=out,
    )
    return 0


def walk_cancel(args: Namespace, out: TextIO) -> int:
    store = open_store(args, writing=True)
    active = store.active_walk()
    if active is None:
        raise UsageError("no walk is under way, so there is none to cancel")
    store.cancel_walk(started=active)
    since = f"{active.started_at.astimezone(local_zone()):%Y-%m-%d %H:%M}"
    print(f"the walk under way since {since} was dropped; nothing was saved", file=out)
    return 0


def _walk_id(text: str) -> int:
    """A walk id as `walk list` shows it: a whole number from 1 (bad input if not)."""
    value = text.strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 20 and int(value) > 0):
        shown = safe_text(repr(value[:40]), single_line=True)
        raise UsageError(f"a walk id is a whole number from 1 (see: coach walk list), not {shown}")
    return int(value)


def _stored_walk(store: Store, walk_id: int) -> Walk:
    walk = store.walk(walk_id)
    if walk is None:
        raise CoachError(
            f"there is no walk {walk_id} in {_shown_path(store.path)} (see: coach walk list)"
        )
    return walk


def _saved(walk_id: int, walk: Walk, out: TextIO) -> None:
    print(f"walk {walk_id} saved: {describe_walk(walk)}", file=out)


def _shown_path(path: Path | str) -> str:
    return safe_text(str(path), single_line=True)


def _walking_plan() -> WalkingPlan:
    """The plan whose guidance answers a saved walk.

    `walk add` reads it before anything is written: broken content stops it with one
    line per problem (exit 1), since an add that saved and then failed would be
    retried, and log the walk twice.
    """
    from coach.model.content import load_walking_plan

    return load_walking_plan(locations.content_dir())


def _answer(walk: Walk, plan: WalkingPlan, out: TextIO) -> None:
    """After the saved line: one line of the guidance that fits what was recorded, if any."""
    texts = walk_rules.walk_answers(walk, plan)
    if texts:
        print(safe_text(" ".join(texts), single_line=True), file=out)


def status(args: Namespace, out: TextIO) -> int:
    """One short line for tmux or a shell prompt. It never writes."""
    from coach.model.content import load_walking_plan

    clock = SystemClock.from_environment()
    from coach.store.fast import status_inputs

    last_end, active_since, waking = status_inputs(locations.db_path(args.db))
    active = ActiveWalk(active_since) if active_since else None
    zone = local_zone()
    state = walk_rules.walk_status(
        now=clock.now(),
        last_end=last_end,
        active=active,
        plan=load_walking_plan(locations.content_dir()),
        zone=zone,
        waking=waking,
    )
    line = state.line(zone)
    if args.json:
        payload = {
            "state": state.state.value,
            "line": line,
            "now": state.now.isoformat(timespec="seconds"),
            "walking_since": state.active_since.isoformat(timespec="seconds")
            if state.active_since
            else None,
            "last_walk_ended": state.last_end.isoformat(timespec="seconds")
            if state.last_end
            else None,
            "window": (
                {
                    "start": state.window.start.isoformat(timespec="seconds"),
                    "end": state.window.end.isoformat(timespec="seconds"),
                }
                if state.window
                else None
            ),
        }
        out.write(json_inert(json.dumps(payload)) + "\n")
    else:
        print(line, file=out)
    return 0


EXPORT_FIELDS = [
    "kind",
    "id",
    "started_at",
    "ended_at",
    "minutes",
    "terrain",
    "leg_pain",
    "pain",
    "note",
    "exercise",
    "status",
    "reps_planned",
    "reps_done",
    "hold_seconds",
    "neck_variant",
    "stopped_for_pain",
    "pain_after",
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


def export(args: Namespace, out: TextIO) -> int:
    store = open_store(args)
    walks = [_walk_json(w) for w in reversed(store.walks())]
    sessions = [_session_row(r) for r in reversed(store.sessions())]
    if args.format == "json":
        from coach.model.content import load_source

        source = load_source(locations.content_dir())
        document = {
            "about": f'Back Coach export. Content source: "{source.title}", {source.publisher}, '
            f"topic {source.topic}. {source.standing}",
            "walks": walks,
            "sessions": sessions,
        }
        # Lossless, and inert wherever it is shown: unsafe characters become \uXXXX.
        text = json_inert(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
    else:
        to_terminal = not args.output and out.isatty()
        text = _csv(
            [{"kind": "walk", **row} for row in walks]
            + [{"kind": "session", **row} for row in sessions],
            to_terminal=to_terminal,
        )
    if args.output:
        from coach.store.maintenance import write_file

        write_file(Path(args.output), text)  # a link at the path is replaced, never written through
        print(
            f"exported {len(walks)} walks and {len(sessions)} sessions to "
            f"{_shown_path(args.output)}",
            file=out,
        )
    else:
        out.write(text)
    return 0


def _csv(rows: list[dict[str, Any]], *, to_terminal: bool) -> str:
    """CSV a spreadsheet will not run as formulas; made inert too when a terminal shows it."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_cell(value, to_terminal) for key, value in row.items()})
    return buffer.getvalue()


def _csv_cell(value: object, to_terminal: bool) -> object:
    if not isinstance(value, str):
        return value
    cell = spreadsheet_safe(value)
    if to_terminal:
        return safe_text(cell, single_line=True)
    # A lone surrogate (possible in a file's JSON) cannot be written as UTF-8.
    return cell if cell.isascii() else cell.encode("utf-8", "replace").decode("utf-8")


def import_command(args: Namespace, out: TextIO) -> int:
    """An export into an empty database (a new machine), or with --merge what is not there."""
    from coach.store.maintenance import import_export

    path = locations.db_path(args.db)
    walks, sessions = import_export(path, Path(args.file), merge=args.merge)
    source, target = _shown_path(args.file), _shown_path(path)
    if walks or sessions:
        added = f"{_count(walks, 'walk')} and {_count(sessions, 'session')}"
        print(f"added {added} from {source} to {target}", file=out)
    else:
        print(f"nothing to add: every record of {source} is already in {target}", file=out)
    return 0


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
            print(f"no daily backups of {_shown_path(path)} yet", file=out)
        for day, backup in reversed(found):
            print(f"{day.isoformat()}  {_shown_path(backup)}", file=out)
        return 0
    wanted = _day(args.day) if args.day else None
    now = SystemClock.from_environment().now().astimezone(local_zone())
    days = {backup: day for day, backup in maintenance.backup_days(path)}
    backup, aside = maintenance.restore(path, wanted, now)
    restored = days.get(backup)
    which = f"the backup of {restored.isoformat()}" if restored else "the backup"
    kept = (
        f"the file that was there is kept at {_shown_path(aside)}"
        if aside
        else "there was no database there"
    )
    print(f"restored {which} ({_shown_path(backup)}) to {_shown_path(path)}; {kept}", file=out)
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        shown = safe_text(repr(text[:40]), single_line=True)
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
    print(f"content is valid ({_shown_path(checked)})", file=out)
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
        f"moved {_shown_path(path)} to {_shown_path(target)}; every byte is kept there. "
        "Back Coach will start afresh (or bring back a backup: coach restore --list).",
        file=out,
    )
    return 0

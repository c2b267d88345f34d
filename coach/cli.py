"""The shell commands a person records walks with: `coach walk ...`.

The commands on whole files (export, import, restore, set-aside, forget, content
check) are in `coach.file_commands`; `coach status` is `coach.status_command`, and
`coach walk list` is `coach.walk_listing` (both kept lean for scripts and tmux).

Quick and scriptable: nothing here imports Textual or pyfiglet, and the database is
reached only through `coach.store`. Exit status 0 when done, 1 for damaged or missing
data, 2 for bad input; on any failure the database is left byte for byte as it was.
Stored text reaches a terminal only made inert (`safe_text`, `json_inert`).
"""

from __future__ import annotations

from argparse import Namespace
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, TextIO

from coach import locations
from coach.clock import SystemClock, local_zone
from coach.errors import CoachError, UsageError, quoted
from coach.model import walks as walk_rules
from coach.model.bounds import MAX_MINUTES
from coach.plain import safe_text

if TYPE_CHECKING:  # records are loaded by the commands that make them (`walk add` makes none)
    from pathlib import Path

    from coach.model.records import ActiveWalk, Walk
    from coach.model.walking_plan import WalkingPlan
    from coach.store.database import Store


def open_store(args: Namespace, *, writing: bool = False) -> Store:
    """Writers check every record inside their lock; readers check what they read."""
    from coach.store.database import Store

    path = locations.db_path(args.db)
    return Store(path) if writing else Store.open(path, check_records=False)


def _details(args: Namespace) -> dict[str, Any]:
    from coach.model.records import Terrain

    return {
        "terrain": walk_rules.parse_terrain(args.terrain) if args.terrain else Terrain.FLAT,
        "leg_pain": bool(args.leg_pain),
        "pain": walk_rules.parse_pain(args.pain),
        "note": walk_rules.clean_note(args.note),
    }


def walk_json(walk: Walk) -> dict[str, Any]:
    from coach.store.codec import walk_to_doc

    return {"id": walk.id, **walk_to_doc(walk)}


def describe_walk(walk: Walk) -> str:
    return _described(
        walk.started_at, walk.minutes, walk.terrain.value, walk.leg_pain, walk.pain, walk.note
    )


def _described(
    started_at: datetime, minutes: int, terrain: str, leg_pain: bool, pain: int | None, note: str
) -> str:
    """A walk on one line, from its values (`walk add` builds no `Walk`)."""
    start = started_at.astimezone(local_zone())
    parts = [f"{start:%Y-%m-%d %H:%M}", f"{minutes} min", walk_rules.TERRAIN_LABELS[terrain]]
    parts.append("leg pain" if leg_pain else "no leg pain")
    if pain is not None:
        parts.append(f"pain {pain}/10")
    if note:
        parts.append(f"note: {safe_text(note, single_line=True)}")
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
    plan = _walking_plan()
    followed = _followed(plan, store.plan_document(), clock.now())
    _answer(walk_rules.walk_answers(walk, followed, plan), out)
    return 0


def _stopped(
    active: ActiveWalk, now: datetime, zone: tzinfo, args: Namespace, details: dict[str, Any]
) -> Walk:
    """The walk under way, ended now, at `--at`, or `--minutes` after its start.

    Longer than MAX_MINUTES is refused: most likely it was never stopped (a closed
    laptop, a forgotten terminal), and only the person knows how long it really was.
    """
    from coach.model.records import Walk

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
    """The store's quick add (no TinyDB), with every guarantee of `Store.add_walk`.

    Built from values, with no `Walk`: the records module (with `dataclasses`) would cost
    the command more than its own write.
    """
    from coach.store.documents import RecordProblem, walk_document
    from coach.store.quick_write import add_walk

    now = SystemClock.from_environment().now()
    minutes = walk_rules.parse_minutes(args.minutes)
    start = walk_rules.parse_walk_time(args.at, now, local_zone()) if args.at is not None else None
    terrain = walk_rules.terrain_value(args.terrain) if args.terrain else walk_rules.FLAT
    leg_pain, pain = bool(args.leg_pain), walk_rules.parse_pain(args.pain)
    note = walk_rules.clean_note(args.note)
    started_at, ended_at = walk_rules.walk_span(minutes, now, start)
    doc = {
        "started_at": started_at.isoformat(),
        "ended_at": ended_at.isoformat(),
        "minutes": minutes,
        "terrain": terrain,
        "leg_pain": leg_pain,
        "pain": pain,
        "note": note,
    }
    try:
        walk_document(doc)  # refused here, before the lock, as the Store refuses it
    except RecordProblem as problem:
        raise UsageError(f"not saved: {problem}") from None
    plan = _walking_plan()
    seen: dict[str, Any] = {}
    walk_id = add_walk(locations.db_location(args.db), doc, seen=seen)
    print(
        f"walk {walk_id} saved: {_described(started_at, minutes, terrain, leg_pain, pain, note)}",
        file=out,
    )
    followed = _followed(plan, seen.get("plan"), now)
    texts = walk_rules.answers_for(followed, leg_pain=leg_pain, terrain=terrain, minutes=minutes)
    _answer(walk_rules.as_therapists(texts, followed, plan), out)
    return 0


def walk_edit(args: Namespace, out: TextIO) -> int:
    """Change only the fields given; refused if the walk changed since it was read."""
    from dataclasses import replace

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
    followed = _followed(plan, store.plan_document(), now)
    _answer(walk_rules.walk_answers(walk, followed, plan), out)
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
        shown = safe_text(quoted(value), single_line=True)
        raise UsageError(f"a walk id is a whole number from 1 (see: coach walk list), not {shown}")
    return int(value)


def _stored_walk(store: Store, walk_id: int) -> Walk:
    walk = store.walk(walk_id)
    if walk is None:
        raise CoachError(
            f"there is no walk {walk_id} in {shown_path(store.path)} (see: coach walk list)"
        )
    return walk


def _saved(walk_id: int, walk: Walk, out: TextIO) -> None:
    print(f"walk {walk_id} saved: {describe_walk(walk)}", file=out)


def shown_path(path: Path | str) -> str:
    return safe_text(str(path), single_line=True)


def _walking_plan() -> WalkingPlan:
    """The plan whose guidance answers a saved walk.

    `walk add` reads it before anything is written: broken content stops it with one
    line per problem (exit 1), since an add that saved and then failed would be
    retried, and log the walk twice.
    """
    from coach.model.walking_plan import load_walking_plan

    return load_walking_plan(locations.content_folder())


def _followed(general: WalkingPlan, plan: dict[str, Any] | None, now: datetime) -> WalkingPlan:
    """The walks to answer by: the therapist's, from the first day of a plan that reads
    (as the app reads it), else the source's."""
    if plan is None:
        return general
    from coach.model.program import followed

    program = followed(plan, locations.content_folder(), now.astimezone(local_zone()).date())
    return general if program is None else program.walking(general)


def _answer(texts: list[str], out: TextIO) -> None:
    """After the saved line: one line of the guidance that fits what was recorded, if any."""
    if texts:
        print(safe_text(" ".join(texts), single_line=True), file=out)

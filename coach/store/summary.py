"""A small summary beside the database, so `coach status` need not parse a long log.

tmux asks for the status line every few seconds. Every writer (inside the lock,
after its atomic write) leaves here the few facts the line needs, stamped with the
database file's signature. A reader trusts the summary only while that signature
still matches the database; otherwise it reads the database itself. The summary is
a cache: losing it, or a stale one, costs speed, never correctness.

It also carries what the app's always-open screens show (`glance_part`), so the app
starts without reading the log. It records that every record of the file with that signature was checked
(the writer checked the file inside its lock, and the codec checked each record it
wrote), and which copy of today's backup was last read back whole.
"""

from __future__ import annotations

import json
import os

from coach.model.bounds import moment_problem
from coach.store.files import atomic_write, file_signature, read_no_follow

TYPE_CHECKING = False  # no `typing` nor `pathlib` at run time: the quick readers pass strings
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from coach.store.files import Signature, StrPath

SUFFIX = ".summary"
FIRST_WALKS = 50  # the walk log's first page (screens.walks.PAGE_SIZE: a test keeps them equal)
RECENT_DAYS = 15  # the walk log's chart shows 14 local days; one more for any time zone
MOST_WALKS = 400  # at most this many walks in the summary, whatever the days hold
MOST_BYTES = 16 << 20  # a summary longer than this is not one a writer left: not read


def summary_path(db: Path) -> Path:
    from pathlib import Path

    return Path(_summary_file(db))


def _summary_file(db: StrPath) -> str:
    return os.fspath(db) + SUFFIX


def write_summary(
    db: StrPath,
    data: dict[str, Any],
    backup: list[Any] | None,
    written: Signature | None,
    *,
    after: tuple[dict[str, Any], str] | None = None,
    crc32: int | None = None,
) -> dict[str, Any]:
    """Record what the status line needs from `data`, the checked database just written
    with the signature `written` (as the write read it back: None if another process
    replaced the file since, and then no summary is left to vouch for it); returns the
    summary (kept even if it was not written: it is a cache).

    `after`: the summary that vouched for the file this write replaced (the caller has
    seen its `crc32` match those bytes), and the id of the one walk added since; the walk
    log's part and the last walk's end are then found from it without a look at every
    walk, where that gives what the whole log gives (`_after_one_walk`). `crc32`: the
    CRC-32 of the bytes written, kept for the next such write.
    """
    from coach.store.documents import latest, meta_of  # the writers' side: readers need neither

    walks = data.get("walks") or {}
    active = [doc.get("started_at") for doc in (data.get("active_walk") or {}).values()]
    glance = glance_part(data)
    settings = glance["settings"] or {}
    found = _after_one_walk(*after, walks) if after else None
    if found is None:
        walk_log = walk_log_part(walks)
        last_end = latest([doc["ended_at"] for doc in walks.values()])
    else:
        walk_log, last_end = found
    newest = walk_log["newest"]
    summary = {
        "signature": list(written) if written else None,
        "records_checked": True,
        "schema_version": meta_of(data).get("schema_version"),
        "last_walk_end": last_end,
        "last_walk_start": newest[0][1]["started_at"] if newest else None,  # the latest
        "active_since": active[0] if active else None,
        "waking_start": settings.get("waking_start", "08:00"),
        "waking_end": settings.get("waking_end", "22:00"),
        "snoozed_until": settings.get("snoozed_until"),
        "appointments": appointments(data),
        "glance": glance,
        "walk_log": walk_log,
        "backup": backup,
        "crc32": crc32,
    }
    if written is not None:
        import contextlib  # here: the readers (`walk list`) would load it for nothing

        with contextlib.suppress(OSError):
            atomic_write(_summary_file(db), json.dumps(summary).encode(), durable=False)
    return summary


def glance_part(data: dict[str, Any]) -> dict[str, Any]:
    """What the app shows before it reads the log (see `glance`): the settings, the
    therapist's plan, the walk under way, the follow-up care list (short) and the sessions
    left in progress."""
    settings = data.get("settings") or {}
    active = data.get("active_walk") or {}
    plans = data.get("plan") or {}
    return {
        "settings": settings[min(settings, key=int)] if settings else None,
        "plan": plans[min(plans, key=int)] if plans else None,
        "exercises": data.get("exercises") or {},
        "active_walk": active[min(active, key=int)] if active else None,
        "care": data.get("care") or {},
        "open_sessions": [
            [int(doc_id), doc.get("pid")]
            for doc_id, doc in (data.get("sessions") or {}).items()
            if doc.get("status") == "in_progress"
        ],
    }


def walk_log_part(walks: dict[str, Any]) -> dict[str, Any]:
    """The walk log's opening, so that it paints without reading the log: the newest walks
    ([id, document], newest first) from RECENT_DAYS before the newest start, and its first
    page at least; `bound`: the start from which every walk is there, if some are not (a
    reader that needs walks started before it reads the file instead)."""
    from coach.store.documents import newest_walks

    kept, bound = newest_walks(walks, days=RECENT_DAYS, at_least=FIRST_WALKS, at_most=MOST_WALKS)
    return {
        "total": len(walks),
        "newest": [[int(doc_id), doc] for doc_id, doc in kept],
        "bound": bound,
    }


def _after_one_walk(
    before: dict[str, Any], added: str, walks: dict[str, Any]
) -> tuple[dict[str, Any], str | None] | None:
    """The walk log's part and the last walk's end of `walks`: the walks the summary
    `before` was written for, and the walk `added`; None where that cannot be known
    without every walk.

    The newest walks `before` holds are every walk from its bound on (all of them, with
    no bound). Those and the new walk then hold every walk from the bound on: if their
    own cutoff is not earlier than the bound, the whole log's is the same (its newest
    start, its FIRST_WALKS-th and MOST_WALKS-th newest are all found from the bound on),
    and so are the walks it keeps. An earlier cutoff (a count that no longer reaches the
    cap, say) needs the walks before the bound: None. Each held walk must be the very walk
    in `walks`, and the count must add up, or the whole log is read. That every walk from
    the bound on is held is what the summary says of the bytes its CRC-32 matched, as
    their writer found it: a summary that does not describe those bytes (a file replaced
    with the same signature, where times are coarse) is never used, so never carried on.
    """
    from datetime import datetime

    from coach.store.documents import latest, newest_walks

    try:
        part, last_end = before["walk_log"], before["last_walk_end"]
        total, rows, bound = part["total"], part["newest"], part["bound"]
        held = {str(walk_id): doc for walk_id, doc in rows}
    except (KeyError, TypeError, ValueError):
        return None
    if total != len(walks) - 1 or len(held) != len(rows) or added in held:
        return None
    if bound is None and len(held) != total:
        return None
    if any(walks.get(walk_id) != doc for walk_id, doc in held.items()):
        return None
    if (last_end is None) != (total == 0) or (
        last_end is not None and moment_problem(last_end, "end")
    ):
        return None
    if bound is not None and (not isinstance(bound, str) or moment_problem(bound, "bound")):
        return None
    held[added] = walks[added]
    kept, cutoff = newest_walks(
        held,
        days=RECENT_DAYS,
        at_least=FIRST_WALKS,
        at_most=MOST_WALKS,
        older_elsewhere=bound is not None,
    )
    if bound is not None and (
        cutoff is None or datetime.fromisoformat(cutoff) < datetime.fromisoformat(bound)
    ):
        return None
    # in the file's order (the new walk last), so that of two ways to write one moment
    # the same is kept as from the whole log
    ends = [*([last_end] if last_end else []), walks[added]["ended_at"]]
    return {
        "total": len(walks),
        "newest": [[int(doc_id), doc] for doc_id, doc in kept],
        "bound": cutoff,
    }, latest(ends)


def appointments(data: dict[str, Any]) -> list[list[Any]]:
    """Every appointment as [at, id, with], soonest first: `coach status --json` names the
    next one, and only the reader knows what time it is (appointments are few)."""
    found = [
        [doc["at"], int(doc_id), doc.get("who", "")]
        for doc_id, doc in (data.get("care") or {}).items()
        if doc.get("kind") == "appointment" and isinstance(doc.get("at"), str)
    ]
    return sorted(found, key=lambda row: (row[0], row[1]))


def read_summary(db: StrPath, signature: Signature | None = None) -> dict[str, Any] | None:
    """The summary, if it describes the database as it is now (or as `signature`); else None."""
    try:
        raw, _ = read_no_follow(_summary_file(db), limit=MOST_BYTES)
        summary = json.loads(raw)
    except (OSError, ValueError, RecursionError):  # a cache: a bad one costs speed only
        return None
    if signature is None:
        signature = file_signature(db)
    if not isinstance(summary, dict) or signature is None:
        return None
    if summary.get("signature") != list(signature):
        return None
    return summary


def vouches_for(db: StrPath, read: Signature | None) -> bool:
    """True if the summary says every record of the file read (with this signature) was checked."""
    return vouching_summary(db, read) is not None


def vouching_summary(db: StrPath, read: Signature | None) -> dict[str, Any] | None:
    """The summary, if it says every record of the file read (with this signature) was
    checked; else None."""
    if read is None:
        return None
    summary = read_summary(db, read)
    return summary if summary is not None and summary.get("records_checked") is True else None


def checked_backup(db: StrPath) -> list[Any] | None:
    """[name, size, mtime_ns] of the backup last read back whole, whatever the file's signature."""
    try:
        raw, _ = read_no_follow(_summary_file(db), limit=MOST_BYTES)
        return backup_of(json.loads(raw))
    except (OSError, ValueError, RecursionError):
        return None


def backup_of(summary: object) -> list[Any] | None:
    """A summary's [name, size, mtime_ns] of the backup last read back whole, if it has one."""
    backup = summary.get("backup") if isinstance(summary, dict) else None
    return backup if isinstance(backup, list) and len(backup) == 3 else None

"""`coach walk add` without TinyDB: one walk added under the Store's own rules.

A shell command adds one walk to a file that may hold years of them. The `Store`
would import TinyDB and rebuild the walks table for that; here, inside the same lock,
the file is read and checked (vouched for by the writers' summary, or record by record
with the same rules: see `checked`), today's backup is made sure of, the walk gets the next id from
the counter in meta, and the file is written back atomically and durably, in the very
bytes the Store writes (`files.write_database`), then summarised for the status line.

A file of an older schema goes to the Store, which upgrades it (keeping a copy) and
adds the walk there.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from coach.clock import local_today
from coach.errors import StoreError, UsageError
from coach.store.checked import read_checked
from coach.store.documents import (
    MAX_ID,
    RecordProblem,
    meta_with,
    next_ids,
    walk_document,
    with_record,
)
from coach.store.files import encode_database, fault, resolved_location, write_encoded
from coach.store.housekeeping import ensure_daily_backup, lock_path, remove_stale_temps
from coach.store.lock import DatabaseLock, holding
from coach.store.summary import backup_of, checked_backup, write_summary

if TYPE_CHECKING:
    from coach.store.files import StrPath

__all__ = ["add_walk"]


def add_walk(
    path: StrPath,
    doc: Mapping[str, Any],
    *,
    today: Callable[[], date] = local_today,
    seen: dict[str, Any] | None = None,
) -> int:
    """Add the walk `doc` (a walk document, as `codec.walk_to_doc` makes) to the database
    at `path`; return its new id. Every guarantee of `Store.add_walk`: the same lock, a
    damaged or newer file refused untouched (one line), today's backup, an id never given
    before, one atomic durable write, the summary.

    `today`: the day today's backup is named after (as the Store's). `seen`: given, it
    gets the therapist's plan as the file kept it (`plan`, or None), read with the walks
    (the answer to a walk follows the plan's numbers, at no second read).
    """
    path = resolved_location(path)
    with holding(DatabaseLock(lock_path(path)), path):
        walk_id = _add(path, doc, today, seen)
    if walk_id is not None:
        return walk_id
    # An older schema: the Store upgrades it (keeping a copy), under its own lock.
    from coach.store.codec import walk_from_checked
    from coach.store.database import Store

    try:
        walk = walk_from_checked(walk_document(doc), None)
    except RecordProblem as problem:
        raise UsageError(f"not saved: {problem}") from None
    store = Store(path, today=today)
    walk_id = store.add_walk(walk)
    if seen is not None:
        seen["plan"] = store.plan_document()
    return walk_id


def _add(
    path: str,
    doc: Mapping[str, Any],
    today: Callable[[], date],
    seen: dict[str, Any] | None = None,
) -> int | None:
    """The add, inside the lock; None if the Store must do it (nothing was written)."""
    remove_stale_temps(path)
    checked = read_checked(path)
    if checked is None:  # an older schema
        return None
    data, raw, before = checked.data, checked.raw, checked.summary
    if seen is not None:
        plans = data.get("plan") or {}
        seen["plan"] = plans[min(plans, key=int)] if plans else None
    backup = None  # no file yet: nothing to back up
    if raw is not None:
        known = backup_of(before) if before is not None else checked_backup(path)
        backup = ensure_daily_backup(path, today(), lambda: raw, known)
    try:
        stored = walk_document(doc)
    except RecordProblem as problem:
        raise UsageError(f"not saved: {problem}") from None
    counters = next_ids(data)
    walk_id = counters["next_walk_id"]
    if walk_id >= MAX_ID:
        raise StoreError(f"{path}: no record ids are left; nothing was saved")
    counters["next_walk_id"] = walk_id + 1
    update = meta_with(data, counters)  # the counters kept in meta, as the Store keeps them
    if update is not None:
        data = with_record(data, "meta", *update)
    data = with_record(data, "walks", walk_id, stored)
    encoded = encode_database(path, data)
    written = write_encoded(path, encoded)
    fault("after-rename")
    # The walk log's part from the summary that vouched for the file before, if it
    # describes these very bytes: its signature matched, and so must their CRC-32 (a file
    # replaced by another of the same size, inode and times, where times are coarse).
    after = None
    if before is not None and raw is not None and before.get("crc32") == zlib.crc32(raw):
        after = (before, str(walk_id))
    write_summary(path, data, backup, written, after=after, crc32=zlib.crc32(encoded))
    return walk_id

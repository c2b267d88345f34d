"""Back Coach's database: the only object that reads or writes the file and its companions.

Every read-modify-write holds the inter-process lock and, inside it, re-reads the
file if its signature changed, so two terminals and a shell command can share one
database without losing a record. Every edit, delete, undo and finish names the
record it was opened on and is refused if that record changed or vanished since.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from coach.clock import local_today, local_zone
from coach.errors import DamagedDatabase, StaleRecord, StoreError, UsageError
from coach.model.records import ActiveWalk, CareItem, SessionRecord, SessionStatus, Walk
from coach.model.settings import Settings
from coach.store.codec import (
    MIGRATIONS,
    active_from_doc,
    active_to_doc,
    care_to_doc,
    session_to_doc,
    walk_to_doc,
)
from coach.store.documents import (
    COUNTERS,
    MAX_ID,
    SCHEMA_VERSION,
    RecordProblem,
    database_problem,
    meta_with,
    next_ids,
    own_exercise_problem,
    plan_problem,
    refuse_newer,
    schema_version_of,
    share_repeated_values,
    to_text,
    with_record,
)
from coach.store.files import (
    Signature,
    atomic_write,
    describe_os_error,
    file_signature,
    private_folder,
    read_no_follow,
    resolve_database,
    unique_name,
)
from coach.store.glance import Glance, from_summary
from coach.store.housekeeping import (
    backup_dir,
    backups,
    ensure_daily_backup,
    lock_path,
    remove_stale_temps,
)
from coach.store.lock import DatabaseLock
from coach.store.reader import Records, Snapshot
from coach.store.storage import AtomicJSONStorage
from coach.store.summary import checked_backup, read_summary, vouches_for, write_summary

if TYPE_CHECKING:
    from tinydb import TinyDB
    from tinydb.table import Table

    from coach.store.documents import Document
    from coach.store.files import StrPath

T = TypeVar("T")
R = TypeVar("R", Walk, SessionRecord, CareItem)
IMPORTED_ID_LIMIT = 10**9  # ids kept from an export: far more than a life of walks, far from MAX_ID
RECORD_TABLES: dict[type, tuple[str, str]] = {  # a record's table, and its name in messages
    Walk: ("walks", "walk"),
    SessionRecord: ("sessions", "session"),
    CareItem: ("care", "care item"),
}

__all__ = ["Deleted", "Store", "read_snapshot"]


Kept = TypeVar("Kept", Walk, SessionRecord, CareItem)

_snapshot_lock = threading.Lock()
_snapshots: dict[Path, Snapshot] = {}  # the last one read, for the next reader of that file


def read_snapshot(path: Path) -> Snapshot:
    """The file as it is now, checked, for a reader on a worker thread of its own (the
    walk log, History): parsed there, not on the thread that draws the screen, and not
    again while the file keeps its signature (a snapshot is never changed)."""
    path = resolve_database(path)
    with _snapshot_lock:
        kept = _snapshots.get(path)
        if (
            kept is not None
            and kept.signature is not None
            and kept.signature == file_signature(path)
        ):
            return kept
        snapshot = Store(path, kept_open=True).snapshot()
        _snapshots.clear()
        _snapshots[path] = snapshot
        return snapshot


def _same_objects(kept: tuple[object, ...], now: tuple[object, ...]) -> bool:
    return len(kept) == len(now) and all(a is b for a, b in zip(kept, now, strict=True))


@dataclass(frozen=True)
class Imported:
    """What an import added, and what it left out."""

    walks: int
    sessions: int
    care: int
    plan: str | None = None  # "added", "left out" (another is kept), or None (none, or the same)
    own_added: tuple[str, ...] = ()  # the person's own exercises, by id
    own_left_out: tuple[str, ...] = ()  # ...left out: another of theirs is kept under the id


@dataclass(frozen=True)
class Deleted(Generic[Kept]):
    """A record deleted here, and the file as the delete left it: undo only onto that file."""

    record: Kept
    signature: Signature | None

    @property
    def walk(self) -> Kept:
        return self.record


class Store:
    """Sessions, walks, the walk under way, settings and meta. Use each from one thread."""

    def __init__(
        self,
        path: StrPath,
        *,
        kept_open: bool = False,
        today: Callable[[], date] = local_today,
    ) -> None:
        """`kept_open`: the app holds the log in memory for hours, so keep that copy compact."""
        self.path = resolve_database(path)
        self.lock_path = Path(lock_path(self.path))
        self.backup_dir = backup_dir(self.path)
        self._storage = AtomicJSONStorage(
            self.path, on_load=share_repeated_values if kept_open else None
        )
        self._db: TinyDB | None = None  # TinyDB is for writes; reads use the storage directly
        self._lock = DatabaseLock(self.lock_path)
        self._checked_signature: Signature | None = None
        self._glance: Glance | None = None
        self._glance_signature: Signature | None = None
        self._last_write: tuple[Signature | None, Signature | None] | None = None
        # the tables the counters were last worked out from, and those counters
        self._counted: tuple[tuple[object, ...], dict[str, int]] | None = None
        self._today = today
        self._thread: int | None = None

    @classmethod
    def open(cls, path: Path, *, check_records: bool = True, kept_open: bool = False) -> Store:
        """Open and check the database; a damaged or newer file raises, and is left untouched.

        Read-only commands may skip checking every walk up front: each is checked as it
        is read, and every write checks them all first.
        """
        store = cls(path, kept_open=kept_open)
        store.check(records=check_records)
        return store

    @classmethod
    def open_glancing(cls, path: Path) -> Store:
        """Open for the app: checked as `open` does, but the log is not read while the
        writers' summary vouches for the file (see `glance`); the walk log and History
        read it when they open."""
        store = cls(path, kept_open=True)
        store.glance()
        return store

    def _own(self) -> None:
        """A Store keeps a copy of the file in memory: it belongs to the thread that used it first."""
        from _thread import get_ident

        ident = get_ident()
        if self._thread is None:
            self._thread = ident
        elif self._thread != ident:
            raise RuntimeError("a Store is used from one thread only (use a snapshot)")

    # Integrity.

    def check(self, *, records: bool = True) -> None:
        """Parse the whole file and every record; raise DamagedDatabase naming what is wrong.

        With `records=False` the walks (the one large table) are left to be checked as
        they are read. The walks need no second check while the writers' summary vouches
        for the file (see `summary.vouches_for`).
        """
        self._own()
        data = self._storage.read()
        signature = self._storage.cached_signature
        if data is None:
            self._checked_signature = None
            return
        if signature == self._checked_signature:
            return
        version = schema_version_of(data, self.path)
        refuse_newer(version, self.path)
        if version < SCHEMA_VERSION:  # check what the file will be once migrated
            import copy

            data = copy.deepcopy(data)
            for step in range(version, SCHEMA_VERSION):
                data = MIGRATIONS[step](data)
        vouched = records and version == SCHEMA_VERSION and vouches_for(self.path, signature)
        problem = database_problem(data, walks=records and not vouched)
        if problem:
            raise DamagedDatabase(f"{self.path}: {problem}; the file was not changed")
        if records:
            self._checked_signature = signature

    @property
    def signature(self) -> Signature | None:
        return file_signature(self.path)

    def take_last_write(self) -> tuple[Signature | None, Signature | None] | None:
        """The file's signature before and after this store's last write, once (for
        `adopt` in another Store of the same app)."""
        write, self._last_write = self._last_write, None
        return write

    @property
    def committed_signature(self) -> Signature | None:
        """The file as this store last wrote or checked it (taken inside the lock on writes)."""
        return self._checked_signature

    def refresh(self) -> bool:
        """Check for changes made by another process; True if the file changed (or went)."""
        before = self._glance_signature
        self.glance()
        return self._glance_signature != before

    def adopt(self, write: tuple[Signature | None, Signature | None] | None) -> None:
        """Another Store of this app (its writer) turned the file from one signature into
        another: no news to the screens, if this store knew the file as it was before.

        If anything else wrote in between, this store's last glance is older than the
        write's "before": nothing is adopted, and the next `refresh` reports the change.
        """
        if write is None:
            return
        before, after = write
        if before == self._glance_signature:
            self._glance, self._glance_signature = None, after  # read afresh when asked

    def glance(self) -> Glance:
        """The settings, the walk under way, the last walk's end, the care list and the
        sessions left open: from the writers' summary while it vouches for the file as it
        is now (nothing else is read), else from the file, checked in full."""
        self._own()
        signature = file_signature(self.path)
        if signature is None:
            self._glance, self._glance_signature = Glance(), None
            self._checked_signature = None
            return self._glance
        if self._glance is not None and signature == self._glance_signature:
            return self._glance
        summary = read_summary(self.path, signature)
        glance = None
        if (
            summary is not None
            and summary.get("records_checked") is True
            and summary.get("schema_version") == SCHEMA_VERSION
        ):
            glance = from_summary(summary)
        if glance is None:
            self.check()  # a damaged or newer file raises here, as at open
            glance = Glance.of(self.records())
            signature = self._storage.cached_signature
        self._glance, self._glance_signature = glance, signature
        return glance

    def snapshot(self) -> Snapshot:
        """The file as checked now, for a reader on another thread (the walk log's worker).

        Nothing it holds is ever changed afterwards: every write here builds new tables
        and new records (TinyDB rebuilds a table on each change; `_put` replaces a record
        instead of updating it in place), so the reader needs no copy and no lock.
        """
        self.check()
        data = self._storage.read()
        return Snapshot(self.path, dict(data) if data else None, self._checked_signature)

    def records(self) -> Records:
        """The tables as they are now, for reading."""
        self._own()
        data = self._storage.read()
        checked = data is not None and self._storage.cached_signature == self._checked_signature
        return Records(self.path, data, checked=checked)

    # Transactions.

    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            private_folder(self.path.parent)
        except OSError as error:
            raise StoreError(
                f"{self.path.parent}: cannot create the data folder: {describe_os_error(error)}"
            ) from None
        self._lock.acquire()
        try:
            yield
        finally:
            self._lock.release()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One locked read-modify-write, saved as one atomic write.

        The copy in memory is used only if the file's signature still matches it
        (checked inside the lock); otherwise the file is read again first.
        """
        self._own()
        with self._locked():
            remove_stale_temps(self.path)
            self.check()
            before = self._storage.cached_signature  # the file as read inside the lock
            backup = self._prepare_write()
            self._storage.begin()
            try:
                yield
            except RecordProblem as problem:
                self._storage.rollback()
                raise UsageError(f"not saved: {problem}") from None
            except BaseException:
                self._storage.rollback()
                raise
            dirty = self._storage.dirty
            if dirty:
                self._save_meta(self._counters())  # a new file gets its version and counters
            self._storage.commit()
            if dirty:
                self._checked_signature = self._storage.cached_signature
                data = self._storage.read()
                if data is not None:
                    summary = write_summary(
                        self.path,
                        data,
                        backup,
                        self._checked_signature,
                        crc32=self._storage.written_crc32,
                    )
                    self._written(summary)
                self._last_write = (before, self._checked_signature)

    def _written(self, summary: dict[str, Any]) -> None:
        """A write of our own is no news to `refresh`: the glance follows it quietly."""
        self._glance = from_summary(summary) or Glance.of(self.records())
        self._glance_signature = self._checked_signature

    def _prepare_write(self) -> list[Any] | None:
        """Before writing: migrate an older file (keeping a copy) and check today's backup."""
        data = self._storage.read()
        if data is None:
            return None
        version = schema_version_of(data, self.path)
        if version < SCHEMA_VERSION:
            raw, _ = read_no_follow(self.path)
            copy = unique_name(self.path.parent, f"{self.path.name}.schema-{version}.bak")
            try:
                atomic_write(copy, raw)
            except OSError as error:
                raise StoreError(
                    f"{copy}: cannot keep a copy before upgrading ({describe_os_error(error)}); "
                    "not saved, the database is unchanged"
                ) from None
            for step in range(version, SCHEMA_VERSION):
                data = MIGRATIONS[step](data)
            self._storage.write_now(data)
            self.check()
        return ensure_daily_backup(
            self.path, self._today(), self._current_bytes, checked_backup(self.path)
        )

    def _current_bytes(self) -> bytes:
        raw = self._storage.raw_bytes()
        return raw if raw is not None else read_no_follow(self.path)[0]

    def backups(self) -> list[Path]:
        return [path for _, path in backups(self.path)]

    def _tinydb(self) -> TinyDB:
        if self._db is None:
            from tinydb import TinyDB

            storage = self._storage
            self._db = TinyDB(storage=lambda: storage)
        return self._db

    def _table(self, name: str) -> Table:
        return self._tinydb().table(name, cache_size=0)

    @staticmethod
    def _document(value: dict[str, Any], doc_id: int) -> Any:
        from tinydb.table import Document

        return Document(value, doc_id=doc_id)

    def _put(self, table: str, doc: dict[str, Any], doc_id: int) -> None:
        """Store `doc` under `doc_id` as a new object, never changing the one there in place:
        a snapshot handed to a reader (the walk log's worker) stays as it was read."""
        records = self._table(table)
        if records.contains(doc_id=doc_id):
            records.remove(doc_ids=[doc_id])
        records.insert(self._document(doc, doc_id))

    def _insert(
        self, table: str, doc: dict[str, Any], wanted: int | None = None, *, reserved: bool = False
    ) -> int:
        """Insert under a new id from the file's counter: an id is never given twice.

        `wanted`: an id to keep (an import into a new file), if it was never given here;
        with `reserved`, the id the walk under way was given when it started.
        """
        data = self._storage.read() or {}
        ids = data.get(table) or {}
        counters = self._counters()
        new_id = counters[COUNTERS[table]]
        lowest = 1 if reserved else new_id  # an id once given is not given again...
        if wanted is not None and lowest <= wanted < MAX_ID and str(wanted) not in ids:
            new_id = wanted  # ...unless it was reserved for this very record
        if new_id >= MAX_ID:
            raise StoreError(f"{self.path}: no record ids are left; nothing was saved")
        counters[COUNTERS[table]] = max(counters[COUNTERS[table]], new_id + 1)
        self._save_meta(counters)
        self._add_record(table, doc, new_id)
        self._count_as(counters)  # what `next_ids` would find now: the meta just saved
        return new_id

    def _add_record(self, table: str, doc: dict[str, Any], doc_id: int) -> None:
        """Add `doc` last in `table`, as TinyDB's insert does, in one copy of the table.

        TinyDB rebuilds the whole table twice for an insert (its keys to ints and back):
        a quarter of an add at 10,000 walks. A new table object, as TinyDB's: a snapshot
        handed to a reader keeps the one it had."""
        data = self._storage.read()
        assert data is not None  # inside a transaction: the file as read, or {}
        if str(doc_id) in (data.get(table) or {}):
            raise ValueError(f"{table}: id {doc_id} is already taken")
        self._storage.write(with_record(data, table, doc_id, doc))

    @staticmethod
    def _fresh(
        items: list[R], have: set[R], counter: str, counters: dict[str, int], *, merge: bool
    ) -> list[tuple[int, R]]:
        """The records not already there, each with its id: its own (a new file, an id
        never given here and below IMPORTED_ID_LIMIT), else the next from the counter."""
        kept: dict[int, R] = {}
        rest: list[R] = []
        for item in items:
            plain = replace(item, id=None)
            if plain in have:
                continue
            have.add(plain)
            wanted: int | None = None if merge else item.id
            if (
                wanted is not None
                and counters[counter] <= wanted < IMPORTED_ID_LIMIT
                and wanted not in kept
            ):
                kept[wanted] = item
            else:
                rest.append(item)
        first: int = max([counters[counter], *(i + 1 for i in kept)])  # after every id kept
        fresh: list[tuple[int, R]] = list(kept.items())
        fresh += [(first + n, item) for n, item in enumerate(rest)]
        if fresh:
            highest = max(i for i, _ in fresh)
            if highest >= MAX_ID:
                raise StoreError("no record ids are left; nothing was imported")
            counters[counter] = max(counters[counter], highest + 1)
        return fresh

    def _counters(self) -> dict[str, int]:
        """The next id of each table (see `documents.next_ids`, shared with `quick_write`).

        Worked out again only when one of the tables it reads is another object: a table
        is never changed in place (every write builds a new one), and finding the highest
        id of 10,000 walks costs 2 ms, twice an add."""
        tables = self._counted_tables()
        if self._counted is not None and _same_objects(self._counted[0], tables):
            return dict(self._counted[1])
        counters = next_ids(self._storage.read())
        self._counted = (tables, dict(counters))
        return counters

    def _count_as(self, counters: dict[str, int]) -> None:
        """`counters` are what `next_ids` gives for the tables as they are now."""
        self._counted = (self._counted_tables(), dict(counters))

    def _counted_tables(self) -> tuple[object, ...]:
        data = self._storage.read() or {}
        return tuple(data.get(name) for name in (*COUNTERS, "active_walk", "meta"))

    def _save_meta(self, counters: dict[str, int]) -> None:
        update = meta_with(self._storage.read(), counters)
        if update is not None:
            self._put("meta", update[1], update[0])

    def _write(self, action: Callable[[], T]) -> T:
        with self.transaction():
            return action()

    def _stale(self, what: str) -> StaleRecord:
        return StaleRecord(f"{what}; nothing was saved, and the screen shows the file as it is now")

    # Sessions.

    def add_session(self, record: SessionRecord) -> int:
        return self._write(lambda: self._insert("sessions", session_to_doc(record)))

    def update_session(self, doc_id: int, record: SessionRecord) -> None:
        """Update a session this process added; refused if it was erased meanwhile."""

        def update() -> None:
            stored = self.records().session(doc_id)
            if stored is None:
                raise self._stale(f"session {doc_id} is no longer in the file (erased?)")
            doc = session_to_doc(record)
            if (stored.exercise, to_text(stored.started_at)) != (
                doc["exercise"],
                doc["started_at"],
            ):
                raise self._stale(f"session {doc_id} is another session now (erased and reused?)")
            self._put("sessions", doc, doc_id)

        self._write(update)

    def sessions(self) -> list[SessionRecord]:
        return self.records().sessions()

    def interrupt_orphans(self, alive: Callable[[int], bool]) -> int:
        """Sessions left `in_progress` by a process that is gone become `interrupted`."""

        def orphans() -> list[SessionRecord]:
            return [
                r
                for r in self.records().sessions()
                if r.status is SessionStatus.IN_PROGRESS and not (r.pid and alive(r.pid))
            ]

        if not any(not (pid and alive(pid)) for _, pid in self.glance().open_sessions):
            return 0  # none left open by a process that is gone: the log need not be read

        def mark() -> int:
            found = orphans()  # again, inside the lock
            for record in found:
                changed = replace(record, status=SessionStatus.INTERRUPTED, pid=None)
                self._put("sessions", session_to_doc(changed), record.id or 0)
            return len(found)

        return self._write(mark)

    # Walks.

    def add_walk(self, walk: Walk) -> int:
        return self._write(lambda: self._insert("walks", walk_to_doc(walk)))

    def _current(self, was: Kept) -> Kept:
        """The record `was` as the file has it now; StaleRecord if it changed or vanished."""
        table, noun = RECORD_TABLES[type(was)]
        doc_id = was.id
        if doc_id is None:
            raise ValueError(f"only a stored {noun} can be changed")
        records = self.records()
        readers: dict[str, Callable[[int], Any]] = {
            "walks": records.walk,
            "sessions": records.session,
            "care": records.care_item,
        }
        now = readers[table](doc_id)
        if now is None:
            raise self._stale(f"{noun} {doc_id} was deleted elsewhere")
        if now != was:
            raise self._stale(f"{noun} {doc_id} was changed elsewhere")
        return cast(Kept, now)

    def _delete(self, was: Kept, refuse: Callable[[Kept], None] | None = None) -> Deleted[Kept]:
        """Delete `was` as it was read (`refuse` may say no); undo only onto the file as left."""
        table, _ = RECORD_TABLES[type(was)]

        def delete() -> Kept:
            current = self._current(was)
            if refuse is not None:
                refuse(current)
            self._table(table).remove(doc_ids=[was.id or 0])
            return current

        record = self._write(delete)
        return Deleted(record, self._checked_signature)  # as written, inside the lock

    def update_walk(self, walk: Walk, *, was: Walk) -> None:
        """Save `walk` over `was`, only if the file still holds `was` as it was read."""

        def update() -> None:
            self._current(was)
            self._put("walks", walk_to_doc(walk), was.id or 0)

        self._write(update)

    def delete_walk(self, was: Walk) -> Deleted[Walk]:
        return self._delete(was)

    def restore_walk(self, deleted: Deleted[Walk]) -> int:
        """Undo a delete made here, under the walk's own id, if the file is as the delete left it."""
        return self._restore("walks", walk_to_doc(deleted.record), deleted, "the walk's delete")

    def _restore(self, table: str, doc: Document, deleted: Deleted[Any], what: str) -> int:
        def restore() -> int:
            if self._storage.cached_signature != deleted.signature:
                raise self._stale(
                    f"the file changed since the delete (something was saved from another "
                    f"window or the shell), so {what} cannot be undone"
                )
            record_id = deleted.record.id or 0
            self._table(table).insert(self._document(doc, record_id))
            return record_id

        return self._write(restore)

    def delete_session(self, was: SessionRecord) -> Deleted[SessionRecord]:
        """Delete a session as it was read; refused if it changed or vanished, or is under way
        in a process that is still running it (its next save would bring it back)."""

        def refuse(current: SessionRecord) -> None:
            if current.status is SessionStatus.IN_PROGRESS:
                raise UsageError("this session is under way; it can be deleted once it ends")

        return self._delete(was, refuse)

    def restore_session(self, deleted: Deleted[SessionRecord]) -> int:
        return self._restore(
            "sessions", session_to_doc(deleted.record), deleted, "the session's delete"
        )

    # Follow-up care.

    def care_items(self) -> list[CareItem]:
        return list(self.glance().care_items)

    def add_care(self, item: CareItem) -> int:
        return self._write(lambda: self._insert("care", care_to_doc(item)))

    def update_care(self, item: CareItem, *, was: CareItem) -> None:
        """Save `item` over `was`, only if the file still holds `was` as it was read."""

        def update() -> None:
            self._current(was)
            self._put("care", care_to_doc(replace(item, id=was.id)), was.id or 0)

        self._write(update)

    def delete_care(self, was: CareItem) -> Deleted[CareItem]:
        return self._delete(was)

    def restore_care(self, deleted: Deleted[CareItem]) -> int:
        return self._restore("care", care_to_doc(deleted.record), deleted, "the item's delete")

    def walk(self, doc_id: int) -> Walk | None:
        return self.records().walk(doc_id)

    def walks(self) -> list[Walk]:
        """All finished walks, newest first."""
        return self.records().walks()

    def walk_documents(self, since: datetime | None = None) -> list[dict[str, Any]]:
        self.check()
        return self.records().walk_documents(since)

    def last_walk_end(self, now: datetime | None = None) -> datetime | None:
        glance = self.glance()
        if now is not None and not glance.knows_last_walk_end(now):
            self.check()
            return self.records().last_walk_end(now)
        return glance.last_walk_end

    # The walk under way: kept apart from finished walks, so it can never count twice.

    def active_walk(self) -> ActiveWalk | None:
        return self.glance().active_walk

    def start_walk(self, started_at: datetime, pid: int | None = None) -> ActiveWalk:
        def start() -> ActiveWalk:
            existing = self.records().active_walk()
            if existing is not None:
                since = existing.started_at.astimezone(local_zone())
                raise UsageError(f"a walk is already under way (since {since:%H:%M})")
            counters = self._counters()
            walk_id = counters["next_walk_id"]  # the id this walk is saved under
            counters["next_walk_id"] += 1
            self._save_meta(counters)
            doc = active_to_doc(ActiveWalk(started_at, pid, walk_id))
            self._table("active_walk").truncate()
            self._table("active_walk").insert(self._document(doc, 1))
            return active_from_doc(doc)  # as stored (to the second)

        return self._write(start)

    def _under_way(self, started: ActiveWalk) -> None:
        now = self.records().active_walk()
        if now is None:
            raise self._stale(
                "no walk is under way any more (finished, cancelled or erased elsewhere)"
            )
        same_id = started.id is None or now.id == started.id  # None: read before schema 3
        if now.started_at != started.started_at or not same_id:
            raise self._stale("a different walk is under way now (started elsewhere)")

    def finish_walk(self, walk: Walk, *, started: ActiveWalk) -> int:
        """Save the finished walk and clear the walk under way, in one atomic write.

        Only the walk that was started (the same start) can be finished this way.
        """

        def finish() -> int:
            self._under_way(started)
            self._table("active_walk").truncate()
            return self._insert("walks", walk_to_doc(walk), started.id, reserved=True)

        return self._write(finish)

    def cancel_walk(self, started: ActiveWalk) -> None:
        """Drop the walk under way without saving it (only the one that was started)."""

        def cancel() -> None:
            self._under_way(started)
            self._table("active_walk").truncate()

        self._write(cancel)

    # Settings.

    def settings(self) -> Settings:
        return self.glance().settings

    def save_settings(self, settings: Settings) -> None:
        self._write(lambda: self._put("settings", settings.to_dict(), 1))

    def change_settings(self, before: Settings, after: Settings) -> Settings:
        """Save what changed from `before` to `after` onto the settings in the file now.

        Read and written inside one lock, so two windows changing different settings
        at the same moment both keep their change. Returns the settings as saved.
        """

        def change() -> Settings:
            merged = after.merged_onto(self.records().settings(), before)
            self._put("settings", merged.to_dict(), 1)
            return merged

        return self._write(change)

    # The therapist's plan.

    def plan_document(self) -> dict[str, Any] | None:
        """The plan as imported (`documents.plan_problem` gives its shape), or None."""
        return self.records().plan_document()

    def set_plan(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        """Keep `doc` as the plan, in place of any before it; returns the one replaced."""
        problem = plan_problem(doc)
        if problem:
            raise UsageError(f"not saved: plan: {problem}")

        def put() -> dict[str, Any] | None:
            before = self.records().plan_document()
            self._put("plan", doc, 1)
            return before

        return self._write(put)

    def clear_plan(self) -> dict[str, Any] | None:
        """Drop the plan (the general numbers apply again); returns it, or None if none was kept."""

        def clear() -> dict[str, Any] | None:
            before = self.records().plan_document()
            if before is not None:
                self._table("plan").truncate()
            return before

        return self._write(clear)

    # The exercises the person made in the editor.

    def own_exercise_documents(self) -> list[dict[str, Any]]:
        return self.records().own_exercise_documents()

    def save_own_exercise(self, doc: dict[str, Any], *, was: dict[str, Any] | None) -> None:
        """Keep `doc` (a new exercise with `was` None, else in place of `was`); refused if
        `was` changed or went meanwhile, or a new one's id is taken."""
        problem = own_exercise_problem(doc)
        if problem:
            raise UsageError(f"not saved: exercise: {problem}")

        def save() -> None:
            table = (self._storage.read() or {}).get("exercises") or {}
            found = {d["id"]: int(i) for i, d in table.items()}
            if was is None:
                if doc["id"] in found:
                    raise self._stale(f"an exercise with the id {doc['id']!r} was saved elsewhere")
                doc_id = max(map(int, table), default=0) + 1
            else:
                doc_id = found.get(was["id"], 0)
                if not doc_id or table[str(doc_id)] != was:
                    raise self._stale("this exercise was changed or deleted elsewhere")
                if doc["id"] != was["id"] and doc["id"] in found:
                    raise self._stale(f"an exercise with the id {doc['id']!r} was saved elsewhere")
            self._put("exercises", doc, doc_id)

        self._write(save)

    def delete_own_exercise(self, was: dict[str, Any]) -> None:
        def delete() -> None:
            table = (self._storage.read() or {}).get("exercises") or {}
            doc_id = next((int(i) for i, d in table.items() if d == was), None)
            if doc_id is None:
                raise self._stale("this exercise was changed or deleted elsewhere")
            self._table("exercises").remove(doc_ids=[doc_id])

        self._write(delete)

    # Whole-file operations.

    def schema_version(self) -> int:
        return schema_version_of(self._storage.read(), self.path)

    def import_records(
        self,
        walks: list[Walk],
        sessions: list[SessionRecord],
        *,
        merge: bool,
        care: list[CareItem] | None = None,
        plan: dict[str, Any] | None = None,
        own_exercises: list[dict[str, Any]] | None = None,
    ) -> Imported:
        """Add records from an export: into an empty database under their own ids, or with
        `merge`, each one not already there (same content) under a new id. Returns the
        walks, sessions and care items added, what became of the therapist's `plan`
        ("added" where none is kept, "left out" where another is: it may be the newer),
        and of the person's own exercises (one kept under an id stays).

        One insert per table, so a move of years of walks takes a moment, not minutes
        under the lock.
        """
        care = care or []

        def add() -> Imported:
            records = self.records()
            have_walks = {replace(w, id=None) for w in records.walks()}
            have_sessions = {replace(s, id=None) for s in records.sessions()}
            have_care = {replace(c, id=None) for c in records.care_items()}
            kept_plan = records.plan_document()
            if not merge and (
                have_walks
                or have_sessions
                or have_care
                or kept_plan
                or records.own_exercise_documents()
            ):
                raise UsageError(
                    f"{self.path} already holds records; use --merge to add what is not there"
                )
            counters = self._counters()
            new_walks = self._fresh(walks, have_walks, "next_walk_id", counters, merge=merge)
            new_sessions = self._fresh(
                sessions, have_sessions, "next_session_id", counters, merge=merge
            )
            new_care = self._fresh(care, have_care, "next_care_id", counters, merge=merge)
            self._save_meta(counters)
            for table, docs in (
                ("walks", [self._document(walk_to_doc(w), i) for i, w in new_walks]),
                ("sessions", [self._document(session_to_doc(r), i) for i, r in new_sessions]),
                ("care", [self._document(care_to_doc(c), i) for i, c in new_care]),
            ):
                if docs:
                    self._table(table).insert_multiple(docs)
            own_added: list[str] = []
            own_left_out: list[str] = []
            kept = {doc["id"]: doc for doc in records.own_exercise_documents()}
            next_id = max(map(int, (self._storage.read() or {}).get("exercises") or {}), default=0)
            for doc in own_exercises or []:
                if doc["id"] in kept:  # one kept under that id stays
                    if kept[doc["id"]] != doc:
                        own_left_out.append(doc["id"])
                    continue
                next_id += 1
                kept[doc["id"]] = doc
                own_added.append(doc["id"])
                self._put("exercises", doc, next_id)
            plan_fate = None
            if plan is not None and kept_plan is None:
                self._put("plan", plan, 1)
                plan_fate = "added"
            elif plan is not None and plan != kept_plan:
                plan_fate = "left out"
            return Imported(
                len(new_walks),
                len(new_sessions),
                len(new_care),
                plan_fate,
                tuple(own_added),
                tuple(own_left_out),
            )

        return self._write(add)

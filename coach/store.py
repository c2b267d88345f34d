"""The one module that touches TinyDB: records in and out as dataclasses.

Every read-modify-write holds an inter-process lock (a `.lock` file beside the
database, with a bounded wait) and, inside it, re-reads the file if its signature
changed, so two terminals and a shell command can share one database without
losing a record.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from coach.documents import (
    SCHEMA_VERSION,
    newest_first,
    refuse_newer,
    schema_version_of,
    stored_time,
    walk_documents,
    walk_ok,
)
from coach.errors import DamagedDatabase, LockTimeout, StoreError
from coach.model.records import ActiveWalk, SessionRecord, SessionStatus, Terrain, Walk
from coach.model.settings import Settings
from coach.status_cache import summary_path, vouches_for, write_summary
from coach.storage import AtomicJSONStorage, Signature, describe_os_error, file_signature

LOCK_TIMEOUT = 5.0  # seconds; then one clear line instead of a hang
BACKUPS_KEPT = 7
PRIVATE_FOLDER = 0o700
TABLES = ("meta", "settings", "sessions", "walks", "active_walk")

if TYPE_CHECKING:
    from filelock import FileLock
    from tinydb import TinyDB
    from tinydb.table import Table

T = TypeVar("T")


# Records <-> documents. Nothing outside this module sees a raw document.


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _int(doc: dict[str, Any], key: str, where: str, *, optional: bool = False) -> Any:
    value = doc.get(key)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{where}: {key} is not a whole number")
    return value


def _bool(doc: dict[str, Any], key: str, where: str) -> bool:
    value = doc.get(key)
    if not isinstance(value, bool):
        raise ValueError(f"{where}: {key} is not true or false")
    return value


def walk_to_doc(walk: Walk) -> dict[str, Any]:
    return {
        "started_at": _iso(walk.started_at),
        "ended_at": _iso(walk.ended_at),
        "minutes": walk.minutes,
        "terrain": walk.terrain.value,
        "leg_pain": walk.leg_pain,
        "pain": walk.pain,
        "note": walk.note,
    }


_TERRAINS = {"flat": Terrain.FLAT, "hilly": Terrain.HILLY}


def walk_from_doc(doc: dict[str, Any], doc_id: int) -> Walk:
    if walk_ok(doc):
        return Walk(
            datetime.fromisoformat(doc["started_at"]),
            datetime.fromisoformat(doc["ended_at"]),
            doc["minutes"],
            _TERRAINS[doc["terrain"]],
            doc["leg_pain"],
            doc.get("pain"),
            doc.get("note", ""),
            doc_id,
        )
    return _walk_from_doc_checked(doc, doc_id)


def _walk_from_doc_checked(doc: dict[str, Any], doc_id: int) -> Walk:
    """The slow path, which names the first field that is wrong."""
    where = f"walks record {doc_id}"
    terrain = doc.get("terrain")
    if terrain not in ("flat", "hilly"):
        raise ValueError(f"{where}: terrain is not 'flat' or 'hilly'")
    pain = _int(doc, "pain", where, optional=True)
    note = doc.get("note", "")
    if not isinstance(note, str):
        raise ValueError(f"{where}: note is not text")
    return Walk(
        started_at=stored_time(doc, "started_at", where),
        ended_at=stored_time(doc, "ended_at", where),
        minutes=_int(doc, "minutes", where),
        terrain=Terrain(terrain),
        leg_pain=_bool(doc, "leg_pain", where),
        pain=pain,
        note=note,
        id=doc_id,
    )


def session_to_doc(record: SessionRecord) -> dict[str, Any]:
    return {
        "exercise": record.exercise,
        "started_at": _iso(record.started_at),
        "ended_at": _iso(record.ended_at) if record.ended_at else None,
        "status": record.status.value,
        "reps_planned": record.reps_planned,
        "reps_done": record.reps_done,
        "hold_seconds": record.hold_seconds,
        "neck_variant": record.neck_variant,
        "stopped_for_pain": record.stopped_for_pain,
        "pain_after": record.pain_after,
        "pid": record.pid,
    }


def session_from_doc(doc: dict[str, Any], doc_id: int) -> SessionRecord:
    where = f"sessions record {doc_id}"
    status = doc.get("status")
    if status not in {s.value for s in SessionStatus}:
        raise ValueError(f"{where}: status {status!r} is not known")
    exercise = doc.get("exercise")
    if not isinstance(exercise, str):
        raise ValueError(f"{where}: exercise is not text")
    return SessionRecord(
        exercise=exercise,
        started_at=stored_time(doc, "started_at", where),
        ended_at=stored_time(doc, "ended_at", where) if doc.get("ended_at") is not None else None,
        status=SessionStatus(status),
        reps_planned=_int(doc, "reps_planned", where),
        reps_done=_int(doc, "reps_done", where),
        hold_seconds=_int(doc, "hold_seconds", where),
        neck_variant=_bool(doc, "neck_variant", where),
        pain_after=_int(doc, "pain_after", where, optional=True),
        pid=_int(doc, "pid", where, optional=True),
        id=doc_id,
    )


def _active_from_doc(doc: dict[str, Any]) -> ActiveWalk:
    return ActiveWalk(stored_time(doc, "started_at", "active walk"), doc.get("pid"))


# Migrations: each takes the raw tables of version N and returns version N + 1.


def _migrate_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0: a plain TinyDB file without `meta` (and maybe with `pain` missing)."""
    for doc in data.get("walks", {}).values():
        doc.setdefault("pain", None)
        doc.setdefault("note", "")
    data["meta"] = {"1": {"schema_version": 1}}
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _migrate_0_to_1}


class Store:
    """Back Coach's database: sessions, walks, the active walk, settings and meta."""

    def __init__(self, path: Path, *, kept_open: bool = False) -> None:
        """`kept_open`: the app holds the log in memory for hours, so keep that copy compact."""
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.backup_dir = self.path.with_name(self.path.name + ".backups")
        self._storage = AtomicJSONStorage(
            self.path, on_load=_share_repeated_values if kept_open else None
        )
        self._db: TinyDB | None = None  # TinyDB is for writes; reads use the storage directly
        self._ids_signature: Signature | None = None
        self._lock: FileLock | None = None
        self._checked_signature: Signature | None = None

    @classmethod
    def open(cls, path: Path, *, check_records: bool = True, kept_open: bool = False) -> Store:
        """Open and check the database; a damaged or newer file raises, and is left untouched.

        Read-only commands may skip checking every record up front: each record is
        checked anyway as it is read, and every write checks them all first.
        """
        store = cls(path, kept_open=kept_open)
        store.check(records=check_records)
        return store

    # Integrity.

    def check(self, *, records: bool = True) -> None:
        """Parse the whole file and every record; raise DamagedDatabase naming what is wrong.

        With `records=False` the walks (the one large table) are left to be checked as
        they are read; sessions, settings and the active walk are always checked. The
        walks need no second check either while the writers' summary vouches for them
        (see `documents.read_vouched`).
        """
        data = self._storage.read()
        signature = self._storage.cached_signature
        if data is None or signature == self._checked_signature:
            return
        version = schema_version_of(data, self.path)
        refuse_newer(version, self.path)
        if version < SCHEMA_VERSION:  # check what the file will be once migrated
            import copy

            data = copy.deepcopy(data)
            for step in range(version, SCHEMA_VERSION):
                data = MIGRATIONS[step](data)
        vouched = records and version == SCHEMA_VERSION and vouches_for(self.path, signature)
        self._check_records(data, walks=records and not vouched)
        if records:
            self._checked_signature = signature

    def _check_records(self, data: dict[str, Any], *, walks: bool = True) -> None:
        try:
            for doc_id, doc in data.get("walks", {}).items() if walks else ():
                if not walk_ok(doc):
                    _walk_from_doc_checked(doc, int(doc_id))  # raises, naming the field
            for doc_id, doc in data.get("sessions", {}).items():
                session_from_doc(doc, int(doc_id))
            for doc in data.get("active_walk", {}).values():
                _active_from_doc(doc)
            for doc in data.get("settings", {}).values():
                Settings.from_dict(doc)
        except ValueError as error:
            raise DamagedDatabase(f"{self.path}: {error}; the file was not changed") from None

    @property
    def signature(self) -> Signature | None:
        return file_signature(self.path)

    # Transactions.

    @contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout  # only writers pay for importing it

        self._ensure_folder()
        if self._lock is None:
            self._lock = FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT, mode=0o600)
        try:
            self._lock.acquire()
        except Timeout:
            raise LockTimeout(
                f"{self.lock_path}: another Back Coach process has held the database for over "
                f"{LOCK_TIMEOUT:.0f} s; try again"
            ) from None
        except OSError as error:
            raise StoreError(
                f"{self.lock_path}: cannot lock the database: {describe_os_error(error)}"
            ) from None
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
        with self._locked():
            self._storage.remove_stale_temps()
            self.check()
            self._prepare_write()
            self._storage.begin()
            if self._storage.cached_signature != self._ids_signature:
                for table in self._tinydb()._tables.values():  # another process added records
                    table._next_id = None
            try:
                yield
            except BaseException:
                self._storage.rollback()
                raise
            self._ensure_meta()
            self._storage.commit()
            self._checked_signature = file_signature(self.path)
            self._ids_signature = (
                self._storage.cached_signature
            )  # TinyDB's next ids match this file
            data = self._storage.read()
            if data is not None:
                write_summary(self.path, data)

    def _ensure_folder(self) -> None:
        folder = self.path.parent
        if folder.is_dir():
            return
        try:
            folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
            os.chmod(folder, PRIVATE_FOLDER)
        except OSError as error:
            raise StoreError(
                f"{folder}: cannot create the data folder: {describe_os_error(error)}"
            ) from None

    def _prepare_write(self) -> None:
        """Before writing: migrate an older file (keeping a copy) and make today's backup."""
        data = self._storage.read()
        if data is None:
            return
        version = schema_version_of(data, self.path)
        if version < SCHEMA_VERSION:
            kept = self._copy_aside(f"schema-{version}")
            for step in range(version, SCHEMA_VERSION):
                data = MIGRATIONS[step](data)
            self._storage.write_now(data)
            self.check()
            del kept
        self._daily_backup()

    def _copy_aside(self, label: str) -> Path:
        target = self.path.with_name(f"{self.path.name}.{label}.bak")
        _private_copy(self.path, target)
        return target

    def _daily_backup(self, today: date | None = None) -> None:
        day = (today or date.today()).isoformat()
        target = self.backup_dir / f"{self.path.stem}-{day}.json"
        if target.exists() or not self.path.exists():
            return
        try:
            self.backup_dir.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
            _private_copy(self.path, target)
        except OSError as error:
            raise StoreError(
                f"{target}: cannot write today's backup ({describe_os_error(error)}); not saved, "
                "the database is unchanged"
            ) from None
        for old in self.backups()[:-BACKUPS_KEPT]:
            old.unlink(missing_ok=True)

    def backups(self) -> list[Path]:
        if not self.backup_dir.is_dir():
            return []
        return sorted(self.backup_dir.glob(f"{self.path.stem}-*.json"))

    def _ensure_meta(self) -> None:
        meta = self._table("meta")
        if not meta.all():
            meta.insert({"schema_version": SCHEMA_VERSION})

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

    def _docs(self, name: str) -> dict[str, dict[str, Any]]:
        """A table's raw documents, for reading (no TinyDB objects, no copies)."""
        docs: dict[str, dict[str, Any]] = (self._storage.read() or {}).get(name, {})
        return docs

    def _write(self, action: Callable[[], T]) -> T:
        with self.transaction():
            return action()

    def refresh(self) -> bool:
        """Check for changes made by another process; True if the file changed."""
        before = self._checked_signature
        self.check()
        return self._checked_signature != before

    # Sessions.

    def add_session(self, record: SessionRecord) -> int:
        doc_id: int = self._write(lambda: self._table("sessions").insert(session_to_doc(record)))
        return doc_id

    def update_session(self, doc_id: int, record: SessionRecord) -> None:
        def update() -> None:
            table = self._table("sessions")
            table.upsert(self._document(session_to_doc(record), doc_id=doc_id))

        self._write(update)

    def sessions(self) -> list[SessionRecord]:
        try:
            records = [session_from_doc(doc, int(i)) for i, doc in self._docs("sessions").items()]
        except ValueError as error:
            raise DamagedDatabase(f"{self.path}: {error}; the file was not changed") from None
        return sorted(records, key=lambda r: r.started_at, reverse=True)

    def interrupt_orphans(self, alive: Callable[[int], bool]) -> int:
        """Sessions left `in_progress` by a process that is gone become `interrupted`."""
        orphans = [
            r
            for r in self.sessions()
            if r.status is SessionStatus.IN_PROGRESS and not (r.pid and alive(r.pid))
        ]
        if not orphans:
            return 0

        def mark() -> None:
            table = self._table("sessions")
            for record in orphans:
                changed = replace(record, status=SessionStatus.INTERRUPTED, pid=None)
                table.upsert(self._document(session_to_doc(changed), doc_id=record.id or 0))

        self._write(mark)
        return len(orphans)

    # Walks.

    def add_walk(self, walk: Walk) -> int:
        doc_id: int = self._write(lambda: self._table("walks").insert(walk_to_doc(walk)))
        return doc_id

    def update_walk(self, walk: Walk) -> None:
        if walk.id is None:
            raise ValueError("only a stored walk can be updated")
        doc_id = walk.id

        def update() -> None:
            table = self._table("walks")
            if not table.contains(doc_id=doc_id):
                raise StoreError(
                    f"{self.path}: walk {doc_id} is no longer there (deleted elsewhere?)"
                )
            table.upsert(self._document(walk_to_doc(walk), doc_id=doc_id))

        self._write(update)

    def delete_walk(self, doc_id: int) -> Walk | None:
        def delete() -> Walk | None:
            table = self._table("walks")
            doc = table.get(doc_id=doc_id)
            if doc is None:
                return None
            table.remove(doc_ids=[doc_id])
            return walk_from_doc(dict(doc), doc_id)

        return self._write(delete)

    def restore_walk(self, walk: Walk) -> int:
        """Undo a delete: put the walk back under its old id if that is still free."""

        def restore() -> int:
            table = self._table("walks")
            if walk.id is not None and not table.contains(doc_id=walk.id):
                return int(table.insert(self._document(walk_to_doc(walk), doc_id=walk.id)))
            return int(table.insert(walk_to_doc(walk)))

        return self._write(restore)

    def has_walk(self, doc_id: int) -> bool:
        """Is this walk still in the file (not deleted here or elsewhere)?"""
        return str(doc_id) in self._docs("walks")

    def walks(self) -> list[Walk]:
        """All finished walks, newest first."""
        raw = (self._storage.read() or {}).get("walks", {})
        try:
            walks = [walk_from_doc(doc, int(doc_id)) for doc_id, doc in raw.items()]
        except ValueError as error:
            raise DamagedDatabase(f"{self.path}: {error}; the file was not changed") from None
        walks.sort(key=lambda w: w.started_at, reverse=True)
        return walks

    def walk_log(self, *, offset: int, limit: int, since: datetime) -> WalkLogView:
        """One page of walks (newest first), the walks started since `since`, and the totals.

        Only what is shown becomes a `Walk`: a long log costs its page, not its length.
        """
        raw = self._docs("walks")
        try:
            ordered = newest_first(raw)
            page = [walk_from_doc(doc, int(i)) for i, doc in ordered[offset : offset + limit]]
            recent = []
            for doc_id, doc in ordered:
                if stored_time(doc, "started_at", f"walks record {doc_id}") < since:
                    break
                recent.append(walk_from_doc(doc, int(doc_id)))
        except (ValueError, KeyError, TypeError) as error:
            raise DamagedDatabase(f"{self.path}: {error}; the file was not changed") from None
        return WalkLogView(page, len(raw), recent, self.last_walk_end())

    def walk_documents(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Walks as stored (for JSON output), checked, newest first, with their ids."""
        self.check()
        try:
            return walk_documents(self._docs("walks"), since)
        except (ValueError, KeyError, TypeError) as error:
            raise DamagedDatabase(f"{self.path}: {error}; the file was not changed") from None

    def last_walk_end(self) -> datetime | None:
        walks = self._docs("walks")
        try:
            ends = [doc["ended_at"] for doc in walks.values()]
            if all(type(end) is str and end.endswith("+00:00") for end in ends):
                latest = max(ends, default=None)  # same offset: the text sorts as the time does
                return stored_time({"ended_at": latest}, "ended_at", "walks") if latest else None
            return max(
                (stored_time(doc, "ended_at", "walks") for doc in walks.values()), default=None
            )
        except KeyError:
            raise DamagedDatabase(
                f"{self.path}: a walk has no ended_at; the file was not changed"
            ) from None
        except ValueError as error:
            raise DamagedDatabase(f"{self.path}: {error}; the file was not changed") from None

    # The active walk: kept apart from finished walks, so it can never count twice.

    def active_walk(self) -> ActiveWalk | None:
        docs = list(self._docs("active_walk").values())
        try:
            return _active_from_doc(docs[0]) if docs else None
        except ValueError as error:
            raise DamagedDatabase(f"{self.path}: {error}; the file was not changed") from None

    def start_walk(self, started_at: datetime, pid: int | None = None) -> ActiveWalk:
        from coach.errors import UsageError

        def start() -> ActiveWalk:
            table = self._table("active_walk")
            existing = table.all()
            if existing:
                since = _active_from_doc(dict(existing[0])).started_at
                raise UsageError(f"a walk is already under way (since {since.astimezone():%H:%M})")
            table.insert({"started_at": _iso(started_at), "pid": pid})
            return ActiveWalk(started_at, pid)

        return self._write(start)

    def finish_walk(self, walk: Walk) -> int:
        """Save the finished walk and clear the active one, in one atomic write."""
        from coach.errors import UsageError

        def finish() -> int:
            active = self._table("active_walk")
            if not active.all():
                raise UsageError("no walk is under way")
            active.truncate()
            return int(self._table("walks").insert(walk_to_doc(walk)))

        return self._write(finish)

    def cancel_walk(self) -> None:
        self._write(lambda: self._table("active_walk").truncate())

    # Settings.

    def settings(self) -> Settings:
        docs = self._docs("settings")
        if not docs:
            return Settings()
        try:
            return Settings.from_dict(docs[min(docs, key=int)])
        except ValueError as error:
            raise DamagedDatabase(f"{self.path}: {error}") from None

    def save_settings(self, settings: Settings) -> None:
        self._write(
            lambda: self._table("settings").upsert(self._document(settings.to_dict(), doc_id=1))
        )

    def change_settings(self, before: Settings, after: Settings) -> Settings:
        """Save what changed from `before` to `after` onto the settings in the file now.

        Read and written inside one lock, so two windows changing different settings
        at the same moment both keep their change. Returns the settings as saved.
        """

        def change() -> Settings:
            merged = after.merged_onto(self.settings(), before)
            self._table("settings").upsert(self._document(merged.to_dict(), doc_id=1))
            return merged

        return self._write(change)

    # Whole-file operations.

    def schema_version(self) -> int:
        return schema_version_of(self._storage.read(), self.path)


@dataclass(frozen=True)
class WalkLogView:
    """What the walk log screen shows."""

    page: list[Walk]
    total: int
    recent: list[Walk]
    last_end: datetime | None


def _share_repeated_values(data: dict[str, Any]) -> None:
    """Keep one copy of each terrain word: about half a MiB less at 10,000 walks."""
    walks = data.get("walks")
    if not isinstance(walks, dict):
        return
    shared = {"flat": "flat", "hilly": "hilly"}
    for doc in walks.values():
        terrain = doc.get("terrain")
        if type(terrain) is str:
            doc["terrain"] = shared.get(terrain, terrain)


def _private_copy(source: Path, target: Path) -> None:
    import shutil

    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
        shutil.copyfileobj(src, out)
        out.flush()
        os.fsync(out.fileno())


def set_aside(path: Path, now: datetime) -> Path:
    """Move a damaged database out of the way, keeping every byte, and say where."""
    target = path.with_name(f"{path.name}.damaged-{now:%Y%m%dT%H%M%S}")
    os.replace(path, target)
    return target


def forget(path: Path) -> list[Path]:
    """Erase the database, its backups, its migration copies and its lock."""
    removed: list[Path] = []
    candidates = [path, path.with_name(path.name + ".lock"), summary_path(path)]
    candidates += sorted(path.parent.glob(f"{path.name}.*.bak"))
    backups = path.with_name(path.name + ".backups")
    if backups.is_dir():
        candidates += sorted(backups.iterdir())
    for candidate in candidates:
        try:
            candidate.unlink()
            removed.append(candidate)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise StoreError(f"{candidate}: cannot erase: {describe_os_error(error)}") from None
    if backups.is_dir():
        try:
            backups.rmdir()
            removed.append(backups)
        except OSError:
            pass
    return removed

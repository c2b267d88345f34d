"""Whole-file operations the shell offers: forget, set-aside, restore, import, and export files.

Each runs under the database's lock, so no writer in flight can bring back what
was erased or replaced, and none follows a link beside the database.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import DamagedDatabase, StoreError, UsageError
from coach.model.records import CareItem, SessionRecord, Walk
from coach.plain import unsafe
from coach.store.documents import (
    parse_database,
    parse_json,
    problems_in,
    refuse_newer,
    schema_version_of,
)
from coach.store.files import (
    atomic_write,
    describe_os_error,
    move_no_overwrite,
    read_no_follow,
    resolve_database,
)
from coach.store.housekeeping import (
    Erased,
    backups,
    backups_until,
    forget_files,
    is_companion,
    lock_path,
    set_aside_name,
)
from coach.store.lock import DatabaseLock

if TYPE_CHECKING:
    from coach.store.database import Imported


@contextmanager
def _locked(db: Path) -> Iterator[DatabaseLock]:
    lock = DatabaseLock(lock_path(db))
    lock.acquire()
    try:
        yield lock
    finally:
        lock.release()


def forget(path: Path) -> Erased:
    """Erase the database and every companion of it, the lock last, under that lock."""
    db = resolve_database(path)
    result = Erased()
    if not db.parent.is_dir():
        return result
    lock = Path(lock_path(db))
    if os.path.islink(lock):  # a planted link: removed as a link, never locked through
        _unlink(lock, result)
    existed = os.path.lexists(lock)
    with _locked(db):
        forget_files(db, result)
        _unlink(lock, result)  # while still held: a waiter finds the path gone and starts over
    if not existed and result.removed == [lock]:
        result.removed.clear()  # only the lock this call made: nothing was there to erase
    return result


def _unlink(path: Path, result: Erased) -> None:
    try:
        os.unlink(path)
        result.removed.append(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        result.left.append((path, describe_os_error(error)))


def loads(path: Path) -> str | None:
    """None if the database loads and every record meets the rules; else what is wrong."""
    from coach.store.database import Store

    try:
        Store.open(path)
    except DamagedDatabase as error:
        return str(error)
    return None


def set_aside(path: Path, now: datetime, *, force: bool = False) -> Path:
    """Move a database that fails to load out of the way, keeping every byte, under a new name."""
    db = resolve_database(path)
    if not os.path.lexists(db):
        raise StoreError(f"{db}: there is no database to set aside")
    if not force and loads(db) is None:
        raise UsageError(
            f"{db} loads and its records are sound, so it was not moved "
            "(to move it anyway: coach set-aside --force)"
        )
    with _locked(db):
        return _move_aside(db, now)


def _move_aside(db: Path, now: datetime) -> Path:
    while True:
        target = set_aside_name(db, now)
        try:
            move_no_overwrite(db, target)
            return target
        except FileExistsError:
            continue
        except OSError as error:
            raise StoreError(f"{db}: cannot move it aside: {describe_os_error(error)}") from None


def backup_days(path: Path) -> list[tuple[date, Path]]:
    return backups(resolve_database(path))


def restore(path: Path, day: date | None, now: datetime) -> tuple[Path, Path | None]:
    """Bring back the daily backup of `day` (else the newest sound one), the current file set
    aside first. Returns the backup used and where the current file went (if there was one)."""
    db = resolve_database(path)
    found = backups(db) if day is not None else backups_until(db, now.date())
    if day is not None:
        found = [(d, p) for d, p in found if d == day]
        if not found:
            raise UsageError(f"no backup of {day.isoformat()} (see: coach restore --list)")
    with _locked(db):
        for _, backup in reversed(found):
            try:
                raw = _sound(backup)
            except DamagedDatabase:
                if day is not None:
                    raise
                continue
            aside = _move_aside(db, now) if os.path.lexists(db) else None
            try:
                atomic_write(db, raw)
            except OSError as error:
                raise StoreError(
                    f"{db}: cannot restore {backup.name}: {describe_os_error(error)}"
                    + (f"; the file that was there is at {aside}" if aside else "")
                ) from None
            return backup, aside
    raise DamagedDatabase(f"{db}: no sound daily backup to restore")


def _sound(backup: Path) -> bytes:
    try:
        raw, _ = read_no_follow(backup)
    except OSError as error:
        raise DamagedDatabase(f"{backup}: cannot read it: {describe_os_error(error)}") from None
    data = parse_database(raw, backup)
    refuse_newer(schema_version_of(data, backup), backup)
    problem = problems_in(data)
    if problem:
        raise DamagedDatabase(f"{backup}: {problem}")
    return raw


def write_file(path: Path, text: str, *, database: Path | None = None) -> None:
    """An export or report the person asked for, written whole or not at all.

    A file (or nothing) at `path` is replaced atomically, a link there replaced as a
    link, never written through. A pipe, a terminal or a device there (`/dev/stdout`,
    a shell's `>(...)`) is written into, as the person meant. Never over `database`
    or a file kept beside it, and never over a file the person made read-only.
    """
    if database is not None:
        db = resolve_database(database)
        if is_companion(db, Path(os.path.realpath(path))) or is_companion(db, path.absolute()):
            raise UsageError(f"{path}: that is the database or a file kept beside it; not written")
    if _read_only(path):
        raise StoreError(f"{path}: cannot write it: the file is read-only")
    payload = text.encode("utf-8")
    try:
        if _is_stream(path):
            with open(path, "wb") as stream:
                stream.write(payload)
            return
        atomic_write(path, payload)
    except OSError as error:
        raise StoreError(f"{path}: cannot write it: {describe_os_error(error)}") from None


def write_new_file(folder: Path, stem: str, suffix: str, text: str) -> Path:
    """A file the app names itself (a report from History): `stem.suffix`, or `stem-2`...,
    created new (never over a file or through a link), 0600, whole or not at all."""
    payload = text.encode("utf-8")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for number in range(1, 1000):
        path = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        except OSError as error:
            raise StoreError(f"{path}: cannot write it: {describe_os_error(error)}") from None
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(payload)
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as error:
            with contextlib.suppress(OSError):
                path.unlink()
            raise StoreError(f"{path}: cannot write it: {describe_os_error(error)}") from None
        return path
    raise StoreError(f"{folder}: too many files named {stem}; nothing was written")


def _read_only(path: Path) -> bool:
    """A plain file nobody may write (chmod a-w), or this user may not: left as it is."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    import stat

    if not stat.S_ISREG(st.st_mode):
        return False
    return st.st_mode & 0o222 == 0 or not os.access(path, os.W_OK)


def _is_stream(path: Path) -> bool:
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


def read_export(file: Path) -> dict[str, Any]:
    """A JSON export, as `coach export --format json` writes it; DamagedDatabase if not."""
    try:
        raw, _ = read_no_follow(file)
    except FileNotFoundError:
        raise DamagedDatabase(f"{file}: no such file") from None
    except OSError as error:
        raise DamagedDatabase(f"{file}: cannot read it: {describe_os_error(error)}") from None
    try:
        document = parse_json(raw, file)
    except DamagedDatabase as error:
        why = str(error).removeprefix(f"{file}: ")
        raise DamagedDatabase(f"{file}: not a JSON export of Back Coach ({why})") from None
    if (
        not isinstance(document, dict)
        or not isinstance(document.get("walks", []), list)
        or not isinstance(document.get("sessions", []), list)
        or not isinstance(document.get("care", []), list)
    ):
        raise DamagedDatabase(f"{file}: not a JSON export of Back Coach (no walks or sessions)")
    return document


def import_export(
    path: Path,
    file: Path,
    *,
    merge: bool,
    plan_reads: Callable[[dict[str, Any]], str | None] | None = None,
) -> tuple[Imported, int]:
    """Add the records of a JSON export; every one is checked first, or nothing is added.

    Returns what was added (see `Store.import_records`), and how many records (walks,
    sessions and care items) the export held.
    `plan_reads(plan)`: what is wrong with the export's plan as this Back Coach reads it. Care items are added with them, and the therapist's
    plan if the database keeps none (one already kept stays: it may be the newer).
    """
    from coach.store.codec import care_from_doc, session_from_doc, walk_from_doc
    from coach.store.database import Store
    from coach.store.documents import own_exercise_problem, plan_problem

    document = read_export(file)
    walks: list[Walk] = []
    sessions: list[SessionRecord] = []
    care: list[CareItem] = []
    decoders: list[tuple[str, Callable[[dict[str, Any], int], Any], list[Any]]] = [
        ("walks", walk_from_doc, walks),
        ("sessions", session_from_doc, sessions),
        ("care", care_from_doc, care),
    ]
    for key, decode, out in decoders:
        for index, item in enumerate(document.get(key, [])):
            if not isinstance(item, dict):
                raise DamagedDatabase(
                    f"{file}: {key}[{index}] is not a record; nothing was imported"
                )
            doc = {k: v for k, v in item.items() if k != "id"}
            text = [v for k, v in doc.items() if k in TEXT_FIELDS and isinstance(v, str)]
            if any(unsafe(char) for value in text for char in value):
                raise DamagedDatabase(  # entered here as it would be typed: the same rule
                    f"{file}: {key}[{index}]: a text holds a control character; "
                    "nothing was imported"
                )
            wanted = item.get("id")
            try:
                record = decode(doc, wanted if type(wanted) is int and wanted > 0 else 0)
            except ValueError as error:
                message = str(error).split(": ", 1)[-1]
                raise DamagedDatabase(
                    f"{file}: {key}[{index}]: {message}; nothing was imported"
                ) from None
            out.append(record)
    plan = document.get("plan")
    if plan is not None:
        problem = plan_problem(plan) if isinstance(plan, dict) else "is not a record"
        if problem is None and plan_reads is not None:  # as the app would read it
            problem = plan_reads(plan)
        if problem:
            raise DamagedDatabase(f"{file}: plan: {problem}; nothing was imported")
    own = document.get("exercises") or []
    if not isinstance(own, list) or not all(isinstance(doc, dict) for doc in own):
        raise DamagedDatabase(f"{file}: exercises is not a list of records; nothing was imported")
    for index, doc in enumerate(own):
        problem = own_exercise_problem(doc)
        if problem:
            raise DamagedDatabase(f"{file}: exercises[{index}]: {problem}; nothing was imported")
    return Store(path).import_records(
        walks, sessions, merge=merge, care=care, plan=plan, own_exercises=own
    ), len(walks) + len(sessions) + len(care)


TEXT_FIELDS = frozenset({"note", "exercise", "name", "who", "dose", "how_often", "value"})

"""The database's companions: daily backups, set-aside copies, stale temporary files, forget.

Every name here is matched literally (a person's file name may hold `*?[`), no link is
ever followed or entered (a link is removed as a link), and an entry that is not
Back Coach's is left alone and reported, never a reason to stop half-way.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Callable
from datetime import date, datetime

from coach.errors import StoreError
from coach.store.files import (
    atomic_write,
    describe_os_error,
    folder_of,
    is_temp_for,
    private_folder,
    read_no_follow,
    unique_name,
)

TYPE_CHECKING = False  # no `pathlib` at run time: `coach walk add` keeps its backup by name
if TYPE_CHECKING:
    from pathlib import Path

    from coach.store.files import StrPath

BACKUPS_KEPT = 7  # today's and the six days before it that have one
SET_ASIDE = ".set-aside-"
# Patterns are compiled on first use, by `re`'s own cache (`walk add` needs neither).
_BACKUP_DATE = r"(\d{4}-\d{2}-\d{2})\.json"


def backup_dir(db: StrPath) -> Path:
    from pathlib import Path

    return Path(_backup_folder(db))


def _backup_folder(db: StrPath) -> str:
    return os.fspath(db) + ".backups"


def lock_path(db: StrPath) -> str:
    return os.fspath(db) + ".lock"


def backup_path(db: StrPath, day: date) -> Path:
    from pathlib import Path

    return Path(_backup_file(db, day))


def _backup_file(db: StrPath, day: date) -> str:
    return os.path.join(_backup_folder(db), f"{_stem(db)}-{day.isoformat()}.json")


def _stem(db: StrPath) -> str:
    """The file's name without its last suffix, as `Path.stem` gives it."""
    name = os.path.basename(db)
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def backup_day(db: StrPath, name: str) -> date | None:
    """The day a backup's name says, if `name` is one of this database's backups."""
    prefix = f"{_stem(db)}-"
    if not name.startswith(prefix):
        return None
    match = re.fullmatch(_BACKUP_DATE, name[len(prefix) :])
    if match is None:
        return None
    try:
        return date.fromisoformat(match[1])
    except ValueError:
        return None


def backups_until(db: StrPath, today: date) -> list[tuple[date, Path]]:
    """The backups of `today` and before, oldest first: a wrong clock's future ones left out."""
    return [(day, path) for day, path in backups(db) if day <= today]


def backups(db: StrPath) -> list[tuple[date, Path]]:
    """This database's backups (plain files only), oldest first."""
    from pathlib import Path

    return [(day, Path(path)) for day, path in _backup_files(db)]


def _backup_files(db: StrPath) -> list[tuple[date, str]]:
    folder = _backup_folder(db)
    if os.path.islink(folder) or not os.path.isdir(folder):
        return []
    found = []
    for entry in os.scandir(folder):
        day = backup_day(db, entry.name)
        if day is not None and entry.is_file(follow_symlinks=False):
            found.append((day, entry.path))
    return sorted(found)


def ensure_daily_backup(
    db: StrPath, today: date, current: Callable[[], bytes], checked: list[object] | None
) -> list[object] | None:
    """Make sure today's backup exists and is whole; return what the summary should remember.

    `checked` is [name, size, mtime_ns] of the copy last read back whole: while today's
    file still matches it, it is trusted; otherwise it is read (and redone if it does not
    parse). A missing one is written from `current`, the checked bytes of the database.
    """
    target = _backup_file(db, today)
    name = os.path.basename(target)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode):
        mark = [name, st.st_size, st.st_mtime_ns]
        if mark == checked:
            return checked
        if _parses(target):
            return mark
    try:
        private_folder(_backup_folder(db))
    except OSError as error:
        raise StoreError(
            f"{_backup_folder(db)}: cannot keep today's backup there ({describe_os_error(error)}); "
            "not saved, the database is unchanged"
        ) from None
    try:
        atomic_write(target, current())
        if not _parses(target):
            raise OSError(0, "the copy written cannot be read back")
        st = os.lstat(target)
    except OSError as error:
        raise StoreError(
            f"{target}: cannot write today's backup ({describe_os_error(error)}); not saved, "
            "the database is unchanged"
        ) from None
    _rotate(db, today)
    return [name, st.st_size, st.st_mtime_ns]


def _parses(path: StrPath) -> bool:
    try:
        raw, _ = read_no_follow(path)
        return isinstance(json.loads(raw), dict)
    except (OSError, ValueError, RecursionError):
        return False


def _rotate(db: StrPath, today: date) -> None:
    """Keep today's and the newest past days' backups; dates ahead of today are not counted."""
    past = [path for day, path in _backup_files(db) if day < today]
    for old in past[: max(0, len(past) - (BACKUPS_KEPT - 1))]:
        with contextlib.suppress(OSError):
            os.unlink(old)


def remove_stale_temps(db: StrPath) -> None:
    """Temporary files left by a writer killed before its rename (call under the lock)."""
    _remove_matching(folder_of(db), lambda name: _is_temp_beside(db, name))
    _remove_matching(_backup_folder(db), lambda name: _is_backup_temp(db, name))


def _remove_matching(folder: StrPath, is_ours: Callable[[str], bool]) -> None:
    if os.path.islink(folder):
        return
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if is_ours(entry.name) and not entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _is_temp_beside(db: StrPath, name: str) -> bool:
    db_name = os.path.basename(db)
    return is_temp_for(name, db_name) or is_temp_for(name, db_name + ".summary")


def _is_backup_temp(db: StrPath, name: str) -> bool:
    """A temporary file of a backup being written: `.<stem>-YYYY-MM-DD.json.XXXXXXXX.tmp`."""
    if not name.startswith("."):
        return False
    target = name[1:].rsplit(".", 2)[0]
    return backup_day(db, target) is not None and is_temp_for(name, target)


def set_aside_name(db: Path, now: datetime) -> Path:
    return unique_name(db.parent, f"{db.name}{SET_ASIDE}{now:%Y%m%dT%H%M%S}")


_SET_ASIDE_TAIL = (
    r"\.(?:set-aside|damaged)-\d{8}T\d{6}(?:-\d+)?"  # set aside (damaged: earlier versions)
    r"|\.schema-\d+\.bak(?:-\d+)?"  # the copy kept on an upgrade
)


def is_set_aside(db: Path, name: str) -> bool:
    """One of this database's set-aside copies, by its exact form (not any name it begins)."""
    return (
        name.startswith(db.name)
        and re.fullmatch(_SET_ASIDE_TAIL, name[len(db.name) :], re.ASCII) is not None
    )


def is_companion(db: Path, path: Path) -> bool:
    """The database itself or a file Back Coach keeps beside it (to write nothing over them)."""
    if path == db or path.parent == backup_dir(db) or path == backup_dir(db):
        return True
    return path.parent == db.parent and (
        path.name in (db.name + ".lock", db.name + ".summary")
        or is_set_aside(db, path.name)
        or _is_temp_beside(db, path.name)
    )


class Erased:
    """What `forget` removed, and what it found but left (not Back Coach's, or not removable)."""

    def __init__(self) -> None:
        self.removed: list[Path] = []
        self.left: list[tuple[Path, str]] = []


def forget_files(db: Path, result: Erased) -> None:
    """Remove this database's files and companions, except the lock (the caller holds it)."""
    from pathlib import Path

    folder = db.parent
    names = {db.name, db.name + ".summary"}
    with contextlib.suppress(FileNotFoundError):
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            name = entry.name
            if name in names or is_set_aside(db, name) or _is_temp_beside(db, name):
                _remove(Path(entry.path), result)
    _forget_backups(db, result)


def _forget_backups(db: Path, result: Erased) -> None:
    from pathlib import Path

    folder = backup_dir(db)
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(st.st_mode):  # a link (never entered) or a stray file of that name
        _remove(folder, result)
        return
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        ours = backup_day(db, entry.name) is not None or _is_backup_temp(db, entry.name)
        if ours and not entry.is_dir(follow_symlinks=False):
            _remove(Path(entry.path), result)
        else:
            result.left.append((Path(entry.path), "not a Back Coach backup"))
    try:
        os.rmdir(folder)
        result.removed.append(folder)
    except OSError:
        result.left.append((folder, "not empty"))


def _remove(path: Path, result: Erased) -> None:
    try:
        os.unlink(path)  # a link is removed as a link
        result.removed.append(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        result.left.append((path, describe_os_error(error)))

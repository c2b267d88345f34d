"""An atomic, private JSON storage for TinyDB.

TinyDB's stock `JSONStorage` rewrites the file in place, so a kill or a full disk
mid-write loses the whole log. This storage writes a temporary file in the same
folder, fsyncs it and renames it over the database, so the file on disk is
always either the old version or the new one. Reads are cached by the file's
(inode, size, mtime_ns) signature, so an unchanged file is not parsed again.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach.errors import DamagedDatabase, StoreError

FAULT_ENV = "COACH_FAULT"  # test-only fault points: after-temp-write, after-rename, disk-full
PRIVATE_FILE = 0o600

Signature = tuple[int, int, int, int]


def file_signature(path: Path) -> Signature | None:
    """(inode, size, mtime_ns, ctime_ns): what changes whenever another process replaces the file.

    Every write replaces the file with a new one (a new inode while the old one still
    exists), so a stale copy would need another inode reused, at the same size, within
    the same clock tick, twice: the signature is what tells readers and writers alike
    whether their copy is current.
    """
    try:
        return signature_of(os.stat(path))
    except FileNotFoundError:
        return None


def signature_of(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _fault(point: str) -> None:
    if os.environ.get(FAULT_ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def describe_os_error(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "no space left on the disk"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EROFS:
        return "the disk is read-only"
    return error.strerror or str(error)


def check_shape(data: Any, path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """TinyDB's layout: tables of documents, each a JSON object with a numeric id."""
    if not isinstance(data, dict):
        raise DamagedDatabase(f"{path}: the file is JSON but not a Back Coach database (no tables)")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DamagedDatabase(f"{path}: table {name!r} is not a table of records")
        for doc_id, doc in table.items():
            if not doc_id.isdigit() or not isinstance(doc, dict):
                raise DamagedDatabase(f"{path}: table {name!r}, record {doc_id!r} is not a record")
    return data


class AtomicJSONStorage:
    """Whole-file atomic writes, signature-cached reads, and optional buffered transactions.

    It has the shape of `tinydb.storages.Storage` (read, write, close) without importing
    TinyDB, so the commands that only read never load it.
    """

    def __init__(
        self, path: str | os.PathLike[str], on_load: Callable[[dict[str, Any]], None] | None = None
    ) -> None:
        self.path = Path(path)
        self._on_load = on_load  # a chance to compact what is kept in memory
        self._cache: dict[str, Any] | None = None
        self._cache_signature: Signature | None = None
        self._buffer: dict[str, Any] | None = None
        self._in_transaction = False
        self._dirty = False
        self.writes = 0
        self.parses = 0

    # Storage API, called by TinyDB's tables.

    def read(self) -> dict[str, Any] | None:
        if self._in_transaction:
            if self._buffer is None:
                self._buffer = self._load() or {}
            return self._buffer
        return self._load()

    def write(self, data: dict[str, Any]) -> None:
        if self._in_transaction:
            self._buffer = data
            self._dirty = True
            return
        self.write_now(data)

    def close(self) -> None:
        pass

    # Transactions: several table operations, one atomic write.

    def begin(self) -> None:
        self._in_transaction = True
        self._buffer = None
        self._dirty = False

    def commit(self) -> None:
        try:
            if self._dirty and self._buffer is not None:
                self.write_now(self._buffer)
        finally:
            self._end()

    def rollback(self) -> None:
        self._end()
        self.invalidate()

    def _end(self) -> None:
        self._in_transaction = False
        self._buffer = None
        self._dirty = False

    def remove_stale_temps(self) -> int:
        """Delete temporary files left by a writer killed before its rename (call under the lock)."""
        removed = 0
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed += 1
        return removed

    @property
    def cached_signature(self) -> Signature | None:
        """The signature of the file the copy in memory was read from (or written as)."""
        return self._cache_signature

    def invalidate(self) -> None:
        self._cache = None
        self._cache_signature = None

    # Reading.

    def _load(self) -> dict[str, Any] | None:
        signature = file_signature(self.path)
        if signature is None:
            self.invalidate()
            return None
        if self._cache is not None and signature == self._cache_signature:
            return self._cache
        return self._load_fresh()

    def _load_fresh(self) -> dict[str, Any] | None:
        try:
            with open(self.path, "rb") as handle:
                signature = signature_of(os.fstat(handle.fileno()))  # of the very file read
                raw = handle.read()
        except FileNotFoundError:
            self.invalidate()
            return None
        except OSError as error:
            raise StoreError(
                f"{self.path}: cannot read the database: {describe_os_error(error)}"
            ) from None
        self.parses += 1
        data = parse_database(raw, self.path)
        if self._on_load is not None:
            self._on_load(data)
        self._cache, self._cache_signature = data, signature
        return data

    # Writing.

    def write_now(self, data: dict[str, Any]) -> None:
        """Serialise first (nothing touches the disk if that fails), then write and rename."""
        try:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError) as error:
            self.invalidate()
            raise StoreError(
                f"{self.path}: not saved: a value cannot be stored ({error})"
            ) from None
        import tempfile  # only writers pay for it (it pulls in random and hashlib)

        payload = text.encode("utf-8")
        folder = self.path.parent
        temp_name: str | None = None
        try:
            fd, temp_name = tempfile.mkstemp(
                dir=folder, prefix=f".{self.path.name}.", suffix=".tmp"
            )
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), PRIVATE_FILE)
                if os.environ.get(FAULT_ENV) == "disk-full":
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            _fault("after-temp-write")
            os.replace(temp_name, self.path)
            temp_name = None
            _fsync_folder(folder)
        except OSError as error:
            self.invalidate()
            raise StoreError(
                f"{self.path}: not saved: {describe_os_error(error)}; the previous file is unchanged"
            ) from None
        finally:
            if temp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp_name)
        self.writes += 1
        self._cache, self._cache_signature = data, file_signature(self.path)
        _fault("after-rename")


def parse_database(raw: bytes, path: Path) -> dict[str, Any]:
    if not raw.strip():
        raise DamagedDatabase(f"{path}: the database file is empty (it may have been cut short)")
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise DamagedDatabase(f"{path}: the database is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise DamagedDatabase(
            f"{path}: the database is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); it may be cut short or damaged"
        ) from None
    return check_shape(data, path)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut right after must not undo it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

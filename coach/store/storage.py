"""TinyDB's storage for Back Coach: atomic private writes and signature-cached reads.

TinyDB's stock `JSONStorage` rewrites the file in place, so a kill or a full disk
mid-write loses the whole log. This one writes through `files.atomic_write`, so the
file on disk is always either the old version or the new one. Reads are cached by
the file's (inode, size, mtime_ns, ctime_ns) signature, so an unchanged file is not
parsed again.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

from coach.errors import StoreError
from coach.store.documents import _lone_surrogate, check_shape, parse_database
from coach.store.files import (
    Signature,
    describe_os_error,
    encode_database,
    fault,
    file_signature,
    read_no_follow,
    signature_of,
    write_encoded,
)

PIECE = 500  # records per piece: about 0.2 ms of encoding each


def dumps_in_pieces(data: Mapping[str, Any]) -> str:
    """`json.dumps(data, ensure_ascii=False, separators=(",", ":"))`, the same text, built
    a few hundred records at a time.

    One call to the C encoder holds the interpreter for the whole file (about 0.4 s at
    100,000 walks), so the app's writer thread would freeze the screen for that long;
    between pieces the thread that draws the screen gets its turn.
    """
    parts = []
    for name, table in data.items():
        if isinstance(table, dict) and len(table) > PIECE:
            records, pieces = iter(table.items()), []
            while chunk := dict(islice(records, PIECE)):
                pieces.append(_dumps(chunk)[1:-1])
            parts.append(_dumps({name: {}})[1:-3] + "{" + ",".join(pieces) + "}")
        else:
            parts.append(_dumps({name: table})[1:-1])
    return "{" + ",".join(parts) + "}"


# bytes: a smaller file (up to some 12,000 walks) is parsed in one call, about 25 ms;
# read a record at a time it would take half as long again, and longer still while the
# screen's thread draws (each record waits for its turn), as when the walk log opens
PIECEWISE_FROM = 2 << 20
_scan_value: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def loads_in_pieces(raw: bytes) -> dict[str, Any] | None:
    """`json.loads(raw)`, the same objects, read one record at a time: None if the text
    is not laid out as `dumps_in_pieces` writes it (compact, an object of objects).

    For the same reason as `dumps_in_pieces`: one `json.loads` of 16 MB holds the
    interpreter for about 0.4 s; between records the screen's thread gets its turn.
    Anything unexpected is left to `json.loads`, which also says what is wrong.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        data, at = _object_of_objects(text, 0, _scan_value, deeper=True)
    except (StopIteration, ValueError, IndexError):
        return None
    if at != len(text):
        return None
    if b"\\" in raw and (b"\\ud" in raw or b"\\uD" in raw) and _lone_surrogate(data):
        return None  # json.loads's path says what is wrong
    return data


def _object_of_objects(
    text: str, at: int, scan: Callable[[str, int], tuple[Any, int]], *, deeper: bool
) -> tuple[dict[str, Any], int]:
    """The object at `at`, each member parsed on its own (a table's, with `deeper`);
    ValueError for anything but compact JSON."""
    if text[at] != "{":
        raise ValueError("not an object")
    found: dict[str, Any] = {}
    at += 1
    if text[at] == "}":
        return found, at + 1
    while True:
        if text[at] != '"':
            raise ValueError("not a key")
        key, at = scanstring(text, at + 1)
        if text[at] != ":":
            raise ValueError("not compact")
        if deeper and text[at + 1] == "{":
            found[key], at = _object_of_objects(text, at + 1, scan, deeper=False)
        else:
            found[key], at = scan(text, at + 1)
        if text[at] == "}":
            return found, at + 1
        if text[at] != ",":
            raise ValueError("not compact")
        at += 1


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class AtomicJSONStorage:
    """Whole-file atomic writes, signature-cached reads, and buffered transactions.

    It has the shape of `tinydb.storages.Storage` (read, write, close) without importing
    TinyDB, so the commands that only read never load it.
    """

    def __init__(self, path: Path, on_load: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.path = path
        self._on_load = on_load  # a chance to compact what is kept in memory
        self._cache: dict[str, Any] | None = None
        self._cache_signature: Signature | None = None
        self._raw: bytes | None = None  # the bytes of the file read last, for today's backup
        self._crc32: int | None = None  # of the bytes last written by this process
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
        if not self._in_transaction:
            raise RuntimeError("the store writes only inside a transaction")
        self._buffer = data
        self._dirty = True

    def close(self) -> None:
        pass

    # Transactions: several table operations, one atomic write.

    def begin(self) -> None:
        self._in_transaction = True
        self._buffer = None
        self._dirty = False

    @property
    def dirty(self) -> bool:
        return self._dirty

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

    @property
    def cached_signature(self) -> Signature | None:
        """The signature of the file the copy in memory was read from (or written as)."""
        return self._cache_signature

    @property
    def written_crc32(self) -> int | None:
        """The CRC-32 of the bytes this process wrote last, while its copy is of them (the
        summary keeps it, so that the quick add knows the summary describes those bytes)."""
        return self._crc32 if self._raw is None and self._cache is not None else None

    def raw_bytes(self) -> bytes | None:
        """The bytes the copy in memory was parsed from (None after a write of our own)."""
        return self._raw

    def invalidate(self) -> None:
        self._cache = None
        self._cache_signature = None
        self._raw = None

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
            raw, st = read_no_follow(self.path)
        except FileNotFoundError:
            self.invalidate()
            return None
        except OSError as error:
            raise StoreError(
                f"{self.path}: cannot read the database: {describe_os_error(error)}"
            ) from None
        self.parses += 1
        from coach.store.summary import vouches_for

        # A file a Back Coach writer vouches for has no repeated keys (json.dumps writes none).
        vouched = vouches_for(self.path, signature_of(st))
        pieces = loads_in_pieces(raw) if vouched and len(raw) >= PIECEWISE_FROM else None
        if pieces is not None:
            data = check_shape(pieces, self.path)
        else:
            data = parse_database(raw, self.path, strict=not vouched)
        if self._on_load is not None:
            self._on_load(data)
        self._cache, self._cache_signature, self._raw = data, signature_of(st), raw
        return data

    # Writing.

    def write_now(self, data: dict[str, Any]) -> None:
        """Serialise first (nothing touches the disk if that fails), then write and rename
        (`files.encode_database` and `write_encoded`, as the quick add writes), in pieces."""
        try:
            encoded = encode_database(self.path, data, dumps_in_pieces)
            signature = write_encoded(self.path, encoded)
        except StoreError:
            self.invalidate()
            raise
        self.writes += 1
        # the file as written; None if another process replaced it since: read it again
        self._cache, self._cache_signature, self._raw = data, signature, None
        self._crc32 = zlib.crc32(encoded)
        fault("after-rename")

"""Files beside the database: signatures, one atomic writer, and no link ever followed.

Every file Back Coach writes (the database, its summary, backups, set-aside copies,
exports) goes through `atomic_write`: a temporary file created exclusively in the
same folder (so a planted link at a predictable name is never opened), made private,
written, fsynced, renamed over the target (a link at the target is replaced, its
target left alone), and the folder fsynced.
"""

from __future__ import annotations

import errno
import os
import stat

from coach.errors import StoreError

TYPE_CHECKING = False  # no `typing` nor `pathlib` at run time: the quick readers pass strings
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path
    from typing import Any

    StrPath = str | os.PathLike[str]

FAULT_ENV = "COACH_FAULT"  # test-only fault points: after-temp-write, after-rename, disk-full
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
TEMP_SUFFIX = ".tmp"

Signature = tuple[int, int, int, int]


def resolve_database(path: StrPath) -> Path:
    """The database path as the person chose it, links and all (a synced folder, say):
    resolved once, here, and written through. Links beside it are never followed.
    A "~" was expanded where the path was chosen (`locations.db_location`), once: here it
    is a folder's name (`./~/x.json`)."""
    from pathlib import Path

    return Path(resolved_location(path))


def resolved_location(path: StrPath) -> str:
    """`resolve_database` as a plain string, for the shell's quick readers."""
    return os.path.realpath(os.fspath(path))


def file_signature(path: StrPath) -> Signature | None:
    """(inode, size, mtime_ns, ctime_ns): what changes whenever another process replaces the file.

    Every write replaces the file with a new one (a new inode while the old one still
    exists), so a stale copy would need another inode reused, at the same size, within
    the same clock tick, twice.
    """
    try:
        return signature_of(os.stat(path))
    except (FileNotFoundError, NotADirectoryError):
        return None


def signature_of(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def fault(point: str) -> None:
    """A test's chosen moment to die (COACH_FAULT), to prove a kill there loses nothing."""
    if os.environ.get(FAULT_ENV) == point:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def describe_os_error(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "no space left on the disk"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EROFS:
        return "the disk is read-only"
    if error.errno == errno.ELOOP:
        return "it is a symbolic link, which Back Coach does not follow"
    return error.strerror or str(error)


def temp_prefix(target: StrPath) -> str:
    """Temporary files for `target` are `.<name>.<random>.tmp` in its folder."""
    return f".{os.path.basename(target)}."


def folder_of(path: StrPath) -> str:
    """The folder `path` is in, as `Path.parent` names it ("." for a bare name)."""
    return os.path.dirname(path) or os.curdir


_TEMP_RANDOM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")  # mkstemp's (or a pid)


def is_temp_for(name: str, target_name: str) -> bool:
    """Is `name` exactly one of atomic_write's temporary files for `target_name`?

    Literal, no glob: `.walks.XXXXXXXX.tmp` is for `walks`, never for `walks.json`
    (whose temporary names have a dot where `walks`'s have only the random part).
    Earlier versions put a process id there; those count too.
    """
    prefix = f".{target_name}."
    if not (name.startswith(prefix) and name.endswith(TEMP_SUFFIX)):
        return False
    middle = name[len(prefix) : -len(TEMP_SUFFIX)]
    return bool(middle) and _TEMP_RANDOM.issuperset(middle)


def atomic_write(
    target: StrPath, payload: bytes, *, durable: bool = True, fault_points: bool = False
) -> Signature | None:
    """Replace `target` with `payload`, all or nothing; raise OSError, leaving `target` as it was.

    Returns the signature of the file as written, or None if another process replaced or
    changed it before it could be read (then nothing may vouch for what is there now).
    `durable=False` skips the fsyncs, for caches that may be lost. `fault_points`: the
    database's own writes, where tests may choose to kill the writer (COACH_FAULT).
    """
    import tempfile  # only writers pay for it (it pulls in random and hashlib)

    folder = folder_of(target)
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=temp_prefix(target), suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), PRIVATE_FILE)
            if fault_points and os.environ.get(FAULT_ENV) == "disk-full":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
            written = os.fstat(handle.fileno())  # a rename keeps all but its ctime
        if fault_points:
            fault("after-temp-write")
        os.replace(temp_name, target)
    except BaseException:
        import contextlib  # here: the readers (`walk list`) would load it for nothing

        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if durable:
        fsync_folder(folder)
    try:
        now = os.stat(target, follow_symlinks=False)
    except OSError:
        return None
    same = (now.st_ino, now.st_size, now.st_mtime_ns) == (
        written.st_ino,
        written.st_size,
        written.st_mtime_ns,
    )
    return signature_of(now) if same else None


def write_database(
    path: StrPath, data: Mapping[str, Any], dumps: Callable[[Mapping[str, Any]], str] | None = None
) -> Signature | None:
    """The database in its one format (TinyDB's tables as compact JSON, text as UTF-8),
    replaced atomically and durably. Serialised first, so nothing touches the disk if a
    value cannot be stored; StoreError in one line if not saved (the file is as it was).
    Returns the signature of the file written (None: replaced since by another process).

    `dumps`: another way to the very same text (the app's writer thread encodes it a
    few hundred records at a time); by default one call to the C encoder.
    """
    return write_encoded(path, encode_database(path, data, dumps))


def encode_database(
    path: StrPath, data: Mapping[str, Any], dumps: Callable[[Mapping[str, Any]], str] | None = None
) -> bytes:
    """The bytes `write_database` writes; StoreError in one line if a value cannot be stored."""
    import json

    try:
        if dumps is None:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        else:
            text = dumps(data)
    except (TypeError, ValueError) as error:
        raise StoreError(f"{path}: not saved: a value cannot be stored ({error})") from None
    return text.encode("utf-8")


def write_encoded(path: StrPath, encoded: bytes) -> Signature | None:
    """`encode_database`'s bytes written as `write_database` writes them."""
    try:
        return atomic_write(path, encoded, fault_points=True)
    except OSError as error:
        raise StoreError(
            f"{path}: not saved: {describe_os_error(error)}; the previous file is unchanged"
        ) from None


def fsync_folder(folder: StrPath) -> None:
    """Make a rename itself durable (a power cut right after must not undo it)."""
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


def read_no_follow(path: StrPath, limit: int | None = None) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes and its stat, refusing a link or anything but a plain file
    (and, with `limit`, a file of more bytes than that).

    The stat is taken once the bytes are read: a file changed in place while it was read
    (by a program that takes no lock) then has a signature no summary vouches for, and
    what was read is checked in full.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if limit is not None and st.st_size > limit:
            raise OSError(errno.EFBIG, "too large")
        # one read of the size the stat gave (and one byte more, to see the end at once):
        # chunks joined would copy a long log again (1.4 ms at 10,000 walks)
        chunks = [os.read(fd, st.st_size + 1)]
        while chunks[-1]:  # a file that grew meanwhile: the rest, then the end
            chunks.append(os.read(fd, 1 << 20))
        return chunks[0] if len(chunks) == 2 else b"".join(chunks), os.fstat(fd)
    finally:
        os.close(fd)


def private_folder(folder: StrPath) -> None:
    """Create a private folder (0700) if it is missing; a link or a file there is refused."""
    try:
        os.mkdir(folder, PRIVATE_FOLDER)
        return
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, PRIVATE_FOLDER, exist_ok=True)  # the mode is the last one's
        os.chmod(folder, PRIVATE_FOLDER)
        return
    st = os.lstat(folder)
    if stat.S_ISLNK(st.st_mode):
        raise OSError(errno.ELOOP, "is a symbolic link")
    if not stat.S_ISDIR(st.st_mode):
        raise OSError(errno.ENOTDIR, "is not a folder")


def move_no_overwrite(source: Path, target: Path) -> None:
    """Rename `source` to `target`, failing with FileExistsError rather than replacing it."""
    os.link(source, target, follow_symlinks=False)
    os.unlink(source)


def unique_name(folder: Path, stem: str) -> Path:
    """`stem`, or `stem-2`, `stem-3`... whichever is free in `folder` (links count as taken)."""
    candidate = folder / stem
    number = 1
    while os.path.lexists(candidate):
        number += 1
        candidate = folder / f"{stem}-{number}"
    return candidate

"""The inter-process lock beside the database (`<name>.lock`), with a bounded wait.

The operating system's own lock (`fcntl.flock`): it costs microseconds to take,
is dropped by the kernel when a holder dies, and, unlike filelock, lets us check
what we locked. A lock file removed while a writer waits (`coach forget` removes it
last, while holding it) would split the lock: the waiter holds the old inode and the
next writer creates a new file. So every locker checks, once it holds the lock, that
the path still names the file it locked, and tries again if not. The lock file is
opened without following a link and is never truncated.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager

from coach.errors import LockTimeout, StoreError
from coach.store.files import PRIVATE_FILE, describe_os_error, folder_of, private_folder

TYPE_CHECKING = False  # no `pathlib` at run time: `coach walk add` locks a string path
if TYPE_CHECKING:
    from coach.store.files import StrPath

LOCK_TIMEOUT = 5.0  # seconds; then one clear line instead of a hang
_POLL = 0.01


class DatabaseLock:
    """Held by one process at a time; re-entrant within a `Store` only by its caller's care."""

    def __init__(self, path: StrPath, timeout: float = LOCK_TIMEOUT) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        import fcntl

        deadline = time.monotonic() + self.timeout
        while True:
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"{self.path}: another Back Coach process has held the database for "
                        f"over {self.timeout:.0f} s; try again"
                    ) from None
                time.sleep(_POLL)
                continue
            if self._still_named(fd):
                self._fd = fd
                return
            os.close(fd)  # removed or replaced while we waited: lock the file there now

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing drops the flock

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            fd = os.open(self.path, flags, PRIVATE_FILE)
        except OSError as error:
            raise StoreError(
                f"{self.path}: cannot lock the database: {describe_os_error(error)}"
            ) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise StoreError(f"{self.path}: cannot lock the database: it is not a plain file")
        return fd

    def _still_named(self, fd: int) -> bool:
        try:
            named = os.stat(self.path, follow_symlinks=False)
        except OSError as error:
            if error.errno in (errno.ENOENT, errno.ENOTDIR):
                return False
            raise
        held = os.fstat(fd)
        return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


@contextmanager
def holding(lock: DatabaseLock, db: StrPath) -> Iterator[None]:
    """Hold `lock` (the lock of the database `db`) for a block; its folder is made first."""
    folder = folder_of(db)
    try:
        private_folder(folder)
    except OSError as error:
        raise StoreError(
            f"{folder}: cannot create the data folder: {describe_os_error(error)}"
        ) from None
    lock.acquire()
    try:
        yield
    finally:
        lock.release()

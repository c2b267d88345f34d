"""Every write the app makes, on a thread of its own, so a save never holds up a key.

At 100,000 walks a save serialises 16 MB; on the thread that draws the screen that
froze every key for about a second. The writer owns a `Store` of its own (a Store
belongs to one thread), takes the jobs one at a time in the order they were given
(a session's first save gives the id its later saves use), and hands each result or
error back to the UI thread through `deliver` (the app posts it onto its event loop).
Plain Python: no Textual here, so tests can drive it directly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from coach.errors import CoachError

if TYPE_CHECKING:
    from coach.store.database import Store
    from coach.store.files import Signature

    Write = tuple[Signature | None, Signature | None] | None  # a job's file before and after

T = TypeVar("T")
Deliver = Callable[[Callable[[], None]], None]  # run this on the UI thread, soon


def _raise(error: BaseException) -> None:
    raise error


class StoreWriter:
    """One thread, one Store, jobs in order; results and errors delivered to the UI thread."""

    def __init__(
        self, path: Path, deliver: Deliver, written: Callable[[Write], None] | None = None
    ) -> None:
        """`written((before, after))` follows every job, on the UI thread: the file's
        signature before and after the job's write, None if it wrote nothing (so the
        app's poll can tell its own writes from others')."""
        self.path = path
        self.deliver = deliver
        self._written = written
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-writer")
        self._store: Store | None = None  # made on the writer's thread, on its first job
        self._pending = 0
        self._count_lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    def submit(
        self,
        job: Callable[[Store], T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[CoachError], None] | None = None,
    ) -> Future[T]:
        """Run `job(store)` after every job given before it. `done(result)` or
        `failed(error)` (a CoachError: refused, stale, unreadable) run on the UI thread."""
        with self._count_lock:
            self._pending += 1
            self._idle.clear()

        def run() -> T:
            try:
                try:
                    result = job(self._own_store())
                finally:
                    self._tell_written()
            except CoachError as error:
                if failed is not None:
                    self.deliver(partial(failed, error))
                self._finished()
                raise
            except BaseException as error:
                self.deliver(partial(_raise, error))  # a bug: it ends the app, as it would have
                self._finished()
                raise
            if done is not None:
                self.deliver(partial(done, result))
            self._finished()
            return result

        return self._pool.submit(run)

    def _tell_written(self) -> None:
        if self._written is not None and self._store is not None:
            self.deliver(partial(self._written, self._store.take_last_write()))

    def _own_store(self) -> Store:
        if self._store is None:
            from coach.store.database import Store

            self._store = Store(self.path)
        return self._store

    def _finished(self) -> None:
        with self._count_lock:
            self._pending -= 1
            if self._pending == 0:
                self._idle.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every job given so far has run; False if `timeout` passed first."""
        return self._idle.wait(timeout)

    def close(self, timeout: float | None = None) -> bool:
        """Run what is queued (a session being kept as interrupted), then stop taking jobs."""
        finished = self.wait(timeout)
        self._pool.shutdown(wait=finished)
        return finished

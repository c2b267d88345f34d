"""Delete with undo, as the walk log, History and Follow-up care offer it.

A delete made on a screen can be undone there, newest first, and only onto the file
as the delete left it (the store checks that): a change from another window or the
shell in between ends every undo, since none could apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Generic, TypeVar

from coach.errors import CoachError
from coach.model.records import CareItem, SessionRecord, Walk

if TYPE_CHECKING:
    from coach.app import CoachApp
    from coach.store.database import Deleted, Store
    from coach.store.files import Signature

Kept = TypeVar("Kept", Walk, SessionRecord, CareItem)


class UndoStack(Generic[Kept]):
    def __init__(self) -> None:
        self._deleted: list[Deleted[Kept]] = []
        self._restoring = False
        self._queued = 0  # presses of u while an undo was on its way
        self._then: list[Callable[[Kept | None], None]] = []

    def __bool__(self) -> bool:
        return bool(self._deleted)

    def __len__(self) -> int:
        return len(self._deleted)

    def clear(self) -> None:
        self._deleted.clear()
        self._queued = 0
        self._then.clear()

    def delete(
        self,
        app: CoachApp,
        delete: Callable[[Store], Deleted[Kept]],
        done: Callable[[Kept | None], None],
    ) -> None:
        """Delete on the app's writer; then `done(record)`, or `done(None)` if refused (the
        app said why). The file changed since the last delete: no undo onto it for the
        earlier ones."""

        def job(store: Store) -> tuple[Signature | None, Deleted[Kept]]:
            return store.signature, delete(store)

        def deleted(result: tuple[Signature | None, Deleted[Kept]]) -> None:
            before, made = result
            if self._deleted and self._deleted[-1].signature != before:
                self._deleted.clear()
            self._deleted.append(made)
            done(made.record)

        app.write(job, deleted, lambda _: done(None))

    def undo(
        self,
        app: CoachApp,
        restore: Callable[[Store, Deleted[Kept]], int],
        done: Callable[[Kept | None], None],
    ) -> bool:
        """Bring the newest delete back, on the app's writer; False with nothing to undo.

        `done(record)` once restored, `done(None)` if refused (the file changed since:
        then no older delete can be undone either). Once restored, the file is as the
        delete before left it, so that one can follow. A second press while one undo is
        on its way waits for it (it would meet the file before the first was restored),
        then goes.
        """
        if self._restoring:  # the next one goes once this one is in the file
            if len(self._deleted) <= self._queued:
                return False  # every delete left is spoken for
            self._queued += 1
            self._then.append(done)
            return True
        if not self._deleted:
            return False
        deleted = self._deleted.pop()
        self._restoring = True

        def job(store: Store) -> Signature | None:
            restore(store, deleted)
            return store.committed_signature

        def restored(signature: Signature | None) -> None:
            self._restoring = False
            if self._deleted:
                self._deleted[-1] = replace(self._deleted[-1], signature=signature)
            done(deleted.record)
            self._next(app, restore)

        def refused(_: CoachError) -> None:
            self._restoring = False
            self._deleted.clear()
            done(None)
            self._next(app, restore)

        app.write(job, restored, refused)
        return True

    def _next(self, app: CoachApp, restore: Callable[[Store, Deleted[Kept]], int]) -> None:
        """A press made while the last undo was on its way: its turn now."""
        if self._queued:
            self._queued -= 1
            done = self._then.pop(0)
            if not self.undo(app, restore, done):
                done(None)

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
    from coach.store.database import Deleted, Store

Kept = TypeVar("Kept", Walk, SessionRecord, CareItem)


class UndoStack(Generic[Kept]):
    def __init__(self) -> None:
        self._deleted: list[Deleted[Kept]] = []

    def __bool__(self) -> bool:
        return bool(self._deleted)

    def __len__(self) -> int:
        return len(self._deleted)

    def clear(self) -> None:
        self._deleted.clear()

    def delete(self, store: Store, delete: Callable[[], Deleted[Kept]]) -> Kept:
        """Delete (CoachError if refused); the file changed since the last delete: no undo
        onto it for the earlier ones."""
        if self._deleted and self._deleted[-1].signature != store.signature:
            self._deleted.clear()
        deleted = delete()
        self._deleted.append(deleted)
        return deleted.record

    def undo(self, store: Store, restore: Callable[[Deleted[Kept]], int]) -> Kept | None:
        """Bring the newest delete back: the record, or None with nothing to undo.

        Refused (CoachError) when the file changed since: then no older delete can be
        undone either. Once restored, the file is as the delete before left it, so that
        one can follow.
        """
        if not self._deleted:
            return None
        deleted = self._deleted.pop()
        try:
            restore(deleted)
        except CoachError:
            self._deleted.clear()
            raise
        if self._deleted:
            self._deleted[-1] = replace(self._deleted[-1], signature=store.committed_signature)
        return deleted.record

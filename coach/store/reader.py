"""Reading the tables: one set of views, used by the store and by a snapshot alike.

A `Snapshot` is the file as the app's `Store` last checked it, handed to a thread of
its own (the walk log reads a long log in a worker, while the `Store` stays on the
main thread). The Store never changes what a snapshot holds (see `Store.snapshot`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import takewhile
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from coach.errors import DamagedDatabase
from coach.model.bounds import moment_problem
from coach.model.care import care_order
from coach.model.records import ActiveWalk, CareItem, SessionRecord, Walk
from coach.model.settings import Settings
from coach.store.codec import (
    active_from_doc,
    care_from_doc,
    session_from_doc,
    walk_from_checked,
    walk_from_doc,
)
from coach.store.documents import (
    MAX_ID,
    last_walk_end,
    newest_first,
    own_exercise_problem,
    plan_problem,
    problems_in,
    walk_documents,
)
from coach.store.files import Signature
from coach.store.summary import read_summary

if TYPE_CHECKING:
    from coach.store.documents import Documents

T = TypeVar("T")


@dataclass(frozen=True)
class WalkLogView:
    """What the walk log screen shows."""

    page: list[Walk]
    total: int
    recent: list[Walk]
    last_end: datetime | None


WalkLogRead = tuple[WalkLogView, ActiveWalk | None, bool]  # the view, the walk under way,
# and whether the walk answered on screen is gone


def walk_log_opening(
    path: Path,
    *,
    offset: int,
    limit: int,
    since: datetime,
    now: datetime,
    answered: int | None = None,
) -> WalkLogRead | None:
    """The walk log from the writers' summary, without reading the log (see
    `summary.walk_log_part`): while the summary vouches for the file and holds every
    walk asked for. None: read the file (`Snapshot.walk_log`), which shows the same.
    """
    summary = read_summary(path)
    if summary is None or summary.get("records_checked") is not True:
        return None
    try:
        part, glance = summary["walk_log"], summary["glance"]
        total, rows, bound = part["total"], part["newest"], part["bound"]
        last_end, last_start = summary["last_walk_end"], summary["last_walk_start"]
        for moment in (bound, last_end, last_start):
            if moment is not None and moment_problem(moment, "time"):
                return None
        if type(total) is not int or not isinstance(rows, list) or not len(rows) <= total < MAX_ID:
            return None
        if bound is not None and (
            since < datetime.fromisoformat(bound) or offset + limit > len(rows)
        ):
            return None  # walks left out of the summary are asked for
        if last_start is not None and datetime.fromisoformat(last_start) > now:
            return None  # a walk dated after now: the file says which ones count
        walks = []
        for doc_id, doc in rows:
            if type(doc_id) is not int or not 0 < doc_id < MAX_ID:
                return None
            walks.append(walk_from_doc(doc, doc_id))
        ids = {walk.id for walk in walks}
        if len(ids) < len(walks):
            return None  # a walk twice: not what a writer leaves
        if answered is not None and answered not in ids and bound is not None:
            return None  # it may be among the walks left out
        active_doc = glance["active_walk"]
        active = active_from_doc(active_doc) if active_doc is not None else None
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    view = WalkLogView(
        walks[offset : offset + limit],
        total,
        _started_since(walks, since),
        datetime.fromisoformat(last_end) if last_end else None,
    )
    return view, active, answered is not None and answered not in ids


def _started_since(newest_first: Iterable[Walk], since: datetime) -> list[Walk]:
    """The walks (newest first) started at `since` or later: what the walk log's chart shows."""
    return list(takewhile(lambda walk: walk.started_at >= since, newest_first))


class Records:
    """Read-only views of the parsed tables; a record that breaks the rules is DamagedDatabase."""

    def __init__(self, path: Path, data: dict[str, Any] | None, *, checked: bool) -> None:
        """`checked`: every record of `data` already met the rules (no second pass needed)."""
        self.path = path
        self.data = data or {}
        self.checked = checked

    def _table(self, name: str) -> Documents:
        table: Documents = self.data.get(name) or {}
        return table

    def _damaged(self, read: Callable[[], T]) -> T:
        try:
            return read()
        except ValueError as error:
            raise DamagedDatabase(f"{self.path}: {error}; the file was not changed") from None

    def walks(self) -> list[Walk]:
        """All finished walks, newest first."""
        return self._damaged(
            lambda: [
                walk_from_checked(doc, int(i)) for i, doc in newest_first(self._checked_walks())
            ]
        )

    def walk(self, walk_id: int) -> Walk | None:
        doc = self._table("walks").get(str(walk_id))
        return None if doc is None else self._damaged(lambda: walk_from_doc(doc, walk_id))

    def has_walk(self, walk_id: int) -> bool:
        return str(walk_id) in self._table("walks")

    def walk_log(
        self, *, offset: int, limit: int, since: datetime, now: datetime | None = None
    ) -> WalkLogView:
        """One page of walks (newest first), the walks started since `since`, and the totals;
        the last walk's end as seen from `now` (see `last_walk_end`).

        Only what is shown becomes a `Walk`: a long log costs its page, not its length.
        """

        def read() -> WalkLogView:
            ordered = newest_first(self._checked_walks())
            page = [walk_from_checked(doc, int(i)) for i, doc in ordered[offset : offset + limit]]
            walks = (walk_from_checked(doc, int(doc_id)) for doc_id, doc in ordered)
            recent = _started_since(walks, since)  # only these become records
            return WalkLogView(page, len(ordered), recent, self.last_walk_end(now))

        return self._damaged(read)

    def _checked_walks(self) -> Documents:
        table = self._table("walks")
        problem = None if self.checked else problems_in({"walks": table})
        if problem:
            raise ValueError(problem)
        return table

    def walk_documents(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Walks as stored (for JSON output), checked, newest first, with their ids."""
        return walk_documents(self._damaged(self._checked_walks), since)

    def last_walk_end(self, now: datetime | None = None) -> datetime | None:
        """When the last walk ended; seen from `now`, only walks begun by then count (one
        logged while the clock ran ahead has not happened yet, and must not hold the
        schedule back until its date)."""
        return last_walk_end(self._damaged(self._checked_walks), now)

    def active_walk(self) -> ActiveWalk | None:
        docs = list(self._table("active_walk").values())
        return self._damaged(lambda: active_from_doc(docs[0])) if docs else None

    def sessions(self) -> list[SessionRecord]:
        records = self._damaged(
            lambda: [session_from_doc(doc, int(i)) for i, doc in self._table("sessions").items()]
        )
        return sorted(records, key=lambda r: (r.started_at, r.id or 0), reverse=True)

    def session(self, session_id: int) -> SessionRecord | None:
        doc = self._table("sessions").get(str(session_id))
        return None if doc is None else self._damaged(lambda: session_from_doc(doc, session_id))

    def care_items(self) -> list[CareItem]:
        """Appointments by time, then the other lists in the order they were added."""
        items = self._damaged(
            lambda: [care_from_doc(doc, int(i)) for i, doc in self._table("care").items()]
        )
        return sorted(items, key=care_order)

    def care_item(self, item_id: int) -> CareItem | None:
        doc = self._table("care").get(str(item_id))
        return None if doc is None else self._damaged(lambda: care_from_doc(doc, item_id))

    def settings(self) -> Settings:
        docs = self._table("settings")
        if not docs:
            return Settings()
        return self._damaged(lambda: Settings.from_dict(docs[min(docs, key=int)]))

    def plan_document(self) -> dict[str, Any] | None:
        """The therapist's plan as imported (see `documents.plan_problem`), or None."""
        docs = self._table("plan")
        if not docs:
            return None
        doc = docs[min(docs, key=int)]
        problem = None if self.checked else plan_problem(doc)
        if problem:
            raise DamagedDatabase(f"{self.path}: plan: {problem}; the file was not changed")
        return doc

    def own_exercise_documents(self) -> list[dict[str, Any]]:
        """The exercises the person made (see `documents.own_exercise_problem`), by id."""
        docs = list(self._table("exercises").values())
        for doc in docs:
            problem = None if self.checked else own_exercise_problem(doc)
            if problem:
                raise DamagedDatabase(
                    f"{self.path}: exercises: {problem}; the file was not changed"
                )
        return sorted(docs, key=lambda doc: doc["id"])


class Snapshot(Records):
    """The whole file as it was at one moment, checked, for one reader of its own."""

    def __init__(self, path: Path, data: dict[str, Any] | None, signature: Signature | None):
        super().__init__(path, data, checked=True)
        self.signature = signature

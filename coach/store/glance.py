"""What the app's always-open parts show of the log, read without reading the log.

The menu, the step panel, the rest guide and the reminders need the settings, the
walk under way, when the last walk ended, the follow-up care list (for the next
appointment) and the sessions left under way. Every writer leaves exactly these in
the summary beside the database (see `summary`), stamped with the file's signature,
after checking every record inside its lock. While the signature matches, the app
starts and follows other windows' changes from the summary alone: a start costs the
same at 30 walks and at 100,000. Without a summary that vouches for the file, the
same facts are read from the checked file (`Glance.of`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from coach.model.bounds import moment_problem
from coach.model.care import care_order
from coach.model.records import ActiveWalk, CareItem, SessionStatus
from coach.model.settings import Settings
from coach.store.codec import active_from_doc, care_from_doc
from coach.store.documents import latest, own_exercise_problem, plan_problem

OpenSession = tuple[int, int | None]  # a session left in progress: its id, and its process id


@dataclass(frozen=True)
class Glance:
    """The few facts the always-open screens need; the log itself stays on disk."""

    settings: Settings = field(default_factory=Settings)
    active_walk: ActiveWalk | None = None
    care_items: tuple[CareItem, ...] = ()
    last_walk_end: datetime | None = None  # the latest end of any walk
    last_walk_start: datetime | None = None  # the latest start: after "now", ask the log
    open_sessions: tuple[OpenSession, ...] = ()
    plan: dict[str, Any] | None = None  # the therapist's plan as kept (see `model.program`)
    own_exercises: tuple[dict[str, Any], ...] = ()  # made in the editor, as kept, by id

    @classmethod
    def of(cls, records: Any) -> Glance:
        """The same facts from the checked file (a `reader.Records`)."""
        walks = records.data.get("walks") or {}
        last_end = latest([doc["ended_at"] for doc in walks.values()])
        last_start = latest([doc["started_at"] for doc in walks.values()])
        return cls(
            settings=records.settings(),
            active_walk=records.active_walk(),
            care_items=tuple(records.care_items()),
            last_walk_end=datetime.fromisoformat(last_end) if last_end else None,
            last_walk_start=datetime.fromisoformat(last_start) if last_start else None,
            open_sessions=tuple(
                (record.id or 0, record.pid)
                for record in records.sessions()
                if record.status is SessionStatus.IN_PROGRESS
            ),
            plan=records.plan_document(),
            own_exercises=tuple(records.own_exercise_documents()),
        )

    def knows_last_walk_end(self, now: datetime) -> bool:
        """Seen from `now`, only walks begun by then count: with a walk dated after `now`
        (logged while the clock ran ahead) the log must say which ones those are."""
        return self.last_walk_start is None or self.last_walk_start <= now


def from_summary(summary: dict[str, Any]) -> Glance | None:
    """The glance a summary holds; None if it holds none (an older writer) or anything odd."""
    part = summary.get("glance")
    if not isinstance(part, dict):
        return None
    try:
        settings_doc = part["settings"]
        active_doc = part["active_walk"]
        care = part["care"]
        last_end, last_start = summary["last_walk_end"], summary["last_walk_start"]
        for value in (last_end, last_start):
            if value is not None and moment_problem(value, "time"):
                return None
        sessions = []
        for doc_id, pid in part["open_sessions"]:
            if type(doc_id) is not int or not (pid is None or type(pid) is int):
                return None
            sessions.append((doc_id, pid))
        plan = part["plan"]  # KeyError from an older writer: read the file
        if plan is not None and (not isinstance(plan, dict) or plan_problem(plan)):
            return None
        own = part["exercises"]
        if not isinstance(own, dict) or any(
            not isinstance(doc, dict) or own_exercise_problem(doc) for doc in own.values()
        ):
            return None
        items = sorted(
            (care_from_doc(doc, int(doc_id)) for doc_id, doc in care.items()), key=care_order
        )
        return Glance(
            settings=Settings.from_dict(settings_doc) if settings_doc is not None else Settings(),
            active_walk=active_from_doc(active_doc) if active_doc is not None else None,
            care_items=tuple(items),
            last_walk_end=datetime.fromisoformat(last_end) if last_end else None,
            last_walk_start=datetime.fromisoformat(last_start) if last_start else None,
            open_sessions=tuple(sessions),
            plan=plan,
            own_exercises=tuple(sorted(own.values(), key=lambda doc: doc["id"])),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


__all__ = ["Glance", "OpenSession", "from_summary"]

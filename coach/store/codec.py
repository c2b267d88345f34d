"""Records <-> documents: the one codec, and the migrations between schema versions.

Nothing outside the store sees a raw document. Every record written is checked
against the same rules as every record read (`documents.walk_problem` and friends),
so a record out of bounds can neither be saved nor vouched for.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from coach.model.records import (
    ActiveWalk,
    CareItem,
    CareKind,
    SessionRecord,
    SessionStatus,
    Terrain,
    Walk,
)
from coach.store.documents import (
    RecordProblem,
    active_problem,
    care_problem,
    session_problem,
    to_text,
    walk_problem,
)

if TYPE_CHECKING:
    from coach.store.documents import Document


def walk_to_doc(walk: Walk) -> Document:
    """The stored form of a walk; RecordProblem if it breaks the rules."""
    doc = {
        "started_at": to_text(walk.started_at),
        "ended_at": to_text(walk.ended_at),
        "minutes": walk.minutes,
        "terrain": walk.terrain.value,
        "leg_pain": walk.leg_pain,
        "pain": walk.pain,
        "note": walk.note,
    }
    _refuse(walk_problem(doc), "walk")
    return doc


def walk_from_doc(doc: Document, doc_id: int) -> Walk:
    _refuse(walk_problem(doc), f"walks record {doc_id}")
    return walk_from_checked(doc, doc_id)


def walk_from_checked(doc: Document, doc_id: int | None) -> Walk:
    """A walk from a document that has met the rules already (a checked file): no second check."""
    return Walk(
        datetime.fromisoformat(doc["started_at"]),
        datetime.fromisoformat(doc["ended_at"]),
        doc["minutes"],
        Terrain(doc["terrain"]),
        doc["leg_pain"],
        doc.get("pain"),
        doc.get("note", ""),
        doc_id,
    )


def session_to_doc(record: SessionRecord) -> Document:
    doc = {
        "exercise": record.exercise,
        "started_at": to_text(record.started_at),
        "ended_at": to_text(record.ended_at) if record.ended_at else None,
        "status": record.status.value,
        "reps_planned": record.reps_planned,
        "reps_done": record.reps_done,
        "hold_seconds": record.hold_seconds,
        "neck_variant": record.neck_variant,
        "stopped_for_pain": record.stopped_for_pain,
        "pain_after": record.pain_after,
        "pid": record.pid,
        "pain_before": record.pain_before,
    }
    _refuse(session_problem(doc), "session")
    return doc


def session_from_doc(doc: Document, doc_id: int) -> SessionRecord:
    _refuse(session_problem(doc), f"sessions record {doc_id}")
    ended = doc.get("ended_at")
    return SessionRecord(
        exercise=doc["exercise"],
        started_at=datetime.fromisoformat(doc["started_at"]),
        ended_at=datetime.fromisoformat(ended) if ended is not None else None,
        status=SessionStatus(doc["status"]),
        reps_planned=doc["reps_planned"],
        reps_done=doc["reps_done"],
        hold_seconds=doc["hold_seconds"],
        neck_variant=doc["neck_variant"],
        pain_after=doc.get("pain_after"),
        pid=doc.get("pid"),
        id=doc_id,
        pain_before=doc.get("pain_before"),
    )


def care_to_doc(item: CareItem) -> Document:
    """Only the fields its kind uses are kept, so an edit cannot leave a stray value."""
    doc: Document = {"kind": item.kind.value, "added_at": to_text(item.added_at)}
    used = CARE_USES[item.kind]
    for key in used:
        value = getattr(item, key)
        if key == "at":
            value = to_text(value) if value is not None else None
        elif key == "day":
            value = value.isoformat() if value is not None else None
        doc[key] = value
    _refuse(care_problem(doc), "care item")
    return doc


def care_from_doc(doc: Document, doc_id: int) -> CareItem:
    _refuse(care_problem(doc), f"care record {doc_id}")
    at, day = doc.get("at"), doc.get("day")
    return CareItem(
        kind=CareKind(doc["kind"]),
        added_at=datetime.fromisoformat(doc["added_at"]),
        name=doc.get("name", ""),
        at=datetime.fromisoformat(at) if at is not None else None,
        who=doc.get("who", ""),
        note=doc.get("note", ""),
        dose=doc.get("dose", ""),
        how_often=doc.get("how_often", ""),
        value=doc.get("value", ""),
        day=date.fromisoformat(day) if day is not None else None,
        id=doc_id,
    )


CARE_USES: dict[CareKind, tuple[str, ...]] = {
    CareKind.APPOINTMENT: ("at", "who", "note"),
    CareKind.MEDICINE: ("name", "dose", "how_often"),
    CareKind.RESULT: ("name", "value", "day"),
    CareKind.QUESTION: ("name",),
}


def active_to_doc(active: ActiveWalk) -> Document:
    doc = {"started_at": to_text(active.started_at), "pid": active.pid, "walk_id": active.id}
    _refuse(active_problem(doc), "walk under way")
    return doc


def active_from_doc(doc: Document) -> ActiveWalk:
    _refuse(active_problem(doc), "active_walk")
    return ActiveWalk(datetime.fromisoformat(doc["started_at"]), doc.get("pid"), doc.get("walk_id"))


def _refuse(problem: str | None, where: str) -> None:
    if problem:
        raise RecordProblem(f"{where}: {problem}")


# Migrations: each takes the raw tables of version N and returns version N + 1.


def _migrate_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0: a plain TinyDB file without `meta` (and maybe with `pain` missing)."""
    for doc in data.get("walks", {}).values():
        doc.setdefault("pain", None)
        doc.setdefault("note", "")
    data["meta"] = {"1": {"schema_version": 1}}
    return data


def _migrate_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 keeps a counter of ids given, so a deleted walk's id is never given again."""
    meta = data.setdefault("meta", {})
    first = min(meta, key=int) if meta else "1"
    doc = meta.setdefault(first, {})
    doc["schema_version"] = 2
    for table, key in (("walks", "next_walk_id"), ("sessions", "next_session_id")):
        doc[key] = max((int(i) for i in data.get(table, {})), default=0) + 1
    return data


def _migrate_2_to_3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 gives the walk under way the id it will be saved under, from the counter."""
    meta = data["meta"][min(data["meta"], key=int)]
    meta["schema_version"] = 3
    for doc in (data.get("active_walk") or {}).values():
        doc["walk_id"] = meta["next_walk_id"]
        meta["next_walk_id"] += 1
    return data


def _migrate_3_to_4(data: dict[str, Any]) -> dict[str, Any]:
    """Version 4 adds follow-up care lists (their own id counter), pain before a session,
    and tells a session ended with no repetition done from a completed one."""
    meta = data["meta"][min(data["meta"], key=int)]
    meta["schema_version"] = 4
    meta["next_care_id"] = 1
    for doc in (data.get("sessions") or {}).values():
        if doc.get("status") == "completed" and doc.get("reps_done") == 0:
            doc["status"] = "no_reps"
    return data


def _migrate_4_to_5(data: dict[str, Any]) -> dict[str, Any]:
    """Version 5 may keep the therapist's plan (`plan`): a Back Coach that knows no plan
    must refuse the file rather than show its general numbers in the plan's place."""
    meta = data["meta"][min(data["meta"], key=int)]
    meta["schema_version"] = 5
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _migrate_0_to_1,
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
    3: _migrate_3_to_4,
    4: _migrate_4_to_5,
}

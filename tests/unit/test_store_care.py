"""Follow-up care items and session deletes in the store; schema 3 files migrate to 4."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coach.errors import DamagedDatabase, StaleRecord, UsageError
from coach.model.records import CareItem, CareKind, SessionRecord, SessionStatus
from coach.store.database import Store
from coach.store.documents import SCHEMA_VERSION

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def appointment(days: int = 2, who: str = "Dr Lee") -> CareItem:
    return CareItem(CareKind.APPOINTMENT, NOW, at=NOW + timedelta(days=days), who=who)


def ended(status: SessionStatus = SessionStatus.COMPLETED, reps: int = 2) -> SessionRecord:
    return SessionRecord(
        "cat-cow",
        NOW,
        NOW + timedelta(minutes=4),
        status,
        2,
        reps,
        15,
        False,
        3,
        None,
        pain_before=6,
    )


def test_each_kind_round_trips_with_its_own_fields(db_path: Path) -> None:
    store = Store.open(db_path)
    items = [
        appointment(),
        CareItem(CareKind.MEDICINE, NOW, name="Ibuprofen", dose="200 mg", how_often="twice"),
        CareItem(CareKind.RESULT, NOW, name="X-ray", value="normal", day=date(2026, 5, 1)),
        CareItem(CareKind.QUESTION, NOW, name="When can I cycle?"),
    ]
    ids = [store.add_care(item) for item in items]
    assert ids == [1, 2, 3, 4]
    again = Store.open(db_path).care_items()
    assert [
        replace(i, id=None) for i in again
    ] == items  # appointments, medicines, results, questions


def test_a_kind_needs_what_it_is(db_path: Path) -> None:
    store = Store.open(db_path)
    with pytest.raises(UsageError, match="appointment needs a time"):
        store.add_care(CareItem(CareKind.APPOINTMENT, NOW))
    with pytest.raises(UsageError, match="needs a name"):
        store.add_care(CareItem(CareKind.MEDICINE, NOW, name="  "))
    assert store.care_items() == []


def test_edit_delete_and_undo_are_checked_against_what_was_read(db_path: Path) -> None:
    mine, theirs = Store.open(db_path), Store.open(db_path)
    item_id = mine.add_care(appointment())
    item = mine.care_items()[0]
    theirs.update_care(replace(item, who="Dr Patel"), was=item)
    with pytest.raises(StaleRecord):
        mine.delete_care(item)  # it changed elsewhere since it was read
    current = mine.care_items()[0]
    deleted = mine.delete_care(current)
    assert mine.care_items() == []
    assert mine.restore_care(deleted) == item_id
    assert mine.care_items() == [current]
    mine.delete_care(current)
    mine.add_care(appointment(3))
    assert mine.care_items()[0].id == item_id + 1  # an id is never given twice


def test_undo_is_refused_once_the_file_changed(db_path: Path) -> None:
    store = Store.open(db_path)
    store.add_care(appointment())
    deleted = store.delete_care(store.care_items()[0])
    Store.open(db_path).add_care(appointment(5))
    with pytest.raises(StaleRecord):
        store.restore_care(deleted)


def test_a_session_is_deleted_and_restored_but_not_while_under_way(db_path: Path) -> None:
    store = Store.open(db_path)
    store.add_session(ended())
    running = replace(ended(SessionStatus.IN_PROGRESS), ended_at=None, pid=1)
    store.add_session(running)
    done, under_way = sorted(store.sessions(), key=lambda s: s.id or 0)
    with pytest.raises(UsageError, match="under way"):
        store.delete_session(under_way)
    deleted = store.delete_session(done)
    assert [s.id for s in store.sessions()] == [under_way.id]
    store.restore_session(deleted)
    assert sorted(s.id or 0 for s in store.sessions()) == [1, 2]
    assert store.records().session(1) == done and done.pain_before == 6


def test_a_schema_3_file_migrates_and_an_empty_completed_session_is_told_apart(
    db_path: Path,
) -> None:
    session = {
        "exercise": "cat-cow",
        "started_at": "2026-05-04T10:00:00+00:00",
        "ended_at": "2026-05-04T10:04:00+00:00",
        "status": "completed",
        "reps_planned": 2,
        "reps_done": 0,
        "hold_seconds": 15,
        "neck_variant": False,
        "stopped_for_pain": False,
        "pain_after": None,
        "pid": None,
    }
    data = {
        "meta": {"1": {"schema_version": 3, "next_walk_id": 1, "next_session_id": 3}},
        "sessions": {"1": session, "2": {**session, "reps_done": 2}},
    }
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_text(json.dumps(data))
    store = Store.open(db_path)
    statuses = {s.id: s.status for s in store.sessions()}
    assert statuses == {1: SessionStatus.COMPLETED, 2: SessionStatus.COMPLETED}  # read as is
    store.add_care(appointment())  # the first write migrates
    raw = json.loads(db_path.read_text())
    assert raw["meta"]["1"]["schema_version"] == SCHEMA_VERSION == 5
    assert raw["sessions"]["1"]["status"] == "no_reps"
    assert raw["sessions"]["2"]["status"] == "completed"
    assert db_path.with_name(db_path.name + ".schema-3.bak").exists()


def test_a_damaged_care_record_is_named(db_path: Path) -> None:
    data = {
        "meta": {"1": {"schema_version": 4}},
        "care": {"1": {"kind": "appointment", "added_at": "2026-05-04T10:00:00+00:00"}},
    }
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_text(json.dumps(data))
    with pytest.raises(DamagedDatabase, match="care record 1: an appointment needs a time"):
        Store.open(db_path)


def test_a_json_export_carries_the_care_lists_to_a_new_machine(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from coach.__main__ import main

    monkeypatch.setenv("COACH_NOW", "2026-05-04T12:00:00+00:00")
    store = Store.open(db_path)
    store.add_care(appointment(who="Dr Lee <b>"))
    store.add_care(CareItem(CareKind.MEDICINE, NOW, name="Ibuprofen", dose="200 mg"))
    store.add_session(ended())
    target = tmp_path / "out.json"
    assert main(["export", "--db", str(db_path), "--format", "json", "--output", str(target)]) == 0
    assert "0 walks and 1 session and 2 care items" in capsys.readouterr().out
    exported = json.loads(target.read_text())["care"]
    assert [item["kind"] for item in exported] == ["appointment", "medicine"]
    fresh = tmp_path / "new" / "backcoach.json"
    assert main(["import", "--db", str(fresh), str(target)]) == 0
    assert Store.open(fresh).care_items() == store.care_items()  # ids kept, every field
    assert main(["import", "--db", str(fresh), "--merge", str(target)]) == 0
    assert len(Store.open(fresh).care_items()) == 2  # nothing twice


def test_a_question_may_be_as_long_as_the_input_rule_allows(db_path: Path) -> None:
    from coach.model.care import question

    long = question(text="why " * 120, now=NOW)  # 479 characters: within the rule's 500
    Store.open(db_path).add_care(long)
    assert Store.open(db_path).care_items()[0].name == long.name

"""The store: records in and out, privacy, schema versions, backups, and two writers at once."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coach.errors import DamagedDatabase, StaleRecord, StoreError, UsageError
from coach.model.records import SessionRecord, SessionStatus, Terrain, Walk
from coach.model.settings import Settings
from coach.store.database import Store
from coach.store.documents import SCHEMA_VERSION
from coach.store.maintenance import forget, set_aside

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def walk(minutes: int = 15, *, hours_ago: int = 1, **details: object) -> Walk:
    start = NOW - timedelta(hours=hours_ago)
    return Walk(start, start + timedelta(minutes=minutes), minutes, **details)  # type: ignore[arg-type]


def session(
    status: SessionStatus = SessionStatus.IN_PROGRESS, pid: int | None = 123
) -> SessionRecord:
    return SessionRecord("cat-cow", NOW, None, status, 2, 0, 15, False, None, pid)


def test_a_new_database_is_private_and_versioned(db_path: Path) -> None:
    store = Store.open(db_path)
    assert not db_path.exists()  # opening writes nothing
    store.add_walk(walk())
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.lock_path.stat().st_mode) == 0o600
    data = json.loads(db_path.read_text())
    assert data["meta"] == {
        "1": {
            "schema_version": SCHEMA_VERSION,
            "next_walk_id": 2,
            "next_session_id": 1,
            "next_care_id": 1,
        }
    }


def test_walks_round_trip_with_every_field(db_path: Path) -> None:
    store = Store.open(db_path)
    original = walk(25, terrain=Terrain.HILLY, leg_pain=True, pain=4, note="[b]park[/b] ✓")
    walk_id = store.add_walk(original)
    [back] = Store.open(db_path).walks()
    assert back == replace(original, id=walk_id)


def test_walks_are_newest_first_and_can_be_edited_deleted_and_restored(db_path: Path) -> None:
    store = Store.open(db_path)
    old_id = store.add_walk(walk(hours_ago=5))
    new_id = store.add_walk(walk(hours_ago=1))
    assert [w.id for w in store.walks()] == [new_id, old_id]
    old = store.walks()[1]
    store.update_walk(replace(old, note="edited"), was=old)
    assert store.walks()[1].note == "edited"
    removed = store.delete_walk(store.walks()[1])
    assert [w.id for w in store.walks()] == [new_id]
    assert store.restore_walk(removed) == old_id
    assert [w.note for w in store.walks()] == ["", "edited"]


def test_the_active_walk_is_kept_apart_and_cannot_start_twice(db_path: Path) -> None:
    store = Store.open(db_path)
    started = store.start_walk(NOW)
    assert store.active_walk() == started and store.walks() == []
    with pytest.raises(UsageError, match="already under way"):
        store.start_walk(NOW)
    store.finish_walk(walk(20), started=started)
    assert store.active_walk() is None and len(store.walks()) == 1
    with pytest.raises(StaleRecord, match="no walk is under way"):
        store.finish_walk(walk(20), started=started)


def test_sessions_and_orphans(db_path: Path) -> None:
    store = Store.open(db_path)
    alive = store.add_session(session(pid=1))
    gone = store.add_session(session(pid=2))
    done = store.add_session(session(SessionStatus.COMPLETED, pid=None))
    assert store.interrupt_orphans(lambda pid: pid == 1) == 1
    statuses = {r.id: r.status for r in store.sessions()}
    assert statuses == {
        alive: SessionStatus.IN_PROGRESS,
        gone: SessionStatus.INTERRUPTED,
        done: SessionStatus.COMPLETED,
    }
    store.update_session(alive, replace(session(SessionStatus.STOPPED_FOR_PAIN, None), reps_done=1))
    record = next(r for r in store.sessions() if r.id == alive)
    assert record.stopped_for_pain and record.reps_done == 1
    raw = json.loads(db_path.read_text())["sessions"][str(alive)]
    assert raw["stopped_for_pain"] is True and raw["status"] == "stopped_for_pain"


def test_settings_round_trip(db_path: Path) -> None:
    store = Store.open(db_path)
    assert store.settings() == Settings()
    chosen = replace(Settings(), neck_problem=True, get_ready_seconds=5).with_choice(
        "cat-cow", hold_seconds=25
    )
    store.save_settings(chosen)
    assert Store.open(db_path).settings() == chosen


def test_a_second_store_on_the_same_file_never_loses_or_duplicates(db_path: Path) -> None:
    first, second = Store.open(db_path), Store.open(db_path)
    ids = [first.add_walk(walk()), second.add_walk(walk()), first.add_walk(walk())]
    assert len(set(ids)) == 3
    assert len(first.walks()) == len(second.walks()) == 3


def test_an_older_file_is_migrated_after_a_copy_is_kept(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    old = {
        "walks": {
            "1": {
                "started_at": "2026-05-01T09:00:00+00:00",
                "ended_at": "2026-05-01T09:15:00+00:00",
                "minutes": 15,
                "terrain": "flat",
                "leg_pain": False,
            }
        }
    }
    db_path.write_text(json.dumps(old))
    original = db_path.read_bytes()
    store = Store.open(db_path)
    assert store.schema_version() == 0
    store.add_walk(walk())
    kept = db_path.with_name(db_path.name + ".schema-0.bak")
    assert kept.read_bytes() == original
    assert store.schema_version() == SCHEMA_VERSION
    assert [w.note for w in store.walks()] == ["", ""]


def test_a_newer_file_is_refused_and_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text(json.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}}))
    before = db_path.read_bytes()
    with pytest.raises(DamagedDatabase, match="newer Back Coach"):
        Store.open(db_path)
    with pytest.raises(DamagedDatabase):
        Store(db_path).add_walk(walk())
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b'{"walks": {"1": {"started_at"', "not valid JSON"),
        (b"{\x80}", "not UTF-8"),
        (b"[1, 2]", "not a Back Coach database"),
        (b'{"walks": [1]}', "not a table of records"),
        (b'{"walks": {"1": {"terrain": "moon"}}}', "terrain"),
    ],
)
def test_a_damaged_file_is_reported_and_never_overwritten(
    db_path: Path, content: bytes, message: str
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(content)
    with pytest.raises(DamagedDatabase, match=message) as raised:
        Store.open(db_path)
    assert str(db_path) in str(raised.value)
    with pytest.raises(StoreError):
        Store(db_path).add_walk(walk())
    assert db_path.read_bytes() == content


def test_a_daily_backup_is_made_before_the_first_write_and_seven_are_kept(db_path: Path) -> None:
    first_day = date(2026, 5, 1)
    Store(db_path, today=lambda: first_day).add_walk(walk())
    assert not Store(db_path).backups()  # nothing to back up before the first write
    for offset in range(10):
        day = first_day + timedelta(days=offset)
        Store(db_path, today=lambda day=day: day).add_walk(walk())  # type: ignore[misc]
    store = Store(db_path)
    backups = store.backups()
    assert len(backups) == 7
    assert backups[-1].name == "backcoach-2026-05-10.json"
    assert backups[0].name == "backcoach-2026-05-04.json"
    assert all(stat.S_IMODE(b.stat().st_mode) == 0o600 for b in backups)
    assert stat.S_IMODE(store.backup_dir.stat().st_mode) == 0o700


def test_set_aside_keeps_every_byte(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"garbage")
    target = set_aside(db_path, NOW)
    assert target.read_bytes() == b"garbage" and not db_path.exists()
    db_path.write_bytes(b"more garbage")
    second = set_aside(db_path, NOW)  # the same second: a name of its own
    assert second != target and target.read_bytes() == b"garbage"
    assert second.read_bytes() == b"more garbage"


def test_forget_erases_the_database_backups_and_lock(db_path: Path) -> None:
    store = Store(db_path, today=lambda: date(2026, 1, 1))
    store.add_walk(walk())
    store.add_walk(walk())
    assert store.backups()
    erased = forget(db_path)
    assert db_path in erased.removed and erased.removed[-1] == store.lock_path
    assert erased.left == []
    assert not db_path.exists() and not store.lock_path.exists() and not store.backup_dir.exists()
    assert list(db_path.parent.iterdir()) == []
    assert forget(db_path).removed == []


def test_a_value_that_cannot_be_stored_leaves_the_file_as_it_was(db_path: Path) -> None:
    store = Store.open(db_path)
    store.add_walk(walk())
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="not saved"):
        store._storage.write_now({"walks": {"1": {"when": object()}}})
    assert db_path.read_bytes() == before
    assert not [p for p in db_path.parent.iterdir() if p.suffix == ".tmp"]


def test_a_full_disk_leaves_the_previous_file_intact(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(db_path)
    store.add_walk(walk())
    before = db_path.read_bytes()
    monkeypatch.setenv("COACH_FAULT", "disk-full")
    with pytest.raises(StoreError, match="no space left"):
        store.add_walk(walk())
    assert db_path.read_bytes() == before
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.delenv("COACH_FAULT")
    assert len(Store.open(db_path).walks()) == 1


def test_reads_do_not_parse_an_unchanged_file_again(db_path: Path) -> None:
    store = Store.open(db_path)
    store.add_walk(walk())
    reader = Store.open(db_path)
    parses = reader._storage.parses
    for _ in range(5):
        reader.walks()
        reader.settings()
    assert reader._storage.parses == parses
    Store.open(db_path).add_walk(walk())  # another process writes
    assert len(reader.walks()) == 2 and reader._storage.parses == parses + 1


def test_an_app_that_saw_another_writer_through_its_poll_still_gets_a_fresh_id(
    db_path: Path,
) -> None:
    app, shell = Store.open(db_path), Store.open(db_path)
    first = app.add_walk(walk())
    second = shell.add_walk(walk())
    assert app.refresh()  # the app's poll notices (and reads) the change
    third = app.add_walk(walk())
    assert len({first, second, third}) == 3
    assert len(Store.open(db_path).walks()) == 3


def test_ids_stay_fresh_while_the_store_remembers_its_counters(db_path: Path) -> None:
    """The Store works its counters out again only when a table it read is another one:
    adds in a row, another writer in between (no poll), a hand edit that adds a higher
    id without telling the counter, a delete, and a session between walks."""
    app = Store.open(db_path)
    ids = [app.add_walk(walk()), app.add_walk(walk())]
    ids.append(Store.open(db_path).add_walk(walk()))  # another process, unseen by `app`
    ids.append(app.add_walk(walk()))
    data = json.loads(db_path.read_text())
    data["walks"]["900"] = data["walks"][str(ids[0])]  # by hand: the counter is not told
    db_path.write_text(json.dumps(data))
    app = Store.open(db_path)  # the edited file is read and checked afresh
    ids.append(app.add_walk(walk()))
    assert ids[-1] == 901
    app.delete_walk(app.walks()[0])
    ids.append(app.add_walk(walk()))
    session_id = app.add_session(session())
    ids.append(app.add_walk(walk()))
    assert len(set(ids)) == len(ids) and ids == sorted(ids), ids
    assert session_id == 1
    meta = json.loads(db_path.read_text())["meta"]
    assert next(iter(meta.values()))["next_walk_id"] == ids[-1] + 1


def test_a_file_the_summary_vouches_for_is_not_checked_twice(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writers check every record before they write; a reader of that same file need not."""
    import coach.store.documents as documents

    Store.open(db_path).add_walk(walk())
    calls: list[object] = []
    original = documents.walk_problem

    def counting_walk_problem(doc: dict[str, object]) -> str | None:
        calls.append(doc)
        return original(doc)

    monkeypatch.setattr(documents, "walk_problem", counting_walk_problem)
    Store.open(db_path)
    assert calls == []
    os.utime(db_path)  # any change to the file since its writer's summary: checked again
    Store.open(db_path)
    assert len(calls) == 1


def test_listed_walk_documents_always_have_the_seven_fields_and_an_id() -> None:
    """A walk stored without its optional fields is listed like any other."""
    from coach.store.documents import WALK_FIELDS, walk_documents

    full = {
        "started_at": "2026-05-04T09:00:00+00:00",
        "ended_at": "2026-05-04T09:15:00+00:00",
        "minutes": 15,
        "terrain": "flat",
        "leg_pain": False,
        "pain": None,
        "note": "",
    }
    older = {k: v for k, v in full.items() if k not in ("pain", "note")}
    older["started_at"] = "2026-05-03T09:00:00+00:00"
    no_note = {**full, "started_at": "2026-05-02T09:00:00+00:00"}
    del no_note["note"]
    for private in (False, True):
        raw = {"1": dict(full), "2": dict(older), "3": dict(no_note)}
        listed = walk_documents(raw, private=private)
        assert [d["id"] for d in listed] == [1, 2, 3]
        assert all(set(d) == {*WALK_FIELDS, "id"} for d in listed)
        assert listed[1]["note"] == "" and listed[1]["pain"] is None


def test_two_windows_changing_different_settings_keep_both(db_path: Path) -> None:
    """Each window saves what it changed onto the file as it is, inside the lock."""
    Store.open(db_path).save_settings(Settings())
    first, second = Store.open(db_path), Store.open(db_path)
    seen_by_first, seen_by_second = first.settings(), second.settings()
    second.change_settings(seen_by_second, replace(seen_by_second, bell=False))
    saved = first.change_settings(seen_by_first, replace(seen_by_first, neck_problem=True))
    assert (saved.bell, saved.neck_problem) == (False, True)
    on_disk = Store.open(db_path).settings()
    assert (on_disk.bell, on_disk.neck_problem) == (False, True)


def test_a_change_of_one_exercise_choice_keeps_the_others(db_path: Path) -> None:
    store = Store.open(db_path)
    store.save_settings(Settings().with_choice("cat-cow", hold_seconds=20, reps=3))
    old = store.settings()
    Store.open(db_path).change_settings(old, old.with_choice("cat-cow", reps=4))
    merged = store.change_settings(old, old.with_choice("cat-cow", hold_seconds=30))
    assert merged.choice("cat-cow").hold_seconds == 30 and merged.choice("cat-cow").reps == 4


def test_a_change_back_to_the_file_s_value_is_saved(db_path: Path) -> None:
    store = Store.open(db_path)
    store.save_settings(Settings())
    old = store.settings()
    merged = store.change_settings(old, replace(old, neck_problem=True))
    assert merged.neck_problem and store.settings().neck_problem
    merged = store.change_settings(merged, replace(merged, neck_problem=False))
    assert not merged.neck_problem and not Store.open(db_path).settings().neck_problem


def test_a_schema_1_file_is_migrated_to_the_id_counter_and_ids_are_never_reused(
    db_path: Path,
) -> None:
    """Version 2 adds the id counter: a walk deleted before the upgrade keeps its id retired
    only from the upgrade on (the highest id + 1), and every id after it is new."""
    db_path.parent.mkdir(parents=True)
    doc = {
        "started_at": "2026-05-01T09:00:00+00:00",
        "ended_at": "2026-05-01T09:15:00+00:00",
        "minutes": 15,
        "terrain": "flat",
        "leg_pain": False,
        "pain": None,
        "note": "",
    }
    version_1 = {"meta": {"1": {"schema_version": 1}}, "walks": {"1": doc, "4": doc}}
    db_path.write_text(json.dumps(version_1))
    original = db_path.read_bytes()
    store = Store.open(db_path)
    assert store.schema_version() == 1
    new_id = store.add_walk(walk())
    assert new_id == 5
    assert db_path.with_name(db_path.name + ".schema-1.bak").read_bytes() == original
    meta = json.loads(db_path.read_text())["meta"]["1"]
    assert meta == {
        "schema_version": SCHEMA_VERSION,
        "next_walk_id": 6,
        "next_session_id": 1,
        "next_care_id": 1,
    }
    store.delete_walk(store.walk(new_id) or walk())
    assert store.add_walk(walk()) == 6  # the deleted id is not given again
    assert Store(db_path).add_walk(walk()) == 7  # nor by another process


@pytest.mark.parametrize("key", ["01", "0", "+1", "1.0", "\u0661", " 1"])
def test_a_record_key_that_is_not_plain_decimal_is_damage(db_path: Path, key: str) -> None:
    db_path.parent.mkdir(parents=True)
    raw = json.dumps({"meta": {"1": {"schema_version": 2}}, "walks": {key: {}}}).encode()
    db_path.write_bytes(raw)
    with pytest.raises(DamagedDatabase, match="is not a record"):
        Store.open(db_path)
    assert db_path.read_bytes() == raw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"minutes": 10**30}, "minutes is not from 1 to 600"),
        ({"minutes": 0}, "minutes is not from 1 to 600"),
        ({"pain": 11}, "pain is not from 0 to 10"),
        ({"leg_pain": 1}, "leg_pain is not true or false"),
        ({"ended_at": "2026-05-01T08:00:00+00:00"}, "ended_at is before started_at"),
        ({"ended_at": "9999-12-31T23:59:59+00:00"}, "ended_at is not within the years"),
        ({"started_at": "1969-12-31T23:59:59+00:00"}, "started_at is not within the years"),
        ({"mood": "fine"}, "'mood' is not a known field"),
        ({"note": "x" * 501}, "note is longer than 500"),
    ],
)
def test_a_record_out_of_bounds_in_the_file_is_damage_named_in_one_line(
    db_path: Path, change: dict[str, object], message: str
) -> None:
    db_path.parent.mkdir(parents=True)
    doc = {
        "started_at": "2026-05-01T09:00:00+00:00",
        "ended_at": "2026-05-01T09:15:00+00:00",
        "minutes": 15,
        "terrain": "flat",
        "leg_pain": False,
        "pain": None,
        "note": "",
        **change,
    }
    raw = json.dumps({"meta": {"1": {"schema_version": 2}}, "walks": {"3": doc}}).encode()
    db_path.write_bytes(raw)
    with pytest.raises(DamagedDatabase, match=message) as raised:
        Store.open(db_path)
    assert "walks record 3" in str(raised.value) and "\n" not in str(raised.value)
    with pytest.raises(DamagedDatabase):
        Store(db_path).add_walk(walk())
    assert db_path.read_bytes() == raw


def test_a_record_out_of_bounds_is_never_written(db_path: Path) -> None:
    store = Store.open(db_path)
    store.add_walk(walk())
    before = db_path.read_bytes()
    start = NOW - timedelta(days=3)
    with pytest.raises(UsageError, match="not saved: walk: minutes is not from 1 to 600"):
        store.add_walk(Walk(start, NOW, 3749))
    with pytest.raises(UsageError, match="ended_at is before started_at"):
        store.add_walk(Walk(NOW, NOW - timedelta(minutes=5), 5))
    assert db_path.read_bytes() == before


def test_stored_times_are_utc_and_the_latest_end_is_the_real_latest(db_path: Path) -> None:
    from datetime import timezone

    plus_two = timezone(timedelta(hours=2))
    store = Store.open(db_path)
    later = datetime(2026, 5, 4, 12, 30, tzinfo=plus_two)  # 10:30 UTC
    earlier = datetime(2026, 5, 4, 10, 20, tzinfo=UTC)
    store.add_walk(Walk(later - timedelta(minutes=10), later, 10))
    store.add_walk(Walk(earlier - timedelta(minutes=10), earlier, 10))
    ends = [d["ended_at"] for d in json.loads(db_path.read_text())["walks"].values()]
    assert ends == ["2026-05-04T10:30:00+00:00", "2026-05-04T10:20:00+00:00"]
    assert store.last_walk_end() == later


def test_the_latest_of_stored_times_in_mixed_forms_is_the_real_latest() -> None:
    from coach.store.documents import latest

    canonical = ["2026-05-04T10:00:00+00:00", "2026-05-04T09:00:00+00:00"]
    assert latest(canonical) == canonical[0]
    mixed = ["2026-05-04 11:00:00+00:00", "2026-05-04T10:00:00+00:00", "2026-05-04T12:30:00+02:00"]
    assert latest(mixed) == "2026-05-04 11:00:00+00:00"  # text order would pick the "T" one
    assert latest([]) is None


def test_a_schema_2_file_gives_its_walk_under_way_the_id_it_will_be_saved_under(
    db_path: Path,
) -> None:
    """Version 3: the walk under way holds its id, so a walk started in the same second
    after it was stopped elsewhere is told apart from it."""
    db_path.parent.mkdir(parents=True)
    version_2 = {
        "meta": {"1": {"schema_version": 2, "next_walk_id": 8, "next_session_id": 1}},
        "active_walk": {"1": {"started_at": "2026-05-04T09:00:00+00:00", "pid": None}},
    }
    db_path.write_text(json.dumps(version_2))
    original = db_path.read_bytes()
    store = Store.open(db_path)
    read_before = store.active_walk()
    assert read_before is not None and read_before.id is None
    store.save_settings(Settings())  # any write upgrades the file
    assert db_path.with_name(db_path.name + ".schema-2.bak").read_bytes() == original
    data = json.loads(db_path.read_text())
    assert data["active_walk"]["1"]["walk_id"] == 8
    assert data["meta"]["1"]["next_walk_id"] == 9
    started = store.active_walk()
    assert started is not None and started.id == 8
    assert store.finish_walk(walk(5), started=started) == 8  # saved under its own id
    assert store.add_walk(walk()) == 9


def test_a_walk_started_in_the_same_second_is_not_the_walk_that_was_stopped(
    db_path: Path,
) -> None:
    app, shell = Store(db_path), Store(db_path)
    first = app.start_walk(NOW.replace(microsecond=400_000))
    assert first.started_at == NOW  # as stored, to the second
    on_shell = shell.active_walk()
    assert on_shell is not None
    shell.finish_walk(walk(5), started=on_shell)
    second = shell.start_walk(NOW)  # the same second
    with pytest.raises(StaleRecord, match="different walk"):
        app.finish_walk(walk(5), started=first)
    assert len(Store(db_path).walks()) == 1 and Store(db_path).active_walk() == second


def test_a_session_update_never_writes_over_another_session_under_a_reused_id(
    db_path: Path,
) -> None:
    """After a forget, ids start again: the session still on screen must not take over the
    record of a session another window started since under the same id."""
    app = Store(db_path)
    mine = session()
    my_id = app.add_session(mine)
    forget(db_path)
    other = replace(session(), exercise="other-exercise")
    assert Store(db_path).add_session(other) == my_id  # the same id, a new file
    with pytest.raises(StaleRecord, match="another session"):
        app.update_session(my_id, replace(mine, reps_done=2))
    [kept] = Store(db_path).sessions()
    assert kept.exercise == "other-exercise" and kept.reps_done == 0


def test_a_snapshot_is_never_changed_by_the_writes_after_it(db_path: Path) -> None:
    """The walk log's worker reads a snapshot while the app writes: nothing it holds moves."""
    import copy

    store = Store(db_path)
    first = store.add_walk(walk(hours_ago=3))
    store.add_walk(walk(hours_ago=2))
    session_id = store.add_session(session())
    store.save_settings(Settings())
    snapshot = store.snapshot()
    as_read = copy.deepcopy(snapshot.data)
    old = store.walk(first)
    assert old is not None
    store.update_walk(replace(old, note="edited", pain=3), was=old)
    store.update_session(session_id, replace(session(), reps_done=2))
    store.save_settings(replace(Settings(), neck_problem=True))
    store.add_walk(walk(hours_ago=1))
    store.delete_walk(store.walks()[-1])
    assert snapshot.data == as_read
    assert [w.note for w in snapshot.walks()] == ["", ""]


def test_with_record_places_a_record_last_and_leaves_the_data_it_was_given() -> None:
    """The one way the Store's insert and the quick add place a record: last in its
    table (a replaced one too, as TinyDB's remove and insert), a missing table after the
    others, and new objects, so a snapshot a reader holds stays as it was."""
    from coach.store.documents import with_record

    data = {"meta": {"1": {"a": 1}}, "walks": {"1": {"n": 1}, "2": {"n": 2}}}
    before = json.dumps(data)
    added = with_record(data, "walks", 3, {"n": 3})
    replaced = with_record(data, "walks", 1, {"n": 9})
    created = with_record(data, "care", 1, {"c": 1})
    assert json.dumps(data) == before
    assert list(added["walks"]) == ["1", "2", "3"] and added["walks"] is not data["walks"]
    assert list(replaced["walks"].items()) == [("2", {"n": 2}), ("1", {"n": 9})]
    assert list(created) == ["meta", "walks", "care"] and created["walks"] is data["walks"]

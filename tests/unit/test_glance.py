"""The app's start and its poll read the writers' summary, never the log, while it vouches."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.errors import DamagedDatabase, NewerDatabase
from coach.model.care import CareKind
from coach.model.records import ActiveWalk, CareItem, SessionRecord, SessionStatus, Walk
from coach.model.settings import Settings
from coach.store.database import Store, read_snapshot
from coach.store.glance import Glance
from coach.store.summary import summary_path

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def walk(hours_ago: float, minutes: int = 15) -> Walk:
    start = NOW - timedelta(hours=hours_ago)
    return Walk(start, start + timedelta(minutes=minutes), minutes)


def filled(db_path: Path) -> Store:
    """A file with something in every table the glance shows."""
    store = Store.open(db_path)
    store.save_settings(replace(Settings(), about_acknowledged=True, snooze_minutes=45))
    store.add_walk(walk(5))
    store.add_walk(walk(2, minutes=20))
    store.add_care(CareItem(CareKind.APPOINTMENT, NOW, at=NOW + timedelta(days=1), who="Dr K"))
    store.add_care(CareItem(CareKind.QUESTION, NOW, name="How long to rest?"))
    store.add_session(
        SessionRecord("cat-cow", NOW, None, SessionStatus.IN_PROGRESS, 2, 0, 15, False, None, 4242)
    )
    store.start_walk(NOW - timedelta(minutes=5), pid=None)
    return store


def test_the_glance_from_the_summary_is_the_glance_from_the_file(db_path: Path) -> None:
    filled(db_path)
    from_summary = Store.open_glancing(db_path)
    assert from_summary._storage.parses == 0  # the log was not read at all
    glance = from_summary.glance()
    full = Store.open(db_path)
    assert glance == Glance.of(full.records())
    assert glance.settings.snooze_minutes == 45 and glance.settings.about_acknowledged
    assert glance.active_walk is not None and glance.active_walk.started_at == NOW - timedelta(
        minutes=5
    )
    assert [item.who for item in glance.care_items if item.kind is CareKind.APPOINTMENT] == ["Dr K"]
    assert glance.last_walk_end == NOW - timedelta(hours=2) + timedelta(minutes=20)
    assert [pid for _, pid in glance.open_sessions] == [4242]
    assert from_summary._storage.parses == 0


def test_without_a_summary_the_file_is_read_and_checked(db_path: Path) -> None:
    filled(db_path)
    summary_path(db_path).unlink()
    store = Store.open_glancing(db_path)
    assert store._storage.parses == 1
    assert store.settings().snooze_minutes == 45


def test_a_summary_of_another_file_is_not_trusted(db_path: Path) -> None:
    """Any change to the file since its writer's summary (a hand edit): the file is read
    and checked, and a record breaking the rules is one line, as at any open."""
    filled(db_path)
    data = json.loads(db_path.read_text())
    data["walks"]["1"]["minutes"] = -3
    stat = db_path.stat()
    db_path.write_text(json.dumps(data))
    os.utime(db_path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime: ctime still moves
    with pytest.raises(DamagedDatabase, match="walks record 1"):
        Store.open_glancing(db_path)


def test_a_summary_from_a_newer_schema_is_not_trusted(db_path: Path) -> None:
    filled(db_path)
    data = json.loads(db_path.read_text())
    data["meta"]["1"]["schema_version"] = 99
    db_path.write_text(json.dumps(data))
    with pytest.raises(NewerDatabase):
        Store.open_glancing(db_path)


@pytest.mark.parametrize(
    "damage",
    [
        lambda s: s["glance"].update(settings={"theme": 7}),
        lambda s: s["glance"].update(open_sessions=[["1", None]]),
        lambda s: s["glance"].update(active_walk={"started_at": "yesterday"}),
        lambda s: s.pop("glance"),  # an older writer's summary
        lambda s: s.update(last_walk_end="noon"),
    ],
)
def test_an_odd_summary_is_never_believed(db_path: Path, damage: object) -> None:
    filled(db_path)
    path = summary_path(db_path)
    summary = json.loads(path.read_text())
    damage(summary)  # type: ignore[operator]
    path.write_text(json.dumps(summary))
    store = Store.open_glancing(db_path)
    assert store._storage.parses == 1  # read the file instead
    assert store.glance() == Glance.of(Store.open(db_path).records())


def test_the_poll_notices_other_writers_but_not_its_own_writes(db_path: Path) -> None:
    filled(db_path)
    app = Store.open_glancing(db_path)
    assert not app.refresh()
    app.add_walk(walk(1))
    assert not app.refresh()  # our own write is no news to the screens
    Store.open(db_path).cancel_walk(started=app.active_walk())  # type: ignore[arg-type]
    assert app.refresh()
    assert app.active_walk() is None
    assert not app.refresh()


def test_a_walk_dated_after_now_sends_the_last_end_to_the_log(db_path: Path) -> None:
    store = Store.open(db_path)
    store.add_walk(walk(3))
    store.add_walk(walk(-2))  # logged while the clock ran two hours ahead
    app = Store.open_glancing(db_path)
    assert app.last_walk_end(NOW) == NOW - timedelta(hours=3) + timedelta(minutes=15)
    assert app.last_walk_end() == NOW + timedelta(hours=2, minutes=15)


def test_orphans_are_looked_for_only_when_a_session_was_left_open(db_path: Path) -> None:
    store = Store.open(db_path)
    store.add_walk(walk(1))
    app = Store.open_glancing(db_path)
    assert app.interrupt_orphans(lambda pid: False) == 0
    assert app._storage.parses == 0
    store.add_session(
        SessionRecord("cat-cow", NOW, None, SessionStatus.IN_PROGRESS, 2, 0, 15, False, None, 99)
    )
    assert app.interrupt_orphans(lambda pid: pid != 99) == 1
    assert Store.open(db_path).sessions()[0].status is SessionStatus.INTERRUPTED
    assert app.glance().open_sessions == ()


def test_a_snapshot_is_read_once_per_version_of_the_file(db_path: Path) -> None:
    store = filled(db_path)
    first = read_snapshot(db_path)
    assert read_snapshot(db_path) is first
    store.add_walk(walk(1))
    second = read_snapshot(db_path)
    assert second is not first and len(second.walks()) == len(first.walks()) + 1


def test_the_active_walk_round_trips_through_the_summary(db_path: Path) -> None:
    store = Store.open(db_path)
    started = store.start_walk(NOW, pid=77)
    assert Store.open_glancing(db_path).active_walk() == started == ActiveWalk(NOW, 77, started.id)


# Files of tables: records of any JSON (floats too), empty tables, and a few plain values.
FILES = st.dictionaries(
    st.text(max_size=6),
    st.one_of(
        st.dictionaries(
            st.text(max_size=4),
            st.recursive(
                st.none()
                | st.booleans()
                | st.integers()
                | st.floats(allow_nan=False)
                | st.text(max_size=8),
                lambda inner: (
                    st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=3), inner, max_size=3)
                ),
                max_leaves=6,
            ),
            max_size=12,
        ),
        st.integers(),
        st.none(),
        st.text(max_size=5),
    ),
    max_size=5,
)


@settings(max_examples=200, deadline=None)
@given(FILES, st.integers(min_value=1, max_value=4))
def test_writing_in_pieces_is_byte_for_byte_json_dumps(data: dict[str, object], piece: int) -> None:
    """The writer's text in pieces is exactly what one json.dumps call writes, whatever
    the tables hold (unicode, nesting, empty tables, tables of non-records)."""
    import coach.store.storage as storage

    original = storage.PIECE
    storage.PIECE = piece  # small pieces, so every table is cut somewhere
    try:
        pieced = storage.dumps_in_pieces(data)  # type: ignore[arg-type]
    finally:
        storage.PIECE = original
    assert pieced == json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@settings(max_examples=200, deadline=None)
@given(FILES)
def test_reading_in_pieces_is_json_loads(data: dict[str, object]) -> None:
    """Record by record, the same objects as one json.loads, in the same order; any
    other layout (spaces, a list, a cut) is left to json.loads (None)."""
    from coach.store.storage import dumps_in_pieces, loads_in_pieces

    raw = dumps_in_pieces(data).encode()  # type: ignore[arg-type]
    pieces = loads_in_pieces(raw)
    assert pieces == json.loads(raw)
    assert pieces is not None and list(pieces) == list(json.loads(raw))
    assert loads_in_pieces(json.dumps(data, indent=1).encode()) in (None, pieces)
    assert loads_in_pieces(raw[:-1]) is None
    assert loads_in_pieces(b"[" + raw + b"]") is None


def test_a_long_file_is_read_in_pieces_and_a_hand_edited_one_as_before(db_path: Path) -> None:
    """Over a megabyte, a file a writer vouches for is read record by record, the same as
    json.loads; one with any other change is read and checked as ever."""
    import coach.store.storage as storage

    store = Store.open(db_path)
    for hours in range(40):
        store.add_walk(walk(hours + 1))
    calls: list[int] = []
    original = storage.loads_in_pieces
    storage.PIECEWISE_FROM, before = 1000, storage.PIECEWISE_FROM
    try:
        storage.loads_in_pieces = lambda raw: calls.append(len(raw)) or original(raw)  # type: ignore[func-returns-value]
        fresh = Store.open(db_path)
        assert calls and fresh.walks() == Store.open(db_path).walks()
        assert fresh.records().data == json.loads(db_path.read_bytes())
        calls.clear()
        data = json.loads(db_path.read_text())
        data["walks"]["1"]["minutes"] = 0
        db_path.write_text(json.dumps(data))
        with pytest.raises(DamagedDatabase):
            Store.open(db_path)
        assert calls == []  # not vouched for: the strict parse and every check
    finally:
        storage.PIECEWISE_FROM = before
        storage.loads_in_pieces = original


def test_a_process_id_no_system_could_have_is_a_process_that_is_gone(db_path: Path) -> None:
    """A pid past the kernel's range (a hand-edited file or summary) is not alive: the
    session is kept as interrupted and the app starts (it raised OverflowError before)."""
    from coach.launch import process_alive

    assert process_alive(2**64) is False and process_alive(2**31) is False
    store = Store.open(db_path)
    store.add_session(
        SessionRecord("cat-cow", NOW, None, SessionStatus.IN_PROGRESS, 2, 0, 15, False, None, 99)
    )
    path = summary_path(db_path)
    summary = json.loads(path.read_text())
    summary["glance"]["open_sessions"] = [[1, 2**64]]
    path.write_text(json.dumps(summary))
    assert Store.open_glancing(db_path).interrupt_orphans(process_alive) == 1


def test_a_write_by_another_store_of_the_app_is_adopted_only_onto_the_file_it_knew(
    db_path: Path,
) -> None:
    """The writer's write is no news; one by anybody else just before it still is."""
    Store.open(db_path).add_walk(walk(3))
    app, writer = Store.open_glancing(db_path), Store.open(db_path)
    writer.add_walk(walk(2))
    app.adopt(writer.take_last_write())
    assert not app.refresh()  # our own: quiet
    assert writer.take_last_write() is None  # told once
    Store.open(db_path).save_settings(replace(Settings(), neck_problem=True))  # elsewhere
    writer.add_walk(walk(1))
    app.adopt(writer.take_last_write())
    assert app.refresh()  # the other write is news, whatever came after it
    assert app.settings().neck_problem is True

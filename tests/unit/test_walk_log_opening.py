"""The walk log opens from the writers' summary, and shows exactly what reading the log shows."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.model.records import Walk
from coach.screens.walks import PAGE_SIZE
from coach.store.database import Store, read_snapshot
from coach.store.documents import SCHEMA_VERSION, newest_first, newest_walks
from coach.store.reader import walk_log_opening
from coach.store.summary import FIRST_WALKS, MOST_WALKS, RECENT_DAYS, summary_path

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
A_WALK = {  # a walk document as the quick add takes it
    "started_at": "2026-05-04T09:00:00+00:00",
    "ended_at": "2026-05-04T09:05:00+00:00",
    "minutes": 5,
    "terrain": "flat",
    "leg_pain": False,
    "pain": None,
    "note": "",
}


def written(path: Path, starts: list[datetime]) -> Store:
    """A file with a walk at each start (ids in that order), left by a writer (one more
    walk added by the Store), so its summary is what every write leaves."""
    docs = {}
    for i, start in enumerate(starts, 1):
        docs[str(i)] = {
            "started_at": start.isoformat(timespec="seconds"),
            "ended_at": (start + timedelta(minutes=10)).isoformat(timespec="seconds"),
            "minutes": 10,
            "terrain": "flat",
            "leg_pain": False,
            "pain": None,
            "note": f"walk {i}",
        }
    meta = {"schema_version": SCHEMA_VERSION, "next_walk_id": len(starts) + 1}
    path.write_text(json.dumps({"meta": {"1": meta}, "walks": docs}, separators=(",", ":")))
    store = Store(path)
    store.add_walk(Walk(NOW - timedelta(days=400), NOW - timedelta(days=400, minutes=-5), 5))
    return store


def both(path: Path, *, page: int = 0, since: datetime, now: datetime = NOW) -> tuple[object, ...]:
    """What the summary shows and what the file shows, for one page and one chart start."""
    opening = walk_log_opening(path, offset=page * PAGE_SIZE, limit=PAGE_SIZE, since=since, now=now)
    snapshot = read_snapshot(path)
    full = snapshot.walk_log(offset=page * PAGE_SIZE, limit=PAGE_SIZE, since=since, now=now)
    return opening, (full, snapshot.active_walk(), False)


def test_the_page_size_is_what_the_summary_keeps() -> None:
    assert PAGE_SIZE == FIRST_WALKS


def test_a_long_log_opens_from_the_summary_as_from_the_file(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    starts = [NOW - timedelta(hours=3 * i) for i in range(3000)]  # 8 a day
    written(db, starts)
    opening, full = both(db, since=NOW - timedelta(days=13))
    assert opening is not None and opening == full
    view = opening[0]
    assert view.total == 3001 and len(view.page) == PAGE_SIZE
    assert len(view.recent) == 8 * 13 + 1  # the chart's days, all of them
    kept = json.loads(summary_path(db).read_text())["walk_log"]
    assert len(kept["newest"]) < 200  # the recent days, not the log


def test_what_the_summary_does_not_hold_is_read_from_the_file(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    written(db, [NOW - timedelta(hours=3 * i) for i in range(3000)])
    opening, full = both(db, page=1, since=NOW)  # the recent days hold the second page too
    assert opening == full
    assert walk_log_opening(db, offset=3 * PAGE_SIZE, limit=PAGE_SIZE, since=NOW, now=NOW) is None
    since_long_ago = NOW - timedelta(days=RECENT_DAYS + 2)
    assert walk_log_opening(db, offset=0, limit=PAGE_SIZE, since=since_long_ago, now=NOW) is None
    before_the_last_walk = NOW - timedelta(hours=1)  # a walk dated after "now"
    assert (
        walk_log_opening(db, offset=0, limit=PAGE_SIZE, since=NOW, now=before_the_last_walk) is None
    )
    answered_long_ago = 2990  # a walk the summary leaves out: it may or may not be there
    assert (
        walk_log_opening(
            db, offset=0, limit=PAGE_SIZE, since=NOW, now=NOW, answered=answered_long_ago
        )
        is None
    )


def test_a_short_log_is_all_in_the_summary_whatever_is_asked(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    written(db, [NOW - timedelta(days=40 * i) for i in range(30)])
    for page, since in ((0, NOW - timedelta(days=13)), (0, NOW - timedelta(days=3000)), (1, NOW)):
        opening, full = both(db, page=page, since=since)
        assert opening == full
    gone = walk_log_opening(db, offset=0, limit=PAGE_SIZE, since=NOW, now=NOW, answered=999)
    assert gone is not None and gone[2] is True  # every walk is there: 999 is gone


def test_a_stale_or_damaged_summary_is_not_used(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    written(db, [NOW - timedelta(hours=i) for i in range(100)])
    since = NOW - timedelta(days=13)
    assert walk_log_opening(db, offset=0, limit=PAGE_SIZE, since=since, now=NOW) is not None
    summary = json.loads(summary_path(db).read_text())
    summary["walk_log"]["newest"][0][1]["minutes"] = 0  # a walk the rules refuse
    summary_path(db).write_text(json.dumps(summary))
    assert walk_log_opening(db, offset=0, limit=PAGE_SIZE, since=since, now=NOW) is None
    written(db, [NOW - timedelta(hours=i) for i in range(100)])
    db.write_bytes(db.read_bytes())  # the same bytes, a new file: the summary is stale
    assert walk_log_opening(db, offset=0, limit=PAGE_SIZE, since=since, now=NOW) is None


def test_walks_that_start_together_at_the_edge_are_all_kept(tmp_path: Path) -> None:
    """The 50th and 51st walks start at once: both are kept, in the file's order."""
    db = tmp_path / "db.json"
    starts = [NOW - timedelta(days=30 + i // 2) for i in range(300)]  # two walks a start
    written(db, starts)
    for page in (0,):
        opening, full = both(db, page=page, since=NOW - timedelta(days=13))
        assert opening == full


def test_the_most_walks_the_summary_keeps_is_bounded(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    written(db, [NOW - timedelta(minutes=20 * i) for i in range(2000)])  # 72 a day
    kept = json.loads(summary_path(db).read_text())["walk_log"]
    assert MOST_WALKS <= len(kept["newest"]) <= MOST_WALKS + 1 and kept["bound"] is not None
    opening, full = both(db, since=NOW - timedelta(days=2))
    assert opening == full
    assert (
        walk_log_opening(db, offset=0, limit=PAGE_SIZE, since=NOW - timedelta(days=13), now=NOW)
        is None
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=60 * 24 * 40), min_size=0, max_size=160),
    st.integers(min_value=0, max_value=45),
)
def test_newest_walks_are_the_newest_first_order_s_own_first_walks(
    minutes_ago: list[int], days: int
) -> None:
    walks = {
        str(i): {"started_at": (NOW - timedelta(minutes=m)).isoformat(timespec="seconds")}
        for i, m in enumerate(minutes_ago, 1)
    }
    kept, bound = newest_walks(walks, days=days, at_least=10, at_most=40)
    ordered = newest_first(walks)
    assert kept == ordered[: len(kept)]  # a prefix of the order every reader uses
    assert len(kept) >= min(10, len(ordered))
    if bound is None:
        assert len(kept) == len(ordered)
    else:  # every walk from the bound on is there, and the newest `days` days too
        left_out = ordered[len(kept) :]
        assert all(doc["started_at"] < bound for _, doc in left_out)
        newest = datetime.fromisoformat(ordered[0][1]["started_at"])
        if len(kept) < 40:  # no cap reached: the newest `days` days are all there
            assert all(
                datetime.fromisoformat(doc["started_at"]) < newest - timedelta(days=days)
                for _, doc in left_out
            )


def test_hand_edited_times_are_ordered_by_the_times_themselves() -> None:
    rng = random.Random(7)
    walks = {}
    for i in range(1, 200):
        start = NOW - timedelta(minutes=rng.randrange(0, 60 * 24 * 30))
        offset = rng.choice([0, 2, -5])  # the same moments, written in other offsets
        walks[str(i)] = {"started_at": start.astimezone(timezone_of(offset)).isoformat()}
    kept, bound = newest_walks(walks, days=3, at_least=50, at_most=400)
    assert kept == newest_first(walks)[: len(kept)] and bound is not None


def timezone_of(hours: int) -> object:
    from datetime import timezone

    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize("count", [0, 1, FIRST_WALKS, FIRST_WALKS + 1])
def test_small_logs_need_no_bound(tmp_path: Path, count: int) -> None:
    db = tmp_path / "db.json"
    written(db, [NOW - timedelta(days=i) for i in range(count)])
    kept = json.loads(summary_path(db).read_text())["walk_log"]
    assert kept["total"] == count + 1
    assert (kept["bound"] is None) == (count + 1 <= FIRST_WALKS)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=10**6 * 60 * 24 * 20), min_size=1, max_size=120),
    st.integers(min_value=0, max_value=25),
)
def test_a_bound_keeps_fractions_of_a_second(microseconds_ago: list[int], days: int) -> None:
    """Found by an attack: a hand-edited start with a fraction of a second set the bound, cut
    to the second, and a walk just before the cut but after the bound was left out."""
    walks = {
        str(i): {"started_at": (NOW - timedelta(microseconds=m)).isoformat()}
        for i, m in enumerate(microseconds_ago, 1)
    }
    kept, bound = newest_walks(walks, days=days, at_least=5, at_most=20)
    assert kept == newest_first(walks)[: len(kept)]
    if bound is not None:
        left_out = newest_first(walks)[len(kept) :]
        edge = datetime.fromisoformat(bound)
        assert all(datetime.fromisoformat(doc["started_at"]) < edge for _, doc in left_out)


def test_a_file_replaced_right_after_a_write_is_not_vouched_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by an attack: another program's file, renamed in between the writer's rename
    and its look at the result, was signed as the writer's own (and shown by the walk log
    and `status`). The writer now signs only the file it wrote."""
    import os

    from coach.store import files
    from coach.store.quick_write import add_walk
    from coach.store.summary import read_summary

    db = tmp_path / "db.json"
    store = written(db, [NOW - timedelta(hours=i) for i in range(80)])
    theirs = json.loads(db.read_text())
    theirs["walks"]["1"]["note"] = "THEIRS"
    real_replace = os.replace

    def then_theirs(source: str, target: object) -> None:
        real_replace(source, target)  # type: ignore[arg-type]
        if Path(str(target)) == db:  # another program saves right after the writer
            other = tmp_path / "theirs.json"
            other.write_text(json.dumps(theirs))
            real_replace(other, db)

    monkeypatch.setattr(files.os, "replace", then_theirs)
    doc = {**A_WALK, "note": "ours"}
    add_walk(db, doc, today=lambda: NOW.date())
    assert read_summary(db) is None  # nothing vouches for their file
    assert walk_log_opening(db, offset=0, limit=PAGE_SIZE, since=NOW, now=NOW) is None
    store.add_walk(Walk(NOW - timedelta(hours=200), NOW - timedelta(hours=200, minutes=-5), 5))
    assert read_summary(db) is None
    monkeypatch.setattr(files.os, "replace", real_replace)
    assert [w.note for w in store.walks() if w.id == 1] == ["THEIRS"]  # read again: theirs


def test_a_summary_nested_too_deep_or_too_long_costs_speed_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by an attack: a summary of 200,000 "[" stopped every command (RecursionError)."""
    from coach.store import summary as summaries
    from coach.store.quick_write import add_walk

    db = tmp_path / "db.json"
    written(db, [NOW - timedelta(hours=i) for i in range(60)])
    summary_path(db).write_text("[" * 200_000)
    assert summaries.read_summary(db) is None and summaries.checked_backup(db) is None
    assert walk_log_opening(db, offset=0, limit=PAGE_SIZE, since=NOW, now=NOW) is None
    doc = dict(A_WALK)
    add_walk(db, doc, today=lambda: NOW.date())  # the next write heals it
    assert summaries.read_summary(db) is not None
    monkeypatch.setattr(summaries, "MOST_BYTES", 100)  # longer than a writer leaves
    assert summaries.read_summary(db) is None


@pytest.mark.parametrize(
    "forge",
    ["twice", "zero", "huge total", "total below the rows"],
)
def test_a_summary_no_writer_leaves_is_not_used(tmp_path: Path, forge: str) -> None:
    db = tmp_path / "db.json"
    written(db, [NOW - timedelta(hours=i) for i in range(60)])
    summary = json.loads(summary_path(db).read_text())
    part = summary["walk_log"]
    if forge == "twice":
        part["newest"][1][0] = part["newest"][0][0]
    elif forge == "zero":
        part["newest"][0][0] = 0
    elif forge == "huge total":
        part["total"] = 10**30
    else:
        part["total"] = len(part["newest"]) - 1
    summary_path(db).write_text(json.dumps(summary))  # the signature still matches
    assert walk_log_opening(db, offset=0, limit=PAGE_SIZE, since=NOW, now=NOW) is None


def test_a_file_changed_in_place_while_it_is_read_is_checked_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by an attack: a program that takes no lock rewrote a few bytes in place while
    `walk add` read the file; the stat taken before the read still matched the summary,
    so the damaged record passed unchecked and was written back under a new summary."""
    import os

    from coach.errors import DamagedDatabase
    from coach.store import files
    from coach.store.quick_write import add_walk

    db = tmp_path / "db.json"
    written(db, [NOW - timedelta(hours=i) for i in range(30)])
    real_read = os.read
    rewritten: list[bool] = []

    def changed_first(fd: int, size: int) -> bytes:
        if not rewritten and os.fstat(fd).st_ino == os.stat(db).st_ino:
            rewritten.append(True)
            before = os.stat(db)
            with open(db, "r+b") as handle:  # the same size, in place: "flat" -> "flux"
                raw = handle.read()
                handle.seek(raw.index(b'"flat"'))
                handle.write(b'"flux"')
            later = before.st_mtime_ns + 10**9  # a clock tick can be coarser than a write
            os.utime(db, ns=(later, later))
        return real_read(fd, size)

    monkeypatch.setattr(files.os, "read", changed_first)
    doc = dict(A_WALK)
    with pytest.raises(DamagedDatabase, match="terrain"):
        add_walk(db, doc, today=lambda: NOW.date())
    assert rewritten and b'"flux"' in db.read_bytes()  # refused, and left as it was

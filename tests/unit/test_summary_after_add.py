"""The summary after one walk added (`summary._after_one_walk`): the walk log's part and
the last walk's end from the summary before and the new walk, exactly what the whole
log gives, or None (the whole log is read instead)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.store import summary as summaries
from coach.store.documents import SCHEMA_VERSION, latest
from coach.store.quick_write import add_walk

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
OFFSETS = [UTC, UTC, UTC, timezone(timedelta(hours=2))]  # mostly as writers store them


def walk(minutes_ago: int, zone: timezone = UTC, length: int = 10) -> dict[str, Any]:
    start = (NOW - timedelta(minutes=minutes_ago)).astimezone(zone)
    return {
        "started_at": start.isoformat(timespec="seconds"),
        "ended_at": (start + timedelta(minutes=length)).isoformat(timespec="seconds"),
        "minutes": length,
        "terrain": "flat",
        "leg_pain": False,
        "pain": None,
        "note": "",
    }


def whole(walks: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """What a summary written from the whole log holds."""
    return summaries.walk_log_part(walks), latest([doc["ended_at"] for doc in walks.values()])


def after(walks: dict[str, Any], added: str) -> tuple[dict[str, Any], str | None] | None:
    before_walks = {key: doc for key, doc in walks.items() if key != added}
    part, last_end = whole(before_walks)
    before = {"walk_log": json.loads(json.dumps(part)), "last_walk_end": last_end}
    return summaries._after_one_walk(before, added, walks)


drawn_walk = st.tuples(
    st.integers(0, 60 * 24 * 5),  # minutes ago: five days, a few walks a minute apart
    st.sampled_from(OFFSETS),
    st.integers(1, 600),
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(drawn_walk, max_size=60),
    drawn_walk,
    st.integers(0, 3),
    st.integers(1, 60),  # where the new walk's id falls among the others'
)
def test_after_one_walk_is_what_the_whole_log_gives(
    drawn: list[tuple[int, timezone, int]],
    new: tuple[int, timezone, int],
    days: int,
    new_id: int,
) -> None:
    walks = {str(i): walk(*w) for i, w in enumerate(drawn, 1) if i != new_id}
    walks[str(new_id)] = walk(*new)
    with pytest.MonkeyPatch.context() as patch:  # small numbers, so the cap is reached
        patch.setattr(summaries, "RECENT_DAYS", days)
        patch.setattr(summaries, "FIRST_WALKS", 4)
        patch.setattr(summaries, "MOST_WALKS", 9)
        found = after(walks, str(new_id))
        if found is not None:
            assert found == whole(walks)  # the last end too, as the same text


def test_the_usual_adds_to_a_long_log_need_no_look_at_every_walk() -> None:
    """A walk added now, and one added long ago, to three months of walks."""
    walks = {str(i): walk(180 * i) for i in range(1, 721)}
    for added, minutes_ago in (("721", 5), ("722", 60 * 24 * 365)):
        walks[added] = walk(minutes_ago)
        found = after(walks, added)
        assert found is not None
        assert found == whole(walks)


def test_a_held_walk_that_is_not_the_file_s_own_means_the_whole_log_is_read() -> None:
    walks = {str(i): walk(180 * i) for i in range(1, 301)}
    walks["301"] = walk(5)
    before_walks = {key: doc for key, doc in walks.items() if key != "301"}
    part, last_end = whole(before_walks)
    part["newest"][3][1] = {**part["newest"][3][1], "note": "not the file's"}
    before = {"walk_log": part, "last_walk_end": last_end}
    assert summaries._after_one_walk(before, "301", walks) is None
    part, last_end = whole(before_walks)
    for broken in (
        {"walk_log": {**part, "total": 299}, "last_walk_end": last_end},
        {"walk_log": {**part, "bound": "yesterday"}, "last_walk_end": last_end},
        {"walk_log": {**part, "newest": [[1]]}, "last_walk_end": last_end},
        {"walk_log": part, "last_walk_end": None},
        {"walk_log": part},
    ):
        assert summaries._after_one_walk(broken, "301", walks) is None


def test_the_quick_add_leaves_the_summary_the_whole_log_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "coach.json"
    docs = {str(i): walk(180 * i) for i in range(1, 721)}
    meta = {"schema_version": SCHEMA_VERSION, "next_walk_id": 721}
    path.write_text(json.dumps({"meta": {"1": meta}, "walks": docs}, separators=(",", ":")))
    add_walk(path, walk(60 * 24 * 400))  # the first add reads every walk: no summary yet
    whole_log = summaries.walk_log_part
    calls: list[int] = []

    def counted(walks: dict[str, Any]) -> dict[str, Any]:
        calls.append(len(walks))
        return whole_log(walks)

    monkeypatch.setattr(summaries, "walk_log_part", counted)
    for minutes_ago in (3, 60 * 24 * 300, 1):
        add_walk(path, walk(minutes_ago))
        data = json.loads(path.read_bytes())
        summary = summaries.read_summary(path)
        assert summary is not None and summary["records_checked"] is True
        want_end = latest([doc["ended_at"] for doc in data["walks"].values()])
        assert summary["walk_log"] == json.loads(json.dumps(whole_log(data["walks"])))
        assert summary["last_walk_end"] == want_end
    assert calls == []  # found from the summary before, each time


def test_one_moment_written_two_ways_is_the_same_text_as_from_the_whole_log() -> None:
    """A hand-edited end (+02:00) and a new walk's end at the same moment: the earlier
    walk's text is kept, as a whole read of the file keeps it."""
    walks = {"1": walk(50, timezone(timedelta(hours=2)))}
    walks["2"] = walk(50)
    found = after(walks, "2")
    want = whole(walks)
    assert want[1] == walks["1"]["ended_at"]
    assert found == want


def test_a_vouched_file_with_a_record_that_is_not_one_is_refused_by_name(
    tmp_path: Path,
) -> None:
    """A summary made to vouch for a malformed file (its signature restamped): the add
    still says which record is wrong, in one line, and writes nothing."""
    from coach.errors import DamagedDatabase
    from coach.store.files import file_signature

    donor = tmp_path / "donor.json"
    add_walk(donor, walk(60))
    path = tmp_path / "coach.json"
    raw = json.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION}}, "walks": {"x": {}}})
    path.write_text(raw)
    summary = json.loads(summaries.summary_path(donor).read_text())
    summary["signature"] = list(file_signature(path) or ())
    summaries.summary_path(path).write_text(json.dumps(summary))
    with pytest.raises(DamagedDatabase, match="record 'x' is not a record"):
        add_walk(path, walk(5))
    assert path.read_text() == raw


def test_a_summary_of_other_bytes_with_the_same_signature_is_not_carried_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file replaced by another of the same size, inode and times (where times are
    coarse, a program that takes no lock): the summary vouches by signature, but its
    CRC-32 is of the bytes it was written for, so the add reads every walk."""
    from coach.store.files import file_signature

    path = tmp_path / "coach.json"
    docs = {str(i): walk(180 * i) for i in range(1, 301)}
    meta = {"schema_version": SCHEMA_VERSION, "next_walk_id": 301}
    path.write_text(json.dumps({"meta": {"1": meta}, "walks": docs}, separators=(",", ":")))
    add_walk(path, walk(60 * 24 * 400))
    data = json.loads(path.read_bytes())
    # a month-old walk, not among those the summary holds, moved to this morning
    data["walks"]["250"] = {**data["walks"]["250"], **walk(120)}
    path.write_text(json.dumps(data, separators=(",", ":")))
    summary = json.loads(summaries.summary_path(path).read_text())
    summary["signature"] = list(file_signature(path) or ())  # as if the times were equal
    summaries.summary_path(path).write_text(json.dumps(summary))
    whole_log = summaries.walk_log_part
    calls: list[int] = []
    monkeypatch.setattr(
        summaries, "walk_log_part", lambda walks: calls.append(len(walks)) or whole_log(walks)
    )
    add_walk(path, walk(1))
    written = json.loads(path.read_bytes())["walks"]
    assert calls == [len(written)]
    after = summaries.read_summary(path)
    assert after is not None
    assert after["walk_log"] == json.loads(json.dumps(whole_log(written)))

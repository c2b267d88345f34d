"""`coach.clock.local_zone`: the C library's zone must read every moment as `zoneinfo` does.

The schedule, the walk log and the report turn stored UTC moments into local ones and
back; a zone that is an hour off at a DST change would move a walk's window or its day.
`zoneinfo` is the reference: same files, the rules Python's docs promise.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.clock import SystemZone, local_today, local_zone, parse_instant

# Zones with an hour repeated and skipped each year, a half-hour change (Lord Howe), a
# southern summer (Chatham, Sao Paulo), a winter "DST" below standard time (Dublin), a
# zone that skipped a whole day (Apia, end of 2011) and one with no change at all.
ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Sao_Paulo",
    "Europe/Dublin",
    "Pacific/Apia",
    "America/St_Johns",
    "Asia/Kolkata",
]


@pytest.fixture
def zone_named(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Set `TZ`; afterwards the C library reads the restored `TZ` again, so no other
    test sees this one's zone through `time` or `date.today()`."""

    def use(name: str) -> SystemZone:
        monkeypatch.setenv("TZ", name)
        zone = local_zone()
        assert isinstance(zone, SystemZone)
        return zone

    yield use
    monkeypatch.undo()
    local_zone()
    time.tzset()


def changes(zone: ZoneInfo, start: datetime, end: datetime) -> Iterator[datetime]:
    """The UTC hours at which `zone`'s offset changes."""
    moment = start
    before = moment.astimezone(zone).utcoffset()
    while moment < end:
        moment += timedelta(hours=1)
        offset = moment.astimezone(zone).utcoffset()
        if offset != before:
            yield moment
            before = offset


@pytest.mark.parametrize("name", ZONES)
def test_every_moment_and_wall_time_near_a_change_reads_as_zoneinfo(
    name: str, zone_named: object
) -> None:
    zone = zone_named(name)  # type: ignore[operator]
    reference = ZoneInfo(name)
    found = list(
        changes(reference, datetime(2010, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    )
    if name != "Asia/Kolkata":
        assert len(found) >= 10, found  # the span holds this zone's changes
    checked = 0
    for change in found:
        for step in range(-12, 13):
            moment = change + timedelta(minutes=15 * step, seconds=7, microseconds=5)
            ours, theirs = moment.astimezone(zone), moment.astimezone(reference)
            assert (ours.replace(tzinfo=None), ours.fold) == (
                theirs.replace(tzinfo=None),
                theirs.fold,
            ), moment
            assert ours.tzname() == theirs.tzname(), moment
            assert ours.astimezone(UTC) == moment
            # every wall time near a change, each fold: repeated, skipped (named by no
            # moment, so stepped through as wall times) or plain
            before = change.astimezone(reference).replace(tzinfo=None) - timedelta(hours=2)
            wall = before + timedelta(minutes=15 * (step + 12) // 2, seconds=7)
            for fold in (0, 1):
                ours_wall = wall.replace(fold=fold, tzinfo=zone)
                theirs_wall = wall.replace(fold=fold, tzinfo=reference)
                assert ours_wall.utcoffset() == theirs_wall.utcoffset(), (wall, fold)
                assert ours_wall.tzname() == theirs_wall.tzname(), (wall, fold)
                assert ours_wall.astimezone(UTC) == theirs_wall.astimezone(UTC), (wall, fold)
                checked += 1
    assert checked >= 0 if name == "Asia/Kolkata" else checked > 400


def test_a_changed_tz_is_read_again(zone_named: object) -> None:
    """A process whose `TZ` changes (a test, an embedding program) gets the new zone, and
    `time`'s own functions agree with it."""
    summer = datetime(2026, 7, 1, 12, tzinfo=UTC)
    london = zone_named("Europe/London")  # type: ignore[operator]
    assert summer.astimezone(london).hour == 13
    new_york = zone_named("America/New_York")  # type: ignore[operator]
    assert summer.astimezone(new_york).hour == 8
    assert time.localtime(summer.timestamp()).tm_hour == 8


def test_naive_times_are_read_in_the_zone(
    zone_named: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    zone_named("Europe/Berlin")  # type: ignore[operator]
    assert parse_instant("2026-07-01T14:30") == datetime(2026, 7, 1, 12, 30, tzinfo=UTC)
    assert parse_instant("2026-01-01T14:30") == datetime(2026, 1, 1, 13, 30, tzinfo=UTC)
    monkeypatch.setenv("COACH_NOW", "2026-07-01T23:30+00:00")
    assert local_today().isoformat() == "2026-07-02"  # already tomorrow in Berlin


def test_the_zone_is_named_as_zoneinfo_names_it(zone_named: object) -> None:
    """The doctor's report says "Europe/Berlin"; an unknown `TZ` is never shown as a name."""
    assert zone_named("Europe/Berlin").key == "Europe/Berlin"  # type: ignore[operator]
    assert zone_named(":Europe/Berlin").key == "Europe/Berlin"  # type: ignore[operator]
    assert zone_named("Mars/Olympus").key == "localtime"  # type: ignore[operator]
    assert zone_named("../../etc/passwd").key == "localtime"  # type: ignore[operator]


def test_the_zone_is_never_named_by_a_file_that_is_not_one(zone_named: object) -> None:
    """The C library drops one colon; a path, a file beside the zones or a typo is shown by
    its offset, never as a zone the times are not in (found by the outside attack)."""
    for name in (
        "::Europe/London",
        "/etc/passwd",
        "zone.tab",
        "./Europe/London",
        "Europe/London/",
        "garbage",
    ):
        assert zone_named(name).key == "localtime", name  # type: ignore[operator]


def test_an_offset_of_a_day_or_more_falls_back_to_the_system_zone(
    zone_named: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """glibc takes "UTC24"; Python's times cannot hold a day's offset (found by the attack)."""
    monkeypatch.setenv("TZ", "UTC24")
    zone = local_zone()
    assert not isinstance(zone, SystemZone)
    moment = datetime(2026, 7, 1, 12, tzinfo=UTC)
    assert moment.astimezone(zone).astimezone(UTC) == moment
    assert isinstance(zone_named("Europe/London"), SystemZone)  # type: ignore[operator]

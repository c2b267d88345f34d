"""The walk schedule's missed windows and History by day, with an injected clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.model.history import build_history
from coach.model.records import ActiveWalk, SessionRecord, SessionStatus, Terrain, Walk
from coach.model.schedule import WalkSchedule, WalkState, Window

LONDON = ZoneInfo("Europe/London")
WAKING = (time(8, 0), time(22, 0))


def at(hour: int, minute: int = 0, day: int = 4) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=UTC)


def schedule(now: datetime, waking: tuple[time, time] = WAKING, zone=UTC) -> WalkSchedule:  # type: ignore[no-untyped-def]
    return WalkSchedule(every_hours=(2, 3), zone=zone, waking=waking, now=lambda: now)


def walk(start: datetime, minutes: int = 15, **kw: object) -> Walk:
    return Walk(start, start + timedelta(minutes=minutes), minutes, **kw)  # type: ignore[arg-type]


def missed(passed: list) -> list[Window]:  # type: ignore[type-arg]
    return [p.window for p in passed if p.missed]


def test_a_walk_in_the_window_keeps_it() -> None:
    # 09:00-09:15, then 11:30 (inside 11:15-12:15): nothing missed by 13:00.
    s = schedule(at(13))
    passed = s.passed([walk(at(9)), walk(at(11, 30))])
    assert missed(passed) == [] and [p.window for p in passed] == [Window(at(11, 15), at(12, 15))]


def test_each_closed_window_without_a_walk_is_one_missed_and_the_next_follows_its_close() -> None:
    # Walk ends 09:15: windows 11:15-12:15, then 14:15-15:15 (2 h after the close), ...
    s = schedule(at(16))
    assert missed(s.passed([walk(at(9))])) == [
        Window(at(11, 15), at(12, 15)),
        Window(at(14, 15), at(15, 15)),
    ]


def test_a_window_still_open_is_not_missed() -> None:
    assert missed(schedule(at(12)).passed([walk(at(9))])) == []
    assert missed(schedule(at(12, 15)).passed([walk(at(9))])) == [Window(at(11, 15), at(12, 15))]


def test_windows_stay_in_waking_hours_and_never_run_past_their_end() -> None:
    # Walk ends 19:15: the window 21:15-22:00 is cut at bedtime; the next is 08:00-09:00.
    s = schedule(at(10, day=5))
    assert missed(s.passed([walk(at(19))])) == [
        Window(at(21, 15), at(22, 0)),
        Window(at(8, 0, day=5), at(9, 0, day=5)),
    ]


def test_the_night_counts_no_window() -> None:
    s = schedule(at(7, 59, day=5))
    assert missed(s.passed([walk(at(20, 30))])) == []  # 22:30 opens out of hours: moved to 08:00


def test_a_walk_under_way_keeps_its_window() -> None:
    s = schedule(at(13))
    active = ActiveWalk(at(12, 0))
    assert missed(s.passed([walk(at(9))], active)) == []
    assert len(missed(s.passed([walk(at(9))]))) == 1


def test_an_early_walk_sets_the_clock_again() -> None:
    # 09:00-09:15, then 10:00-10:15 (before the window opened): next window 12:15-13:15.
    s = schedule(at(13, 30))
    assert missed(s.passed([walk(at(9)), walk(at(10))])) == [Window(at(12, 15), at(13, 15))]


def test_status_is_due_after_a_missed_window_in_waking_hours_and_waits_at_night() -> None:
    assert schedule(at(16)).status(at(9, 15), None).state is WalkState.DUE
    night = schedule(at(23)).status(at(9, 15), None)
    assert night.state is WalkState.WAITING
    assert night.window == Window(at(8, 0, day=5), at(9, 0, day=5))


def test_missed_by_day_counts_the_day_a_window_closed_in_local_time() -> None:
    s = schedule(at(12, day=6), zone=LONDON)  # BST: UTC+1
    walks = [walk(at(8, day=4))]  # 09:00 local, ends 09:15 local
    days = s.missed_by_day(walks, date(2026, 5, 4), date(2026, 5, 6))
    # Day 4 (local): 11:15-12:15, 14:15-15:15, 17:15-18:15, 20:15-21:15 -> 4; then 23:15 is
    # night: 08:00-09:00 on day 5, 11-12, 14-15, 17-18, 20-21 -> 5; day 6 by 13:00 local:
    # 08:00-09:00 (2 h after 21:00 is night), 11-12 -> 2.
    assert days == {date(2026, 5, 4): 4, date(2026, 5, 5): 5, date(2026, 5, 6): 2}


def test_no_walk_ever_means_no_window_and_nothing_missed() -> None:
    assert schedule(at(20)).passed([]) == []


def test_a_long_gap_is_bounded_and_counted_only_within_the_period() -> None:
    s = schedule(datetime(2026, 5, 20, 12, tzinfo=UTC))
    days = s.missed_by_day([walk(at(9, day=1))], date(2026, 5, 19), date(2026, 5, 20))
    assert days == {date(2026, 5, 19): 5, date(2026, 5, 20): 2}


def session(start: datetime, status: SessionStatus, reps: int, **kw: object) -> SessionRecord:
    return SessionRecord(
        "cat-cow",
        start,
        start + timedelta(minutes=5),
        status,
        3,
        reps,
        20,
        False,
        **kw,  # type: ignore[arg-type]
    )


def test_history_counts_each_day_and_keeps_pain_series_apart() -> None:
    s = schedule(at(21, day=5))
    walks = [
        walk(at(9, day=5), 15, pain=3, leg_pain=True),
        walk(at(11, 30, day=5), 20, terrain=Terrain.HILLY),
        walk(at(9, day=4), 10),
        walk(at(9, day=1), 10),  # before the period
    ]
    sessions = [
        session(at(10, day=5), SessionStatus.COMPLETED, 3, pain_before=5, pain_after=3),
        session(at(15, day=5), SessionStatus.NO_REPS, 0),
        session(at(16, day=5), SessionStatus.STOPPED_FOR_PAIN, 1, pain_after=7),
        session(at(10, day=4), SessionStatus.INTERRUPTED, 1),
    ]
    history = build_history(
        walks=walks, sessions=sessions, schedule=s, today=date(2026, 5, 5), days=2
    )
    day4, day5 = history.days
    assert (day4.walks, day4.minutes, day5.walks, day5.minutes) == (1, 10, 2, 35)
    assert (day5.leg_pain_walks, day5.hilly_walks, history.leg_pain_days) == (1, 1, 1)
    assert day5.sessions[SessionStatus.NO_REPS] == 1 and day5.sessions[SessionStatus.COMPLETED] == 1
    assert history.sessions_by_status()[SessionStatus.INTERRUPTED] == 1
    # Day 4: 08:00-09:00 is kept (the chain from day 1's walk; the 09:00 walk starts in its
    # closing minute), then 11:10-12:10 ... 20:10-21:10 -> 4 missed; night; day 5:
    # 08:00-09:00 kept the same way, 11:15-12:15 kept, 13:50-14:50, 16:50-17:50,
    # 19:50-20:50 missed.
    assert (day4.missed_windows, day5.missed_windows) == (4, 3)
    assert [p.pain for p in history.pain.before_sessions] == [5]
    assert [p.pain for p in history.pain.after_sessions] == [3, 7]
    assert [p.pain for p in history.pain.on_walks] == [3]
    assert history.walk_count == 3 and history.minutes == 45


def test_a_long_gap_is_crossed_at_once_with_the_same_count_as_window_by_window() -> None:
    """The skip across a long gap gives what counting every window gives (across DST too)."""
    now = datetime(2026, 11, 2, 15, tzinfo=UTC)  # London went back to GMT on 25 Oct
    first, last = date(2026, 10, 20), date(2026, 11, 2)
    for days_back in (3, 9, 40, 400):
        start = now - timedelta(days=days_back, hours=5)
        walks = [walk(start, 12)]
        s = schedule(now, zone=LONDON)
        slow = {}
        for passed in s.passed(walks):  # no period: every window, one by one
            day = passed.window.end.astimezone(LONDON).date()
            if passed.missed and first <= day <= last:
                slow[day] = slow.get(day, 0) + 1
        fast = {d: n for d, n in s.missed_by_day(walks, first, last).items() if n}
        assert fast == slow, days_back


def test_a_clock_decades_ahead_still_counts_the_period_quickly() -> None:
    now = datetime(2090, 5, 4, 12, tzinfo=UTC)
    days = schedule(now).missed_by_day([walk(at(9))], date(2090, 5, 3), date(2090, 5, 4))
    assert days == {date(2090, 5, 3): 5, date(2090, 5, 4): 2}


def test_a_walk_started_in_the_closing_minute_keeps_the_window() -> None:
    s = schedule(at(13))
    assert missed(s.passed([walk(at(9)), walk(at(12, 15))])) == []  # window 11:15-12:15
    assert missed(s.passed([walk(at(9)), walk(at(12, 16))])) == [Window(at(11, 15), at(12, 15))]


def test_a_walk_dated_after_now_has_not_happened_yet() -> None:
    # A clock that ran ahead logged a walk on day 20; seen from day 4, 13:00, it is ignored.
    s = schedule(at(13))
    assert missed(s.passed([walk(at(9)), walk(at(9, day=20))])) == [Window(at(11, 15), at(12, 15))]


def test_a_window_more_than_a_day_ahead_says_its_date() -> None:
    status = schedule(at(9)).status(at(9, day=20), None)  # the last walk "ends" on day 20
    assert status.line(UTC) == "next walk Wed 20 May 11:00-12:00"


def test_a_session_left_under_way_by_a_process_that_is_gone_counts_as_interrupted() -> None:
    s = schedule(at(21, day=5))
    running = [
        session(at(10, day=5), SessionStatus.IN_PROGRESS, 1, pid=111),  # a killed app
        session(at(11, day=5), SessionStatus.IN_PROGRESS, 1, pid=222),  # another window, open
    ]
    today = date(2026, 5, 5)
    history = build_history(
        walks=[], sessions=running, schedule=s, today=today, days=1, alive=lambda pid: pid == 222
    )
    assert history.sessions_by_status()[SessionStatus.INTERRUPTED] == 1
    assert sum(history.sessions_by_status().values()) == 1  # the one under way is not counted

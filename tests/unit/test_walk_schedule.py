"""The walk schedule, day summaries and input rules, in UTC and across DST changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.errors import UsageError
from coach.locations import content_dir
from coach.model import schedule
from coach.model import walks as rules
from coach.model.content import WalkingPlan, load_walking_plan
from coach.model.records import ActiveWalk, Terrain, Walk
from coach.model.schedule import WalkState
from coach.model.walk_days import day_summaries

LONDON = ZoneInfo("Europe/London")
WAKING = (time(8, 0), time(22, 0))


@pytest.fixture(scope="module")
def plan() -> WalkingPlan:
    return load_walking_plan(content_dir())


def status(
    plan: WalkingPlan, now: datetime, last_end: datetime | None, **kw: object
) -> schedule.WalkStatus:
    return schedule.walk_status(
        now=now,
        last_end=last_end,
        active=kw.get("active"),
        plan=plan,  # type: ignore[arg-type]
        zone=kw.get("zone", UTC),
        waking=kw.get("waking", WAKING),  # type: ignore[arg-type]
    )


def at(hour: int, minute: int = 0, day: int = 4) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=UTC)


def test_no_walk_yet(plan: WalkingPlan) -> None:
    s = status(plan, at(10), None)
    assert s.state is WalkState.NO_WALKS and s.line(UTC) == "no walk yet"


def test_a_walk_under_way_counts_its_minutes(plan: WalkingPlan) -> None:
    s = status(plan, at(10, 12), at(7), active=ActiveWalk(at(10)))
    assert s.state is WalkState.WALKING and s.line(UTC) == "walk 12 min"


def test_the_next_walk_is_2_to_3_hours_after_the_last_one_ended(plan: WalkingPlan) -> None:
    s = status(plan, at(12, 30), at(12, 20))
    assert s.state is WalkState.WAITING
    assert s.window == schedule.Window(at(14, 20), at(15, 20))
    assert s.line(UTC) == "next walk 14:20-15:20"


def test_inside_the_window_a_walk_is_due_and_stays_due(plan: WalkingPlan) -> None:
    assert status(plan, at(14, 20), at(12, 20)).line(UTC) == "walk due"
    assert status(plan, at(17, 0), at(12, 20)).state is WalkState.DUE


def test_outside_waking_hours_nothing_is_due(plan: WalkingPlan) -> None:
    late = status(plan, at(23, 0), at(19, 0))
    assert late.state is WalkState.WAITING
    assert late.window == schedule.Window(at(8, 0, day=5), at(9, 0, day=5))
    assert late.line(UTC) == "next walk tomorrow 08:00-09:00"


def test_a_window_that_opens_after_bedtime_moves_to_the_morning(plan: WalkingPlan) -> None:
    s = status(plan, at(21, 0), at(20, 30))
    assert s.window is not None and s.window.start == at(8, 0, day=5)


def test_a_window_across_midnight_with_night_waking_hours(plan: WalkingPlan) -> None:
    night = (time(20, 0), time(4, 0))
    s = status(plan, at(23, 30), at(22, 30), waking=night)
    assert s.window == schedule.Window(at(0, 30, day=5), at(1, 30, day=5))
    assert status(plan, at(0, 45, day=5), at(22, 30), waking=night).state is WalkState.DUE
    assert schedule.is_waking(at(3, 0), UTC, *night) and not schedule.is_waking(
        at(12, 0), UTC, *night
    )


def test_the_window_is_two_real_hours_across_the_spring_dst_change(plan: WalkingPlan) -> None:
    # 2026-03-29: London clocks jump from 01:00 GMT to 02:00 BST.
    last_end = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 00:30 local (GMT)
    s = status(
        plan,
        last_end + timedelta(minutes=5),
        last_end,
        zone=LONDON,
        waking=(time(0, 0), time(23, 59)),
    )
    assert s.window is not None and s.window.start - last_end == timedelta(hours=2)
    assert s.line(LONDON) == "next walk 03:30-04:30"  # two real hours later, shown in BST


def test_the_window_is_two_real_hours_across_the_autumn_dst_change(plan: WalkingPlan) -> None:
    # 2026-10-25: London clocks go back from 02:00 BST to 01:00 GMT.
    last_end = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)  # 00:30 local (BST)
    s = status(plan, last_end, last_end, zone=LONDON, waking=(time(0, 0), time(23, 59)))
    assert s.window is not None and s.window.start == last_end + timedelta(hours=2)
    assert s.line(LONDON) == "next walk 01:30-02:30"


def test_waking_hours_are_local_across_dst() -> None:
    # 08:00 local on the day after the spring change is 07:00 UTC.
    start = schedule.next_waking_start(datetime(2026, 3, 29, 23, 0, tzinfo=UTC), LONDON, time(8, 0))
    assert start.astimezone(UTC) == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)


def walk(start: datetime, minutes: int, leg_pain: bool = False) -> Walk:
    return Walk(start, start + timedelta(minutes=minutes), minutes, leg_pain=leg_pain)


def test_day_summaries_cover_14_local_days_with_leg_pain_marked() -> None:
    today = date(2026, 5, 4)
    walks = [
        walk(at(9), 15),
        walk(at(13), 10, leg_pain=True),
        walk(at(9, day=1), 20),
        walk(datetime(2026, 4, 20, 9, tzinfo=UTC), 30),  # the 15th day back: not shown
    ]
    days = day_summaries(walks, today, UTC)
    assert len(days) == 14 and days[0].day == date(2026, 4, 21) and days[-1].day == today
    assert (days[-1].walks, days[-1].minutes, days[-1].leg_pain) == (2, 25, True)
    assert (days[-4].walks, days[-4].minutes, days[-4].leg_pain) == (1, 20, False)
    assert sum(d.walks for d in days) == 3


def test_a_day_is_the_person_s_local_day() -> None:
    late = datetime(2026, 5, 3, 23, 30, tzinfo=UTC)  # already 4 May in London (BST)
    days = day_summaries([walk(late, 10)], date(2026, 5, 4), LONDON)
    assert days[-1].walks == 1


def test_each_thing_a_walk_records_gets_its_own_answer(plan: WalkingPlan) -> None:
    answers = plan.answers
    assert rules.walk_answers(walk(at(9), 15), plan) == []
    assert rules.walk_answers(walk(at(9), 20), plan) == []  # the plan's own upper bound
    assert rules.walk_answers(walk(at(9), 21), plan) == [answers.longer.text]
    assert rules.walk_answers(walk(at(9), 10, leg_pain=True), plan) == [answers.leg_pain.text]
    hilly = replace(walk(at(9), 10), terrain=Terrain.HILLY)
    assert rules.walk_answers(hilly, plan) == [answers.slopes.text]
    everything = replace(walk(at(9), 45, leg_pain=True), terrain=Terrain.HILLY, pain=9)
    assert rules.walk_answers(everything, plan) == [
        answers.leg_pain.text,
        answers.slopes.text,
        answers.longer.text,
    ]


def test_a_walk_pain_rating_alone_is_not_compared(plan: WalkingPlan) -> None:
    """Only leg pain, terrain and length are answered: the source gives no pain threshold."""
    assert rules.walk_answers(replace(walk(at(9), 15), pain=10), plan) == []


def test_the_answers_say_what_their_facts_say(plan: WalkingPlan) -> None:
    answers = plan.answers
    assert set(answers.leg_pain.facts) == {"F12", "F19"}
    assert "leg pain" in answers.leg_pain.text and "call your doctor" in answers.leg_pain.text
    assert answers.slopes.facts == ("F11",)
    assert all(w in answers.slopes.text for w in ("slopes", "hills", "stairs"))
    assert answers.longer.facts == ("F9",)
    assert f"{plan.minutes.low} to {plan.minutes.high} minutes" in answers.longer.text


@pytest.mark.parametrize("text", ["abc", "0", "-1", "601", "1.5", ""])
def test_bad_minutes_are_refused(text: str) -> None:
    with pytest.raises(UsageError):
        rules.parse_minutes(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9" * 23, "minutes must be at most 600"),  # a whole number: too large, not "not one"
        ("-" + "9" * 23, "minutes must be more than 0"),
        ("x" * 30, "minutes must be a whole number, not 'xxxxxxxx"),
    ],
)
def test_a_very_long_number_of_minutes_is_told_it_is_too_large(text: str, message: str) -> None:
    """Found by the attack: 23 nines were "not a whole number"."""
    with pytest.raises(UsageError) as refused:
        rules.parse_minutes(text)
    assert str(refused.value).startswith(message)


def test_leading_zeros_do_not_count_as_size_and_pain_quotes_what_was_typed() -> None:
    assert rules.parse_minutes("0" * 30 + "15") == 15
    with pytest.raises(UsageError) as refused:
        rules.parse_pain("9" * 27)
    assert str(refused.value) == "pain must be from 0 to 10, not '" + "9" * 27 + "'"


def test_good_minutes_pain_and_terrain() -> None:
    assert rules.parse_minutes("600") == 600 and rules.parse_minutes(" 15 ") == 15
    assert (
        rules.parse_pain(None) is None
        and rules.parse_pain("0") == 0
        and rules.parse_pain("10") == 10
    )
    assert (
        rules.parse_terrain("FLAT") is Terrain.FLAT
        and rules.parse_terrain("hilly") is Terrain.HILLY
    )
    for bad in ("-1", "11", "x"):
        with pytest.raises(UsageError):
            rules.parse_pain(bad)
    with pytest.raises(UsageError):
        rules.parse_terrain("stairs")


def test_walk_times_are_hh_mm_today_or_iso_and_never_in_the_future() -> None:
    now = at(15)
    assert rules.parse_walk_time("14:05", now, UTC) == at(14, 5)
    assert rules.parse_walk_time("2026-05-01T10:00:00+00:00", now, UTC) == at(10, day=1)
    for bad in ("15:30", "2027-01-01T00:00", "25:00", "yesterday"):
        with pytest.raises(UsageError):
            rules.parse_walk_time(bad, now, UTC)


def test_a_walk_may_not_end_in_the_future() -> None:
    now = at(15)
    made = rules.make_walk(minutes=20, now=now)
    assert (made.started_at, made.ended_at, made.minutes) == (at(14, 40), now, 20)
    with pytest.raises(UsageError, match="would end in the future"):
        rules.make_walk(minutes=30, now=now, started_at=at(14, 45))


def test_a_note_stays_one_bounded_line() -> None:
    assert rules.clean_note("  a\nnote\twith  gaps ") == "a note with gaps"
    with pytest.raises(UsageError):
        rules.clean_note("x" * 501)


def test_finishing_a_walk_uses_the_wall_clock_so_sleep_counts() -> None:
    active = ActiveWalk(at(10))
    finished = rules.finish_active(active, at(10, 47), terrain=Terrain.HILLY)
    assert finished.minutes == 47 and finished.terrain is Terrain.HILLY
    with pytest.raises(UsageError):
        rules.finish_active(active, at(9))

"""The reminder policy as plain Python: when the walk and rest reminders speak, and when
the app should look again. The moment is passed in; nothing sleeps."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.model.reminders import LONGEST_SNOOZE, RestReminder, WalkReminder, snooze_until
from coach.model.schedule import WalkSchedule, WalkState, WalkStatus, day_label
from coach.model.settings import Settings

WAKING = (time(8, 0), time(22, 0))


def at(hour: int, minute: int = 0, day: int = 4) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=UTC)


def status_at(now: datetime, last_end: datetime, snoozed: datetime | None = None) -> WalkStatus:
    schedule = WalkSchedule(every_hours=(2, 3), zone=UTC, waking=WAKING, now=lambda: now)
    return schedule.status(last_end, None).snoozed(snoozed, LONGEST_SNOOZE)


def test_the_walk_reminder_speaks_once_per_window() -> None:
    reminder = WalkReminder()
    due = status_at(at(12, 5), at(10))
    assert due.state is WalkState.DUE
    assert reminder.speak(due, enabled=True, snoozed_until=None) is True
    assert reminder.speak(status_at(at(12, 30), at(10)), enabled=True, snoozed_until=None) is False


def test_it_says_nothing_before_the_window_or_when_turned_off() -> None:
    reminder = WalkReminder()
    waiting = status_at(at(11, 0), at(10))
    assert waiting.state is WalkState.WAITING
    assert reminder.speak(waiting, enabled=True, snoozed_until=None) is False
    assert reminder.speak(status_at(at(12, 5), at(10)), enabled=False, snoozed_until=None) is False


def test_a_snooze_keeps_it_quiet_then_it_speaks_once_more() -> None:
    reminder = WalkReminder()
    assert reminder.speak(status_at(at(12, 5), at(10)), enabled=True, snoozed_until=None)
    until = at(12, 20)
    snoozed = status_at(at(12, 10), at(10), until)
    assert snoozed.snoozed_until == until and snoozed.line(UTC) == "walk due, snoozed to 12:20"
    assert reminder.speak(snoozed, enabled=True, snoozed_until=until) is False
    over = status_at(at(12, 21), at(10), until)
    assert over.snoozed_until is None and over.line(UTC) == "walk due"
    assert reminder.speak(over, enabled=True, snoozed_until=until) is True
    assert (
        reminder.speak(status_at(at(12, 40), at(10), until), enabled=True, snoozed_until=until)
        is False
    )


def test_a_restart_during_a_snooze_stays_quiet() -> None:
    fresh = WalkReminder()  # a new app knows nothing of what the old one said
    snoozed = status_at(at(12, 10), at(10), at(12, 20))
    assert fresh.speak(snoozed, enabled=True, snoozed_until=at(12, 20)) is False


def test_a_snooze_from_a_clock_that_was_ahead_does_not_silence_it_for_days() -> None:
    far = at(12, 0, day=9)
    status = status_at(at(12, 5), at(10), far)
    assert status.snoozed_until is None
    assert WalkReminder().speak(status, enabled=True, snoozed_until=far) is True


def test_a_snooze_is_shown_only_while_a_walk_is_due() -> None:
    waiting = status_at(at(11, 0), at(10), at(11, 10))
    assert waiting.snoozed_until is None and waiting.line(UTC) == "next walk 12:00-13:00"


def test_next_check_is_the_window_opening_or_the_snooze_end() -> None:
    assert WalkReminder.next_check(status_at(at(11, 0), at(10))) == at(12, 0)
    assert WalkReminder.next_check(status_at(at(12, 5), at(10), at(12, 20))) == at(12, 20)
    assert WalkReminder.next_check(status_at(at(12, 5), at(10))) is None  # due: told already


def test_z_snoozes_only_a_due_walk() -> None:
    assert snooze_until(status_at(at(12, 5), at(10)), 15) == at(12, 20)
    assert snooze_until(status_at(at(11, 0), at(10)), 15) is None
    no_walks = WalkStatus(WalkState.NO_WALKS, at(11))
    assert snooze_until(no_walks, 15) is None


def test_a_window_is_cut_at_the_end_of_waking_hours_and_another_day_is_named() -> None:
    late = status_at(at(19, 30), at(19, 26))
    assert late.window is not None and late.window.end == at(22, 0)
    assert late.line(UTC) == "next walk 21:26-22:00"
    night = status_at(at(23, 30), at(19, 0))
    assert night.line(UTC) == "next walk tomorrow 08:00-09:00"


@pytest.mark.parametrize(
    ("moment", "label"),
    [
        (at(23, 0), ""),
        (at(8, 0, day=5), "tomorrow"),
        (at(8, 0, day=7), "Thu 07 May"),
        (at(8, 0, day=3), "Sun 03 May"),  # a clock set back: yesterday is named, not "tomorrow"
    ],
)
def test_day_labels(moment: datetime, label: str) -> None:
    assert day_label(moment, at(12), UTC) == label


def test_the_day_is_the_person_s_local_day() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")  # UTC+9: 16:00 UTC is already the next day there
    assert day_label(at(16), at(12), tokyo) == "tomorrow"


def test_the_rest_reminder_counts_from_start_or_the_last_change() -> None:
    rest = RestReminder(20, at(10))
    assert rest.next_check() == at(10, 20)
    assert rest.speak(at(10, 19)) is False
    assert rest.speak(at(10, 20)) is True and rest.next_check() == at(10, 40)
    rest.set_interval(20, at(10, 30))  # the same interval: the count goes on
    assert rest.next_check() == at(10, 40)
    rest.set_interval(45, at(10, 30))
    assert rest.next_check() == at(11, 15)
    rest.set_interval(0, at(10, 31))
    assert rest.next_check() is None and rest.speak(at(23)) is False


def test_a_clock_that_jumps_ahead_gives_one_rest_reminder_not_many() -> None:
    rest = RestReminder(15, at(10))
    assert rest.speak(at(18)) is True
    assert rest.speak(at(18, 1)) is False and rest.next_check() == at(18, 15)


def test_a_stored_snooze_is_read_back_and_a_wrong_one_counts_as_none() -> None:
    """Passing state, not a record: a hand-edited snooze must not lock a person out."""
    settings = Settings(snoozed_until=at(12, 20))
    assert Settings.from_dict(settings.to_dict()).snoozed_until == at(12, 20)
    assert Settings.from_dict(Settings().to_dict()).snoozed_until is None
    for wrong in ("soon", "2026-05-04T12:20", 5, "0001-01-01T00:00:00+00:00", [1]):
        assert Settings.from_dict({"snoozed_until": wrong, "bell": False}) == Settings(bell=False)


def test_a_snooze_past_midnight_names_the_day() -> None:
    status = WalkStatus(WalkState.DUE, at(23, 55), snoozed_until=at(0, 10, day=5))
    assert status.line(UTC) == "walk due, snoozed to tomorrow 00:10"


LONDON = ZoneInfo("Europe/London")
EARLY_WAKING = (time(1, 30), time(23, 0))  # waking hours that begin inside a changed hour


def london_schedule(now: datetime) -> WalkSchedule:
    return WalkSchedule(every_hours=(2, 3), zone=LONDON, waking=EARLY_WAKING, now=lambda: now)


def test_a_window_opening_in_the_autumn_s_repeated_hour_lasts_one_real_hour() -> None:
    walk_end = datetime(2026, 10, 24, 22, 45, tzinfo=LONDON)  # BST
    status = london_schedule(datetime(2026, 10, 24, 23, 0, tzinfo=LONDON)).status(walk_end, None)
    assert status.window is not None
    assert status.window.end - status.window.start == timedelta(hours=1)
    assert status.window.start == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert status.line(LONDON) == "next walk tomorrow 01:30 BST to 01:30 GMT"


def test_a_window_opening_in_the_spring_s_missing_hour_is_a_real_hour_at_real_times() -> None:
    walk_end = datetime(2026, 3, 28, 22, 45, tzinfo=LONDON)  # GMT
    status = london_schedule(datetime(2026, 3, 28, 23, 0, tzinfo=LONDON)).status(walk_end, None)
    assert status.window is not None
    assert status.window.end - status.window.start == timedelta(hours=1)
    assert status.line(LONDON) == "next walk tomorrow 02:30-03:30"  # 01:30 does not exist


def test_a_window_in_another_year_names_the_year() -> None:
    assert day_label(datetime(2031, 6, 1, 14, tzinfo=UTC), at(12), UTC) == "Sun 01 Jun 2031"

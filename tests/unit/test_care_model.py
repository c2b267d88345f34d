"""The follow-up care rules (`coach.model.care`): times, days, texts, order, the next
appointment and the reminders, each with an injected `now` and zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.errors import UsageError
from coach.model import care
from coach.model.records import CareItem, CareKind

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)  # a Monday, noon
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")


def at(text: str, now: datetime = NOW, zone: object = UTC) -> datetime:
    assert zone is UTC or isinstance(zone, ZoneInfo)
    return care.parse_appointment_time(text, now, zone)


def visit(when: datetime, who: str = "", item_id: int = 1) -> CareItem:
    return CareItem(CareKind.APPOINTMENT, NOW, at=when, who=who, id=item_id)


# Appointment times.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", datetime(2026, 5, 4, 14, 30, tzinfo=UTC)),  # later today
        ("09:00", datetime(2026, 5, 4, 9, 0, tzinfo=UTC)),  # earlier today: past is fine
        ("7:05", datetime(2026, 5, 4, 7, 5, tzinfo=UTC)),
        ("today 18:00", datetime(2026, 5, 4, 18, 0, tzinfo=UTC)),
        ("tomorrow 14:30", datetime(2026, 5, 5, 14, 30, tzinfo=UTC)),
        ("TOMORROW   08:15", datetime(2026, 5, 5, 8, 15, tzinfo=UTC)),
        ("2026-12-01 14:30", datetime(2026, 12, 1, 14, 30, tzinfo=UTC)),  # months ahead
        ("2026-12-01T14:30", datetime(2026, 12, 1, 14, 30, tzinfo=UTC)),
        ("2026-12-01T14:30+02:00", datetime(2026, 12, 1, 12, 30, tzinfo=UTC)),
        ("2026-12-01T14:30Z", datetime(2026, 12, 1, 14, 30, tzinfo=UTC)),
        ("2020-01-01 08:00", datetime(2020, 1, 1, 8, 0, tzinfo=UTC)),  # long past
    ],
)
def test_a_time_is_read_as_the_person_means_it(text: str, expected: datetime) -> None:
    assert at(text) == expected
    assert at(text).tzinfo is UTC


def test_a_time_without_an_offset_is_local_and_stored_in_utc() -> None:
    assert at("14:30", zone=LONDON) == datetime(2026, 5, 4, 13, 30, tzinfo=UTC)  # summer
    assert at("2026-12-01 14:30", zone=LONDON) == datetime(2026, 12, 1, 14, 30, tzinfo=UTC)
    assert at("2026-12-01 14:30+01:00", zone=LONDON) == datetime(2026, 12, 1, 13, 30, tzinfo=UTC)


def test_today_and_tomorrow_are_the_person_s_local_days() -> None:
    late = datetime(2026, 5, 4, 23, 30, tzinfo=UTC)  # already Tuesday 09:30 in Sydney
    assert at("tomorrow 10:00", late, SYDNEY) == datetime(2026, 5, 6, 0, 0, tzinfo=UTC)
    assert at("10:00", late, SYDNEY) == datetime(2026, 5, 5, 0, 0, tzinfo=UTC)


def test_tomorrow_keeps_the_wall_clock_time_across_a_dst_change() -> None:
    spring = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)  # the clocks go forward tonight
    assert at("tomorrow 14:30", spring, LONDON) == datetime(2026, 3, 29, 13, 30, tzinfo=UTC)
    assert at("14:30", spring, LONDON) == datetime(2026, 3, 28, 14, 30, tzinfo=UTC)
    autumn = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)  # and back tonight
    assert at("tomorrow 14:30", autumn, LONDON) == datetime(2026, 10, 25, 14, 30, tzinfo=UTC)
    assert at("14:30", autumn, LONDON) == datetime(2026, 10, 24, 13, 30, tzinfo=UTC)


def test_an_hour_that_happens_twice_or_never_is_still_one_time() -> None:
    """zoneinfo's fold=0: the first 01:30 of the autumn night; the spring gap's 01:30 is refused
    (it would move silently to 02:30), and the hour after it stands."""
    assert at("2026-10-25 01:30", zone=LONDON) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    with pytest.raises(UsageError, match="does not exist"):
        at("2026-03-29 01:30", zone=LONDON)
    assert at("2026-03-29 02:30", zone=LONDON) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "the appointment needs a time"),
        ("   ", "the appointment needs a time"),
        ("24:00", "cannot read the time '24:00'"),
        ("14:60", "cannot read the time"),
        ("tomorrow", "cannot read the time 'tomorrow'"),
        ("yesterday 10:00", "cannot read the time"),
        ("next tuesday", "cannot read the time"),
        ("2026-02-30 10:00", "cannot read the time"),
        ("1969-12-31 23:59", "not within the years 1970 to 2100"),
        ("2101-01-01 00:00", "not within the years 1970 to 2100"),
        ("1970-01-01T00:30+01:00", "not within the years 1970 to 2100"),  # 1969 in UTC
        ("9999-12-31T23:59-05:00", "not within the years 1970 to 2100"),  # past year 9999
        ("0001-01-01T00:00+01:00", "not within the years 1970 to 2100"),  # before year 1
    ],
)
def test_a_time_that_cannot_be_read_or_kept_is_refused_in_words(text: str, words: str) -> None:
    with pytest.raises(UsageError, match=re.escape(words)) as error:
        at(text)
    assert "\n" not in str(error.value)


# Result days.


def test_a_result_day_is_today_unless_told() -> None:
    assert care.parse_day(None, NOW, UTC) == date(2026, 5, 4)
    assert care.parse_day("", NOW, UTC) == date(2026, 5, 4)
    assert care.parse_day(" Today ", NOW, UTC) == date(2026, 5, 4)
    assert care.parse_day("yesterday", NOW, UTC) == date(2026, 5, 3)
    assert care.parse_day("2026-04-20", NOW, UTC) == date(2026, 4, 20)
    with pytest.raises(UsageError, match="in the future"):
        care.parse_day("2027-01-02", NOW, UTC)  # a result has a past day
    late = datetime(2026, 5, 4, 23, 30, tzinfo=UTC)
    assert care.parse_day("today", late, SYDNEY) == date(2026, 5, 5)  # the local day


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("20/04/2026", "cannot read the day"),
        ("2026-02-30", "cannot read the day"),
        ("tomorrow", "cannot read the day"),
        ("1969-12-31", "not within the years 1970 to 2100"),
        ("2101-01-01", "not within the years 1970 to 2100"),
    ],
)
def test_a_day_that_cannot_be_read_or_kept_is_refused(text: str, words: str) -> None:
    with pytest.raises(UsageError, match=words):
        care.parse_day(text, NOW, UTC)


# Texts: cleaned as walk notes are, required where a list needs them.


def test_each_builder_keeps_its_own_fields_cleaned() -> None:
    item = care.appointment(
        at="tomorrow 9:00", who="  Dr   Lee ", note="a\r\nb\tc", now=NOW, zone=UTC
    )
    assert (item.kind, item.at, item.who, item.note) == (
        CareKind.APPOINTMENT,
        datetime(2026, 5, 5, 9, 0, tzinfo=UTC),
        "Dr Lee",
        "a b c",
    )
    assert item.added_at == NOW and item.id is None
    medicine = care.medicine(name="Ibuprofen", dose=" 400 mg ", now=NOW)
    assert (medicine.name, medicine.dose, medicine.how_often) == ("Ibuprofen", "400 mg", "")
    result = care.result(name="MRI", value="normal", day="yesterday", now=NOW, zone=UTC)
    assert (result.name, result.value, result.day) == ("MRI", "normal", date(2026, 5, 3))
    assert care.question(text="Can I <b>cycle</b>?", now=NOW).name == "Can I <b>cycle</b>?"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: care.medicine(name="", now=NOW), "the medicine's name is empty"),
        (lambda: care.medicine(name=" \t ", now=NOW), "the medicine's name is empty"),
        (lambda: care.result(name="", value="x", now=NOW, zone=UTC), "the test's name is empty"),
        (lambda: care.result(name="MRI", value="", now=NOW, zone=UTC), "the result is empty"),
        (lambda: care.question(text="", now=NOW), "the question is empty"),
        (lambda: care.medicine(name="x" * 201, now=NOW), "too long \\(201 characters; at most 200"),
        (lambda: care.medicine(name="x" * 10_000, now=NOW), "the medicine's name is too long"),
        (lambda: care.medicine(name="ok", dose="d" * 201, now=NOW), "the dose is too long"),
        (lambda: care.question(text="q" * 501, now=NOW), "the question is too long"),
        (
            lambda: care.appointment(at="10:00", note="n" * 501, now=NOW, zone=UTC),
            "the note is too long",
        ),
        (
            lambda: care.appointment(at="10:00", who="\x1b[2J", now=NOW, zone=UTC),
            "'with' holds a control character \\(U\\+001B\\)",
        ),
        (lambda: care.medicine(name="\u202eexe", now=NOW), "name holds a control character"),
        (lambda: care.medicine(name="ok", how_often="\x9b1m", now=NOW), "'how often' holds"),
        (lambda: care.question(text="why\x07", now=NOW), "the question holds a control"),
    ],
)
def test_what_a_list_cannot_keep_is_refused_naming_the_field(make: object, words: str) -> None:
    assert callable(make)
    with pytest.raises(UsageError, match=words):
        make()


def test_a_question_may_be_as_long_as_a_note_and_a_name_as_a_line() -> None:
    assert len(care.question(text="q" * 500, now=NOW).name) == 500
    assert len(care.medicine(name="m" * 200, now=NOW).name) == 200


# Order, the next appointment, and describing an item.


def test_lists_come_in_a_fixed_order_appointments_by_time_results_by_day() -> None:
    items = [
        CareItem(CareKind.QUESTION, NOW, name="q", id=1),
        visit(NOW + timedelta(days=3), item_id=2),
        CareItem(CareKind.RESULT, NOW, name="late", value="v", day=date(2026, 5, 1), id=3),
        CareItem(CareKind.MEDICINE, NOW + timedelta(hours=1), name="second", id=4),
        visit(NOW - timedelta(days=3), item_id=5),
        CareItem(CareKind.RESULT, NOW, name="early", value="v", day=date(2026, 4, 1), id=6),
        CareItem(CareKind.MEDICINE, NOW, name="first", id=7),
    ]
    assert [i.id for i in sorted(items, key=care.care_order)] == [5, 2, 7, 4, 6, 3, 1]


def test_the_next_appointment_is_the_soonest_not_yet_over() -> None:
    items = [
        visit(NOW + timedelta(days=10), item_id=1),
        visit(NOW - timedelta(days=1), item_id=2),
        visit(NOW + timedelta(days=2), item_id=3),
        CareItem(CareKind.QUESTION, NOW, name="q", id=4),
    ]
    assert care.next_appointment(items, NOW) == items[2]
    assert care.next_appointment(items, NOW + timedelta(days=5)) == items[0]
    assert care.next_appointment(items, NOW + timedelta(days=11)) is None
    assert care.next_appointment([], NOW) is None
    assert care.next_appointment(items[3:], NOW) is None


def test_an_appointment_under_way_is_still_the_next_for_an_hour() -> None:
    began = visit(NOW - timedelta(minutes=59))
    assert care.next_appointment([began], NOW) == began
    assert care.next_appointment([began], NOW + timedelta(minutes=1)) is None


def test_two_appointments_at_one_time_are_told_apart_by_id() -> None:
    same = [visit(NOW + timedelta(hours=2), item_id=9), visit(NOW + timedelta(hours=2), item_id=4)]
    found = care.next_appointment(same, NOW)
    assert found is not None and found.id == 4


def test_describe_gives_one_plain_line_per_kind_in_local_time() -> None:
    when = datetime(2026, 12, 1, 14, 30, tzinfo=UTC)
    assert care.describe(visit(when, "Dr Lee"), UTC) == "Tue 01 Dec 2026 14:30 · with Dr Lee"
    with_note = CareItem(CareKind.APPOINTMENT, NOW, at=when, note="scans")
    assert care.describe(with_note, ZoneInfo("Asia/Tokyo")) == "Tue 01 Dec 2026 23:30 · scans"
    medicine = CareItem(CareKind.MEDICINE, NOW, name="Ibuprofen", how_often="twice")
    assert care.describe(medicine, UTC) == "Ibuprofen · twice"
    result = CareItem(CareKind.RESULT, NOW, name="MRI", value="normal", day=date(2026, 4, 20))
    assert care.describe(result, UTC) == "MRI · normal · 20 Apr 2026"
    assert care.describe(CareItem(CareKind.QUESTION, NOW, name="Why?"), UTC) == "Why?"


# Reminders: the day before and on the day.


def test_a_reminder_comes_the_day_before_and_on_the_day() -> None:
    appointment = visit(datetime(2026, 5, 6, 14, 30, tzinfo=UTC), "Dr Lee")
    two_days_before = datetime(2026, 5, 4, 20, 0, tzinfo=UTC)
    day_before = datetime(2026, 5, 5, 8, 0, tzinfo=UTC)
    on_the_day = datetime(2026, 5, 6, 7, 0, tzinfo=UTC)
    assert care.reminders([appointment], two_days_before, UTC) == []
    [before] = care.reminders([appointment], day_before, UTC)
    assert before.line(UTC) == "Appointment tomorrow at 14:30 with Dr Lee"
    [today] = care.reminders([appointment], on_the_day, UTC)
    assert today.line(UTC) == "Appointment today at 14:30 with Dr Lee"
    assert today.item == appointment and today.when == "today"


def test_no_reminder_once_it_is_over_or_for_the_day_after() -> None:
    appointment = visit(datetime(2026, 5, 6, 14, 30, tzinfo=UTC))
    assert care.reminders([appointment], datetime(2026, 5, 6, 15, 29, tzinfo=UTC), UTC) != []
    assert care.reminders([appointment], datetime(2026, 5, 6, 15, 31, tzinfo=UTC), UTC) == []
    assert care.reminders([appointment], datetime(2026, 5, 7, 9, 0, tzinfo=UTC), UTC) == []


def test_reminders_follow_the_person_s_day_and_clock() -> None:
    """09:00 on Wednesday in Sydney is Tuesday 23:00 UTC: 'tomorrow' is by the local day."""
    appointment = visit(datetime(2026, 5, 5, 23, 0, tzinfo=UTC), "Physio")
    monday_evening_sydney = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)  # Monday 19:00 there
    assert care.reminders([appointment], monday_evening_sydney, SYDNEY) == []
    tuesday_sydney = datetime(2026, 5, 5, 0, 0, tzinfo=UTC)  # Tuesday 10:00 there
    [reminder] = care.reminders([appointment], tuesday_sydney, SYDNEY)
    assert reminder.line(SYDNEY) == "Appointment tomorrow at 09:00 with Physio"
    assert care.reminders([appointment], tuesday_sydney, UTC)[0].when == "today"  # in UTC


def test_several_reminders_come_soonest_first_and_other_kinds_never() -> None:
    items = [
        visit(datetime(2026, 5, 5, 9, 0, tzinfo=UTC), item_id=1),
        visit(datetime(2026, 5, 4, 16, 0, tzinfo=UTC), "GP", item_id=2),
        CareItem(CareKind.MEDICINE, NOW, name="Ibuprofen", id=3),
        CareItem(CareKind.RESULT, NOW, name="MRI", value="x", day=date(2026, 5, 4), id=4),
    ]
    lines = [r.line(UTC) for r in care.reminders(items, NOW, UTC)]
    assert lines == ["Appointment today at 16:00 with GP", "Appointment tomorrow at 09:00"]


def test_a_reminder_across_the_spring_dst_change_says_the_local_time() -> None:
    appointment = visit(datetime(2026, 3, 29, 13, 30, tzinfo=UTC))  # 14:30 BST
    [reminder] = care.reminders([appointment], datetime(2026, 3, 28, 18, 0, tzinfo=UTC), LONDON)
    assert reminder.line(LONDON) == "Appointment tomorrow at 14:30"


def test_found_by_the_outside_attack_future_results_gaps_and_bare_dates() -> None:
    from zoneinfo import ZoneInfo

    from coach.model.care import parse_appointment_time, parse_day

    london = ZoneInfo("Europe/London")
    now = datetime(2026, 3, 20, 12, tzinfo=UTC)
    with pytest.raises(UsageError, match="in the future"):
        parse_day("2026-03-21", now, london)  # a result is known once the test was done
    assert parse_day("2026-03-20", now, london) == date(2026, 3, 20)
    with pytest.raises(UsageError, match="does not exist on 29 Mar 2026"):
        parse_appointment_time("2026-03-29 01:30", now, london)  # the spring-forward gap
    with pytest.raises(UsageError, match="no time of day"):
        parse_appointment_time("2026-06-01", now, london)
    autumn = parse_appointment_time("2026-10-25 01:30", now, london)  # repeated: the first
    assert autumn == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)

"""Pilot tests of follow-up care: the guidance, the four lists, the form, delete and undo,
a change made from the shell meanwhile, the menu's next appointment and the reminders.
Snapshots at 80x24 of the full lists and of a form error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, TabbedContent

from coach.app import CoachApp
from coach.clock import FakeClock
from coach.model.content import Library
from coach.model.records import CareItem, CareKind
from coach.screens.care_form import CareFormModal
from coach.screens.confirm import ConfirmModal
from coach.screens.follow_up import FollowUpScreen
from coach.screens.menu import MenuScreen
from coach.store import Store
from tests.ui.conftest import (
    NOW,
    AppFactory,
    dismiss_toast,
    is_visible,
    loaded,
    said,
    screen_lines,
    settle,
    shell,
    shown_text,
    visible_texts,
)

SIZE = (80, 24)
HOSTILE = "\x1b]52;c;cm0gLXJmIH4=\x07 then \x1b[2J"
Snap = Callable[..., bool]


def appointment(when: datetime, who: str = "", note: str = "") -> CareItem:
    return CareItem(CareKind.APPOINTMENT, NOW, at=when, who=who, note=note)


def full_lists(store: Store) -> None:
    """Something in every list; one appointment ahead, one under way, one long past."""
    store.add_care(appointment(NOW + timedelta(days=1, hours=4, minutes=30), "Dr Lee", "scans"))
    store.add_care(appointment(NOW - timedelta(days=20), "GP [practice]"))
    store.add_care(appointment(NOW + timedelta(days=16), "Physio", "bring shoes"))
    store.add_care(
        CareItem(CareKind.MEDICINE, NOW, name="Ibuprofen", dose="400 mg", how_often="3x a day")
    )
    store.add_care(CareItem(CareKind.MEDICINE, NOW, name="Paracetamol", dose="1 g"))
    store.add_care(
        CareItem(CareKind.RESULT, NOW, name="MRI", value="no nerve pressure", day=date(2026, 4, 20))
    )
    store.add_care(CareItem(CareKind.QUESTION, NOW, name="When can I cycle again?"))


async def open_care(pilot: Pilot[Any]) -> FollowUpScreen:
    app = pilot.app
    assert isinstance(app, CoachApp)
    app.open_screen("follow-up")
    assert await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen))
    screen = app.screen
    assert isinstance(screen, FollowUpScreen)
    await pilot.pause()
    return screen


async def open_form(pilot: Pilot[Any], key: str = "a") -> CareFormModal:
    await pilot.press(key)
    assert await settle(pilot, lambda: isinstance(pilot.app.screen, CareFormModal))
    form = pilot.app.screen
    assert isinstance(form, CareFormModal)
    await pilot.pause()
    return form


def fill(form: CareFormModal, **values: str) -> None:
    for field, value in values.items():
        form.query_one(f"#{form.kind.value}-{field}", Input).value = value


def rows(screen: FollowUpScreen, kind: CareKind) -> list[list[str]]:
    table = screen.query_one(f"#{kind.value}-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def error_under(form: CareFormModal, field: str) -> str:
    shown = form.query_one(f"#{form.kind.value}-{field}-error")
    return str(shown.render()) if shown.display else ""


# The guidance and the lists.


async def test_the_guidance_stays_on_screen_above_the_lists(
    make_app: AppFactory, store: Store, library: Library
) -> None:
    full_lists(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_care(pilot)
        assert len(library.follow_up) == 3
        for item in library.follow_up:  # F18, F19, F20, each whole without scrolling
            assert is_visible(app, item.text), "\n".join(visible_texts(app))
        for key, kind in zip("2341", [*list(CareKind)[1:], CareKind.APPOINTMENT], strict=True):
            await pilot.press(key)
            await pilot.pause()
            assert screen.query_one(TabbedContent).active == kind.value
            assert all(is_visible(app, item.text) for item in library.follow_up), kind


async def test_each_list_shows_its_columns_and_past_appointments_as_past(
    make_app: AppFactory, store: Store
) -> None:
    full_lists(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_care(pilot)
        assert rows(screen, CareKind.APPOINTMENT) == [
            ["Tue 05 May 2026 14:30", "Dr Lee", "scans"],
            ["Wed 20 May 2026 10:00", "Physio", "bring shoes"],
            ["Tue 14 Apr 2026 10:00 (past)", "GP [practice]", ""],  # kept, below, as past
        ]
        table = screen.query_one("#appointment-table", DataTable)
        past = table.get_row_at(2)[0]
        assert "dim" in str(past.spans[0].style)  # dimmed, and says so in words
        assert rows(screen, CareKind.MEDICINE) == [
            ["Ibuprofen", "400 mg", "3x a day"],
            ["Paracetamol", "1 g", ""],
        ]
        assert rows(screen, CareKind.RESULT) == [["MRI", "20 Apr 2026", "no nerve pressure"]]
        assert rows(screen, CareKind.QUESTION) == [["When can I cycle again?"]]
        tabs = screen.query_one(TabbedContent)
        labels = [tabs.get_tab(kind.value).label.plain for kind in CareKind]
        assert labels == [
            "1 Appointments (3)",
            "2 Medicines (2)",
            "3 Test results (1)",
            "4 Questions (1)",
        ]


@pytest.mark.parametrize("size", [SIZE, (60, 24), (120, 30)])
async def test_long_texts_wrap_in_their_rows_and_are_read_whole(
    make_app: AppFactory, store: Store, size: tuple[int, int]
) -> None:
    question = "Is it normal that the pain moves into my left leg when I sit for long, " * 2
    note = "Ask about the scan, the physio referral and the sick note; bring the list"
    store.add_care(CareItem(CareKind.QUESTION, NOW, name=question.strip()))
    store.add_care(appointment(NOW + timedelta(days=3), "Dr Lee at the spine clinic", note))
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_care(pilot)
        drawn = " ".join(screen_lines(app)).split()
        words = f"{note} Dr Lee at the spine clinic".split()
        assert all(word in drawn for word in words), drawn  # every word, none cut off
        await pilot.press("4")
        await pilot.pause()
        assert is_visible(app, question.strip())
        for kind in CareKind:  # nothing hides to the right
            table = screen.query_one(f"#{kind.value}-table", DataTable)
            assert table.virtual_size.width <= size[0], kind


async def test_an_empty_list_says_how_to_add(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_care(pilot)
        assert is_visible(app, "No appointments yet. Press a to add one.")
        await pilot.press("3")
        await pilot.pause()
        assert is_visible(app, "No test results yet. Press a to add one.")


async def test_a_list_is_chosen_with_the_mouse_too(make_app: AppFactory, store: Store) -> None:
    full_lists(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_care(pilot)
        await pilot.click("#--content-tab-medicine")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "medicine"
        table = screen.query_one("#medicine-table", DataTable)
        assert table.has_focus  # the list takes the keys at once
        await pilot.click("#medicine-table", offset=(3, 2))  # the second row
        await pilot.pause()
        assert table.cursor_row == 1
        await pilot.click("#medicine-table", offset=(3, 2))  # again: edit it
        assert await settle(pilot, lambda: isinstance(app.screen, CareFormModal))
        form = app.screen
        assert isinstance(form, CareFormModal) and form.editing is not None
        assert form.editing.name == "Paracetamol"


# Adding, with a choice of kind.


async def test_each_kind_is_added_from_its_own_list(make_app: AppFactory, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_care(pilot)
        entries: list[tuple[str, dict[str, str]]] = [
            ("1", {"at": "tomorrow 14:30", "who": "Dr Lee", "note": "scans"}),
            ("2", {"name": "Ibuprofen", "dose": "400 mg", "how_often": "3x a day"}),
            ("3", {"name": "MRI", "value": "normal", "day": "2026-04-20"}),
            ("4", {"text": "When can I <b>cycle</b>?"}),
        ]
        for key, values in entries:
            await pilot.press(key)
            form = await open_form(pilot)
            assert form.kind is list(CareKind)[int(key) - 1]  # the list on show
            first_field = next(iter(values))
            assert form.focused is form.query_one(f"#{form.kind.value}-{first_field}")
            fill(form, **values)
            await pilot.press("enter")
            assert await settle(pilot, lambda: app.screen is screen)
        assert is_visible(app, "When can I <b>cycle</b>?")
    first, medicine, result, question = store.care_items()
    assert (first.at, first.who, first.note) == (
        NOW.replace(day=5, hour=14, minute=30),
        "Dr Lee",
        "scans",
    )
    assert (medicine.name, medicine.dose, medicine.how_often) == ("Ibuprofen", "400 mg", "3x a day")
    assert (result.name, result.value, result.day) == ("MRI", "normal", date(2026, 4, 20))
    assert question.name == "When can I <b>cycle</b>?"
    assert [i.id for i in (first, medicine, result, question)] == [1, 2, 3, 4]


async def test_the_kind_can_be_changed_in_the_form(make_app: AppFactory, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_care(pilot)
        form = await open_form(pilot)
        assert form.kind is CareKind.APPOINTMENT
        form.query_one("#kind", Select).value = CareKind.QUESTION
        await pilot.pause()
        assert form.kind.value == "question" and "Add a question" in shown_text(app)
        assert not form.query_one("#fields-appointment").display
        assert form.query_one("#fields-question").display
        fill(form, text="Is swimming fine?")
        await pilot.click("#save")
        assert await settle(pilot, lambda: app.screen is screen)
        assert screen.query_one(TabbedContent).active == "question"  # where it went
    [question] = store.care_items()
    assert (question.kind, question.name) == (CareKind.QUESTION, "Is swimming fine?")


async def test_escape_adds_nothing_and_letters_are_typed_not_keys(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_care(pilot)
        await pilot.press("4")
        form = await open_form(pilot)
        await pilot.press("a", "e", "d", "u", "q", "1", "question_mark")
        assert form.query_one("#question-text", Input).value == "aeduq1?"
        await pilot.press("escape")
        assert await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen))
    assert store.care_items() == []


# Errors in the form: under the field, in the shell's words.


async def test_a_form_error_is_said_under_its_field_and_nothing_is_saved(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_care(pilot)
        form = await open_form(pilot)
        fill(form, at="25:00", who="Dr Lee")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        assert error_under(form, "at") == (
            "cannot read the time '25:00': use HH:MM, 'tomorrow HH:MM' or 2026-12-01 14:30"
        )
        assert error_under(form, "who") == "" and error_under(form, "note") == ""
        assert form.focused is form.query_one("#appointment-at", Input)
        fill(form, at="2101-01-01 10:00")
        await pilot.press("enter")
        await pilot.pause()
        assert "not within the years 1970 to 2100" in error_under(form, "at")
        fill(form, at="tomorrow 9:00")
        await pilot.press("enter")
        assert await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen))
    [item] = store.care_items()
    assert item.at == NOW.replace(day=5, hour=9)


async def test_every_field_with_a_problem_says_so_at_once(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_care(pilot)
        await pilot.press("3")
        form = await open_form(pilot)
        fill(form, name="  ", value="", day="20/04/2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_under(form, "name") == "the test's name is empty; type what it is"
        assert error_under(form, "value") == "the result is empty; type what it is"
        assert error_under(form, "day").startswith("cannot read the day '20/04/2026'")
        fill(form, name="MRI", value="fine", day="")
        await pilot.press("ctrl+s")
        assert await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen))
    [result] = store.care_items()
    assert result.day == date(2026, 5, 4)  # today, as in the shell


async def test_control_characters_are_refused_under_the_field_they_went_into(
    make_app: AppFactory, store: Store
) -> None:
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_care(pilot)
        await pilot.press("2")
        form = await open_form(pilot)
        dose = form.query_one("#medicine-dose", Input)
        dose.focus()
        await pilot.press("4", "0", "0")
        dose.post_message(events.Paste("\x1b[2J mg"))
        await pilot.pause()
        assert dose.value == "400"  # never drawn, so never sent to the terminal
        assert "control character (U+001B)" in error_under(form, "dose")
        fill(form, name="left\u202eright")  # set past the field's own check: the rules refuse
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        assert "the medicine's name holds a control character (U+202E)" in error_under(form, "name")
        assert "\x1b" not in "".join(screen_lines(app))
    assert store.care_items() == []


# Editing, deleting and undoing.


async def test_edit_keeps_the_id_and_the_order_and_enter_opens_it(
    make_app: AppFactory, store: Store, clock: FakeClock
) -> None:
    full_lists(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_care(pilot)
        await pilot.press("2")
        await pilot.pause()
        clock.advance(3600)  # added an hour ago: an edit is not a new item
        form = await open_form(pilot, "enter")
        assert form.editing is not None and form.editing.name == "Ibuprofen"
        assert form.query_one("#medicine-dose", Input).value == "400 mg"
        assert not form.query("#kind")  # an item keeps its kind
        fill(form, dose="200 mg")
        await pilot.press("enter")
        assert await settle(pilot, lambda: app.screen is screen)
        assert rows(screen, CareKind.MEDICINE)[0] == ["Ibuprofen", "200 mg", "3x a day"]
        await pilot.press("1")
        form = await open_form(pilot, "e")
        assert form.query_one("#appointment-at", Input).value == "2026-05-05 14:30"
        fill(form, who="Dr Lee (spine clinic)")
        await pilot.press("enter")
        assert await settle(pilot, lambda: app.screen is screen)
    medicines = [i for i in store.care_items() if i.kind is CareKind.MEDICINE]
    assert [(m.id, m.name, m.dose, m.added_at) for m in medicines] == [
        (4, "Ibuprofen", "200 mg", NOW),
        (5, "Paracetamol", "1 g", NOW),
    ]
    edited = store.records().care_item(1)
    assert edited is not None and edited.who == "Dr Lee (spine clinic)"
    assert edited.at == NOW + timedelta(days=1, hours=4, minutes=30)


async def test_delete_asks_then_undo_brings_it_back_under_its_own_id(
    make_app: AppFactory, store: Store
) -> None:
    full_lists(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_care(pilot)
        await pilot.press("2", "down", "d")
        assert await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "Delete this medicine: Paracetamol · 1 g?" in shown_text(app)
        await pilot.press("y")
        assert await settle(pilot, lambda: app.screen is screen)
        assert rows(screen, CareKind.MEDICINE) == [["Ibuprofen", "400 mg", "3x a day"]]
        assert [i.name for i in store.care_items() if i.kind is CareKind.MEDICINE] == ["Ibuprofen"]
        await pilot.press("1")  # another list on show: u still brings it back, to its list
        await pilot.press("u")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "medicine"
        assert [r[0] for r in rows(screen, CareKind.MEDICINE)] == ["Ibuprofen", "Paracetamol"]
        await pilot.press("u")
        await pilot.pause()
        assert "Nothing to undo." in [n.message for n in app._notifications]
    assert [i.id for i in store.care_items() if i.kind is CareKind.MEDICINE] == [4, 5]


async def test_n_keeps_the_item(make_app: AppFactory, store: Store) -> None:
    full_lists(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_care(pilot)
        await pilot.press("d")
        assert await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("n")
        assert await settle(pilot, lambda: app.screen is screen)
    assert len(store.care_items()) == 7


async def test_an_open_edit_is_refused_once_the_shell_deleted_the_item(
    make_app: AppFactory, store: Store
) -> None:
    full_lists(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_care(pilot)
        await pilot.press("4")
        form = await open_form(pilot, "e")
        assert "question 7 deleted" in shell(store, "care", "delete", "7")
        app._poll_store()
        await pilot.pause()
        assert app.screen is form  # the form stays; the list beneath follows the file
        assert rows(screen, CareKind.QUESTION) == []
        fill(form, text="When can I cycle and swim again?")
        await pilot.press("enter")
        assert await settle(pilot, lambda: app.screen is screen)
        [refused] = said(app)
        assert "care item 7 was deleted elsewhere" in refused
        assert rows(screen, CareKind.QUESTION) == []
    assert [i for i in Store.open(store.path).care_items() if i.kind is CareKind.QUESTION] == []


async def test_undo_is_refused_once_the_shell_changed_the_file(
    make_app: AppFactory, store: Store
) -> None:
    full_lists(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_care(pilot)
        await pilot.press("4", "d")
        assert await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        assert await settle(pilot, lambda: app.screen is screen)
        shell(store, "care", "add", "question", "From the shell?")
        await pilot.press("u")
        await pilot.pause()
        [refused] = said(app)
        assert "the file changed since the delete" in refused
        assert "so the item's delete cannot be undone" in refused
        assert rows(screen, CareKind.QUESTION) == [["From the shell?"]]
    names = [i.name for i in Store.open(store.path).care_items() if i.kind is CareKind.QUESTION]
    assert names == ["From the shell?"]


async def test_hostile_text_is_shown_inert_and_kept_as_stored_when_left_alone(
    make_app: AppFactory, store: Store
) -> None:
    store.add_care(CareItem(CareKind.MEDICINE, NOW, name=HOSTILE, dose="[red]1 g[/red]"))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_care(pilot)
        await pilot.press("2")
        await pilot.pause()
        drawn = "\n".join(screen_lines(app))
        assert "\\x1b]52;c;cm0gLXJmIH4=\\x07" in drawn and "\x1b" not in drawn
        assert "[red]1 g[/red]" in drawn  # brackets are text
        form = await open_form(pilot, "e")
        assert form.query_one("#medicine-name", Input).value == (
            "\\x1b]52;c;cm0gLXJmIH4=\\x07 then \\x1b[2J"
        )
        fill(form, how_often="daily")
        await pilot.press("enter")
        assert await settle(pilot, lambda: app.screen is screen)
    [item] = store.care_items()
    assert (item.name, item.dose, item.how_often) == (HOSTILE, "[red]1 g[/red]", "daily")


# The menu's next appointment, and the reminders.


async def test_the_menu_shows_the_next_appointment_on_one_line(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#next-appointment")
        assert not line.display  # nothing to show: no line at all
        shell(store, "care", "add", "appointment", "--at", "2026-05-07 14:30", "--with", "Dr Lee")
        app._poll_store()
        await pilot.pause()
        assert is_visible(app, "Next appointment: Thu 07 May 14:30 with Dr Lee")
        shell(store, "care", "add", "appointment", "--at", "tomorrow 09:00")
        app._poll_store()
        await pilot.pause()
        assert is_visible(app, "Next appointment: Tue 05 May 09:00 (tomorrow)")


async def test_the_menu_line_names_the_year_only_when_not_this_one(
    make_app: AppFactory, store: Store
) -> None:
    store.add_care(appointment(datetime(2027, 1, 12, 8, 15, tzinfo=NOW.tzinfo), "Dr " + "x" * 90))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MenuScreen)
        lines = [line for line in screen_lines(app) if "Next appointment" in line]
        assert len(lines) == 1 and "Next appointment: Tue 12 Jan 2027 08:15 with Dr xxx" in lines[0]
        assert lines[0].rstrip().endswith("…")  # too long for the line: cut, not wrapped


async def test_a_reminder_comes_once_when_the_app_starts_and_again_after_midnight(
    make_app: AppFactory, store: Store, clock: FakeClock
) -> None:
    store.add_care(appointment(NOW.replace(day=5, hour=14, minute=30), "Dr " + HOSTILE))
    store.add_care(appointment(NOW.replace(day=9, hour=9)))  # days ahead: no reminder yet
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert await settle(pilot, lambda: bool(said(app, "Follow-up care")))
        [first] = said(app, "Follow-up care")
        assert first.startswith("Appointment tomorrow at 14:30 with Dr \\x1b]52")
        assert "\x1b" not in first
        await open_care(pilot)
        await pilot.press("escape")  # back on the menu the same day: not again
        assert await settle(pilot, lambda: isinstance(app.screen, MenuScreen))
        assert len(said(app, "Follow-up care")) == 1
        clock.set_now(NOW.replace(day=5, hour=7))  # the next morning
        await open_care(pilot)
        await pilot.press("escape")
        assert await settle(pilot, lambda: len(said(app, "Follow-up care")) == 2)
        assert said(app, "Follow-up care")[1].startswith("Appointment today at 14:30 with Dr")
        assert is_visible(app, "Next appointment: Tue 05 May 14:30 (today) with Dr")


async def test_no_reminder_without_an_appointment_today_or_tomorrow(
    make_app: AppFactory, store: Store
) -> None:
    store.add_care(appointment(NOW - timedelta(hours=2)))  # over this morning
    store.add_care(appointment(NOW + timedelta(days=2)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, MenuScreen))
        await loaded(pilot)  # the menu's first showing, when a reminder would come
        assert isinstance(app.screen, MenuScreen)
        assert app.remind_care() is False
        assert said(app, "Follow-up care") == []


async def test_the_reminder_keeps_out_of_the_walk_reminder_s_way(
    make_app: AppFactory, store: Store
) -> None:
    """Its own toast and its own state: the walk due notice, its once-per-window rule and
    its snooze are what they were without it."""
    from coach.model.records import Walk

    store.add_walk(
        Walk(NOW - timedelta(hours=2, minutes=25), NOW - timedelta(hours=2, minutes=10), 15)
    )
    store.add_care(appointment(NOW + timedelta(hours=3), "Dr Lee"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert await settle(pilot, lambda: bool(said(app, "Follow-up care")))
        assert app.check_walk_due() is True
        await pilot.pause()
        assert said(app, "Follow-up care") == ["Appointment today at 13:00 with Dr Lee"]
        assert len(said(app, "A walk is due")) == 1
        await pilot.press("z")
        await pilot.pause()
        assert app.settings.snoozed_until is not None and app.remind_care() is False


# Snapshots at 80x24.


@pytest.fixture
def care_app(make_app: AppFactory, store: Store) -> CoachApp:
    full_lists(store)
    return make_app()


class TestFollowUpSnapshots:
    """The appointment tomorrow is told in a toast at start-up: waited for, then cleared."""

    def test_the_full_lists(self, snap_compare: Snap, care_app: CoachApp) -> None:
        async def show(pilot: Pilot[Any]) -> None:
            await open_care(pilot)
            await dismiss_toast(pilot, "Dr Lee")

        assert snap_compare(care_app, terminal_size=SIZE, run_before=show)

    def test_the_empty_lists(self, snap_compare: Snap, make_app: AppFactory) -> None:
        """Nothing yet: each list says so and how to add to it."""

        async def show(pilot: Pilot[Any]) -> None:
            await open_care(pilot)

        assert snap_compare(make_app(), terminal_size=SIZE, run_before=show)

    def test_the_form(self, snap_compare: Snap, care_app: CoachApp) -> None:
        """a on the medicines list: the form for a medicine, its first field focused."""

        async def add_medicine(pilot: Pilot[Any]) -> None:
            await open_care(pilot)
            await dismiss_toast(pilot, "Dr Lee")
            await pilot.press("2")
            await pilot.pause()
            form = await open_form(pilot)
            assert form.kind is CareKind.MEDICINE

        assert snap_compare(care_app, terminal_size=SIZE, run_before=add_medicine)

    def test_a_form_error(self, snap_compare: Snap, care_app: CoachApp) -> None:
        async def wrong_time(pilot: Pilot[Any]) -> None:
            await open_care(pilot)
            await dismiss_toast(pilot, "Dr Lee")
            form = await open_form(pilot)
            fill(form, at="25:00", who="Dr Lee")
            await pilot.press("enter")
            await pilot.pause()

        assert snap_compare(care_app, terminal_size=SIZE, run_before=wrong_time)

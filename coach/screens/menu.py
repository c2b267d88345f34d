"""The first screen: a big title, the exercises, then the other places to go."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from coach.errors import CoachError
from coach.messages import StoreChanged
from coach.model.care import next_appointment
from coach.model.program import Program, planned_short
from coach.model.records import CareItem
from coach.plain import safe_text
from coach.screens.registry import SCREEN_TITLES
from coach.screens.too_small import COMPACT_WIDTH, PHONE_SIZE
from coach.widgets.figlet import big_width, render_big
from coach.widgets.footer import QuietFooter
from coach.widgets.text import PlainText

if TYPE_CHECKING:
    from coach.app import CoachApp

TITLE = "Back Coach"


MARK = "› "  # the entry enter opens: shown in characters, not only as a grey band


Entry = tuple[str, str, str]  # title, a one-line summary, and a note under it ("": none)
NOTE_LENGTH = (
    60  # a note on the menu: one line beside a scroll bar; the program's page has it whole
)


def _entry(
    title: str, summary: str, note: str = "", *, marked: bool = False, compact: bool = False
) -> Content:
    """An entry: its title, and under it a one-line summary (and a note, if it has one)
    unless the screen is compact."""
    mark = MARK if marked else " " * len(MARK)
    shown = Content.assemble(mark, (safe_text(title, single_line=True), "bold"))
    if compact:
        return shown
    shown = Content.assemble(
        shown, "\n", " " * len(MARK), (safe_text(summary, single_line=True), "dim")
    )
    if not note:
        return shown
    return Content.assemble(
        shown, "\n", " " * len(MARK), (safe_text(_cut(note), single_line=True), "italic")
    )


def _cut(text: str, length: int = NOTE_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def exercise_entries(app: CoachApp) -> list[tuple[str, Entry, bool]]:
    """The exercises as the menu lists them: (option id, entry, can be opened)."""
    program = app.program
    entries = []
    for item in app.menu_exercises():
        exercise, planned = item.exercise, item.planned
        summary, note = exercise.summary, ""
        if planned is not None and program is not None:
            if item.open:
                summary = f"Your program: {planned_short(planned)}"
            else:
                summary = f"Your program, from {program.starts.isoformat()}: not before then"
            note = f"Note: {planned.notes}" if planned.notes else ""
        elif item.own:
            summary = f"Your own exercise. {exercise.summary}"
        elif program is not None:
            summary = f"Not in your program. {exercise.summary}"
        entries.append((f"exercise:{exercise.id}", (exercise.title, summary, note), item.open))
    return entries


def program_entry(program: Program, today: date) -> Entry:
    """The program's own entry: who prescribed it, since when, and its notes."""
    who = f"From {program.prescribed_by}" if program.prescribed_by else "From your therapist"
    if program.started(today):
        summary = f"{who}, since {program.starts.isoformat()}"
    else:
        summary = f"Starts on {program.starts.isoformat()}: nothing to start before then"
    note = f"Notes: {program.notes}" if program.notes else ""
    return ("Your program", summary, note)


def appointment_line(items: list[CareItem], now: datetime, zone: tzinfo) -> str:
    """'Next appointment: Tue 01 Dec 14:30 with Dr Lee' (the year only when not this one)."""
    found = next_appointment(items, now)
    if found is None or found.at is None:
        return ""
    local, today = found.at.astimezone(zone), now.astimezone(zone).date()
    shown = f"{local:%a %d %b %Y %H:%M}" if local.year != today.year else f"{local:%a %d %b %H:%M}"
    near = {today: " (today)", today + timedelta(days=1): " (tomorrow)"}.get(local.date(), "")
    who = f" with {found.who}" if found.who else ""
    return f"Next appointment: {shown}{near}{who}"


SHORTCUTS = {"w": "walks", "r": "rest", "s": "settings"}  # key: the screen it opens


class MenuList(OptionList):
    """The menu's list: the same keys as an OptionList, with enter shown in the footer.

    Compact, the screen's shortcut keys leave the footer, so Open and Help fit in it (their
    entries are in the list, a tap away); the keys still work, from here.
    """

    app: CoachApp
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="open"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        *(Binding(key, f"go('{name}')", show=False, id=name) for key, name in SHORTCUTS.items()),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go":
            return self.screen.has_class("-compact")
        return True

    def action_go(self, name: str) -> None:
        self.app.open_screen(name)


class MenuScreen(Screen[None]):
    """Pick an exercise (Cat-cow first, with the focus) or another place.

    Below 60 columns (a phone's page) it is compact: titles only, so every entry shows
    without scrolling, and a compact footer. (Its styles, `menu.tcss`, come with the
    app's: it is always the first screen.)
    """

    MIN_SIZE: ClassVar[tuple[int, int]] = PHONE_SIZE
    app: CoachApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "go('walks')", "Walks", id="walks"),
        Binding("r", "go('rest')", "Rest", id="rest"),
        Binding("s", "go('settings')", "Settings", id="settings"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Compact, the shortcut keys are out of the footer (MenuList takes them)."""
        if action == "go":
            return not self.has_class("-compact")
        return True

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        # hidden until there is an appointment to name: the first paint is the menu as
        # it stays, with no second layout just after it
        self._appointment = ""
        self._title_width: int | None = None
        appointment = PlainText("", id="next-appointment")
        appointment.display = False
        yield appointment
        self._entries: dict[str, Entry] = {}
        self._marked: str | None = None
        self._compact = self.app.size.width < COMPACT_WIDTH
        self._start_size: Size | None = self.app.size  # the size of its first layout
        self.set_class(self._compact, "-compact")
        yield MenuList(*self._options(), id="menu")
        yield QuietFooter(compact=self._compact)

    def _options(self) -> list[Option | None]:
        """Every entry: the exercises (the program's first), the program's own, then the
        other places. An exercise of a program not yet started is shown, not offered."""
        self._program = self.app.program
        self._own = self.app.own_exercises
        self._started = self._program is not None and self._program.started(self.app.today())
        exercises = exercise_entries(self.app)
        entries: dict[str, Entry] = {i: e for i, e, _ in exercises}
        if self._program is not None:
            entries["screen:program"] = program_entry(self._program, self.app.today())
        screens: dict[str, Entry] = {
            f"screen:{name}": (*entry, "") for name, entry in SCREEN_TITLES.items()
        }
        self._entries = {**entries, **screens}
        closed = {i for i, _, can_open in exercises if not can_open}
        options: list[Option | None] = [
            Option(_entry(*e, compact=self._compact), id=i, disabled=i in closed)
            for i, e in entries.items()
        ]
        options.append(None)
        options += [Option(_entry(*e, compact=self._compact), id=i) for i, e in screens.items()]
        return options

    def _first_open(self) -> int:
        """The entry enter opens at first: the first exercise that may be done."""
        menu = self.query_one("#menu", OptionList)
        for index in range(menu.option_count):
            option = menu.get_option_at_index(index)
            if not option.disabled and (option.id or "").startswith("exercise:"):
                return index
        return next(
            (i for i in range(menu.option_count) if not menu.get_option_at_index(i).disabled), 0
        )

    def on_mount(self) -> None:
        menu = self.query_one("#menu", OptionList)
        menu.highlighted = self._first_open()
        menu.focus()
        self._draw_title()  # the appointment line comes with the first resume, just after

    def _program_changed(self) -> None:
        """A plan imported, changed or cleared elsewhere (or its first day has come): the
        entries again, the highlight on the first exercise that may be done."""
        menu = self.query_one("#menu", OptionList)
        self._marked = None
        menu.set_options(self._options())
        menu.highlighted = self._first_open()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Move the mark to the highlighted entry."""
        menu, wanted = event.option_list, event.option.id
        for option_id, marked in ((self._marked, False), (wanted, True)):
            if option_id in self._entries and option_id is not None:
                menu.replace_option_prompt(
                    option_id,
                    _entry(*self._entries[option_id], marked=marked, compact=self._compact),
                )
        self._marked = wanted

    def on_screen_suspend(self) -> None:
        self._start_size = None  # covered: the next size told is a new one

    def on_screen_resume(self) -> None:
        """Back on the menu (or first shown): the next appointment as it is now, and the
        reminder of one today or tomorrow when the app starts or a new day has begun."""
        self.reload()
        self.app.remind_care()

    @on(StoreChanged)
    def reload(self) -> None:
        """The next appointment and the program, read again (the app calls this when the
        file changes, and the menu when it is shown again)."""
        program = self.app.program
        if (
            program != self._program
            or (program is not None and program.started(self.app.today()) != self._started)
            or self.app.own_exercises != self._own
        ):
            self._program_changed()
        try:
            items = self.app.store.care_items()
        except CoachError:
            items = []  # the app says what is wrong with the file; the menu stays usable
        line = appointment_line(items, self.app.clock.now(), self.app.zone)
        if line == self._appointment:
            return  # the same line: no new layout (one costs a tenth of a second here)
        self._appointment = line
        shown = self.query_one("#next-appointment", PlainText)
        shown.set_text(line)
        shown.display = bool(line)

    def on_resize(self, event: events.Resize) -> None:
        start, self._start_size = self._start_size, None
        if event.size == start:
            # The terminal's size as the app started, told just after the first paint:
            # the menu is laid out for it already, and a second layout would keep the
            # first key pressed waiting. Only that first one: Textual lays out the rest.
            event.prevent_default()
            return
        self._draw_title()
        self._show_compact(self.size.width < COMPACT_WIDTH)

    def _show_compact(self, compact: bool) -> None:
        if compact == self._compact:
            return
        self._compact = compact
        self.set_class(compact, "-compact")
        self.query_one(Footer).compact = compact
        self.refresh_bindings()
        menu = self.query_one("#menu", OptionList)
        for option_id, entry in self._entries.items():
            marked = option_id == self._marked
            menu.replace_option_prompt(option_id, _entry(*entry, marked=marked, compact=compact))

    def _draw_title(self) -> None:
        if self._title_width == self.size.width:
            return  # drawn for this width already
        self._title_width = self.size.width
        fits = big_width(TITLE) <= self.size.width - 2
        self.query_one("#title", Static).update(Content(render_big(TITLE) if fits else TITLE))
        self.query_one("#title").set_class(not fits, "plain")

    def action_go(self, name: str) -> None:
        self.app.open_screen(name)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option.id or "")

    def _open(self, option_id: str) -> None:
        kind, _, name = option_id.partition(":")
        if kind == "exercise":
            self.app.open_exercise_by_id(name)
        elif kind == "screen":
            self.app.open_screen(name)

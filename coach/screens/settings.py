"""Settings, stored in the database and applied at once."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from datetime import time
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Select, Static
from textual.widgets.select import InvalidSelectValueError

from coach.locations import stylesheet
from coach.messages import SettingsApplied
from coach.model.content import Exercise
from coach.model.engine import HOLD_STEP, SessionPlan
from coach.model.settings import GET_READY_CHOICES, SNOOZE_CHOICES, Settings
from coach.themes import THEME_NAMES
from coach.widgets.footer import QuietFooter
from coach.widgets.text import literal
from coach.widgets.tick_box import TickBox

if TYPE_CHECKING:
    from coach.app import CoachApp

HOURS = [time(h, 0) for h in range(24)]
PASSTHROUGH_NOTE = (
    "Desktop notifications inside tmux need `set -g allow-passthrough on`; they are "
    "never sent on the Linux console (TERM=linux)."
)


def theme_choices(current: str) -> list[tuple[str, str]]:
    """Back Coach's three themes by friendly name, and the one in force if the palette
    picked another (a list that cannot show the theme in force would mislead)."""
    choices = [(label, name) for name, label in THEME_NAMES.items()]
    if current not in THEME_NAMES:
        choices.append((f"{current} (palette)", current))
    return choices


def _plan(exercise: Exercise, settings: Settings) -> SessionPlan:
    """The hold and reps the exercise would use now: what its controls show."""
    choice = settings.choice(exercise.id)
    return SessionPlan.for_exercise(exercise, hold_seconds=choice.hold_seconds, reps=choice.reps)


def _row(label: str, control: Widget) -> Horizontal:
    """A label (an exercise's title is anyone's text: shown literally) and its control."""
    return Horizontal(
        Static(literal(label, single_line=True), classes="setting-label", markup=False),
        control,
        classes="setting",
    )


class SettingsScreen(Screen[None]):
    CSS_PATH = stylesheet("settings.tcss")
    AUTO_FOCUS = "#theme"  # the first control: the colours decide whether the rest is readable
    app: CoachApp
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def compose(self) -> ComposeResult:
        s = self.app.settings
        # Not a stop of its own: the focus goes to the controls, and it scrolls to them.
        with VerticalScroll(id="settings-body", can_focus=False):
            yield Static("Settings", classes="screen-title")
            yield Static("Colours", classes="section-title")
            yield _row(
                "Theme",
                Select(
                    theme_choices(self.app.theme),
                    value=self.app.theme,
                    allow_blank=False,
                    compact=True,
                    id="theme",
                ),
            )
            yield Static("Exercises", classes="section-title")
            for item in self.app.menu_exercises():
                exercise = item.exercise
                whose = " (your program)" if item.planned is not None else ""
                plan = _plan(exercise, s)
                hold_range = exercise.hold_range
                if hold_range is not None:
                    holds = list(range(hold_range.low, hold_range.high + 1, HOLD_STEP))
                    if hold_range.high not in holds:
                        holds.append(hold_range.high)
                    value = plan.hold_seconds
                    yield _row(
                        f"{exercise.title}: hold{whose}",
                        Select(
                            [(f"{h} seconds", h) for h in holds],
                            value=value if value in holds else holds[0],
                            allow_blank=False,
                            compact=True,
                            id=f"hold--{exercise.id}",
                        ),
                    )
                reps = exercise.reps
                yield _row(
                    f"{exercise.title}: repetitions{whose}",
                    Select(
                        [(f"{r} times", r) for r in range(reps.low, reps.high + 1)],
                        value=plan.reps,
                        allow_blank=False,
                        compact=True,
                        id=f"reps--{exercise.id}",
                    ),
                )
            yield TickBox(
                "I have a neck problem or injury", s.neck_problem, id="neck_problem", compact=True
            )
            yield _row(
                "Get-ready count before a hold",
                Select(
                    [("off", 0) if g == 0 else (f"{g} seconds", g) for g in GET_READY_CHOICES],
                    value=s.get_ready_seconds if s.get_ready_seconds in GET_READY_CHOICES else 3,
                    allow_blank=False,
                    compact=True,
                    id="get_ready_seconds",
                ),
            )
            yield TickBox("Bell when a hold ends", s.bell, id="bell", compact=True)
            yield TickBox(
                "Go on to the next position by itself",
                s.auto_advance,
                id="auto_advance",
                compact=True,
            )
            yield Static("Walks", classes="section-title")
            yield TickBox(
                "Tell me when a walk is due", s.walk_reminders, id="walk_reminders", compact=True
            )
            yield _row(
                "Snooze (z) for",
                Select(
                    [(f"{m} minutes", m) for m in SNOOZE_CHOICES],
                    value=s.snooze_minutes if s.snooze_minutes in SNOOZE_CHOICES else 15,
                    allow_blank=False,
                    compact=True,
                    id="snooze_minutes",
                ),
            )
            yield _row("Waking hours start", self._hour_select("waking_start", s.waking_start))
            yield _row("Waking hours end", self._hour_select("waking_end", s.waking_end))
            yield Static("Reminders", classes="section-title")
            yield TickBox(
                "Ring the terminal bell for reminders",
                s.reminder_bell,
                id="reminder_bell",
                compact=True,
            )
            yield TickBox(
                "Desktop notifications (OSC 9/777)",
                s.desktop_notifications,
                id="desktop_notifications",
                compact=True,
            )
            yield Static(PASSTHROUGH_NOTE, id="passthrough-note", markup=False)
            yield Static(literal(f"Saved at once, in {self.app.store.path}"), id="settings-where")
        yield QuietFooter()

    @staticmethod
    def _hour_select(name: str, value: time) -> Select[time]:
        options = HOURS if value in HOURS else sorted([*HOURS, value])
        return Select(
            [(t.strftime("%H:%M"), t) for t in options],
            value=value,
            allow_blank=False,
            compact=True,
            id=name,
        )

    @on(SettingsApplied)
    def apply_settings(self) -> None:
        """Settings changed elsewhere (the exercise's `v`, another window): show them.

        The controls are set without posting Changed: a change shown here must never
        be saved back from here (two queued changes would chase each other forever).
        """
        settings = self.app.settings
        with self.prevent(Checkbox.Changed, Select.Changed):
            self._offer_theme(settings.theme)
            for checkbox in self.query(Checkbox):
                value = getattr(settings, checkbox.id or "", None)
                if isinstance(value, bool) and checkbox.value != value:
                    checkbox.value = value
            for select in self.query(Select):
                value = self._value_in_force(select.id or "")
                if value is not None and select.value != value:
                    with suppress(InvalidSelectValueError):  # a value this list does not offer
                        select.value = value

    def _offer_theme(self, name: str) -> None:
        """A theme picked in the palette joins the list, so the list shows it."""
        select: Select[str] = self.query_one("#theme", Select)
        if name in self.app.available_themes and theme_choices(name) != theme_choices(
            str(select.value)
        ):
            select.set_options(theme_choices(name))

    def _value_in_force(self, name: str) -> Any:
        """What a control should show: for an exercise, the hold or reps it would use."""
        settings = self.app.settings
        if "--" not in name:
            return getattr(settings, name, None)
        kind, exercise_id = name.split("--", 1)
        try:
            plan = _plan(self.app.exercise(exercise_id), settings)
        except KeyError:
            return None
        return plan.hold_seconds if kind == "hold" else plan.reps

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._apply(event.checkbox.id or "", event.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.BLANK:
            self._apply(event.select.id or "", event.value)

    def _apply(self, name: str, value: Any) -> None:
        if value == self._value_in_force(name):
            return  # already in force (a control showing its first value saves nothing)
        settings = self.app.settings
        if "--" in name:
            kind, exercise_id = name.split("--", 1)
            key = "hold_seconds" if kind == "hold" else "reps"
            updated = settings.with_choice(exercise_id, **{key: value})
        else:
            updated = replace(settings, **{name: value})
        if not self.app.save_settings(updated):
            self.apply_settings()  # not saved: show what is in force, not what was asked

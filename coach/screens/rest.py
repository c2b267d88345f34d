"""The rest-position guide: two positions with pictures, and an optional reminder.

The source says not to stay in one position too long, but gives no interval, so
the reminder is off unless the person picks one; the app offers no number as advice.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Select, Static

from coach.locations import stylesheet
from coach.messages import SettingsApplied
from coach.model.settings import REST_REMINDER_CHOICES
from coach.widgets.footer import QuietFooter
from coach.widgets.text import PlainText, literal

if TYPE_CHECKING:
    from coach.app import CoachApp


class RestScreen(Screen[None]):
    CSS_PATH = stylesheet("rest.tcss")
    app: CoachApp
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def compose(self) -> ComposeResult:
        rest = self.app.library.rest
        with VerticalScroll(id="rest-body"):
            yield Static(literal(rest.title, single_line=True), classes="screen-title")
            yield PlainText(rest.intro.text, id="rest-intro")
            with Horizontal(id="rest-positions"):
                for position in rest.positions:
                    with Vertical(classes="rest-position"):
                        yield Static(
                            literal(position.title, single_line=True), classes="section-title"
                        )
                        if position.picture:
                            yield Static(literal(position.picture), classes="picture")
                        yield PlainText(position.text)
            for item in rest.items:
                yield Static(literal(item.title, single_line=True), classes="section-title")
                yield PlainText(item.text, classes="advice")
            with Horizontal(id="rest-reminder"):
                yield Static("Remind me to change position:", id="reminder-label")
                yield Select(
                    [("Off", 0), *((f"every {m} minutes", m) for m in REST_REMINDER_CHOICES if m)],
                    value=self.app.settings.rest_reminder_minutes
                    if self.app.settings.rest_reminder_minutes in REST_REMINDER_CHOICES
                    else 0,
                    allow_blank=False,
                    id="reminder",
                )
            yield Static(
                "The source gives no interval: pick one your doctor or physical therapist suggests.",
                id="reminder-note",
            )
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one("#rest-body").focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "reminder" or not isinstance(event.value, int):
            return
        if event.value != self.app.settings.rest_reminder_minutes and not self.app.save_settings(
            replace(self.app.settings, rest_reminder_minutes=event.value)
        ):
            self.apply_settings()  # not saved: show what is in force

    @on(SettingsApplied)
    def apply_settings(self) -> None:
        """The interval changed elsewhere (another window): show it, without saving it back."""
        minutes = self.app.settings.rest_reminder_minutes
        select: Select[int] = self.query_one("#reminder", Select)
        value = minutes if minutes in REST_REMINDER_CHOICES else 0
        if select.value != value:
            with self.prevent(Select.Changed):
                select.value = value

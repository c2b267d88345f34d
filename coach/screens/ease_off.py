"""After 'ease off': the session is kept as stopped because of pain, and the guidance is shown.

An optional 0 to 10 rating of the pain is asked here too, so History can show how
the pain was when the person stopped. Nothing waits on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from coach.locations import stylesheet
from coach.model.engine import read_pain
from coach.screens.too_small import COMPACT_WIDTH, PHONE_SIZE
from coach.session_keeper import SessionKeeper
from coach.widgets.footer import QuietFooter
from coach.widgets.text import OrderedInput, PlainText

if TYPE_CHECKING:
    from coach.app import CoachApp


class EaseOffScreen(Screen[None]):
    CSS_PATH = stylesheet("pages.tcss")
    app: CoachApp
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Menu", id="back")]
    MIN_SIZE: ClassVar[tuple[int, int]] = PHONE_SIZE  # reached from the step panel, on a phone too

    def __init__(self, keeper: SessionKeeper) -> None:
        super().__init__()
        self.keeper = keeper

    def compose(self) -> ComposeResult:
        library = self.app.library
        with Vertical(id="ease-off-body"):
            yield Static("You stopped the exercise", classes="screen-title")
            for item_id in ("ease-off", "call-doctor"):
                item = library.guide(item_id)
                yield Static(item.title, classes="section-title", markup=False)
                yield PlainText(item.text)
            yield Static("This session is saved as stopped because of pain.", id="ease-off-saved")
            yield Static("How is your pain now, from 0 (none) to 10? You can leave it blank.")
            with Horizontal(id="ease-off-rating"):
                yield OrderedInput(placeholder="0 to 10", type="integer", max_length=2, id="pain")
                yield Button("Save (enter)", id="save")
                yield Button("Back to the menu", id="back", variant="primary")
            yield PlainText("", id="pain-error")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one("#pain", Input).focus()

    def on_resize(self, event: events.Resize) -> None:
        """Below 60 columns (a phone's page) the buttons go under the field (pages.tcss)."""
        self.set_class(event.size.width < COMPACT_WIDTH, "-compact")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the field: save what it showed when enter was typed."""
        event.stop()
        self._save(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self._save(self.query_one("#pain", Input).value)
        else:
            self.app.pop_screen()

    def _save(self, typed: str) -> None:
        error = self.query_one("#pain-error", PlainText)
        try:
            pain = read_pain(typed)
        except ValueError as problem:
            error.set_text(str(problem))
            return
        error.set_text("")
        if pain is None:
            self.app.pop_screen()
            return

        def answered(saved: bool) -> None:
            if saved:  # said even if the person has left meanwhile
                self.app.notify(f"Saved: pain {pain} of 10.", timeout=4, markup=False)
                if self.is_attached:
                    self.query_one("#back", Button).focus()

        self.keeper.rate_pain(pain, answered)

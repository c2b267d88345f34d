"""After 'ease off': the session is kept as stopped because of pain, and the guidance is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from coach.locations import stylesheet
from coach.widgets.text import PlainText

if TYPE_CHECKING:
    from coach.app import CoachApp


class EaseOffScreen(Screen[None]):
    CSS_PATH = stylesheet("pages.tcss")
    app: CoachApp
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Menu", id="back")]

    def compose(self) -> ComposeResult:
        library = self.app.library
        with Vertical(id="ease-off-body"):
            yield Static("You stopped the exercise", classes="screen-title")
            for item_id in ("ease-off", "call-doctor"):
                item = library.guide(item_id)
                yield Static(item.title, classes="section-title", markup=False)
                yield PlainText(item.text)
            yield Static("This session is saved as stopped because of pain.", id="ease-off-saved")
            yield Button("Back to the menu", id="back", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.pop_screen()

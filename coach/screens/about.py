"""What Back Coach is and is not, where the data is kept, and the source (F1, F4, F21)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from coach.locations import stylesheet
from coach.widgets.text import PlainText

if TYPE_CHECKING:
    from coach.app import CoachApp


class AboutScreen(Screen[None]):
    """Shown once on the first run, to be acknowledged; reachable from the menu afterwards."""

    CSS_PATH = stylesheet("pages.tcss")
    app: CoachApp
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "I understand", id="acknowledge"),
        Binding("escape", "close", "Back", id="back"),
    ]

    def __init__(self, first_run: bool = False) -> None:
        super().__init__()
        self.first_run = first_run

    def compose(self) -> ComposeResult:
        library = self.app.library
        source = library.source
        with VerticalScroll(id="about-body"):
            yield Static("About Back Coach, and safety", classes="screen-title")
            for item_id in ("examples", "doctor-decides", "start-slowly", "ease-off"):
                item = library.guide(item_id)
                yield Static(item.title, classes="section-title", markup=False)
                yield PlainText(item.text)
            yield Static("Where this comes from", classes="section-title")
            yield PlainText(
                f'"{source.title}", {source.publisher}, topic {source.topic}.\n{source.standing}'
            )
            yield Static("Your data", classes="section-title")
            yield PlainText(
                f"Everything you log stays on this computer, in one file readable only by you:\n"
                f"{self.app.store.path}\nDaily backups of the last seven days are kept beside it."
            )
            label = "I understand" if self.first_run else "Back"
            yield Button(label, id="acknowledge", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#about-body").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    def action_close(self) -> None:
        if self.first_run and not self.app.settings.about_acknowledged:
            from dataclasses import replace

            self.app.save_settings(replace(self.app.settings, about_acknowledged=True))
        self.app.pop_screen()

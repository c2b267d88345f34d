"""What Back Coach is and is not, the cautions, the neck variant, the source, the data.

Shown on the first run, where it must be acknowledged with its button or enter:
escape there does not count as having read it. Reachable from the menu afterwards.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from coach.locations import stylesheet
from coach.model.about import about_text
from coach.screens.too_small import PHONE_SIZE
from coach.widgets.bullets import BulletList
from coach.widgets.footer import QuietFooter
from coach.widgets.text import PlainText, literal

if TYPE_CHECKING:
    from coach.app import CoachApp


class AboutScreen(Screen[None]):
    """Shown once on the first run, to be acknowledged; reachable from the menu afterwards."""

    CSS_PATH = stylesheet("pages.tcss")
    app: CoachApp
    # The first run shows it until it is acknowledged: a phone's page must reach its button.
    MIN_SIZE: ClassVar[tuple[int, int]] = PHONE_SIZE
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "acknowledge", "I understand", id="acknowledge"),
        Binding("escape", "back", "Back", id="back"),
        Binding("escape", "remind", "Read first", show=False, id="remind"),
    ]

    def __init__(self, first_run: bool = False) -> None:
        super().__init__()
        self.first_run = first_run

    def compose(self) -> ComposeResult:
        text = about_text(
            self.app.library,
            self.app.store.path,
            neck_switch="press v there, or set it in Settings",
        )
        with VerticalScroll(id="about-body"):
            yield Static("About Back Coach, and safety", classes="screen-title")
            yield Static("Before you start", classes="section-title")
            yield BulletList(text.before_you_start)
            yield Static(literal(text.neck_title, single_line=True), classes="section-title")
            yield PlainText(text.neck, id="about-neck")
            yield Static("Where this comes from", classes="section-title")
            yield PlainText(text.source, id="about-source")
            yield Static("Your data", classes="section-title")
            yield PlainText(text.data)
            label = "I understand" if self.first_run else "Back"
            yield Button(label, id="acknowledge", variant="primary")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one("#about-body").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_acknowledge()

    @property
    def awaiting_acknowledgement(self) -> bool:
        return self.first_run and not self.app.settings.about_acknowledged

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """On the first run enter acknowledges and escape only reminds; afterwards escape goes back."""
        if action == "acknowledge":
            return self.awaiting_acknowledgement
        if action == "back":
            return not self.awaiting_acknowledgement
        if action == "remind":
            return self.awaiting_acknowledgement
        return True

    def action_acknowledge(self) -> None:
        """The button or enter: on the first run, this is what counts as having read it."""
        if self.awaiting_acknowledgement and not self.app.save_settings(
            replace(self.app.settings, about_acknowledged=True)
        ):
            return  # not saved: the page stays, and the error says why
        self.app.pop_screen()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_remind(self) -> None:
        self.app.notify(
            "Please read this page once, then press enter or the I understand button.",
            timeout=6,
        )

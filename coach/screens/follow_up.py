"""Follow-up care (F18 to F20), from the content."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from coach.locations import stylesheet
from coach.widgets.text import PlainText

if TYPE_CHECKING:
    from coach.app import CoachApp


class FollowUpScreen(Screen[None]):
    CSS_PATH = stylesheet("pages.tcss")
    app: CoachApp
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="follow-up-body"):
            yield Static("Follow-up care", classes="screen-title")
            for item in self.app.library.follow_up:
                yield Static(item.title, classes="section-title", markup=False)
                yield PlainText(item.text)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#follow-up-body").focus()

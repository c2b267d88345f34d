"""The therapist's program, whole: who prescribed it, from when, each exercise with its
numbers and notes, the walks, and the notes for the person (see `model.program`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from coach.locations import stylesheet
from coach.messages import StoreChanged
from coach.model.program import program_lines
from coach.screens.too_small import PHONE_SIZE
from coach.widgets.footer import QuietFooter
from coach.widgets.text import PlainText

if TYPE_CHECKING:
    from coach.app import CoachApp

NO_PROGRAM = (
    "No program is kept. A plan file from your physical therapist is imported with: "
    "coach plan import FILE (the README shows one)."
)


class ProgramScreen(Screen[None]):
    CSS_PATH = stylesheet("pages.tcss")
    app: CoachApp
    MIN_SIZE: ClassVar[tuple[int, int]] = PHONE_SIZE
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Menu", id="back")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="program-body"):
            yield Static("Your program", classes="screen-title")
            yield PlainText(self._text(), id="program-text")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one("#program-body").focus()

    def _text(self) -> str:
        program = self.app.program
        if program is None:
            return NO_PROGRAM
        lines = program_lines(program, self.app.today())
        return "\n".join(lines[1:] + [lines[0].replace("Your program (", "From ").rstrip(")")])

    def on_store_changed(self, _message: StoreChanged) -> None:
        """A plan imported or cleared elsewhere: the page shows the one in force."""
        self.query_one("#program-text", PlainText).set_text(self._text())

"""An optional 0 to 10 pain rating, asked in a small dialog (before a session starts)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from coach.model.engine import read_pain
from coach.screens.too_small import PHONE_SIZE
from coach.widgets.text import OrderedInput, PlainText


class PainPrompt(ModalScreen[int | None]):
    """Dismissed with the rating, or None (blank or escape): a rating is never required."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "skip", "Skip")]
    MIN_SIZE: ClassVar[tuple[int, int]] = PHONE_SIZE  # asked from the step panel, on a phone too

    def __init__(self, question: str, current: int | None = None) -> None:
        super().__init__()
        self.question = question
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield PlainText(self.question, id="question")
            yield OrderedInput(
                "" if self.current is None else str(self.current),
                placeholder="0 to 10",
                type="integer",
                max_length=2,
                id="pain",
            )
            yield PlainText("", id="pain-error", classes="field-error")
            with Horizontal(id="buttons"):
                yield Button("Save (enter)", id="save", variant="primary")
                yield Button("Skip (escape)", id="skip")

    def on_mount(self) -> None:
        self.query_one("#pain", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the field: the rating it showed when enter was typed."""
        event.stop()
        self._save(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self._save(self.query_one("#pain", Input).value)
        else:
            self.action_skip()

    def _save(self, typed: str) -> None:
        if not self.is_current:
            return  # a second enter of a burst: the rating is already given
        try:
            pain = read_pain(typed)
        except ValueError as error:
            self.query_one("#pain-error", PlainText).set_text(str(error))
            return
        self.dismiss(pain)

    def action_skip(self) -> None:
        self.dismiss(self.current)

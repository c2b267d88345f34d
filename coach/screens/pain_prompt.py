"""An optional 0 to 10 pain rating, asked in a small dialog (before a session starts)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from coach.widgets.text import PlainText

PAIN_ERROR = "Please enter a whole number from 0 to 10, or leave it blank."


def read_pain(text: str) -> int | None:
    """A typed rating: None when blank; ValueError (with PAIN_ERROR) when not 0 to 10."""
    value = text.strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not 0 <= int(value) <= 10:
        raise ValueError(PAIN_ERROR)
    return int(value)


class PainPrompt(ModalScreen[int | None]):
    """Dismissed with the rating, or None (blank or escape): a rating is never required."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "skip", "Skip")]

    def __init__(self, question: str, current: int | None = None) -> None:
        super().__init__()
        self.question = question
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield PlainText(self.question, id="question")
            yield Input(
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
        event.stop()
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._save() if event.button.id == "save" else self.action_skip()

    def _save(self) -> None:
        try:
            pain = read_pain(self.query_one("#pain", Input).value)
        except ValueError as error:
            self.query_one("#pain-error", PlainText).set_text(str(error))
            return
        self.dismiss(pain)

    def action_skip(self) -> None:
        self.dismiss(self.current)

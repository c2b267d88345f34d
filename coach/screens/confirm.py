"""A small yes/no question, answered with y/n, enter/escape or the mouse; the arrows
move between the two buttons."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from coach.screens.too_small import PHONE_SIZE
from coach.widgets.text import PlainText

Answer = TypeVar("Answer")


class ButtonDialog(ModalScreen[Answer]):
    """A dialog of buttons in a row: the arrows move along them and stop at either end,
    so an arrow pressed once too often never lands on the answer at the other end."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,up", "along(-1)", "Previous button", show=False, id="previous"),
        Binding("right,down", "along(1)", "Next button", show=False, id="next"),
    ]

    def action_along(self, step: int) -> None:
        buttons = list(self.query(Button))
        if not buttons:
            return
        here = buttons.index(self.focused) if self.focused in buttons else 0
        buttons[max(0, min(len(buttons) - 1, here + step))].focus()


class ConfirmModal(ButtonDialog[bool]):
    MIN_SIZE: ClassVar[tuple[int, int]] = PHONE_SIZE  # asked over a hold, on a phone too
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield PlainText(self.question, id="question")
            with Horizontal(id="buttons"):
                yield Button(f"{self.yes_label} (y)", id="yes", variant="primary")
                yield Button(f"{self.no_label} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

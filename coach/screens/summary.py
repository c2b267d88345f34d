"""The end of an exercise: what was done, and an optional 0 to 10 pain rating.

A rating above 0 is answered with the guidance that fits (F3 and F19, from the
content), worded as a condition: the app does not know what caused the pain. The
rating is saved first; nothing waits on it.
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
from coach.widgets.text import OrderedInput, PlainText, literal

if TYPE_CHECKING:
    from coach.app import CoachApp

ANSWER_READ_SECONDS = 1.0  # enter is taken as "go on" only after the answer has been up this long
KEY_REPEAT_GAP = 0.4  # seconds without an enter before the next counts as a new press


class SummaryScreen(Screen[None]):
    CSS_PATH = stylesheet("pages.tcss")
    app: CoachApp
    MIN_SIZE: ClassVar[tuple[int, int]] = PHONE_SIZE  # reached from the step panel, on a phone too
    BINDINGS: ClassVar[list[BindingType]] = [
        # Enter is the screen's, before a button sees it (a held key must not be lost to
        # a button's press effect); but while the rating field has the focus, the field
        # takes it, after the keys typed before it (OrderedInput): "1 backspace 3 enter"
        # in one burst saves 3, and "8 enter escape" saves the 8, then leaves.
        Binding("enter", "save", "Save", show=False, priority=True, id="save"),
        Binding("escape", "skip", "Menu", id="skip"),
    ]

    def __init__(self, keeper: SessionKeeper) -> None:
        super().__init__()
        self.keeper = keeper
        self.answered_at: float | None = None  # when a rating above 0 was answered
        self._last_enter: float | None = None
        self._leaving = False
        self._saving = False  # a rating is on its way to the file

    def compose(self) -> ComposeResult:
        session = self.keeper.session
        plan = session.plan
        with Vertical(id="summary-body"):
            yield Static(
                literal(f"{session.exercise.title}: done", single_line=True), classes="screen-title"
            )
            yield Static(
                f"Repetitions: {session.reps_done} of {plan.reps}\n"
                f"Hold: {plan.hold_seconds} seconds"
                + ("\nNeck variant: yes" if plan.neck_problem else ""),
                id="summary-figures",
            )
            yield Static("How is your pain now, from 0 (none) to 10? You can leave it blank.")
            yield OrderedInput(placeholder="0 to 10", type="integer", max_length=2, id="pain")
            yield PlainText("", id="pain-error")
            yield PlainText("", id="pain-answer")
            with Horizontal(id="summary-buttons"):
                yield Button("Save (enter)", id="save", variant="primary")
                yield Button("Skip (escape)", id="skip")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one("#pain", Input).focus()
        self.query_one("#pain-answer").display = False

    def on_resize(self, event: events.Resize) -> None:
        """Below 60 columns (a phone's page) the rows are packed closer (pages.tcss)."""
        self.set_class(event.size.width < COMPACT_WIDTH, "-compact")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.action_skip()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter is the field's while it has the focus, so it comes after what was typed."""
        if action == "save":
            focused = self.focused
            return not (isinstance(focused, Input) and not focused.disabled)
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the field: save what it showed when enter was typed."""
        event.stop()
        self._save(event.value)

    def action_save(self) -> None:
        self._save(None)

    def _save(self, typed: str | None) -> None:
        """Save the rating typed (`typed`, or the field's value), or go on after the answer."""
        if self._leaving or self._saving:
            return  # keys typed in a burst after the first one that left, or saved
        focused = self.focused
        if focused is not None and focused.id == "skip":
            self.action_skip()
            return
        now = self.app.clock.monotonic()
        fresh = self._last_enter is None or now - self._last_enter >= KEY_REPEAT_GAP
        self._last_enter = now
        if self.answered_at is not None:
            # Go on with a fresh press once the answer has been up a moment: neither the
            # rest of a burst nor a held key sweeps it away (or opens the menu's next item).
            if fresh and now - self.answered_at >= ANSWER_READ_SECONDS:
                self._leave()
            return
        pain_input = self.query_one("#pain", Input)
        try:
            pain = read_pain(pain_input.value if typed is None else typed)
        except ValueError as error:
            self.query_one("#pain-error", PlainText).set_text(str(error))
            return
        self._saving = True  # the rest of a burst waits for the answer
        self.keeper.rate_pain(pain, lambda saved: self._saved(pain, saved))

    def _saved(self, pain: int | None, saved: bool) -> None:
        """The writer's answer: say so, then leave or answer the rating."""
        self._saving = False
        if not saved and not self.keeper.erased:
            return  # the error is on screen; the rating stays typed, to try again
        if saved:  # erased elsewhere: the person was told; the guidance still answers the rating
            self.app.notify(
                "Saved, with no pain rating." if pain is None else f"Saved: pain {pain} of 10.",
                timeout=4,
                markup=False,
            )
        if not self.is_attached:
            return  # left meanwhile
        if not pain:
            self._leave()
            return
        self._answer_pain(self.query_one("#pain", Input))

    def _answer_pain(self, pain_input: Input) -> None:
        """Pain above 0: the guidance that fits stays on screen until the person goes on.

        An enter typed in the same burst as the rating does not sweep it away unread.
        """
        self.answered_at = self.app.clock.monotonic()
        self.query_one("#pain-error", PlainText).set_text("")
        answer = self.query_one("#pain-answer", PlainText)
        answer.set_text(self.app.library.guide("pain-after").text)
        answer.display = True
        pain_input.disabled = True
        self.query_one("#skip", Button).display = False
        back = self.query_one("#save", Button)
        back.label = "Back to the menu (enter)"
        back.focus()

    def action_skip(self) -> None:
        self._leave()

    def _leave(self) -> None:
        """Back to the menu, once: a burst of keys must not pop the screens beneath."""
        if not self._leaving and self.is_current:
            self._leaving = True
            self.app.pop_screen()

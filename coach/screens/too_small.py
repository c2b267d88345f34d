"""Shown below 60x20: a clear request instead of a cut-off screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """Covers the app until the window is large enough again; q still quits (asking
    first if a hold is running, as everywhere) and ? still opens the help."""

    # A modal screen hides the app's own bindings: these are the ones that still matter.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", id="too_small_quit"),
        Binding("question_mark", "app.help", "Help", id="too_small_help"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(
            "Please make the window larger\n(at least 60 columns by 20 rows).\n\n"
            "Press q to quit, ? for help.",
            id="too-small",
            markup=False,
        )

    def on_screen_resume(self) -> None:
        from coach.app import MIN_HEIGHT, MIN_WIDTH

        if self.app.size.width >= MIN_WIDTH and self.app.size.height >= MIN_HEIGHT:
            self.call_later(self.dismiss)

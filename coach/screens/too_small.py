"""Shown below 60x20: a clear request instead of a cut-off screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """Covers the app until the window is large enough again."""

    def compose(self) -> ComposeResult:
        yield Static(
            "Please make the window larger\n(at least 60 columns by 20 rows).", id="too-small"
        )

    def on_screen_resume(self) -> None:
        from coach.app import MIN_HEIGHT, MIN_WIDTH

        if self.app.size.width >= MIN_WIDTH and self.app.size.height >= MIN_HEIGHT:
            self.call_later(self.dismiss)

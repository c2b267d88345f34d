"""Shown below 60x20: a clear request instead of a cut-off screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static(
            "Please make the window larger\n(at least 60 columns by 20 rows).", id="too-small"
        )

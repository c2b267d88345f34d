"""Texts from content as a short list, each wrapped under its own first word."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from coach.widgets.text import PlainText


class BulletList(Vertical):
    """A dash, then the text, wrapping with a hanging indent (styles in app.tcss)."""

    def __init__(self, texts: Iterable[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._texts = tuple(texts)

    def compose(self) -> ComposeResult:
        for text in self._texts:
            with Horizontal(classes="bullet-row"):
                yield Static("-", classes="bullet")
                yield PlainText(text)

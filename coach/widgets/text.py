"""Text written by a person or a content file, shown exactly as written.

A `Static` reads a string as Rich-style markup, so `[red]` would vanish and a
`[@click=...]` tag would become an action. Everything a person or a content file
wrote goes through `literal()`: brackets stay brackets, and control characters
(escape sequences included) are made visible instead of reaching the terminal.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from coach.plain import safe_text


def literal(text: str, *, single_line: bool = False) -> Content:
    """Content that shows `text` literally: no markup, no control characters."""
    return Content(safe_text(text, single_line=single_line))


def cell(text: str) -> Text:
    """A DataTable cell for a person's text: DataTable reads plain strings as markup."""
    return Text(safe_text(text, single_line=True), no_wrap=True, overflow="ellipsis")


class PlainText(Static):
    """A Static for text from people and content files: never read as markup."""

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(literal(text), id=id, classes=classes, markup=False)
        self._text = text

    def set_text(self, text: str) -> None:
        """Show new text; the same text again costs nothing (no repaint, no layout)."""
        if text != self._text:
            self._text = text
            self.update(literal(text))

"""Text written by a person or a content file, shown exactly as written.

A `Static` reads a string as Rich-style markup, so `[red]` would vanish and a
`[@click=...]` tag would become an action. Everything a person or a content file
wrote goes through `literal()`: brackets stay brackets, and control characters
(escape sequences included) are made visible instead of reaching the terminal.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.content import Content
from textual.widgets import Input, Static

from coach.plain import safe_text

if TYPE_CHECKING:
    from textual.app import App


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


class OrderedInput(Input):
    """An Input that applies every key in the order it was typed, and says it submitted
    before any key typed after enter reaches the screen.

    A stock Input inserts a printable key at once but lets its editing keys (backspace,
    the arrows) bubble up to the app, whose binding then edits the field later: a burst
    such as `1`, backspace, `3`, enter in one write (a paste, SSH, a fast typist) ends as
    "1" (Textual issue #6605). Here the field's own bindings run as their key arrives.
    """

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable:
            return  # the Input inserts it, now
        # This field's own binding, even if a tab read after this key has already moved the
        # focus on: the key was typed here, before the tab.
        bindings = self._bindings.key_to_bindings.get(event.key)
        if not bindings:
            return  # not an editing key of this field: it bubbles up as usual
        event.stop()
        event.prevent_default()
        await self.run_action(bindings[0].action)

    async def action_submit(self) -> None:
        """Enter: the value as shown now, posted straight to the parent, so that the
        screen hears it before a key typed after enter (escape, say) bubbles up to it."""
        validation = self.validate(self.value) if "submitted" in self.validate_on else None
        target = self.parent if self.parent is not None else self
        target.post_message(self.Submitted(self, self.value, validation))


LIMIT_NOTICE_SECONDS = 3.0  # how long "30 seconds is the longest hold" stays up


class LimitNotice:
    """Says briefly that a key is at its limit ("30 seconds is the longest hold"), rather
    than doing nothing; a key held down says it once, not a toast per repeat."""

    def __init__(self) -> None:
        self._last: tuple[str, float] | None = None  # the notice last shown, and when

    def say(self, app: App[Any], text: str) -> None:
        now = time.monotonic()
        last = self._last
        if last is not None and last[0] == text and now - last[1] < LIMIT_NOTICE_SECONDS:
            return
        self._last = (text, now)
        app.notify(text, timeout=LIMIT_NOTICE_SECONDS, markup=False)

"""The hold display: big seconds and a progress bar that repaint only when they change.

The stock `ProgressBar` repaints every second on a timer of its own, even when
nothing moves; over SSH every repaint is bytes on the wire. `HoldBar` drops that
timer and updates only when a visible cell changes; `BigDigits` repaints only
when the whole second shown changes, in a box sized to its content.
"""

from __future__ import annotations

from textual import events, on
from textual.content import Content
from textual.widget import Widget
from textual.widgets import ProgressBar

from coach.widgets.figlet import render_big


class HoldBar(ProgressBar):
    """A ProgressBar with no timer of its own, updated only when a cell changes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(total=1.0, show_eta=False, show_percentage=False, id=id)
        self._cells = -1
        self.repaints = 0

    @on(events.Mount)
    def _start_without_timer(self, event: events.Mount) -> None:
        """Skip ProgressBar's own mount handler: it starts a one-second repaint timer."""
        event.prevent_default()
        self.update(progress=0.0)

    def show_fraction(self, fraction: float) -> bool:
        """Move the bar; True if a visible cell changed and it was repainted.

        Whole cells only: half-cells would double the repaints for little to see.
        """
        width = max(1, self.size.width)
        cells = int(max(0.0, min(1.0, fraction)) * width)
        if cells == self._cells:
            return False
        self._cells = cells
        self.repaints += 1
        self.update(progress=cells / width)
        return True


class BigDigits(Widget):
    """Whole seconds in big ASCII digits; repaints only when the number changes."""

    DEFAULT_CSS = """
    BigDigits { width: 20; height: 4; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: int | None = None
        self.repaints = 0

    @property
    def shown(self) -> int | None:
        return self._shown

    def show_seconds(self, seconds: int | None) -> bool:
        if seconds == self._shown:
            return False
        self._shown = seconds
        self.repaints += 1
        self.refresh()
        return True

    def render(self) -> Content:
        if self._shown is None:
            return Content("")
        return Content(render_big(str(self._shown)))

"""A checkbox whose state is in its characters: `[x]` ticked, `[ ]` not.

Textual's Checkbox draws `▐X▌` both ways and tells them apart only by colour, so under
NO_COLOR, in a screen reader's text or to a colour-blind eye every box looks ticked.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

TICKED = "[x]"
UNTICKED = "[ ]"


class TickBox(Checkbox):
    """A Checkbox that shows `[x]` or `[ ]`; its styles are in styles/app.tcss."""

    @property
    def _button(self) -> Content:
        """The box, as text that differs with the value (colour is only a second cue)."""
        return Content.styled(
            TICKED if self.value else UNTICKED, self.get_visual_style("toggle--button")
        )

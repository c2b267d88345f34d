"""The line on an exercise's start step that says whether the neck variant is on.

A person with a neck problem or injury keeps the neck as in the start position (F17);
this line is where they meet that choice, and a click or `v` switches it. The
advice itself comes from the content; only the key and the state are the app's.
"""

from __future__ import annotations

from textual import events
from textual.message import Message

from coach.widgets.text import PlainText


class NeckChoice(PlainText):
    """Shows the variant in force; posts Clicked so the screen decides what a click does."""

    class Clicked(Message):
        """The person clicked the line."""

    def show(self, neck_problem: bool, advice: str) -> None:
        self.set_text(f"Neck variant: {'on' if neck_problem else 'off'} (press v). {advice}")
        self.set_class(neck_problem, "-on")

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Clicked())

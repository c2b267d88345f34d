"""The last 14 days: minutes as a sparkline, walks per day, and the days with leg pain."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Sparkline, Static

from coach.model.walks import DaySummary
from coach.widgets.text import PlainText


class WalkChart(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("Last 14 days", classes="section-title")
        with Horizontal(classes="chart-row"):
            yield Static("minutes ", classes="chart-label")
            yield Sparkline([0], id="chart-minutes")
        with Horizontal(classes="chart-row"):
            yield Static("walks   ", classes="chart-label")
            yield PlainText("", id="chart-walks")
        with Horizontal(classes="chart-row"):
            yield Static("leg pain", classes="chart-label")
            yield PlainText("", id="chart-leg-pain")
        yield PlainText("", id="chart-days")

    def show(self, days: Sequence[DaySummary]) -> None:
        minutes = [d.minutes for d in days]
        self.query_one("#chart-minutes", Sparkline).data = (
            minutes if any(minutes) else [0] * len(days)
        )
        self.query_one("#chart-walks", PlainText).set_text(
            "".join(str(min(d.walks, 9)) for d in days)
        )
        self.query_one("#chart-leg-pain", PlainText).set_text(
            "".join("!" if d.leg_pain else "." for d in days)
        )
        self.query_one("#chart-days", PlainText).set_text(
            f"from {days[0].day:%a %d %b}; today on the right"
        )

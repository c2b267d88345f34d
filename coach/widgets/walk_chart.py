"""The last 14 days: minutes walked as bars from zero, the walks, and the days with leg pain.

Textual's `Sparkline` drew this once, scaled from the smallest day, so a day of 48
minutes among days of 48 looked like a day of none; the bars start at zero.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from coach.model.walks import DaySummary
from coach.widgets.charts import DayBarsChart
from coach.widgets.text import PlainText


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class WalkChart(Vertical):
    DEFAULT_CSS = """
    WalkChart DayBarsChart {
        height: 1fr;
        margin-right: 2;  /* the x axis must not run into what stands beside the chart */
    }
    WalkChart > .chart-row {
        height: 1;
    }
    WalkChart #chart-walks {
        width: auto;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("Last 14 days: minutes walked", classes="section-title")
        yield DayBarsChart(id="chart-bars", empty_text="No walks in these days.")
        with Horizontal(classes="chart-row"):
            yield PlainText("", id="chart-walks")
            yield PlainText("", id="chart-leg-pain")

    def show(self, days: Sequence[DaySummary]) -> None:
        self.query_one(DayBarsChart).show([(d.day, d.minutes) for d in days])
        walks = _plural(sum(d.walks for d in days), "walk")
        pain_days = sum(d.leg_pain for d in days)
        self.query_one("#chart-walks", PlainText).set_text(
            walks if pain_days else f"{walks} · no leg pain"
        )
        self.query_one("#chart-leg-pain", PlainText).set_text(
            f" · leg pain on {_plural(pain_days, 'day')}" if pain_days else ""
        )

"""The last 14 days: minutes walked as bars from zero, the walks, and the days with leg pain.

Textual's `Sparkline` drew this once, scaled from the smallest day, so a day of 48
minutes among days of 48 looked like a day of none; the bars start at zero. With only
three rows here, whole-cell bars (plotext's) put 6 minutes and 15 minutes in the row
marked 0 or 25: these bars rise in eighths of a row from the axis, each labelled row
line marks the minutes where that row begins, and any walk at all shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Static

from coach.model.walk_days import DaySummary
from coach.widgets.text import PlainText

EIGHTHS = " ▁▂▃▄▅▆▇█"  # a cell filled from the bottom in eighths: characters, not colour
ROUND_STEPS = (1, 2, 3, 5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 100, 150, 200, 250, 300)
DATE_FORMAT = "%d %b"  # "04 May", as on History's charts
LABEL_EVERY = 7  # days between date labels, back from today


def row_step(highest: float, rows: int) -> int:
    """Minutes a row stands for: the smallest round step whose rows reach `highest`."""
    return next((s for s in ROUND_STEPS if s * rows >= highest), ROUND_STEPS[-1])


def bar_cells(value: float, top: float, rows: int) -> list[str]:
    """One bar, bottom row first: whole blocks, then the eighth it reaches; a value
    above zero never draws as nothing (at least one eighth)."""
    if value <= 0 or top <= 0:
        return [" "] * rows
    eighths = max(1, round(min(value, top) / top * rows * 8))
    return [EIGHTHS[max(0, min(8, eighths - 8 * row))] for row in range(rows)]


class MinuteBars(Widget):
    """A bar a day from zero, the rows' minutes on the left, dates under the axis."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"minute-bars--bar"}
    DEFAULT_CSS = """
    MinuteBars {
        height: 1fr;
        color: $text-muted;
    }
    MinuteBars > .minute-bars--bar {
        color: $accent;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bars: tuple[tuple[date, float], ...] = ()

    def show(self, bars: Sequence[tuple[date, float]]) -> None:
        if tuple(bars) != self.bars:
            self.bars = tuple(bars)
            self.refresh()

    def render(self) -> RenderResult:
        width, height = self.size
        rows = max(1, height - 2)  # less the axis and the dates
        values = [max(0.0, v) for _, v in self.bars]
        if not values or width < 8:
            return Text()
        step = row_step(max(values), rows)
        labels = [str(step * row) for row in range(rows)]  # where each row begins
        room = max(len(label) for label in labels)
        canvas = max(1, width - room - 1)
        cells = max(1, canvas // len(values))  # cells a day: one holds the bar, a gap
        left = (cells - 1) // 2
        bar_style = self.get_component_rich_style("minute-bars--bar")
        columns = [bar_cells(v, step * rows, rows) for v in values]
        lines = []
        for row in reversed(range(rows)):
            line = Text(f"{labels[row].rjust(room)}┤", no_wrap=True, end="")
            for bar in columns:
                line.append(" " * left)
                line.append(bar[row], bar_style)
                line.append(" " * (cells - left - 1))
            lines.append(line)
        lines += self._axis(room, cells, left, canvas)
        return Text("\n").join(lines)

    def _axis(self, room: int, cells: int, left: int, canvas: int) -> list[Text]:
        """The x axis with a tick under today and every week back, and their dates."""
        days = len(self.bars)
        ticked = range(days - 1, -1, -LABEL_EVERY)
        axis = ["─"] * canvas
        dates = [" "] * (canvas + room + 1)
        for index in ticked:
            x = index * cells + left
            if x < canvas:
                axis[x] = "┬"
            label = (self.bars[0][0] + timedelta(days=index)).strftime(DATE_FORMAT)
            start = min(max(0, room + 1 + x - len(label) // 2), len(dates) - len(label))
            dates[start : start + len(label)] = label
        return [
            Text(" " * room + "└" + "".join(axis), no_wrap=True, end=""),
            Text("".join(dates).rstrip(), no_wrap=True, end=""),
        ]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class WalkChart(Vertical):
    DEFAULT_CSS = """
    WalkChart MinuteBars, WalkChart #chart-empty {
        height: 1fr;
        margin-right: 2;  /* the x axis must not run into what stands beside the chart */
    }
    WalkChart > .section-title, WalkChart > .chart-row {
        height: 1;
        margin-right: 2;  /* nor the caption and the title: a gap before the plan */
    }
    WalkChart #chart-walks {
        width: auto;
    }
    WalkChart #chart-leg-pain {
        width: 1fr;  /* what is left of the row, not the chart's whole width */
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("Last 14 days: minutes walked", classes="section-title")
        yield MinuteBars(id="chart-bars")
        yield PlainText("No walks in these days.", id="chart-empty")
        with Horizontal(classes="chart-row"):
            yield PlainText("", id="chart-walks")
            yield PlainText("", id="chart-leg-pain")

    def show(self, days: Sequence[DaySummary]) -> None:
        walked = any(d.minutes > 0 for d in days)
        self.query_one(MinuteBars).show([(d.day, d.minutes) for d in days])
        self.query_one(MinuteBars).display = walked
        self.query_one("#chart-empty").display = not walked
        walks = _plural(sum(d.walks for d in days), "walk")
        pain_days = sum(d.leg_pain for d in days)
        self.query_one("#chart-walks", PlainText).set_text(
            walks if pain_days else f"{walks} · no leg pain"
        )
        self.query_one("#chart-leg-pain", PlainText).set_text(
            f" · leg pain on {_plural(pain_days, 'day')}" if pain_days else ""
        )

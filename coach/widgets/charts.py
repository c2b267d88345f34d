"""Charts drawn from zero, with labelled axes and a key: pain over time, and a value per day.

Textual's `Sparkline` scales from the data's minimum, so a day of 48 minutes among days
of 48 draws like a day of none. These charts are drawn by textual-plotext (plotext) on
a fixed zero line, with dates on the x axis. Markers are plain ASCII characters, so the
series stay apart without colour (NO_COLOR, a colour-blind eye) and in any font over
SSH; colours only help, and are picked for dark or light themes.

Only screens that show charts import this module: plotext costs about 30 to 50 ms to
import, which the app's start-up must not pay.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from coach.plain import safe_text
from coach.widgets.text import PlainText

RGB = tuple[int, int, int]

PAIN_MAX = 10
PAIN_LABEL = "pain 0-10"
NO_PAIN = "No pain ratings in these days"
NOTHING = "Nothing in these days"
DATE_FORMAT = "%d %b"  # "04 May": short, and one width on every axis

# Okabe-Ito hues (told apart by most colour-blind eyes), lighter on dark themes and
# darker on light ones, so each keeps a contrast near 4.5:1 or more with the background.
SERIES_COLOURS_DARK: tuple[RGB, ...] = ((86, 180, 233), (230, 159, 0), (0, 170, 125))
SERIES_COLOURS_LIGHT: tuple[RGB, ...] = ((0, 90, 150), (150, 80, 0), (0, 110, 80))
BAR_COLOUR_DARK: RGB = (86, 180, 233)
BAR_COLOUR_LIGHT: RGB = (0, 90, 150)

TICK_SPACING = 11  # cells from one date label to the next: a label is 6 cells wide
TICK_STEPS = (1, 2, 3, 7, 14, 28, 56, 91, 182, 364)  # days between date labels


@dataclass(frozen=True)
class PainSeries:
    """One kind of pain rating, e.g. "pain before a session": its key label, its marker
    (one printable ASCII character, so it shows in any font) and its (day, 0-10) points.

    A point's day may be a `date` or a local `datetime` (drawn on its date).
    """

    label: str
    marker: str
    points: Sequence[tuple[date, int]]

    def __post_init__(self) -> None:
        if len(self.marker) != 1 or not ("!" <= self.marker <= "~"):
            raise ValueError(f"a marker is one printable ASCII character, not {self.marker!r}")


def _day(moment: date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _rgb(colour: RGB) -> str:
    return f"rgb({colour[0]},{colour[1]},{colour[2]})"


def series_colours(dark: bool) -> tuple[RGB, ...]:
    """The colours of the series, in order, for a dark or a light theme."""
    return SERIES_COLOURS_DARK if dark else SERIES_COLOURS_LIGHT


# Round steps between y ticks: 1, 2, 3, 4, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, ...
NICE_STEPS = sorted(
    {
        int(step)
        for k in range(6)
        for m in (1, 1.5, 2, 2.5, 3, 4, 5, 7.5)
        if float(step := m * 10**k).is_integer()
    }
)


def nice_top(highest: float, intervals: int = 2) -> int:
    """The top of a y axis from zero: the lowest round number at or above `highest`
    that splits into 2 to 6 round steps, each a whole number of the `intervals`
    between canvas rows, so every labelled row has a round value."""
    counts = [n for n in range(2, 7) if intervals % n == 0] or [1]
    return min(
        (n * step for n in counts for step in NICE_STEPS if n * step >= highest),
        default=math.ceil(highest),
    )


def exact_ticks(top: int, rows: int) -> list[int]:
    """Y ticks from 0 to `top` that each fall exactly on one of `rows` canvas rows (so a
    label never names a row that shows another value), at most six of them, the top
    included; with only 0 and the top exact, the middle is added, near its row."""
    exact = [t for t in range(top + 1) if (t * (rows - 1)) % top == 0]
    if len(exact) < 3:
        return [0, top // 2, top] if rows >= 3 and top >= 2 else [0, top]
    spans = len(exact) - 1
    stride = next(s for s in range(1, spans + 1) if spans % s == 0 and spans // s <= 5)
    return exact[::stride]


@dataclass(frozen=True)
class DayAxis:
    """Days along a canvas: each day gets the same whole number of cells, so bars are
    even and a day's markers sit in its own cells; dates are labelled at a regular step
    back from the last day (today, on the right)."""

    first_day: date
    days: int
    canvas: int

    @property
    def cells_per_day(self) -> int:
        return max(1, self.canvas // max(self.days, 1))

    @property
    def limits(self) -> tuple[float, float]:
        """The x limits that put each day's centre on a whole cell (plotext rounds a
        coordinate to the nearest of `canvas` cells, the limits being the outer ones)."""
        if self.days > self.canvas:
            return -0.5, self.days - 0.5  # more days than cells: days share cells
        cells = self.cells_per_day
        low = -((cells - 1) // 2) / cells
        return low, low + (max(self.canvas, 2) - 1) / cells

    def ticks(self) -> tuple[list[float], list[str]]:
        """Day indexes and their "04 May" labels, as many as fit a label's width apart."""
        fits = max(1, self.canvas // TICK_SPACING)
        step = next((s for s in TICK_STEPS if (self.days - 1) // s + 1 <= fits), TICK_STEPS[-1])
        indexes = list(range(self.days - 1, -1, -step))[::-1]
        labels = [(self.first_day + timedelta(days=i)).strftime(DATE_FORMAT) for i in indexes]
        return [float(i) for i in indexes], labels

    def bar_width(self) -> float:
        """A bar width (in days) an odd number of cells wide, with a gap when there is
        room: adjacent bars would otherwise merge into one block."""
        cells = self.cells_per_day
        wide = min(cells - 1, max(1, math.ceil(cells * 0.6)))
        wide = max(1, wide if wide % 2 else wide - 1)
        return (wide - 0.2) / cells


class _ZeroPlot(PlotextPlot):
    """A plotext plot drawn again at every render, so a new size or theme redraws it.

    The "textual-clear" plotext theme leaves the canvas, axes and ticks uncoloured: they
    take the widget's background and text colour from the Textual theme.
    """

    DEFAULT_CSS = """
    _ZeroPlot {
        height: 1fr;
        color: $text-muted;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.set_reactive(PlotextPlot.theme, "textual-clear")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh())

    def draw(self, plt: Plot, width: int, height: int, dark: bool) -> None:
        """Plot the data on a plot of this size (in cells)."""
        raise NotImplementedError

    def render(self) -> RenderResult:
        plt = self.plt
        plt.clear_figure()
        plt.xaxes(True, False)  # a lower x axis and a left y axis; no box around
        plt.yaxes(True, False)
        self.draw(plt, self.size.width, self.size.height, self.app.current_theme.dark)
        return super().render()


class _PainPlot(_ZeroPlot):
    series: Sequence[PainSeries] = ()
    first_day = date(2000, 1, 1)
    days = 1

    def draw(self, plt: Plot, width: int, height: int, dark: bool) -> None:
        axis = DayAxis(self.first_day, self.days, max(1, width - len(str(PAIN_MAX)) - 1))
        colours = series_colours(dark)
        # Ratings of one day sit side by side, a cell apart, so "before 3" and "after 3"
        # both show; a day too narrow for that lets them share a cell.
        count = len(self.series)
        step = 1 / axis.cells_per_day if axis.cells_per_day >= count else 0.0
        for index, series in enumerate(self.series):
            offset = (index - (count - 1) // 2) * step
            xs, ys = [], []
            for moment, value in series.points:
                day = (_day(moment) - self.first_day).days
                if 0 <= day < self.days:
                    xs.append(day + offset)
                    ys.append(min(max(value, 0), PAIN_MAX))
            if xs:
                plt.scatter(
                    xs,
                    ys,
                    marker=series.marker,
                    color=colours[index % len(colours)],
                    style="bold",
                )
        plt.xlim(*axis.limits)
        plt.ylim(0, PAIN_MAX)
        ticks = exact_ticks(PAIN_MAX, height - 2)  # less the x axis and its labels
        plt.yticks([float(t) for t in ticks], [str(t) for t in ticks])
        plt.xticks(*axis.ticks())


class _BarsPlot(_ZeroPlot):
    bars: Sequence[tuple[date, float]] = ()

    def draw(self, plt: Plot, width: int, height: int, dark: bool) -> None:
        if not self.bars:
            return
        values = [max(0.0, value) for _, value in self.bars]
        rows = height - 2  # less the x axis and its labels
        top = nice_top(max(values), rows - 1)
        axis = DayAxis(self.bars[0][0], len(values), max(1, width - len(str(top)) - 1))
        plt.bar(
            list(range(len(values))),
            values,
            marker="sd",
            width=axis.bar_width(),
            color=BAR_COLOUR_DARK if dark else BAR_COLOUR_LIGHT,
        )
        plt.xlim(*axis.limits)
        plt.ylim(0, top)
        ticks = exact_ticks(top, rows)
        plt.yticks([float(t) for t in ticks], [str(t) for t in ticks])
        plt.xticks(*axis.ticks())


def pain_key(series: Sequence[PainSeries], dark: bool) -> Text:
    """The y axis's label, then the key: each series' marker, in its colour, and label."""
    colours = series_colours(dark)
    key = Text()
    key.append(PAIN_LABEL, "dim")
    for index, one in enumerate(series):
        key.append("   ")
        colour = colours[index % len(colours)]
        key.append(one.marker, Style(color=_rgb(colour), bold=True))
        key.append(" " + safe_text(one.label, single_line=True))
    return key


_CHART_CSS = """
    {name} > .chart-title {{
        height: 1;
        text-style: bold;
    }}
    {name} > .chart-head {{
        height: auto;
    }}
    {name} > .chart-empty {{
        height: auto;
        color: $text-muted;
    }}
"""


class PainChart(Vertical):
    """Pain ratings (0 to 10) over a span of days: y from 0 to 10 always, dates along x,
    one marker and colour per series, the y label and the key above the plot. A span
    without a rating shows one calm line instead of empty axes."""

    DEFAULT_CSS = "PainChart { height: 10; }" + _CHART_CSS.format(name="PainChart")

    def __init__(
        self,
        title: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`title`: a bold line above the chart; none when empty (the screen has one)."""
        super().__init__(name=name, id=id, classes=classes)
        self._title = title
        self._shown: tuple[tuple[PainSeries, ...], date, date] | None = None

    def compose(self) -> ComposeResult:
        if self._title:
            yield PlainText(self._title, classes="chart-title")
        yield Static("", classes="chart-head", markup=False)
        yield _PainPlot()
        yield PlainText(NO_PAIN, classes="chart-empty")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._show_key())
        self._show_empty(True)

    def show(self, series: Sequence[PainSeries], first_day: date, last_day: date) -> None:
        """Draw these series from `first_day` to `last_day` (local dates, both labelled).

        Points outside those days are left out; a value outside 0-10 is drawn at the edge.
        """
        if last_day < first_day:
            raise ValueError("the last day comes before the first")
        shown = (tuple(series), first_day, last_day)
        if shown == self._shown:
            return  # the same chart again: no repaint
        self._shown = shown
        plot = self.query_one(_PainPlot)
        plot.series = shown[0]
        plot.first_day = first_day
        plot.days = (last_day - first_day).days + 1
        rated = any(
            first_day <= _day(moment) <= last_day for one in series for moment, _ in one.points
        )
        self._show_key()
        self._show_empty(not rated)
        plot.refresh()

    def _show_key(self) -> None:
        series = self._shown[0] if self._shown else ()
        self.query_one(".chart-head", Static).update(pain_key(series, self.app.current_theme.dark))

    def _show_empty(self, empty: bool) -> None:
        self.query_one(_PainPlot).display = not empty
        self.query_one(".chart-head").display = not empty
        self.query_one(".chart-empty").display = empty


class DayBarsChart(Vertical):
    """One bar per day (e.g. minutes walked), from zero, dates along x, the y label
    above the plot. A span where every day is zero shows `empty_text` instead."""

    DEFAULT_CSS = "DayBarsChart { height: 10; }" + _CHART_CSS.format(name="DayBarsChart")

    def __init__(
        self,
        title: str = "",
        *,
        y_label: str = "",
        empty_text: str = NOTHING,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`title`: a bold line above; `y_label`: the unit, on a line above the y axis.
        Either is left out when empty."""
        super().__init__(name=name, id=id, classes=classes)
        self._title = title
        self._y_label = y_label
        self._empty_text = empty_text
        self._shown: tuple[tuple[date, float], ...] | None = None

    def compose(self) -> ComposeResult:
        if self._title:
            yield PlainText(self._title, classes="chart-title")
        if self._y_label:
            yield Static(
                Text(safe_text(self._y_label, single_line=True), style="dim"), classes="chart-head"
            )
        yield _BarsPlot()
        yield PlainText(self._empty_text, classes="chart-empty")

    def on_mount(self) -> None:
        self._show_empty(True)

    def show(self, bars: Sequence[tuple[date, float]]) -> None:
        """Draw one bar per (day, value), oldest first, one entry for every day of the
        span, zeros included (the first day starts the x axis, the last ends it)."""
        shown = tuple(bars)
        if shown == self._shown:
            return
        self._shown = shown
        plot = self.query_one(_BarsPlot)
        plot.bars = shown
        self._show_empty(not any(value > 0 for _, value in shown))
        plot.refresh()

    def _show_empty(self, empty: bool) -> None:
        self.query_one(_BarsPlot).display = not empty
        for head in self.query(".chart-head"):
            head.display = not empty
        self.query_one(".chart-empty").display = empty

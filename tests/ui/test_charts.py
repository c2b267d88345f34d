"""The charts read from zero, with labelled axes and a key, at the size a screen gives them.

Textual's Sparkline scaled the 14-day line from its smallest day; these tests pin the
zero line, the key, the empty message and the dates, read off the rendered screen.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widget import Widget

from coach.model.walk_days import DaySummary
from coach.widgets.charts import (
    NO_PAIN,
    SERIES_COLOURS_DARK,
    SERIES_COLOURS_LIGHT,
    DayBarsChart,
    PainChart,
    PainSeries,
)
from coach.widgets.walk_chart import WalkChart

SIZE = (80, 24)
FIRST = date(2026, 4, 21)
LAST = date(2026, 5, 4)  # 14 days
Snap = Callable[..., bool]


def day(index: int) -> date:
    return FIRST + timedelta(days=index)


def pain_series(values: Sequence[int] = (5, 6, 8, 7, 5)) -> list[PainSeries]:
    """Before and after on the same days, walks on others: values 5..8 unless told."""
    before = [(day(i * 3), v) for i, v in enumerate(values)]
    after = [(day(i * 3), max(v - 1, 0)) for i, v in enumerate(values)]
    walks = [(datetime(2026, 4, 23, 17, 30), 6), (day(9), 7)]
    return [
        PainSeries("before a session", "o", before),
        PainSeries("after a session", "x", after),
        PainSeries("on a walk", "+", walks),
    ]


MINUTES = [0, 12, 30, 45, 20, 0, 0, 18, 22, 40, 10, 0, 5, 25]


class ChartsApp(App[None]):
    """Both charts at about the size History gives them: 76 x 10 cells each."""

    CSS = "Screen { padding: 0 2; } PainChart, DayBarsChart { height: 10; }"

    def __init__(
        self,
        pain: Sequence[PainSeries] = (),
        bars: Sequence[tuple[date, float]] = (),
        first: date = FIRST,
        last: date = LAST,
    ) -> None:
        super().__init__()
        self.pain, self.bars, self.first, self.last = pain, bars, first, last

    def compose(self) -> ComposeResult:
        yield PainChart("Pain over 14 days")
        yield DayBarsChart("Walks per day", y_label="minutes", empty_text="No walks yet")

    def on_mount(self) -> None:
        self.query_one(PainChart).show(self.pain, self.first, self.last)
        self.query_one(DayBarsChart).show(self.bars)


class WalkChartApp(App[None]):
    CSS = "WalkChart { width: 36; height: 7; }"  # its place on the walk log

    def __init__(self, days: Sequence[DaySummary]) -> None:
        super().__init__()
        self.days = days

    def compose(self) -> ComposeResult:
        yield WalkChart()

    def on_mount(self) -> None:
        self.query_one(WalkChart).show(self.days)


def lines_of(app: App[None], widget: Widget) -> list[str]:
    """The screen's text inside `widget`, line by line, as a person reads it."""
    lines = [strip.text for strip in app.screen._compositor.render_strips()]
    box = widget.region
    return [line[box.x : box.right] for line in lines[box.y : box.bottom]]


def y_ticks(lines: Sequence[str]) -> list[int]:
    """The numbers left of the y axis, top to bottom."""
    return [int(line.split("┤")[0]) for line in lines if "┤" in line]


def date_line(lines: Sequence[str]) -> str:
    """The line under the x axis: the date labels."""
    axis = next(i for i, line in enumerate(lines) if "└" in line)
    return lines[axis + 1]


def bar_heights(lines: Sequence[str]) -> list[int]:
    """Each bar's height in rows, left to right (a bar is a run of columns with blocks)."""
    columns = [sum(line[x] == "█" for line in lines if len(line) > x) for x in range(80)]
    heights, previous = [], 0
    for count in columns:
        if count and not previous:
            heights.append(count)
        previous = count
    return heights


async def test_pain_axis_runs_from_zero_to_ten_whatever_the_values() -> None:
    app = ChartsApp(pain_series((5, 6, 8, 7, 5)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ticks = y_ticks(lines_of(app, app.query_one(PainChart)))
    assert ticks[0] == 10 and ticks[-1] == 0  # all ratings 4..8, still 0 to 10


async def test_bars_start_at_zero_so_a_near_equal_day_looks_near_equal() -> None:
    """The Sparkline's defect: 40 among 48s drew like nothing. From zero it is almost as tall."""
    bars = [(day(i), 48.0 if i % 2 else 40.0) for i in range(14)]
    app = ChartsApp(bars=bars)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = lines_of(app, app.query_one(DayBarsChart))
    assert y_ticks(lines)[-1] == 0
    assert y_ticks(lines)[0] >= 48
    heights = bar_heights(lines)
    assert len(heights) == 14
    assert min(heights) >= 0.7 * max(heights)


async def test_each_series_has_its_marker_and_label_in_the_key_and_on_the_plot() -> None:
    app = ChartsApp(pain_series())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = lines_of(app, app.query_one(PainChart))
    key = lines[1]
    assert "pain 0-10" in key  # the y axis's label, above it
    for marker, label in (("o", "before a session"), ("x", "after a session"), ("+", "on a walk")):
        assert f"{marker} {label}" in key
    plot = "\n".join(line.split("┤", 1)[-1].split("│", 1)[-1] for line in lines[2:])
    assert {"o", "x", "+"} <= set(plot)


async def test_same_day_same_rating_both_show() -> None:
    """Before 3 and after 3 on one day must not hide each other."""
    series = [
        PainSeries("before a session", "o", [(day(5), 3)]),
        PainSeries("after a session", "x", [(day(5), 3)]),
    ]
    app = ChartsApp(series)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = lines_of(app, app.query_one(PainChart))
    assert any("ox" in line for line in lines[2:])


async def test_no_ratings_in_the_span_shows_one_calm_line() -> None:
    outside = [PainSeries("before a session", "o", [(FIRST - timedelta(days=1), 4)])]
    app = ChartsApp(outside, bars=[(day(i), 0.0) for i in range(14)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pain = "\n".join(lines_of(app, app.query_one(PainChart)))
        bars = "\n".join(lines_of(app, app.query_one(DayBarsChart)))
    assert NO_PAIN in pain and "┤" not in pain and "before a session" not in pain
    assert "No walks yet" in bars and "┤" not in bars


async def test_dates_label_the_x_axis_up_to_the_last_day() -> None:
    app = ChartsApp(pain_series(), bars=[(day(i), float(m)) for i, m in enumerate(MINUTES)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for chart in (app.query_one(PainChart), app.query_one(DayBarsChart)):
            labels = date_line(lines_of(app, chart)).split()
            assert labels[-2:] == ["04", "May"]  # the last day, on the right
            assert len(labels) >= 6  # three or more dates, as "dd Mon"
            assert all(labels[i + 1] in ("Apr", "May") for i in range(0, len(labels), 2))


async def test_the_key_follows_a_change_to_a_light_theme() -> None:
    app = ChartsApp(pain_series())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def marker_colour() -> tuple[int, int, int]:
            chart = app.query_one(PainChart)
            strips = app.screen._compositor.render_strips()
            for segment in strips[chart.region.y + 1]:
                if segment.text == "o" and segment.style and segment.style.color:
                    red, green, blue = segment.style.color.get_truecolor()
                    return (red, green, blue)
            raise AssertionError("no marker in the key")

        assert marker_colour() == SERIES_COLOURS_DARK[0]
        app.theme = "textual-light"
        await pilot.pause()
        assert marker_colour() == SERIES_COLOURS_LIGHT[0]


def test_a_marker_is_one_plain_character() -> None:
    """Braille and block markers break in some fonts over SSH; markup is not a marker."""
    for marker in ("⣿", "●", "ox", "", " ", "\x1b"):
        with pytest.raises(ValueError):
            PainSeries("before a session", marker, [])
    assert PainSeries("before a session", "o", []).marker == "o"


async def test_walk_chart_draws_minutes_from_zero_and_counts() -> None:
    days = [DaySummary(day(i), 2 + i % 2, 40 + 8 * (i % 2), i in (3, 9)) for i in range(14)]
    app = WalkChartApp(days)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = lines_of(app, app.query_one(WalkChart))
    assert y_ticks(lines)[-1] == 0
    heights = bar_heights(lines)
    assert len(heights) == 14 and min(heights) >= 0.6 * max(heights)
    assert "35 walks · leg pain on 2 days" in lines[-1]
    assert "04 May" in date_line(lines)


async def test_walk_chart_without_walks_says_so() -> None:
    days = [DaySummary(day(i), 0, 0, False) for i in range(14)]
    app = WalkChartApp(days)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = "\n".join(lines_of(app, app.query_one(WalkChart)))
    assert "No walks in these days." in text and "┤" not in text
    assert "0 walks · no leg pain" in text


def test_starting_the_app_does_not_load_plotext(tmp_path: Path) -> None:
    """plotext costs tens of milliseconds: only History's charts load it."""
    script = (
        "import asyncio, sys\n"
        "from datetime import UTC, datetime\n"
        "from dataclasses import replace\n"
        "from coach.app import CoachApp\n"
        "from coach.clock import FakeClock\n"
        "from coach.locations import content_dir\n"
        "from coach.model.content import load_library\n"
        "from coach.model.settings import Settings\n"
        "from coach.store import Store\n"
        "store = Store.open(sys.argv[1])\n"
        "store.save_settings(replace(Settings(), about_acknowledged=True))\n"
        "app = CoachApp(library=load_library(content_dir()), store=store,\n"
        "               clock=FakeClock(now=datetime(2026, 5, 4, 10, tzinfo=UTC)), zone=UTC)\n"
        "async def until(pilot, name):\n"  # each pause waits for the app to be idle
        "    deadline = asyncio.get_running_loop().time() + 5\n"
        "    while type(app.screen).__name__ != name:\n"
        "        if asyncio.get_running_loop().time() > deadline:\n"
        "            return\n"
        "        await pilot.pause()\n"
        "async def main():\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await until(pilot, 'MenuScreen')\n"
        "        menu = type(app.screen).__name__\n"
        "        before = 'plotext' in sys.modules\n"
        "        await pilot.press('w')\n"
        "        await until(pilot, 'WalkLogScreen')\n"
        "        await app.workers.wait_for_complete()\n"  # the log and its chart, read
        "        await pilot.pause()\n"
        "        walks = type(app.screen).__name__, 'plotext' in sys.modules\n"
        "        app.open_screen('history')\n"
        "        await until(pilot, 'HistoryScreen')\n"
        "        await app.workers.wait_for_complete()\n"
        "        await pilot.pause()\n"
        "        print(menu, before, *walks, type(app.screen).__name__, 'plotext' in sys.modules)\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "db.json")],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert done.stdout.split() == [
        "MenuScreen",
        "False",
        "WalkLogScreen",
        "False",  # its bars are drawn with block characters
        "HistoryScreen",
        "True",
    ]


def test_both_charts_snapshot(snap_compare: Snap) -> None:
    app = ChartsApp(pain_series(), bars=[(day(i), float(m)) for i, m in enumerate(MINUTES)])
    assert snap_compare(app, terminal_size=SIZE)

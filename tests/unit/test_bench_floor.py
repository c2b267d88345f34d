"""The bench's menu floor shows the real menu's entries, and the bench never calls a goal
met that it did not measure."""

from __future__ import annotations

from bench.__main__ import missed
from bench.harness import Row, menu_painted
from bench.menu_floor import SCREENS
from coach.screens.registry import SCREEN_TITLES


def test_the_menu_floor_lists_the_real_menu_s_screens() -> None:
    assert list(SCREEN_TITLES.values()) == SCREENS


def test_the_menu_counts_as_painted_by_its_first_screenful() -> None:
    about = SCREEN_TITLES["about"][1]
    footer = "⏎ Open  w Walks  r Rest  s Settings  q Quit  ? Help  ^p palette"
    assert menu_painted(f"› Cat-cow\n{about}\n{footer}")
    assert not menu_painted(f"› Cat-cow\n{footer}")


def test_a_measure_that_failed_is_never_counted_as_met() -> None:
    failed = Row("startup: FAILED (AssertionError: timed out)", "", [], command="x")
    lines = missed([failed])
    assert lines != ["Every goal was met in this run."]
    assert "not measured" in lines[0]

"""The start parses the styles once: no theme change and no screen's own stylesheet sets
off a second parse of every style before or just after the menu's first paint."""

from __future__ import annotations

import pytest
from textual.css.stylesheet import Stylesheet

from coach.app import CoachApp
from coach.screens.menu import MenuScreen
from coach.themes import THEMES
from tests.ui.conftest import AppFactory, loaded


@pytest.mark.parametrize("theme", [theme.name for theme in THEMES])
async def test_a_start_re_parses_no_style_and_paints_in_the_person_s_theme(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    reparses: list[int] = []
    original = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparses.append(1)
        original(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    app = make_app(theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, MenuScreen)
        assert app.theme == theme and app.has_class(f"-theme-{theme}")
        dark = app.current_theme.dark
        assert app.has_class("-dark-mode") is dark and app.has_class("-light-mode") is not dark
        expected = app.current_theme.to_color_system().generate()
        assert app.stylesheet._variables["primary"] == expected["primary"]
        title = app.screen.query_one("#title")
        assert title.styles.color.hex.upper() == expected["primary"].upper()
        # a light theme goes through Textual's own theme watcher (it swaps the ANSI
        # colours), which re-parses once; a dark one needs no re-parse at all
        assert len(reparses) == (0 if dark else 1)


@pytest.mark.parametrize(
    "theme", ["ansi-dark", "ansi-light", "textual-dark", "nord", "back-coach-high-contrast"]
)
async def test_a_theme_from_the_palette_starts_exactly_as_the_palette_sets_it(
    make_app: AppFactory, theme: str
) -> None:
    """Any theme the palette offers, stored and started with, paints as when it was
    picked: the same CSS colours, classes and ANSI handling (ansi-dark keeps the
    terminal's own colours; the attack on issue 14 found it converted to fixed ones)."""
    started = make_app(theme=theme)
    async with started.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        at_start = _look(started)
    picked = make_app(theme="back-coach-dark")
    async with picked.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        picked.theme = theme  # as the palette does, through Textual's watcher
        await loaded(pilot)
        assert _look(picked) == at_start


def _look(app: CoachApp) -> tuple[object, ...]:
    truecolour = [f for f in app._filters if type(f).__name__ == "ANSIToTruecolor"]
    return (
        app.theme,
        app.native_ansi_color,
        [f.enabled for f in truecolour],  # type: ignore[attr-defined]
        sorted(c for c in app.classes if c.startswith("-")),
        app.stylesheet._variables.get("background"),
        app.stylesheet._variables.get("primary"),
        str(app.screen.query_one("#title").styles.color),
    )

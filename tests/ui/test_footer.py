"""The footer is rebuilt only when what it shows changes (a rebuild delays the next key)."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from coach.screens.menu import MenuScreen
from coach.screens.step import StepScreen
from coach.widgets.footer import QuietFooter
from tests.ui.conftest import AppFactory, loaded


def _keys(footer: QuietFooter) -> list[FooterKey]:
    return list(footer.query(FooterKey))


def _labels(footer: QuietFooter) -> list[str]:
    return [f"{key.key_display} {key.description}".strip() for key in _keys(footer)]


async def test_the_same_bindings_signalled_again_leave_the_footer_as_it_is(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, MenuScreen)
        footer = screen.query_one(QuietFooter)
        before = _keys(footer)
        assert "q Quit" in _labels(footer)
        for _ in range(3):  # as a resume, a focus move or a refresh_bindings would
            screen.refresh_bindings()
            await pilot.pause()
        await loaded(pilot)
        assert _keys(footer) == before  # the very same widgets: nothing was rebuilt


async def test_a_changed_binding_is_shown_at_once(make_app: AppFactory) -> None:
    """Space on a phone's step panel names what it does now: Start, then Pause."""
    app = make_app(get_ready_seconds=3)
    async with app.run_test(size=(40, 16)) as pilot:
        await pilot.press("enter")
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, StepScreen)
        footer = screen.query_one(QuietFooter)
        await pilot.press("n")
        await loaded(pilot)
        assert any(label.endswith("Start") for label in _labels(footer)), _labels(footer)
        await pilot.press("space")
        await loaded(pilot)
        labels = _labels(footer)
        assert any(label.endswith("Pause") for label in labels), labels
        assert not any(label.endswith("Start") for label in labels), labels


async def test_a_footer_composed_without_focus_fills_in_when_focus_comes(
    make_app: AppFactory,
) -> None:
    """A browser tab opened in the background: the app starts without focus, and the
    footer must still show its keys once the tab is looked at."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.app_focus = False
        screen = app.screen
        await pilot.press("w")  # a new screen's footer is composed while the app has no focus
        await loaded(pilot)
        assert app.screen is not screen
        footer = app.screen.query_one(QuietFooter)
        app.app_focus = True
        await loaded(pilot)
        assert "esc Back" in _labels(footer), _labels(footer)

"""Shown over a screen the window is too small for: a clear request instead of a cut-off screen.

Each screen says the least size it needs in `MIN_SIZE`; a screen that says nothing
needs `DEFAULT_MIN_SIZE`. The exercise screens and their dialogs fit a phone's page
(`PHONE_SIZE`: upright about 45x43 in a browser, on its side about 90x17); the others need a wider window.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.screen import ModalScreen, Screen, SystemModalScreen
from textual.widgets import Static

from coach.widgets.footer import QuietFooter

DEFAULT_MIN_SIZE = (60, 20)  # columns, rows
PHONE_SIZE = (40, 16)
COMPACT_WIDTH = DEFAULT_MIN_SIZE[0]  # the phone-sized screens go compact below this width


def size_needed(screen: Screen[object]) -> tuple[int, int]:
    """The least size `screen` is usable at: its MIN_SIZE, or the default.

    Textual's own dialogs (the command palette) fit any window: they need nothing.
    """
    if isinstance(screen, SystemModalScreen):
        return (0, 0)
    size: tuple[int, int] = getattr(screen, "MIN_SIZE", DEFAULT_MIN_SIZE)
    return size


def fits(screen: Screen[object], width: int, height: int) -> bool:
    need_width, need_height = size_needed(screen)
    return width >= need_width and height >= need_height


def escape_binding(screen: Screen[object]) -> ActiveBinding | None:
    """Escape on `screen` now, if its footer offers it (Back, Menu, Cancel...): its own
    rules decide, as for a key. A hidden meaning (the first-run About page's reminder to
    read it first) is no way back, and is not offered."""
    active = screen.active_bindings.get("escape")
    if active is None or not active.enabled or not active.binding.show:
        return None
    return active


class TooSmallScreen(ModalScreen[None]):
    """Covers the screen beneath until the window is large enough for it, or the screen
    beneath changes to one that fits (the app checks both: CoachApp._check_size).

    q still quits (asking first if a hold is running, as everywhere), ? still opens the
    help, and where the screen beneath offers escape (Back, Menu, Cancel) the cover does
    too, and it does there what it does there: a phone user gets back to the screens that
    fit. The keys are in the footer too: on a phone a tap is the only key there is.
    """

    # A modal screen hides the app's own bindings: these are the ones that still matter.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="too_small_back"),
        Binding("q", "app.quit", "Quit", id="too_small_quit"),
        Binding("question_mark", "app.help", "Help", id="too_small_help"),
    ]

    def __init__(self, beneath: Screen[object]) -> None:
        super().__init__()
        self.beneath = beneath

    def compose(self) -> ComposeResult:
        width, height = size_needed(self.beneath)
        back = escape_binding(self.beneath) is not None
        yield Static(
            f"This screen needs at least\n{width} columns by {height} rows.\n\n"
            + (
                "Please make the window larger,\nor press escape to go back."
                if back
                else "Please make the window larger."
            )
            + "\n\nPress q to quit, ? for help.",
            id="too-small",
            markup=False,
        )
        yield QuietFooter(show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape is offered only where the screen beneath offers it."""
        if action == "back":
            return escape_binding(self.beneath) is not None
        return True

    def action_back(self) -> None:
        """Lift the cover, then escape on the screen beneath, as if the window were large
        enough: it goes back, or asks first where it always does (a running hold)."""
        escape = escape_binding(self.beneath)
        if escape is None or not self.is_current:
            return
        beneath = self.beneath
        self.app.pop_screen()

        async def press_escape() -> None:
            if self.app.screen is beneath:  # not covered again already
                await self.app.run_action(escape.binding.action, escape.node)

        self.app.call_next(press_escape)

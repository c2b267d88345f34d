"""Messages between the app and its screens: the app tells screens what changed, and
screens tell the app what they hold. Neither reaches into the other's attributes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from coach.session_keeper import SessionKeeper


class SettingsApplied(Message, bubble=False):
    """The settings in force changed (here, in another window or from the shell):
    a screen shows them. Sent to every screen on the stack, covered or not."""


class StoreChanged(Message, bubble=False):
    """The database changed on disk (another window, the shell, `coach forget`): a screen
    that shows records reads them again. Sent to every screen on the stack."""


class SessionOpened(Message):
    """An exercise screen began a session: the app keeps it on quit or hang-up."""

    def __init__(self, keeper: SessionKeeper) -> None:
        super().__init__()
        self.keeper = keeper


class SessionClosed(Message):
    """The exercise screen is done with its session (finished, eased off or left):
    the app no longer keeps it on quit."""

    def __init__(self, keeper: SessionKeeper) -> None:
        super().__init__()
        self.keeper = keeper


class WriterAnswered(Message, bubble=False):
    """A save on the app's writer thread ended: its answer (the result or the error, for
    the screen that asked) runs on the app's own thread, where the widgets live."""

    def __init__(self, answer: Callable[[], None]) -> None:
        super().__init__()
        self.answer = answer

"""Key names for people, and the help sections built from the screens' own bindings.

Reading the BINDINGS themselves keeps the help screen true when a key changes.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

KEY_NAMES = {
    "question_mark": "?",
    "plus": "+",
    "minus": "-",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "space": "space",
    "escape": "escape",
    "enter": "enter",
    "left": "left",
    "right": "right",
    "up": "up",
    "down": "down",
    "full_stop": ".",
    "equals_sign": "=",
}


def key_label(keys: str) -> str:
    return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def _rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
    merged: dict[str, list[str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        merged.setdefault(binding.description, []).append(key_label(binding.key))
    return [(" / ".join(keys), description) for description, keys in merged.items()]


def help_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    from coach.app import CoachApp
    from coach.screens.care_form import CareFormModal
    from coach.screens.confirm import ConfirmModal
    from coach.screens.follow_up import FollowUpScreen
    from coach.screens.history import HistoryScreen
    from coach.screens.menu import MenuList, MenuScreen
    from coach.screens.rest import RestScreen
    from coach.screens.settings import SettingsScreen
    from coach.screens.step import StepScreen
    from coach.screens.summary import SummaryScreen
    from coach.screens.walk_form import WalkFormModal
    from coach.screens.walks import WalkLogScreen

    anywhere = _rows(CoachApp.BINDINGS) + [("ctrl+p", "Command palette: every screen and exercise")]
    menu = [("up / down", "Move"), *_rows(MenuList.BINDINGS), *_rows(MenuScreen.BINDINGS)]
    return [
        ("Anywhere", anywhere),
        ("Menu", menu),
        ("Exercise", _rows(StepScreen.BINDINGS)),
        ("End of an exercise", _rows(SummaryScreen.BINDINGS)),
        ("Resting positions", _rows(RestScreen.BINDINGS)),
        ("Walk log", _rows(WalkLogScreen.BINDINGS)),
        ("History", _rows(HistoryScreen.BINDINGS)),
        ("Follow-up care", _rows(FollowUpScreen.BINDINGS)),
        (
            "Care form",
            [("tab / shift+tab", "Next / previous field"), *_rows(CareFormModal.BINDINGS)],
        ),
        (
            "Walk form",
            [("tab / shift+tab", "Next / previous field"), *_rows(WalkFormModal.BINDINGS)],
        ),
        (
            "Settings",
            [("tab / shift+tab", "Next / previous setting"), *_rows(SettingsScreen.BINDINGS)],
        ),
        ("Questions", _rows(ConfirmModal.BINDINGS)),
        ("Typing", [("", "Single-letter keys do nothing while you type in a field")]),
    ]

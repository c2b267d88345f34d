"""Every screen and its keys, read from the screens' own BINDINGS.

The screens a person can open by name come from the registry (SCREEN_TITLES), so a
screen added there is in the help with its keys, under the title the menu gives it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from coach.keys import key_label
from coach.locations import stylesheet
from coach.screens.registry import SCREEN_TITLES, screen_type
from coach.widgets.footer import QuietFooter

Rows = list[tuple[str, str]]
FIELDS = ("tab / shift+tab", "Next / previous field")


def binding_rows(*bindings: Iterable[BindingType]) -> Rows:
    """(keys, what they do) for every binding with a description: bindings that do the
    same thing share a row; a key already listed (a second meaning) is left out."""
    merged: dict[str, list[str]] = {}
    seen: set[str] = set()
    for binding in (b for group in bindings for b in group):
        if not isinstance(binding, Binding) or not binding.description:
            continue
        keys = [k.strip() for k in binding.key.split(",") if k.strip() not in seen]
        if keys:
            seen.update(keys)
            merged.setdefault(binding.description, []).append(key_label(",".join(keys)))
    return [(" / ".join(keys), description) for description, keys in merged.items()]


def _opened_from_menu(name: str, menu: Sequence[BindingType]) -> Rows:
    """The menu's key for a screen, if it has one ("w: Open it, from the menu")."""
    return [
        (key_label(b.key), "Open it, from the menu")
        for b in menu
        if isinstance(b, Binding) and b.action in (f"go('{name}')", f'go("{name}")')
    ]


def help_sections() -> list[tuple[str, Rows]]:
    """Every screen with its keys: the exercise screens, every screen in the registry, and
    the dialogs they open."""
    from coach.app import CoachApp
    from coach.screens.care_form import CareFormModal
    from coach.screens.confirm import ButtonDialog, ConfirmModal
    from coach.screens.ease_off import EaseOffScreen
    from coach.screens.menu import MenuList, MenuScreen
    from coach.screens.pain_prompt import PainPrompt
    from coach.screens.step import StepScreen
    from coach.screens.summary import SummaryScreen
    from coach.screens.too_small import TooSmallScreen
    from coach.screens.walk_form import ResumeWalkModal, WalkFormModal

    anywhere = binding_rows(CoachApp.BINDINGS)
    anywhere.append(("ctrl+p", "Command palette: every screen and exercise"))
    menu = [("up / down", "Move"), *binding_rows(MenuList.BINDINGS, MenuScreen.BINDINGS)]
    named = [
        (
            title,
            [
                *_opened_from_menu(name, MenuScreen.BINDINGS),
                *binding_rows(screen_type(name).BINDINGS),
            ],
        )
        for name, (title, _) in SCREEN_TITLES.items()
    ]
    return [
        ("Anywhere", anywhere),
        ("Menu", menu),
        ("Exercise", binding_rows(StepScreen.BINDINGS)),
        ("Pain rating", binding_rows(PainPrompt.BINDINGS)),
        ("Ease off", binding_rows(EaseOffScreen.BINDINGS)),
        ("End of an exercise", binding_rows(SummaryScreen.BINDINGS)),
        *named,
        ("Walk form", [FIELDS, *binding_rows(WalkFormModal.BINDINGS)]),
        ("A walk left running", binding_rows(ResumeWalkModal.BINDINGS, ButtonDialog.BINDINGS)),
        ("Care form", [FIELDS, *binding_rows(CareFormModal.BINDINGS)]),
        ("Questions", binding_rows(ConfirmModal.BINDINGS, ButtonDialog.BINDINGS)),
        ("Window too small", binding_rows(TooSmallScreen.BINDINGS)),
        ("Typing", [("", "Single-letter keys do nothing while you type in a field")]),
    ]


class HelpScreen(Screen[None]):
    CSS_PATH = stylesheet("pages.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static("Keys", classes="screen-title")
            for title, rows in help_sections():
                yield Static(title, classes="section-title", markup=False)
                width = max(len(key) for key, _ in rows)
                yield Static(
                    "\n".join(f"  {key.ljust(width)}   {what}" for key, what in rows), markup=False
                )
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

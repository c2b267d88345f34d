"""Every key binding, grouped by screen, read from the screens' own BINDINGS."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from coach.keys import help_sections
from coach.locations import stylesheet


class HelpScreen(Screen[None]):
    CSS_PATH = stylesheet("pages.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static("Keys", classes="screen-title")
            for title, rows in help_sections():
                yield Static(title, classes="section-title")
                width = max(len(key) for key, _ in rows)
                yield Static(
                    "\n".join(f"  {key.ljust(width)}   {what}" for key, what in rows), markup=False
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

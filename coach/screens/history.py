"""The exercise sessions so far, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from coach.errors import CoachError
from coach.locations import stylesheet
from coach.widgets.text import PlainText, cell

if TYPE_CHECKING:
    from coach.app import CoachApp

STATUS_LABELS = {
    "completed": "completed",
    "stopped_for_pain": "eased off (pain)",
    "interrupted": "interrupted",
    "in_progress": "under way",
}


class HistoryScreen(Screen[None]):
    CSS_PATH = stylesheet("pages.tcss")
    app: CoachApp
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def compose(self) -> ComposeResult:
        yield Static("Exercise history", classes="screen-title")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield PlainText("", id="history-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            "Date", "Time", "Exercise", "Reps", "Hold", "Neck", "Pain after", "How it ended"
        )
        self.reload()
        table.focus()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        try:
            sessions = self.app.store.sessions()
        except CoachError as error:
            self.app.report(error)
            return
        titles = {e.id: e.title for e in self.app.library.exercises}
        for record in sessions:
            start = record.started_at.astimezone(self.app.zone)
            table.add_row(
                f"{start:%a %d %b}",
                f"{start:%H:%M}",
                cell(titles.get(record.exercise, record.exercise)),
                f"{record.reps_done}/{record.reps_planned}",
                f"{record.hold_seconds} s",
                "yes" if record.neck_variant else "no",
                "-" if record.pain_after is None else f"{record.pain_after}/10",
                STATUS_LABELS[record.status.value],
            )
        empty = self.query_one("#history-empty", PlainText)
        empty.set_text(
            "" if sessions else "No sessions yet. Pick an exercise from the menu to start."
        )

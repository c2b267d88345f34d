"""History: the last days told plainly, by day, as charts, and every session.

Walks and minutes per day, the walk windows that passed without a walk (the walk
schedule's rule: no quota, no percentage, no scolding), sessions by how they ended,
and pain before and after sessions and on walks, drawn from zero. A session can be
deleted, with undo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from coach.errors import CoachError
from coach.launch import process_alive
from coach.locations import stylesheet
from coach.messages import StoreChanged
from coach.model.history import ENDED, History, build_history
from coach.model.records import SessionRecord
from coach.model.schedule import WalkSchedule
from coach.screens.undo import UndoStack
from coach.store.database import read_snapshot
from coach.widgets.charts import DayBarsChart, PainChart, PainSeries
from coach.widgets.footer import QuietFooter
from coach.widgets.text import PlainText, cell

if TYPE_CHECKING:
    from coach.app import CoachApp


PERIODS = (7, 14, 28)  # days shown; p steps through them
MARKERS = (("before a session", "o"), ("after a session", "x"), ("on a walk", "+"))


def missed_note(every_hours: tuple[int, int], therapists: bool) -> str:
    """What "Missed" counts, with the hours of the walks followed (the therapist's, if set)."""
    low, high = every_hours
    whose = " (your therapist's hours)" if therapists else ""
    return (
        f"Missed: walk windows that closed with no walk (a window opens {low} h and closes "
        f"{high} h after a walk ends{whose}, in waking hours). Sessions: done, eased off for "
        "pain, interrupted, no repetitions done."
    )


class HistoryScreen(Screen[None]):
    CSS_PATH = stylesheet("history.tcss")
    app: CoachApp
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("p", "period", "Period", id="period"),
        Binding("1", "tab('tab-days')", "Days", show=False, id="tab_days"),
        Binding("2", "tab('tab-pain')", "Pain", show=False, id="tab_pain"),
        Binding("3", "tab('tab-walks')", "Walks", show=False, id="tab_walks"),
        Binding("4", "tab('tab-sessions')", "Sessions", show=False, id="tab_sessions"),
        Binding("d,delete", "delete", "Delete", id="delete_session"),
        Binding("u", "undo", "Undo", id="undo_delete"),
        Binding("r", "report", "Report", id="report"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.days = 14
        self.history: History | None = None
        self.sessions: list[SessionRecord] = []
        self.deleted: UndoStack[SessionRecord] = UndoStack()  # until the screen is left

    def compose(self) -> ComposeResult:
        yield Static("History", classes="screen-title")
        with TabbedContent(id="history-tabs"):
            with TabPane("1 Days", id="tab-days"):
                yield PlainText("", id="history-totals")
                program = PlainText("", id="history-program")
                program.display = False
                yield program
                yield DataTable(id="days", cursor_type="row", zebra_stripes=True)
                yield PlainText("", id="missed-note")
            with TabPane("2 Pain", id="tab-pain"):
                yield PainChart(id="pain-chart")
            with TabPane("3 Walks", id="tab-walks"), Vertical():
                yield DayBarsChart(
                    y_label="minutes walked per day",
                    empty_text="No walks in these days",
                    id="minutes-chart",
                )
                yield DayBarsChart(y_label="walks per day", empty_text="", id="walks-chart")
            with TabPane("4 Sessions", id="tab-sessions"):
                yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
                yield PlainText("", id="history-empty")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one("#days", DataTable).add_columns(
            "Day", "Walks", "Min", "Missed", "Leg pain", "Hilly",
            "Done", "Eased", "Intr.", "No reps",
        )  # fmt: skip
        self.query_one("#sessions", DataTable).add_columns(
            "Date", "Time", "Exercise", "Reps", "Hold", "Before", "After", "How it ended"
        )
        self.reload()
        self.query_one("#days", DataTable).focus()

    # Data.

    def _schedule(self) -> WalkSchedule:
        plan, settings = self.app.walking_plan(), self.app.settings
        return WalkSchedule(
            every_hours=(plan.every_hours.low, plan.every_hours.high),
            zone=self.app.zone,
            waking=(settings.waking_start, settings.waking_end),
            now=self.app.clock.now,
        )

    @on(StoreChanged)
    def reload(self) -> None:
        """Read the file again (the app calls this when it changed elsewhere)."""
        try:
            records = read_snapshot(self.app.store.path)
            walks, self.sessions = records.walks(), records.sessions()
            active = records.active_walk()
        except CoachError as error:
            self.app.report(error)
            return
        today = self.app.clock.now().astimezone(self.app.zone).date()
        self.history = build_history(
            walks=walks,
            sessions=self.sessions,
            schedule=self._schedule(),
            today=today,
            days=self.days,
            active=active,
            alive=process_alive,
        )
        self._show_days(self.history)
        self._show_program(self.history)
        self._show_charts(self.history)
        self._show_sessions()

    def _show_program(self, history: History) -> None:
        """The program's sessions in the period against its sessions a day, and the walk
        windows' rule with the hours followed."""
        from coach.model.program import program_counts

        plan = self.app.walking_plan()
        general = self.app.library.walking
        self.query_one("#missed-note", PlainText).set_text(
            missed_note(
                (plan.every_hours.low, plan.every_hours.high),
                plan.every_hours != general.every_hours,
            )
        )
        program = self.app.program
        shown = self.query_one("#history-program", PlainText)
        shown.display = program is not None
        if program is None:
            return
        counts = program_counts(program, self.sessions, history.first, history.last, self.app.zone)
        shown.set_text(
            "Your program: "
            + "; ".join(f"{c.planned.exercise.title} {c.line()}" for c in counts)
            + "."
        )

    def _show_days(self, history: History) -> None:
        walks = history.walk_count
        period = f"Last {self.days} days, {history.first:%a %d %b} to {history.last:%a %d %b}"
        if not history.walks and not history.sessions:
            self.query_one("#history-totals", PlainText).set_text(
                f"{period}: nothing recorded yet. Walks you log (w on the menu) and "
                "exercise sessions show here, day by day."
            )
        else:
            self.query_one("#history-totals", PlainText).set_text(
                f"{period}: "
                f"{walks} walk{'s' * (walks != 1)}, {history.minutes} min; "
                f"missed windows {history.missed_windows}; "
                f"leg pain on {history.leg_pain_days} day{'s' * (history.leg_pain_days != 1)}; "
                f"hilly walks {history.hilly_walks}."
            )
        table = self.query_one("#days", DataTable)
        table.clear()
        for day in reversed(history.days):  # today first, as the walk log is
            table.add_row(
                f"{day.day:%a %d %b}",
                str(day.walks),
                str(day.minutes),
                str(day.missed_windows),
                str(day.leg_pain_walks) if day.leg_pain_walks else "-",
                str(day.hilly_walks) if day.hilly_walks else "-",
                *(str(day.sessions[status] or "-") for status in ENDED),
            )

    def _show_charts(self, history: History) -> None:
        zone = self.app.zone
        pain = history.pain
        lists = (pain.before_sessions, pain.after_sessions, pain.on_walks)
        series = [
            PainSeries(label, marker, [(p.moment.astimezone(zone), p.pain) for p in points])
            for (label, marker), points in zip(MARKERS, lists, strict=True)
        ]
        self.query_one("#pain-chart", PainChart).show(series, history.first, history.last)
        self.query_one("#minutes-chart", DayBarsChart).show(
            [(d.day, d.minutes) for d in history.days]
        )
        self.query_one("#walks-chart", DayBarsChart).show([(d.day, d.walks) for d in history.days])

    def _show_sessions(self) -> None:
        table = self.query_one("#sessions", DataTable)
        row = table.cursor_row
        table.clear()
        titles = {m.exercise.id: m.exercise.title for m in self.app.menu_exercises()}
        for record in self.sessions:
            start = record.started_at.astimezone(self.app.zone)
            table.add_row(
                f"{start:%a %d %b}",
                f"{start:%H:%M}",
                cell(titles.get(record.exercise, record.exercise)),
                f"{record.reps_done}/{record.reps_planned}",
                f"{record.hold_seconds} s",
                _pain(record.pain_before),
                _pain(record.pain_after),
                record.status.label,
                key=str(record.id),
            )
        if self.sessions:
            table.move_cursor(row=min(row, len(self.sessions) - 1))
        self.query_one("#history-empty", PlainText).set_text(
            "" if self.sessions else "No sessions yet. Pick an exercise from the menu to start."
        )

    # Actions.

    def action_tab(self, pane: str) -> None:
        self.query_one("#history-tabs", TabbedContent).active = pane
        table = {"tab-days": "#days", "tab-sessions": "#sessions"}.get(pane)
        if table:
            self.query_one(table, DataTable).focus()
        else:  # a chart takes no keys: the tab bar does, so the focus bar shows somewhere
            self.query_one("#history-tabs Tabs").focus()

    def action_report(self) -> None:
        """The report for the doctor, for the days shown: one HTML page, in Documents."""
        from coach.locations import report_folder
        from coach.report import render_html, report_from
        from coach.store.maintenance import write_new_file

        now = self.app.clock.now()
        try:
            report = report_from(
                read_snapshot(self.app.store.path), self.app.library, now=now, zone=self.app.zone,
                days=self.days, alive=process_alive,
            )  # fmt: skip
            stem = f"back-coach-report-{now.astimezone(self.app.zone):%Y-%m-%d}"
            path = write_new_file(report_folder(), stem, ".html", render_html(report))
        except CoachError as error:
            self.app.report(error)
            return
        self.notify(
            f"Report for the last {self.days} days saved as {path}. Open it in a browser "
            "to read or print it (14 days or fewer fit one page).",
            title="Report for the doctor",
            timeout=20,
            markup=False,
        )

    def action_period(self) -> None:
        self.days = PERIODS[(PERIODS.index(self.days) + 1) % len(PERIODS)]
        self.reload()
        self.notify(f"Showing the last {self.days} days.", timeout=3)

    def _chosen_session(self) -> SessionRecord | None:
        tabs = self.query_one("#history-tabs", TabbedContent)
        if tabs.active != "tab-sessions":
            tabs.active = "tab-sessions"
            self.query_one("#sessions", DataTable).focus()
            self.notify("Pick the session to delete, then press d.", timeout=4)
            return None
        table = self.query_one("#sessions", DataTable)
        if not self.sessions or not 0 <= table.cursor_row < len(self.sessions):
            self.notify("No session in these days to delete.", timeout=3)
            return None
        return self.sessions[table.cursor_row]

    def action_delete(self) -> None:
        record = self._chosen_session()
        if record is None:
            return
        from coach.screens.confirm import ConfirmModal

        start = record.started_at.astimezone(self.app.zone)

        def deleted(done: SessionRecord | None) -> None:
            if done is not None:
                self.notify(
                    f"Session of {start:%a %d %b %H:%M} deleted. Press u to undo.", timeout=8
                )
            self._reload_if_shown()

        def answer(yes: bool | None) -> None:
            if yes:
                self.deleted.delete(self.app, lambda store: store.delete_session(record), deleted)

        question = f"Delete the session of {start:%a %d %b %H:%M} ({record.status.label})?"
        self.app.push_screen(ConfirmModal(question, yes="Delete", no="Keep"), answer)

    def action_undo(self) -> None:
        def restored(record: SessionRecord | None) -> None:
            if record is not None:
                self.notify("Session restored.", timeout=4)
            self._reload_if_shown()

        if not self.deleted.undo(self.app, lambda store, d: store.restore_session(d), restored):
            self.notify("Nothing to undo.", timeout=3)

    def _reload_if_shown(self) -> None:
        if self.is_attached:
            self.reload()

    def on_unmount(self) -> None:
        self.deleted.clear()  # undo lasts until the screen is left


def _pain(value: int | None) -> str:
    return "-" if value is None else f"{value}/10"

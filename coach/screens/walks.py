"""The walk log: start and finish a walk, log past ones, and see the day at a glance.

Walks are timed from stored UTC wall-clock times, never from a monotonic clock,
so a laptop that sleeps during a walk still counts the whole walk. The rows are
paged (a DataTable holding every row of a long log costs memory and time), and
the log is read in a worker, unless the writers' summary holds the page asked for:
then it paints at once, without reading the log (`reader.walk_log_opening`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from coach import gc_pause
from coach.errors import CoachError, StaleRecord
from coach.locations import stylesheet
from coach.messages import StoreChanged
from coach.model import walks as rules
from coach.model.records import ActiveWalk, Walk
from coach.model.reminders import LONGEST_SNOOZE
from coach.model.schedule import WalkState
from coach.model.walk_days import day_summaries
from coach.plain import safe_text
from coach.screens.undo import UndoStack
from coach.store.database import read_snapshot
from coach.store.reader import WalkLogView, walk_log_opening
from coach.widgets.footer import QuietFooter
from coach.widgets.tables import selected_id
from coach.widgets.text import LimitNotice, PlainText, cell, literal
from coach.widgets.walk_chart import WalkChart

if TYPE_CHECKING:
    from coach.app import CoachApp
    from coach.screens.walk_form import WalkFormResult
    from coach.store.database import Store


PAGE_SIZE = 50
GC_PAUSE_LONGEST = 10.0  # seconds: the collector runs again by then whatever happens
GONE = "that walk is no longer under way (finished, cancelled or erased elsewhere)"
CHART_DAYS = 14
COLUMNS = ("Date", "Start", "Min", "Terrain", "Leg pain", "Pain", "Note")
NOTE_MIN = 8  # columns a note keeps however narrow the window: the rest ends with "…"


def _duration(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


class WalkTable(DataTable[Any]):
    """The walks: the note column takes the width left, so a new width fills it anew
    (the screen's own size stays the same when, say, a scroll bar comes or goes)."""

    class Resized(Message):
        pass

    def on_resize(self) -> None:
        self.post_message(self.Resized())


class WalkLogScreen(Screen[None]):
    CSS_PATH = stylesheet("walks.tcss")
    app: CoachApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start_or_finish", "Start/finish", id="walk_toggle"),
        Binding("a", "add", "Add", id="walk_add"),
        Binding("e", "edit", "Edit", id="walk_edit"),
        Binding("d", "delete", "Delete", id="walk_delete"),
        Binding("u", "undo", "Undo", id="walk_undo"),
        Binding("z", "app.snooze", "Snooze", id="walk_snooze"),
        Binding(
            "right_square_bracket",
            "page(1)",
            "Older page",
            key_display="]",
            show=False,
            id="walk_older",
        ),
        Binding(
            "left_square_bracket",
            "page(-1)",
            "Newer page",
            key_display="[",
            show=False,
            id="walk_newer",
        ),
        Binding("escape", "app.pop_screen", "Back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = WalkLogView([], 0, [], None)
        self.active: ActiveWalk | None = None
        self.page = 0
        self.deleted: UndoStack[Walk] = UndoStack()  # undo: only here, onto the file as left
        self.answered_id: int | None = None  # the walk the note on screen answers
        self._stopwatch: Timer | None = None
        self._ready = False  # the table has its columns: rows may come
        self._filled_width = 0  # the table's width when its rows were last laid out
        self._limit = LimitNotice()  # a key at its limit says so
        self._gc_paused = False  # the collector waits until the first rows are shown
        self._reads = 0  # each read is numbered: only the latest shows what it read

    def compose(self) -> ComposeResult:
        if not self._gc_paused:  # one pause a screen, however often it is composed
            gc_pause.pause()  # resumed once the log is shown (or the screen goes)
            self._gc_paused = True
        yield Static("Walk log", classes="screen-title")
        yield PlainText("", id="glance")
        yield PlainText("", id="stopwatch")
        yield PlainText("", id="walk-note")
        with Horizontal(id="walk-top"):
            yield WalkChart(id="chart")
            with VerticalScroll(id="walk-plan"):
                plan = self.app.library.walking
                theirs = self._therapists_walks()
                if theirs:
                    yield Static("Your therapist's plan", classes="section-title")
                    yield PlainText(f"- Walks of {theirs}.", id="therapists-walks")
                    yield Static("In general", classes="section-title")
                else:
                    yield Static(literal(plan.title, single_line=True), classes="section-title")
                yield PlainText("\n".join(f"- {item.text}" for item in plan.items))
        yield WalkTable(id="walks", cursor_type="row", zebra_stripes=True)
        yield PlainText("", id="walks-page")
        yield QuietFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.focus()
        self.query_one("#walk-note").display = False
        self._stopwatch = self.set_interval(1.0, self._show_stopwatch, pause=True, name="stopwatch")
        self._ready = True
        self.set_timer(GC_PAUSE_LONGEST, self._end_gc_pause)  # a read that never answers
        self.reload()

    def _end_gc_pause(self) -> None:
        if self._gc_paused:
            self._gc_paused = False
            gc_pause.resume()

    def on_unmount(self) -> None:
        self._end_gc_pause()
        self.deleted.clear()  # undo lasts until the screen is left

    # Reading: from the summary at once, or the file in a worker.

    @on(StoreChanged)
    def reload(self) -> None:
        """Show the log as the file is now: at once from the writers' summary when it holds
        the page asked for, else read in a worker. Before the screen is mounted, mounting does."""
        if not (self._ready and self.is_attached):
            return
        self._reads += 1  # a read begun before this one shows nothing
        app = self.app
        opening = walk_log_opening(
            app.store.path,
            offset=self.page * PAGE_SIZE,
            limit=PAGE_SIZE,
            since=self._chart_start(),
            now=app.clock.now(),
            answered=self.answered_id,
        )
        if opening is None:
            self._load(app.store.path, self._reads)
        else:
            self.workers.cancel_group(self, "walk-load")
            self._show_view(*opening)

    def _chart_start(self) -> datetime:
        """The first moment the chart shows: midnight, CHART_DAYS - 1 local days ago."""
        zone = self.app.zone
        today = self.app.clock.now().astimezone(zone).date()
        return datetime.combine(today - timedelta(days=CHART_DAYS - 1), time(0), tzinfo=zone)

    @work(thread=True, exclusive=True, group="walk-load")
    def _load(self, path: Path, read: int) -> None:
        """The file is read and parsed here, never on the thread that draws the screen."""
        app = self.app
        answered = self.answered_id
        try:
            snapshot = read_snapshot(path)
            view = snapshot.walk_log(
                offset=self.page * PAGE_SIZE,
                limit=PAGE_SIZE,
                since=self._chart_start(),
                now=app.clock.now(),
            )
            active = snapshot.active_walk()
            answered_gone = answered is not None and not snapshot.has_walk(answered)
        except CoachError as error:
            app.call_from_thread(app.report, error)
            app.call_from_thread(self._end_gc_pause)
            return
        if get_current_worker().is_cancelled:  # a newer read is under way: it shows the file
            return
        app.call_from_thread(self._show, view, active, answered_gone, read)

    def _show(
        self, view: WalkLogView, active: ActiveWalk | None, answered_gone: bool, read: int
    ) -> None:
        if not (self.app.is_running and self.is_attached):  # left, or quitting, meanwhile
            return
        if read != self._reads:  # a later read has shown (or will show) the file as it is now
            return
        try:
            self._show_view(view, active, answered_gone)
        except NoMatches:  # the screen is being taken down while the worker read
            return

    def _show_view(self, view: WalkLogView, active: ActiveWalk | None, answered_gone: bool) -> None:
        self.view = view
        self.active = active
        if answered_gone:  # deleted here or in another window: its answer goes with it
            self._answer_nothing()
        last_page = max(0, (view.total - 1) // PAGE_SIZE)
        if self.page > last_page:  # walks were deleted elsewhere
            self.page = last_page
            self.reload()
            return
        self._fill_table()
        self._show_glance()
        self._show_stopwatch()
        if self._gc_paused:
            self.call_after_refresh(self._end_gc_pause)  # once the rows are painted
        if self._stopwatch is not None:
            (self._stopwatch.resume if active else self._stopwatch.pause)()

    def on_walk_table_resized(self) -> None:
        """The note column takes the width that is left: a new width cuts notes anew
        (the table's own width: the screen's may stay as a scroll bar comes or goes)."""
        if self._ready and self.query_one(DataTable).size.width != self._filled_width:
            self._fill_table()

    def _table_width(self) -> int:
        """The table's width before its first layout (it spans the screen inside its
        gutter), so that rows shown at once are in the screen's first paint; the table's
        Resized refills them if it is laid out otherwise."""
        table = self.query_one(DataTable)
        return max(0, self.app.size.width - self.styles.gutter.width - table.styles.gutter.width)

    def _note_width(
        self, table: DataTable[Any], width: int, rows: Sequence[tuple[str, ...]]
    ) -> int:
        """The columns left for the note once the other columns (all plain ASCII) and the
        scroll bar have theirs: a longer note ends with "…" rather than off the screen."""
        padding = 2 * table.cell_padding
        others = sum(
            padding + max([len(title), *(len(row[i]) for row in rows)])
            for i, title in enumerate(COLUMNS[:-1])
        )
        # the width as if no scroll bar showed now, less room for one: the same whether
        # or not the table had a scroll bar at the moment it was filled
        room = width + table.scrollbar_size_vertical
        room -= table.styles.scrollbar_size_vertical
        return max(NOTE_MIN, room - others - padding)

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        width = table.size.width or self._table_width()
        if not width:  # not laid out yet: fill it once it has its width
            self.call_after_refresh(self._fill_table)
            return
        selected = selected_id(table)
        zone = self.app.zone
        this_year = self.app.clock.now().astimezone(zone).year
        rows = []
        for walk in self.view.page:
            local = walk.started_at.astimezone(zone)
            rows.append(
                (
                    f"{local:%a %d %b}" if local.year == this_year else f"{local:%d %b %Y}",
                    f"{local:%H:%M}",
                    str(walk.minutes),
                    walk.terrain.label,
                    "yes" if walk.leg_pain else "no",
                    "-" if walk.pain is None else str(walk.pain),
                )
            )
        self._filled_width = width
        table.clear(columns=True)
        table.add_columns(*COLUMNS[:-1])
        table.add_column(COLUMNS[-1], width=self._note_width(table, width, rows))
        for row, walk in zip(rows, self.view.page, strict=True):
            # Text cells: a DataTable parses plain strings as markup; a note cut to fit
            # its column ends with "…", whole characters only.
            table.add_row(*map(cell, (*row, walk.note)), key=str(walk.id))
        if selected is not None and str(selected) in table.rows:
            table.move_cursor(row=table.get_row_index(str(selected)))
        pages = self._pages()
        label = "" if pages == 1 else f"Page {self.page + 1} of {pages} ([ newer, ] older)"
        if not self.view.total:
            label = "No walks logged yet. Press s to start one, or a to add one you took."
        self.query_one("#walks-page", PlainText).set_text(label)

    def _show_glance(self) -> None:
        app = self.app
        now = app.clock.now()
        zone = app.zone
        today = now.astimezone(zone).date()
        todays = [w for w in self.view.recent if w.started_at.astimezone(zone).date() == today]
        parts = [
            f"Today: {len(todays)} walk{'s' if len(todays) != 1 else ''}, {sum(w.minutes for w in todays)} min"
        ]
        last_end = self.view.last_end
        if last_end is not None:
            parts.append(f"last ended {_duration(now - last_end)} ago")
        status = app.walk_status(last_end=last_end, active=self.active).snoozed(
            app.settings.snoozed_until, LONGEST_SNOOZE
        )
        if status.snoozed_until is not None:
            parts.append(f"a walk is due (reminder snoozed to {status.snooze_label(zone)})")
        elif status.state is WalkState.DUE:
            parts.append("a walk is due now")
        elif status.state is WalkState.WAITING:
            parts.append(status.line(zone))  # "next walk [tomorrow] 08:00-09:00"
        self.query_one("#glance", PlainText).set_text("  ·  ".join(parts))
        days = day_summaries(self.view.recent, today, zone, days=CHART_DAYS)
        self.query_one(WalkChart).show(days)

    def _show_stopwatch(self) -> None:
        label = self.query_one("#stopwatch", PlainText)
        if self.active is None:
            label.set_text("")
            label.display = False
            return
        label.display = True
        elapsed = max(timedelta(0), self.app.clock.now() - self.active.started_at)
        seconds = int(elapsed.total_seconds())
        since = self.active.started_at.astimezone(self.app.zone)
        label.set_text(
            f"Walking: {seconds // 3600:d}:{seconds // 60 % 60:02d}:{seconds % 60:02d} "
            f"since {since:%H:%M}. Press s when you are back."
        )

    def _selected_walk(self) -> Walk | None:
        walk_id = selected_id(self.query_one(DataTable))
        return next((w for w in self.view.page if w.id == walk_id), None)

    # Actions.

    def action_start_or_finish(self) -> None:
        app = self.app
        try:
            active = app.store.active_walk()
        except CoachError as error:
            app.report(error)
            return
        if active is None and self.active is not None:  # "finish" meant the walk on screen
            app.report(StaleRecord(f"{GONE}; nothing was saved"))
            self.reload()
            return
        if active is None:
            now = app.clock.now()
            app.write(
                lambda store: store.start_walk(now, pid=None),
                lambda _: self.reload(),
                lambda _: self.reload(),
            )
            return
        self.finish(active)

    def finish(self, active: ActiveWalk, *, ask_end: bool = False) -> None:
        """Finish the walk that was started (the same start), whatever happened meanwhile.

        A walk finished, cancelled or erased elsewhere since it was offered gets no form:
        the person is told at once, and the walk under way now (if any) is left alone.
        """
        try:
            current = self.app.store.active_walk()
        except CoachError as error:
            self.app.report(error)
            return
        if current != active:  # the same start and the same id, or it is another walk
            self.app.report(StaleRecord(f"{GONE}; nothing was saved"))
            self.reload()
            return
        self._open_form(
            lambda store, walk: store.finish_walk(walk, started=active),
            active=active,
            ask_end=ask_end,
        )

    def action_add(self) -> None:
        self._open_form(lambda store, walk: store.add_walk(walk))

    def action_edit(self) -> None:
        walk = self._selected_walk()
        if walk is None:
            self._limit.say(self.app, "There is no walk to edit yet: press a to add one.")
        else:
            self._open_form(lambda store, edited: store.update_walk(edited, was=walk), walk=walk)

    def _open_form(self, save: Callable[[Store, Walk], object], **form_options: Any) -> None:
        """Show the form; save what it returns (on the app's writer), answer it, then refresh.

        The form's module is imported on first use: the log itself opens lighter.
        """
        from coach.screens.walk_form import WalkFormModal

        form = WalkFormModal(now=self.app.clock.now(), zone=self.app.zone, **form_options)

        def answered(result: WalkFormResult | None) -> None:
            if result is None:
                return
            if form.active is not None:
                self.active = None  # finished: s starts the next walk, even before the reload
            walk = result.walk

            def saved(saved_id: object) -> None:
                if self.is_attached:
                    self._answer(walk, saved_id if isinstance(saved_id, int) else walk.id)
                    self.reload()
                else:  # left meanwhile: the walk is in the file; say so anyway
                    self._say_saved(walk)

            # changed or erased elsewhere: the app says so; show the file as it is
            self.app.write(lambda store: save(store, walk), saved, lambda _: self.reload())

        self.app.push_screen(form, answered)

    def action_delete(self) -> None:
        walk = self._selected_walk()
        if walk is None:
            self._limit.say(self.app, "There is no walk to delete.")
            return
        from coach.screens.confirm import ConfirmModal

        local = walk.started_at.astimezone(self.app.zone)

        def deleted(record: Walk | None) -> None:
            if record is not None:
                self.app.notify(
                    "Walk deleted. Press u to undo (until you leave this screen).", timeout=6
                )
            self.reload()

        def answer(yes: bool | None) -> None:
            if yes:
                self.deleted.delete(self.app, lambda store: store.delete_walk(walk), deleted)

        question = f"Delete the {walk.minutes}-minute walk of {local:%a %d %b %H:%M}?"
        self.app.push_screen(ConfirmModal(safe_text(question), yes="Delete", no="Keep"), answer)

    def action_undo(self) -> None:
        def restored(record: Walk | None) -> None:
            if record is not None:
                self.app.notify("Walk restored.", timeout=3)
            self.reload()

        if not self.deleted.undo(self.app, lambda store, d: store.restore_walk(d), restored):
            self.app.notify("Nothing to undo.", timeout=3)

    def _pages(self) -> int:
        return max(1, (self.view.total + PAGE_SIZE - 1) // PAGE_SIZE)

    def action_page(self, step: int) -> None:
        page = min(max(0, self.page + step), self._pages() - 1)
        if page != self.page:
            self.page = page
            self.reload()
        elif self._pages() == 1:
            self._limit.say(self.app, "All your walks are on this page.")
        else:
            self._limit.say(
                self.app,
                "This is the oldest page of walks." if step > 0 else "This is the newest page.",
            )

    def _therapists_walks(self) -> str | None:
        """The walks of the program in force, in words ("10 to 15 minutes, every 3 hours")."""
        from coach.model.program import walks_line

        program = self.app.program
        if program is None or not program.started(self.app.today()):
            return None
        return walks_line(program)

    def _answer_nothing(self) -> None:
        self.answered_id = None
        note = self.query_one("#walk-note", PlainText)
        note.set_text("")
        note.display = False

    def _answer(self, walk: Walk, walk_id: int | None) -> None:
        """Say it was saved, and answer what the walk records (leg pain, slopes, length).

        The answer stays on the screen as a calm note until the next walk is saved or
        this one is deleted: a toast that fades could be missed.
        """
        texts = rules.walk_answers(walk, self.app.walking_plan(), self.app.library.walking)
        self.answered_id = walk_id if texts else None
        note = self.query_one("#walk-note", PlainText)
        note.set_text("\n".join(texts))
        note.display = bool(texts)
        self._say_saved(walk)

    def _say_saved(self, walk: Walk) -> None:
        pain = "" if walk.pain is None else f", pain {walk.pain} of 10"
        self.app.notify(f"Walk saved: {walk.minutes} min{pain}.", timeout=3, markup=False)

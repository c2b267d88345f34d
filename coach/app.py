"""CoachApp: screens, bindings, the command palette, and the app-wide timers. Nothing else."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime, tzinfo
from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer

from coach import alerts, locations
from coach.clock import Clock
from coach.errors import CoachError, StaleRecord
from coach.messages import (
    SessionClosed,
    SessionOpened,
    SettingsApplied,
    StoreChanged,
    WriterAnswered,
)
from coach.model.content import Exercise, Library
from coach.model.records import ActiveWalk
from coach.model.reminders import LONGEST_SNOOZE, RestReminder, WalkReminder, snooze_until
from coach.model.schedule import WalkStatus, walk_status
from coach.model.settings import Settings
from coach.plain import safe_text
from coach.store.database import Store
from coach.themes import use_back_coach_themes
from coach.writer import StoreWriter

if TYPE_CHECKING:
    from coach.model.program import MenuExercise, Program
    from coach.model.walking_plan import WalkingPlan
    from coach.session_keeper import SessionKeeper

T = TypeVar("T")
STORE_POLL_SECONDS = 2.0
REMINDER_CHECK_SECONDS = 30.0  # besides the timer set for the next reminder: a clock may jump


class CoachApp(App[int]):
    """A calm coach: exercises step by step, resting positions, and the walk log."""

    TITLE = "Back Coach"
    # The menu's and the walk log's styles with the app's: the menu is always the first
    # screen, the walk log the one opened most, and a screen bringing a stylesheet not
    # yet read has every style re-parsed and re-applied when it is first shown (40 ms
    # of a walk log's first opening; reading walks.tcss here adds 2 ms to a start).
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        locations.stylesheet("app.tcss"),
        locations.stylesheet("menu.tcss"),
        locations.stylesheet("walks.tcss"),
    ]
    SUSPENDED_SCREEN_CLASS = "-covered"  # a screen under a dialog hides its focus bar
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit_now"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("z", "snooze", "Snooze walk reminder", show=False, id="snooze"),
        # Tab moves the focus as the app reads the key, before the keys read after it:
        # as a screen binding it ran later, so in a burst ("15", tab, "3") the 3 landed in
        # the field tab was leaving. No widget here uses tab for itself.
        Binding("tab", "focus_next", show=False, priority=True, id="next_field"),
        Binding("shift+tab", "focus_previous", show=False, priority=True, id="previous_field"),
    ]

    def __init__(self, *, library: Library, store: Store, clock: Clock, zone: tzinfo) -> None:
        super().__init__()
        self.library = library
        self.store = store
        self.clock = clock
        self.zone = zone
        self.settings: Settings = self._read_settings()
        self.keeper: SessionKeeper | None = None  # the exercise session on screen, if any
        self._started = False
        self.walk_reminder = WalkReminder()
        self.rest_reminder = RestReminder(self.settings.rest_reminder_minutes, clock.now())
        self._reminder_timer: Timer | None = None  # set for the next reminder's moment
        self._reported_signature: object = None
        self._care_reminded_on: date | None = None  # the day the appointments were last told
        self._server_pid = 0  # under coach serve: the server's pid, watched while it runs
        self._collector_off_at_start = not gc.isenabled()  # see _collect_from_now_on
        self._start_in_theme(use_back_coach_themes(self, self.settings.theme))
        self.writer = StoreWriter(store.path, self._from_writer, self.store.adopt)
        self._plan_doc: dict[str, object] | None = None  # the plan `program` was read from
        self._program: Program | None = None
        self._own_docs: tuple[dict[str, object], ...] = ()  # what `own_exercises` was read from
        self._own: list[Exercise] = []

    def _collect_from_now_on(self) -> None:
        """The menu is painted. If the collector was off for the start (the app's own
        process: `coach.__main__.entry`), what the start made lives as long as the app
        (modules, styles, content, the menu), so it is set apart from the collector's
        rounds (`gc.freeze`), and the collector runs again for all made from now on."""
        if self._collector_off_at_start:
            self._collector_off_at_start = False
            gc.freeze()
            gc.enable()

    def _start_in_theme(self, name: str) -> None:
        """Start in the person's theme. Setting `theme` re-parses every style once the app
        runs, before the first parse of all (a fifth of the CSS work of a start); a theme
        as dark as the default, in truecolour as it is, needs nothing of that watcher but
        its colours and classes."""
        theme, default = self.get_theme(name), self.current_theme
        if theme is None or (theme.dark, theme.ansi) != (default.dark, default.ansi):
            # the watcher also sets the ANSI colours: a light theme's, or a theme in the
            # terminal's own colours (Textual's ansi-dark, which the palette offers)
            self.theme = name
            return
        self.set_reactive(CoachApp.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())  # nothing is parsed yet
        self.update_classes(
            {f"-theme-{name}": True, "-dark-mode": theme.dark, "-light-mode": not theme.dark},
            update=False,
        )

    def write(
        self,
        job: Callable[[Store], T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[CoachError], None] | None = None,
    ) -> None:
        """Save on the writer's thread, after every save asked before; `done(result)` runs
        here once it is in the file. A refusal is reported here (one calm line), then
        `failed(error)` runs."""

        def refused(error: CoachError) -> None:
            self.report(error)
            if failed is not None:
                failed(error)

        self.writer.submit(job, done, refused)

    def _from_writer(self, answer: Callable[[], None]) -> None:
        """The writer's answers (results, errors) are posted here, as messages."""
        self.post_message(WriterAnswered(answer))

    def on_writer_answered(self, message: WriterAnswered) -> None:
        message.answer()

    def _read_settings(self) -> Settings:
        try:
            return self.store.settings()
        except CoachError:
            return Settings()

    async def action_pop_screen(self) -> None:
        """Back, from any screen; a burst of escapes stops at the menu (beneath it is
        only the app's empty first screen)."""
        from coach.screens.menu import MenuScreen

        if not isinstance(self.screen, MenuScreen) and len(self.screen_stack) > 1:
            self.pop_screen()

    def on_mount(self) -> None:
        from coach.screens.about import AboutScreen
        from coach.screens.menu import MenuScreen

        self._install_signal_handlers()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.screen_change_signal.subscribe(
            self, lambda _: self.call_after_refresh(self._check_size)
        )
        self.push_screen(MenuScreen())
        for notice in self.library.notices:
            self.notify(
                notice,
                title="An exercise file was skipped",
                severity="warning",
                timeout=12,
                markup=False,
            )
        if not self.settings.about_acknowledged:
            self.push_screen(AboutScreen(first_run=True))
        self.set_interval(STORE_POLL_SECONDS, self._poll_store, name="store-poll")
        if self.is_web:  # coach serve's app: it ends with its server (see _check_server)
            self._server_pid = os.getppid()
            self.set_interval(STORE_POLL_SECONDS, self._check_server, name="server-watch")
        self.set_interval(REMINDER_CHECK_SECONDS, self.check_reminders, name="reminders")
        self._started = True
        self.call_after_refresh(self.check_reminders)  # a walk due at start-up is told at once
        self.call_after_refresh(self._offer_active_walk)
        self.call_after_refresh(self._check_size)
        self.call_after_refresh(self._collect_from_now_on)

    # Settings, applied at once.

    def save_settings(self, settings: Settings) -> bool:
        """Save what changed from the settings in force; a change made elsewhere is kept."""
        try:
            self.settings = self.store.change_settings(self.settings, settings)
        except CoachError as error:
            self.report(error)
            return False
        self._apply_settings_everywhere()
        return True

    def _apply_settings_everywhere(self) -> None:
        """Every open screen, covered or not, shows the settings in force; so do the app's
        own theme and rest reminder (a change may come from another window)."""
        if self.settings.theme != self.theme and self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.rest_reminder.set_interval(self.settings.rest_reminder_minutes, self.clock.now())
        self._plan_reminders()
        for screen in self.screen_stack:
            screen.post_message(SettingsApplied())

    def _remember_theme(self, theme: object) -> None:
        """A theme picked in the palette is the theme next time."""
        name = getattr(theme, "name", None)
        if isinstance(name, str) and name != self.settings.theme:
            self.save_settings(replace(self.settings, theme=name))

    def report(self, error: Exception) -> None:
        """A store problem: one calm line; nothing is lost or overwritten.

        A record changed elsewhere is no fault of the person's: a warning, not an error.
        """
        severity: SeverityLevel = "warning" if isinstance(error, StaleRecord) else "error"
        self.notify(
            safe_text(str(error), single_line=True),
            title="Not saved",
            severity=severity,
            timeout=15,
            markup=False,
        )

    # The therapist's program (`coach plan import`), as kept in the file now.

    @property
    def program(self) -> Program | None:
        """The program in force: read again only when the plan in the file changed; one
        that no longer reads against this content is told once, and not followed."""
        try:
            doc = self.store.glance().plan
        except CoachError:
            return self._program  # the poll says what is wrong with the file
        if doc != self._plan_doc:
            self._plan_doc = doc
            self._program = self._read_program(doc)
        return self._program

    def _read_program(self, doc: dict[str, object] | None) -> Program | None:
        if doc is None:
            return None
        from coach.model.program import kept_program

        program, problems = kept_program(doc, self.library, locations.content_dir())
        if program is None:
            self.notify(
                "\n".join(safe_text(p, single_line=True) for p in problems[:3])
                + "\nThe general numbers apply until it is imported again (coach plan import).",
                title="Your program cannot be followed",
                severity="warning",
                timeout=20,
                markup=False,
            )
        return program

    def today(self) -> date:
        return self.clock.now().astimezone(self.zone).date()

    @property
    def own_exercises(self) -> list[Exercise]:
        """The exercises the person made in the editor, as kept in the file now; one that
        no longer reads is told once, and left out."""
        try:
            docs = self.store.glance().own_exercises
        except CoachError:
            return self._own
        if docs != self._own_docs:
            from coach.model.own_exercises import own_exercises

            self._own_docs = docs
            self._own, notices = own_exercises(list(docs))
            for notice in notices:
                self.notify(
                    safe_text(notice, single_line=True),
                    title="An exercise of yours was skipped",
                    severity="warning",
                    timeout=12,
                    markup=False,
                )
        return self._own

    def menu_exercises(self) -> list[MenuExercise]:
        from coach.model.program import menu_exercises

        return menu_exercises(
            self.library.exercises, self.program, self.today(), self.own_exercises
        )

    def exercise(self, exercise_id: str) -> Exercise:
        """An exercise as the menu offers it now: with the program's numbers if on it."""
        for item in self.menu_exercises():
            if item.exercise.id == exercise_id:
                return item.exercise
        raise KeyError(exercise_id)

    def walking_plan(self) -> WalkingPlan:
        """The walks to follow: the therapist's numbers from the program's first day."""
        program = self.program
        if program is not None and program.started(self.today()):
            return program.walking(self.library.walking)
        return self.library.walking

    # Another process may write the same database (a shell command, a second terminal).

    def _poll_store(self) -> None:
        try:
            changed = self.store.refresh()
        except CoachError as error:
            if self.store.signature != self._reported_signature:  # say it once, not every 2 s
                self._reported_signature = self.store.signature
                self.report(error)
            return
        if not changed:
            return
        if self.store.signature is None:  # the file went (coach forget): say so, once
            self.notify(
                safe_text(
                    f"{self.store.path} is gone (erased or moved elsewhere): the log is empty."
                ),
                title="Database gone",
                timeout=10,
                markup=False,
            )
        settings = self._read_settings()
        if settings != self.settings:
            self.settings = settings
            self._apply_settings_everywhere()
        if self.keeper is not None:
            self.keeper.check_kept()  # an erased session is never written back
        for screen in self.screen_stack:  # beneath an open form too: its save meets the file
            screen.post_message(StoreChanged())
        self.check_reminders()  # a walk logged elsewhere moves the next window

    def on_session_opened(self, message: SessionOpened) -> None:
        self.keeper = message.keeper

    def on_session_closed(self, message: SessionClosed) -> None:
        if self.keeper is message.keeper:
            self.keeper = None

    def _offer_active_walk(self) -> None:
        """A walk started before the terminal closed is never lost: offer to carry on."""
        try:
            active = self.store.active_walk()
        except CoachError as error:
            self.report(error)
            return
        if active is not None:
            self.offer_walk_in_progress(active)

    # Walks: the schedule, the due reminder, and a walk left running by a closed terminal.

    def walk_status(self, *, last_end: datetime | None, active: ActiveWalk | None) -> WalkStatus:
        return walk_status(
            now=self.clock.now(),
            last_end=last_end,
            active=active,
            plan=self.walking_plan(),
            zone=self.zone,
            waking=(self.settings.waking_start, self.settings.waking_end),
        )

    def current_walk_status(self) -> WalkStatus | None:
        """The schedule now, with a snooze in force; None if the file cannot be read."""
        try:
            status = self.walk_status(
                last_end=self.store.last_walk_end(self.clock.now()),
                active=self.store.active_walk(),
            )
        except CoachError:
            return None  # the poll says what is wrong with the file
        return status.snoozed(self.settings.snoozed_until, LONGEST_SNOOZE)

    def check_reminders(self) -> None:
        """Speak any reminder that is due, then set the timer for the next one."""
        self.check_walk_due()
        if self.rest_reminder.speak(self.clock.now()):
            self._remind_rest()
        self._plan_reminders()

    def check_walk_due(self) -> bool:
        """Tell once per window when a walk falls due (in waking hours, unless snoozed)."""
        status = self.current_walk_status()
        if status is None or not self.walk_reminder.speak(
            status, enabled=self.settings.walk_reminders, snoozed_until=self.settings.snoozed_until
        ):
            return False
        advice = " ".join(  # how long, and how far (F9, F12)
            item.text
            for item in self.library.walking.items
            if "F9" in item.facts or "F12" in item.facts
        )
        self.notify(
            f"Time for a short walk. {advice} Press z to snooze.",
            title="A walk is due",
            timeout=60,
            markup=False,
        )
        self.alert("A walk is due", "Time for a short walk.")
        return True

    def _plan_reminders(self) -> None:
        """A one-off timer for the next moment a reminder could speak (the interval
        timer is only the fallback for a clock that jumps)."""
        if not self._started:
            return
        if self._reminder_timer is not None:
            self._reminder_timer.stop()
            self._reminder_timer = None
        status = self.current_walk_status()
        moments = [
            m
            for m in (
                self.walk_reminder.next_check(status) if status else None,
                self.rest_reminder.next_check(),
            )
            if m is not None
        ]
        if not moments:
            return
        delay = (min(moments) - self.clock.now()).total_seconds()
        if 0 < delay <= REMINDER_CHECK_SECONDS:
            self._reminder_timer = self.set_timer(
                delay + 0.05, self.check_reminders, name="next-reminder"
            )

    def alert(self, title: str, body: str) -> None:
        """Reach a person looking elsewhere: the bell (tmux flags the window) and a desktop
        notification, as the settings allow. Not in a browser or a headless test run."""
        driver = self._driver
        if driver is None or self.is_headless or self.is_web:
            return
        if self.settings.reminder_bell:
            self.bell()
        if self.settings.desktop_notifications:
            sequence = alerts.desktop_notification(f"Back Coach: {title}", body, os.environ)
            if sequence:
                driver.write(sequence)
                driver.flush()

    def remind_care(self) -> bool:
        """Appointments today and tomorrow, told once a day: when the app starts and on the
        first menu of a new day. A toast of its own, apart from the walk reminder's state."""
        from coach.model.care import reminders

        now = self.clock.now()
        today = now.astimezone(self.zone).date()
        if self._care_reminded_on == today:
            return False
        try:
            due = reminders(self.store.care_items(), now, self.zone)
        except CoachError:
            return False  # the poll says what is wrong with the file; try again next time
        self._care_reminded_on = today
        if not due:
            return False
        self.notify(
            "\n".join(safe_text(r.line(self.zone), single_line=True) for r in due),
            title="Follow-up care",
            timeout=12,
            markup=False,
        )
        return True

    def action_snooze(self) -> None:
        """Quiet the walk reminder for a while; kept in the file, so a restart and
        `coach status` know it too."""
        status = self.current_walk_status()
        minutes = self.settings.snooze_minutes
        until = None if status is None else snooze_until(status, minutes)
        if status is None or until is None:
            self.notify("Nothing is due: there is no walk reminder to snooze.", timeout=4)
            return
        if self.save_settings(replace(self.settings, snoozed_until=until)):
            when = status._replace(snoozed_until=until).snooze_label(self.zone)
            self.notify(f"Walk reminder snoozed for {minutes} minutes, to {when}.", timeout=4)

    def offer_walk_in_progress(self, active: ActiveWalk) -> None:
        from coach.screens.walk_form import ResumeWalkModal

        def chosen(choice: str | None) -> None:
            from coach.screens.walks import WalkLogScreen  # loaded when first wanted, not at start

            self.open_screen("walks")
            screen = self.screen
            if choice in ("now", "at") and isinstance(screen, WalkLogScreen):
                screen.finish(active, ask_end=choice == "at")

        self.push_screen(ResumeWalkModal(active, self.zone), chosen)

    def _remind_rest(self) -> None:
        advice = self.library.rest.items[0]
        self.notify(advice.text, title="Change position", timeout=30, markup=False)
        self.alert("Change position", advice.text)

    # Quitting, hang-ups and sizes.

    async def action_quit(self) -> None:
        keeper = self.keeper
        if keeper is not None and keeper.hold_running:
            from coach.screens.confirm import ConfirmModal

            def answer(yes: bool | None) -> None:
                if yes:
                    self.save_on_exit()
                    self.exit(0)

            self.push_screen(
                ConfirmModal("A hold is running. Quit anyway?", yes="Quit", no="Keep going"), answer
            )
            return
        self.save_on_exit()
        self.exit(0)

    def save_on_exit(self, timeout: float | None = None) -> None:
        """Keep a session that was under way, marked interrupted, and let every save
        queued so far reach the file."""
        if self.keeper is not None:
            self.keeper.interrupt()
            self.keeper = None
        self.writer.wait(timeout)

    def _install_signal_handlers(self) -> None:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self._hang_up)

    def _hang_up(self) -> None:
        """The terminal is gone (a dropped SSH connection): save first, then leave, whatever the tty does."""
        with contextlib.suppress(Exception):
            self.save_on_exit(timeout=1.5)
        asyncio.get_running_loop().call_later(2.0, os._exit, 1)
        with contextlib.suppress(Exception):
            self.exit(1)

    def _check_server(self) -> None:
        """A served app whose server died (kill -9) is an orphan no page can reach: save
        a session under way, as a dropped SSH connection does, and leave."""
        if os.getppid() != self._server_pid:
            self._hang_up()

    def on_resize(self) -> None:
        self.call_after_refresh(self._check_size)

    def _check_size(self) -> None:
        """Cover a screen the window is too small for (each screen's MIN_SIZE) with a request
        for a larger window, instead of showing it cut off.

        One cover at most, even under a dialog opened from it (q asks first); it goes when
        the window grows or the screen beneath changes to one that fits.
        """
        from coach.screens.too_small import TooSmallScreen, fits

        if not self._started:
            return
        width, height = self.size
        stack = self.screen_stack
        if any(isinstance(screen, TooSmallScreen) for screen in stack):
            if isinstance(self.screen, TooSmallScreen) and fits(stack[-2], width, height):
                self.pop_screen()
        elif not fits(self.screen, width, height):
            self.push_screen(TooSmallScreen(self.screen))

    # Navigation, shared by the menu, the palette and the keys.

    def action_help(self) -> None:
        from coach.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_exercise(self, exercise: Exercise) -> None:
        from coach.screens.step import StepScreen

        self.push_screen(StepScreen(exercise))

    def open_exercise_by_id(self, exercise_id: str) -> None:
        """The exercise as the menu offers it now (with the program's numbers); one of a
        program not yet started is not opened, whatever asked (a key, the palette)."""
        for item in self.menu_exercises():
            if item.exercise.id == exercise_id:
                if item.open:
                    self.open_exercise(item.exercise)
                else:
                    program = self.program
                    starts = program.starts.isoformat() if program else ""
                    self.notify(
                        f"Your program starts on {starts}: nothing to start before then.",
                        timeout=6,
                    )
                return

    def open_screen(self, name: str) -> None:
        from coach.screens.registry import screen_type

        wanted = screen_type(name)
        if not isinstance(self.screen, wanted):
            self.push_screen(wanted())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from textual.markup import escape

        from coach.screens.registry import SCREEN_TITLES

        for item in self.menu_exercises():
            exercise = item.exercise
            summary = exercise.summary if item.planned is None else "From your program"
            yield SystemCommand(  # the palette reads markup: anyone's titles are escaped
                escape(safe_text(f"Exercise: {exercise.title}", single_line=True)),
                escape(safe_text(summary, single_line=True)),
                lambda i=exercise.id: self.open_exercise_by_id(i),
            )
        if self.program is not None:
            yield SystemCommand(
                "Your program", "Your therapist's plan", lambda: self.open_screen("program")
            )
        for name, (title, help_text) in SCREEN_TITLES.items():
            yield SystemCommand(title, help_text, lambda n=name: self.open_screen(n))
        yield SystemCommand("Quit", "Leave Back Coach", self.action_quit)
        yield from (c for c in super().get_system_commands(screen) if c.title in ("Theme", "Keys"))

"""The step panel: one position at a time, with a timed hold for the held positions.

The first step shows the exercise's cautions every time, and the start steps say
whether the neck variant is on (`v` switches it): the words and the picture of a
step always come from the same variant.

The engine keeps the time (from the monotonic clock); this screen only shows it,
and repaints only what changed: the bar when a cell changes, the digits once a
second, nothing at all while the hold is paused or waiting.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from coach.locations import stylesheet
from coach.messages import SessionClosed, SessionOpened, SettingsApplied
from coach.model.content import Exercise
from coach.model.engine import ExerciseSession, HoldState, SessionEvent, SessionPlan
from coach.screens.too_small import COMPACT_WIDTH, PHONE_SIZE
from coach.session_keeper import SessionKeeper, current_pid
from coach.widgets.bullets import BulletList
from coach.widgets.footer import QuietFooter
from coach.widgets.hold import BigDigits, HoldBar
from coach.widgets.neck_choice import NeckChoice
from coach.widgets.text import LimitNotice, PlainText, literal

if TYPE_CHECKING:
    from coach.app import CoachApp

NARROW = 76
WAKE_MARGIN = 0.002  # seconds past a change before waking: a timer is never early for it
HOLD_DONE_FLASH_SECONDS = 1.2  # the hold area lights up when a hold ends: seen, not only heard


class StepScreen(Screen[None]):
    """Below 76 columns the picture goes; below 60 (a phone's page) the screen is compact:
    the text above the hold scrolls as one, the cautions first, and the footer is compact."""

    CSS_PATH = stylesheet("step.tcss")
    MIN_SIZE: ClassVar[tuple[int, int]] = PHONE_SIZE
    app: CoachApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_hold", "Start/pause", id="toggle_hold"),
        # Below 60 columns the footer says in fewer cells what space does now (check_action).
        Binding("space", "toggle_hold('start')", "Start", id="toggle_hold"),
        Binding("space", "toggle_hold('pause')", "Pause", id="toggle_hold"),
        Binding("space", "toggle_hold('resume')", "Resume", id="toggle_hold"),
        Binding("n,right", "next_step", "Next", id="next_step"),
        Binding("p,left", "previous_step", "Back a step", show=False, id="previous_step"),
        Binding(
            "plus,equals_sign",
            "hold(1)",
            "Longer hold",
            key_display="+",
            show=False,
            id="hold_longer",
        ),
        Binding(
            "minus", "hold(-1)", "Shorter hold", key_display="-", show=False, id="hold_shorter"
        ),
        Binding(
            "right_square_bracket",
            "reps(1)",
            "More reps",
            key_display="]",
            show=False,
            id="reps_more",
        ),
        Binding(
            "left_square_bracket",
            "reps(-1)",
            "Fewer reps",
            key_display="[",
            show=False,
            id="reps_fewer",
        ),
        Binding("e", "ease_off", "Ease off", id="ease_off"),
        Binding("r", "rate_pain_before", "Rate pain", show=False, id="rate_pain_before"),
        Binding("v", "toggle_neck", "Neck variant", show=False, id="neck_variant"),
        Binding("escape", "leave", "Menu", id="leave"),
    ]

    def __init__(self, exercise: Exercise) -> None:
        super().__init__()
        self.exercise = exercise
        self._wake: Timer | None = None  # the one timer: when the hold display next changes
        self._flash: Timer | None = None  # ends the flash at the end of a hold
        self.session: ExerciseSession
        self.keeper: SessionKeeper
        self._limit = LimitNotice()

    def compose(self) -> ComposeResult:
        with Horizontal(id="step-top"):
            yield Static(literal(self.exercise.title, single_line=True), id="exercise-title")
            yield PlainText(id="progress-label")
        yield PlainText(id="position-title")
        # Scrolls (and takes the focus) only when compact; wide, the instruction box does.
        with VerticalScroll(id="step-middle", can_focus=False):
            with Horizontal(id="step-body"):
                yield PlainText(id="picture")
                with VerticalScroll(id="instruction-box"):
                    yield PlainText(id="instruction")
                    yield PlainText(id="cycle-note")
            with Vertical(id="before-start"):
                yield Static("Before you start", classes="section-title")
                cautions, _ = self.app.library.cautions(self.exercise)
                yield BulletList(cautions)
                note = self._program_note()
                program_note = PlainText(note, id="program-note")
                program_note.display = bool(note)
                yield program_note
                yield PlainText(id="pain-before")
            yield NeckChoice(id="neck-choice")
        with Horizontal(id="hold-area"):
            yield BigDigits(id="digits")
            with Vertical(id="hold-side"):
                yield HoldBar(id="bar")
                yield PlainText(id="hold-status")
                yield PlainText(id="hold-settings")
        yield QuietFooter()

    def on_mount(self) -> None:
        settings = self.app.settings
        choice = settings.choice(self.exercise.id)
        plan = SessionPlan.for_exercise(
            self.exercise,
            hold_seconds=choice.hold_seconds,
            reps=choice.reps,
            neck_problem=settings.neck_problem,
            get_ready=settings.get_ready_seconds,
            auto_advance=settings.auto_advance,
        )
        self.session = ExerciseSession(self.exercise, plan, self.app.clock, pid=current_pid())
        self.keeper = SessionKeeper(self.session, self.app.writer, self.app.report)
        self._handed_on = False  # True once the summary or ease off screen has the session
        self.post_message(SessionOpened(self.keeper))
        self._fit_width(self.app.size.width)
        self._show_step()

    def on_resize(self) -> None:
        self._fit_width(self.size.width)

    def _fit_width(self, width: int) -> None:
        """Below 76 columns the text needs the room more than the picture does; below 60
        the screen goes compact (see the class docstring)."""
        self.set_class(width < NARROW, "narrow")
        compact = width < COMPACT_WIDTH
        if compact == self.has_class("-compact"):
            return
        self.set_class(compact, "-compact")
        middle, box = self.query_one("#step-middle"), self.query_one("#instruction-box")
        before_start = self.query_one("#before-start")
        if compact:  # "Before you start" comes first: a safety text, seen without scrolling
            middle.move_child(before_start, before=0)
        else:
            middle.move_child(before_start, after=self.query_one("#step-body"))
        focused = self.focused in (middle, box)
        middle.can_focus, box.can_focus = compact, not compact
        if focused:
            self.set_focus(middle if compact else box, scroll_visible=False)
        middle.scroll_home(animate=False)
        self.query_one(Footer).compact = compact
        self.refresh_bindings()

    def on_unmount(self) -> None:
        if not self._handed_on:
            self.keeper.interrupt()
            self.app.post_message(SessionClosed(self.keeper))  # detached: not through the screen

    # Display.

    def _show_step(self) -> None:
        session = self.session
        step = session.step
        self.query_one("#progress-label", PlainText).set_text(
            f"{session.step_label}  ·  {session.rep_label}"
        )
        self.query_one("#position-title", PlainText).set_text(step.position.title)
        self._show_variant()
        note = session.exercise.cycle_text if step.rep is not None else ""
        cycle_note = self.query_one("#cycle-note", PlainText)
        cycle_note.set_text(note)
        cycle_note.display = bool(note)  # its margin would cost the instruction a row
        for scrolled in self.query("#step-middle, #instruction-box"):
            scrolled.scroll_home(animate=False)
        self.query_one("#before-start").display = session.on_first_step
        self._show_pain_before()
        timed = session.hold is not None
        self.query_one("#hold-area").set_class(not timed, "untimed")
        self.query_one("#bar", HoldBar).show_fraction(0.0)
        self._show_hold()

    def _show_variant(self) -> None:
        """The text and the picture of the variant in force, and the line that switches it.

        The line shows on the first step and the untimed steps, where a person settles
        in and decides; on the other held steps the settings line below the bar says it.
        """
        session = self.session
        picture = self.query_one("#picture", PlainText)
        drawing = session.picture()
        picture.set_text(drawing or "")
        picture.set_class(not drawing, "empty")
        self.query_one("#instruction", PlainText).set_text(session.instruction())
        choice = self.query_one("#neck-choice", NeckChoice)
        choice.display = self.exercise.has_neck_variant and (
            session.on_first_step or not session.step.timed
        )
        choice.show(session.plan.neck_problem, self.app.library.guide("neck-variant").text)

    def _show_pain_before(self) -> None:
        pain = self.session.pain_before
        self.query_one("#pain-before", PlainText).set_text(
            "Pain now, before you start (optional): press r to rate it 0 to 10."
            if pain is None
            else f"Pain before you start: {pain} of 10 (r to change it)."
        )

    def _show_hold(self) -> None:
        """Refresh the hold display; each widget repaints only if what it shows changed."""
        hold = self.session.hold
        digits = self.query_one("#digits", BigDigits)
        status = self.query_one("#hold-status", PlainText)
        if hold is None:
            digits.show_seconds(None)
            status.set_text("No timer here: get into position, then press n for the next step.")
            self._show_settings()
            return
        if hold.in_get_ready:
            digits.show_seconds(math.ceil(hold.get_ready_left()))
        else:
            digits.show_seconds(math.ceil(hold.remaining()))
        self.query_one("#bar", HoldBar).show_fraction(hold.fraction())
        status.set_text(self._status_text())
        self._show_settings()

    def _status_text(self) -> str:
        hold = self.session.hold
        assert hold is not None
        if hold.state is HoldState.READY:
            return f"Press space to start the {hold.seconds:.0f}-second hold."
        if hold.state is HoldState.DONE:
            if self.session.finished:
                return "Well done: that was the last hold."
            return "Hold done. Press n for the next step."
        if hold.state is HoldState.PAUSED:
            return "Paused. Press space to carry on."
        if hold.in_get_ready:
            return "Get ready: settle into the position..."
        return "Holding. Space pauses; n moves on."

    def _show_settings(self) -> None:
        plan = self.session.plan
        neck = ""
        if self.exercise.has_neck_variant:
            neck = f" · neck variant {'on' if plan.neck_problem else 'off'} (v)"
        self.query_one("#hold-settings", PlainText).set_text(
            f"Hold {plan.hold_seconds} s (+/-) · {plan.reps} reps ([/]){neck}"
        )

    def check_hold(self) -> None:
        """Look at the clock now; the planned wakes call this.

        Wakes are planned from the clock's present reading, so after a clock jumps
        (a test's fake clock) call this to look at it before the next wake.
        """
        events = self.session.tick()
        if events:
            self._handle(events)
        else:
            self._show_hold()
            self._sync_timer()

    def _handle(self, events: list[SessionEvent]) -> None:
        self.keeper.handle(events)
        if SessionEvent.STARTED in events:
            self.refresh_bindings()  # the rating before is over
        if SessionEvent.HOLD_DONE in events:
            self._flash_hold_done()
            if self.app.settings.bell:
                self.app.bell()
        if SessionEvent.ADVANCED in events:
            self._show_step()
        else:
            self._show_hold()
        self._sync_timer()
        if self.has_class("-compact"):
            self.refresh_bindings()  # the footer says what space does now
        if SessionEvent.FINISHED in events:
            self._finish()

    def _flash_hold_done(self) -> None:
        """Light the hold area up for a moment: the end of a hold is seen at a glance, also
        where the bell does nothing (a browser) or is off."""
        area = self.query_one("#hold-area")
        area.add_class("-hold-done-flash")
        if self._flash is not None:
            self._flash.stop()
        self._flash = self.set_timer(HOLD_DONE_FLASH_SECONDS, self._end_flash, name="hold-flash")

    def _end_flash(self) -> None:
        self._flash = None
        self.query_one("#hold-area").remove_class("-hold-done-flash")

    def _sync_timer(self) -> None:
        """Sleep until the seconds shown next change; a paused screen sets no timer at all.

        One wake a second rather than polling, with the bar moved in the same frame
        (one repaint a second, not two), and the end on time: each wake is planned
        from the monotonic clock, however late the one before it was.
        """
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
        hold = self.session.hold
        if hold is None or not self.keeper.hold_running:
            return
        delay = hold.until_next_second()
        if delay is not None:
            self._wake = self.set_timer(delay + WAKE_MARGIN, self.check_hold, name="hold-wake")

    # Actions.

    def action_toggle_hold(self, _shown: str = "") -> None:
        """Space (whichever footer entry names it: `_shown` is for check_action)."""
        self._handle(self.session.toggle_hold())

    def action_next_step(self) -> None:
        events = self.session.next_step()
        if not events and not self.session.finished:
            self._limit.say(self.app, "This is the last step: there is no next one.")
        self._handle(events)

    def action_previous_step(self) -> None:
        events = self.session.previous_step()
        if not events and not self.session.finished:
            self._limit.say(self.app, "This is the first step: there is none before it.")
        self._handle(events)

    def action_hold(self, direction: int) -> None:
        hold_range = self.exercise.hold_range
        before = self.session.plan.hold_seconds
        seconds = self.session.change_hold(direction)
        if hold_range is None:
            self._limit.say(self.app, "This exercise has no timed hold to change.")
            return
        if seconds == before:
            most = "longest" if direction > 0 else "shortest"
            self._limit.say(self.app, f"{seconds} seconds is the {most} hold {self._whose}.")
            return
        self._remember(hold_seconds=seconds)
        self._show_hold()
        self._sync_timer()

    def action_reps(self, direction: int) -> None:
        before = self.session.plan.reps
        reps = self.session.change_reps(direction)
        if reps == before:
            self._limit.say(self.app, self._reps_limit(direction))
            return
        self._remember(reps=reps)
        self.query_one("#progress-label", PlainText).set_text(
            f"{self.session.step_label}  ·  {self.session.rep_label}"
        )
        self._show_settings()

    def _reps_limit(self, direction: int) -> str:
        """Why ] or [ changed nothing: the exercise's range, or the rep under way."""
        reps = self.session.plan.reps
        count = f"{reps} repetition{'' if reps == 1 else 's'}"
        if direction > 0:
            return f"{count} is the most {self._whose}."
        if reps > self.exercise.reps.low:
            return f"You are on rep {reps}: the reps cannot be fewer than the one under way."
        return f"{count} is the fewest {self._whose}."

    def _program_note(self) -> str:
        """The therapist's note for this exercise, if the program gives one."""
        program = self.app.program
        planned = program.planned(self.exercise.id) if program is not None else None
        return f"Your therapist's note: {planned.notes}" if planned and planned.notes else ""

    @property
    def _whose(self) -> str:
        """Whose limits these are: the exercise's own, or the program's (the therapist's)."""
        program = self.app.program
        if program is not None and program.planned(self.exercise.id) is not None:
            return "your program sets"
        return "for this exercise"

    def _remember(self, **choice: int) -> None:
        """The last choice is the next default."""
        current = self.app.settings.choice(self.exercise.id)
        if any(getattr(current, k) != v for k, v in choice.items()):
            self.app.save_settings(self.app.settings.with_choice(self.exercise.id, **choice))

    def action_toggle_neck(self) -> None:
        """v: the neck variant on or off, here and for next time (the same setting as Settings)."""
        if not self.exercise.has_neck_variant:
            self.app.notify("This exercise has no neck variant.", timeout=4)
            return
        neck_problem = not self.session.plan.neck_problem
        if self.app.save_settings(replace(self.app.settings, neck_problem=neck_problem)):
            state = "on" if neck_problem else "off"
            self.app.notify(f"Neck variant {state}, now and next time.", timeout=4)

    def on_neck_choice_clicked(self, event: NeckChoice.Clicked) -> None:
        event.stop()
        self.action_toggle_neck()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The rating before is asked until the first hold starts: then it is 'before' no more.

        Space has one footer entry when wide ("Start/pause") and, when compact, the one
        that says what it does now; every one of them toggles the hold.
        """
        if action == "rate_pain_before":
            return not self.session.on_record and not self.session.finished
        if action == "toggle_hold":
            compact = self.has_class("-compact")
            if not parameters:
                return not compact
            return compact and parameters[0] == self._space()
        return True

    def _space(self) -> str:
        """What space does now: start, pause or resume the hold; nothing without one."""
        hold = self.session.hold
        if hold is None or self.session.finished:
            return ""
        return {
            HoldState.READY: "start",
            HoldState.RUNNING: "pause",
            HoldState.PAUSED: "resume",
        }.get(hold.state, "")

    def action_rate_pain_before(self) -> None:
        from coach.screens.pain_prompt import PainPrompt

        def rated(pain: int | None) -> None:
            if not self.session.on_record:
                changed = pain != self.session.pain_before
                self.session.rate_pain_before(pain)
                self._show_pain_before()
                if changed:  # kept with the session when its first hold starts
                    self.app.notify(
                        "No pain rating before you start."
                        if pain is None
                        else f"Noted: pain {pain} of 10 before you start.",
                        timeout=3,
                        markup=False,
                    )

        self.app.push_screen(
            PainPrompt(
                "How is your pain now, before you start, from 0 (none) to 10? "
                "You can leave it blank.",
                self.session.pain_before,
            ),
            rated,
        )

    def action_ease_off(self) -> None:
        from coach.screens.ease_off import EaseOffScreen

        self.keeper.ease_off()
        self._sync_timer()
        self._hand_on()
        self.app.switch_screen(EaseOffScreen(self.keeper))

    def action_leave(self) -> None:
        if not self.keeper.hold_running:
            self.app.pop_screen()
            return
        from coach.screens.confirm import ConfirmModal

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmModal("A hold is running. Stop this exercise?", yes="Stop", no="Keep going"),
            answer,
        )

    def _finish(self) -> None:
        from coach.screens.summary import SummaryScreen

        self._hand_on()
        # The last hold can end under a question ("Stop this exercise?") or the size cover:
        # the question is moot now, and switch_screen would replace it instead of this screen.
        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()
        self.app.switch_screen(SummaryScreen(self.keeper))

    def _hand_on(self) -> None:
        """The next screen finishes the session: this one must not mark it interrupted,
        and quitting from there leaves it as it is."""
        self._handed_on = True
        self.post_message(SessionClosed(self.keeper))

    @on(SettingsApplied)
    def apply_settings(self) -> None:
        """Settings changed elsewhere (neck problem, going on by itself): apply them at once."""
        settings, plan = self.app.settings, self.session.plan
        if (settings.neck_problem, settings.auto_advance) == (plan.neck_problem, plan.auto_advance):
            return
        self.session.plan = replace(
            plan, neck_problem=settings.neck_problem, auto_advance=settings.auto_advance
        )
        self._show_variant()
        self._show_settings()

"""`coach guide EXERCISE --plain`: an exercise as plain lines, for a screen reader, a pipe
or the smallest SSH session.

No Textual: the steps are printed one after another, the countdown as lines a screen
reader reads well ("20 seconds", then every 5 seconds, then "hold done"), and the
person answers with lines on standard input: Enter, `p` (pause), `e` (ease off), `q`
(quit). The session is kept exactly as the full-screen app keeps it (`SessionKeeper`):
on record from the first hold, saved after each hold, closed as done, stopped for pain
or interrupted. The cautions (F2 to F4) and the neck variant's state come first, and
the about-and-safety text on first use. Text from files and the database is printed
inert.

Time comes from an injected clock and input from a file descriptor: a test drives a
whole session through a pipe with a fake clock, and nothing here sleeps but `select`.
"""

from __future__ import annotations

import math
import os
import select
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TextIO

from coach.errors import CoachError, UsageError
from coach.model.engine import (
    PAIN_ERROR,
    ExerciseSession,
    HoldState,
    SessionPlan,
    read_pain,
)
from coach.plain import safe_text
from coach.session_keeper import SessionKeeper, current_pid

if TYPE_CHECKING:
    from coach.clock import Clock
    from coach.model.content import Exercise, Library
    from coach.model.program import Program
    from coach.model.settings import Settings
    from coach.store.database import Store

ANNOUNCE_EVERY = 5  # seconds between the countdown's lines
END = "end of input"  # what `LineInput` gives when standard input is closed


class LineInput:
    """Lines from a file descriptor, each looked at before it is taken.

    A line typed ahead (an Enter during a hold) is left for the prompt that comes next,
    so a pipe of Enter presses answers each prompt in turn. `idle(seconds)`: how time
    passes while no line is there (by default `select` waits for real; a test's fake
    clock moves instead).
    """

    def __init__(self, fd: int, idle: Callable[[float], None] | None = None) -> None:
        self.fd = fd
        self.idle = idle
        self._buffer = b""
        self._ended = False

    def peek(self, timeout: float) -> str | None:
        """The next whole line (without its newline), END, or None if none came in time."""
        line = self._buffered()
        if line is not None:
            return line
        if self._ended:
            return END
        self._fill(timeout)
        line = self._buffered()
        if line is None and self._ended:
            return END
        return line

    def take(self) -> None:
        """Consume the line `peek` gave."""
        if b"\n" in self._buffer:
            self._buffer = self._buffer.split(b"\n", 1)[1]
        else:
            self._buffer = b""  # the last line, with no newline at the end

    def read(self) -> str:
        """Wait for the next line and take it (END when the input is closed)."""
        while True:
            line = self.peek(3600.0)
            if line is not None:
                if line is not END:
                    self.take()
                return line

    def _buffered(self) -> str | None:
        if b"\n" in self._buffer:
            return self._buffer.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
        if self._ended and self._buffer:
            return self._buffer.decode("utf-8", "replace").strip()
        return None

    def _fill(self, timeout: float) -> None:
        wait = 0.0 if self.idle is not None else max(0.0, timeout)
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            if self.idle is not None:
                self.idle(timeout)
            return
        chunk = os.read(self.fd, 4096)
        if chunk:
            self._buffer += chunk
            if len(self._buffer) > 1 << 16:  # no line a person types is this long
                self._buffer = self._buffer[-(1 << 12) :]
        else:
            self._ended = True


class InlineWriter:
    """The app's writer's two calls, run at once on this thread: the plain mode has no
    screen to keep moving while a save is written."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.last_failed = False  # the last save did not reach the file

    def submit(
        self,
        job: Callable[[Store], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[CoachError], None] | None = None,
    ) -> None:
        try:
            result = job(self.store)
        except CoachError as error:
            self.last_failed = True
            if failed is None:
                raise
            failed(error)
            return
        self.last_failed = False
        if done is not None:
            done(result)

    def deliver(self, action: Callable[[], None]) -> None:
        action()


class Stopped(Exception):
    """The person left: q, the end of the input, a hang-up or a termination."""


class PlainGuide:
    """One exercise session, walked through as plain lines."""

    def __init__(
        self,
        library: Library,
        exercise: Exercise,
        plan: SessionPlan,
        store: Store,
        clock: Clock,
        lines: LineInput,
        out: TextIO,
        *,
        therapists: bool = False,
        note: str = "",
        pid: int | None = None,
        err: TextIO | None = None,
    ) -> None:
        """`therapists`: the numbers are a program's; `note`: its note for this exercise."""
        self.library = library
        self.exercise = exercise
        self.session = ExerciseSession(
            exercise, plan, clock, pid=current_pid() if pid is None else pid
        )
        self.writer = InlineWriter(store)
        self.keeper = SessionKeeper(self.session, self.writer, self._error)
        self.clock = clock
        self.lines = lines
        self.out = out
        self.err = err if err is not None else sys.stderr
        self.therapists = therapists
        self.note = note
        self.errors: list[str] = []
        self.silent = False  # the output went away: nothing more is written to it

    # Output.

    def say(self, text: str = "") -> None:
        """One or more lines, inert, written out at once (a pipe shows each as it comes).

        Output that cannot be written (the reader of a pipe has gone, a full disk) ends
        the session as leaving does: it is kept, marked interrupted."""
        try:
            self.out.write(safe_text(text) + "\n")
            self.out.flush()
        except (BrokenPipeError, OSError, ValueError) as error:
            self.silent = True
            raise Stopped("the output went away") from error

    def _last_word(self, text: str) -> None:
        """A closing line, if the output still takes one."""
        if not self.silent:
            with suppress(Stopped):
                self.say(text)

    def _error(self, error: Exception) -> None:
        """A save refused (a full disk, a damaged file): one line on standard error."""
        self.errors.append(str(error))
        with suppress(OSError, ValueError):
            self.err.write(f"coach: not saved: {safe_text(str(error), single_line=True)}\n")
            self.err.flush()

    # The session.

    def run(self) -> int:
        """Walk the session; 0 when it ended (done, eased off or left), 1 if a save failed."""
        try:
            self._introduce()
            self._steps()
        except Stopped as why:
            self.stop(str(why))
            return 1 if self.errors else 0
        try:
            if self.session.status.value == "stopped_for_pain":
                self._eased_off()
            else:
                self._summary()
        except Stopped:
            pass  # done and saved: only the pain rating was not asked
        return 1 if self.errors else 0

    def stop(self, why: str) -> None:
        """The person left (or their terminal did): keep what was done, as interrupted,
        and say how it was kept."""
        session = self.session
        if session.finished:  # done or eased off, and saved so: only the rating is left
            self._last_word(f"{why}: the session was saved already ({session.status.label}).")
            return
        on_record = session.on_record
        self.keeper.interrupt()
        if not on_record:
            self._last_word(f"{why}: nothing was started, so nothing is saved.")
        elif self.writer.last_failed or self.keeper.erased:
            self._last_word(f"{why}: the session could not be saved (see the line above).")
        else:
            self._last_word(f"{why}: the session is saved as interrupted.")

    def _introduce(self) -> None:
        exercise, plan = self.exercise, self.session.plan
        self.say(f"{exercise.title}: {exercise.summary}")
        self.say("Before you start:")
        cautions, _ = self.library.cautions(exercise)
        for caution in cautions:
            self.say(f"- {caution}")
        if exercise.has_neck_variant:
            state = "on" if plan.neck_problem else "off"
            self.say(
                f"Neck variant: {state}. {self.library.guide('neck-variant').text} "
                f"(This time only: coach guide {exercise.id} --plain "
                f"{'--no-neck' if plan.neck_problem else '--neck'}; for good: Settings.)"
            )
        numbers = f"{plan.reps} repetition{'s' if plan.reps != 1 else ''}"
        if exercise.hold_range is not None:
            numbers = f"holds of {plan.hold_seconds} seconds, {numbers}"
        whose = "your therapist's numbers" if self.therapists else "within the exercise's ranges"
        self.say(f"This session: {numbers} ({whose}).")
        if self.note:
            self.say(f"Your therapist's note: {self.note}")
        self.say(
            "Keys, each followed by Enter: Enter goes on, p pauses or resumes a hold, "
            "e eases off (stop because of pain), q quits."
        )

    def _steps(self) -> None:
        session = self.session
        shown = -1
        while not session.finished:
            if session.index != shown:
                shown = session.index
                self._show_step()
            hold = session.hold
            if hold is None:
                self._prompt_untimed()
            elif hold.state is HoldState.READY:
                self._prompt_hold()
            else:
                self._run_hold()

    def _show_step(self) -> None:
        session = self.session
        self.say()
        self.say(f"{session.step_label}. {session.rep_label}. {session.step.position.title}")
        self.say(session.instruction())

    def _prompt_untimed(self) -> None:
        first = self.session.on_first_step
        if first:
            self.say(
                "Press Enter when you are in position (or type your pain now, 0 to 10, then Enter)."
            )
        else:
            self.say("Press Enter when you are in position.")
        line = self._answer()
        if first and line and (line[0].isdigit() or line[0] in "+-"):
            try:
                self.session.rate_pain_before(read_pain(line))
            except ValueError:
                self.say(PAIN_ERROR)
                return
            self.say(f"Pain before: {self.session.pain_before} of 10.")
            return
        if line == "":
            self.keeper.handle(self.session.next_step())
        else:
            self._unknown(line)

    def _prompt_hold(self) -> None:
        hold = self.session.hold
        assert hold is not None
        self.say(f"Press Enter to start the hold ({_seconds(hold.seconds)}).")
        line = self._answer()
        if line == "":
            self._start_hold()
        else:
            self._unknown(line)

    def _start_hold(self) -> None:
        self.keeper.handle(self.session.toggle_hold())

    def _answer(self) -> str:
        """The next line, with e and q acted on here."""
        line = self.lines.read()
        if line is END:
            raise Stopped(END)
        return self._common(line)

    def _common(self, line: str) -> str:
        word = line.lower()
        if word == "q":
            raise Stopped("you quit")
        if word == "e":
            self.keeper.ease_off()
            return "e"
        return line

    def _unknown(self, line: str) -> None:
        if line != "e":
            self.say("Enter goes on, p pauses or resumes a hold, e eases off, q quits.")

    def _run_hold(self) -> None:
        """The hold under way: count it down, and act on p, e and q as they come."""
        session = self.session
        hold = session.hold
        assert hold is not None
        announced = self._announce_start()
        reading = True
        while hold.state is not HoldState.DONE and not session.finished:
            if hold.state is HoldState.PAUSED:
                answer = self._answer()
                if answer in ("", "p", "P"):
                    hold.resume()
                    if hold.in_get_ready:
                        self.say(f"going on: get ready, {_seconds(hold.get_ready_left())}")
                        announced = -1
                    else:
                        self.say(f"going on: {_seconds(hold.remaining())} left")
                        announced = _count(hold.remaining())
                elif answer != "e":
                    self._unknown(answer)
                continue
            wait = self._until_next_line(announced)
            line = self.lines.peek(wait) if reading else None
            if not reading:
                self._idle(wait)
            if line is not None and line is not END:
                if line == "":
                    reading = False  # typed ahead: left for the next prompt
                else:
                    self.lines.take()
                    if self._common(line) == "e":
                        return
                    if line.lower() == "p":
                        hold.pause()
                        left = (
                            f"get ready, {_seconds(hold.get_ready_left())}"
                            if hold.in_get_ready
                            else f"{_seconds(hold.remaining())} left"
                        )
                        self.say(f"paused: {left}. p or Enter goes on.")
                    else:
                        self._unknown(line)
                continue
            if line is END:
                reading = False  # nothing more will come: the hold runs to its end
            announced = self._announce(announced)

    def _announce_start(self) -> int:
        hold = self.session.hold
        assert hold is not None
        if hold.in_get_ready:
            self.say(f"get ready: {_seconds(hold.get_ready_left())}")
            return -1
        remaining = _count(hold.remaining())
        self.say(_seconds(remaining))
        return remaining

    def _until_next_line(self, announced: int) -> float:
        """Seconds until the next line is due: the get-ready's end, the next multiple of
        five seconds left, or the hold's end."""
        hold = self.session.hold
        assert hold is not None
        if announced < 0:
            return max(0.0, hold.get_ready_left())
        remaining = hold.remaining()
        mark = (announced - 1) // ANNOUNCE_EVERY * ANNOUNCE_EVERY
        return max(0.0, remaining - mark)

    def _announce(self, announced: int) -> int:
        """Say what is due now; the last line said (as a number of seconds left)."""
        session = self.session
        hold = session.hold
        assert hold is not None
        if announced < 0:
            if hold.in_get_ready:
                return announced
            remaining = _count(hold.remaining())
            self.say(_seconds(remaining))
            return remaining
        left = hold.remaining()
        if left <= 0:
            self.keeper.handle(session.tick())
            self.say("hold done")
            if not session.plan.auto_advance and not session.finished:
                self.say("Press Enter for the next step.")
                if self._answer() == "":
                    self.keeper.handle(session.next_step())
            return 0
        mark = (announced - 1) // ANNOUNCE_EVERY * ANNOUNCE_EVERY
        if mark > 0 and left <= mark + 1e-9:
            self.say(_seconds(mark))
            return mark
        return announced

    def _idle(self, seconds: float) -> None:
        if self.lines.idle is not None:
            self.lines.idle(seconds)
        elif seconds > 0:
            select.select([], [], [], seconds)

    # The end.

    def _summary(self) -> None:
        session = self.session
        self.say()
        self.say(f"{self.exercise.title}: done.")
        figures = f"Repetitions: {session.reps_done} of {session.plan.reps}."
        if self.exercise.hold_range is not None:
            figures += f" Hold: {session.plan.hold_seconds} seconds."
        if session.plan.neck_problem:
            figures += " Neck variant: yes."
        self.say(figures)
        self._rate_pain()

    def _eased_off(self) -> None:
        self.say()
        self.say("You stopped the exercise.")
        for item_id in ("ease-off", "call-doctor"):
            item = self.library.guide(item_id)
            self.say(f"{item.title}: {item.text}")
        self.say("This session is saved as stopped because of pain.")
        self._rate_pain()

    def _rate_pain(self) -> None:
        while True:
            self.say("How is your pain now, from 0 (none) to 10? Type it and Enter, or just Enter.")
            line = self.lines.read()
            if line is END or line == "":
                self.say("No pain rating: none is saved.")
                return
            try:
                pain = read_pain(line)
            except ValueError:
                self.say(PAIN_ERROR)
                continue
            saved: list[bool] = []
            self.keeper.rate_pain(pain, saved.append)
            if saved and saved[0]:
                self.say(f"Saved: pain {pain} of 10.")
            if pain:
                self.say(self.library.guide("pain-after").text)
            return


def _count(seconds: float) -> int:
    """Seconds left as a person counts them: 14.2 left is "15 seconds"."""
    return max(0, math.ceil(seconds - 1e-9))


def _seconds(seconds: float) -> str:
    whole = _count(seconds)
    return f"{whole} second" if whole == 1 else f"{whole} seconds"


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """A hang-up (a dropped SSH session) or a termination ends the session as q does."""

    def stop(signum: int, _frame: object) -> None:
        raise Stopped("the terminal went away" if signum == signal.SIGHUP else "stopped")

    before = {sig: signal.signal(sig, stop) for sig in (signal.SIGHUP, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


# The command.


def guide_command(args: Any, out: TextIO) -> int:
    if not args.plain:
        raise UsageError("coach guide needs --plain (the full-screen app is plain coach)")
    try:
        os.fstat(0)
    except OSError:
        raise UsageError(
            "standard input is closed: the plain guide reads Enter, p, e and q from it"
        ) from None
    with _stopped_by_signals():
        try:
            return _guide(args, out)
        except Stopped:  # a hang-up before the session began: nothing to keep
            return 0


def _guide(args: Any, out: TextIO) -> int:
    from coach.clock import SystemClock, local_zone
    from coach.launch import prepare, process_alive

    store, library = prepare(args)
    store.interrupt_orphans(process_alive)
    clock = SystemClock.from_environment()
    settings = store.settings()
    program = _program(store, library)
    today = clock.now().astimezone(local_zone()).date()
    from coach.model.own_exercises import own_exercises

    own, _ = own_exercises(store.own_exercise_documents())
    exercise, therapists = _exercise(args.exercise, library, program, today, own)
    planned = program.planned(exercise.id) if program is not None and therapists else None
    plan = _session_plan(args, exercise, settings)  # a wrong --hold is told before anything
    lines = LineInput(0)
    acknowledged = _first_use(settings, library, store, lines, out)
    if acknowledged is None:
        return 0
    plan = replace(plan, get_ready=acknowledged.get_ready_seconds)
    guide = PlainGuide(
        library,
        exercise,
        plan,
        store,
        clock,
        lines,
        out,
        therapists=therapists,
        note=planned.notes if planned else "",
    )
    if program is not None and not therapists:
        guide.say(f"{exercise.title} is not part of your program.")
    try:
        return guide.run()
    except KeyboardInterrupt:
        guide.stop("interrupted")
        return 130


def _program(store: Store, library: Library) -> Program | None:
    doc = store.plan_document()
    if doc is None:
        return None
    from coach import locations
    from coach.model.program import kept_program

    return kept_program(doc, library, locations.content_dir())[0]


def _exercise(
    wanted: str,
    library: Library,
    program: Program | None,
    today: Any,
    own: list[Exercise],
) -> tuple[Exercise, bool]:
    """The exercise to guide, with the program's numbers if it is on the program; else
    a bundled (or `--content`) one; else one the person made in the editor."""
    planned = program.planned(wanted) if program is not None else None
    if planned is not None and program is not None:
        if not program.started(today):
            raise UsageError(
                f"your program starts on {program.starts.isoformat()}: "
                f"{safe_text(planned.exercise.title, single_line=True)} is not to be started before then"
            )
        return planned.exercise, True
    try:
        return library.exercise(wanted), False
    except KeyError:
        made = next((e for e in own if e.id == wanted), None)
        if made is not None:
            return made, False
        known = [e.id for e in library.exercises] + [e.id for e in own]
        if program is not None:
            known += [p.id for p in program.exercises if p.id not in known]
        raise UsageError(
            f"no exercise has the id {safe_text(repr(wanted), single_line=True)} "
            f"(there are: {', '.join(known)})"
        ) from None


def _first_use(
    settings: Settings, library: Library, store: Store, lines: LineInput, out: TextIO
) -> Settings | None:
    """On first use the about-and-safety text, to be acknowledged with Enter (as on the
    full screen); None if the person left instead."""
    if settings.about_acknowledged:
        return settings
    from coach.model.about import about_text

    text = about_text(library, store.path, neck_switch="the option --neck, or Settings")
    page = ["About Back Coach, and safety", "Before you start:"]
    page += [f"- {item}" for item in text.before_you_start]
    page += [f"{text.neck_title}: {text.neck}", f"Where this comes from: {text.source}"]
    page += [f"Your data: {text.data}"]
    for line in page:
        out.write(safe_text(line) + "\n")
    out.write("Press Enter once you have read this (q to leave).\n")
    out.flush()
    if lines.read() != "":
        return None
    return store.change_settings(settings, replace(settings, about_acknowledged=True))


def _session_plan(args: Any, exercise: Exercise, settings: Settings) -> SessionPlan:
    """Hold and reps: given here (within the exercise's ranges), else the last chosen."""
    choice = settings.choice(exercise.id)
    hold, reps = choice.hold_seconds, choice.reps
    hold_range = exercise.hold_range
    if args.hold is not None:
        if hold_range is None or _number(args.hold) not in hold_range:
            allowed = f"{hold_range.low} to {hold_range.high}" if hold_range else "none: no holds"
            raise UsageError(f"--hold: seconds from {allowed} for this exercise")
        hold = _number(args.hold)
    if args.reps is not None:
        if _number(args.reps) not in exercise.reps:
            raise UsageError(
                f"--reps: from {exercise.reps.low} to {exercise.reps.high} for this exercise"
            )
        reps = _number(args.reps)
    neck = settings.neck_problem if args.neck is None else bool(args.neck)
    return SessionPlan.for_exercise(
        exercise,
        hold_seconds=hold,
        reps=reps,
        neck_problem=neck,
        get_ready=settings.get_ready_seconds,
        auto_advance=settings.auto_advance,
    )


def _number(text: str) -> int:
    value = text.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 6 else -1

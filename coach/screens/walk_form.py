"""The short walk form: finish a walk, add a past one, or edit one. Enter saves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from coach.errors import UsageError
from coach.locations import stylesheet
from coach.model import walks as rules
from coach.model.records import ActiveWalk, Terrain, Walk
from coach.plain import safe_text, unsafe
from coach.screens.confirm import ButtonDialog
from coach.widgets.text import OrderedInput, PlainText

TERRAIN_OPTIONS = [(t.label, t) for t in Terrain]
CHOICE_KEYS = "Arrow keys move between the choices · enter picks one"


@dataclass(frozen=True)
class WalkFormResult:
    walk: Walk


class PlainInput(OrderedInput):
    """An Input that never takes a control character (a paste of ESC sequences, bidi marks),
    and takes its keys in the order typed (see OrderedInput).

    An Input draws its value as it is, so such a character would reach the terminal the
    moment it was pasted; it is refused there and then, and the form says why.
    """

    class Refused(Message):
        def __init__(self, problem: str) -> None:
            super().__init__()
            self.problem = problem

    def replace(self, text: str, start: int, end: int) -> None:
        bad = next((c for c in text if unsafe(c)), None)
        if bad is not None:
            self.post_message(
                self.Refused(
                    f"that text holds a control character (U+{ord(bad):04X}), which could change "
                    "what a terminal shows; it was not added"
                )
            )
            return
        super().replace(text, start, end)


class WalkFormModal(ModalScreen[WalkFormResult | None]):
    """One form for three jobs; the times are checked with the same rules as the CLI."""

    CSS_PATH = stylesheet("walks.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "save", "Save", id="save"),
    ]

    def __init__(
        self,
        *,
        now: datetime,
        zone: tzinfo,
        active: ActiveWalk | None = None,
        walk: Walk | None = None,
        ask_end: bool = False,
    ) -> None:
        super().__init__()
        self.now = now
        self.zone = zone
        self.active = active
        self.editing = walk
        self.mode = "finish" if active else ("edit" if walk else "add")
        self.ask_end = ask_end  # "finish at a time": start in the end-time field

    def compose(self) -> ComposeResult:
        titles = {"finish": "Finish your walk", "add": "Add a past walk", "edit": "Edit this walk"}
        walk = self.editing
        with Vertical(id="dialog"):
            yield Static(titles[self.mode], classes="screen-title")
            if self.active is not None:
                since = self.active.started_at.astimezone(self.zone)
                yield Static(f"Started at {since:%H:%M}.", id="walk-since")
                yield self._row(
                    "Ended at (HH:MM)",
                    PlainInput(f"{self.now.astimezone(self.zone):%H:%M}", id="ended", compact=True),
                )
                minutes = str(Walk.minutes_between(self.active.started_at, self.now))
            else:
                start = self._shown_start(walk) if walk else ""
                yield self._row(
                    "Started (HH:MM or date)",
                    PlainInput(start, placeholder="blank: it ended now", id="start", compact=True),
                )
                minutes = str(walk.minutes) if walk else ""
            yield self._row(
                "Minutes",
                PlainInput(
                    minutes, placeholder="e.g. 15", type="integer", id="minutes", compact=True
                ),
            )
            yield self._row(
                "Terrain",
                Select(
                    TERRAIN_OPTIONS,
                    value=walk.terrain if walk else Terrain.FLAT,
                    allow_blank=False,
                    id="terrain",
                    compact=True,
                ),
            )
            yield self._row(
                "Leg pain",
                Select(
                    [("no", False), ("yes", True)],
                    value=walk.leg_pain if walk else False,
                    allow_blank=False,
                    id="leg-pain",
                    compact=True,
                ),
            )
            pain = "" if walk is None or walk.pain is None else str(walk.pain)
            yield self._row(
                "Pain 0-10 (optional)",
                PlainInput(pain, placeholder="blank", max_length=2, id="pain", compact=True),
            )
            # A stored note is shown inert: one written before notes were cleaned (or by
            # hand) may hold escape sequences, and an Input draws its value as it is.
            note = safe_text(walk.note, single_line=True) if walk else ""
            yield self._row("Note (optional)", PlainInput(note, id="note", compact=True))
            yield PlainText("", id="form-error")
            with Horizontal(id="buttons"):
                yield Button("Save (enter)", id="save", variant="primary", compact=True)
                yield Button("Cancel (escape)", id="cancel", compact=True)

    def _shown_start(self, walk: Walk) -> str:
        return walk.started_at.astimezone(self.zone).strftime("%Y-%m-%dT%H:%M")

    @staticmethod
    def _row(label: str, control: Input | Select[Terrain] | Select[bool]) -> Horizontal:
        return Horizontal(Static(label, classes="form-label"), control, classes="form-row")

    def on_mount(self) -> None:
        first = {
            "add": "#start",
            "edit": "#minutes",
            "finish": "#ended" if self.ask_end else "#minutes",
        }
        self.query_one(first[self.mode], Input).focus()

    def _end_time(self, active: ActiveWalk) -> datetime:
        """The end the person gave; the default (this minute) means now, to the second."""
        text = self.query_one("#ended", Input).value.strip()
        if text == f"{self.now.astimezone(self.zone):%H:%M}":
            return max(self.now, active.started_at)
        end = rules.parse_walk_time(text, self.now + timedelta(seconds=59), self.zone)
        if end < active.started_at.replace(second=0, microsecond=0):
            raise UsageError("the walk cannot end before it started")
        return max(end, active.started_at)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Finishing: the minutes follow the end time the person types."""
        if event.input.id != "ended" or self.active is None:
            return
        try:
            end = rules.parse_walk_time(event.value, self.now + timedelta(seconds=59), self.zone)
        except UsageError:
            return
        if end >= self.active.started_at:
            self.query_one("#minutes", Input).value = str(
                Walk.minutes_between(self.active.started_at, end)
            )

    def on_plain_input_refused(self, event: PlainInput.Refused) -> None:
        event.stop()
        self.query_one("#form-error", PlainText).set_text(event.problem)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        if not self.is_current:
            return  # a second enter of a burst: the form is already saved and gone
        try:
            walk = self._walk()
        except UsageError as error:
            self.query_one("#form-error", PlainText).set_text(str(error))
            return
        self.dismiss(WalkFormResult(walk))

    def _walk(self) -> Walk:
        minutes = rules.parse_minutes(self.query_one("#minutes", Input).value)
        terrain = self.query_one("#terrain", Select).value
        note = self.query_one("#note", Input).value
        # A stored note shown inert and left as it was is kept as stored, not as shown.
        kept_note = self.editing is not None and note == safe_text(
            self.editing.note, single_line=True
        )
        details = {
            "terrain": terrain if isinstance(terrain, Terrain) else Terrain.FLAT,
            "leg_pain": self.query_one("#leg-pain", Select).value is True,
            "pain": rules.parse_pain(self.query_one("#pain", Input).value),
            "note": "" if kept_note else rules.clean_note(note),
        }
        if self.active is not None:
            end = self._end_time(self.active)
            if minutes == Walk.minutes_between(self.active.started_at, end):
                return rules.finish_active(self.active, min(end, self.now), **details)
            start: datetime | None = self.active.started_at
        else:
            text = self.query_one("#start", Input).value.strip()
            start = rules.parse_walk_time(text, self.now, self.zone) if text else None
            if self.editing is not None and text == self._shown_start(self.editing):
                start = self.editing.started_at  # left as shown: to the second, as stored
        walk = rules.make_walk(minutes=minutes, now=self.now, started_at=start, **details)  # type: ignore[arg-type]
        if self.editing is not None:
            from dataclasses import replace

            walk = replace(
                walk, id=self.editing.id, note=self.editing.note if kept_note else walk.note
            )
        return walk


class ResumeWalkModal(ButtonDialog[str | None]):
    """After a restart: a walk is in progress since HH:MM. Keep timing, or finish it.

    Each choice shows its key; the arrows move between the buttons, enter picks one.
    """

    CSS_PATH = stylesheet("walks.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k,escape", "choose('keep')", "Keep timing", id="keep"),
        Binding("f", "choose('now')", "Finish it now", id="finish_now"),
        Binding("t", "choose('at')", "Finish at a time", id="finish_at"),
    ]

    def __init__(self, active: ActiveWalk, zone: tzinfo) -> None:
        super().__init__()
        self.active = active
        self.zone = zone

    def compose(self) -> ComposeResult:
        since = self.active.started_at.astimezone(self.zone)
        with Vertical(id="dialog"):
            yield Static(f"A walk is in progress since {since:%H:%M}.", id="resume-question")
            with Horizontal(id="buttons"):
                yield Button("Keep timing it (k)", id="keep", variant="primary")
                yield Button("Finish it now (f)", id="now")
                yield Button("Finish at a time (t)", id="at")
            yield Static(CHOICE_KEYS, id="resume-keys")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

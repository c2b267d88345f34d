"""The follow-up care form: add an item of any kind, or edit one. Enter saves.

Every field is checked by the model's own builder (`coach.model.care`), so the app
and `coach care add` accept and refuse the same things with the same words. Each
problem is said under its own field.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, tzinfo
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from coach.errors import UsageError
from coach.locations import stylesheet
from coach.model import care as rules
from coach.model.bounds import MAX_NOTE
from coach.model.records import CareItem, CareKind
from coach.plain import safe_text
from coach.screens.walk_form import PlainInput
from coach.widgets.text import PlainText

NAMES = {
    CareKind.APPOINTMENT: "appointment",
    CareKind.MEDICINE: "medicine",
    CareKind.RESULT: "test result",
    CareKind.QUESTION: "question",
}
KIND_OPTIONS = [(NAMES[kind].capitalize(), kind) for kind in CareKind]
TIME_FORMAT = "%Y-%m-%d %H:%M"

# Each kind's fields: (input id, label, placeholder, longest text). The ids are the
# builders' keyword names, so one dict of values feeds `build`.
FIELDS: dict[CareKind, list[tuple[str, str, str, int]]] = {
    CareKind.APPOINTMENT: [
        ("at", "When", "14:30, tomorrow 14:30 or 2026-12-01 14:30", 40),
        ("who", "With whom (optional)", "e.g. Dr Lee, physical therapist", rules.MAX_CARE_TEXT),
        ("note", "Note (optional)", "e.g. bring the scans", MAX_NOTE),
    ],
    CareKind.MEDICINE: [
        ("name", "Medicine", "its name", rules.MAX_CARE_TEXT),
        ("dose", "Dose (optional)", "e.g. 400 mg", rules.MAX_CARE_TEXT),
        ("how_often", "How often (optional)", "e.g. twice a day", rules.MAX_CARE_TEXT),
    ],
    CareKind.RESULT: [
        ("name", "Test", "what was tested", rules.MAX_CARE_TEXT),
        ("value", "Result", "what it showed", rules.MAX_CARE_TEXT),
        ("day", "Date", "YYYY-MM-DD, today or yesterday", 40),
    ],
    CareKind.QUESTION: [
        ("text", "Question", "to ask at the next visit", MAX_NOTE),
    ],
}
# A value each builder accepts, put in every field but the one checked alone.
HARMLESS = {
    "at": "00:00",
    "who": "",
    "note": "",
    "name": "x",
    "dose": "",
    "how_often": "",
    "value": "x",
    "day": "",
    "text": "x",
}
STORED = {"at": "at", "who": "who", "note": "note", "name": "name", "dose": "dose"}
STORED |= {"how_often": "how_often", "value": "value", "day": "day", "text": "name"}


def build(kind: CareKind, values: dict[str, str], now: datetime, zone: tzinfo) -> CareItem:
    """The item the model's builder makes of these values (UsageError if it refuses)."""
    v = {**HARMLESS, **values}
    if kind is CareKind.APPOINTMENT:
        return rules.appointment(at=v["at"], who=v["who"], note=v["note"], now=now, zone=zone)
    if kind is CareKind.MEDICINE:
        return rules.medicine(name=v["name"], dose=v["dose"], how_often=v["how_often"], now=now)
    if kind is CareKind.RESULT:
        return rules.result(name=v["name"], value=v["value"], day=v["day"], now=now, zone=zone)
    return rules.question(text=v["text"], now=now)


def field_problems(
    kind: CareKind, values: dict[str, str], now: datetime, zone: tzinfo
) -> dict[str, str]:
    """Each field given checked alone by the builder (the others harmless): every problem,
    by field, in the words `coach care add` uses."""
    problems = {}
    for field, *_ in FIELDS[kind]:
        if field not in values:
            continue
        try:
            build(kind, {field: values[field]}, now, zone)
        except UsageError as error:
            problems[field] = str(error)
    return problems


def input_id(kind: CareKind, field: str) -> str:
    return f"{kind.value}-{field}"


class CareFormModal(ModalScreen[CareItem | None]):
    """Add (with a choice of kind) or edit one item; the result is what to save."""

    CSS_PATH = stylesheet("care.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "save", "Save", id="save"),
    ]

    def __init__(
        self,
        *,
        now: datetime,
        zone: tzinfo,
        kind: CareKind = CareKind.APPOINTMENT,
        item: CareItem | None = None,
    ) -> None:
        super().__init__()
        self.now = now
        self.zone = zone
        self.editing = item
        self.kind = item.kind if item is not None else kind

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._title(), id="care-form-title", classes="screen-title")
            if self.editing is None:
                yield Horizontal(
                    Static("Kind", classes="form-label"),
                    Select(
                        KIND_OPTIONS, value=self.kind, allow_blank=False, id="kind", compact=True
                    ),
                    classes="form-row",
                )
            for kind, fields in FIELDS.items():
                with Vertical(id=f"fields-{kind.value}", classes="care-fields"):
                    for field, label, placeholder, longest in fields:
                        yield Horizontal(
                            Static(label, classes="form-label"),
                            PlainInput(
                                self._shown(kind, field),
                                placeholder=placeholder,
                                max_length=longest,
                                id=input_id(kind, field),
                                compact=True,
                            ),
                            classes="form-row",
                        )
                        yield PlainText(
                            "", id=f"{input_id(kind, field)}-error", classes="field-error"
                        )
            yield PlainText("", id="form-error", classes="field-error")
            with Horizontal(id="buttons"):
                yield Button("Save (enter)", id="save", variant="primary", compact=True)
                yield Button("Cancel (escape)", id="cancel", compact=True)

    def _title(self) -> str:
        name = NAMES[self.kind]
        return f"Edit this {name}" if self.editing is not None else f"Add {_article(name)} {name}"

    def _shown(self, kind: CareKind, field: str) -> str:
        """The stored value, inert (an Input draws its value as it is), for the item edited."""
        item = self.editing
        if item is None or item.kind is not kind:
            return ""
        value = getattr(item, STORED[field])
        if field == "at":
            return "" if value is None else value.astimezone(self.zone).strftime(TIME_FORMAT)
        if field == "day":
            return "" if value is None else value.isoformat()
        return safe_text(str(value), single_line=True)

    def on_mount(self) -> None:
        self._show_kind()
        for error in self.query(".field-error"):
            error.display = False
        self._first_input().focus()

    def _first_input(self) -> Input:
        field = FIELDS[self.kind][0][0]
        return self.query_one(f"#{input_id(self.kind, field)}", Input)

    def _show_kind(self) -> None:
        for kind in CareKind:
            self.query_one(f"#fields-{kind.value}").display = kind is self.kind
        self.query_one("#care-form-title", Static).update(self._title())

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, CareKind) and event.value is not self.kind:
            self.kind = event.value
            self._show_kind()
            self._say({})

    def on_plain_input_refused(self, event: PlainInput.Refused) -> None:
        """A pasted control character: said under the field it was pasted into."""
        event.stop()
        focused = self.focused
        target = f"#{focused.id}-error" if isinstance(focused, Input) and focused.id else None
        self._say({}, general=event.problem if target is None else "")
        if target is not None:
            self._error(target, event.problem)

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
        values, kept = self._values()
        problems = field_problems(self.kind, values, self.now, self.zone)
        if problems:
            self._say(problems)
            first = next(f for f, *_ in FIELDS[self.kind] if f in problems)
            self.query_one(f"#{input_id(self.kind, first)}", Input).focus()
            return
        try:
            item = build(self.kind, values, self.now, self.zone)
        except UsageError as error:  # every field passed alone: say it for the form
            self._say({}, general=str(error))
            return
        self.dismiss(self._kept(item, kept))

    def _values(self) -> tuple[dict[str, str], set[str]]:
        """What was typed; a stored value shown inert and left as it was is kept as stored
        (the builder sees a harmless stand-in for it)."""
        values: dict[str, str] = {}
        kept: set[str] = set()
        for field, *_ in FIELDS[self.kind]:
            typed = self.query_one(f"#{input_id(self.kind, field)}", Input).value
            if self.editing is not None and typed and typed == self._shown(self.kind, field):
                kept.add(field)
                continue
            values[field] = typed
        return values, kept

    def _kept(self, item: CareItem, kept: set[str]) -> CareItem:
        editing = self.editing
        if editing is None:
            return item
        stored = {STORED[f]: getattr(editing, STORED[f]) for f in kept}
        return replace(item, **stored, id=editing.id, added_at=editing.added_at)

    def _say(self, problems: dict[str, str], *, general: str = "") -> None:
        for kind, fields in FIELDS.items():
            for field, *_ in fields:
                shown = problems.get(field, "") if kind is self.kind else ""
                self._error(f"#{input_id(kind, field)}-error", shown)
        self._error("#form-error", general)

    def _error(self, selector: str, text: str) -> None:
        error = self.query_one(selector, PlainText)
        error.set_text(text)
        error.display = bool(text)


def _article(name: str) -> str:
    return "an" if name[0] in "aeiou" else "a"

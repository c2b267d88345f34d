"""The exercise editor: make an exercise, or change one of your own, checked as you type.

Every field is written into the TOML an exercise file holds and read back by the
rules of `coach content check` (`model.own_exercises.checked`), a moment after the
last key: the problems are listed under the form, naming each field as the form
shows it. Saved in the database (ctrl+s); exported as a TOML file to give back to a
physical therapist (ctrl+e). A bundled exercise is never changed: the list opens a
copy of it here, under an id of its own.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Input, Static, TextArea

from coach.errors import CoachError, StaleRecord
from coach.locations import stylesheet
from coach.model.own_exercises import (
    ExerciseDraft,
    StepDraft,
    checked,
    free_id,
    own_document,
)
from coach.plain import safe_text
from coach.screens.confirm import ButtonDialog, ConfirmModal
from coach.screens.too_small import PHONE_SIZE
from coach.widgets.footer import QuietFooter
from coach.widgets.text import PlainText

if TYPE_CHECKING:
    from coach.app import CoachApp
    from coach.store.database import Store

CHECK_AFTER = 0.3  # seconds after the last key: the form is checked once a burst is over
PICTURE_HELP = "at most 40 columns and 14 lines; drawn in the characters you type"


def _field(label: str, widget: Input | TextArea | Horizontal) -> Vertical:
    return Vertical(Static(label, classes="field-label"), widget, classes="field")


def _range(name: str, low: str, high: str) -> Horizontal:
    """Two numbers as typed, "low to high": `{name}_min` and `{name}_max`."""
    return Horizontal(
        Input(low, name=f"{name}_min", compact=True, classes="number"),
        Static(" to ", classes="between"),
        Input(high, name=f"{name}_max", compact=True, classes="number"),
        classes="range",
    )


def _text_area(text: str, name: str, *, picture: bool = False) -> TextArea:
    """A text field of several lines; a picture's keeps its lines as drawn (no wrap)."""
    area = TextArea(
        text,
        soft_wrap=not picture,
        tab_behavior="focus",
        show_line_numbers=False,
        compact=True,
        name=name,
        classes="picture" if picture else "words",
    )
    return area


class StepForm(Vertical):
    """One step's fields: title, words, hold range, pictures, and the neck variant's."""

    def __init__(self, step: StepDraft) -> None:
        super().__init__(classes="step-form")
        self.step = step

    def compose(self) -> ComposeResult:
        step = self.step
        with Horizontal(classes="step-head"):
            yield Static("", classes="step-title")
            yield Button("Up", classes="step-up", compact=True)
            yield Button("Remove", classes="step-remove", compact=True)
        yield _field("Title", Input(step.title, name="title", compact=True))
        yield _field("What to do", _text_area(step.text, "text"))
        if step.in_cycle:
            yield _field(
                "Hold, seconds (leave both empty for a step with no timer)",
                _range("hold", step.hold_min, step.hold_max),
            )
        yield _field(
            f"Picture ({PICTURE_HELP}; optional)", _text_area(step.picture, "picture", picture=True)
        )
        yield _field(
            "With a neck problem: what to do instead (optional)",
            _text_area(step.neck_text, "neck_text"),
        )
        yield _field(
            "With a neck problem: its picture (optional)",
            _text_area(step.neck_picture, "neck_picture", picture=True),
        )

    def draft(self) -> StepDraft:
        values: dict[str, Any] = {"in_cycle": self.step.in_cycle}
        for widget in self.query(Input):
            if widget.name:
                values[widget.name] = widget.value
        for area in self.query(TextArea):
            if area.name:
                values[area.name] = area.text
        return StepDraft(**values)


class ExerciseEditor(Screen[None]):
    CSS_PATH = stylesheet("editor.tcss")
    app: CoachApp
    MIN_SIZE: ClassVar[tuple[int, int]] = PHONE_SIZE
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="save"),
        Binding("ctrl+e", "export", "Export", priority=True, id="export"),
        Binding("escape", "leave", "Back", id="back"),
    ]

    def __init__(self, draft: ExerciseDraft, *, was: dict[str, Any] | None = None) -> None:
        """`was`: the stored exercise being changed (None: a new one)."""
        super().__init__()
        self.draft = draft
        self.was = was
        self.saved_text: str | None = None if was is None else was["text"]
        self.text = ""
        self.problems: list[str] = []
        self._check: Timer | None = None
        self._auto_id = draft.id  # the id as made from the title (a new exercise's)

    def compose(self) -> ComposeResult:
        draft = self.draft
        with Horizontal(id="editor-top"):
            yield Static("Your exercise", id="editor-title")
            yield PlainText("", id="editor-state")
        with VerticalScroll(id="editor-body"):
            yield _field("Title", Input(draft.title, name="title", compact=True, id="title"))
            yield _field(
                "Summary: one line for the menu (at most 100 characters)",
                Input(draft.summary, name="summary", compact=True, id="summary"),
            )
            yield _field(
                "Id (lower-case letters, digits and dashes; sessions are kept under it)",
                Input(
                    draft.id,
                    name="id",
                    compact=True,
                    id="exercise-id",
                    disabled=self.was is not None,
                ),
            )
            yield _field("Repetitions", _range("reps", draft.reps_min, draft.reps_max))
            yield _field(
                "Cautions: one per line, at most 3 (the general ones are always shown too)",
                _text_area(draft.cautions, "cautions"),
            )
            yield _field(
                "How to move between the steps, each repetition",
                _text_area(draft.cycle_text, "cycle_text"),
            )
            yield Vertical(*(StepForm(step) for step in draft.steps), id="steps")
            with Horizontal(id="step-buttons"):
                yield Button("Add a start step", id="add-start", compact=True)
                yield Button("Add a step to each repetition", id="add-step", compact=True)
        yield PlainText("", id="editor-problems")
        yield QuietFooter()

    def on_mount(self) -> None:
        self._number_steps()
        self._checked()
        self.query_one("#title", Input).focus()

    # Reading the form.

    def current(self) -> ExerciseDraft:
        values: dict[str, Any] = {}
        body = self.query_one("#editor-body")
        for widget in body.query(Input):
            if widget.name and not _in_step(widget):
                values[widget.name] = widget.value
        for area in body.query(TextArea):
            if area.name and not _in_step(area):
                values[area.name] = area.text
        steps = [form.draft() for form in self.query(StepForm)]
        return replace(self.draft, steps=steps, **values)

    def _taken(self) -> set[str]:
        """The ids of every other exercise: bundled, given, the program's, the person's."""
        ids = {item.exercise.id for item in self.app.menu_exercises()}
        ids.update(e.id for e in self.app.library.exercises)
        if self.was is not None:
            ids.discard(self.was["id"])
        return ids

    def _checked(self) -> None:
        """Check the form as it is now, and say what is wrong, field by field."""
        self._check = None
        _, self.problems, self.text = checked(self.current(), self._taken())
        shown = self.query_one("#editor-problems", PlainText)
        shown.set_text("\n".join(self.problems[:6] + (["…"] if len(self.problems) > 6 else [])))
        shown.display = bool(self.problems)
        count = len(self.problems)
        if count:
            state = f"{count} problem{'s' if count != 1 else ''}"
        elif self.text == self.saved_text:
            state = "saved"
        else:
            state = "ready to save (ctrl+s)"
        self.query_one("#editor-state", PlainText).set_text(state)

    @on(Input.Changed, "#title")
    def _title_changed(self, event: Input.Changed) -> None:
        """A new exercise takes its id from its title, until the id is typed by hand."""
        if self.was is not None:
            return
        shown = self.query_one("#exercise-id", Input)
        if shown.value == self._auto_id:
            self._auto_id = free_id(event.value, self._taken()) if event.value.strip() else ""
            shown.value = self._auto_id

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _changed(self) -> None:
        """A moment after the last key, check again (a burst of keys is checked once)."""
        if self._check is not None:
            self._check.stop()
        self._check = self.set_timer(CHECK_AFTER, self._checked)

    # Steps.

    def _number_steps(self) -> None:
        for number, form in enumerate(self.query(StepForm), start=1):
            kind = "in each repetition" if form.step.in_cycle else "start, once"
            form.query_one(".step-title", Static).update(f"Step {number} ({kind})")

    @on(Button.Pressed, "#add-start, #add-step")
    async def _add_step(self, event: Button.Pressed) -> None:
        in_cycle = event.button.id == "add-step"
        step = StepDraft(
            in_cycle=in_cycle, hold_min="15" if in_cycle else "", hold_max="30" if in_cycle else ""
        )
        steps = self.query_one("#steps")
        forms = list(self.query(StepForm))
        form = StepForm(step)
        if in_cycle or not forms:
            await steps.mount(form)
        else:  # start steps come before the repetition's
            first_in_cycle = next((f for f in forms if f.step.in_cycle), None)
            await steps.mount(form, before=first_in_cycle) if first_in_cycle else await steps.mount(
                form
            )
        self._number_steps()
        form.query_one(Input).focus()
        form.scroll_visible()
        self._changed()

    @on(Button.Pressed, ".step-remove")
    async def _remove_step(self, event: Button.Pressed) -> None:
        form = next(a for a in event.button.ancestors if isinstance(a, StepForm))
        await form.remove()
        self._number_steps()
        self._changed()

    @on(Button.Pressed, ".step-up")
    def _move_up(self, event: Button.Pressed) -> None:
        form = next(a for a in event.button.ancestors if isinstance(a, StepForm))
        forms = list(self.query(StepForm))
        index = forms.index(form)
        if index > 0 and forms[index - 1].step.in_cycle == form.step.in_cycle:
            self.query_one("#steps").move_child(form, before=forms[index - 1])
            self._number_steps()
            self._changed()

    # Saving and leaving.

    def action_save(self) -> None:
        self._checked()
        if self.problems:
            count = len(self.problems)
            self.app.notify(
                f"Not saved: {count} problem{'s' if count != 1 else ''}, listed under the form.",
                severity="warning",
                timeout=6,
            )
            return
        draft = self.current()
        doc = own_document(self.text, draft.id, self.app.clock.now())
        was = self.was

        def save(store: Store) -> dict[str, Any]:
            store.save_own_exercise(doc, was=was)
            return doc

        def saved(kept: dict[str, Any]) -> None:
            self.was, self.saved_text = kept, kept["text"]
            self.query_one("#exercise-id", Input).disabled = True  # sessions are kept under it
            self._checked()
            self.app.notify(
                f"Saved: {draft.title.strip()}. It is on the menu, as yours.",
                timeout=4,
                markup=False,
            )

        def refused(error: CoachError) -> None:
            """Changed or deleted in another window: the person's words stay here; the
            next ctrl+s puts them in the place of what is in the file now."""
            if not isinstance(error, StaleRecord):
                return
            try:
                docs = self.app.store.own_exercise_documents()
            except CoachError:
                return
            self.was = next((d for d in docs if d["id"] == draft.id), None)
            self.saved_text = None if self.was is None else self.was["text"]
            self._auto_id = ""  # its id stays as it is, whatever the title becomes
            self._checked()
            self.app.notify(
                "Your changes are still here. Press ctrl+s again to save them in place of "
                "the other window's, or escape to leave them.",
                title="Changed in another window",
                severity="warning",
                timeout=12,
            )

        self.app.write(save, saved, refused)

    def action_export(self) -> None:
        """The exercise as a TOML file (as checked now), to give back to a therapist."""
        self._checked()
        if self.problems:
            self.app.notify(
                "Not exported: fix the problems listed under the form first.",
                severity="warning",
                timeout=6,
            )
            return
        from coach.locations import report_folder

        draft = self.current()
        suggested = str(report_folder() / f"{draft.id}.toml")

        text = self.text

        def chosen(path: str | None) -> None:
            if path:
                export_to(self.app, path, text)

        self.app.push_screen(ExportModal(suggested), chosen)

    def action_leave(self) -> None:
        """Back to the list; with changes not saved, only once the person says so."""
        if not self._unsaved():
            self.app.pop_screen()
            return

        def answer(leave: bool | None) -> None:
            if leave:
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmModal("Leave without saving your changes?", yes="Leave", no="Keep editing"),
            answer,
        )

    def _unsaved(self) -> bool:
        self._checked()
        if self.saved_text is not None:
            return self.text != self.saved_text
        return self.current() != self.draft


def export_to(app: CoachApp, typed: str, text: str) -> bool:
    """Write the exercise's file where the person said; a problem is one calm line."""
    import stat

    from coach.store.files import describe_os_error
    from coach.store.maintenance import write_file

    shown = safe_text(typed, single_line=True)
    try:
        if typed.endswith(("/", os.sep)):
            raise CoachError(f"{shown}: that is a folder; give the file's name too")
        path = Path(typed).expanduser()
        if not path.parent.is_dir():
            raise CoachError(f"{shown}: there is no folder {path.parent}")
        if path.exists() and not stat.S_ISREG(path.stat().st_mode):
            # a pipe or a device would hold the screen until something read it
            raise CoachError(f"{shown}: not a regular file; not written")
        write_file(path, text, database=app.store.path)
    except CoachError as error:
        app.report(error)
        return False
    except RuntimeError:  # ~name: no such user
        app.report(CoachError(f"{shown}: there is no home folder for that name"))
        return False
    except ValueError:  # a NUL in the path
        app.report(CoachError(f"{shown}: a file name cannot hold that character"))
        return False
    except OSError as error:
        app.report(CoachError(f"{shown}: cannot write it: {describe_os_error(error)}"))
        return False
    app.notify(f"Exported to {safe_text(str(path), single_line=True)}", timeout=6, markup=False)
    return True


def _in_step(widget: Any) -> bool:
    return any(isinstance(a, StepForm) for a in widget.ancestors)


class ExportModal(ButtonDialog[str | None]):
    """Where to write the exercise's file: a path, suggested in the Documents folder."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    MIN_SIZE: ClassVar[tuple[int, int]] = PHONE_SIZE

    def __init__(self, suggested: str) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield PlainText("Export the exercise as a TOML file, to:", id="question")
            yield Input(self.suggested, id="export-path")
            with Horizontal(id="buttons"):
                yield Button("Export (enter)", id="yes", variant="primary")
                yield Button("Cancel (escape)", id="no")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        value = self.query_one("#export-path", Input).value.strip()
        self.dismiss(value or None if event.button.id == "yes" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)

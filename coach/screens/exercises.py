"""Your own exercises: make one, change one, copy a bundled one, export one, delete one.

Every exercise is listed: the bundled ones and those given with a program open the
editor on a copy (they are never changed); the person's own open as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach.errors import CoachError
from coach.locations import stylesheet
from coach.messages import StoreChanged
from coach.model.content import Exercise
from coach.model.own_exercises import draft_of, new_draft
from coach.model.program import MenuExercise
from coach.plain import safe_text
from coach.screens.too_small import PHONE_SIZE
from coach.widgets.footer import QuietFooter
from coach.widgets.text import PlainText

if TYPE_CHECKING:
    from coach.app import CoachApp
    from coach.store.database import Store

HELP = (
    "enter changes one of your own, or opens a copy of any other (bundled exercises and "
    "your program's are never changed); n makes a new one; x exports yours as a file "
    "for your therapist; d deletes one of yours."
)


class ExercisesScreen(Screen[None]):
    CSS_PATH = stylesheet("editor.tcss")
    app: CoachApp
    MIN_SIZE: ClassVar[tuple[int, int]] = PHONE_SIZE
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("enter", "edit", "Change", id="edit"),
        Binding("n", "new", "New", id="new"),
        Binding("x", "export", "Export", id="export"),
        Binding("d,delete", "delete", "Delete", id="delete"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Your own exercises", classes="screen-title")
        yield PlainText(HELP, id="exercises-help")
        yield OptionList(id="exercise-list")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def reload(self, _message: StoreChanged | None = None) -> None:
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        self.items = self.app.menu_exercises()
        listed = {(item.exercise.id, item.own) for item in self.items}
        # one of yours under an id your program uses too: the menu shows the program's,
        # and this list still has yours, to change, export or delete
        self.items += [
            MenuExercise(exercise, own=True)
            for exercise in self.app.own_exercises
            if (exercise.id, True) not in listed
        ]
        listing.set_options(
            Option(_entry(item.exercise, own=item.own, given=item.planned is not None), id=str(n))
            for n, item in enumerate(self.items)
        )
        if self.items:
            listing.highlighted = min(highlighted or 0, len(self.items) - 1)

    def on_store_changed(self, message: StoreChanged) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        """Back from the editor: what it saved is listed."""
        if self.is_mounted and self.query(OptionList):
            self.reload()

    def _chosen(self) -> tuple[Exercise, bool] | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.items):
            return None
        item = self.items[index]
        return item.exercise, item.own

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def _taken(self) -> set[str]:
        return {item.exercise.id for item in self.items} | {
            e.id for e in self.app.library.exercises
        }

    def action_new(self) -> None:
        from coach.screens.editor import ExerciseEditor

        self.app.push_screen(ExerciseEditor(new_draft()))

    def action_edit(self) -> None:
        from coach.screens.editor import ExerciseEditor

        chosen = self._chosen()
        if chosen is None:
            return
        exercise, own = chosen
        if own:
            was = self._kept(exercise.id)
            if was is None:
                return
            draft = draft_of(exercise, copy=False, taken=self._taken())
            self.app.push_screen(ExerciseEditor(draft, was=was))
        else:
            draft = draft_of(exercise, copy=True, taken=self._taken())
            self.app.push_screen(ExerciseEditor(draft))

    def _kept(self, exercise_id: str) -> dict[str, Any] | None:
        try:
            docs = self.app.store.own_exercise_documents()
        except CoachError as error:
            self.app.report(error)
            return None
        return next((doc for doc in docs if doc["id"] == exercise_id), None)

    def action_export(self) -> None:
        from coach.locations import report_folder
        from coach.screens.editor import ExportModal, export_to

        chosen = self._chosen()
        if chosen is None or not chosen[1]:
            self.app.notify(
                "Only your own exercises are exported here: open a copy first (enter).", timeout=5
            )
            return
        was = self._kept(chosen[0].id)
        if was is None:
            return

        def to(path: str | None) -> None:
            if path:
                export_to(self.app, path, was["text"])

        self.app.push_screen(ExportModal(str(report_folder() / f"{was['id']}.toml")), to)

    def action_delete(self) -> None:
        from coach.screens.confirm import ConfirmModal

        chosen = self._chosen()
        if chosen is None or not chosen[1]:
            self.app.notify("Only your own exercises can be deleted.", timeout=5)
            return
        exercise = chosen[0]
        was = self._kept(exercise.id)
        if was is None:
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return

            def delete(store: Store) -> None:
                store.delete_own_exercise(was)

            self.app.write(
                delete,
                lambda _: self.app.notify(f"Deleted: {exercise.title}", timeout=4, markup=False),
            )

        question = f"Delete {safe_text(exercise.title, single_line=True)}? Its sessions stay in your history."
        self.app.push_screen(ConfirmModal(question, yes="Delete", no="Keep it"), answer)


def _entry(exercise: Exercise, *, own: bool, given: bool) -> Content:
    if own:
        kind = "Yours: enter changes it, x exports it, d deletes it"
    elif given:
        kind = "From your program: enter opens your own copy"
    else:
        kind = "Bundled: enter opens your own copy"
    return Content.assemble(
        (safe_text(exercise.title, single_line=True), "bold"), "\n", (kind, "dim")
    )

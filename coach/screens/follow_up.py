"""Follow-up care: the source's guidance (F18 to F20) above the person's own lists.

Appointments, medicines, test results and questions for the next visit, one tab
each (1 to 4, or a click), with add, edit, delete and undo as on the walk log. The
lists are short, so they are read on the main thread when the screen opens and
whenever the file changes. Past appointments stay, shown as past.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from coach.errors import CoachError
from coach.locations import stylesheet
from coach.messages import StoreChanged
from coach.model import care as rules
from coach.model.records import CareItem, CareKind
from coach.plain import safe_text
from coach.screens.undo import UndoStack
from coach.widgets.footer import QuietFooter
from coach.widgets.tables import selected_id
from coach.widgets.text import PlainText

if TYPE_CHECKING:
    from coach.app import CoachApp
    from coach.store.database import Store


TAB_NAMES = {
    CareKind.APPOINTMENT: "Appointments",
    CareKind.MEDICINE: "Medicines",
    CareKind.RESULT: "Test results",
    CareKind.QUESTION: "Questions",
}
# Each list's columns and the width each wants; the last takes what is left. Cells wrap
# (a row grows), so a long question or note is read whole, never cut or scrolled sideways.
COLUMNS: dict[CareKind, list[tuple[str, int]]] = {
    CareKind.APPOINTMENT: [("When", 28), ("With", 20), ("Note", 0)],
    CareKind.MEDICINE: [("Medicine", 26), ("Dose", 14), ("How often", 0)],
    CareKind.RESULT: [("Test", 24), ("Date", 11), ("Result", 0)],
    CareKind.QUESTION: [("Questions for the next visit", 0)],
}
MIN_LAST, MIN_COLUMN = 16, 8
EMPTY = {
    CareKind.APPOINTMENT: "No appointments yet. Press a to add one.",
    CareKind.MEDICINE: "No medicines listed yet. Press a to add one you take.",
    CareKind.RESULT: "No test results yet. Press a to add one.",
    CareKind.QUESTION: "No questions yet. Press a to note one for the next visit.",
}
WHEN = "%a %d %b %Y %H:%M"


def _list_key(number: int, kind: CareKind) -> Binding:
    """1 to 4 show a list; the tabs carry the numbers, so the footer need not."""
    return Binding(
        str(number), f"show_list('{kind.value}')", TAB_NAMES[kind], show=False, id=f"care_{kind}"
    )


class FollowUpScreen(Screen[None]):
    CSS_PATH = stylesheet("care.tcss")
    app: CoachApp
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="care_add"),
        Binding("e", "edit", "Edit", id="care_edit"),
        Binding("d", "delete", "Delete", id="care_delete"),
        Binding("u", "undo", "Undo", id="care_undo"),
        *(_list_key(n, kind) for n, kind in enumerate(CareKind, start=1)),
        Binding("escape", "app.pop_screen", "Back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[CareItem] = []
        self.deleted: UndoStack[CareItem] = UndoStack()  # undo: only here, onto the file as left

    def compose(self) -> ComposeResult:
        yield Static("Follow-up care", classes="screen-title")
        guidance = " ".join(item.text.strip() for item in self.app.library.follow_up)
        yield PlainText(guidance, id="care-guidance")
        with TabbedContent(id="care-lists"):
            for number, kind in enumerate(CareKind, start=1):
                with TabPane(self._tab_label(number, kind, 0), id=kind.value):
                    yield DataTable(id=f"{kind.value}-table", cursor_type="row", zebra_stripes=True)
                    yield PlainText(EMPTY[kind], id=f"{kind.value}-empty", classes="care-empty")
        yield QuietFooter()

    @staticmethod
    def _tab_label(number: int, kind: CareKind, count: int) -> Content:
        counted = f" ({count})" if count else ""
        return Content(f"{number} {TAB_NAMES[kind]}{counted}")

    def on_mount(self) -> None:
        self.reload()
        self._table(CareKind.APPOINTMENT).focus()

    def on_resize(self) -> None:
        self._show()

    def on_unmount(self) -> None:
        self.deleted.clear()  # undo lasts until the screen is left

    # Reading.

    @on(StoreChanged)
    def reload(self) -> None:
        """Read the lists again (the file changed, or this screen changed it)."""
        try:
            self.items = self.app.store.care_items()
        except CoachError as error:
            self.app.report(error)
            return
        self._show()

    def _show(self) -> None:
        tabs = self.query_one(TabbedContent)
        for number, kind in enumerate(CareKind, start=1):
            shown = self._ordered(kind)
            self._fill(kind, shown)
            tabs.get_tab(kind.value).label = self._tab_label(number, kind, len(shown))

    def _ordered(self, kind: CareKind) -> list[CareItem]:
        """Appointments to come first (soonest first), then past ones (latest first)."""
        listed = [i for i in self.items if i.kind is kind]
        if kind is not CareKind.APPOINTMENT:
            return listed
        now = self.app.clock.now()
        ahead = [i for i in listed if not self._past(i, now)]
        return ahead + [i for i in reversed(listed) if self._past(i, now)]

    @staticmethod
    def _past(item: CareItem, now: datetime) -> bool:
        """Over by the model's rule (one that began within the hour is still the next)."""
        return item.kind is CareKind.APPOINTMENT and rules.next_appointment([item], now) is None

    def _fill(self, kind: CareKind, items: list[CareItem]) -> None:
        table = self._table(kind)
        selected = selected_id(table)
        table.clear(columns=True)
        for (label, _), width in zip(COLUMNS[kind], self._widths(kind), strict=True):
            table.add_column(label, width=width)
        now = self.app.clock.now()
        for item in items:
            past = self._past(item, now)
            table.add_row(*self._cells(item, past), key=str(item.id), height=None)
        if selected is not None and str(selected) in table.rows:
            table.move_cursor(row=table.get_row_index(str(selected)))
        self.query_one(f"#{kind.value}-empty").display = not items

    def _widths(self, kind: CareKind) -> list[int]:
        """The columns' widths in this window: each as it wants, the last the rest (at least
        MIN_LAST, taken from the others first from the right)."""
        wanted = [width for _, width in COLUMNS[kind]]
        room = max(self.size.width, 60) - 2 - 2 * len(wanted)  # a scroll bar, cell padding
        widths = wanted[:-1]
        for index in reversed(range(len(widths))):
            short = MIN_LAST - (room - sum(widths))
            if short > 0:
                widths[index] = max(MIN_COLUMN, widths[index] - short)
        return [*widths, max(MIN_LAST, room - sum(widths))]

    def _cells(self, item: CareItem, past: bool) -> list[Text]:
        zone = self.app.zone
        if item.kind is CareKind.APPOINTMENT:
            when = f"{item.at.astimezone(zone):{WHEN}}" if item.at else ""
            texts = [f"{when} (past)" if past else when, item.who, item.note]
        elif item.kind is CareKind.MEDICINE:
            texts = [item.name, item.dose, item.how_often]
        elif item.kind is CareKind.RESULT:
            texts = [item.name, f"{item.day:%d %b %Y}" if item.day else "", item.value]
        else:
            texts = [item.name]
        # Text, never a plain string (a DataTable reads those as markup); it wraps in its column.
        cells = [Text(safe_text(text, single_line=True)) for text in texts]
        if past:
            for shown in cells:
                shown.stylize("dim")
        return cells

    def _table(self, kind: CareKind) -> DataTable[Text]:
        return self.query_one(f"#{kind.value}-table", DataTable)

    @property
    def kind(self) -> CareKind:
        """The list on show."""
        return CareKind(self.query_one(TabbedContent).active or CareKind.APPOINTMENT.value)

    def _selected(self) -> CareItem | None:
        """The item under the cursor; with none, say so rather than do nothing."""
        item_id = selected_id(self._table(self.kind))
        item = next((i for i in self.items if i.id == item_id), None)
        if item is None:
            self.notify("Nothing here to change yet: press a to add one.", timeout=3)
        return item

    # Lists.

    def action_show_list(self, kind: str) -> None:
        self.query_one(TabbedContent).active = kind
        self._table(CareKind(kind)).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab clicked or chosen with the arrows: its list takes the keys."""
        if event.pane.id is not None:
            self._table(CareKind(event.pane.id)).focus()

    # Actions.

    def action_add(self) -> None:
        self._open_form(lambda store, item: store.add_care(item), kind=self.kind)

    def action_edit(self) -> None:
        item = self._selected()
        if item is not None:
            self._open_form(lambda store, edited: store.update_care(edited, was=item), item=item)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter, or a click on the row already highlighted: edit it."""
        event.stop()
        self.action_edit()

    def _open_form(self, save: Callable[[Store, CareItem], object], **options: object) -> None:
        """Show the form; save what it returns on the app's writer, then show the list."""
        from coach.screens.care_form import NAMES, CareFormModal

        form = CareFormModal(now=self.app.clock.now(), zone=self.app.zone, **options)  # type: ignore[arg-type]

        def answered(item: CareItem | None) -> None:
            if item is None:
                return

            def saved(_: object) -> None:
                self.app.notify(f"{NAMES[item.kind].capitalize()} saved.", timeout=3)
                if self.is_attached:
                    self.action_show_list(item.kind.value)
                    self.reload()

            # changed or deleted elsewhere: the app says so; show the file as it is
            self.app.write(
                lambda store: save(store, item), saved, lambda _: self._reload_if_shown()
            )

        self.app.push_screen(form, answered)

    def action_delete(self) -> None:
        item = self._selected()
        if item is None:
            return
        from coach.screens.care_form import NAMES
        from coach.screens.confirm import ConfirmModal

        def deleted(done: CareItem | None) -> None:
            if done is not None:
                self.app.notify(
                    "Deleted. Press u to undo (until you leave this screen).", timeout=6
                )
            self._reload_if_shown()

        def answer(yes: bool | None) -> None:
            if yes:
                self.deleted.delete(self.app, lambda store: store.delete_care(item), deleted)

        shown = safe_text(rules.describe(item, self.app.zone), single_line=True)
        question = f"Delete this {NAMES[item.kind]}: {shown}?"
        self.app.push_screen(ConfirmModal(question, yes="Delete", no="Keep"), answer)

    def action_undo(self) -> None:
        def restored(item: CareItem | None) -> None:
            if not self.is_attached:
                return
            if item is not None:
                self.app.notify("Restored.", timeout=3)
                self.action_show_list(item.kind.value)
            self.reload()

        if not self.deleted.undo(self.app, lambda store, d: store.restore_care(d), restored):
            self.app.notify("Nothing to undo.", timeout=3)

    def _reload_if_shown(self) -> None:
        if self.is_attached:
            self.reload()

"""`coach care ...`: the follow-up care lists (F18 to F20) from the shell.

The same rules as the app's form (`coach.model.care`), the same ids, exits and
one-line errors as `coach walk ...`: exit 0 when done, 1 for damaged or missing
data, 2 for bad input, and on any failure the database is left as it was. Stored
text reaches a terminal only made inert (`safe_text`, `json_inert`). No Textual here.
"""

from __future__ import annotations

import json
from argparse import Namespace
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, TextIO

from coach.cli import open_store, shown_path
from coach.clock import SystemClock, local_zone
from coach.errors import CoachError, UsageError, quoted
from coach.model import care as rules
from coach.model.records import CareItem, CareKind
from coach.plain import json_inert, safe_text

if TYPE_CHECKING:
    from coach.store.database import Store

EMPTY = (
    "no follow-up care items yet (add one with: coach care add appointment|medicine|"
    "result|question ...)"
)


def _now() -> datetime:
    return SystemClock.from_environment().now()


def care_add(args: Namespace, out: TextIO) -> int:
    """Read and check everything before the file is opened: bad input writes nothing."""
    now, zone = _now(), local_zone()
    kind = CareKind(args.care_kind)
    if kind is CareKind.APPOINTMENT:
        item = rules.appointment(at=args.at, who=args.who, note=args.note, now=now, zone=zone)
    elif kind is CareKind.MEDICINE:
        item = rules.medicine(name=args.name, dose=args.dose, how_often=args.how_often, now=now)
    elif kind is CareKind.RESULT:
        item = rules.result(name=args.name, value=args.value, day=args.date, now=now, zone=zone)
    else:
        item = rules.question(text=args.text, now=now)
    item_id = open_store(args, writing=True).add_care(item)
    print(f"{kind.value} {item_id} saved: {describe_item(item, now, zone)}", file=out)
    return 0


def care_list(args: Namespace, out: TextIO) -> int:
    items = open_store(args).care_items()
    if args.json:
        out.write(json_inert(json.dumps([care_json(i) for i in items], ensure_ascii=False)))
        out.write("\n")
        return 0
    if not items:
        print(EMPTY, file=out)
        return 0
    now, zone = _now(), local_zone()
    for kind in CareKind:
        listed = [i for i in items if i.kind is kind]
        if listed:
            print(kind.plural, file=out)
            for item in listed:
                print(f"{item.id:>5}  {describe_item(item, now, zone)}", file=out)
    return 0


def care_delete(args: Namespace, out: TextIO) -> int:
    item_id = _care_id(args.id)
    store = open_store(args, writing=True)
    deleted = store.delete_care(was=_stored_item(store, item_id))
    item = deleted.record
    print(
        f"{item.kind.value} {item_id} deleted, with no undo from the shell: "
        f"{describe_item(item, _now(), local_zone())}",
        file=out,
    )
    return 0


def describe_item(item: CareItem, now: datetime, zone: tzinfo) -> str:
    """The model's one line, inert; an appointment already over says so."""
    line = safe_text(rules.describe(item, zone), single_line=True)
    if item.kind is CareKind.APPOINTMENT and rules.next_appointment([item], now) is None:
        line += " (past)"
    return line


def care_json(item: CareItem) -> dict[str, Any]:
    """As stored (the export's fields), with its id."""
    from coach.store.codec import care_to_doc

    return {"id": item.id, **care_to_doc(item)}


def _care_id(text: str) -> int:
    """An id as `care list` shows it: a whole number from 1 (bad input if not)."""
    value = text.strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 20 and int(value) > 0):
        shown = safe_text(quoted(value), single_line=True)
        raise UsageError(
            f"a care item id is a whole number from 1 (see: coach care list), not {shown}"
        )
    return int(value)


def _stored_item(store: Store, item_id: int) -> CareItem:
    item = store.records().care_item(item_id)
    if item is None:
        raise CoachError(
            f"there is no care item {item_id} in {shown_path(store.path)} (see: coach care list)"
        )
    return item

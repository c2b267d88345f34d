"""A small declarative schema checker for the TOML content files.

Every problem becomes one line, `FILE: FIELD: what is wrong`, so a physical
therapist editing a file sees exactly what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Self

from coach.plain import columns, first_unsafe

# Patterns are compiled on first use, by `re`'s own cache: compiled at import, each cost
# every shell command 0.1 to 0.3 ms whether it used it or not.
FACT_ID = r"F[1-9][0-9]*"
SLUG = r"[a-z0-9][a-z0-9-]{0,39}"
MAX_TEXT = 4000
MAX_PICTURE_LINES = 14
MAX_PICTURE_WIDTH = 40
MAX_CAUTIONS = 3
MAX_SUMMARY = 100  # an exercise's summary: one line under its title on the menu
MAX_CAUTION_COLUMNS = 120  # at most two lines each beside a bullet at 80 columns


class Field(tuple[str, bool, "Mapping[str, Field]", int, int, int, int, int]):
    """One key of a table: its kind, whether it must be there, and nested parts.

    A tuple written out, not a `typing.NamedTuple` nor a dataclass: `coach status` and
    `coach walk add` read the walking plan through this checker, and a named tuple costs
    a shell command 0.8 million instructions to define (`dataclasses`, more than the
    command's own work). Like a named tuple, a value: immutable, equal by its fields.
    """

    __slots__ = ()

    def __new__(
        cls,
        kind: str,  # str, text, slug, int, amount, bool, date, facts, strings, range, picture,
        # table, tables
        required: bool = False,
        children: Mapping[str, Field] = MappingProxyType({}),
        low: int = 0,
        high: int = 100_000,
        max_items: int = 1000,  # strings: how many
        max_length: int = MAX_TEXT,  # texts, and strings each: how many characters
        max_columns: int = 0,  # strings: how many screen columns each, in one line (0: any)
    ) -> Self:
        return tuple.__new__(
            cls, (kind, required, children, low, high, max_items, max_length, max_columns)
        )

    @property
    def kind(self) -> str:
        return self[0]

    @property
    def required(self) -> bool:
        return self[1]

    @property
    def children(self) -> Mapping[str, Field]:
        return self[2]

    @property
    def low(self) -> int:
        return self[3]

    @property
    def high(self) -> int:
        return self[4]

    @property
    def max_items(self) -> int:
        return self[5]

    @property
    def max_length(self) -> int:
        return self[6]

    @property
    def max_columns(self) -> int:
        return self[7]

    def __getnewargs__(self) -> tuple[str, bool, Mapping[str, Field], int, int, int, int, int]:
        return tuple(self)  # type: ignore[return-value]  # copy and pickle: field by field

    def __repr__(self) -> str:
        return f"Field{tuple(self)!r}"


class Checker:
    """Collects problems for one file."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{self.filename}: {path or '(file)'}: {message}")

    def table(self, data: Mapping[str, Any], spec: Mapping[str, Field], path: str = "") -> None:
        """Check a table against its spec: unknown keys, missing keys, and each value."""
        for key in data:
            if key not in spec:
                self.problem(_join(path, key), "unknown key")
        for key, rule in spec.items():
            where = _join(path, key)
            if key not in data:
                if rule.required:
                    self.problem(where, "is missing")
                continue
            self.value(data[key], rule, where)

    def value(self, value: Any, rule: Field, where: str) -> None:
        kind = rule.kind
        if kind in ("str", "text", "slug", "picture"):
            if not isinstance(value, str):
                self.problem(where, "must be a string")
            elif not value.strip():
                self.problem(where, "must not be empty")
            elif control := _control_problem(value):
                self.problem(where, control)
            elif kind == "slug" and not re.fullmatch(SLUG, value):
                self.problem(where, "must be lower-case letters, digits and dashes (at most 40)")
            elif kind == "str" and "\n" in value.strip():
                self.problem(where, "must be a single line")
            elif len(value) > rule.max_length:
                self.problem(where, f"is too long (at most {rule.max_length} characters)")
            elif kind == "picture":
                self._picture(value, where)
        elif kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.problem(where, "must be a whole number")
            elif not rule.low <= value <= rule.high:
                self.problem(where, f"must be between {rule.low} and {rule.high}")
        elif kind == "amount":  # a whole number, or a range of them
            if isinstance(value, dict):
                self._range(value, rule, where)
            elif isinstance(value, bool) or not isinstance(value, int):
                self.problem(where, "must be a whole number or a range like { min = 15, max = 30 }")
            elif not rule.low <= value <= rule.high:
                self.problem(where, f"must be between {rule.low} and {rule.high}")
        elif kind == "date":
            if not isinstance(value, date) or isinstance(value, datetime):
                self.problem(where, "must be a date like 2026-12-01 (without quotes)")
        elif kind == "bool":
            if not isinstance(value, bool):
                self.problem(where, "must be true or false")
        elif kind in ("strings", "facts"):
            self._strings(value, rule, where, facts=kind == "facts")
        elif kind == "range":
            self._range(value, rule, where)
        elif kind == "table":
            if not isinstance(value, dict):
                self.problem(where, "must be a table")
            else:
                self.table(value, rule.children, where)
        elif kind == "tables":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                self.problem(where, "must be an array of tables ([[...]])")
            elif rule.required and not value:
                self.problem(where, "must have at least one entry")
            else:
                for index, item in enumerate(value):
                    self.table(item, rule.children, f"{where}[{index + 1}]")

    def _strings(self, value: Any, rule: Field, where: str, *, facts: bool) -> None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(where, "must be a list of strings")
            return
        if len(value) > rule.max_items:
            self.problem(where, f"has {len(value)} entries (at most {rule.max_items})")
        for index, item in enumerate(value):
            if facts and not re.fullmatch(FACT_ID, item):
                self.problem(f"{where}[{index + 1}]", f"{item!r} is not a fact id like 'F13'")
            elif not item.strip():
                self.problem(f"{where}[{index + 1}]", "must not be empty")
            elif control := _control_problem(item):
                self.problem(f"{where}[{index + 1}]", control)
            elif rule.max_columns and "\n" in item.strip():
                self.problem(f"{where}[{index + 1}]", "must be a single line")
            elif len(item) > rule.max_length:
                self.problem(
                    f"{where}[{index + 1}]",
                    f"is too long (at most {rule.max_length} characters)",
                )
            elif rule.max_columns and columns(item) > rule.max_columns:
                self.problem(
                    f"{where}[{index + 1}]",
                    f"is {columns(item)} columns long (at most {rule.max_columns}:"
                    " two lines on the screen)",
                )

    def _range(self, value: Any, rule: Field, where: str) -> None:
        if not isinstance(value, dict):
            self.problem(where, "must be a table like { min = 15, max = 30 }")
            return
        bounds = {"min": Field("int", True, low=rule.low, high=rule.high)}
        bounds["max"] = bounds["min"]
        before = len(self.problems)
        self.table(value, bounds, where)
        if len(self.problems) == before and value["min"] > value["max"]:
            self.problem(where, f"min ({value['min']}) is greater than max ({value['max']})")

    def _picture(self, value: str, where: str) -> None:
        lines = value.strip("\n").splitlines()
        if len(lines) > MAX_PICTURE_LINES:
            self.problem(where, f"has {len(lines)} lines (at most {MAX_PICTURE_LINES})")
        widest = max((columns(line) for line in lines), default=0)
        if widest > MAX_PICTURE_WIDTH:
            self.problem(where, f"is {widest} columns wide (at most {MAX_PICTURE_WIDTH})")


def _control_problem(text: str) -> str | None:
    """What is wrong if a content text holds a character the screen would have to
    escape (controls, invisible format marks, see `coach.plain.unsafe`) or a tab,
    which would shift a picture. A newline is the only control a text may carry."""
    char = first_unsafe(text, tab=True)
    return None if char is None else f"holds a control character (U+{ord(char):04X})"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# The shapes of the content files.

FACTS = Field("facts")

POSITION: dict[str, Field] = {
    "id": Field("slug", True),
    "title": Field("str", True),
    "text": Field("text", True),
    "neck_text": Field("text"),
    "hold": Field("range", low=1, high=600),
    "picture": Field("picture"),
    "neck_picture": Field("picture"),
    "facts": FACTS,
    "neck_facts": FACTS,
}

EXERCISE: dict[str, Field] = {
    "id": Field("slug", True),
    "title": Field("str", True),
    "summary": Field("str", True, max_length=MAX_SUMMARY),  # one line on the menu
    "order": Field("int", low=0, high=10_000),
    "facts": FACTS,
    # Shown together on the first step, with the general cautions, within 80x24.
    "cautions": Field("strings", max_items=MAX_CAUTIONS, max_columns=MAX_CAUTION_COLUMNS),
    "caution_facts": FACTS,
    "setup": Field("tables", children=POSITION),
    "cycle": Field(
        "table",
        True,
        children={
            "text": Field("text", True),
            "reps": Field("range", True, low=1, high=50),
            "facts": FACTS,
            "positions": Field("tables", True, children=POSITION),
        },
    ),
}

TEXT_ITEM: dict[str, Field] = {
    "id": Field("slug", True),
    "title": Field("str", True),
    "text": Field("text", True),
    "facts": FACTS,
}

GUIDANCE: dict[str, Field] = {"items": Field("tables", True, children=TEXT_ITEM)}

REST: dict[str, Field] = {
    "title": Field("str", True),
    "intro": Field("text", True),
    "intro_facts": FACTS,
    "positions": Field("tables", True, children=POSITION),
    "items": Field("tables", True, children=TEXT_ITEM),
}

WALKING: dict[str, Field] = {
    "title": Field("str", True),
    "minutes": Field("range", True, low=1, high=600),
    "every_hours": Field("range", True, low=1, high=24),
    "items": Field("tables", True, children=TEXT_ITEM),
    "answers": Field(
        "table",
        True,
        children={
            "leg_pain": Field("table", True, children=TEXT_ITEM),
            "slopes": Field("table", True, children=TEXT_ITEM),
            "longer": Field("table", True, children=TEXT_ITEM),
        },
    ),
}

SOURCE: dict[str, Field] = {
    "title": Field("str", True),
    "publisher": Field("str", True),
    "topic": Field("str", True),
    "standing": Field("text", True),
    "facts": FACTS,
}

# The therapist's plan (`model.program`): `coach plan check` reads it with these.

MAX_PLAN_NOTES = 1000  # shown whole on the menu's program panel at 80x24
MAX_EXERCISE_NOTES = 200  # two lines beside the exercise on the menu

PLANNED_EXERCISE: dict[str, Field] = {
    "id": Field("slug"),  # a bundled exercise...
    "file": Field("str", max_length=255),  # ...or an exercise file given with the plan
    "hold": Field("amount", low=1, high=600),  # seconds, within the exercise's own range
    "reps": Field("amount", low=1, high=50),
    "sessions_per_day": Field("int", True, low=1, high=12),
    "notes": Field("text", max_length=MAX_EXERCISE_NOTES),
}

PLAN: dict[str, Field] = {
    "prescribed_by": Field("str", max_length=120),
    "starts": Field("date", True),
    "notes": Field("text", max_length=MAX_PLAN_NOTES),
    "walks": Field(
        "table",
        children={
            "minutes": Field("range", low=1, high=600),
            "every_hours": Field("range", low=1, high=24),
        },
    ),
    "exercises": Field("tables", True, children=PLANNED_EXERCISE),
}

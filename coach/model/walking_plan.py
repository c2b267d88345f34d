"""The walking plan, and how every content file is read and checked.

Kept apart from the rest of the content (`content`): `coach status` and `coach walk add`
need the plan alone, and loading the exercises' model too would cost them more than
reading the plan. `content` re-exports everything here.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

from coach.errors import ContentError
from coach.model import schema

if TYPE_CHECKING:
    from coach.store.files import StrPath


# Plain classes, not named tuples: `coach status` and `coach walk add` read the plan, and
# the four as named tuples cost each command 3 million instructions to define, more than
# reading and checking the plan itself. Their fields are final (mypy): values, never
# changed once read.


class Range:
    """An inclusive range of whole numbers, as the content states it."""

    __slots__ = ("low", "high")

    def __init__(self, low: int, high: int) -> None:
        self.low: Final = low
        self.high: Final = high

    def clamp(self, value: int) -> int:
        return max(self.low, min(self.high, value))

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and self.low <= value <= self.high

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Range) and (self.low, self.high) == (other.low, other.high)

    def __hash__(self) -> int:
        return hash((self.low, self.high))

    def __repr__(self) -> str:
        return f"Range({self.low}, {self.high})"


class TextItem:
    """A piece of guidance: a title, its text, and the facts it carries."""

    __slots__ = ("id", "title", "text", "facts")

    def __init__(self, id: str, title: str, text: str, facts: tuple[str, ...] = ()) -> None:
        self.id: Final = id
        self.title: Final = title
        self.text: Final = text
        self.facts: Final = facts


class WalkAnswers:
    """What the app says back when a walk is saved, one text per thing recorded."""

    __slots__ = ("leg_pain", "slopes", "longer")

    def __init__(self, leg_pain: TextItem, slopes: TextItem, longer: TextItem) -> None:
        self.leg_pain: Final = leg_pain
        self.slopes: Final = slopes
        self.longer: Final = longer


class WalkingPlan:
    __slots__ = ("title", "minutes", "every_hours", "items", "answers")

    def __init__(
        self,
        title: str,
        minutes: Range,
        every_hours: Range,
        items: tuple[TextItem, ...],
        answers: WalkAnswers,
    ) -> None:
        self.title: Final = title
        self.minutes: Final = minutes
        self.every_hours: Final = every_hours
        self.items: Final = items
        self.answers: Final = answers


def read_toml(path: StrPath, checker: schema.Checker) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")  # a BOM is fine
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        checker.problem("(toml)", f"not valid TOML: {error}")
    except UnicodeDecodeError:
        checker.problem("(toml)", "not valid UTF-8 text")
    except OSError as error:
        checker.problem("(file)", f"cannot be read: {error.strerror or error}")
    return None


def checked(
    path: StrPath,
    spec: Mapping[str, schema.Field],
    extra: Callable[[dict[str, Any], schema.Checker], None] | None = None,
) -> tuple[dict[str, Any] | None, list[str]]:
    """A content file read and checked against its spec (then by `extra`, if it met the
    spec): its data, or None, and one line per problem."""
    checker = schema.Checker(str(path))
    data = read_toml(path, checker)
    if data is not None:
        checker.table(data, spec)
        if extra is not None and not checker.problems:
            extra(data, checker)
    return (data if not checker.problems else None), checker.problems


def load_one(path: StrPath, spec: Mapping[str, schema.Field]) -> dict[str, Any]:
    data, problems = checked(path, spec)
    if data is None:
        raise ContentError(problems)
    return data


def text_items(raw: Iterable[Mapping[str, Any]]) -> tuple[TextItem, ...]:
    return tuple(
        TextItem(i["id"], i["title"], i["text"].strip(), tuple(i.get("facts", ()))) for i in raw
    )


def as_range(raw: Mapping[str, int]) -> Range:
    return Range(raw["min"], raw["max"])


def walking_plan(data: Mapping[str, Any]) -> WalkingPlan:
    return WalkingPlan(
        title=data["title"],
        minutes=as_range(data["minutes"]),
        every_hours=as_range(data["every_hours"]),
        items=text_items(data["items"]),
        answers=WalkAnswers(
            *text_items(data["answers"][key] for key in ("leg_pain", "slopes", "longer"))
        ),
    )


def load_walking_plan(bundled: StrPath) -> WalkingPlan:
    """Only the walking plan: what `coach status` needs, without reading the rest."""
    return walking_plan(load_one(os.path.join(bundled, "walking.toml"), schema.WALKING))

"""The walking plan, and how every content file is read and checked.

Kept apart from the rest of the content (`content`): `coach status` and `coach walk add`
need the plan alone, and loading the exercises' model too would cost them more than
reading the plan. `content` re-exports everything here.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self

from coach.errors import ContentError
from coach.model import schema

if TYPE_CHECKING:
    from coach.store.files import StrPath


# Tuples written out, not `typing.NamedTuple`s: `coach status` and `coach walk add` read
# the plan, and defining these four as named tuples cost each command 3 million
# instructions (a generated `__new__`, a compiled forward reference per field), more
# than reading and checking the plan itself. As named tuples, they are values:
# immutable, equal and hashed by their fields, unpacked like any tuple.


class Range(tuple[int, int]):
    """An inclusive range of whole numbers, as the content states it."""

    __slots__ = ()

    def __new__(cls, low: int, high: int) -> Self:
        return tuple.__new__(cls, (low, high))

    @property
    def low(self) -> int:
        return self[0]

    @property
    def high(self) -> int:
        return self[1]

    def clamp(self, value: int) -> int:
        return max(self[0], min(self[1], value))

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and self[0] <= value <= self[1]

    def __getnewargs__(self) -> tuple[int, int]:  # copy and pickle: the fields, one by one
        return tuple(self)  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"Range(low={self[0]!r}, high={self[1]!r})"


class TextItem(tuple[str, str, str, tuple[str, ...]]):
    """A piece of guidance: a title, its text, and the facts it carries."""

    __slots__ = ()

    def __new__(cls, id: str, title: str, text: str, facts: tuple[str, ...] = ()) -> Self:
        return tuple.__new__(cls, (id, title, text, facts))

    @property
    def id(self) -> str:
        return self[0]

    @property
    def title(self) -> str:
        return self[1]

    @property
    def text(self) -> str:
        return self[2]

    @property
    def facts(self) -> tuple[str, ...]:
        return self[3]

    def __getnewargs__(
        self,
    ) -> tuple[str, str, str, tuple[str, ...]]:  # copy and pickle: the fields, one by one
        return tuple(self)  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"TextItem(id={self[0]!r}, title={self[1]!r}, text={self[2]!r}, facts={self[3]!r})"


class WalkAnswers(tuple[TextItem, TextItem, TextItem]):
    """What the app says back when a walk is saved, one text per thing recorded."""

    __slots__ = ()

    def __new__(cls, leg_pain: TextItem, slopes: TextItem, longer: TextItem) -> Self:
        return tuple.__new__(cls, (leg_pain, slopes, longer))

    @property
    def leg_pain(self) -> TextItem:
        return self[0]

    @property
    def slopes(self) -> TextItem:
        return self[1]

    @property
    def longer(self) -> TextItem:
        return self[2]

    def __getnewargs__(
        self,
    ) -> tuple[TextItem, TextItem, TextItem]:  # copy and pickle: the fields, one by one
        return tuple(self)  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"WalkAnswers(leg_pain={self[0]!r}, slopes={self[1]!r}, longer={self[2]!r})"


class WalkingPlan(tuple[str, Range, Range, tuple[TextItem, ...], WalkAnswers]):
    __slots__ = ()

    def __new__(
        cls,
        title: str,
        minutes: Range,
        every_hours: Range,
        items: tuple[TextItem, ...],
        answers: WalkAnswers,
    ) -> Self:
        return tuple.__new__(cls, (title, minutes, every_hours, items, answers))

    @property
    def title(self) -> str:
        return self[0]

    @property
    def minutes(self) -> Range:
        return self[1]

    @property
    def every_hours(self) -> Range:
        return self[2]

    @property
    def items(self) -> tuple[TextItem, ...]:
        return self[3]

    @property
    def answers(self) -> WalkAnswers:
        return self[4]

    def __getnewargs__(
        self,
    ) -> tuple[
        str, Range, Range, tuple[TextItem, ...], WalkAnswers
    ]:  # copy and pickle: the fields, one by one
        return tuple(self)  # type: ignore[return-value]

    def __repr__(self) -> str:
        return (
            f"WalkingPlan(title={self[0]!r}, minutes={self[1]!r}, every_hours={self[2]!r}, "
            f"items={self[3]!r}, answers={self[4]!r})"
        )


MAX_CONTENT_BYTES = 1 << 20  # a content file is a few pages of text: 1 MiB is far beyond


def read_content_bytes(path: StrPath, checker: schema.Checker) -> bytes | None:
    """A content file's bytes, or None with the problem told to `checker`."""
    try:
        return _read_regular_file(path)
    except _NotContent as problem:
        checker.problem("(file)", str(problem))
    except OSError as error:
        checker.problem("(file)", f"cannot be read: {error.strerror or error}")
    return None


def parse_toml(raw: bytes, checker: schema.Checker) -> dict[str, Any] | None:
    """TOML from bytes (a file's, or a copy kept in the database), or None with the problem."""
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")  # a BOM is fine
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        checker.problem("(toml)", f"not valid TOML: {error}")
    except RecursionError:  # tomllib reads nested arrays and tables by recursion
        checker.problem("(toml)", "not valid TOML: nested too deeply")
    except UnicodeDecodeError:
        checker.problem("(toml)", "not valid UTF-8 text")
    return None


class _NotContent(Exception):
    pass


def _read_regular_file(path: StrPath) -> bytes:
    """The file's bytes; a FIFO, a device or a folder in its place is refused, never
    waited on (opened without blocking: a FIFO would block the open itself)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(fd, "rb") as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _NotContent("cannot be read: not a regular file")
        if st.st_size > MAX_CONTENT_BYTES:
            raise _NotContent(f"is too large ({st.st_size} bytes; at most {MAX_CONTENT_BYTES})")
        raw = handle.read(MAX_CONTENT_BYTES + 1)
    if len(raw) > MAX_CONTENT_BYTES:  # grown since
        raise _NotContent(f"is too large (more than {MAX_CONTENT_BYTES} bytes)")
    return raw


def checked(
    path: StrPath,
    spec: Mapping[str, schema.Field],
    extra: Callable[[dict[str, Any], schema.Checker], None] | None = None,
) -> tuple[dict[str, Any] | None, list[str]]:
    """A content file read and checked against its spec (then by `extra`, if it met the
    spec): its data, or None, and one line per problem."""
    checker = schema.Checker(str(path))
    raw = read_content_bytes(path, checker)
    return (None, checker.problems) if raw is None else checked_bytes(raw, checker, spec, extra)


def checked_bytes(
    raw: bytes,
    checker: schema.Checker,
    spec: Mapping[str, schema.Field],
    extra: Callable[[dict[str, Any], schema.Checker], None] | None = None,
) -> tuple[dict[str, Any] | None, list[str]]:
    """`checked`, for bytes already read (a plan's exercise file kept in the database)."""
    data = parse_toml(raw, checker)
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


def therapists_walks(
    general: WalkingPlan,
    minutes: tuple[int, int] | None,
    every_hours: tuple[int, int] | None,
) -> WalkingPlan:
    """The walking plan with a therapist's minutes and hours between walks, where set."""
    return WalkingPlan(
        general.title,
        Range(*minutes) if minutes else general.minutes,
        Range(*every_hours) if every_hours else general.every_hours,
        general.items,
        general.answers,
    )

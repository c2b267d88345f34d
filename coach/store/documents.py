"""Records as stored: the one set of rules every record meets, read or written.

Plain JSON documents, checked and ordered without dataclasses or TinyDB, so the
shell's fast paths (`coach walk list --json`, `coach status`) can use the same rules
as the store without importing what builds records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coach.errors import DamagedDatabase, NewerDatabase
from coach.model.bounds import MAX_MINUTES, MAX_NOTE, MAX_YEAR, MIN_MINUTES, MIN_YEAR

SCHEMA_VERSION = 4
TERRAIN_WORDS = frozenset({"flat", "hilly"})  # the values of model.records.Terrain
WALK_FIELDS = ("started_at", "ended_at", "minutes", "terrain", "leg_pain", "pain", "note")
SESSION_FIELDS = (
    "exercise",
    "started_at",
    "ended_at",
    "status",
    "reps_planned",
    "reps_done",
    "hold_seconds",
    "neck_variant",
    "stopped_for_pain",
    "pain_after",
    "pid",
    "pain_before",
)
SESSION_STATUSES = frozenset(
    {"in_progress", "completed", "stopped_for_pain", "interrupted", "no_reps"}
)
CARE_KINDS = frozenset({"appointment", "medicine", "result", "question"})  # model.records.CareKind
CARE_FIELDS = (
    "kind",
    "added_at",
    "name",
    "at",
    "who",
    "note",
    "dose",
    "how_often",
    "value",
    "day",
)
MAX_CARE_TEXT = 200  # a name, a dose, a result: short lines; notes may be MAX_NOTE
MAX_REPS = 1000
MAX_HOLD_SECONDS = 3600
MAX_ID = 10**15
_CANONICAL_ID = re.compile(r"[1-9][0-9]{0,14}")
_WALK_KEYS = frozenset(WALK_FIELDS)
_SESSION_KEYS = frozenset(SESSION_FIELDS)
_CARE_KEYS = frozenset(CARE_FIELDS)
_DAY = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)

Document = dict[str, Any]
Documents = dict[str, Document]


class RecordProblem(ValueError):
    """A record breaks the rules; the message names the field."""


# One moment: how every time is stored, and what a stored time must be.


def to_text(moment: datetime) -> str:
    """Stored times are UTC to the second, so their text sorts as the times do."""
    from datetime import UTC

    return moment.astimezone(UTC).isoformat(timespec="seconds")


def moment_problem(value: object, key: str) -> str | None:
    if not isinstance(value, str):
        return f"{key} is not a time"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return f"{key} is not a time"
    if moment.tzinfo is None:
        return f"{key} has no UTC offset"
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return f"{key} is not within the years {MIN_YEAR} to {MAX_YEAR}"
    return None


def _whole(value: object, key: str, low: int, high: int, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if type(value) is not int:
        return f"{key} is not a whole number"
    if not low <= value <= high:
        return f"{key} is not from {low} to {high}"
    return None


def _flag(value: object, key: str) -> str | None:
    return None if type(value) is bool else f"{key} is not true or false"


def _order(doc: Mapping[str, Any]) -> str | None:
    end = doc.get("ended_at")
    if end is not None and datetime.fromisoformat(end) < datetime.fromisoformat(doc["started_at"]):
        return "ended_at is before started_at"
    return None


def _first(*problems: str | None) -> str | None:
    return next((p for p in problems if p), None)


def _unknown(doc: Mapping[str, Any], known: frozenset[str]) -> str | None:
    extra = [key for key in doc if key not in known]
    return f"{extra[0]!r} is not a known field" if extra else None


def walk_problem(doc: Mapping[str, Any]) -> str | None:
    """What is wrong with a walk document, or None. Pain and note may be absent.

    Tens of thousands are checked at a time: a sound walk passes one quick test, and
    only a walk that fails it is examined field by field for the message.
    """
    try:
        pain, note, minutes = doc.get("pain"), doc.get("note", ""), doc["minutes"]
        if (
            _WALK_KEYS.issuperset(doc)
            and doc["terrain"] in TERRAIN_WORDS
            and type(minutes) is int
            and MIN_MINUTES <= minutes <= MAX_MINUTES
            and type(doc["leg_pain"]) is bool
            and (pain is None or (type(pain) is int and 0 <= pain <= 10))
            and type(note) is str
            and len(note) <= MAX_NOTE
        ):
            start = datetime.fromisoformat(doc["started_at"])
            end = datetime.fromisoformat(doc["ended_at"])
            if (
                start.tzinfo is not None
                and end.tzinfo is not None
                and MIN_YEAR <= start.year <= MAX_YEAR
                and MIN_YEAR <= end.year <= MAX_YEAR
                and end >= start
            ):
                return None
    except (KeyError, TypeError, ValueError):
        pass
    return _walk_problem_named(doc)


def _walk_problem_named(doc: Mapping[str, Any]) -> str | None:
    note = doc.get("note", "")
    return _first(
        _unknown(doc, _WALK_KEYS),
        None if doc.get("terrain") in TERRAIN_WORDS else "terrain is not 'flat' or 'hilly'",
        _whole(doc.get("minutes"), "minutes", MIN_MINUTES, MAX_MINUTES),
        _flag(doc.get("leg_pain"), "leg_pain"),
        _whole(doc.get("pain"), "pain", 0, 10, optional=True),
        "note is not text" if type(note) is not str else None,
        f"note is longer than {MAX_NOTE} characters"
        if type(note) is str and len(note) > MAX_NOTE
        else None,
        moment_problem(doc.get("started_at"), "started_at"),
        moment_problem(doc.get("ended_at"), "ended_at"),
    ) or _order(doc)


def session_problem(doc: Mapping[str, Any]) -> str | None:
    ended = doc.get("ended_at")
    return _first(
        _unknown(doc, _SESSION_KEYS),
        "exercise is not text" if not isinstance(doc.get("exercise"), str) else None,
        None if doc.get("status") in SESSION_STATUSES else "status is not known",
        _whole(doc.get("reps_planned"), "reps_planned", 0, MAX_REPS),
        _whole(doc.get("reps_done"), "reps_done", 0, MAX_REPS),
        _whole(doc.get("hold_seconds"), "hold_seconds", 0, MAX_HOLD_SECONDS),
        _flag(doc.get("neck_variant"), "neck_variant"),
        _whole(doc.get("pain_after"), "pain_after", 0, 10, optional=True),
        _whole(doc.get("pain_before"), "pain_before", 0, 10, optional=True),
        _whole(doc.get("pid"), "pid", 0, 2**31, optional=True),
        moment_problem(doc.get("started_at"), "started_at"),
        None if ended is None else moment_problem(ended, "ended_at"),
    ) or _order(doc)


def _text(doc: Mapping[str, Any], key: str, limit: int) -> str | None:
    value = doc.get(key, "")
    if not isinstance(value, str):
        return f"{key} is not text"
    if len(value) > limit:
        return f"{key} is longer than {limit} characters"
    return None


def _day_problem(value: object, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return f"{key} is not a day (YYYY-MM-DD)"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return f"{key} is not a day (YYYY-MM-DD)"
    return (
        None if MIN_YEAR <= day.year <= MAX_YEAR else f"{key} is not from {MIN_YEAR} to {MAX_YEAR}"
    )


def care_problem(doc: Mapping[str, Any]) -> str | None:
    """A follow-up care item: what each kind needs, and short single-line texts."""
    kind = doc.get("kind")
    at = doc.get("at")
    return _first(
        _unknown(doc, _CARE_KEYS),
        None if kind in CARE_KINDS else "kind is not known",
        moment_problem(doc.get("added_at"), "added_at"),
        None if at is None else moment_problem(at, "at"),
        _day_problem(doc.get("day"), "day"),
        _text(doc, "note", MAX_NOTE),
        _text(
            doc, "name", MAX_NOTE if kind == "question" else MAX_CARE_TEXT
        ),  # a question may run on
        *(_text(doc, key, MAX_CARE_TEXT) for key in ("who", "dose", "how_often", "value")),
        "an appointment needs a time" if kind == "appointment" and at is None else None,
        "needs a name"
        if kind in {"medicine", "result", "question"} and not str(doc.get("name", "")).strip()
        else None,
        "a result needs a value"
        if kind == "result" and not str(doc.get("value", "")).strip()
        else None,
    )


def active_problem(doc: Mapping[str, Any]) -> str | None:
    return _first(
        _unknown(doc, frozenset({"started_at", "pid", "walk_id"})),
        moment_problem(doc.get("started_at"), "started_at"),
        _whole(doc.get("pid"), "pid", 0, 2**31, optional=True),
        _whole(doc.get("walk_id"), "walk_id", 1, MAX_ID, optional=True),  # from schema 3
    )


def is_canonical_id(key: str) -> bool:
    """Ids are written as plain decimal ("7", never "07" or "٧"), from 1."""
    return _CANONICAL_ID.fullmatch(key) is not None


def check_shape(data: Any, path: Path) -> dict[str, Documents]:
    """TinyDB's layout: tables of documents, each a JSON object under a canonical id."""
    if not isinstance(data, dict):
        raise DamagedDatabase(f"{path}: the file is JSON but not a Back Coach database (no tables)")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DamagedDatabase(f"{path}: table {name!r} is not a table of records")
        for doc_id, doc in table.items():
            if not is_canonical_id(doc_id) or not isinstance(doc, dict):
                raise DamagedDatabase(f"{path}: table {name!r}, record {doc_id!r} is not a record")
    return data


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose every key is new: a repeated key would hide the record before it."""
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise RepeatedKey(key)
            seen.add(key)
    return value


class RepeatedKey(ValueError):
    pass


def _lone_surrogate(value: Any) -> bool:
    """A string holding half of a UTF-16 pair (JSON allows "\\ud800"): it cannot be written."""
    if isinstance(value, str):
        return any("\ud800" <= char <= "\udfff" for char in value)
    if isinstance(value, dict):
        return any(_lone_surrogate(k) or _lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_lone_surrogate(item) for item in value)
    return False


def parse_json(raw: bytes, path: Path, *, strict: bool = True) -> Any:
    """JSON from a file; DamagedDatabase in one line naming it if it is not sound JSON.

    `strict`: a file nobody has checked (not vouched for by the writers' summary): a
    repeated key is damage (it silently hides what came before it), and so is a lone
    surrogate (it parses, but no write could ever save it again).
    """
    try:
        data = json.loads(raw, object_pairs_hook=_no_repeats) if strict else json.loads(raw)
    except RepeatedKey as error:
        raise DamagedDatabase(
            f"{path}: the key {str(error)!r} appears twice in one object"
        ) from None
    except UnicodeDecodeError:
        raise DamagedDatabase(f"{path}: the file is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise DamagedDatabase(
            f"{path}: the file is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); it may be cut short or damaged"
        ) from None
    except (ValueError, RecursionError):  # e.g. a number of more than 4,300 digits
        raise DamagedDatabase(f"{path}: the file holds a value JSON cannot read") from None
    if (b"\\ud" in raw or b"\\uD" in raw) and _lone_surrogate(data):
        raise DamagedDatabase(f"{path}: a text holds half of a UTF-16 pair (not valid Unicode)")
    return data


def parse_database(raw: bytes, path: Path, *, strict: bool = True) -> dict[str, Documents]:
    if not raw.strip():
        raise DamagedDatabase(f"{path}: the database file is empty (it may have been cut short)")
    return check_shape(parse_json(raw, path, strict=strict), path)


def meta_of(data: Mapping[str, Any] | None) -> Document:
    meta = (data or {}).get("meta") or {}
    return dict(meta[min(meta, key=int)]) if meta else {}


def schema_version_of(data: Mapping[str, Any] | None, path: Path) -> int:
    if not data:
        return SCHEMA_VERSION
    meta = (data or {}).get("meta") or {}
    if not meta:
        return 0
    version = meta_of(data).get("schema_version")
    if type(version) is not int or version < 0:
        raise DamagedDatabase(f"{path}: meta.schema_version is not a version number")
    return version


def refuse_newer(version: int, path: Path) -> None:
    if version > SCHEMA_VERSION:
        raise NewerDatabase(
            f"{path}: written by a newer Back Coach (schema {version}; this one knows "
            f"{SCHEMA_VERSION}); update Back Coach, the file was not changed"
        )


def problems_in(data: Mapping[str, Any], *, walks: bool = True) -> str | None:
    """The first record in the file that breaks the rules, as `table record N: problem`."""
    checks: list[tuple[str, Callable[[Mapping[str, Any]], str | None]]] = [
        ("sessions", session_problem),
        ("active_walk", active_problem),
        ("care", care_problem),
    ]
    if walks:
        checks.insert(0, ("walks", walk_problem))
    for table, problem_of in checks:
        for doc_id, doc in (data.get(table) or {}).items():
            problem = problem_of(doc)
            if problem:
                return f"{table} record {doc_id}: {problem}"
    if len(data.get("active_walk") or {}) > 1:
        return "active_walk: more than one walk is under way"
    meta = meta_of(data)
    for key in ("next_walk_id", "next_session_id", "next_care_id"):
        if key in meta and _whole(meta[key], key, 1, MAX_ID):
            return f"meta: {key} is not a whole number from 1"
    return None


# Orderings, shared by every reader.


_CANONICAL_TIMES = re.compile(r"(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00)*", re.ASCII)


def _canonical_times(values: list[Any]) -> bool:
    """All of the form the writers use (YYYY-MM-DDTHH:MM:SS+00:00): then text sorts as time."""
    try:
        joined = "".join(values)
    except TypeError:
        return False
    return len(joined) == 25 * len(values) and _CANONICAL_TIMES.fullmatch(joined) is not None


def latest(values: list[Any]) -> str | None:
    """The latest of several stored times (checked), as stored."""
    if not values:
        return None
    if _canonical_times(values):
        return max(values)  # type: ignore[no-any-return]
    return max(values, key=datetime.fromisoformat)  # type: ignore[no-any-return]


def newest_first(raw: Documents) -> list[tuple[str, Document]]:
    """Walk documents by start time, newest first; ties by id, newest first."""
    items = list(raw.items())
    starts = [doc["started_at"] for _, doc in items]
    if not _canonical_times(starts):
        starts = [datetime.fromisoformat(s) for s in starts]
    order = sorted(range(len(items)), key=lambda i: (starts[i], int(items[i][0])), reverse=True)
    return [items[i] for i in order]


def walk_documents(
    raw: Documents, since: datetime | None = None, *, private: bool = False
) -> list[Document]:
    """Checked walk documents as scripts get them: newest first, each with its id.

    `private`: the documents were read for this call alone, so a walk stored with all
    seven fields gets its id in place instead of being copied.
    """
    out = []
    for doc_id, doc in newest_first(raw):
        if since is not None and datetime.fromisoformat(doc["ended_at"]) < since:
            continue
        if private and len(doc) == len(WALK_FIELDS):
            doc["id"] = int(doc_id)
            out.append(doc)
        else:
            listed = {key: doc.get(key) for key in WALK_FIELDS}
            listed["note"] = doc.get("note", "")
            listed["id"] = int(doc_id)
            out.append(listed)
    return out


def share_repeated_values(data: dict[str, Any]) -> None:
    """Keep one copy of each terrain word: about half a MiB less at 10,000 walks."""
    walks = data.get("walks")
    if not isinstance(walks, dict):
        return
    shared = {"flat": "flat", "hilly": "hilly"}
    for doc in walks.values():
        terrain = doc.get("terrain") if isinstance(doc, dict) else None
        if type(terrain) is str:
            doc["terrain"] = shared.get(terrain, terrain)

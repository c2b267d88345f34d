"""Records as stored: the one set of rules every record meets, read or written.

Plain JSON documents, checked and ordered without dataclasses or TinyDB, so the
shell's fast paths (`coach walk list --json`, `coach status`) can use the same rules
as the store without importing what builds records.
"""

from __future__ import annotations

import json
import operator
import re
from datetime import UTC, date, datetime
from itertools import repeat

from coach.errors import DamagedDatabase, NewerDatabase
from coach.model.bounds import (  # moment_problem: the rule for every stored time
    MAX_MINUTES,
    MAX_NOTE,
    MAX_YEAR,
    MIN_MINUTES,
    MIN_YEAR,
    moment_problem,
)

SCHEMA_VERSION = 5
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
COUNTERS = {"walks": "next_walk_id", "sessions": "next_session_id", "care": "next_care_id"}
# Patterns are compiled on first use, by `re`'s own cache: compiled at import, each cost
# every shell command 0.1 to 0.3 ms whether it used it or not.
_CANONICAL_ID = r"[1-9][0-9]{0,14}"
_DAY = r"\d{4}-\d\d-\d\d"  # with re.ASCII
_WALK_KEYS = frozenset(WALK_FIELDS)
_SESSION_KEYS = frozenset(SESSION_FIELDS)
_CARE_KEYS = frozenset(CARE_FIELDS)
PLAN_FIELDS = ("name", "text", "sha256", "imported_at", "files")
_PLAN_KEYS = frozenset(PLAN_FIELDS)
MAX_PLAN_CHARACTERS = 256 * 1024  # the plan and its exercise files together: a few pages each
MAX_PLAN_FILES = 20  # model.program.MAX_EXERCISES: one file per exercise at most
MAX_PLAN_NAME = 255
_SHA256 = r"[0-9a-f]{64}"

TYPE_CHECKING = False  # no `typing` nor `pathlib` at run time (`walk list` needs neither)
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

    from coach.store.files import StrPath

    Document = dict[str, Any]
    Documents = dict[str, Document]


class RecordProblem(ValueError):
    """A record breaks the rules; the message names the field."""


# One moment: how every time is stored, and what a stored time must be.


def to_text(moment: datetime) -> str:
    """Stored times are UTC to the second, so their text sorts as the times do."""
    from datetime import UTC

    return moment.astimezone(UTC).isoformat(timespec="seconds")


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
    if not isinstance(value, str) or not re.fullmatch(_DAY, value, re.ASCII):
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


def plan_problem(doc: Mapping[str, Any]) -> str | None:
    """The therapist's plan as imported (`coach plan import`): its file's text and the
    exercise files it names, each with its SHA-256, and when it was imported. What it
    says, and whether it still reads against the bundled content, is the model's
    question (`program.program_from_document`): every reader asks it the same way."""
    files = doc.get("files")
    return _first(
        _unknown(doc, _PLAN_KEYS),
        _named_text(doc, "plan"),
        moment_problem(doc.get("imported_at"), "imported_at"),
        "files is not a list of files"
        if not isinstance(files, list) or not all(isinstance(f, dict) for f in files)
        else None,
    ) or _plan_files_problem(doc)


def _named_text(doc: Mapping[str, Any], what: str) -> str | None:
    """A file kept whole: its name, its text and the SHA-256 of its UTF-8 bytes."""
    name, text, digest = doc.get("name"), doc.get("text"), doc.get("sha256")
    if not isinstance(name, str) or not name or len(name) > MAX_PLAN_NAME:
        return f"{what}: name is not a file name"
    if not isinstance(text, str) or len(text) > MAX_PLAN_CHARACTERS:
        return f"{what}: text is not text of at most {MAX_PLAN_CHARACTERS} characters"
    if not isinstance(digest, str) or not re.fullmatch(_SHA256, digest, re.ASCII):
        return f"{what}: sha256 is not a SHA-256 in hex"
    import hashlib  # here: only a file with a plan needs it

    try:
        actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
    except UnicodeEncodeError:
        return f"{what}: text is not UTF-8 text"
    return None if actual == digest else f"{what}: sha256 does not match its text"


def _plan_files_problem(doc: Mapping[str, Any]) -> str | None:
    files = doc["files"]
    if len(files) > MAX_PLAN_FILES:
        return f"files: more than {MAX_PLAN_FILES}"
    total = len(doc["text"])
    names = set()
    for number, item in enumerate(files, start=1):
        problem = _unknown(item, frozenset({"name", "text", "sha256"})) or _named_text(
            item, f"files[{number}]"
        )
        if problem:
            return problem
        if item["name"] in names:
            return f"files[{number}]: name is used twice"
        names.add(item["name"])
        total += len(item["text"])
    if total > MAX_PLAN_CHARACTERS:
        return f"the plan and its files hold more than {MAX_PLAN_CHARACTERS} characters"
    return None


_OWN_EXERCISE_KEYS = frozenset({"id", "text", "sha256", "saved_at"})
_SLUG = r"[a-z0-9][a-z0-9-]{0,39}"  # model.schema.SLUG: an exercise's id


def own_exercise_problem(doc: Mapping[str, Any]) -> str | None:
    """An exercise the person made in the editor: its id, its TOML text with its SHA-256,
    and when it was saved. Whether the text still reads is the model's question
    (`own_exercises`)."""
    exercise_id = doc.get("id")
    return _first(
        _unknown(doc, _OWN_EXERCISE_KEYS),
        None
        if isinstance(exercise_id, str) and re.fullmatch(_SLUG, exercise_id, re.ASCII)
        else "id is not an exercise id",
        _named_text({**doc, "name": "exercise"}, "exercise"),
        moment_problem(doc.get("saved_at"), "saved_at"),
    ) or _own_id_problem(doc)


def _own_id_problem(doc: Mapping[str, Any]) -> str | None:
    """The id the record is kept under is the one its text gives (a text that does not
    read at all is the model's notice, not a damaged file)."""
    import tomllib  # here: only a file with exercises of the person's own needs it

    try:
        said = tomllib.loads(doc["text"]).get("id")
    except (tomllib.TOMLDecodeError, RecursionError):
        return None
    return None if said == doc["id"] else "id is not the one its text gives"


def is_canonical_id(key: str) -> bool:
    """Ids are written as plain decimal ("7", never "07" or "٧"), from 1."""
    return re.fullmatch(_CANONICAL_ID, key) is not None


_CANONICAL_IDS = r"[1-9][0-9]{0,14}(?:\n[1-9][0-9]{0,14})*"


def _all_records(table: dict[str, Any]) -> bool:
    """Every key a canonical id and every value an object, tested at C speed (a table may
    hold years of walks): the ids joined by newlines, which no canonical id holds."""
    if not table:
        return True
    ids = "\n".join(table)
    return (
        re.fullmatch(_CANONICAL_IDS, ids) is not None
        and ids.count("\n") == len(table) - 1
        and all(map(isinstance, table.values(), repeat(dict)))
    )


def check_shape(data: Any, path: StrPath) -> dict[str, Documents]:
    """TinyDB's layout: tables of documents, each a JSON object under a canonical id."""
    if not isinstance(data, dict):
        raise DamagedDatabase(f"{path}: the file is JSON but not a Back Coach database (no tables)")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DamagedDatabase(f"{path}: table {name!r} is not a table of records")
        if _all_records(table):
            continue
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


# What the fast count below cannot read: a space after a quote (perhaps before a key's
# colon), tabs and line breaks read as spaces; a NUL, as in UTF-16 (whose quote and colon
# are other bytes).
_UNCOUNTABLE = (b'" ', b"\x00")
_AS_SPACES = bytes.maketrans(b"\t\n\r", b"   ")
_BREAKS = (b"\t", b"\n", b"\r")


def _parse_strictly(raw: bytes) -> Any:
    """JSON in which no object repeats a key (`RepeatedKey` if one does).

    Looking object by object (`_no_repeats`) costs half as much again as the parse. A
    text without the marks above can be checked at C speed instead: each key's closing
    quote is followed by its colon at once, and `":` stands elsewhere only inside or at
    the start of a text (an escaped quote, or a text that begins with a colon). So the
    count of `":` is at least the keys in the text, which are at least the keys parsed
    (a repeat keeps one), which are at least `_key_count`: all equal, and no key was
    repeated. Unequal (a repeat, such a text, an object inside a record), the objects
    are looked at one by one.
    """
    # json.dumps writes no tab nor line break (it escapes them in texts): found at memchr
    # speed, and only then made spaces (a copy of the whole file) to be looked for
    spaced = raw.translate(_AS_SPACES) if any(map(raw.__contains__, _BREAKS)) else raw
    if any(mark in spaced for mark in _UNCOUNTABLE):
        return json.loads(raw, object_pairs_hook=_no_repeats)
    data = json.loads(raw)
    if raw.count(b'":') != _key_count(data):
        return json.loads(raw, object_pairs_hook=_no_repeats)
    return data


_FEW = 64  # a table of this many records or fewer (settings, meta) is counted whole


def _key_count(data: Any) -> int:
    """The keys of a database's objects, counted at C speed where it matters: a log's
    records down to their fields (a Python call per record would cost what the fast
    check saves), a small table's whole (the settings hold objects within). Objects
    inside a large table's records, and anything not shaped as tables of records, are
    not counted: the count is then short, and the file is checked object by object."""
    if type(data) is not dict:
        return 0
    count = len(data)
    for table in data.values():
        if type(table) is dict:
            records = table.values()
            count += len(table)
            if len(table) <= _FEW:
                count += sum(map(_all_keys, records))
            elif set(map(type, records)) == {dict}:
                count += sum(map(len, records))
    return count


def _all_keys(value: Any) -> int:
    if type(value) is dict:
        return len(value) + sum(map(_all_keys, value.values()))
    if type(value) is list:
        return sum(map(_all_keys, value))
    return 0


def _lone_surrogate(value: Any) -> bool:
    """A string holding half of a UTF-16 pair (JSON allows "\\ud800"): it cannot be written."""
    if isinstance(value, str):
        return any("\ud800" <= char <= "\udfff" for char in value)
    if isinstance(value, dict):
        return any(_lone_surrogate(k) or _lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_lone_surrogate(item) for item in value)
    return False


def parse_json(raw: bytes, path: StrPath, *, strict: bool = True) -> Any:
    """JSON from a file; DamagedDatabase in one line naming it if it is not sound JSON.

    `strict`: a file nobody has checked (not vouched for by the writers' summary): a
    repeated key is damage (it silently hides what came before it), and so is a lone
    surrogate (it parses, but no write could ever save it again).
    """
    try:
        data = _parse_strictly(raw) if strict else json.loads(raw)
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
    # no backslash (found at memchr speed), no escape; else the slower look for \ud800...
    if b"\\" in raw and (b"\\ud" in raw or b"\\uD" in raw) and _lone_surrogate(data):
        raise DamagedDatabase(f"{path}: a text holds half of a UTF-16 pair (not valid Unicode)")
    return data


def parse_database(raw: bytes, path: StrPath, *, strict: bool = True) -> dict[str, Documents]:
    if not raw.strip():
        raise DamagedDatabase(f"{path}: the database file is empty (it may have been cut short)")
    return check_shape(parse_json(raw, path, strict=strict), path)


def meta_of(data: Mapping[str, Any] | None) -> Document:
    meta = (data or {}).get("meta") or {}
    return dict(meta[min(meta, key=int)]) if meta else {}


def schema_version_of(data: Mapping[str, Any] | None, path: StrPath) -> int:
    if not data:
        return SCHEMA_VERSION
    meta = (data or {}).get("meta") or {}
    if not meta:
        return 0
    version = meta_of(data).get("schema_version")
    if type(version) is not int or version < 0:
        raise DamagedDatabase(f"{path}: meta.schema_version is not a version number")
    return version


def refuse_newer(version: int, path: StrPath) -> None:
    if version > SCHEMA_VERSION:
        raise NewerDatabase(
            f"{path}: written by a newer Back Coach (schema {version}; this one knows "
            f"{SCHEMA_VERSION}); update Back Coach, the file was not changed"
        )


def database_problem(
    data: Mapping[str, Any], *, walks: bool = True, settings: bool = True
) -> str | None:
    """What `Store.check` finds wrong in a parsed file of the current schema: the first
    record that breaks the rules (the walks only with `walks`), else settings that do not
    read (only with `settings`; by the rules of `Settings.from_dict`, without its model).

    A file the writers' summary vouches for (`summary.vouches_for`) had its walks and
    settings checked by the writer that wrote it: the shell's quick paths check neither
    again, and the few other records all the same, as cheap as they are.
    """
    problem = problems_in(data, walks=walks)
    if problem is None and settings and data.get("settings"):
        from coach.model.setting_values import setting_values

        try:
            for doc in data["settings"].values():
                setting_values(doc)
        except ValueError as error:
            problem = f"settings: {error}"
    return problem


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
    own = data.get("exercises") or {}
    ids = set()
    for doc_id, doc in own.items():
        problem = own_exercise_problem(doc)
        if problem:
            return f"exercises record {doc_id}: {problem}"
        if doc["id"] in ids:
            return f"exercises record {doc_id}: the id {doc['id']!r} is used twice"
        ids.add(doc["id"])
    plans = data.get("plan") or {}
    if len(plans) > 1:
        return "plan: more than one plan is kept"
    for doc_id, doc in plans.items():
        problem = plan_problem(doc)
        if problem:
            return f"plan record {doc_id}: {problem}"
    meta = meta_of(data)
    for key in ("next_walk_id", "next_session_id", "next_care_id"):
        if key in meta and _whole(meta[key], key, 1, MAX_ID):
            return f"meta: {key} is not a whole number from 1"
    return None


# Ids: given from a counter in meta, so an id once given is never given again.


def next_ids(data: Mapping[str, Any] | None) -> dict[str, int]:
    """The next id of each table: the stored counter, never below the highest id + 1,
    and the walk under way's id (given when it started) counts as given."""
    data = data or {}
    meta = meta_of(data)
    counters = {
        key: max(int(meta.get(key) or 1), max(map(int, data.get(table) or {}), default=0) + 1)
        for table, key in COUNTERS.items()
    }
    for doc in (data.get("active_walk") or {}).values():
        if type(doc.get("walk_id")) is int:
            counters["next_walk_id"] = max(counters["next_walk_id"], doc["walk_id"] + 1)
    return counters


def meta_with(
    data: Mapping[str, Any] | None, counters: Mapping[str, int]
) -> tuple[int, Document] | None:
    """The meta record that keeps `counters` and the current schema version, with its id;
    None if the file's meta says that already (nothing to write)."""
    meta_table = (data or {}).get("meta") or {}
    meta_id = int(min(meta_table, key=int)) if meta_table else 1
    before = meta_of(data)
    meta = {**before, "schema_version": SCHEMA_VERSION, **counters}
    return None if meta == before else (meta_id, meta)


def with_record(data: Mapping[str, Any], table: str, doc_id: int, doc: Document) -> dict[str, Any]:
    """`data` with `doc` under `doc_id`, last in `table`, as TinyDB stores a record it
    inserts or replaces (a missing table comes after the others): new top and table
    objects, `data` itself unchanged (a snapshot handed to a reader keeps what it had)."""
    key = str(doc_id)
    records = dict(data.get(table) or {})  # one copy at C speed (a table of years of walks)
    records.pop(key, None)  # a record replaced goes last, as TinyDB's remove and insert
    records[key] = doc
    updated = dict(data)
    updated[table] = records
    return updated


def walk_document(doc: Mapping[str, Any]) -> Document:
    """A walk as the store keeps it: the seven fields in order, times UTC to the second
    (as `codec.walk_to_doc` writes them); RecordProblem if it breaks the rules."""
    problem = walk_problem(doc)
    if problem:
        raise RecordProblem(f"walk: {problem}")
    stored = {key: doc.get(key) for key in WALK_FIELDS}
    stored["started_at"] = to_text(datetime.fromisoformat(doc["started_at"]))
    stored["ended_at"] = to_text(datetime.fromisoformat(doc["ended_at"]))
    stored["terrain"] = str(doc["terrain"])
    stored["note"] = doc.get("note", "")
    problem = walk_problem(stored)  # as stored: in UTC a time may cross a year bound
    if problem:
        raise RecordProblem(f"walk: {problem}")
    return stored


# Orderings, shared by every reader.


_CANONICAL_FORM = "dddd-dd-ddTdd:dd:dd+dd:dd"  # d: an ASCII digit
_DIGITS_AS_D = str.maketrans("0123456789d", "ddddddddddx")  # a "d" typed is no digit
_OFFSET_DIGITS = (20, 21, 23, 24)  # where +00:00 has its zeros


def _canonical_times(values: list[Any]) -> bool:
    """All of the form the writers use (YYYY-MM-DDTHH:MM:SS+00:00): then text sorts as time.

    Tested on all at once at C speed: their every ASCII digit made a "d" (and a "d" made
    something else) gives the form once per value, and each offset's digits are zeros.
    """
    try:
        joined = "".join(values)
    except TypeError:
        return False
    count = len(values)
    if joined.translate(_DIGITS_AS_D) != _CANONICAL_FORM * count:
        return False
    # each the form, 25 characters: the offset's four digits every 25th, all "0"
    step = len(_CANONICAL_FORM)
    offset = "".join(joined[at::step] for at in _OFFSET_DIGITS)
    return offset == "0" * len(offset)


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
    return [items[i] for i in _newest_order(raw)]


def _newest_order(raw: Documents) -> list[int]:
    """The positions of `raw`'s walks, newest first (see `newest_first`).

    Sorted with keys looked up at C speed (a log may hold years of walks); only when two
    walks start together are the ids read, and sorted first, so that the stable sort by
    start keeps them newest id first.
    """
    starts = list(map(operator.itemgetter("started_at"), raw.values()))
    if not _canonical_times(starts):
        starts = [datetime.fromisoformat(s) for s in starts]
    order = sorted(range(len(starts)), key=starts.__getitem__, reverse=True)
    ordered = [starts[i] for i in order]
    if any(map(operator.eq, ordered, ordered[1:])):  # walks that start together
        ids = list(map(int, raw))
        by_id = sorted(range(len(starts)), key=ids.__getitem__, reverse=True)
        order = sorted(by_id, key=starts.__getitem__, reverse=True)  # stable, reversed too
    return order


def newest_walks(
    walks: Documents, *, days: int, at_least: int, at_most: int, older_elsewhere: bool = False
) -> tuple[list[tuple[str, Document]], str | None]:
    """The newest walks as `newest_first` orders them: every walk started within `days`
    of the newest start, and at least `at_least` (some `at_most`), with every walk that
    starts together with the last one kept. Also the start from which every walk is
    there (None: all of them are), found without sorting the whole log.

    `older_elsewhere`: `walks` are the newest of a log whose other walks all start before
    them; the start from which every walk is there is then given even if all of `walks`
    are kept (None: too few to tell).
    """
    from bisect import bisect_left
    from datetime import timedelta
    from itertools import compress

    starts: list[Any] = list(map(operator.itemgetter("started_at"), walks.values()))
    if len(starts) <= at_least:
        return newest_first(walks), None
    canonical = _canonical_times(starts)
    if not canonical:  # a hand-edited file: the same, by the times themselves
        starts = [datetime.fromisoformat(start) for start in starts]
    rising = sorted(starts)  # a log is written in order: a sort of it takes one pass
    newest = rising[-1]
    recent = (datetime.fromisoformat(newest) if canonical else newest) - timedelta(days=days)
    cutoff = min(to_text(recent) if canonical else recent, rising[-at_least])
    if len(rising) - bisect_left(rising, cutoff) > at_most:
        cutoff = rising[-at_most]
    kept = dict(compress(walks.items(), map(cutoff.__le__, starts)))  # start >= cutoff
    if len(kept) == len(starts) and not older_elsewhere:
        return newest_first(kept), None
    # the bound as it is: cut to the second, it would claim walks a fraction before it;
    # in UTC, whichever of several ways to write that moment the log holds
    return newest_first(kept), cutoff if canonical else cutoff.astimezone(UTC).isoformat()


def last_walk_end(walks: Documents, now: datetime | None = None) -> datetime | None:
    """When the last of these (checked) walks ended; seen from `now`, only walks begun by
    then count (one logged while the clock ran ahead has not happened yet, and must not
    hold the schedule back until its date)."""
    end = latest(list(map(operator.itemgetter("ended_at"), walks.values())))
    if end is None or now is None or datetime.fromisoformat(end) <= now:
        # no walk ends after now, so none starts after it (a checked walk ends after it
        # starts): every walk counts, without a look at the starts
        return datetime.fromisoformat(end) if end else None
    docs = list(walks.values())
    last_start = latest([doc["started_at"] for doc in docs])
    if last_start is None or datetime.fromisoformat(last_start) <= now:
        return datetime.fromisoformat(end)  # none starts after now: the latest end stands
    begun = [doc for doc in docs if datetime.fromisoformat(doc["started_at"]) <= now]
    end = latest([doc.get("ended_at") for doc in begun])
    return datetime.fromisoformat(end) if end else None


def walk_documents(
    raw: Documents, since: datetime | None = None, *, private: bool = False
) -> list[Document]:
    """Checked walk documents as scripts get them: newest first, each with its id.

    `private`: the documents were read for this call alone, so a walk stored with all
    seven fields gets its id in place instead of being copied.
    """
    order = _newest_order(raw)
    keys, values = list(raw), list(raw.values())
    if since is not None:
        order = [i for i in order if datetime.fromisoformat(values[i]["ended_at"]) >= since]
    docs = [values[i] for i in order]
    if private and set(map(len, docs)) <= {len(WALK_FIELDS)}:  # the usual case, at C speed
        ids = map(int, [keys[i] for i in order])
        list(map(dict.__setitem__, docs, repeat("id"), ids))
        return docs
    ordered = [(keys[i], values[i]) for i in order]
    out = []
    for doc_id, doc in ordered:
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

"""Walks as stored: plain JSON documents, checked and ordered without dataclasses or TinyDB.

`coach walk list --json` hands scripts thousands of stored walks per call. It has no
use for record objects, and importing what builds them costs more than reading the
file, so the document-level rules live here, where both it and the store use them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from coach.errors import DamagedDatabase

SCHEMA_VERSION = 1
TERRAIN_WORDS = frozenset({"flat", "hilly"})
WALK_FIELDS = ("started_at", "ended_at", "minutes", "terrain", "leg_pain", "pain", "note")

Documents = dict[str, dict[str, Any]]


def walk_ok(doc: dict[str, Any]) -> bool:
    """The fast check of a walk document (tens of thousands are read at a time)."""
    try:
        pain, note = doc.get("pain"), doc.get("note", "")
        return (
            doc["terrain"] in TERRAIN_WORDS
            and type(doc["minutes"]) is int
            and type(doc["leg_pain"]) is bool
            and (pain is None or type(pain) is int)
            and type(note) is str
            and datetime.fromisoformat(doc["started_at"]).tzinfo is not None
            and datetime.fromisoformat(doc["ended_at"]).tzinfo is not None
        )
    except (KeyError, TypeError, ValueError):
        return False


def stored_time(doc: dict[str, Any], key: str, where: str) -> datetime:
    """A stored moment; ValueError naming the record and field if it is not one."""
    value = doc.get(key)
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValueError(f"{where}: {key} is not a time with a UTC offset")
    return moment


def newest_first(raw: Documents) -> list[tuple[str, dict[str, Any]]]:
    """Walk documents by start time, newest first (UTC text sorts as time; else parse)."""
    items = list(raw.items())
    starts = [doc["started_at"] for _, doc in items]
    try:
        # Every start written in UTC ("+00:00", once each): the text sorts as the time does.
        same_offset = "".join(starts).count("+00:00") == len(starts)
    except TypeError:
        same_offset = False
    if not same_offset:
        starts = [stored_time(doc, "started_at", f"walks record {i}") for i, doc in items]
    order = sorted(range(len(items)), key=starts.__getitem__, reverse=True)
    return [items[i] for i in order]


def walk_documents(
    raw: Documents, since: datetime | None = None, *, private: bool = False
) -> list[dict[str, Any]]:
    """Checked walk documents as scripts get them: newest first, each with its id.

    The caller has checked every document already (a damaged file never gets here).
    `private`: the documents were read for this call alone, so a walk stored as every
    writer stores it gets its id in place instead of being copied (a third of the
    time at 10,000 walks).
    """
    out = []
    for doc_id, doc in newest_first(raw):
        if since is not None and datetime.fromisoformat(doc["ended_at"]) < since:
            continue
        if private and len(doc) == len(WALK_FIELDS) and "pain" in doc and "note" in doc:
            # A checked walk has the other five fields, so these are exactly the seven.
            doc["id"] = int(doc_id)
            out.append(doc)
        else:
            listed = {key: doc.get(key) for key in WALK_FIELDS}
            listed["note"] = doc.get("note", "")
            listed["id"] = int(doc_id)
            out.append(listed)
    return out


def schema_version_of(data: dict[str, Any] | None, path: Path) -> int:
    if not data:
        return SCHEMA_VERSION
    meta = data.get("meta") or {}
    versions = [doc.get("schema_version") for doc in meta.values()]
    if not versions:
        return 0
    version = versions[0]
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise DamagedDatabase(f"{path}: meta.schema_version is not a version number")
    return version


def refuse_newer(version: int, path: Path) -> None:
    if version > SCHEMA_VERSION:
        raise DamagedDatabase(
            f"{path}: written by a newer Back Coach (schema {version}; this one knows "
            f"{SCHEMA_VERSION}); update Back Coach, the file was not changed"
        )


def read_vouched(path: Path) -> dict[str, Any] | None:
    """The database, if the writers' summary vouches that its every record was checked.

    Back Coach's writers check every record inside their lock before they write, and
    then stamp the summary with the new file's signature. While the file still has
    that signature it is exactly what they wrote, so it needs no second check.
    None means: no such promise (read through the store, which checks everything).
    """
    import json
    import os

    from coach.status_cache import vouches_for
    from coach.storage import signature_of

    try:
        with open(path, "rb") as handle:
            if not vouches_for(path, signature_of(os.fstat(handle.fileno()))):
                return None  # no summary, or not for the file now open
            data = json.loads(handle.read())
    except (OSError, ValueError):
        return None  # the store says what is wrong
    if not isinstance(data, dict) or not isinstance(data.get("walks", {}), dict):
        return None
    refuse_newer(schema_version_of(data, path), path)
    return data

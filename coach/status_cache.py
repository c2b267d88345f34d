"""A small summary beside the database, so `coach status` need not parse a long log.

tmux asks for the status line every few seconds. Every writer (inside the lock, after
its atomic write) leaves here the few facts the line needs, stamped with the
database file's signature. A reader trusts the summary only while that signature
still matches the database; otherwise it reads the database itself. The summary is
a cache: losing it, or a stale one, costs speed, never correctness.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from coach.storage import Signature, file_signature

SUFFIX = ".summary"


def summary_path(db: Path) -> Path:
    return db.with_name(db.name + SUFFIX)


def signature(path: Path) -> list[int] | None:
    """The database's signature as JSON keeps it (a list)."""
    current = file_signature(path)
    return list(current) if current is not None else None


def write_summary(db: Path, data: dict[str, Any]) -> None:
    """Record what the status line needs from `data`, the database just written.

    Only the store's transactions call this, after checking every record inside the
    lock, so the summary also vouches that the file with this signature is sound.
    """
    walks = data.get("walks") or {}
    ends = [doc.get("ended_at") for doc in walks.values()]
    try:
        # Every end written in UTC ("+00:00", once each) means the text sorts as the time does;
        # joined and counted in C, this check costs well under a millisecond at 10,000 walks.
        same_offset = "".join(ends).count("+00:00") == len(ends)
    except TypeError:
        same_offset = False
    if not same_offset:
        return  # let readers parse the database itself
    active = [doc.get("started_at") for doc in (data.get("active_walk") or {}).values()]
    settings_docs = data.get("settings") or {}
    settings = settings_docs[min(settings_docs, key=int)] if settings_docs else {}
    summary = {
        "signature": signature(db),
        "records_checked": True,
        "last_walk_end": max(ends, default=None),
        "active_since": active[0] if active else None,
        "waking_start": settings.get("waking_start", "08:00"),
        "waking_end": settings.get("waking_end", "22:00"),
    }
    target = summary_path(db)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(json.dumps(summary))
        os.replace(temp, target)
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)


def read_summary(db: Path) -> dict[str, Any] | None:
    """The summary, if it describes the database as it is now; else None."""
    try:
        summary = json.loads(summary_path(db).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(summary, dict) or summary.get("signature") != signature(db):
        return None
    return summary


def vouches_for(db: Path, read: Signature | None) -> bool:
    """True if the summary says every record of the file read (with this signature) was checked."""
    summary = read_summary(db)
    return (
        summary is not None
        and summary.get("records_checked") is True
        and summary.get("signature") == list(read or ())
    )

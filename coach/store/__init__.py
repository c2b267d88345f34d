"""The only door to the database and its companions (lock, summary, backups, copies, temp files).

Importing this package costs nothing: the shell's fast paths import only the modules
they need (`coach.store.fast`), and everything else is loaded on first use.

- `database`: the `Store`, for the app and every writer.
- `reader`: read-only views, and snapshots for a worker thread of their own.
- `fast`: `coach status` and `coach walk list --json` without building records.
- `quick_write`: `coach walk add` without TinyDB, under the Store's rules; `checked`: the
  read-and-check the quick paths share.
- `glance`: what the app shows at start, from the writers' summary, without the log.
- `maintenance`: forget, set-aside, restore, import, export files.
- `codec`, `documents`: the one set of rules for a record, as a record and as stored.
- `files`, `lock`, `storage`, `summary`, `housekeeping`: how the files are written.
"""

from __future__ import annotations

TYPE_CHECKING = False  # no `typing` at run time: `walk list` has no other use for it
if TYPE_CHECKING:
    from typing import Any

    from coach.store.database import Deleted, Store
    from coach.store.documents import SCHEMA_VERSION
    from coach.store.reader import Snapshot, WalkLogView

__all__ = ["SCHEMA_VERSION", "Deleted", "Snapshot", "Store", "WalkLogView"]

_HOMES = {
    "Store": "coach.store.database",
    "Deleted": "coach.store.database",
    "WalkLogView": "coach.store.reader",
    "Snapshot": "coach.store.reader",
    "SCHEMA_VERSION": "coach.store.documents",
}


def __getattr__(name: str) -> Any:
    """`from coach.store import Store` loads the store's modules only when asked for."""
    if name in _HOMES:
        from importlib import import_module

        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'coach.store' has no attribute {name!r}")

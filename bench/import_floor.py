"""The floors (limit experiments) of the CLI rows: the least work each command must do.

`python bench/import_floor.py MODE --db DB [--json]`. Each mode is plain Python doing
only the work its command cannot skip, and nothing else; its time is the floor the
command is judged against (the command's row is "<= 1.1x the floor", pair by pair).

- `list` (`coach walk list --json`, with the summary): argparse for the same arguments
  (`--db`, `--json`, `--days`); read the file with `json`; order the walks newest first
  by `started_at`; give each its id (in place); dump them as JSON to stdout
  (`ensure_ascii=False`, as the command writes).
- `list-check` (`coach walk list --json`, summary deleted): `list`, plus checking every
  record with the project's own checker, `coach.store.documents.problems_in(data)`, on
  the parsed data as the store does. Importing it is part of the floor: checking is the
  work. (The store's strict parse, which also refuses repeated keys and lone surrogates,
  is NOT in the floor: the floor parses with plain `json.loads`.)
- `status` (`coach status`, with the summary): argparse for the same arguments
  (`--db`, `--json`); read `<db>.summary` with `json`; `os.stat` the database and
  compare its (inode, size, mtime_ns, ctime_ns) with the summary's signature; read the
  walking plan the status line needs (`content/walking.toml`, with `tomllib`); print one
  line (when the next walk is due).
- `status-check` (`coach status`, summary deleted): argparse; read the database with
  `json`; check every record with `problems_in(data)`; find the last walk end (the
  latest `ended_at`); read the walking plan with `tomllib`; print one line.
- `add` (`coach walk add`, against the bare write): argparse for the same arguments
  (`--db`, `--minutes`, `--at`); the lock every writer must hold (`fcntl.flock` on
  `<db>.lock`); read the file with `json`; add one walk under the next key; write it
  back durably and atomically (temporary file, fsync, rename, fsync of the folder),
  compact JSON; read the walking plan with `tomllib` (the command answers the walk
  from it); print one line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

TYPE_CHECKING = False  # no `typing` at run time: each mode imports only what it needs
if TYPE_CHECKING:
    from typing import Any

CONTENT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "content")


def _plan_hours() -> int:
    import tomllib

    with open(os.path.join(CONTENT, "walking.toml"), "rb") as handle:
        plan = tomllib.load(handle)
    return int(plan["every_hours"]["min"])


def _local(moment: Any) -> Any:
    return moment.astimezone()  # the C library's zone, as Back Coach reads it


def _due_line(last_end: str | None) -> str:
    from datetime import datetime, timedelta

    if last_end is None:
        return "no walk yet: walk when you can"
    due = datetime.fromisoformat(last_end) + timedelta(hours=_plan_hours())
    return f"next walk from {_local(due):%H:%M}"


def _read(path: str) -> dict[str, Any]:
    with open(path, "rb") as handle:
        data: dict[str, Any] = json.loads(handle.read())
    return data


def main() -> None:
    mode = sys.argv[1]
    parser = argparse.ArgumentParser(prog=f"floor {mode}")
    parser.add_argument("--db", required=True)
    if mode in ("list", "list-check", "status", "status-check"):
        parser.add_argument("--json", action="store_true")
    if mode in ("list", "list-check"):
        parser.add_argument("--days", type=int)
    if mode == "add":
        parser.add_argument("--minutes", required=True)
        parser.add_argument("--at")
    args = parser.parse_args(sys.argv[2:])

    if mode in ("list", "list-check"):
        data = _read(args.db)
        if mode == "list-check":
            from coach.store.documents import problems_in

            problem = problems_in(data)
            if problem:
                sys.exit(f"{args.db}: {problem}")
        walks = data.get("walks") or {}
        ordered = sorted(walks.items(), key=lambda item: item[1]["started_at"], reverse=True)
        for key, doc in ordered:
            doc["id"] = int(key)
        sys.stdout.write(json.dumps([doc for _, doc in ordered], ensure_ascii=False))
        sys.stdout.write("\n")
    elif mode == "status":
        with open(args.db + ".summary", "rb") as handle:
            summary = json.loads(handle.read())
        st = os.stat(args.db)
        current = [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
        if summary.get("signature") != current:
            sys.exit("the summary does not describe the file")
        print(_due_line(summary.get("last_walk_end")))
    elif mode == "status-check":
        from coach.store.documents import problems_in

        data = _read(args.db)
        problem = problems_in(data)
        if problem:
            sys.exit(f"{args.db}: {problem}")
        ends = [doc["ended_at"] for doc in (data.get("walks") or {}).values()]
        print(_due_line(max(ends) if ends else None))
    elif mode == "add":
        import fcntl
        import tempfile
        from datetime import datetime, timedelta

        lock = os.open(args.db + ".lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = _read(args.db)
            walks = data.setdefault("walks", {})
            key = str(max((int(k) for k in walks), default=0) + 1)
            end = datetime.fromisoformat(args.at or datetime.now().isoformat()).astimezone()
            minutes = int(args.minutes)
            walks[key] = {
                "started_at": (end - timedelta(minutes=minutes)).isoformat(timespec="seconds"),
                "ended_at": end.isoformat(timespec="seconds"),
                "minutes": minutes,
                "terrain": "flat",
                "leg_pain": False,
                "pain": None,
                "note": "",
            }
            folder = os.path.dirname(os.path.abspath(args.db))
            fd, temp = tempfile.mkstemp(dir=folder)
            with os.fdopen(fd, "wb") as out:
                out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, args.db)
            folder_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(folder_fd)
            finally:
                os.close(folder_fd)
        finally:
            os.close(lock)  # closing drops the flock
        _plan_hours()  # the plan the command answers the walk from
        print(f"walk {key} saved: {_local(end):%Y-%m-%d %H:%M}, {minutes} min")
    else:
        sys.exit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()

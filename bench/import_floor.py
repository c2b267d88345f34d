"""The limit experiments for the CLI rows: the least each command must do, and nothing else.

A process that imports only what the command's design needs and does only the work
the command cannot skip. Its time, against the same baseline, is the floor: Back
Coach's command cannot be quicker than this program.

- `read` (`coach status` when it must read the database): argparse for the command
  line, pathlib for paths, tomllib for the walking plan, zoneinfo for local time,
  dataclasses for records; then the same read.
- `print` (`coach walk list --json`): argparse and pathlib; the same read, the walks
  ordered newest first, each given its id in place, written out as JSON.
- `write` (`coach walk add`): argparse, pathlib, dataclasses and zoneinfo; the lock
  every writer must hold (`fcntl.flock` on `<db>.lock`, as `coach.store.lock`); the
  same read; the durable atomic write (temporary file, fsync, rename, fsync of the
  folder). TinyDB is imported, as by the baseline and by the store's writes.
"""

import argparse
import json
import os
import pathlib  # noqa: F401
import sys

path, mode = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "read")

if mode == "read":
    import dataclasses  # noqa: F401
    import tomllib  # noqa: F401
    import zoneinfo  # noqa: F401

    with open(path, "rb") as handle:
        data = json.loads(handle.read())
elif mode == "print":
    parser = argparse.ArgumentParser(prog="coach")
    parser.add_argument("--db")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(["--json", "--db", path])
    with open(args.db, "rb") as handle:
        walks = json.loads(handle.read())["walks"]
    ordered = sorted(walks.items(), key=lambda item: item[1]["started_at"], reverse=True)
    for key, doc in ordered:
        doc["id"] = int(key)  # in place: the least work that lists each walk with its id
    sys.stdout.write(json.dumps([doc for _, doc in ordered], ensure_ascii=False))
elif mode == "write":
    import dataclasses  # noqa: F401
    import fcntl
    import tempfile
    import zoneinfo  # noqa: F401

    import tinydb  # noqa: F401  (as the baseline)

    lock = os.open(path + ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with open(path, "rb") as handle:
            data = json.loads(handle.read())
        data["walks"][str(len(data["walks"]) + 1)] = {"minutes": 5}
        fd, temp = tempfile.mkstemp(dir=os.path.dirname(path) or ".")
        with os.fdopen(fd, "wb") as out:
            out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
        folder = os.open(os.path.dirname(path) or ".", os.O_RDONLY)
        os.fsync(folder)
        os.close(folder)
    finally:
        os.close(lock)  # closing drops the flock

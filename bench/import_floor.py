"""The limit experiment for the CLI rows: what the stack costs before Back Coach does anything.

A process that imports only what the design asks the CLI to use (argparse for the
command line, tomllib for the content, zoneinfo for local time, dataclasses for
records, pathlib for paths) and then reads the same file. With `print` it also
writes the walks out as JSON (what `walk list --json` must do); with `write` it also
takes the `filelock` lock and writes the file back atomically (what `walk add` must do).
"""

import argparse  # noqa: F401
import dataclasses  # noqa: F401
import json
import os
import pathlib  # noqa: F401
import sys
import tomllib  # noqa: F401
import zoneinfo  # noqa: F401

path, mode = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "read")
if mode == "write":
    import tempfile

    from filelock import FileLock

    with FileLock(path + ".lock", timeout=5):
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
else:
    with open(path, "rb") as handle:
        data = json.loads(handle.read())
    if mode == "print":
        sys.stdout.write(json.dumps(list(data.get("walks", {}).values()), ensure_ascii=False))

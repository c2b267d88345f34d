"""The CLI baselines: a bare Python process that imports tinydb, reads the file, maybe writes it back.

The write is the durable atomic write: temporary file, fsync, rename, fsync of the folder.
"""

import json
import os
import sys
import tempfile

import tinydb  # noqa: F401  (the baseline pays for importing it, as the goal says)

path, mode = sys.argv[1], sys.argv[2]
with open(path, "rb") as handle:
    data = json.loads(handle.read())
if mode == "write":
    walks = data.setdefault("walks", {})
    walks[str(len(walks) + 1)] = {
        "started_at": "2026-05-04T09:00:00+00:00",
        "ended_at": "2026-05-04T09:15:00+00:00",
        "minutes": 15,
        "terrain": "flat",
        "leg_pain": False,
        "pain": None,
        "note": "",
    }
    fd, temp = tempfile.mkstemp(dir=os.path.dirname(path) or ".")
    with os.fdopen(fd, "wb") as out:
        out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, path)
    folder = os.open(os.path.dirname(path) or ".", os.O_RDONLY)  # the rename made durable too
    os.fsync(folder)
    os.close(folder)

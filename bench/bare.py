"""The bare baselines: plain Python, no TinyDB, no Back Coach code.

`python bench/bare.py DB` (the baseline for `coach walk add`): read the file with `json`,
add one walk dict to data["walks"] under the next key (the largest key + 1), and write
it back durably and atomically: a temporary file in the same folder, write, flush,
fsync, `os.replace`, fsync of the folder. Compact JSON (`ensure_ascii=False`,
`separators=(",", ":")`), as the store writes.

`python bench/bare.py DB read` (context for the CLI floors): read the file with `json`,
nothing else.
"""

import json
import os
import sys
import tempfile

path = sys.argv[1]
mode = sys.argv[2] if len(sys.argv) > 2 else "add"
with open(path, "rb") as handle:
    data = json.loads(handle.read())
if mode == "add":
    walks = data.setdefault("walks", {})
    key = str(max((int(k) for k in walks), default=0) + 1)
    walks[key] = {
        "started_at": "2020-01-01T09:55:00+00:00",
        "ended_at": "2020-01-01T10:00:00+00:00",
        "minutes": 5,
        "terrain": "flat",
        "leg_pain": False,
        "pain": None,
        "note": "",
    }
    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(dir=folder)
    with os.fdopen(fd, "wb") as out:
        out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, path)
    folder_fd = os.open(folder, os.O_RDONLY)  # the rename made durable too
    try:
        os.fsync(folder_fd)
    finally:
        os.close(folder_fd)

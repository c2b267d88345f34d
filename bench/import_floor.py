"""The limit experiment for the CLI rows: what the stack costs before Back Coach does anything.

A process that imports only what the design asks the CLI to use (argparse for the
command line, tomllib for the content, zoneinfo for local time, dataclasses for
records, pathlib for paths) and then reads the same file; with `print`, it also
writes the walks out as JSON, which `coach walk list --json` must do.
"""

import argparse  # noqa: F401
import dataclasses  # noqa: F401
import json
import pathlib  # noqa: F401
import sys
import tomllib  # noqa: F401
import zoneinfo  # noqa: F401

with open(sys.argv[1], "rb") as handle:
    data = json.loads(handle.read())
if sys.argv[2:] == ["print"]:
    sys.stdout.write(json.dumps(list(data.get("walks", {}).values()), ensure_ascii=False))

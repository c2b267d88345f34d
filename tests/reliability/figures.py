"""Measure the reliability figures and write docs/RELIABILITY.md.

Run from the repository: `.venv/bin/python -m tests.reliability.figures` (about two minutes).
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.reliability.scenarios import (
    REPO,
    concurrent_cli_adds,
    concurrent_store_writes,
    damaged_files,
    fault_point_kills,
    random_kills,
)

DOC = REPO / "docs" / "RELIABILITY.md"


def generated_inputs() -> dict[str, int]:
    """Run the property tests and read hypothesis's own count of the inputs it generated."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--hypothesis-show-statistics",
            "tests/reliability/test_properties.py",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    counts: dict[str, int] = {}
    current = ""
    for line in done.stdout.splitlines():
        test = re.search(r"::(test_\w+)", line)
        if test:
            current = test.group(1)
        found = re.search(r"(\d+) passing, (\d+) failing", line)
        if found and current:
            counts[current] = counts.get(current, 0) + int(found.group(1)) + int(found.group(2))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=100)
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str]] = []
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        cli = concurrent_cli_adds(base / "cli.json", processes=4, writes_each=50)
        rows.append(
            (
                "Concurrent `coach walk add`",
                f"{cli.processes} processes x {cli.writes_each} writes = {cli.acknowledged} acknowledged, "
                f"{cli.found} in the file, {cli.duplicates} duplicated ({cli.seconds:.1f} s)",
                str(cli.lost),
                "`pytest tests/reliability/test_concurrency.py`",
            )
        )
        api = concurrent_store_writes(base / "api.json", processes=3, writes_each=40)
        rows.append(
            (
                "Concurrent walks and sessions (store API)",
                f"{api.processes} processes x {api.writes_each} writes = {api.acknowledged} acknowledged, "
                f"{api.found} in the file, {api.duplicates} duplicated",
                str(api.lost),
                "`pytest tests/reliability/test_concurrency.py`",
            )
        )
        kills = random_kills(base / "kills.json", rounds=args.kills, rng=random.Random(20261124))
        rows.append(
            (
                "Writers killed at random instants",
                f"{kills.kills} kills ({', '.join(f'{k} {v}' for k, v in kills.by_signal.items())}); "
                f"{kills.acknowledged} acknowledged walks checked; {kills.unreadable} unreadable files",
                str(kills.lost),
                "`pytest tests/reliability/test_kills.py`",
            )
        )
        faults = fault_point_kills(base / "faults.json", rounds_each=10)
        rows.append(
            (
                "Writers killed at the fault points",
                f"{faults.kills} kills ({', '.join(f'{k}: {v}' for k, v in faults.by_fault_point.items())}); "
                f"{faults.unreadable} unreadable files; {faults.leftover_temp_files} temp files left",
                str(faults.lost),
                "`pytest tests/reliability/test_kills.py`",
            )
        )
        damage = damaged_files(base)
        rows.append(
            (
                "Damaged databases",
                f"{damage.files} kinds x {damage.commands // max(1, damage.files)} commands: "
                f"{damage.clear_errors}/{damage.commands} one-line errors, {damage.bytes_changed} files changed",
                str(damage.bytes_changed),
                "`pytest tests/reliability/test_damage.py`",
            )
        )
    inputs = generated_inputs()
    rows.append(
        (
            "Generated inputs (hypothesis)",
            "; ".join(f"{count} for `{name}`" for name, count in sorted(inputs.items()))
            + " (each: no traceback; a correct result or one clear line)",
            "0",
            "`pytest tests/reliability/test_properties.py --hypothesis-show-statistics`",
        )
    )
    write_doc(rows, time.monotonic() - began)
    print(DOC.read_text())
    lost = sum(int(row[2]) for row in rows)
    return 0 if lost == 0 else 1


def write_doc(rows: list[tuple[str, str, str, str]], seconds: float) -> None:
    table = "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(f"""# Reliability

Back Coach keeps a person's record of recovery. These figures are measured by
`.venv/bin/python -m tests.reliability.figures` (this run: {seconds:.0f} s, on
{datetime.now(UTC):%Y-%m-%d}); the same scenarios run, with the same
assertions, in `make test` (`tests/reliability/`). The target for records lost is 0.

| Scenario | What was done | Records lost | Reproduce |
| --- | --- | --- | --- |
{table}

## How the store earns these figures

- **Atomic writes.** Every change is written to a temporary file in the same folder,
  `fchmod` 0600, flushed and `fsync`ed, then renamed over the database with
  `os.replace`, and the folder is `fsync`ed. The file on disk is always the old
  version or the new one. A value that cannot be serialised fails before any file is
  touched.
- **One writer at a time.** Every read-modify-write holds an `fcntl.flock` lock on
  `backcoach.json.lock` (0600), waits at most 5 s and then says so in one line, and
  re-reads the file inside the lock: no stale copy is ever written back, and TinyDB's
  cached next id is dropped so two processes never reuse an id.
- **Readers see changes.** Reads are cached by the file's signature (inode, size,
  `st_mtime_ns`, `st_ctime_ns`); an open app polls that signature every 2 s and
  reloads the screen.
- **Checked once, not trusted blindly.** Every writer checks every record inside its
  lock before it writes, then stamps `backcoach.json.summary` with the new file's
  signature. Only while the file still has exactly that signature do readers and the
  next writer skip checking every walk again; a file changed in any other way (an
  editor, another program, a copy put back) is checked in full, and a summary that is
  missing or stale only costs time.
- **Fault points.** `COACH_FAULT=after-temp-write` kills the writer between the
  temporary file and the rename, `after-rename` after the rename and before the lock
  is released, `disk-full` fails the write with ENOSPC. Random kills rarely land
  inside a write, so the suite uses both. Temporary files left by a killed writer are
  removed by the next writer, under the lock.
- **Damaged files are never overwritten.** Not JSON, truncated, not UTF-8, records
  of the wrong shape, or a newer `meta.schema_version`: the app and every command
  print one line naming the file and the problem and exit 1, and the bytes stay as
  they were. `coach set-aside` moves the file to `backcoach.json.damaged-TIMESTAMP`
  (printed) so the person can start afresh without losing it.
- **Places that cannot be written.** A data folder that cannot be created, a
  read-only file or folder (made immutable with `chattr +i`, since the tests run as
  root), and a full disk (a real 64 KiB tmpfs filled up, and the `disk-full` fault
  point) each give one line, and the previous file stays intact.
- **Versions and backups.** An older file is copied to
  `backcoach.json.schema-N.bak` before it is migrated; a newer one is refused. Before
  the first write of each day a copy goes to `backcoach.json.backups/` (the last seven
  are kept, 0600, in a 0700 folder).
- **Privacy.** The database, its backups, its lock and its status summary are created
  0600; a data folder Back Coach creates is 0700. `coach forget` erases the database,
  its backups, its migration copies, its summary and its lock, after the person types
  `forget` (or `--yes`).
- **Hostile text.** Notes, titles and step texts are shown as plain text: Rich
  markup stays literal, and control characters (escape sequences, bells, bidi
  overrides) are shown as visible escapes in the app, the CLI and its error lines.
  Checked in snapshots (`tests/ui/test_snapshots.py`) and in the real-terminal test
  (`tests/terminal/`). Content files are TOML, parsed as data only.

## What is not covered

- A power cut is simulated by killing the process between the write and the rename;
  the tests cannot cut the power to the disk itself, so they rely on `fsync` of the
  file and the folder doing what the kernel promises.
- Network file systems (NFS, SMB) are not tested; `flock` semantics there vary.
""")


if __name__ == "__main__":
    sys.exit(main())

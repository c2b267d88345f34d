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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tests.reliability.attacks import ATTACK_CLASSES, ATTACK_TESTS
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


@dataclass(frozen=True)
class Try:
    """One attack test as pytest reported it: passed, failed, xfailed (a known gap) or skipped."""

    name: str
    outcome: str
    reason: str = ""


def attacks_tried() -> list[Try]:
    """Run the attack tests and read each one's outcome from pytest's own report."""
    import xml.etree.ElementTree as ElementTree

    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "attacks.xml"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--junitxml={report}",
                ATTACK_TESTS,
            ],
            cwd=REPO,
            capture_output=True,
            check=False,
        )
        tries = []
        for case in ElementTree.parse(report).getroot().iter("testcase"):
            failed = case.find("failure") if case.find("error") is None else case.find("error")
            skipped = case.find("skipped")
            if failed is not None:
                tries.append(Try(case.get("name", ""), "failed"))
            elif skipped is not None:
                xfail = skipped.get("type") == "pytest.xfail"
                reason = skipped.get("message", "")
                tries.append(Try(case.get("name", ""), "xfailed" if xfail else "skipped", reason))
            else:
                tries.append(Try(case.get("name", ""), "passed"))
    return tries


def attack_rows(tries: list[Try]) -> list[tuple[str, str, str, str]]:
    """One row per attack class of issue 10: did it hold, which tests, the command that tries it."""
    rows = []
    for attack in ATTACK_CLASSES:
        mine = [t for t in tries if t.name.startswith(attack.selector)]
        counts = {o: sum(t.outcome == o for t in mine) for o in ("passed", "failed", "xfailed")}
        if not mine or counts["failed"]:
            held = f"**no**: {counts['failed']} of {len(mine)} tries failed"
        elif counts["xfailed"]:
            gaps = "; ".join(sorted({t.reason for t in mine if t.outcome == "xfailed"}))
            gap = "1 known gap" if counts["xfailed"] == 1 else f"{counts['xfailed']} known gaps"
            held = (
                f"partly: {counts['passed']} of {len(mine)} tries held; "
                f"{gap}, marked xfail ({gaps})"
            )
        else:
            held = f"yes ({counts['passed']} of {len(mine)} tries)"
        names = dict.fromkeys(t.name.split("[")[0] for t in mine)
        tests = "<br>".join(f"`{ATTACK_TESTS}::{name}`" for name in names)
        rows.append((attack.name, held, tests, f"`{attack.command}`"))
    return rows


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
    tries = attacks_tried()
    write_doc(rows, attack_rows(tries), time.monotonic() - began)
    print(DOC.read_text())
    lost = sum(int(row[2]) for row in rows)
    return 0 if lost == 0 and not any(t.outcome == "failed" for t in tries) else 1


def write_doc(
    rows: list[tuple[str, str, str, str]],
    attacks: list[tuple[str, str, str, str]],
    seconds: float,
) -> None:
    table = "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
    attack_table = "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in attacks)
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(f"""# Reliability

Back Coach keeps a person's record of recovery. These figures are measured by
`.venv/bin/python -m tests.reliability.figures` (this run: {seconds:.0f} s, on
{datetime.now(UTC):%Y-%m-%d}); the same scenarios run, with the same
assertions, in `make test` (`tests/reliability/`). The target for records lost is 0.

| Scenario | What was done | Records lost | Reproduce |
| --- | --- | --- | --- |
{table}

## Attack classes tried

An outside attack on an earlier version, tried as a hostile user and a careless one
would (two copies of the app and the shell on one file), found 32 defects in 47
attempts (issue 10). Each class of attack it found is now tried by the tests below;
every class failed on that version (a few of its tries guard paths that held even
then). "Held" is this run's result; a gap still open is marked `xfail` in its test,
with the reason, until it is fixed.

| Attack class | Held? | The test | Command that tries it |
| --- | --- | --- | --- |
{attack_table}

## How the store earns these figures

- **One door.** Only the package `coach/store/` opens the database, its lock, its
  summary, its backups, its set-aside copies and every temporary file; a contract
  test holds it (`tests/unit/test_contracts.py`).
- **Atomic writes.** Every file Back Coach writes (database, summary, backups,
  exports) is written to a temporary file created exclusively, under a random name, in
  the same folder, `fchmod` 0600, flushed and `fsync`ed, then renamed over the target
  with `os.replace`, and the folder is `fsync`ed (the summary, a cache, skips the
  fsyncs). The file on disk is always the old version or the new one. A value that
  cannot be serialised fails before any file is touched.
- **One writer at a time.** Every read-modify-write holds an `fcntl.flock` lock on
  `backcoach.json.lock` (0600, opened without following a link), waits at most 5 s
  and then says so in one line, checks once it holds the lock that the path still
  names the file it locked, and re-reads the file inside the lock: no stale copy is
  ever written back.
- **Ids are never reused.** New ids come from a counter in the file
  (`meta.next_walk_id`, schema 2), so a deleted walk's id is never given again, by
  any process. Ids are plain decimal; a key such as `01` is reported as damage.
- **Stale records are refused.** Every edit, delete, undo and finish carries the
  record it was opened on, and is refused in one line, saving nothing, if that record
  changed or vanished meanwhile. An undo is refused if the file changed since the
  delete; a finish applies only to the walk that was started.
- **Readers see changes.** Reads are cached by the file's signature (inode, size,
  `st_mtime_ns`, `st_ctime_ns`); an open app polls that signature every 2 s and
  reloads the screen.
- **Checked once, not trusted blindly.** One set of rules holds for every record
  read or written (minutes 1 to 600, pain 0 to 10, leg pain true or false, an end
  not before its start, years 1970 to 2100, known fields only). Every writer checks
  every record inside its lock before it writes, and each record it writes, then
  stamps `backcoach.json.summary` with the new file's signature. Only while the file
  still has exactly that signature do readers and the next writer skip checking
  every walk again; a file changed in any other way (an editor, another program, a
  copy put back) is checked in full, and a summary that is missing or stale only
  costs time.
- **Fault points.** `COACH_FAULT=after-temp-write` kills the writer between the
  temporary file and the rename, `after-rename` after the rename and before the lock
  is released, `disk-full` fails the write with ENOSPC. Random kills rarely land
  inside a write, so the suite uses both. Temporary files left by a killed writer are
  removed by the next writer, under the lock.
- **Damaged files are never overwritten.** Not JSON, truncated, not UTF-8, records
  of the wrong shape or out of bounds, or a newer `meta.schema_version`: the app and
  every command print one line naming the file and the problem and exit 1, and the
  bytes stay as they were. `coach set-aside` moves a file that fails to load to
  `backcoach.json.set-aside-TIMESTAMP` (printed, never over another copy; a sound
  file only with `--force`), and `coach restore` brings back a daily backup.
- **Places that cannot be written.** A data folder that cannot be created, a
  read-only file or folder (made immutable with `chattr +i`, since the tests run as
  root), and a full disk (a real 64 KiB tmpfs filled up, and the `disk-full` fault
  point) each give one line, and the previous file stays intact.
- **Versions and backups.** An older file is copied to
  `backcoach.json.schema-N.bak` before it is migrated; a newer one is refused. Before
  the first write of each day a copy goes to `backcoach.json.backups/` (0600, in a
  0700 folder), written atomically and read back once; a missing or unreadable copy
  of today is redone by the next write. Today's and the six newest past days' are
  kept, by the dates in their names; a date ahead of today is never counted.
- **Links.** A `--db` that is itself a link is resolved once and written through (a
  synced folder is the person's choice). A link planted at any other path Back Coach
  writes (the summary, the lock, the backups folder, a backup, a temporary name, an
  export) is never followed: it is replaced as a link, or the write is refused in one
  line, and the link's target is left byte for byte.
- **Privacy.** The database, its backups, its lock and its status summary are created
  0600; a data folder Back Coach creates is 0700. `coach forget`, after the person
  types `forget` (or `--yes`), takes the lock and removes exactly this database's
  files, matched literally (a name may hold `*?[`): the database, its summary,
  backups, set-aside and migration copies, temporary files, and the lock last. A
  link is removed as a link, never entered; anything else it finds is left and
  reported; names are printed with control characters escaped. An app still open on
  the erased records cannot write them back.
- **Hostile text.** Notes holding control, C1 or bidi characters are refused when
  typed. Notes, titles and step texts already stored are shown as plain text: Rich
  markup stays literal, and control characters (escape sequences, bells, bidi
  overrides) are shown as visible escapes in the app, the CLI, its error lines and
  an export to a terminal. CSV cells that begin with `=`, `+`, `-`, `@`, tab or CR get
  a leading apostrophe. Checked in snapshots (`tests/ui/test_snapshots.py`), in the
  real-terminal test (`tests/terminal/`) and in the attack tests. Content files are
  TOML, parsed as data only.

## What is not covered

- A power cut is simulated by killing the process between the write and the rename;
  the tests cannot cut the power to the disk itself, so they rely on `fsync` of the
  file and the folder doing what the kernel promises.
- Network file systems (NFS, SMB) are not tested; `flock` semantics there vary.
- In the attack tests, an app window is a `Store` object (as the app holds one); the
  app's screens on top of it are tried in `tests/ui/`. The tests were written by
  those who fixed the defects: a fresh outside attack is still the test of record.
""")


if __name__ == "__main__":
    sys.exit(main())

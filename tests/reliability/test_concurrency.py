"""Many processes on one database: every acknowledged record is there, none twice."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coach.model.records import Walk
from coach.store.database import Store
from coach.store.lock import LOCK_TIMEOUT
from tests.reliability.scenarios import (
    COACH,
    concurrent_cli_adds,
    concurrent_store_writes,
    environment,
)


def test_four_cli_processes_adding_50_walks_each_leave_exactly_200(tmp_path: Path) -> None:
    result = concurrent_cli_adds(tmp_path / "walks.json", processes=4, writes_each=50)
    assert result.acknowledged == 200
    assert result.found == 200
    assert result.duplicates == 0 and result.lost == 0


def test_walks_and_sessions_through_the_store_at_once(tmp_path: Path) -> None:
    result = concurrent_store_writes(tmp_path / "mixed.json", processes=3, writes_each=40)
    assert result.acknowledged == 240 and result.found == 240
    assert result.duplicates == 0 and result.lost == 0


def test_a_lock_that_cannot_be_had_is_a_clear_message_not_a_hang(tmp_path: Path) -> None:
    path = tmp_path / "locked.json"
    Store(path).add_walk(Walk(START, START + timedelta(minutes=5), 5))
    before = path.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path) + ".lock"],
        stdout=subprocess.PIPE,
        text=True,
        env=environment(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        began = time.monotonic()
        done = subprocess.run(
            [*COACH, "walk", "add", "--db", str(path), "--minutes", "5"],
            capture_output=True,
            text=True,
            env=environment(),
            check=False,
            timeout=30,
        )
        waited = time.monotonic() - began
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1
    assert "another Back Coach process has held the database" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert waited < LOCK_TIMEOUT + 5  # bounded: about the lock timeout, never a hang
    assert path.read_bytes() == before


START = datetime(2026, 1, 1, tzinfo=UTC)
HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("holding", flush=True)
time.sleep(60)
"""

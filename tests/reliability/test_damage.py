"""Damaged databases and places that cannot be written: one clear line, and the bytes are kept."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.scenarios import COACH, damaged_files, environment


def test_every_kind_of_damaged_file_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    result = damaged_files(tmp_path)
    assert result.files == 10
    assert result.failures == []
    assert result.clear_errors == result.commands == 60
    assert result.bytes_changed == 0


def coach(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COACH, *args],
        capture_output=True,
        text=True,
        env=env or environment(),
        check=False,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )


def one_clear_line(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for word in words:
        assert word in lines[0], lines[0]


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Really read-only, even for root: the immutable attribute (or plain modes for others)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o500 if path.is_dir() else 0o400)
        try:
            yield
        finally:
            path.chmod(mode)


def test_a_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    done = coach("walk", "add", "--db", str(blocker / "backcoach.json"), "--minutes", "5")
    one_clear_line(done, "cannot create the data folder")
    assert blocker.read_text() == "a file where the data folder should be"


def test_a_read_only_file_stays_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    assert coach("walk", "add", "--db", str(db), "--minutes", "5").returncode == 0
    before = db.read_bytes()
    with read_only(db):
        done = coach("walk", "add", "--db", str(db), "--minutes", "7")
    one_clear_line(done, str(db), "not saved", "unchanged")
    assert db.read_bytes() == before


def test_a_read_only_folder_stays_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    db = folder / "db.json"
    assert coach("walk", "add", "--db", str(db), "--minutes", "5").returncode == 0
    before = db.read_bytes()
    with read_only(folder):
        done = coach("walk", "add", "--db", str(db), "--minutes", "7")
    one_clear_line(done, "not saved")
    assert db.read_bytes() == before


def test_a_full_disk_by_fault_point(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    assert coach("walk", "add", "--db", str(db), "--minutes", "5").returncode == 0
    before = db.read_bytes()
    done = coach(
        "walk",
        "add",
        "--db",
        str(db),
        "--minutes",
        "7",
        env={**environment(), "COACH_FAULT": "disk-full"},
    )
    one_clear_line(done, "no space left on the disk", "the previous file is unchanged")
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".db.json.*.tmp"))


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB file system (tmpfs), to fill up for real."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk(tiny_disk: Path) -> None:
    db = tiny_disk / "db.json"
    for _ in range(3):
        assert (
            coach("walk", "add", "--db", str(db), "--minutes", "5", "--note", "x" * 400).returncode
            == 0
        )
    (tiny_disk / "filler").write_bytes(b"\0" * (64 * 1024 - 3 * os.path.getsize(db) - 4096 * 3))
    before = db.read_bytes()
    failures = 0
    for _ in range(20):
        done = coach("walk", "add", "--db", str(db), "--minutes", "5", "--note", "y" * 400)
        if done.returncode != 0:
            failures += 1
            one_clear_line(done, "no space left on the disk")
            assert db.read_bytes() == before or db.read_bytes().startswith(b"{")
        else:
            before = db.read_bytes()
    assert failures > 0, "the disk never filled up"
    assert db.read_bytes() == before
    assert not list(tiny_disk.glob(".db.json.*.tmp"))

"""`files.read_no_follow` reads a file whole in one call sized by its stat, and still
whole when the file grows while it is read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coach.store import files


@pytest.mark.parametrize("size", [0, 1, 4095, 1 << 20, (1 << 20) + 1, 3 << 20])
def test_a_file_is_read_whole(tmp_path: Path, size: int) -> None:
    path = tmp_path / "db.json"
    data = os.urandom(size)
    path.write_bytes(data)
    raw, st = files.read_no_follow(path)
    assert raw == data and st.st_size == size


def test_a_file_that_grows_while_it_is_read_is_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"a" * 5000)
    real_read = os.read
    grown = []

    def read_then_grow(fd: int, count: int) -> bytes:
        if not grown:  # another program appends after the stat, before the first read
            grown.append(True)
            with path.open("ab") as handle:
                handle.write(b"b" * (3 << 20))
        return real_read(fd, count)

    monkeypatch.setattr(files.os, "read", read_then_grow)
    raw, st = files.read_no_follow(path)
    assert raw == b"a" * 5000 + b"b" * (3 << 20)
    assert st.st_size == len(raw)  # the stat taken once the bytes are read

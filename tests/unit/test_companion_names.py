"""The companions' names, made from strings on `walk add`'s path, are the ones `pathlib`
gave: a backup written by the shell must be the backup the app finds, rotates and forgets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coach.store.files import folder_of, temp_prefix
from coach.store.housekeeping import _backup_file, _stem, backup_day, lock_path

NAMES = ["db.json", ".hidden", "a.b.json", "noext", "a.", "..x", "x..json", "é ü.json", "-.json"]


@pytest.mark.parametrize("name", NAMES)
def test_names_as_pathlib_gave_them(tmp_path: Path, name: str) -> None:
    db = tmp_path / name
    day = date(2026, 11, 26)
    assert _stem(str(db)) == db.stem
    expected = db.with_name(db.name + ".backups") / f"{db.stem}-{day.isoformat()}.json"
    assert _backup_file(str(db), day) == str(expected)
    assert backup_day(str(db), expected.name) == day
    assert lock_path(str(db)) == str(db.with_name(db.name + ".lock"))
    assert temp_prefix(str(db)) == f".{db.name}."
    assert folder_of(str(db)) == str(db.parent)


def test_a_bare_name_is_in_the_current_folder() -> None:
    assert folder_of("db.json") == str(Path("db.json").parent) == "."

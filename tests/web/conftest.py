from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from coach.model.settings import Settings
from coach.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database whose person has read the about screen (it shows on the first run)."""
    path = tmp_path / "data" / "backcoach.json"
    Store.open(path).save_settings(replace(Settings(), about_acknowledged=True))
    return path

"""Every test runs away from the person's real folders and database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.locations import content_dir
from coach.model.content import Library, load_library


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    for name in ("COACH_DB", "COACH_NOW", "COACH_FAULT", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "backcoach.json"


@pytest.fixture(scope="session")
def library() -> Library:
    """The bundled content, as the app loads it."""
    return load_library(content_dir())

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from coach.model.settings import Settings
from coach.store import Store
from tests.terminal.harness import TerminalApp


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A clean environment: nothing from the developer's own folders or database."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "PYTHONPATH")}
    home = tmp_path / "home"
    home.mkdir()
    return {
        **keep,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "TZ": "UTC",
    }


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database whose person has read the about screen (it shows on the first run)."""
    path = tmp_path / "data" / "backcoach.json"
    Store.open(path).save_settings(replace(Settings(), about_acknowledged=True))
    return path


@pytest.fixture
def terminals() -> Iterator[list[TerminalApp]]:
    started: list[TerminalApp] = []
    yield started
    for app in started:
        app.kill()
        if app.master >= 0:
            os.close(app.master)

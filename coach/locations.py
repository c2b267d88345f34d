"""Every path Back Coach uses, in one place.

`content/` and `styles/` live at the top of the repository; a built wheel carries
them inside the package as `coach/_data/...`. Both layouts are found here.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "backcoach"
DB_ENV = "COACH_DB"
DB_FILENAME = "backcoach.json"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """The installed copy inside the package if there is one, else the source checkout's."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def content_dir() -> Path:
    """The bundled content (exercises, rest positions, walking plan, guidance)."""
    return _bundled("content")


def styles_dir() -> Path:
    """The Textual CSS files."""
    return _bundled("styles")


def stylesheet(name: str) -> str:
    """One `.tcss` file; each screen loads its own when first shown, so start-up parses less."""
    return str(styles_dir() / name)


def user_content_dir() -> Path:
    """Where a person drops exercise files a physical therapist gave them."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / "exercises"


def db_path(given: str | None) -> Path:
    """The database a command or the app uses: `--db` if given, else the default.

    An empty `--db` (an unset shell variable, most likely) is refused: it must never
    quietly mean the default database, which `coach forget` would then erase.
    """
    if given is None:
        return default_db_path()
    from coach.errors import UsageError

    if not given.strip():
        raise UsageError("--db: the path is empty (is a shell variable unset?)")
    path = Path(given).expanduser()
    if not path.name or path.name in (".", ".."):
        raise UsageError(f"--db {given!r}: name a file, not a folder")
    return path


def default_db_path() -> Path:
    """`COACH_DB` if set, else `backcoach.json` in the user's data folder."""
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME) / DB_FILENAME


def report_folder() -> Path:
    """Where History saves a report: the person's Documents folder, else their home."""
    from platformdirs import user_documents_path

    documents = user_documents_path()
    return documents if documents.is_dir() else Path.home()

"""Every path Back Coach uses, in one place.

`content/` and `styles/` live at the top of the repository; a built wheel carries
them inside the package as `coach/_data/...`. Both layouts are found here.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # `pathlib` is imported by what needs it: `walk list` and `status` don't
if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "backcoach"
DB_ENV = "COACH_DB"
DB_FILENAME = "backcoach.json"

_PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))


def _bundled_folder(name: str) -> str:
    """The installed copy inside the package if there is one, else the source checkout's."""
    installed = os.path.join(_PACKAGE_DIR, "_data", name)
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(_PACKAGE_DIR), name)


def _bundled(name: str) -> Path:
    from pathlib import Path

    return Path(_bundled_folder(name))


def content_dir() -> Path:
    """The bundled content (exercises, rest positions, walking plan, guidance)."""
    return _bundled("content")


def content_folder() -> str:
    """`content_dir()` as a plain string, for the shell's quick paths."""
    return _bundled_folder("content")


def styles_dir() -> Path:
    """The Textual CSS files."""
    return _bundled("styles")


def stylesheet(name: str) -> str:
    """One `.tcss` file; each screen loads its own when first shown, so start-up parses less."""
    return os.path.join(_bundled_folder("styles"), name)


def user_content_dir() -> Path:
    """Where a person drops exercise files a physical therapist gave them."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / "exercises"


def db_path(given: str | None) -> Path:
    """The database a command or the app uses: `--db` if given, else the default.

    An empty `--db` (an unset shell variable, most likely) is refused: it must never
    quietly mean the default database, which `coach forget` would then erase.
    """
    from pathlib import Path

    return Path(db_location(given))


def db_location(given: str | None) -> str:
    """`db_path` as a plain string, for the shell's quick paths (no `pathlib`)."""
    if given is None:
        return default_db_location()
    from coach.errors import UsageError

    if not given.strip():
        raise UsageError("--db: the path is empty (is a shell variable unset?)")
    path = _home_expanded(given, "--db")
    if _last_name(path) in ("", ".."):
        raise UsageError(f"--db {given!r}: name a file, not a folder")
    return path


def _home_expanded(given: str, where: str) -> str:
    """`~` and `~user` expanded, once and only here; an unknown user is refused (else it
    would quietly name a folder called "~user")."""
    path = os.path.expanduser(given)
    if path.startswith("~"):
        from coach.errors import UsageError

        user = path.split(os.sep, 1)[0]
        raise UsageError(f"{where} {given!r}: there is no home folder for {user!r}")
    return path


def _last_name(path: str) -> str:
    """The name `pathlib` gives the path: its last part, "." parts left out ("a/b/.."
    names "..", a folder; "a/." names "a")."""
    separators = (os.sep, os.altsep) if os.altsep else (os.sep,)
    for separator in separators[1:]:
        path = path.replace(separator, os.sep)
    parts = [part for part in path.split(os.sep) if part not in ("", ".")]
    return parts[-1] if parts else ""


def default_db_path() -> Path:
    """`COACH_DB` if set, else `backcoach.json` in the user's data folder."""
    from pathlib import Path

    return Path(default_db_location())


def default_db_location() -> str:
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return _home_expanded(from_env, DB_ENV)
    from platformdirs import user_data_dir

    return os.path.join(user_data_dir(APP_NAME), DB_FILENAME)


def report_folder() -> Path:
    """Where History saves a report: the person's Documents folder, else their home."""
    from pathlib import Path

    from platformdirs import user_documents_path

    documents = user_documents_path()
    return documents if documents.is_dir() else Path.home()

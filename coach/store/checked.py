"""The database read and checked as `Store.check` checks it, without TinyDB or records.

For the shell's quick paths (`fast`, `quick_write`): the same bytes read without
following a link, parsed strictly unless the writers' summary vouches for the file,
a newer or damaged file refused in one line naming what is wrong, every record checked
by the same rules (`documents.database_problem`). A file of an older schema is left to
the `Store`, which checks it as it will be once upgraded (and upgrades it to write).
"""

from __future__ import annotations

from coach.errors import DamagedDatabase, StoreError
from coach.store.documents import (
    SCHEMA_VERSION,
    database_problem,
    parse_database,
    refuse_newer,
    schema_version_of,
)
from coach.store.files import describe_os_error, read_no_follow, signature_of
from coach.store.summary import vouching_summary

TYPE_CHECKING = False  # no `typing` nor `pathlib` at run time (`walk list` needs neither)
if TYPE_CHECKING:
    from typing import Any

    from coach.store.files import StrPath


class Checked:
    """The file as read and checked (a plain class: a named tuple would import `typing`)."""

    __slots__ = ("data", "raw", "summary")

    def __init__(
        self, data: dict[str, Any], raw: bytes | None, summary: dict[str, Any] | None
    ) -> None:
        self.data = data  # the tables; empty when there is no file yet
        self.raw = raw  # the bytes they were parsed from (None: no file yet)
        self.summary = summary  # the writers' summary, if it vouches for these very bytes

    @property
    def vouched(self) -> bool:
        return self.summary is not None


def read_checked(path: StrPath) -> Checked | None:
    """The database at `path` (resolved), checked; None if it is of an older schema."""
    try:
        raw, st = read_no_follow(path)
    except (FileNotFoundError, NotADirectoryError):
        return Checked({}, None, None)
    except OSError as error:
        raise StoreError(f"{path}: cannot read the database: {describe_os_error(error)}") from None
    summary = vouching_summary(path, signature_of(st))
    vouched = summary is not None
    # A file a Back Coach writer vouches for has no repeated keys (json.dumps writes none).
    data = parse_database(raw, path, strict=not vouched)
    version = schema_version_of(data, path)
    refuse_newer(version, path)
    if version < SCHEMA_VERSION:
        return None
    problem = database_problem(data, walks=not vouched, settings=not vouched)
    if problem:
        raise DamagedDatabase(f"{path}: {problem}; the file was not changed")
    return Checked(data, raw, summary)

"""Errors a person sees as one line: what went wrong and where, never a traceback."""

from __future__ import annotations


class CoachError(Exception):
    """A problem the person can act on; its message is the one line we print."""

    exit_code = 1


class UsageError(CoachError):
    """A wrong argument or value on the command line (exit status 2)."""

    exit_code = 2


class ContentError(CoachError):
    """A content file that does not match the schema; each problem is one line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class StoreError(CoachError):
    """The database cannot be read or written; the file on disk is left as it was."""


class DamagedDatabase(StoreError):
    """The database file exists but cannot be trusted; it is never overwritten."""


class NewerDatabase(DamagedDatabase):
    """Written by a newer Back Coach: sound, most likely, but not ours to read or change."""


class StaleRecord(StoreError):
    """A record changed or vanished since it was shown; nothing was saved over it."""


class LockTimeout(StoreError):
    """Another Back Coach process held the database lock for too long."""


def quoted(text: object) -> str:
    """What was typed, quoted for an error line and cut short: an error stays one line."""
    value = str(text)
    return repr(value if len(value) <= 40 else value[:39] + "…")

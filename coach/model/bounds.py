"""The bounds of what Back Coach records: sanity limits on input and on the file, not advice.

One definition, read by the input rules (`coach.model.walks`) and by the store's
rules for every record read or written (`coach.store.documents`); the rule for a stored
time is here too, for the status line checks the summary's times by it and needs no
other rule of the store's.
"""

from __future__ import annotations

from datetime import datetime

MIN_MINUTES, MAX_MINUTES = 1, 600  # one walk
MAX_NOTE = 500  # characters in a walk's note
MIN_YEAR, MAX_YEAR = 1970, 2100  # the years a stored time may have


def moment_problem(value: object, key: str) -> str | None:
    """What is wrong with a stored time: not ISO 8601, no UTC offset, or out of the years."""
    if not isinstance(value, str):
        return f"{key} is not a time"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return f"{key} is not a time"
    if moment.tzinfo is None:
        return f"{key} has no UTC offset"
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        return f"{key} is not within the years {MIN_YEAR} to {MAX_YEAR}"
    return None

"""Which appointment is next: the rule alone, free of the care records' model, so that
`coach status --json` can apply it to the summary's rows without importing that model."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TypeVar

STILL_COUNTS = timedelta(hours=1)  # an appointment that began within the hour still counts

Row = TypeVar("Row")


def first_ahead(rows: Iterable[tuple[datetime, int, Row]], now: datetime) -> Row | None:
    """The row of the first appointment not yet past, given (at, id, row) triples; the
    lower id first at the same moment."""
    ahead = [(at, item_id, row) for at, item_id, row in rows if at > now - STILL_COUNTS]
    if not ahead:
        return None
    return min(ahead, key=lambda triple: (triple[0], triple[1]))[2]

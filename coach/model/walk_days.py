"""The walk log's days: walks, minutes and leg pain for each of the last local days.

Apart from the walk input rules (`walks`), which `coach walk add` loads: the shell has
no use for the days' totals, and defining them cost it a named tuple.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from coach.model.records import Walk


class DaySummary(NamedTuple):
    day: date
    walks: int
    minutes: int
    leg_pain: bool


def day_summaries(
    walks: Iterable[Walk], today: date, zone: tzinfo, days: int = 14
) -> list[DaySummary]:
    """Walks, minutes and leg pain for each of the last `days` local days, oldest first."""
    first = today - timedelta(days=days - 1)
    totals: dict[date, list[int]] = {first + timedelta(days=i): [0, 0, 0] for i in range(days)}
    for walk in walks:
        day = walk.started_at.astimezone(zone).date()
        if day in totals:
            entry = totals[day]
            entry[0] += 1
            entry[1] += walk.minutes
            entry[2] |= walk.leg_pain
    return [DaySummary(d, w, m, bool(p)) for d, (w, m, p) in totals.items()]

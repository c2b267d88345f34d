"""`documents.last_walk_end`, the status line's rule without a summary, against its
definition: the latest end of the walks begun by `now` (a walk dated after now, logged
while the clock ran ahead, has not happened yet)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.store.documents import last_walk_end

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
ZONES = [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))]


def stored(moment: datetime) -> str:
    return moment.isoformat()


walks_drawn = st.lists(
    st.tuples(
        st.integers(-3000, 600),  # start: minutes from now
        st.integers(0, 600),  # minutes walked
        st.sampled_from(ZONES),  # as written: a writer's UTC, or a hand-edited offset
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(walks_drawn, st.integers(-600, 600))
def test_the_latest_end_of_the_walks_begun_by_now(
    drawn: list[tuple[int, int, timezone]], now_shift: int
) -> None:
    now = NOW + timedelta(minutes=now_shift)
    walks = {}
    for number, (start, minutes, zone) in enumerate(drawn, start=1):
        began = (NOW + timedelta(minutes=start)).astimezone(zone)
        walks[str(number)] = {
            "started_at": stored(began),
            "ended_at": stored(began + timedelta(minutes=minutes)),
        }
    begun = [
        datetime.fromisoformat(doc["ended_at"])
        for doc in walks.values()
        if datetime.fromisoformat(doc["started_at"]) <= now
    ]
    assert last_walk_end(walks, now) == (max(begun) if begun else None)
    every = [datetime.fromisoformat(doc["ended_at"]) for doc in walks.values()]
    assert last_walk_end(walks) == (max(every) if every else None)


def test_a_walk_that_ends_after_now_still_counts_when_it_began_before() -> None:
    walks = {
        "1": {"started_at": "2026-05-04T11:50:00+00:00", "ended_at": "2026-05-04T12:20:00+00:00"},
        "2": {"started_at": "2026-05-04T13:00:00+00:00", "ended_at": "2026-05-04T13:10:00+00:00"},
    }
    assert last_walk_end(walks, NOW) == datetime(2026, 5, 4, 12, 20, tzinfo=UTC)

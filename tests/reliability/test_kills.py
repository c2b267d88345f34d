"""Writers killed at random instants and at the fault points: the file always parses, nothing acknowledged is lost."""

from __future__ import annotations

import random
from pathlib import Path

from tests.reliability.scenarios import fault_point_kills, random_kills


def test_a_hundred_random_kills_never_leave_an_unreadable_file_or_lose_a_walk(
    tmp_path: Path,
) -> None:
    result = random_kills(tmp_path / "kills.json", rounds=100, rng=random.Random(20261124))
    assert result.kills == 100
    assert result.by_signal == {"SIGKILL": 50, "SIGHUP": 50}
    assert result.acknowledged > 100  # the writers really were writing when they were killed
    assert result.unreadable == 0
    assert result.lost == 0


def test_kills_at_the_fault_points_leave_the_old_file_or_the_new_record(tmp_path: Path) -> None:
    result = fault_point_kills(tmp_path / "faults.json", rounds_each=5)
    assert result.kills == 10  # every writer died at its fault point
    assert result.by_fault_point == {"after-temp-write": 5, "after-rename": 5}
    assert result.unreadable == 0 and result.lost == 0
    assert result.leftover_temp_files == 0  # the next write cleared what the killed ones left

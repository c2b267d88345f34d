"""The pictures teach the posture the words describe (F13 to F15, F17, F6, F7).

Each picture is read as a grid of characters: shoulders and hips are the two `O`s,
the head is `(o)`, the floor is the row of `=`, the back is drawn with `_ - . ' =`.
These checks fail if a picture puts the shoulders below the start position, the
cat's peak or the cow's dip away from the middle of the back, the head above the
buttocks, or a pillow anywhere but under the head, under the knees or between them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from coach.model.content import Exercise, Library, Position

BACK = set("_-.'=")


@dataclass(frozen=True)
class Grid:
    rows: list[str]

    @classmethod
    def of(cls, picture: str | None) -> Grid:
        assert picture is not None
        lines = picture.splitlines()
        width = max(map(len, lines))
        return cls([line.ljust(width) for line in lines])

    def find(self, text: str) -> list[tuple[int, int]]:
        return [
            (r, c)
            for r, row in enumerate(self.rows)
            for c in range(len(row))
            if row.startswith(text, c)
        ]

    def at(self, row: int, col: int) -> str:
        return self.rows[row][col] if 0 <= row < len(self.rows) else " "

    @property
    def floor(self) -> int:
        [row] = [r for r, line in enumerate(self.rows) if set(line.strip()) == {"="}]
        return row

    def back_height(self, col: int, top: int) -> float:
        """Where the back is drawn in a column, in rows from the top ('_' sits low in its cell)."""
        heights = [
            r + (0.5 if self.rows[r][col] == "_" else 0.0)
            for r in range(top, self.floor - 1)
            if self.rows[r][col] in BACK and not self._in_label(r, col)
        ]
        assert heights, f"no back drawn in column {col}"
        return min(heights)

    def _in_label(self, row: int, col: int) -> bool:
        """Beside a word of a label (two letters or more), not part of the drawing."""

        def word(c: int) -> bool:
            return self.at(row, c).isalpha() and (
                self.at(row, c - 1).isalpha() or self.at(row, c + 1).isalpha()
            )

        return word(col - 1) or word(col + 1)


@dataclass(frozen=True)
class Figure:
    """A person on hands and knees, read from a grid."""

    grid: Grid
    shoulder: tuple[int, int]
    hip: tuple[int, int]
    head: tuple[int, int]

    @classmethod
    def read(cls, picture: str | None) -> Figure:
        grid = Grid.of(picture)
        joints = grid.find("O")
        assert len(joints) == 2, "shoulder and hip are the two O's"
        shoulder, hip = sorted(joints, key=lambda j: j[1])
        [head] = grid.find("(o)")
        return cls(grid, shoulder, hip, head)

    def middle_third(self, col: int) -> bool:
        left, right = self.shoulder[1], self.hip[1]
        third = (right - left) / 3
        return left + third <= col <= right - third

    def back_profile(self) -> dict[int, float]:
        top = 0
        return {c: self.grid.back_height(c, top) for c in range(self.shoulder[1] + 1, self.hip[1])}


def positions(exercise: Exercise) -> dict[str, Position]:
    return {p.id: p for p in (*exercise.setup, *exercise.positions)}


@pytest.fixture(scope="module")
def cat_cow(library: Library) -> dict[str, Position]:
    return positions(library.exercise("cat-cow"))


def pictures(cat_cow: dict[str, Position]) -> dict[str, str | None]:
    return {
        "start": cat_cow["start"].picture,
        "cat": cat_cow["cat"].picture,
        "cat, neck variant": cat_cow["cat"].neck_picture,
        "cow": cat_cow["cow"].picture,
        "cow, neck variant": cat_cow["cow"].neck_picture,
    }


def test_shoulders_over_wrists_and_hips_over_knees_at_one_height_in_every_position(
    cat_cow: dict[str, Position],
) -> None:
    """F13: arm and thigh the same length, straight down, in the start and both holds."""
    heights = set()
    for name, picture in pictures(cat_cow).items():
        figure = Figure.read(picture)
        grid, (s_row, s_col), (h_row, h_col) = figure.grid, figure.shoulder, figure.hip
        assert s_row == h_row, f"{name}: shoulders and hips at different heights"
        knee_row = grid.floor - 1
        for row in range(s_row + 1, knee_row):
            assert grid.at(row, s_col) == "|", f"{name}: the arm is not straight down"
            assert grid.at(row, h_col) == "|", f"{name}: the thigh is not straight down"
        assert grid.at(knee_row, s_col) == "|" and grid.at(knee_row, s_col - 1) == "_"
        assert grid.at(knee_row, h_col) == "o", f"{name}: the knee is not under the hip"
        heights.add((grid.floor - s_row, h_col - s_col))
    assert len(heights) == 1, f"the shoulders or the back's length move between steps: {heights}"


def test_the_start_position_has_a_flat_back_and_the_head_in_line_looking_down(
    cat_cow: dict[str, Position],
) -> None:
    figure = Figure.read(cat_cow["start"].picture)
    assert set(figure.back_profile().values()) == {float(figure.shoulder[0])}
    assert figure.head[0] == figure.shoulder[0]  # the neck carries straight on
    assert figure.grid.at(figure.head[0] + 1, figure.head[1] + 1) in ":v"  # gaze to the floor


@pytest.mark.parametrize("neck", [False, True])
def test_the_cat_is_highest_in_the_middle_of_the_back(
    cat_cow: dict[str, Position], neck: bool
) -> None:
    figure = Figure.read(cat_cow["cat"].picture_for(neck))
    profile = figure.back_profile()
    peak = min(profile.values())
    assert peak < figure.shoulder[0]
    top = [c for c, h in profile.items() if h == peak]
    assert figure.middle_third(sum(top) / len(top)), "the peak is not in the middle of the back"
    middle = (figure.shoulder[1] + figure.hip[1]) // 2
    assert profile[middle] == peak
    if neck:  # F17: the head stays as in the start position
        assert figure.head[0] == figure.shoulder[0]
    else:  # F14: the head droops
        assert figure.head[0] > figure.shoulder[0]


@pytest.mark.parametrize("neck", [False, True])
def test_the_cow_is_lowest_in_the_middle_and_the_head_never_highest(
    cat_cow: dict[str, Position], neck: bool
) -> None:
    figure = Figure.read(cat_cow["cow"].picture_for(neck))
    grid = figure.grid
    lowest = {}
    for col in range(figure.shoulder[1] + 1, figure.hip[1]):
        rows = [
            r
            for r in range(figure.shoulder[0], grid.floor - 1)
            if grid.rows[r][col] in BACK and not grid._in_label(r, col)
        ]
        lowest[col] = max(rows)
    dip = max(lowest.values())
    assert dip > figure.shoulder[0]
    bottom = [c for c, r in lowest.items() if r == dip]
    assert figure.middle_third(sum(bottom) / len(bottom)), "the dip is not in the middle"
    assert lowest[(figure.shoulder[1] + figure.hip[1]) // 2] == dip
    rump = [(r, c) for r, c in grid.find("/") if c > figure.hip[1]]  # the buttocks, lifted
    tail_row = min(r for r, _ in rump)
    assert rump and tail_row < figure.hip[0]
    assert tail_row == min(r for r, c in grid.find("/") + grid.find("(o)") if c > 0)
    assert tail_row < figure.head[0], "the head is never the highest point"
    if neck:  # F17: level with the back
        assert figure.head[0] == figure.shoulder[0]
    else:  # F15: raised, only a little
        assert figure.head[0] == figure.shoulder[0] - 1


def test_the_neck_variant_never_draws_the_head_hanging_or_raised(
    cat_cow: dict[str, Position],
) -> None:
    for position in ("cat", "cow"):
        figure = Figure.read(cat_cow[position].neck_picture)
        row, col = figure.head
        assert figure.head[0] == figure.shoulder[0]
        assert figure.grid.rows[row][col + 3 : figure.shoulder[1]] == "=" * (
            figure.shoulder[1] - col - 3
        )


def test_on_the_back_a_pillow_under_the_head_and_one_under_the_knees(library: Library) -> None:
    grid = Grid.of(library.rest.positions[0].picture)
    ground = grid.floor - 1
    [(head_row, head_col)] = grid.find("(o)")
    pillows = sorted(grid.find("["), key=lambda p: p[1])
    assert len(pillows) == 2 and all(row == ground for row, _ in pillows)
    (_, head_pillow), (_, knee_pillow) = pillows
    assert head_row == ground - 1 and head_pillow <= head_col + 1 <= grid.rows[ground].index("]")
    knee_end = grid.rows[ground].index("]", knee_pillow)
    [(bend_row, bend_left)] = grid.find(".-")
    bend_right = grid.rows[bend_row].rindex("-.") + 1
    assert bend_row == ground - 1, "the knees rest on their pillow, not above it"
    assert knee_pillow - 1 <= bend_left and bend_right <= knee_end + 1
    assert grid.at(ground, knee_pillow - 1) == "/" and grid.at(ground, knee_end + 1) == "\\"


def test_on_the_side_the_pillow_is_between_the_knees_and_the_body_rests(
    library: Library,
) -> None:
    grid = Grid.of(library.rest.positions[1].picture)
    ground = grid.floor - 1
    [(pillow_row, pillow_col)] = grid.find("[pillow]")
    [(head_row, head_col)] = grid.find("( o )")
    knees = [(r, c) for r, c in grid.find(")") if c > head_col + len("( o )")]
    assert {r for r, _ in knees} == {pillow_row - 1, pillow_row + 1}, "a knee above, one below"
    assert all(abs(c - (pillow_col + len("[pillow]") - 1)) <= 1 for _, c in knees)
    assert max(r for r, _ in knees) == ground  # the lower knee on the floor
    assert grid.find("'-'")[0][0] == ground  # the head rests on the floor: nothing floats


@pytest.mark.parametrize("fact", ["F13", "F14", "F15"])
def test_each_posture_fact_has_its_picture(cat_cow: dict[str, Position], fact: str) -> None:
    assert any(fact in p.facts and p.picture for p in cat_cow.values())

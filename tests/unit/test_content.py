"""The content loader, its schema, and the facts the bundled content must carry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.errors import ContentError
from coach.locations import content_dir
from coach.model.content import Library, check_content, load_exercises, load_library
from coach.model.schema import Field
from coach.model.walking_plan import Range, load_walking_plan

GOOD = """
id = "wall-slide"
title = "Wall slide"
summary = "Slide down a wall."

[[setup]]
id = "start"
title = "Start"
text = "Stand with your back to a wall."

[cycle]
text = "Slide down and up."
reps = { min = 2, max = 3 }

[[cycle.positions]]
id = "down"
title = "Down"
text = "Slide down a little."
hold = { min = 5, max = 10 }
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_the_bundled_content_loads_and_cat_cow_comes_first(library: Library) -> None:
    cat_cow = library.exercises[0]
    assert cat_cow.id == "cat-cow"
    assert [p.id for p in cat_cow.setup] == ["start"]
    assert cat_cow.setup[0].hold is None  # the source gives the start position no hold
    assert [p.id for p in cat_cow.positions] == ["cat", "cow"]
    assert all((p.hold.low, p.hold.high) == (15, 30) for p in cat_cow.positions if p.hold)
    assert (cat_cow.reps.low, cat_cow.reps.high) == (2, 4)
    assert all(p.picture for p in (*cat_cow.setup, *cat_cow.positions))
    assert all(p.neck_text for p in cat_cow.positions)
    assert (library.walking.minutes.low, library.walking.minutes.high) == (10, 20)
    assert (library.walking.every_hours.low, library.walking.every_hours.high) == (2, 3)
    assert len(library.rest.positions) == 2


def test_every_fact_is_carried_by_a_bundled_item(library: Library) -> None:
    facts_file = Path(__file__).parents[3] / "shared" / "CONTENT-FACTS.md"
    expected = {f"F{n}" for n in range(1, 22)}
    if facts_file.exists():  # the list itself, when the shared folder is beside the checkout
        expected = set(re.findall(r"^- (F\d+)\.", facts_file.read_text(), re.M))
        assert len(expected) == 21
    carried = {fact for facts, _ in library.items_with_facts() for fact in facts}
    assert expected <= carried, f"missing: {sorted(expected - carried)}"


NUMBERS = {
    "F9": ("10", "20"),
    "F10": ("2", "3"),
    "F14": ("15", "30"),
    "F15": ("15", "30"),
    "F16": ("2", "4"),
}


@pytest.mark.parametrize(("fact", "numbers"), NUMBERS.items())
def test_the_numbers_of_a_fact_are_in_every_item_that_claims_it(
    library: Library, fact: str, numbers: tuple[str, str]
) -> None:
    texts = [text for facts, text in library.items_with_facts() if fact in facts]
    assert texts, f"no item carries {fact}"
    for text in texts:
        for number in numbers:
            assert re.search(rf"\b{number}\b", text), f"{fact}: {number!r} missing from {text!r}"


def test_the_numbers_in_the_text_match_the_numbers_the_app_uses(library: Library) -> None:
    cat_cow = library.exercise("cat-cow")
    for position in cat_cow.positions:
        assert position.hold is not None
        assert f"{position.hold.low} to {position.hold.high} seconds" in position.text
    assert f"{cat_cow.reps.low} to {cat_cow.reps.high} times" in cat_cow.cycle_text
    walking = library.walking
    texts = " ".join(item.text for item in walking.items)
    assert f"{walking.minutes.low} to {walking.minutes.high} minutes" in texts
    assert f"every {walking.every_hours.low} to {walking.every_hours.high} hours" in texts


def test_the_source_and_its_standing_are_shown(library: Library) -> None:
    assert library.source.title == "Acute Low Back Pain: Exercises"
    assert "Z071" in library.source.topic
    assert "general health information" in library.source.standing


def test_a_good_extra_exercise_loads_after_the_bundled_ones(tmp_path: Path) -> None:
    write(tmp_path, "wall.toml", GOOD)
    library = load_library(content_dir(), [tmp_path])
    assert [e.id for e in library.exercises] == ["cat-cow", "wall-slide"]
    assert library.notices == ()


BROKEN = [
    ('title = "Wall slide"\n', "", "wall.toml: title: is missing"),
    ('title = "Wall slide"', "title = 7", "wall.toml: title: must be a string"),
    (
        "reps = { min = 2, max = 3 }",
        "reps = { min = 4, max = 3 }",
        "wall.toml: cycle.reps: min (4) is greater than max (3)",
    ),
    (
        'summary = "Slide down a wall."',
        'summary = "Slide down a wall."\ncolour = "red"',
        "wall.toml: colour: unknown key",
    ),
    (
        "hold = { min = 5, max = 10 }",
        'hold = { min = "five", max = 10 }',
        "wall.toml: cycle.positions[1].hold.min: must be a whole number",
    ),
    ('id = "wall-slide"', 'id = "Wall Slide!"', "wall.toml: id: must be lower-case letters"),
    ('title = "Down"', 'title = ""', "wall.toml: cycle.positions[1].title: must not be empty"),
    (
        'summary = "Slide down a wall."',
        'summary = "Slide."\nfacts = ["13"]',
        "wall.toml: facts[1]: '13' is not a fact id",
    ),
    ("[cycle]", "[cycle", "wall.toml: (toml): not valid TOML"),
]


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN)
def test_each_kind_of_broken_file_is_one_line_naming_file_and_field(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, "wall.toml", GOOD.replace(old, new, 1))
    exercises, problems = load_exercises([path])
    assert exercises == []
    assert len(problems) == 1, problems
    assert problems[0].startswith(str(tmp_path)) and expected in problems[0]
    assert "\n" not in problems[0]


def test_a_too_wide_picture_is_refused(tmp_path: Path) -> None:
    wide = GOOD.replace(
        'text = "Slide down a little."', 'text = "x"\npicture = """\n' + "#" * 41 + '\n"""'
    )
    _, problems = load_exercises([write(tmp_path, "wide.toml", wide)])
    assert problems == [
        f"{tmp_path / 'wide.toml'}: cycle.positions[1].picture: is 41 columns wide (at most 40)"
    ]


def test_a_broken_extra_file_is_skipped_with_a_notice_and_never_stops_the_app(
    tmp_path: Path,
) -> None:
    write(tmp_path, "good.toml", GOOD)
    write(tmp_path, "bad.toml", "id = [")
    write(tmp_path, "same-id.toml", GOOD.replace('id = "wall-slide"', 'id = "cat-cow"'))
    library = load_library(content_dir(), [tmp_path])
    assert [e.id for e in library.exercises] == ["cat-cow", "wall-slide"]
    assert len(library.notices) == 2
    assert any("bad.toml: (toml)" in n for n in library.notices)
    assert any("same-id.toml: id: 'cat-cow' is already used" in n for n in library.notices)


def _bundled_copy(tmp_path: Path) -> Path:
    bundled = tmp_path / "content"
    for item in content_dir().rglob("*.toml"):
        target = bundled / item.relative_to(content_dir())
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.read_bytes())
    return bundled


def test_broken_bundled_content_is_fatal(tmp_path: Path) -> None:
    bundled = _bundled_copy(tmp_path)
    (bundled / "walking.toml").write_text(
        (bundled / "walking.toml")
        .read_text()
        .replace("minutes = { min = 10, max = 20 }", "minutes = { min = 20, max = 10 }")
    )
    with pytest.raises(ContentError) as raised:
        load_library(bundled)
    assert raised.value.problems == [
        f"{bundled / 'walking.toml'}: minutes: min (20) is greater than max (10)"
    ]


def test_content_check_covers_the_bundled_content_and_the_given_paths(tmp_path: Path) -> None:
    assert check_content(content_dir(), []) == []
    write(tmp_path, "wall.toml", GOOD)
    assert check_content(content_dir(), [tmp_path]) == []
    missing = tmp_path / "nowhere.toml"
    assert check_content(content_dir(), [missing]) == [f"{missing}: (file): does not exist"]


NECK = GOOD.replace(
    'text = "Slide down a little."',
    'text = "Slide down a little."\n'
    'neck_text = "Slide down a little, neck still."\n'
    "picture = '''\n  o\n /|\n'''\n"
    "neck_picture = '''\n  o\n  |\n'''",
)


def test_a_neck_variant_with_a_picture_for_every_held_step_is_accepted(tmp_path: Path) -> None:
    [exercise], problems = load_exercises([write(tmp_path, "neck.toml", NECK)])
    assert problems == [] and exercise.has_neck_variant
    [down] = exercise.positions
    assert down.picture_for(False) == "  o\n /|" and down.picture_for(True) == "  o\n  |"
    assert down.instruction(True) == "Slide down a little, neck still."


@pytest.mark.parametrize(
    ("drop", "expected"),
    [
        (
            "neck_picture = '''\n  o\n  |\n'''",
            "cycle.positions[1].neck_picture: is missing: the exercise has a neck variant",
        ),
        (
            'neck_text = "Slide down a little, neck still."',
            "cycle.positions[1].neck_text: is missing: the exercise has a neck variant",
        ),
    ],
)
def test_a_neck_variant_that_leaves_a_held_step_out_is_refused(
    tmp_path: Path, drop: str, expected: str
) -> None:
    assert drop in NECK
    path = write(tmp_path, "neck.toml", NECK.replace(drop + "\n", "", 1))
    exercises, problems = load_exercises([path])
    assert exercises == [] and len(problems) == 1 and expected in problems[0]
    assert check_content(content_dir(), [path]) == problems


def test_the_bundled_neck_variant_covers_every_held_step(library: Library) -> None:
    cat_cow = library.exercise("cat-cow")
    for position in cat_cow.positions:
        assert position.neck_text and position.neck_picture
        assert position.neck_picture != position.picture
        assert "F17" in position.neck_facts


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('title = "Wall slide"', 'title = "Wall \\u001b[2Jslide"', "title"),
        ('text = "Slide down and up."', 'text = "Slide\\tdown"', "cycle.text"),
        ('summary = "Slide down a wall."', 'summary = "Slide\\u202edown"', "summary"),
        (
            'summary = "Slide down a wall."',
            'summary = "Slide."\ncautions = ["ok", "bell\\u0007"]',
            "cautions[2]",
        ),
        (
            'text = "Slide down a little."',
            'text = "x"\npicture = """\n  o\\u001b]52;c;aGk=\\u0007\n"""',
            "cycle.positions[1].picture",
        ),
        ('text = "Slide down and up."', 'text = "up\\rdown"', "cycle.text"),
    ],
)
def test_a_control_character_in_any_text_is_refused(
    tmp_path: Path, old: str, new: str, where: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, "ctl.toml", GOOD.replace(old, new, 1))
    exercises, problems = load_exercises([path])
    assert exercises == []
    assert len(problems) == 1 and f": {where}: holds a control character (U+" in problems[0]
    assert "\x1b" not in problems[0] and "\x07" not in problems[0]


def test_a_control_character_in_bundled_content_is_fatal(tmp_path: Path) -> None:
    bundled = _bundled_copy(tmp_path)
    rest = bundled / "rest.toml"
    rest.write_text(
        rest.read_text().replace('title = "On your side"', 'title = "On\\u001b your side"')
    )
    with pytest.raises(ContentError) as raised:
        load_library(bundled)
    assert raised.value.problems == [
        f"{rest}: positions[2].title: holds a control character (U+001B)"
    ]


def test_a_guidance_item_the_screens_need_is_required(tmp_path: Path) -> None:
    bundled = _bundled_copy(tmp_path)
    guidance = bundled / "guidance.toml"
    guidance.write_text(guidance.read_text().replace('id = "pain-after"', 'id = "pain-later"'))
    with pytest.raises(ContentError) as raised:
        load_library(bundled)
    assert raised.value.problems == [f"{guidance}: items: no item has the id 'pain-after'"]


def test_an_exercise_without_cautions_gets_the_general_ones(
    tmp_path: Path, library: Library
) -> None:
    general = ("start-slowly", "ease-off", "doctor-decides")
    [exercise], _ = load_exercises([write(tmp_path, "wall.toml", GOOD)])
    cautions, facts = library.cautions(exercise)
    assert cautions == tuple(library.guide(i).text for i in general)
    assert set(facts) == {"F2", "F3", "F4"}
    cat_cow = library.exercise("cat-cow")
    assert library.cautions(cat_cow) == (cat_cow.cautions, cat_cow.caution_facts)
    assert set(cat_cow.caution_facts) == {"F1", "F2", "F3", "F4"}


def test_an_exercise_s_own_cautions_never_leave_the_general_ones_out(
    tmp_path: Path, library: Library
) -> None:
    """A file that says only 'go slowly' still shows ease off and your doctor decides."""
    text = GOOD.replace(
        'summary = "Slide down a wall."',
        'summary = "Slide down a wall."\ncautions = ["Go slowly."]\ncaution_facts = ["F2"]',
    )
    [exercise], _ = load_exercises([write(tmp_path, "wall.toml", text)])
    cautions, facts = library.cautions(exercise)
    assert cautions == (
        "Go slowly.",
        library.guide("ease-off").text,
        library.guide("doctor-decides").text,
    )
    assert {"F2", "F3", "F4"} <= set(facts)


def test_a_neck_variant_must_cover_a_held_setup_step_too(tmp_path: Path) -> None:
    held_setup = NECK.replace(
        'text = "Stand with your back to a wall."',
        'text = "Let your head hang down."\nhold = { min = 10, max = 10 }',
    )
    _, problems = load_exercises([write(tmp_path, "neck.toml", held_setup)])
    assert len(problems) == 1 and ": setup[1].neck_text: is missing" in problems[0]


@pytest.mark.parametrize(
    "char", ["\u200b", "\u00ad", "\ufeff", "\u2060", "\u061c", "\ufff9", "\u2028"]
)
def test_invisible_format_characters_are_refused_like_controls(tmp_path: Path, char: str) -> None:
    text = GOOD.replace('text = "Slide down and up."', f'text = "Slide{char}down"')
    _, problems = load_exercises([write(tmp_path, "fmt.toml", text)])
    assert len(problems) == 1
    assert f"cycle.text: holds a control character (U+{ord(char):04X})" in problems[0]


def test_picture_width_is_counted_in_screen_columns(tmp_path: Path) -> None:
    def picture(line: str) -> str:
        return GOOD.replace(
            'text = "Slide down a little."', f'text = "x"\npicture = """\n{line}\n"""'
        )

    _, problems = load_exercises([write(tmp_path, "wide.toml", picture("漢" * 21))])
    assert problems == [
        f"{tmp_path / 'wide.toml'}: cycle.positions[1].picture: is 42 columns wide (at most 40)"
    ]
    _, problems = load_exercises([write(tmp_path, "accents.toml", picture("e\u0301" * 25))])
    assert problems == []  # 25 columns: a combining accent takes none


def test_cautions_are_few_and_short_enough_to_be_seen_at_once(tmp_path: Path) -> None:
    def problems_with(cautions: str) -> list[str]:
        text = GOOD.replace(
            'summary = "Slide down a wall."', f'summary = "S."\ncautions = {cautions}'
        )
        return load_exercises([write(tmp_path, "c.toml", text)])[1]

    [four] = problems_with('["a", "b", "c", "d"]')
    assert "cautions: has 4 entries (at most 3)" in four
    [long] = problems_with(f'["{"word " * 24}w"]')  # 121 columns
    assert "cautions[1]: is 121 columns long (at most 120: two lines on the screen)" in long
    [wide] = problems_with(f'["{"漢" * 61}"]')  # 61 characters, 122 columns
    assert "cautions[1]: is 122 columns long" in wide
    [lines] = problems_with('["one\\ntwo"]')
    assert "cautions[1]: must be a single line" in lines
    assert problems_with(f'["{"word " * 23}word", "b", "c"]') == []  # 119 columns, three


def test_text_people_write_is_accepted(tmp_path: Path) -> None:
    """Accents, curly quotes, dashes, other scripts (Persian needs its zero-width
    non-joiner), emoji sequences, and a file saved with a byte-order mark."""
    text = GOOD.replace(
        'text = "Slide down and up."',
        'text = "Beugen Sie den R\u00fccken \u2014 \u201cslowly\u201d. \u0645\u06cc\u200c\u062a\u0648\u0627\u0646\u06cc\u062f \U0001f468\u200d\U0001f469\u200d\U0001f467"',
    )
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    exercises, problems = load_exercises([path])
    assert problems == [] and "\u200c" in exercises[0].cycle_text


def test_emoji_presentation_is_counted_as_two_columns() -> None:
    from coach.plain import columns

    assert columns("\u2764\ufe0f" * 40) == 80  # a heart drawn as an emoji
    assert columns("\u1100\u1161" * 20) == 40  # Korean jamo, decomposed, composes to 20 syllables
    assert columns("e\u0301" * 25) == 25


def test_a_neck_text_beside_a_picture_needs_its_neck_picture_on_an_untimed_step_too(
    tmp_path: Path,
) -> None:
    setup_neck = NECK.replace(
        'text = "Stand with your back to a wall."',
        'text = "Stand tall."\nneck_text = "Stand tall, neck still."\npicture = """\n o\n"""',
    )
    _, problems = load_exercises([write(tmp_path, "neck.toml", setup_neck)])
    assert len(problems) == 1 and ": setup[1].neck_picture: is missing" in problems[0]


def test_the_walking_plan_and_the_checker_s_fields_are_values_like_named_tuples() -> None:
    """Written out as tuples (named tuples cost the shell commands too much to define),
    they keep what named tuples gave: equal and hashed by value, immutable, unpacked,
    and shown with their fields' names."""
    first, second = (load_walking_plan(content_dir()) for _ in range(2))
    assert first == second and hash(first) == hash(second) and first is not second
    assert first.answers == second.answers and first.items == second.items
    low, high = first.minutes
    assert (low, high) == (first.minutes.low, first.minutes.high) == tuple(first.minutes)
    assert Range(15, 20) == Range(15, 20) != Range(15, 21)
    assert len({Range(15, 20), Range(15, 20)}) == 1
    with pytest.raises(AttributeError):
        first.minutes.low = 1  # type: ignore[misc]
    assert repr(Range(1, 2)) == "Range(low=1, high=2)"
    assert repr(first.answers.leg_pain).startswith("TextItem(id='leg-pain', title=")
    assert repr(first).startswith("WalkingPlan(title=") and "answers=WalkAnswers(" in repr(first)
    assert Field("int", True, low=3) == Field("int", True, low=3) != Field("int", True)
    assert Field("int", True, low=3).low == 3 and Field("slug").max_length == 4000
    assert load_library(content_dir()) == load_library(content_dir())


def test_a_fifo_a_folder_or_a_huge_file_in_a_content_file_s_place_is_one_line_never_a_wait(
    tmp_path: Path,
) -> None:
    """Found by the attack: a FIFO named like a content file blocked `coach status` for
    ever (the open itself waits for a writer)."""
    import os
    import threading

    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    huge = write(tmp_path, "huge.toml", "# " + "x" * (1 << 20))
    found: dict[str, list[str]] = {}

    def read_all() -> None:
        for path in (fifo, folder, huge):
            found[path.name] = load_exercises([path])[1]

    reader = threading.Thread(target=read_all, daemon=True)  # a wait fails the test alone
    reader.start()
    reader.join(timeout=10)
    assert found == {
        "fifo.toml": [f"{fifo}: (file): cannot be read: not a regular file"],
        "folder.toml": [f"{folder}: (file): cannot be read: Is a directory"],
        "huge.toml": [f"{huge}: (file): is too large (1048578 bytes; at most 1048576)"],
    }


def test_toml_nested_too_deeply_is_one_line_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.toml", "a = " + "[" * 5000 + "]" * 5000)
    exercises, problems = load_exercises([path])
    assert exercises == []
    assert problems == [f"{path}: (toml): not valid TOML: nested too deeply"]


def test_the_written_out_tuples_copy_and_pickle_as_named_tuples_did() -> None:
    """Found by the attack: tuple's own `__getnewargs__` gave `__new__` one tuple."""
    import copy
    import pickle

    plan = load_walking_plan(content_dir())
    for value in (plan, plan.minutes, plan.answers, plan.items[0]):
        assert copy.copy(value) == value and copy.deepcopy(value) == value
        assert pickle.loads(pickle.dumps(value)) == value
    field = Field("int", True, low=3)  # its children, a mappingproxy, pickle no more than before
    assert copy.copy(field) == field

"""A repeated key is refused in every file nobody vouches for, whichever way it is found.

`documents.parse_json` counts keys at C speed when the text allows it, and looks object
by object otherwise; both must give exactly what the object-by-object look gives.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.errors import DamagedDatabase
from coach.store.documents import RepeatedKey, _no_repeats, parse_json

# Texts that stress the count: colons, quotes, backslashes, spaces and line breaks.
TEXTS = st.text(alphabet=st.sampled_from(list('a:"\\ \n\t}{,é')), max_size=6)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), TEXTS)


def objects(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """An object as its pairs, so that a key may come twice."""
    return st.lists(
        st.tuples(st.sampled_from(["a", "b", "", ":", 'q"', "s\\", "é"]), children), max_size=4
    ).map(lambda pairs: ("object", pairs))


TREES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        objects(children), st.lists(children, max_size=3).map(lambda items: ("list", items))
    ),
    max_leaves=12,
)


def write(tree: Any, space: str) -> str:
    if isinstance(tree, tuple) and tree[0] == "object":
        inner = f",{space}".join(
            f"{json.dumps(key, ensure_ascii=False)}{space}:{space}{write(value, space)}"
            for key, value in tree[1]
        )
        return "{" + inner + "}"
    if isinstance(tree, tuple) and tree[0] == "list":
        return "[" + f",{space}".join(write(item, space) for item in tree[1]) + "]"
    return json.dumps(tree, ensure_ascii=False)


def reference(raw: bytes) -> Any:
    try:
        return json.loads(raw, object_pairs_hook=_no_repeats)
    except RepeatedKey:
        return RepeatedKey


def ours(raw: bytes) -> Any:
    try:
        return parse_json(raw, "db.json")
    except DamagedDatabase as error:
        assert "appears twice in one object" in str(error)
        return RepeatedKey


@settings(max_examples=200, deadline=None)
@given(
    tables=st.lists(
        st.tuples(st.sampled_from(["walks", "meta", "walks"]), objects(objects(TREES))), max_size=3
    ),
    space=st.sampled_from(["", "", " ", "\n  "]),
)
def test_the_count_finds_what_the_object_by_object_look_finds(tables: Any, space: str) -> None:
    raw = write(("object", tables), space).encode()
    assert ours(raw) == reference(raw)


@pytest.mark.parametrize(
    "text",
    [
        '{"walks":{"1":{"a":1,"a":2}}}',  # compact: the count is one short
        '{"walks":{"1":{"a":1}},"walks":{}}',  # a table twice
        '{"walks":{"1":{"a":1},"1":{"a":2}}}',  # a record's id twice
        '{"walks":{"1":{"a":":","a":1}}}',  # a text that begins with a colon hides one
        '{"walks":{"1":{"n":{"x":1,"x":2}}}}',  # inside an object inside a record
        '{"walks" :{"1":{"a":1,"a":2}}}',  # a space before a colon
        '{"walks":{"1":{"a\\\\":1,"a\\\\":2}}}',  # a key that ends in a backslash
    ],
)
def test_each_way_a_repeat_can_hide_is_refused(text: str) -> None:
    with pytest.raises(DamagedDatabase, match="appears twice"):
        parse_json(text.encode(), "db.json")


@pytest.mark.parametrize(
    "text",
    [
        '{"walks":{"1":{"note":":x","b":"\\":"}}}',  # colons after quotes inside texts
        '{"walks":{"1":{"n":{"x":1,"y":2}}}}',  # an object inside a record
        '{\n  "walks": {"1": {"a": 1}}\n}',  # written by hand, with spaces
    ],
)
def test_a_file_without_a_repeat_reads_whole(text: str) -> None:
    assert parse_json(text.encode(), "db.json") == json.loads(text)


def test_utf16_is_looked_at_object_by_object() -> None:
    raw = '{"walks":{"1":{"a":1,"a":2}}}'.encode("utf-16")
    with pytest.raises(DamagedDatabase):
        parse_json(raw, "db.json")


def test_a_real_file_is_counted_not_looked_at_object_by_object(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The settings hold objects within (an exercise's choices): a file as the writers
    leave it still takes the fast count, with no call per object; a repeat in the
    choices is still found."""
    from coach.store import documents

    walks = {
        str(i): {"started_at": f"2026-01-01T10:{i % 60:02d}:00+00:00", "minutes": 5, "note": ""}
        for i in range(1, 200)
    }
    choices = {"cat-cow": {"reps": 3, "hold": [1, {"a": 2}]}}
    data = {
        "meta": {"1": {"schema_version": 5}},
        "settings": {"1": {"waking_start": "07:00", "choices": choices}},
        "walks": walks,
    }
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    calls: list[int] = []
    real = documents._no_repeats
    monkeypatch.setattr(documents, "_no_repeats", lambda pairs: calls.append(1) or real(pairs))
    assert parse_json(raw, "db.json") == data
    assert calls == []
    repeated = raw.replace(b'"reps":3', b'"reps":3,"reps":4')
    with pytest.raises(DamagedDatabase, match="appears twice"):
        parse_json(repeated, "db.json")
    assert calls

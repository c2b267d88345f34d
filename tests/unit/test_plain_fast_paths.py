"""The quick paths of `coach.plain` answer exactly as the character-by-character rules."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from coach.plain import EMOJI_PRESENTATION, columns, first_unsafe, unsafe

# every kind the rules tell apart: ASCII and its controls, C1, format marks, joiners,
# wide and combining characters, surrogates, private use, line separators, emoji
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0x7F),
        st.sampled_from(
            "\x85\x9b\xad\u200b\u200c\u200d\u200e\u202e\u2028\u2029\ud800\ue000"
            f"\u00e9\u0301\u4e2d\uff21\U0001f600{EMOJI_PRESENTATION}\u2764\t\n"
        ),
        st.characters(),
    ),
    max_size=40,
)


def _first_unsafe_slowly(text: str, tab: bool) -> str | None:
    return next((c for c in text if (tab and c == "\t") or unsafe(c)), None)


def _columns_slowly(text: str) -> int:
    width, previous = 0, ""
    for char in unicodedata.normalize("NFC", text):
        if char == EMOJI_PRESENTATION:
            if previous and unicodedata.east_asian_width(previous) not in ("W", "F"):
                width += 1
        elif not (unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me")):
            width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        previous = char
    return width


@given(TEXT, st.booleans())
def test_first_unsafe_finds_what_a_look_at_every_character_finds(text: str, tab: bool) -> None:
    assert first_unsafe(text, tab=tab) == _first_unsafe_slowly(text, tab)


@given(TEXT)
def test_columns_of_ascii_and_of_anything_else_are_as_before(text: str) -> None:
    assert columns(text) == _columns_slowly(text)


def test_the_cases_that_matter_for_content_files() -> None:
    assert first_unsafe("a\tb", tab=True) == "\t" and first_unsafe("a\tb") is None
    assert first_unsafe("line\nnext") is None
    assert first_unsafe("caf\u00e9 \u202e") == "\u202e"
    assert columns("  /\\_/\\  ") == 9 and columns("\u4e2d") == 2

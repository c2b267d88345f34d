"""The app's text is in its own words: no 8-word run of the source page's wording.

`tests/data/source-8grams.txt` holds fingerprints of every 8-word run of the source
page (its header says how they are made). Every text a person can read is checked:
the bundled content, every string in the app's code (the screens' strings), and the
README and docs.
"""

from __future__ import annotations

import ast
import hashlib
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
FINGERPRINTS = ROOT / "tests" / "data" / "source-8grams.txt"
WORD = re.compile(r"[a-z0-9]+")


def fingerprints() -> set[str]:
    lines = FINGERPRINTS.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def runs(text: str) -> Iterator[str]:
    """Every 8-word run, normalised as the fingerprint file's header says."""
    words = WORD.findall(text.lower().replace("'", "").replace("\u2019", ""))
    for start in range(len(words) - 7):
        yield " ".join(words[start : start + 8])


def fingerprint(run: str) -> str:
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:16]


def toml_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from toml_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from toml_strings(item)


def code_strings(path: Path) -> Iterator[str]:
    """String constants, and f-strings with their fixed parts joined (what a screen shows)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.JoinedStr):
            yield " ".join(
                part.value
                for part in node.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )


def texts() -> Iterator[tuple[str, str]]:
    """(where, text) for everything a person can read."""
    for path in sorted((ROOT / "content").rglob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for text in toml_strings(data):
            yield str(path.relative_to(ROOT)), text
    for path in sorted((ROOT / "coach").rglob("*.py")):
        for text in code_strings(path):
            yield str(path.relative_to(ROOT)), text
    for path in sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")]):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def test_the_fingerprints_are_the_source_page_s() -> None:
    prints = fingerprints()
    assert len(prints) > 400 and all(re.fullmatch(r"[0-9a-f]{16}", p) for p in prints)


def test_the_normalisation_matches_the_fingerprint_file() -> None:
    """A known run of the source's wording, found in the old content, is recognised."""
    copied = "Round your back up toward the ceiling until you feel a good stretch"
    assert any(fingerprint(run) in fingerprints() for run in runs(copied))
    assert list(runs("Don't  STOP: it’s 8 words, here - right now, ok"))[0] == (
        "dont stop its 8 words here right now"
    )


def test_no_text_a_person_reads_copies_eight_words_of_the_source() -> None:
    prints = fingerprints()
    copied = [
        f"{where}: {run!r}"
        for where, text in texts()
        for run in runs(text)
        if fingerprint(run) in prints
    ]
    assert not copied, "copied wording:\n" + "\n".join(copied)


@pytest.mark.parametrize("where", ["content", "coach", "README.md"])
def test_every_kind_of_text_is_read(where: str) -> None:
    assert any(place.startswith(where) for place, _ in texts())

"""Text from people and files, made safe to show: no control character reaches a terminal.

Plain Python, used by the CLI's error lines and by the widgets alike.
"""

from __future__ import annotations

import unicodedata

_VISIBLE_CONTROLS = {i: f"\\x{i:02x}" for i in range(32) if chr(i) not in "\n\t"}
_VISIBLE_CONTROLS[0x7F] = "\\x7f"


# Zero-width (non-)joiners: spelling in Persian and other scripts, and emoji sequences.
JOINERS = "\u200c\u200d"
EMOJI_PRESENTATION = "\ufe0f"  # makes the character before it a two-column emoji


def unsafe(char: str) -> bool:
    """A character that must not reach a terminal as itself (a newline and a tab aside).

    C0 and C1 controls, DEL, and the invisible format marks (bidi controls, zero-width
    characters, soft hyphens...), surrogates and private-use characters.
    """
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return char not in "\n\t"
    if char in JOINERS:
        return False
    return 0x80 <= code <= 0x9F or unicodedata.category(char) in ("Cf", "Cs", "Co", "Zl", "Zp")


def safe_text(text: str, *, single_line: bool = False) -> str:
    """Replace control characters (ESC, BEL, C1 codes, bidi overrides...) with visible escapes."""
    cleaned = []
    for char in text:
        code = ord(char)
        if code in _VISIBLE_CONTROLS:
            cleaned.append(_VISIBLE_CONTROLS[code])
        elif char == "\t":
            cleaned.append("    ")
        elif char == "\n":
            cleaned.append(" " if single_line else "\n")
        elif unsafe(char):
            cleaned.append(f"\\u{code:04x}")
        else:
            cleaned.append(char)
    return "".join(cleaned)


def columns(text: str) -> int:
    """How many terminal columns a line takes: wide (East Asian, emoji) characters take
    two, combining marks none. Close to what a terminal does, without a library."""
    width = 0
    previous = ""
    for char in unicodedata.normalize("NFC", text):
        if char == EMOJI_PRESENTATION:
            if previous and unicodedata.east_asian_width(previous) not in ("W", "F"):
                width += 1  # the character before it is drawn as a two-column emoji
        elif not (unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me")):
            width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        previous = char
    return width

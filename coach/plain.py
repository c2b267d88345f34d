"""Text from people and files, made safe to show: no control character reaches a terminal.

Plain Python, used by the CLI's error lines and by the widgets alike.
"""

from __future__ import annotations

import re

# `unicodedata` (a library of its own, 0.3 ms to load) is imported where a character
# outside ASCII is looked at: most texts, and most commands, have none.

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
    if code < 0x80 or char in JOINERS:
        return False
    import unicodedata

    return code <= 0x9F or unicodedata.category(char) in ("Cf", "Cs", "Co", "Zl", "Zp")


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
    if text.isascii():  # one column each, as below, without a look at each character
        return len(text)
    import unicodedata

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


def first_unsafe(text: str, *, tab: bool = False) -> str | None:
    """The first character of `text` that `unsafe` names (or a tab, with `tab`), else
    None; only the few characters outside printable ASCII are looked at one by one."""
    for match in _MAYBE_UNSAFE.finditer(text):
        char = match[0]
        if (tab and char == "\t") or unsafe(char):
            return char
    return None


def _json_escape(char: str) -> str:
    code = ord(char)
    if code > 0xFFFF:  # JSON spells a character beyond the BMP as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _json_char(match: re.Match[str]) -> str:
    char = match[0]
    return _json_escape(char) if unsafe(char) else char


_MAYBE_UNSAFE = re.compile("[^\n\x20-\x7e]")  # written as a negation: it compiles in 0.1 ms


def json_inert(encoded: str) -> str:
    """JSON text with every character that must not reach a terminal written as `\\uXXXX`.

    Still valid JSON that decodes to the same values: outside strings, JSON text is
    plain ASCII, so every such character is inside a string, where the escape means it.
    `encoded` comes from `json.dumps`, which already escapes C0 controls in strings.
    """
    if encoded.isascii():  # the usual case, checked at C speed: only DEL can be raw
        return encoded.replace("\x7f", "\\u007f") if "\x7f" in encoded else encoded
    return _MAYBE_UNSAFE.sub(_json_char, encoded)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell a spreadsheet will not run: one that could start a formula gets a leading
    apostrophe, as spreadsheet-safety guides advise (OWASP, "CSV injection")."""
    stripped = cell.lstrip(" ")  # some spreadsheets skip leading spaces before a formula
    return (
        "'" + cell
        if cell.startswith(FORMULA_STARTS) or stripped.startswith(FORMULA_STARTS)
        else cell
    )

"""Text from people and files, made safe to show: no control character reaches a terminal.

Plain Python, used by the CLI's error lines and by the widgets alike.
"""

from __future__ import annotations

import unicodedata

_VISIBLE_CONTROLS = {i: f"\\x{i:02x}" for i in range(32) if chr(i) not in "\n\t"}
_VISIBLE_CONTROLS[0x7F] = "\\x7f"


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
        elif 0x80 <= code <= 0x9F or unicodedata.category(char) in ("Cf", "Cs", "Co"):
            cleaned.append(f"\\u{code:04x}")
        else:
            cleaned.append(char)
    return "".join(cleaned)

"""Key names for people: what Textual calls `left_square_bracket` is `[` to a person.

Help and the dialogs read the screens' own BINDINGS and name their keys with this.
"""

from __future__ import annotations

KEY_NAMES = {
    "question_mark": "?",
    "plus": "+",
    "minus": "-",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "space": "space",
    "escape": "escape",
    "enter": "enter",
    "left": "left",
    "right": "right",
    "up": "up",
    "down": "down",
    "full_stop": ".",
    "equals_sign": "=",
}


def key_label(keys: str) -> str:
    return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))

"""What reaches a person outside the app's window: the terminal bell and a desktop
notification (OSC 9 or OSC 777), as bytes for the terminal. No Textual here, so the
exact bytes can be tested.

- OSC 777 (`notify;title;body`) is spoken by VTE terminals (GNOME Terminal, Tilix),
  foot, urxvt and Konsole's kin; OSC 9 (one text) by iTerm2, WezTerm, Windows Terminal,
  kitty and Ghostty. One is sent, never both: a terminal that knows both would show two.
- Inside tmux the sequence is wrapped in tmux's passthrough, which tmux only lets out
  with `set -g allow-passthrough on`. The bell needs no wrapping: tmux rings it itself
  and flags the window.
- Never on the Linux console (TERM=linux): it has no notifications and may print junk.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

BELL = "\a"
MAX_TEXT = 200  # a notification is a line, not a page


def _clean(text: str, *, drop: str = "") -> str:
    """One line without any character that could end the sequence or drive the terminal."""
    kept = []
    for char in " ".join(text.split()):
        if char in drop or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            continue
        kept.append(char)
    cleaned = "".join(kept).strip()
    return cleaned if len(cleaned) <= MAX_TEXT else cleaned[: MAX_TEXT - 1] + "…"


def speaks_osc_777(environ: Mapping[str, str]) -> bool:
    """Terminals that show OSC 777 notifications (and not OSC 9)."""
    term = environ.get("TERM", "")
    return bool(environ.get("VTE_VERSION")) or term.startswith(("foot", "rxvt"))


def notifications_possible(environ: Mapping[str, str]) -> bool:
    return environ.get("TERM", "") != "linux"


def desktop_notification(title: str, body: str, environ: Mapping[str, str]) -> str:
    """The escape sequence that asks the terminal for a desktop notification; "" when
    the terminal cannot show one."""
    if not notifications_possible(environ):
        return ""
    if speaks_osc_777(environ):
        sequence = f"\x1b]777;notify;{_clean(title, drop=';')};{_clean(body)}\a"
    else:
        sequence = f"\x1b]9;{_clean(title)}: {_clean(body)}\a"
    if environ.get("TMUX"):
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence

"""Big text with pyfiglet: one `Figlet` per font, reused (loading a font costs ~2 ms)."""

from __future__ import annotations

from functools import cache

from pyfiglet import Figlet


@cache
def _figlet(font: str) -> Figlet:
    return Figlet(font=font, width=1000)


@cache
def render_big(text: str, font: str = "small") -> str:
    """ASCII-only big text (fonts with box characters break on TERM=linux)."""
    lines = _figlet(font).renderText(text).rstrip("\n").splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(line.rstrip() for line in lines)


def big_width(text: str, font: str = "small") -> int:
    return max((len(line) for line in render_big(text, font).splitlines()), default=0)

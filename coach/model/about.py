"""What Back Coach is and is not, as words: the about-and-safety page's text.

Plain Python, so the full-screen page (`screens.about`) and the plain guided mode
(`coach guide --plain`) say the same things, from the same content.
"""

from __future__ import annotations

from typing import NamedTuple

from coach.model.content import Library

# F1 to F4: what the exercises are, and the cautions that come before any of them.
BEFORE_YOU_START = ("examples", "start-slowly", "ease-off", "doctor-decides")


class AboutText(NamedTuple):
    before_you_start: tuple[str, ...]
    neck_title: str
    neck: str
    source: str
    data: str


def about_text(library: Library, db_path: object, *, neck_switch: str) -> AboutText:
    """The page's parts; `neck_switch` says how this face of the app turns the neck
    variant on (a key on the full screen, an option in the plain mode)."""
    source = library.source
    neck = library.guide("neck-variant")
    return AboutText(
        before_you_start=tuple(library.guide(item_id).text for item_id in BEFORE_YOU_START),
        neck_title=neck.title,
        neck=f"{neck.text} Each exercise that has a neck variant says on its first step "
        f"whether it is on: {neck_switch}.",
        source=f'"{source.title}", {source.publisher}, topic {source.topic}.\n{source.standing}',
        data="Everything you log stays on this computer, in one file readable only by you:\n"
        f"{db_path}\nDaily backups of the last seven days are kept beside it.",
    )

"""Back Coach's own themes: calm colours whose text reads at 4.5:1 or more (WCAG AA).

Each colour was picked so that text in it stays readable both as a colour and as the
grey Textual turns it into under NO_COLOR (`textual.filter.Monochrome`); the contrast
test (tests/unit/test_contrast.py) checks every pair the app draws text with.
Textual's other themes stay in the palette as they are.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from textual.app import App
from textual.theme import Theme

DEFAULT_THEME = "back-coach-dark"

BACK_COACH_DARK = Theme(
    name="back-coach-dark",
    primary="#8cc4ec",  # a soft sky blue: titles, the countdown, the selected row
    secondary="#a8d8b9",  # sage: section titles
    accent="#e9c77b",  # sand: footer keys, the focus marker
    warning="#f2b880",
    error="#f49a9a",
    success="#9bd8a8",
    foreground="#e4e6e8",
    background="#14181c",
    surface="#1b2026",
    panel="#262d35",
    dark=True,
    variables={
        # The selected row: near-black on a pale grey (greys keep their steps in 256
        # colours, so a dimmed summary on it still reads; a pale blue would not).
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#dde1e4",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#e4e6e8",
        "block-cursor-blurred-background": "#33404c",
        "footer-key-foreground": "#e9c77b",
        "input-cursor-background": "#e4e6e8",
        "input-cursor-foreground": "#14181c",
        "input-selection-background": "#3d5a73",
        "button-color-foreground": "#0e1216",
        "text-muted": "#aab1b8",
    },
)

BACK_COACH_LIGHT = Theme(
    name="back-coach-light",
    primary="#1c5a8c",  # deep blue
    secondary="#2d6a48",  # deep green
    accent="#7a2e5c",  # plum
    warning="#702c00",  # umber
    error="#a32632",
    success="#2c6a39",
    foreground="#15191d",
    background="#f4f2ec",
    surface="#fbfaf6",
    panel="#ebe8e0",
    dark=False,
    variables={
        "block-cursor-foreground": "#ffffff",
        "block-cursor-background": "#303030",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#15191d",
        "block-cursor-blurred-background": "#cfdceb",
        "footer-key-foreground": "#7a2e5c",
        "input-cursor-background": "#15191d",
        "input-cursor-foreground": "#fbfaf6",
        "input-selection-background": "#b9d0e6",
        "button-color-foreground": "#ffffff",
        "text-muted": "#4f565d",
    },
)

BACK_COACH_HIGH_CONTRAST = Theme(
    name="back-coach-high-contrast",
    primary="#8fd8ff",  # light cyan
    secondary="#ffe680",  # pale yellow
    accent="#ffe680",
    warning="#ffc27a",
    error="#ff9e9e",
    success="#9cf2b0",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1c1c1c",
    dark=True,
    variables={
        "text": "#ffffff",
        "text-muted": "#d8d8d8",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffffff",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#ffffff",
        "block-cursor-blurred-background": "#3a3a3a",
        "footer-key-foreground": "#ffe680",
        "input-cursor-background": "#ffffff",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#2f5f7f",
        "button-color-foreground": "#000000",
        "border-blurred": "#8a8a8a",
    },
)

THEMES: tuple[Theme, ...] = (BACK_COACH_DARK, BACK_COACH_LIGHT, BACK_COACH_HIGH_CONTRAST)

THEME_NAMES: dict[str, str] = {
    "back-coach-dark": "Dark",
    "back-coach-light": "Light",
    "back-coach-high-contrast": "High contrast",
}
"""The names a person picks from in Settings."""


def theme_in_force(stored: str, available: Collection[str]) -> str:
    """The stored theme if the app knows it (a palette pick may be any of Textual's),
    else Back Coach's dark theme."""
    return stored if stored in available else DEFAULT_THEME


def use_back_coach_themes(app: App[Any], stored: str) -> str:
    """Register Back Coach's three themes on the app; the name of the one to show."""
    for theme in THEMES:
        app.register_theme(theme)
    return theme_in_force(stored, app.available_themes)

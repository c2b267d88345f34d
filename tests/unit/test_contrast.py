"""Text contrast in Back Coach's themes: at least 4.5:1 (WCAG AA) for every colour the app
draws text in, on every background that text sits on.

Each pair is checked three ways, as a person may see it:
- in colour (truecolor);
- in the xterm 256 colours Textual falls back to when COLORTERM is not forwarded (SSH);
- under NO_COLOR, where Textual turns every colour into a grey (`textual.filter.Monochrome`,
  `Color.monochrome`), after alpha and `auto` colours are resolved against what is beneath.

The colours come from the themes themselves (`Theme -> ColorSystem.generate()`), so a change
to a theme or to Textual's derived variables is checked as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color
from textual.constants import DIM_FACTOR
from textual.theme import Theme

from coach.locations import styles_dir
from coach.themes import THEMES

MINIMUM = 4.5  # WCAG 2 AA, normal text

# Where text sits: a layer's colour, drawn over the layer named beneath it (None: opaque).
LAYERS: dict[str, tuple[str, str | None]] = {
    "background": ("$background", None),  # Screen
    "surface": ("$surface", None),  # menu list, dialogs, inputs, selects, tables
    "panel": ("$panel", None),  # the exercise's top bar, table headers
    "boost on background": ("$boost", "background"),
    "boost on surface": ("$boost", "surface"),
    "focused surface": ("$foreground 5%", "surface"),  # background-tint of a focused field
    "zebra row": ("$surface-darken-1 40%", "surface"),  # DataTable's even rows (dark)
    "zebra row (light)": ("$surface-lighten-1 50%", "surface"),
    "toast": ("$panel-lighten-1", None),
    "footer": ("$footer-background", "background"),
    "selected row": ("$block-cursor-background", "surface"),
    "selected row, unfocused": ("$block-cursor-blurred-background", "surface"),
    "primary button": ("$primary", None),
    "input selection": ("$input-selection-background", "surface"),
    "input cursor": ("$input-cursor-background", "surface"),
}

# Text colours the app's tcss and Textual's widgets use on the ordinary layers.
TEXT_COLOURS = (
    "$text",
    "$text-muted",
    "$foreground",
    "$primary",
    "$secondary",
    "$accent",
    "$warning",
    "$error",
    "$success",
    "$text-primary",
    "$text-secondary",
    "$text-accent",
    "$text-warning",
    "$text-error",
    "$text-success",
)
ORDINARY_LAYERS = (
    "background",
    "surface",
    "panel",
    "boost on background",
    "boost on surface",
    "focused surface",
    "zebra row",
    "zebra row (light)",
    "toast",
)


@dataclass(frozen=True)
class Use:
    """One kind of text: its colour on one layer, dimmed (SGR 2) or not."""

    what: str
    colour: str
    layer: str
    dim: bool = False


def uses() -> Iterator[Use]:
    """Every text colour on every ordinary layer, then the pairs with a layer of their own."""
    for layer in ORDINARY_LAYERS:
        for colour in TEXT_COLOURS:
            yield Use(f"{colour} text", colour, layer)
        yield Use("dim text (menu summaries, past appointments)", "$foreground", layer, dim=True)
    yield Use("selected row", "$block-cursor-foreground", "selected row")
    yield Use("selected menu summary (dim)", "$block-cursor-foreground", "selected row", dim=True)
    yield Use(
        "selected row, unfocused", "$block-cursor-blurred-foreground", "selected row, unfocused"
    )
    yield Use("footer key", "$footer-key-foreground", "footer")
    yield Use("footer description", "$footer-description-foreground", "footer")
    yield Use("footer text", "$footer-foreground", "footer")
    yield Use("primary button label", "$button-color-foreground", "primary button")
    yield Use("button label", "$button-foreground", "surface")
    yield Use("selected input text", "$input-selection-foreground", "input selection")
    yield Use("character under the input cursor", "$input-cursor-foreground", "input cursor")


class Palette:
    """A theme's variables, and colours resolved the way Textual draws them."""

    def __init__(self, theme: Theme) -> None:
        self.variables = theme.to_color_system().generate()

    def layer(self, name: str) -> Color:
        expression, beneath = LAYERS[name]
        under = Color(0, 0, 0) if beneath is None else self.layer(beneath)
        return under + self.colour(expression, under)

    def colour(self, expression: str, beneath: Color) -> Color:
        """`$name`, `$name 50%`, `#rrggbb[aa]` or `auto 87%`, as drawn over `beneath`.

        `auto` is Textual's contrasting text (near white or near black, by the brightness
        of what is beneath); an alpha colour is blended over what is beneath.
        """
        text = expression.strip()
        alpha = 1.0
        match = re.fullmatch(r"(.+?)\s+(\d+(?:\.\d+)?)%", text)
        if match:
            text, alpha = match.group(1), float(match.group(2)) / 100
        if text.startswith("$"):
            colour = self.colour(self.variables[text[1:]], beneath)
        elif text == "auto":
            colour = beneath.get_contrast_text(1.0)
        else:
            colour = Color.parse(text)
        colour = colour.with_alpha(colour.a * alpha)
        return beneath + colour


def relative_luminance(colour: Color) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b)


def contrast_ratio(one: Color, other: Color) -> float:
    """WCAG 2 contrast ratio, from 1 (the same) to 21 (black on white)."""
    high, low = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def in_256_colours(colour: Color) -> Color:
    """The colour a 256-colour terminal shows (Rich's downgrade, as Textual sends it)."""
    downgraded = RichColor.from_rgb(colour.r, colour.g, colour.b).downgrade(ColorSystem.EIGHT_BIT)
    return Color(*downgraded.get_truecolor())


def under_no_color(colour: Color) -> Color:
    """The grey Textual draws instead of a colour under NO_COLOR (textual.filter.Monochrome)."""
    return colour.monochrome


VIEWS: dict[str, Callable[[Color], Color]] = {
    "colour": lambda colour: colour,
    "256 colours": in_256_colours,
    "NO_COLOR": under_no_color,
    "NO_COLOR in 256 colours": lambda colour: in_256_colours(under_no_color(colour)),
}


def ratio(palette: Palette, use: Use, view: Callable[[Color], Color]) -> float:
    background = palette.layer(use.layer)
    text = palette.colour(use.colour, background)
    if use.dim:  # how Textual draws dim text: blended towards the background
        text = background.blend(text, DIM_FACTOR)
    return contrast_ratio(view(text), view(background))


def lowest(theme: Theme, view: Callable[[Color], Color]) -> tuple[float, Use]:
    palette = Palette(theme)
    return min(((ratio(palette, use, view), use) for use in uses()), key=lambda found: found[0])


@pytest.mark.parametrize("view", VIEWS, ids=list(VIEWS))
@pytest.mark.parametrize("theme", THEMES, ids=[t.name for t in THEMES])
def test_every_text_colour_reads_at_4_5_to_1(theme: Theme, view: str) -> None:
    palette = Palette(theme)
    below = [
        f"{use.what} on {use.layer}: {found:.2f}"
        for use in uses()
        if (found := ratio(palette, use, VIEWS[view])) < MINIMUM
    ]
    assert not below, f"{theme.name}, {view}: below {MINIMUM}:1:\n" + "\n".join(below)


def test_the_named_trouble_spots_are_checked() -> None:
    """The issue's own findings: headings (About, Follow-up care, Resting positions) and
    the countdown digits; each is one of the checked pairs."""
    checked = {(use.colour, use.layer) for use in uses()}
    assert ("$secondary", "background") in checked  # .section-title
    assert ("$primary", "background") in checked  # .screen-title, the countdown digits
    for theme in THEMES:
        palette = Palette(theme)
        digits = palette.colour("$primary", palette.layer("background"))
        shown = under_no_color(digits), under_no_color(palette.layer("background"))
        assert contrast_ratio(*shown) >= MINIMUM, theme.name


def test_every_text_colour_in_the_stylesheets_is_checked() -> None:
    """A text colour added to a .tcss file must be one this test checks."""
    used = set()
    for path in sorted(styles_dir().glob("*.tcss")):
        for value in re.findall(r"(?<![-\w])color:\s*([^;]+);", path.read_text()):
            used.add(value.strip())
    assert used, "no colours found: has the stylesheet folder moved?"
    checked = set(TEXT_COLOURS) | {use.colour for use in uses()}  # a pair of its own counts
    assert used <= checked, f"not checked: {sorted(used - checked)}"


def test_the_measure_is_wcag_s() -> None:
    """Known values: black on white is 21:1, a colour on itself 1:1, #767676 on white 4.54."""
    white, black = Color(255, 255, 255), Color(0, 0, 0)
    assert contrast_ratio(black, white) == pytest.approx(21.0)
    assert contrast_ratio(white, white) == pytest.approx(1.0)
    assert contrast_ratio(Color.parse("#767676"), white) == pytest.approx(4.54, abs=0.01)
    assert under_no_color(Color.parse("#0178D4")) == Color(101, 101, 101)

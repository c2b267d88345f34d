"""The report's pain chart: an inline SVG drawn from zero, with labelled axes and a key.

Plain Python and plain SVG (no script, nothing fetched). The three series differ by
marker shape and fill as well as by colour (Okabe-Ito, safe for colour-blind eyes), and
by line dash, so the chart reads the same printed in black and white.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from coach.model.history import PainPoint, PainSeries

WIDTH, HEIGHT = 360, 170
LEFT, RIGHT, TOP, BOTTOM = 34, 352, 21, 132
MAX_PAIN = 10
LABELLED_DAYS = 14  # up to this many days, each is labelled; beyond, a dated label every few
SPARSE_LABELS = 6  # dated labels at most, for a long period
AXIS = "#444"
XOf = Callable[[datetime], float]  # where a moment lies on the x axis
GRID = "#d5dbe1"


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    marker: str  # "circle", "square" or "triangle"
    dash: str


SERIES = (
    Series("Before a session", "#0072B2", "circle", ""),
    Series("After a session", "#D55E00", "square", "3 2"),
    Series("On a walk", "#009E73", "triangle", "1 2"),
)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def marker(series: Series, x: float, y: float) -> str:
    """One point: a filled circle, a hollow square or a filled triangle."""
    c = series.colour
    if series.marker == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{c}"/>'
    if series.marker == "square":
        return (
            f'<rect x="{_n(x - 3)}" y="{_n(y - 3)}" width="6" height="6" fill="#fff" '
            f'stroke="{c}" stroke-width="1.4"/>'
        )
    points = f"{_n(x)},{_n(y - 4)} {_n(x - 3.6)},{_n(y + 2.6)} {_n(x + 3.6)},{_n(y + 2.6)}"
    return f'<polygon points="{points}" fill="{c}"/>'


def pain_y(pain: int) -> float:
    return BOTTOM - (BOTTOM - TOP) * max(0, min(MAX_PAIN, pain)) / MAX_PAIN


def pain_chart(pain: PainSeries, first: date, last: date, zone: tzinfo) -> str:
    """Pain before and after sessions and on walks, over the local days `first` to `last`."""
    start = datetime.combine(first, time(), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=zone)
    span = (end - start).total_seconds()

    def x_of(moment: datetime) -> float:
        share = (moment - start).total_seconds() / span
        return LEFT + (RIGHT - LEFT) * max(0.0, min(1.0, share))

    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="pain-title" '
        'font-size="8.5" fill="#1b1b1b">',
        '<title id="pain-title">Pain from 0 to 10 before and after exercise sessions '
        "and on walks, by day</title>",
        *_key(),
        *_y_axis(),
        *_x_axis(first, last, zone, x_of),
    ]
    for series, points in zip(SERIES, _series_points(pain), strict=True):
        parts += _plot(series, points, x_of)
    parts.append("</svg>")
    return "\n".join(parts)


def _series_points(pain: PainSeries) -> tuple[Sequence[PainPoint], ...]:
    return (pain.before_sessions, pain.after_sessions, pain.on_walks)


def _key() -> list[str]:
    parts = []
    x: float = LEFT
    for series in SERIES:
        parts.append(
            f'<line x1="{x}" y1="9" x2="{x + 16}" y2="9" stroke="{series.colour}" '
            f'stroke-width="1"{_dash(series)}/>'
        )
        parts.append(marker(series, x + 8, 9))
        parts.append(f'<text x="{x + 20}" y="12">{series.label}</text>')
        x += 28 + len(series.label) * 4.6
    return parts


def _dash(series: Series) -> str:
    return f' stroke-dasharray="{series.dash}"' if series.dash else ""


def _y_axis() -> list[str]:
    parts = []
    for value in range(0, MAX_PAIN + 1, 2):
        y = pain_y(value)
        colour = AXIS if value == 0 else GRID
        parts.append(
            f'<line x1="{LEFT}" y1="{_n(y)}" x2="{RIGHT}" y2="{_n(y)}" stroke="{colour}" '
            'stroke-width="0.6"/>'
        )
        parts.append(f'<text x="{LEFT - 4}" y="{_n(y + 3)}" text-anchor="end">{value}</text>')
    middle = (TOP + BOTTOM) / 2
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{BOTTOM}" stroke="{AXIS}"/>')
    parts.append(
        f'<text x="10" y="{_n(middle)}" text-anchor="middle" '
        f'transform="rotate(-90 10 {_n(middle)})">Pain (0 to 10)</text>'
    )
    return parts


def _x_axis(first: date, last: date, zone: tzinfo, x_of: XOf) -> list[str]:
    count = (last - first).days + 1
    every = 1 if count <= LABELLED_DAYS else -(-count // SPARSE_LABELS)
    parts = []
    for n in range(count + 1):
        day = first + timedelta(days=n)
        x = x_of(datetime.combine(day, time(), tzinfo=zone))
        parts.append(
            f'<line x1="{_n(x)}" y1="{TOP}" x2="{_n(x)}" y2="{BOTTOM + 3}" stroke="{GRID}" '
            'stroke-width="0.6"/>'
        )
        if n == count or n % every:
            continue
        following = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
        middle = (x + x_of(following)) / 2
        if every == 1:
            parts.append(f'<text x="{_n(middle)}" y="{BOTTOM + 11}" text-anchor="middle">')
            parts.append(f'<tspan x="{_n(middle)}">{day:%a}</tspan>')
            parts.append(f'<tspan x="{_n(middle)}" dy="9">{day:%d}</tspan></text>')
        else:
            parts.append(
                f'<text x="{_n(x)}" y="{BOTTOM + 11}" text-anchor="start">{day:%d %b}</text>'
            )
    parts.append(
        f'<text x="{_n((LEFT + RIGHT) / 2)}" y="{HEIGHT - 3}" text-anchor="middle">'
        f"Day ({first:%d %b %Y} to {last:%d %b %Y})</text>"
    )
    return parts


def _plot(series: Series, points: Sequence[PainPoint], x_of: XOf) -> list[str]:
    if not points:
        return []
    coords = [(x_of(p.moment), pain_y(p.pain)) for p in points]
    parts = []
    if len(coords) > 1:
        line = " ".join(f"{_n(x)},{_n(y)}" for x, y in coords)
        parts.append(
            f'<polyline points="{line}" fill="none" stroke="{series.colour}" '
            f'stroke-width="0.8" stroke-opacity="0.7"{_dash(series)}/>'
        )
    parts += [marker(series, x, y) for x, y in coords]
    return parts

"""The report as one self-contained HTML page: inline CSS and SVG, no script, no link out.

Laid out for one sheet, A4 or Letter (the page's size is the printer's: only the
margins are set), up to 14 days: the days run across the table, 14 to a table, and
the care lists flow in three columns. Only when the lists would not fit are their
longest entries cut short, visibly (…); the Markdown report keeps every word.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Sequence

from coach.plain import safe_text
from coach.report import (
    ABOUT,
    FIGURES,
    NO_VALUE,
    PAIN_FIGURES,
    WALK_FIGURES,
    CareList,
    DayRow,
    DoctorReport,
    day_figures,
    made_line,
    period_line,
    plan_line,
    source_line,
    summary_lines,
    total_figures,
    window_rule,
)
from coach.report_chart import pain_chart

DAYS_PER_TABLE = 14
CARE_CAPACITY = 84  # text lines the three care columns hold on the page, headings included
LINE_EMS = 21.0  # text in one line of a care column, in em (a little under its width)
HEADING_LINES = 2  # a list's heading and the space around it
MIN_LINES = 2  # an entry is never cut shorter than this


def h(text: str) -> str:
    """Any text as inert HTML: no control character, every markup character escaped."""
    return html.escape(safe_text(text, single_line=True), quote=True)


STYLE = """
@page { margin: 10mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 8mm auto; max-width: 188mm; color: #1b1b1b; background: #fff;
  font: 8pt/1.28 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Liberation Sans", "DejaVu Sans", sans-serif;
}
@media print { body { margin: 0; max-width: none; } }
header { display: flex; justify-content: space-between; align-items: baseline; gap: 4mm;
  border-bottom: 0.5mm solid #2f4f6f; padding-bottom: 0.8mm; }
h1 { font-size: 13pt; margin: 0; font-weight: 600; color: #2f4f6f; }
header p { margin: 0; text-align: right; }
.about { margin: 0.8mm 0 0; color: #444; }
h2 { font-size: 9pt; margin: 2.2mm 0 0.8mm; color: #2f4f6f; font-weight: 600;
  border-bottom: 0.25mm solid #9aa9b8; break-after: avoid; }
h3 { font-size: 7.5pt; margin: 0 0 0.3mm; font-weight: 600; break-after: avoid; }
h3 small { font-weight: normal; color: #444; }
p { margin: 0 0 0.6mm; }
.top { display: grid; grid-template-columns: 1.1fr 1fr; gap: 5mm; align-items: start; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2mm 2.5mm; margin: 0.8mm 0; }
dt { font-weight: 600; }
dd { margin: 0; }
.small { color: #444; font-size: 7pt; line-height: 1.25; }
figure { margin: 0; }
svg { display: block; width: 100%; height: auto; }
table { width: 100%; border-collapse: collapse; table-layout: fixed;
  font-variant-numeric: tabular-nums; font-size: 7.5pt; line-height: 1.2; }
table + table { margin-top: 1.5mm; }
col.label { width: 44mm; }
th, td { border: 0.2mm solid #b8c2cc; padding: 0.25mm 0.8mm; vertical-align: top; }
thead th { background: #eef2f6; font-weight: 600; text-align: center; font-size: 7pt; }
tbody th { text-align: left; font-weight: normal; }
tr.group th, tr.group td { border-top: 0.45mm solid #6d8297; }
td { text-align: right; }
td.zero { color: #8a8a8a; }
td.pain { text-align: center; font-size: 7pt; padding: 0.25mm 0.3mm; }
.nb { white-space: nowrap; }
.total { font-weight: 600; background: #f6f8fa; }
tr { break-inside: avoid; }
.care { columns: 3; column-gap: 5mm; font-size: 7pt; line-height: 1.2; }
.care section { margin-bottom: 1.2mm; }
.care h3 { break-after: avoid; break-after: avoid-column; }
.care ul { margin: 0; padding: 0; list-style: none; }
.care li { break-inside: avoid; overflow-wrap: anywhere; position: relative; padding-left: 2.8mm; }
.care li::before { content: "•"; position: absolute; left: 0.5mm; }
.none { color: #555; font-style: italic; margin: 0; }
.source { margin: 0.6mm 0 0; padding: 0.8mm 1.5mm; background: #f3f5f7;
  border-left: 0.8mm solid #9aa9b8; font-size: 7.5pt; line-height: 1.25; }
"""


def page(report: DoctorReport) -> str:
    """The whole page; every text in it, stored or not, goes through `h` (or is a number)."""
    period = h(period_line(report))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'\">",
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>Back Coach report: {period}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>Back Coach: report for the doctor</h1>",
            f"<p><strong>{period}</strong><br>{h(made_line(report))}</p>",
            "</header>",
            f'<p class="about">{h(ABOUT)}</p>',
            f'<p class="source">{h(source_line(report.source))}</p>',
            '<div class="top">',
            "<section>",
            "<h2>Walks and exercise sessions</h2>",
            f"<p>{h(plan_line(report))}</p>",
            "<dl>",
            *(f"<dt>{h(label)}</dt><dd>{h(value)}</dd>" for label, value in summary_lines(report)),
            "</dl>",
            f'<p class="small">{h(window_rule(report))}</p>',
            "</section>",
            "<section>",
            "<h2>Pain (0 to 10)</h2>",
            _chart(report),
            "</section>",
            "</div>",
            "<h2>By day</h2>",
            *_day_tables(report),
            *_program(report),
            "<h2>Follow-up care</h2>",
            *_care(report.care),
            "</body>",
            "</html>",
            "",
        ]
    )


def _program(report: DoctorReport) -> list[str]:
    """The therapist's program, as kept: who, from when, each exercise, walks, notes."""
    if not report.program:
        return []
    items = "".join(f"<li>{h(line)}</li>" for line in report.program)
    return ["<h2>The therapist's program</h2>", f'<ul class="program">{items}</ul>']


def _chart(report: DoctorReport) -> str:
    if report.pain.empty:
        return '<p class="none">No pain was rated in this period.</p>'
    return f"<figure>{pain_chart(report.pain, report.first, report.last, report.zone)}</figure>"


# The table by day: the days run across, so 14 of them fit the page's width.


def _day_tables(report: DoctorReport) -> list[str]:
    days = report.days
    chunks = [days[n : n + DAYS_PER_TABLE] for n in range(0, len(days), DAYS_PER_TABLE)]
    return [
        _day_table(chunk, report if n == len(chunks) - 1 else None)
        for n, chunk in enumerate(chunks)
    ]


def _day_table(days: Sequence[DayRow], report: DoctorReport | None) -> str:
    """One table of up to 14 days; the last one ends with the whole period's totals."""
    totals = total_figures(report) if report is not None else None
    columns = len(days) + (1 if totals is not None else 0)
    parts = ["<table>", '<colgroup><col class="label">', *["<col>"] * columns, "</colgroup>"]
    head = "".join(f"<th>{h(f'{d.day:%a}')}<br>{h(f'{d.day:%d}')}</th>" for d in days)
    if totals is not None:
        head += '<th class="total">All<br>days</th>'
    parts.append(f"<thead><tr><th>{h(_months(days))}</th>{head}</tr></thead><tbody>")
    figures = [day_figures(d) for d in days]
    for n, label in enumerate(FIGURES):
        cells = "".join(_figure(f[n]) for f in figures)
        if totals is not None:
            cells += f'<td class="total">{totals[n]}</td>'
        group = ' class="group"' if n in (0, len(WALK_FIGURES)) else ""
        parts.append(f"<tr{group}><th>{h(label)}</th>{cells}</tr>")
    blank = '<td class="total"></td>' if totals is not None else ""
    sessions = "".join(_pain(_pairs(d.session_pain), "<br>") for d in days)
    parts.append(f'<tr class="group"><th>{h(PAIN_FIGURES[0])}</th>{sessions}{blank}</tr>')
    walks = "".join(_pain([str(v) for v in d.walk_pain], ", ") for d in days)
    parts.append(f"<tr><th>{h(PAIN_FIGURES[1])}</th>{walks}{blank}</tr>")
    parts.append("</tbody></table>")
    return "\n".join(parts)


def _months(days: Sequence[DayRow]) -> str:
    """The month (or months) the table's days fall in: the columns show only the day."""
    first, last = days[0].day, days[-1].day
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%B %Y}"
    if first.year == last.year:
        return f"{first:%b} to {last:%b %Y}"
    return f"{first:%b %Y} to {last:%b %Y}"


def _figure(value: int) -> str:
    return f'<td class="zero">{value}</td>' if value == 0 else f"<td>{value}</td>"


def _pairs(pairs: Iterable[tuple[int | None, int | None]]) -> list[str]:
    def shown(value: int | None) -> str:
        return NO_VALUE if value is None else str(value)

    return [f"{shown(b)}→{shown(a)}" for b, a in pairs]


def _pain(values: Sequence[str], separator: str) -> str:
    """Ratings in the order they were given (`separator` is markup: a comma, or a line break)."""
    shown = separator.join(f'<span class="nb">{h(v)}</span>' for v in values)
    return f'<td class="pain">{shown or NO_VALUE}</td>'


# The care lists: cut only as much as the page needs, the longest entries first.


def ems(text: str) -> float:
    """Roughly how wide a text is, in em, on the wide side for the common sans fonts."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F") or char in "mwMW@%…":
            width += 1.0
        elif char in " .,;:'!|()[]ilIjtfr-·":
            width += 0.38
        elif char.isupper():
            width += 0.78
        else:
            width += 0.64
    return width


def line_ends(text: str) -> list[int]:
    """Where each line of `text` in a care column ends, wrapped as a browser does: at
    spaces, and inside a word too long for a line (`overflow-wrap: anywhere`)."""
    ends: list[int] = []
    width, start = 0.0, 0
    space = ems(" ")
    for word in text.split(" "):
        size = ems(word)
        if width and width + space + size <= LINE_EMS:
            width += space + size
        else:
            if width:  # the word starts the next line
                ends.append(start - 1)
                width = 0.0
            for offset, char in enumerate(word):
                if width and width + ems(char) > LINE_EMS:
                    ends.append(start + offset)
                    width = 0.0
                width += ems(char)
        start += len(word) + 1
    ends.append(len(text))
    return ends


def lines_of(text: str) -> int:
    return len(line_ends(text))


def cut_to(text: str, lines: int) -> str:
    """`text` cut to `lines` lines of a care column, ending with … (at a space if one is near)."""
    ends = line_ends(text)
    if len(ends) <= lines:
        return text
    begin = ends[lines - 2] if lines > 1 else 0
    cut = text[: ends[lines - 1]]
    while len(cut) > begin and ems(cut[begin:] + " …") > LINE_EMS:
        cut = cut[:-1]
    space = cut.rfind(" ", begin)
    if space > begin + (len(cut) - begin) // 2:
        cut = cut[:space]
    return cut.rstrip(" ·,;") + " …"


def fitted(care: Sequence[CareList]) -> tuple[list[list[str]], bool]:
    """Each list's lines, flattened and inert; the longest cut until all fit the page."""
    texts = [
        [" ".join(safe_text(line, single_line=True).split()) for line in c.lines] for c in care
    ]
    need = [lines_of(t) for lines in texts for t in lines]
    fixed = HEADING_LINES * len(care) + sum(1 for lines in texts if not lines)
    limit = max(need, default=MIN_LINES)
    while limit > MIN_LINES and fixed + sum(min(n, limit) for n in need) > CARE_CAPACITY:
        limit -= 1
    out = [[t if lines_of(t) <= limit else cut_to(t, limit) for t in lines] for lines in texts]
    return out, out != texts


def _care(care: Sequence[CareList]) -> list[str]:
    texts, shortened = fitted(care)
    parts = ['<div class="care">']
    for item, lines in zip(care, texts, strict=True):
        scope = f" <small>({h(item.scope)})</small>" if item.scope else ""
        parts.append(f"<section><h3>{h(item.title)}{scope}</h3>")
        if lines:
            parts += ["<ul>", *(f"<li>{html.escape(t, quote=True)}</li>" for t in lines), "</ul>"]
        else:
            parts.append('<p class="none">None recorded.</p>')
        parts.append("</section>")
    parts.append("</div>")
    if shortened:
        parts.append(
            '<p class="small">A long entry is cut short here (…) to keep the report on one page; '
            "coach care list, or this report as Markdown, shows it whole.</p>"
        )
    return parts

"""`coach report`: every figure of a database of known content, in Markdown and in HTML.

The database holds one week (Mon 16 to Sun 22 Nov 2026, Europe/Berlin, UTC+1) of walks,
sessions of each status and care items of each kind, written through the Store with
fixed times; the command runs at a fixed moment (COACH_NOW). The missed windows
expected below were worked out by hand from the schedule's rule (see `WEEK`).
"""

from __future__ import annotations

import html
import json
import os
import re
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from markdown_it import MarkdownIt

from coach.__main__ import main
from coach.model.records import (
    CareItem,
    CareKind,
    SessionRecord,
    SessionStatus,
    Terrain,
    Walk,
)
from coach.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
NOW = "2026-11-22T20:00:00+01:00"
PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


# The week, walk by walk (local start, minutes, details). Waking hours 08:00 to 22:00.
# A window opens 2 h and closes 3 h after a walk ends; a window closed with no walk is
# missed, and the next follows from its close. Worked out by hand:
# Sun 15 20:00-20:15 (before the period) -> next window 22:15 is after waking: Mon 08-09.
# Mon: 08:30 keeps 08-09; 11:00 keeps 10:45-11:45; 13:30, 16:00, 18:30, 21:00 each keep
#      theirs; after 21:15 -> Tue 08-09.                                     missed 0
# Tue: 08-09 missed; 11-12 kept by 11:30 (ends 11:50); 13:50-14:50 kept by 14:00
#      (ends 14:10); 16:10-17:10 and 19:10-20:10 missed; 22:10 -> Wed 08-09. missed 3
# Wed: 08:15 (25 min, ends 08:40) keeps 08-09; 10:50 (5 min) keeps 10:40-11:40; 13:00
#      keeps 12:55-13:55; 15:15-16:15, 18:15-19:15, 21:15-22:00 missed.       missed 3
# Thu: no walk: 08-09, 11-12, 14-15, 17-18, 20-21 missed; then Fri 08-09.     missed 5
# Fri: 08:45 keeps 08-09; 11:10 keeps 11-12; 14:00 keeps 13:25-14:25; 17:00 keeps
#      16:20-17:20; 19:15-20:15 missed; 22:15 -> Sat 08-09.                  missed 1
# Sat: 08-09 missed; 10:00 keeps 11-12 (started before it closed); then 12:15-13:15,
#      15:15-16:15, 18:15-19:15, 21:15-22:00 missed.                         missed 5
# Sun: 08:20 keeps 08-09; 10:40 keeps 10:35-11:35; 12:55-13:55, 15:55-16:55 and
#      18:55-19:55 missed; 21:55-22:00 is still ahead at 20:00.              missed 3
WEEK: list[tuple[tuple[int, int, int], int, dict[str, object]]] = [
    ((15, 20, 0), 15, {}),
    ((16, 8, 30), 15, {"pain": 2}),
    ((16, 11, 0), 15, {"pain": 3}),
    ((16, 13, 30), 15, {}),
    ((16, 16, 0), 15, {}),
    ((16, 18, 30), 15, {}),
    ((16, 21, 0), 15, {}),
    ((17, 11, 30), 20, {"leg_pain": True, "pain": 5}),
    ((17, 14, 0), 10, {"terrain": Terrain.HILLY, "pain": 4}),
    ((18, 8, 15), 25, {}),
    ((18, 10, 50), 5, {}),
    ((18, 13, 0), 15, {"leg_pain": True, "pain": 6}),
    ((20, 8, 45), 15, {"terrain": Terrain.HILLY, "pain": 1}),
    ((20, 11, 10), 15, {"terrain": Terrain.HILLY, "leg_pain": True, "pain": 4}),
    ((20, 14, 0), 20, {}),
    ((20, 17, 0), 15, {}),
    ((21, 10, 0), 15, {}),
    ((22, 8, 20), 15, {"pain": 2}),
    ((22, 10, 40), 15, {}),
]
# Session: local start, status, pain before, pain after.
SESSIONS = [
    ((15, 9, 0), SessionStatus.COMPLETED, 7, 7),  # before the period: not counted
    ((16, 9, 30), SessionStatus.COMPLETED, 4, 3),
    ((17, 10, 0), SessionStatus.STOPPED_FOR_PAIN, 5, 6),
    ((18, 15, 0), SessionStatus.INTERRUPTED, 3, None),
    ((19, 9, 0), SessionStatus.NO_REPS, None, None),
    ((20, 10, 0), SessionStatus.COMPLETED, 2, 1),
    ((22, 12, 0), SessionStatus.COMPLETED, None, 2),
]
# One row a day: walks, minutes, missed windows, leg-pain walks, hilly walks,
# completed, eased off (pain), interrupted, no repetitions, session pain, walk pain.
DAYS = [
    ("Mon 16 Nov", [6, 90, 0, 0, 0, 1, 0, 0, 0], "4 → 3", "2, 3"),
    ("Tue 17 Nov", [2, 30, 3, 1, 1, 0, 1, 0, 0], "5 → 6", "5, 4"),
    ("Wed 18 Nov", [3, 45, 3, 1, 0, 0, 0, 1, 0], "3 → –", "6"),
    ("Thu 19 Nov", [0, 0, 5, 0, 0, 0, 0, 0, 1], "–", "–"),
    ("Fri 20 Nov", [4, 65, 1, 1, 2, 1, 0, 0, 0], "2 → 1", "1, 4"),
    ("Sat 21 Nov", [1, 15, 5, 0, 0, 0, 0, 0, 0], "–", "–"),
    ("Sun 22 Nov", [2, 30, 3, 0, 0, 1, 0, 0, 0], "– → 2", "2"),
]
TOTALS = [18, 275, 20, 3, 3, 3, 1, 1, 1]
LABELS = [
    "Walks",
    "Minutes walked",
    "Windows without a walk",
    "Walks with leg pain",
    "Walks on slopes, hills or stairs",
    "Sessions: completed",
    "Sessions: eased off (pain)",
    "Sessions: interrupted",
    "Sessions: no repetitions done",
    "Pain, sessions: before → after",
    "Pain on walks",
]
SOURCE_TITLE = "Acute Low Back Pain: Exercises"
STANDING = (
    "This is general health information. For the treatment that is right for you, "
    "ask your health care provider."
)
CARE_LINES = {  # as each list shows them, in order
    "Appointments": [
        "Tue 17 Nov 2026 14:00 · with Dr Adams · bring the walk log",
        "Thu 26 Nov 2026 10:30 · with Physio Brown",
    ],
    "Medicines": ["Ibuprofen · 400 mg · up to 3 times a day", "Paracetamol · 500 mg"],
    "Test results": ["X-ray, lower back · no fracture seen · 10 Nov 2026"],
    "Questions for the next visit": ["When may I walk on hills again?"],
}
HOSTILE = [
    "<script>alert(1)</script>",
    "*bold* and _under_",
    "| pipe | cell |",
    "\x1b[31mred\x1b[0m",
    "\u202egnp.exe",
    "[link](javascript:alert(1)) <img src=x onerror=alert(1)> &amp; `code`",
    "# heading",
    "1. listed",
]


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_NOW", NOW)
    monkeypatch.setenv("TZ", "Europe/Berlin")


def fill_week(db: Path) -> None:
    """The known content, through the Store's own API."""
    store = Store(db)
    for (day, hour, minute), minutes, details in WEEK:
        start = local(day, hour, minute)
        store.add_walk(Walk(start, start + timedelta(minutes=minutes), minutes, **details))  # type: ignore[arg-type]
    for (day, hour, minute), status, before, after in SESSIONS:
        start = local(day, hour, minute)
        store.add_session(
            SessionRecord(
                "cat-cow",
                start,
                start + timedelta(minutes=8),
                status,
                reps_planned=3,
                reps_done=0 if status is SessionStatus.NO_REPS else 2,
                hold_seconds=20,
                neck_variant=False,
                pain_before=before,
                pain_after=after,
            )
        )
    added = local(16, 8)
    items = [
        CareItem(CareKind.APPOINTMENT, added, at=local(2, 9), who="Dr Old"),  # before: left out
        CareItem(
            CareKind.APPOINTMENT, added, at=local(17, 14), who="Dr Adams", note="bring the walk log"
        ),
        CareItem(CareKind.APPOINTMENT, added, at=local(26, 10, 30), who="Physio Brown"),
        CareItem(
            CareKind.MEDICINE,
            added,
            name="Ibuprofen",
            dose="400 mg",
            how_often="up to 3 times a day",
        ),
        CareItem(
            CareKind.MEDICINE, added + timedelta(minutes=1), name="Paracetamol", dose="500 mg"
        ),
        CareItem(
            CareKind.RESULT,
            added,
            name="X-ray, lower back",
            value="no fracture seen",
            day=date(2026, 11, 10),
        ),
        CareItem(CareKind.QUESTION, added, name="When may I walk on hills again?"),
    ]
    for item in items:
        store.add_care(item)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def week(db_path: Path) -> Path:
    fill_week(db_path)
    return db_path


# Markdown, read the way a Markdown viewer reads it (CommonMark with tables).


def md_html(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def md_table(text: str) -> list[list[str]]:
    """The day table's rows (header first), each cell as the viewer shows its text."""
    page = TableReader()
    page.feed(md_html(text))
    return page.tables[0]


def test_markdown_has_every_figure(capsys: pytest.CaptureFixture[str], week: Path) -> None:
    code, out, err = run(capsys, "--db", str(week), "report", "--days", "7")
    assert (code, err) == (0, "")
    rows = md_table(out)
    assert rows[0] == ["Day", *LABELS]
    body = rows[1:]
    assert [r[0] for r in body] == [d for d, *_ in DAYS] + ["All days"]
    for row, (_, figures, session_pain, walk_pain) in zip(body, DAYS, strict=False):
        assert row[1:10] == [str(f) for f in figures], row[0]
        assert row[10:] == [session_pain, walk_pain], row[0]
    assert body[-1][1:10] == [str(t) for t in TOTALS]
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", md_html(out))).split())
    for line in (
        "Period: Mon 16 Nov 2026 to Sun 22 Nov 2026 (7 days)",
        "Made Sun 22 Nov 2026 20:00 (Europe/Berlin, UTC+01:00)",
        "The plan: short walks of 10 to 20 minutes, every 2 to 3 hours.",
        "A walk window opens 2 h and closes 3 h after a walk ends, only within waking hours "
        "(08:00 to 22:00).",
        "Walks: 18 walks, 275 minutes in all",
        "Walk lengths: 16 of 10 to 20 minutes, 1 shorter, 1 longer",
        "Leg pain: on 3 days (3 walks)",
        "Slopes, hills or stairs: 3 walks",
        "Windows without a walk: 20",
        "Exercise sessions: 3 completed, 1 eased off (pain), 1 interrupted, 1 no repetitions done",
        "Appointments (from Mon 16 Nov 2026 on)",
    ):
        assert line in shown, line
    for title, lines in CARE_LINES.items():
        assert title in shown
        for line in lines:
            assert f"<li>{html.escape(line, quote=False)}</li>" in md_html(out), line
    assert "Dr Old" not in out  # an appointment before the period
    assert f'"{SOURCE_TITLE}", Healthwise, in the Kaiser Permanente Health Encyclopedia' in shown
    assert "topic Z071" in shown and STANDING in shown
    assert "%" not in out  # no percentage anywhere


# HTML, read with the standard library's parser.


@dataclass
class TableReader(HTMLParser):
    """Tables' cells, list items, definition pairs and what the page holds."""

    tables: list[list[list[str]]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    text: list[str] = field(default_factory=list)
    _cell: list[str] | None = None
    _item: list[str] | None = None
    _term: list[str] | None = None
    _in_style: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}
        self._in_style = tag == "style"
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "li":
            self._item = []
        elif tag in ("dt", "dd"):
            self._term = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "li" and self._item is not None:
            self.items.append("".join(self._item))
            self._item = None
        elif tag in ("dt", "dd") and self._term is not None:
            self.terms.append("".join(self._term))
            self._term = None

    def handle_data(self, data: str) -> None:
        if self._in_style:  # the page's own CSS is not text a person reads
            self._in_style = False
            return
        self.text.append(data)
        for part in (self._cell, self._item, self._term):
            if part is not None:
                part.append(data)


def read_html(text: str) -> TableReader:
    page = TableReader()
    page.feed(text)
    page.close()
    return page


def test_html_has_every_figure(capsys: pytest.CaptureFixture[str], week: Path) -> None:
    code, out, err = run(capsys, "--db", str(week), "report", "--days", "7", "--format", "html")
    assert (code, err) == (0, "")
    page = read_html(out)
    (table,) = page.tables
    header, *rows = table
    # The days run across: a row per figure, a column per day, then the totals.
    assert header == ["November 2026", *(f"{d[:3]} {d[4:6]}" for d, *_ in DAYS), "All days"]
    assert [r[0] for r in rows] == LABELS
    for n in range(9):
        assert rows[n][1:] == [str(figures[n]) for _, figures, *_ in DAYS] + [str(TOTALS[n])]
    assert rows[9][1:] == [p.replace(" ", "") for _, _, p, _ in DAYS] + [""]
    assert rows[10][1:] == [p for *_, p in DAYS] + [""]
    pairs = dict(zip(page.terms[::2], page.terms[1::2], strict=True))
    assert pairs == {
        "Walks": "18 walks, 275 minutes in all",
        "Walk lengths": "16 of 10 to 20 minutes, 1 shorter, 1 longer",
        "Leg pain": "on 3 days (3 walks)",
        "Slopes, hills or stairs": "3 walks",
        "Windows without a walk": "20",
        "Exercise sessions": "3 completed, 1 eased off (pain), 1 interrupted, "
        "1 no repetitions done",
    }
    assert page.items == [line for lines in CARE_LINES.values() for line in lines]
    text = " ".join("".join(page.text).split())
    for line in (
        "Mon 16 Nov 2026 to Sun 22 Nov 2026 (7 days)",
        "Made Sun 22 Nov 2026 20:00 (Europe/Berlin, UTC+01:00)",
        "The plan: short walks of 10 to 20 minutes, every 2 to 3 hours.",
        *CARE_LINES,
        "(from Mon 16 Nov 2026 on)",
        f'"{SOURCE_TITLE}", Healthwise, in the Kaiser Permanente Health Encyclopedia, topic Z071',
        STANDING,
    ):
        assert line in text, line
    assert "Dr Old" not in out and "%" not in text
    assert "cut short" not in text  # short lists are shown whole


def test_the_chart_draws_every_rating_from_zero(
    capsys: pytest.CaptureFixture[str], week: Path
) -> None:
    """One marker a rating, by shape: circles before, squares after, triangles on walks."""
    _, out, _ = run(capsys, "--db", str(week), "report", "--days", "7", "--format", "html")
    svg = out[out.index("<svg") : out.index("</svg>")]
    assert svg.count("<circle") == 4 + 1  # 4 ratings before a session, and the key's
    assert svg.count("<rect") == 4 + 1  # 4 after one, and the key's
    assert svg.count("<polygon") == 8 + 1  # 8 on walks, and the key's
    for label in ("Before a session", "After a session", "On a walk", "Pain (0 to 10)"):
        assert f">{label}<" in svg
    ticks = re.findall(r'text-anchor="end">(\d+)</text>', svg)
    assert ticks == ["0", "2", "4", "6", "8", "10"]  # the y axis, from zero
    from coach.report_chart import BOTTOM, TOP, pain_y

    assert (pain_y(0), pain_y(10)) == (BOTTOM, TOP)


def test_an_empty_database_says_so_plainly(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "report")
    assert code == 0
    assert "None recorded." in out and "No pain was rated in this period." in out
    assert "| All days | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in out
    code, out, _ = run(capsys, "--db", str(db_path), "report", "--format", "html")
    assert code == 0 and "<svg" not in out and "No pain was rated in this period." in out
    assert not db_path.exists()  # a report never writes the database


# Hostile text stays text.


def hostile_db(db: Path) -> None:
    store = Store(db)
    added = local(16, 8)
    for n, text in enumerate(HOSTILE):
        at = local(20, 9) + timedelta(hours=n)
        store.add_care(CareItem(CareKind.APPOINTMENT, added, at=at, who=text, note=text))
        store.add_care(CareItem(CareKind.MEDICINE, added, name=text, dose=text, how_often=text))
        store.add_care(
            CareItem(CareKind.RESULT, added, name=text, value=text, day=date(2026, 11, 1))
        )
        store.add_care(CareItem(CareKind.QUESTION, added, name=text))


def visible(text: str) -> str:
    """How `safe_text` shows a control or bidi character: as a visible escape."""
    return text.replace("\x1b", "\\x1b").replace("\u202e", "\\u202e")


def test_hostile_text_stays_literal_in_markdown(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    hostile_db(db_path)
    code, out, _ = run(capsys, "--db", str(db_path), "report")
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out
    rendered = md_html(out)
    assert "<script" not in rendered and "<img" not in rendered and "<em>" not in rendered
    assert "<strong>" not in rendered and "<a " not in rendered and "<code>" not in rendered
    assert rendered.count("<h1>") == 1 and rendered.count("<ol>") == 0
    bullets = read_html(rendered).items
    assert bullets[0].startswith("Period: ") and bullets[7].startswith("Exercise sessions: ")
    items = bullets[8:]  # the care lists
    assert len(items) == 4 * len(HOSTILE)  # nothing split into more items, nor merged
    for text in HOSTILE:  # as the viewer shows it: exactly the text, its controls visible
        shown = visible(text)
        assert items.count(shown) == 1, text  # the question
        assert items.count(f"{shown} · {shown} · {shown}") == 1, text  # the medicine
        assert items.count(f"{shown} · {shown} · 01 Nov 2026") == 1, text  # the result
        assert sum(i.endswith(f" · with {shown} · {shown}") for i in items) == 1, text


def test_hostile_text_stays_literal_in_html(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    hostile_db(db_path)
    code, out, _ = run(capsys, "--db", str(db_path), "report", "--format", "html")
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out
    page = read_html(out)
    assert page.tags.isdisjoint({"script", "img", "a", "link", "iframe", "object", "embed"})
    assert page.attributes.isdisjoint({"src", "href", "onerror", "onload"})
    text = "".join(page.text)
    for item in HOSTILE:
        assert visible(item) in text, item


def test_the_page_is_self_contained(capsys: pytest.CaptureFixture[str], week: Path) -> None:
    fill_more = Store(week)
    fill_more.add_care(CareItem(CareKind.QUESTION, local(16, 8), name="see http://example.org"))
    _, out, _ = run(capsys, "--db", str(week), "report", "--format", "html")
    lowered = out.lower()
    for banned in ("<script", "url(", "@import", "<link", "src=", "href=", "@font-face"):
        assert banned not in lowered, banned
    assert re.findall(r"https?:", lowered) == ["http:"]  # only the question's, shown as text
    assert "<li>see http://example.org</li>" in out
    assert "default-src 'none'" in out  # and a browser would fetch nothing even if it could


# The command: files, bounds, one-line errors.


def test_output_is_written_0600_and_said_in_one_line(
    capsys: pytest.CaptureFixture[str], week: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    code, out, err = run(capsys, "--db", str(week), "report", "--output", str(target))
    assert (code, err) == (0, "")
    assert out == (
        f"report for Mon 16 Nov 2026 to Sun 22 Nov 2026 (7 days) written to {target} (HTML page)\n"
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    markdown = tmp_path / "out" / "report.md"
    code, out, _ = run(capsys, "--db", str(week), "report", "--output", str(markdown))
    assert code == 0 and "(Markdown file)" in out
    assert markdown.read_text(encoding="utf-8").startswith("# Back Coach: report for the doctor")
    assert stat.S_IMODE(markdown.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html", "report.md"]


@pytest.mark.parametrize("name", ["{db}", "{db}.lock", "{db}.summary", "{db}.backups/x.json"])
def test_output_onto_the_database_or_a_companion_is_refused(
    capsys: pytest.CaptureFixture[str], week: Path, name: str
) -> None:
    before = {p: p.read_bytes() for p in week.parent.rglob("*") if p.is_file()}
    target = name.format(db=week)
    code, out, err = run(capsys, "--db", str(week), "report", "--output", target)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "that is the database or a file kept beside it" in err
    assert {p: p.read_bytes() for p in week.parent.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", "0"], "--days is a whole number from 1 to 366, not '0'"),
        (["--days", "367"], "--days is a whole number from 1 to 366, not '367'"),
        (["--days", "a\x1b[2J"], "not 'a\\x1b[2J'"),
        (["--output", " "], "--output: the path is empty"),
        (["--format", "pdf"], "invalid choice: 'pdf'"),
    ],
)
def test_bad_arguments_are_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], week: Path, args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "--db", str(week), "report", *args)
    assert code == 2 and out == ""
    assert err.startswith("coach") and err.count("\n") == 1 and message in err
    assert "Traceback" not in err and "\x1b" not in err


def test_days_bounds_and_the_default(capsys: pytest.CaptureFixture[str], week: Path) -> None:
    assert "(7 days)" in run(capsys, "--db", str(week), "report")[1]
    assert "(1 day)" in run(capsys, "--db", str(week), "report", "--days", "1")[1]
    code, out, _ = run(capsys, "--db", str(week), "report", "--days", "366", "--format", "html")
    assert code == 0 and "(366 days)" in out
    assert out.count("<table>") == 27  # 14 days to a table: 26 full ones and 2 days over


def test_the_shell_command_loads_no_ui(tmp_path: Path) -> None:
    """Like every shell command (test_contracts), the report must not pay for Textual or Rich."""
    db = tmp_path / "db.json"
    fill_week(db)
    script = (
        "import sys, io, contextlib, json\n"
        "from coach.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    codes = [main(['--db', sys.argv[1], 'report', '--format', f]) for f in ('md', 'html')]\n"
        "print(json.dumps([codes, sorted(m for m in ('textual', 'rich', 'pyfiglet') "
        "if m in sys.modules)]))\n"
    )
    env = {**os.environ, "COACH_NOW": NOW, "TZ": "Europe/Berlin"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(db)],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE_ROOT,
        env=env,
    )
    assert json.loads(done.stdout) == [[0, 0], []]


def test_bare_urls_and_emails_stay_text_in_renderers_that_link_them() -> None:
    """GitHub-style renderers turn a bare URL or email into a link (found by the outside
    attack); escaped, they stay the text the person typed."""
    from coach.report import md_text

    gfm = MarkdownIt("gfm-like")
    for typed in (
        "see http://evil.example/x now",
        "www.evil.example",
        "mail a@b.example",
        "[click](https://evil.example)",
    ):
        html = gfm.render(md_text(typed))
        assert "<a" not in html, typed
        assert typed.replace("&", "&amp;") in html, typed


def test_output_dash_is_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.__main__ import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COACH_NOW", "2026-05-04T12:00:00+00:00")
    assert main(["report", "--db", str(tmp_path / "db.json"), "--output", "-"]) == 0
    assert "report for the doctor" in capsys.readouterr().out.lower()
    assert not (tmp_path / "-").exists()

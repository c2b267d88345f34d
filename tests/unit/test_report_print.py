"""A full 14-day report prints on ONE sheet, A4 and Letter, in headless Chromium.

Chromium is a test requirement (`.ci/run` installs Debian's `chromium`): without it this
test fails, it never skips. The page count is read from the PDF Chromium writes: it
stores each page as an uncompressed `/Type /Page` object under one `/Type /Pages` with
its `/Count`; both are counted, they must agree, and a PDF that hides objects in
compressed object streams (`/ObjStm`) is refused rather than miscounted.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.__main__ import main
from coach.model.bounds import MAX_NOTE
from coach.model.care import MAX_CARE_TEXT
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
NOW = "2026-11-22T21:30:00+01:00"
SIZES = {"A4": (594.96, 841.92), "letter": (612.0, 792.0)}  # points, as Chromium writes them
WORDS = (
    "please bring the walk log and the scans from the hospital, ask about the pain at night "
    "when turning in bed, and whether the stiff mornings should change the plan for walks "
)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


def text(start: str, length: int, wide: bool) -> str:
    """A field filled to `length` characters: real words, or the widest letters there are."""
    filler = "W" * length if wide else WORDS * (length // len(WORDS) + 1)
    return (start + " " + filler)[:length].rstrip() or start


def fill_fortnight(db: Path, *, wide: bool) -> None:
    """Six walks and three sessions a day for 14 days, all rated; 10 care items of each
    kind, every text as long as the store allows."""
    store = Store(db)
    statuses = [s for s in SessionStatus if s is not SessionStatus.IN_PROGRESS]
    for day in range(9, 23):
        for n, hour in enumerate((8, 10, 12, 14, 17, 20)):
            start = local(day, hour, 30)
            store.add_walk(
                Walk(
                    start,
                    start + timedelta(minutes=15 + n),
                    15 + n,
                    terrain=Terrain.HILLY if n == 2 else Terrain.FLAT,
                    leg_pain=day % 3 == 0 and n == 1,
                    pain=(day + n) % 11,
                    note=text("walk", MAX_NOTE, wide),
                )
            )
        for n, hour in enumerate((9, 13, 18)):
            start = local(day, hour)
            store.add_session(
                SessionRecord(
                    "cat-cow",
                    start,
                    start + timedelta(minutes=9),
                    statuses[(day + n) % len(statuses)],
                    reps_planned=4,
                    reps_done=2,
                    hold_seconds=30,
                    neck_variant=False,
                    pain_before=(day + n) % 11,
                    pain_after=(day + 2 * n) % 11,
                )
            )
    added = local(9, 8)
    for n in range(10):
        for item in (
            CareItem(
                CareKind.APPOINTMENT,
                added,
                at=local(12 + n, 10, 30),
                who=text(f"Dr Example {n}", MAX_CARE_TEXT, wide),
                note=text("note", MAX_NOTE, wide),
            ),
            CareItem(
                CareKind.MEDICINE,
                added,
                name=text(f"Medicine {n}", MAX_CARE_TEXT, wide),
                dose=text("400 mg", MAX_CARE_TEXT, wide),
                how_often=text("twice a day", MAX_CARE_TEXT, wide),
            ),
            CareItem(
                CareKind.RESULT,
                added,
                name=text(f"Test {n}", MAX_CARE_TEXT, wide),
                value=text("normal", MAX_CARE_TEXT, wide),
                day=date(2026, 11, 1 + n),
            ),
            CareItem(CareKind.QUESTION, added, name=text(f"Question {n}", MAX_CARE_TEXT, wide)),
        ):
            store.add_care(item)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "headless Chromium is needed for this test: apt-get install chromium"
    return found


def print_to_pdf(page: Path, pdf: Path, profile: Path) -> bytes:
    done = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert pdf.is_file(), f"Chromium wrote no PDF (exit {done.returncode}): {done.stderr[-500:]}"
    return pdf.read_bytes()


def page_count(pdf: bytes) -> int:
    """The pages of a PDF as Chromium writes it, counted two ways that must agree."""
    assert b"/ObjStm" not in pdf, "objects in compressed streams: count the pages another way"
    pages = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))
    counts = [int(c) for c in re.findall(rb"/Type\s*/Pages\s*/Count\s+(\d+)", pdf)]
    assert counts == [pages], (counts, pages)
    return pages


def media_box(pdf: bytes) -> tuple[float, float]:
    (box,) = set(re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    return float(box[0]), float(box[1])


def test_counting_tells_one_page_from_two(tmp_path: Path) -> None:
    """The counter itself, on a page Chromium must break in two."""
    page = tmp_path / "two.html"
    page.write_text('<p>one</p><p style="break-before: page">two</p>', encoding="utf-8")
    assert page_count(print_to_pdf(page, tmp_path / "two.pdf", tmp_path / "profile")) == 2


@pytest.mark.parametrize("wide", [False, True], ids=["words", "widest-letters"])
def test_a_full_fortnight_prints_on_one_sheet_of_a4_and_of_letter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], wide: bool
) -> None:
    monkeypatch.setenv("COACH_NOW", NOW)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    db = tmp_path / "data" / "backcoach.json"
    fill_fortnight(db, wide=wide)
    report = tmp_path / "report.html"
    assert main(["--db", str(db), "report", "--days", "14", "--output", str(report)]) == 0
    capsys.readouterr()
    html = report.read_text(encoding="utf-8")
    assert "(14 days)" in html and html.count("<li>") == 40 and "cut short" in html
    assert main(["--db", str(db), "report", "--days", "14", "--format", "md"]) == 0
    markdown = capsys.readouterr().out
    for item in Store(db).care_items():  # the page cuts long entries; Markdown keeps them
        assert item.name in markdown and item.note in markdown
    for size, (width, height) in SIZES.items():
        # The page sets only its margins: the paper is the printer's. Chromium's own
        # default is Letter; each size is asked for as a person's print dialog would.
        sized = tmp_path / f"report-{size}.html"
        sized.write_text(html.replace("<style>", f"<style>@page {{ size: {size}; }}"), "utf-8")
        pdf = print_to_pdf(sized, tmp_path / f"report-{size}.pdf", tmp_path / f"profile-{size}")
        assert media_box(pdf) == pytest.approx((width, height), abs=0.1), size
        assert page_count(pdf) == 1, size

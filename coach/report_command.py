"""`coach report`: the report for the doctor, as Markdown or one HTML page, to a file or stdout.

Reads only (a report never changes the database); the file, if asked for, is written
whole or not at all, 0600, by the store (`write_file`), never onto the database or a
file kept beside it. No Textual, no Rich: the shell stays quick.
"""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path
from typing import TextIO

from coach import locations
from coach.clock import SystemClock, local_zone
from coach.errors import UsageError, quoted
from coach.plain import safe_text
from coach.report import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS, period_line

FORMATS = ("md", "html")
HTML_SUFFIXES = (".html", ".htm")


def parse_days(text: str | None) -> int:
    """--days: a whole number of days, from 1 to 366."""
    if text is None:
        return DEFAULT_DAYS
    value = text.strip()
    if value.isascii() and value.isdigit() and len(value) <= 4:
        days = int(value)
        if MIN_DAYS <= days <= MAX_DAYS:
            return days
    shown = safe_text(quoted(text), single_line=True)
    raise UsageError(f"--days is a whole number from {MIN_DAYS} to {MAX_DAYS}, not {shown}")


def chosen_format(given: str | None, output: str | None) -> str:
    """--format if given; else HTML for an --output named .html or .htm, else Markdown."""
    if given is not None:
        return given
    if output is not None and output.lower().endswith(HTML_SUFFIXES):
        return "html"
    return "md"


def report_command(args: Namespace, out: TextIO) -> int:
    days = parse_days(args.days)
    if args.output is not None and not args.output.strip():
        raise UsageError("--output: the path is empty (is a shell variable unset?)")
    form = chosen_format(args.format, args.output)
    from coach.cli import open_store
    from coach.model.content import load_library
    from coach.report import render_html, render_markdown, report_from

    now = SystemClock.from_environment().now()
    library = load_library(locations.content_dir())
    from coach.launch import process_alive

    store = open_store(args)
    report = report_from(store, library, now=now, zone=local_zone(), days=days, alive=process_alive)
    text = render_html(report) if form == "html" else render_markdown(report)
    if args.output is None or args.output == "-":  # "-": standard output, as usual
        out.write(text)
        return 0
    from coach.store.maintenance import write_file

    write_file(Path(args.output), text, database=locations.db_path(args.db))
    kind = "HTML page" if form == "html" else "Markdown file"
    shown = safe_text(args.output, single_line=True)
    print(f"report for {period_line(report)} written to {shown} ({kind})", file=out)
    return 0

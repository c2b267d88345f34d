"""`python -m bench [--quick] [--repeats N] [--only NAME] [--output docs/PERFORMANCE.md]`.

Measures, prints, and (with --output) writes the results as Markdown. Not part of
`make test`: these are measures, not pass/fail tests (the guards that can fail live in
tests/perf_guards/). Every baseline is measured in the same run, interleaved with what
it is the baseline of, and every verdict is judged from this run's figures alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench import growth, measures
from bench.harness import REPO, Row, describe


def _print_row(row: Row) -> None:
    verdict = {"met": "met", "missed": "MISSED", "impossible": "IMPOSSIBLE (floor over goal)"}
    parts = [f"{row.measure}:", f"  ours {describe(row.ours, row.unit)}"]
    if row.baseline:
        parts.append(f"  baseline ({row.baseline_name}) {describe(row.baseline, row.unit)}")
        parts.append(f"  {row.ratio_text()}")
    if row.context:
        parts.append(f"  context ({row.context_name}) {describe(row.context, row.unit)}")
        if row.kind != "absolute":
            parts.append(f"  against it: {describe(row.context_ratios, 'x')}")
    parts.append(f"  goal {row.goal}  {verdict.get(row.verdict, '')}")
    if row.note:
        parts.append(f"  {row.note}")
    print("\n".join(parts), flush=True)


def main() -> int:
    names = [m.__name__ for m in measures.ALL] + ["growth"]
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="3 rounds and no warm-up round, shorter windows, one sample of the windowed measures (a few minutes)",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        metavar="N",
        help="rounds of every command and start-up row and of growth (default 15; --quick 3)",
    )
    parser.add_argument("--output", type=Path, help="write the results as Markdown to this file")
    parser.add_argument(
        "--render", action="store_true", help="only re-render the last run's results"
    )
    parser.add_argument("--only", choices=names, help="run one measure")
    args = parser.parse_args()
    if args.repeats is not None and args.repeats < 1:
        parser.error("--repeats must be 1 or more")
    if args.render:
        saved, saved_growth, seconds, quick, commit = load_results()
        if args.output:
            args.output.write_text(render(saved, saved_growth, seconds, quick, commit))
            print(f"wrote {args.output}")
        return 0
    commit = _commit()
    began = time.monotonic()
    rows: list[Row] = []
    grown: list[growth.Growth] = []
    with tempfile.TemporaryDirectory(prefix="backcoach-bench-") as folder:
        plan = measures.Plan(quick=args.quick, folder=Path(folder), repeats_override=args.repeats)
        chosen = [m for m in measures.ALL if args.only in (None, m.__name__)]
        expected = sum(measures.estimate(m.__name__, plan) for m in chosen)
        if args.only in (None, "growth"):
            expected += measures.estimate("growth", plan)
        warm = " (+1 warm-up round)" if plan.warm_up else " (no warm-up round)"
        print(
            f"commit {commit}; {plan.repeats} rounds{warm} per row; expected duration about "
            f"{_duration(expected)} (from each measure's rounds, at the costs measured on the "
            "2-core machine the docs come from; a busy machine takes up to half as long again)",
            flush=True,
        )
        for measure in chosen:
            measure_began = time.monotonic()
            try:
                done = measure(plan)
            except Exception as error:  # one broken measure must not lose the others' figures
                traceback.print_exc()
                done = [
                    Row(
                        f"{measure.__name__}: FAILED ({type(error).__name__}: "
                        f"{str(error).splitlines()[0] if str(error) else ''})",
                        "",
                        [],
                        command=f"python -m bench --only {measure.__name__}",
                    )
                ]
            for row in done:
                rows.append(row)
                _print_row(row)
            took = time.monotonic() - measure_began
            print(
                f"[{measure.__name__}: {_duration(took)}, expected about "
                f"{_duration(measures.estimate(measure.__name__, plan))}]",
                flush=True,
            )
        if args.only in (None, "growth"):
            growth_began = time.monotonic()
            try:
                grown = growth.measure(plan)
            except Exception:
                traceback.print_exc()
                print("growth: FAILED (see above)", flush=True)
            for item in grown:
                print(
                    f"growth, {item.operation}: "
                    + "; ".join(
                        f"{n:,}: {item.cell(n)}"
                        if item.unit == "s"
                        else f"{n:,}: {item.median(n):,.0f} {item.unit}"
                        for n in item.samples
                    )
                    + (
                        f"; per 10x {', '.join(f'{r:.2f}x' for r in item.per_10x())}"
                        f"; log-log slope {item.log_slope():.2f}"
                        if item.unit == "s"
                        else ""
                    ),
                    flush=True,
                )
            print(
                f"[growth: {_duration(time.monotonic() - growth_began)}, expected about "
                f"{_duration(measures.estimate('growth', plan))}]",
                flush=True,
            )
    seconds = time.monotonic() - began
    print(f"done in {_duration(seconds)} (expected about {_duration(expected)})")
    full = args.only is None and not args.quick
    if args.only is None:
        save_results(rows, grown, seconds, args.quick, commit)
    if full:
        remember_run(rows, commit, plan.repeats)
    if args.output:
        args.output.write_text(render(rows, grown, seconds, args.quick, commit, args.only))
        print(f"wrote {args.output}")
    return 0


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


# The commit measured, and the history of full runs.

HISTORY = REPO / "docs" / "performance-history.json"
WATCHED = ["coach", "bench", "styles", "content", "pyproject.toml"]  # what changes the figures


def _git(*args: str) -> str:
    done = subprocess.run(
        ["git", "--no-optional-locks", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def _commit() -> str:
    """`git rev-parse --short HEAD`, plus "-dirty" if what the figures depend on has changes."""
    head = _git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = _git("status", "--porcelain", "--", *WATCHED)
    return f"{head}-dirty" if dirty else head


def remember_run(rows: list[Row], commit: str, repeats: int) -> None:
    """Add this full run to docs/performance-history.json: its commit, date and tracked figures."""
    history = json.loads(HISTORY.read_text()) if HISTORY.exists() else []
    figures = {
        row.track: round(row.headline, 4) for row in rows if row.track and row.headline is not None
    }
    history.append(
        {
            "date": f"{datetime.now(UTC):%Y-%m-%d}",
            "commit": commit,
            "method": "paired",
            "rounds": repeats,
            **figures,
        }
    )
    HISTORY.write_text(json.dumps(history, indent=1, ensure_ascii=False) + "\n")


def across_runs() -> list[str]:
    """The full runs so far, as history only: no verdict here cites them."""
    if not HISTORY.exists():
        return []
    history = json.loads(HISTORY.read_text())
    paired = [run for run in history if run.get("method") == "paired"]
    earlier = [run for run in history if run.get("method") != "paired"]
    lines = [
        "## Across runs (history only)",
        "",
        "Full runs on this machine, oldest first, from `docs/performance-history.json`. This is "
        "a record, not evidence: every verdict above is judged from this run's figures alone.",
        "",
    ]
    for title, runs in (
        ("Paired method (median of per-pair ratios; absolute figures in seconds)", paired),
        (
            "Earlier method (ratio of unpaired medians, against other baselines: not comparable "
            "with the rows above)",
            earlier,
        ),
    ):
        if not runs:
            continue
        skip = {"date", "commit", "method", "rounds"}
        columns: list[str] = []
        for run in runs:
            columns += [key for key in run if key not in skip and key not in columns]
        lines += [
            f"### {title}",
            "",
            "| Date | Commit | " + " | ".join(columns) + " |",
            "| --- | --- |" + " --- |" * len(columns),
        ]
        for run in runs:
            cells = [f"{run[c]:g}" if c in run else "-" for c in columns]
            lines.append(f"| {run['date']} | {run['commit']} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


# Rendering.

VERDICT = {
    "met": "met",
    "missed": "**missed**",
    "impossible": "**impossible** (the floor's p25 is over the goal)",
    "": "-",
}


def _cell(values: list[float], unit: str) -> str:
    return describe(values, unit) if values else "-"


def render(
    rows: list[Row],
    grown: list[growth.Growth],
    seconds: float,
    quick: bool,
    commit: str,
    only: str | None = None,
) -> str:
    made = "make bench-quick" if quick else "make bench"
    if only:
        made = f"python -m bench --only {only}" + (" --quick" if quick else "")
    rounds = _rounds(rows)
    lines = [
        "# Performance",
        "",
        f"**Measured at commit `{commit}`** by `{made}` on {datetime.now(UTC):%Y-%m-%d} "
        f"({platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count() or 1} cores) in {seconds:.0f} s.",
        "",
        "**Method.** Every start-up and shell command row runs "
        f"{rounds} interleaved rounds (the shell commands the larger number: a round costs a "
        "fraction of a second, and their goals sit within a few percent of what they measure) "
        "after one warm-up round that is thrown away: ours, "
        "baseline, then baseline, ours (the order swaps every round, so neither side always "
        "runs second). The ratio is the **median of the per-pair ratios** ours_i / baseline_i, "
        "with their interquartile range (IQR, p25-p75); each side's own median and IQR are "
        "given too. A floor (limit experiment) is the least work the operation must do, timed "
        "the same way against the same baseline. A goal is called impossible only when the "
        "floor's whole spread (its p25 ratio) is over the goal. Met or missed is judged only "
        "from this run's figures. Fewer than 5 samples are listed whole; one is a single "
        "sample. The app runs as a person runs it, in a pseudo-terminal of 80x24 read with "
        "`pyte` (each screen checked after every read); the CLI as whole processes; each "
        "database is as `coach walk add` left it (with its summary), restored before every run.",
        "",
        "| Measure | Back Coach | Baseline (same run, interleaved) | Ratio (per pair) | Goal | "
        "Verdict | Reproduce |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        base = f"{_cell(row.baseline, row.unit)} ({row.baseline_name})" if row.baseline else "-"
        if row.context:
            base += f"<br>context: {row.context_name}, {_cell(row.context, row.unit)}" + (
                f"; ours against it {describe(row.context_ratios, 'x')}"
                if row.kind != "absolute"
                else ""
            )
        measure = row.measure + (f" {row.note}" if row.note else "")
        lines.append(
            f"| {measure} | {_cell(row.ours, row.unit)} | {base} | {row.ratio_text()} | "
            f"{row.goal} | {VERDICT[row.verdict]} | `{row.command}` |"
        )
    if grown:
        lines += _growth_lines(grown)
    lines += [
        "",
        "## Goals not met, and why (this run's figures only)",
        "",
        *missed(rows),
        "",
        *across_runs(),
        "## Notes",
        "",
        *NOTES,
    ]
    return "\n".join(lines) + "\n"


def _rounds(rows: list[Row]) -> str:
    counts = sorted({len(r.ours) for r in rows if r.baseline and r.kind in ("ratio", "report")})
    return "/".join(str(c) for c in counts) if counts else "the stated number of"


def _growth_lines(grown: list[growth.Growth]) -> list[str]:
    sizes = sorted({n for item in grown for n in item.samples})
    lines = [
        "",
        "## Growth",
        "",
        "Each operation at 1,000, 10,000 and 100,000 walks (sizes interleaved in every round, "
        "one warm-up round thrown away): the median with its IQR, then the ratio of the medians "
        "for each tenfold step and the log-log slope over the three sizes (1 is linear growth, "
        "0 none).",
        "",
        "| Operation | "
        + " | ".join(f"{n:,} walks" for n in sizes)
        + " | x per 10x (1k to 10k, 10k to 100k) | log-log slope |",
        "| --- |" + " --- |" * (len(sizes) + 2),
    ]
    for item in grown:
        if item.unit != "s":
            cells = [f"{item.median(n):,.0f} {item.unit}" for n in sizes]
            lines.append(f"| {item.operation} | " + " | ".join(cells) + " | - | - |")
            continue
        steps = ", ".join(f"{r:.2f}x" for r in item.per_10x())
        lines.append(
            f"| {item.operation} | "
            + " | ".join(item.cell(n) for n in sizes)
            + f" | {steps} | {item.log_slope():.2f} |"
        )
    years = growth.years_until(grown, "walk log open (to its table painted)", 2.0)
    lines += [
        "",
        f"At {growth.WALKS_PER_DAY} walks a day (the most the plan asks for), 10,000 walks is "
        f"{10_000 / growth.WALKS_PER_DAY / 365:.1f} years of use and 100,000 walks "
        f"{100_000 / growth.WALKS_PER_DAY / 365:.0f} years."
        + (
            f" On this run's log-log line, opening the walk log reaches 2 s after about "
            f"{years:.0f} years of daily use."
            if years is not None
            else ""
        ),
    ]
    return lines


def missed(rows: list[Row]) -> list[str]:
    """One paragraph per goal not met: its figures, and its floor's, from this run."""
    by_name = {row.measure: row for row in rows}
    out = []
    for row in rows:
        if ": FAILED (" in row.measure:  # not measured: this run can say nothing of its goal
            out.append(
                f"- **{row.measure}**: not measured, so no verdict on its goals: this run "
                "cannot say they were met."
            )
            continue
        if row.verdict not in ("missed", "impossible"):
            continue
        figure = row.ratio_text() if row.kind in ("ratio", "difference") else None
        if figure is None:
            figure = describe(row.ours, row.unit)
            if row.kind == "worst":
                figure += f", worst {max(row.ours):.3g} {row.unit}"
        text = f"- **{row.measure}**: {figure} (goal {row.goal})."
        floor = by_name.get(row.floor)
        if floor is not None and floor.ratio_iqr is not None and floor.ratio is not None:
            low, high = floor.ratio_iqr
            text += (
                f" Its floor (`{floor.command}`), against the same baseline: median ratio "
                f"{floor.ratio:.2f}x (IQR {low:.2f}-{high:.2f}x)."
            )
            if row.verdict == "impossible":
                text += (
                    " The floor's p25 is over the goal: the goal cannot be met on this stack, "
                    "whatever Back Coach does."
                )
            else:
                text += (
                    " The floor's p25 is at or under the goal, so the goal is within reach: "
                    "the rest is Back Coach's own cost."
                )
        elif row.kind == "ratio" and "floor" in row.baseline_name:
            text += (
                " The baseline is the floor of this work itself, so everything over 1.00x is "
                "Back Coach's own cost."
            )
        if row.context:
            text += f" Context ({row.context_name}): {describe(row.context, row.unit)}."
        out.append(text)
    return out or ["Every goal was met in this run."]


# The last run, for --render.

RESULTS = Path(__file__).parent / ".results" / "last.json"


def save_results(
    rows: list[Row], grown: list[growth.Growth], seconds: float, quick: bool, commit: str
) -> None:
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "rows": [asdict(r) for r in rows],
                "growth": [
                    {
                        "operation": g.operation,
                        "unit": g.unit,
                        "samples": {str(k): v for k, v in g.samples.items()},
                    }
                    for g in grown
                ],
                "seconds": seconds,
                "quick": quick,
                "commit": commit,
            }
        )
    )


def load_results() -> tuple[list[Row], list[growth.Growth], float, bool, str]:
    data = json.loads(RESULTS.read_text())
    rows = [Row(**r) for r in data["rows"]]
    grown = [
        growth.Growth(
            g["operation"], {int(k): v for k, v in g["samples"].items()}, g.get("unit", "s")
        )
        for g in data["growth"]
    ]
    return rows, grown, data["seconds"], data["quick"], data.get("commit", "unknown")


NOTES = [
    "- **Baselines and floors.** Start-up is judged against the menu floor "
    "(`bench/menu_floor.py`): the same menu in plain Textual, reading the content files but "
    "no database and no summary, with no Back Coach code; the minimal Textual app "
    "(`bench/minimal_app.py`) is given beside it for context. `coach walk add` is judged "
    "against the bare add (`bench/bare.py`: plain Python, no TinyDB, `json` read, one walk "
    "added under the next key, a durable atomic write: temporary file in the same folder, "
    "write, flush, fsync, `os.replace`, fsync of the folder; compact JSON). `coach walk list "
    "--json` and `coach status` are judged against the floors of their own work "
    "(`bench/import_floor.py`, whose docstring says exactly what each does), with the "
    "summary and without it; each floor is also shown against a bare `json` read for "
    "context.",
    "- **Databases.** Each size is built as `walks - 1` generated walks plus one added by "
    "`coach walk add` itself, so the summary, the daily backup and the meta are what the "
    "current code writes. Before every run (out of the timing, for both sides) the file is "
    "put back byte for byte, as a new file, with the same summary stamped with the new "
    "file's signature; the app's own `vouches_for` is asked once that it trusts it. The "
    "rows without a summary delete `<db>.summary` before each run.",
    "- **Keys.** A key is sent the moment the screen first shows what the row waits for, "
    "and timed until the screen shows its effect: on the menu, down moves the mark to Walk "
    "log; on the walk log, down moves the table's highlight to the next row (read from the "
    "cells' colours). The save row presses s on the walk log (the app starts a walk and "
    "writes the whole file), waits 0.05 s, then presses down; the same key with no save "
    "running is measured in the same app for context, and the row checks that the file was "
    "written.",
    "- **Hold screen.** The hold is timed from `time.monotonic()`, never by counting ticks. "
    "The screen sets one timer for the moment the seconds shown next change, and moves the "
    "bar in the same frame, so a running hold costs one wake and one repaint a second. A "
    "paused hold sets no timer at all.",
    "- **CLI.** `coach walk ...` and `coach status` import neither Textual nor pyfiglet (a "
    "test checks `sys.modules`). Every writer checks every record inside its lock, then "
    "leaves a small summary beside the database stamped with the new file's signature; while "
    "the file still has that signature, readers skip checking every record again.",
    "- **What the console script does that the baselines do not.** `coach` turns the cyclic "
    "garbage collector off when it starts and freezes what it tracks before it exits "
    "(`gc.freeze`), so the interpreter's shutdown skips its last full collections (about 12 "
    "million instructions: 8% of a status line); shutdown itself, with its flushes and "
    "`atexit` handlers, still runs. The floors and the bare baselines are plain scripts: "
    "their collector runs, and so do those collections. Both are part of what a person "
    "waits for; the floors are what each command's own work costs in plain Python.",
    "- **Reproduce one row** with `.venv/bin/python -m bench --only NAME` (`--quick` for "
    "3 rounds, no warm-up round and shorter windows, `--repeats N` for N rounds); `--only growth` for the "
    "growth table. `make bench-quick` also uses a 6 s hold for the blocked-loop measure and "
    "an exercise of cat-cow's shape with 3 s holds and no get-ready count for the routine; "
    "`make bench` measures the full 30 s holds, writes this file and adds the run to "
    "`docs/performance-history.json`.",
]


if __name__ == "__main__":
    sys.exit(main())

"""`coach plan ...`: the therapist's plan, checked, imported, shown and cleared.

Like the other shell commands: no Textual, the database reached only through
`coach.store`, exits 0 done, 1 damaged or missing data (or a plan with problems),
2 bad input; stored text reaching a terminal only made inert.
"""

from __future__ import annotations

import json
from argparse import Namespace
from datetime import date
from typing import Any, TextIO

from coach import locations
from coach.cli import open_store, shown_path
from coach.clock import SystemClock, local_zone
from coach.errors import ContentError
from coach.model.content import Exercise, load_library
from coach.model.program import (
    PlanFiles,
    Program,
    bundled_only,
    kept_program,
    plan_document,
    program_lines,
    program_of,
    read_plan_files,
)
from coach.plain import json_inert, safe_text


def _bundled() -> list[Exercise]:
    folder = locations.content_dir()
    return bundled_only(load_library(folder).exercises, folder)


def _checked(args: Namespace, *, then: str = "") -> tuple[Program, PlanFiles]:
    """The plan file given, checked; any problem is a line on standard error (exit 1),
    with `then` after them."""
    files, problems = read_plan_files(args.file)
    program = None
    if files is not None:
        program, problems = program_of(files, _bundled())
    if program is None or files is None:
        raise ContentError([*problems, *([then] if then else [])])
    return program, files


def plan_check(args: Namespace, out: TextIO) -> int:
    program, _ = _checked(args)
    print(f"the plan is valid ({shown_path(args.file)}): {_outline(program)}", file=out)
    return 0


def plan_import(args: Namespace, out: TextIO) -> int:
    """Checked first: a plan with any problem is not kept, and the one before stays."""
    program, files = _checked(
        args, then=f"not imported: {shown_path(args.file)} has problems (above)"
    )
    now = SystemClock.from_environment().now()
    doc = plan_document(files, now)
    before = open_store(args, writing=True).set_plan(doc)
    print(f"imported {shown_path(args.file)}: {_outline(program)}", file=out)
    print(f"sha256 {doc['sha256']}", file=out)
    if before is not None:
        print(f"it replaces {_kept_name(before)}", file=out)
    return 0


def plan_show(args: Namespace, out: TextIO) -> int:
    doc = open_store(args).plan_document()
    if doc is None:
        if args.json:
            out.write(json.dumps({"plan": None}) + "\n")
        else:
            print(
                "no plan is imported: the source's general numbers apply "
                "(to follow your therapist's: coach plan import FILE)",
                file=out,
            )
        return 0
    folder = locations.content_dir()
    program, problems = kept_program(doc, load_library(folder), folder)
    if program is None:
        raise ContentError(
            [
                *problems,
                f"{_kept_name(doc)} no longer reads against this Back Coach's content: the "
                "general numbers apply until it is imported again",
            ]
        )
    if args.json:
        out.write(json_inert(json.dumps({"plan": _plan_json(program)}, ensure_ascii=False)) + "\n")
    else:
        for line in program_lines(program, _today()):
            print(safe_text(line), file=out)
    return 0


def plan_clear(args: Namespace, out: TextIO) -> int:
    before = open_store(args, writing=True).clear_plan()
    if before is None:
        print("no plan is imported: nothing to clear", file=out)
    else:
        print(
            f"cleared {_kept_name(before)} (sha256 {before['sha256']}); the source's general "
            "numbers apply again",
            file=out,
        )
    return 0


def _today() -> date:
    return SystemClock.from_environment().now().astimezone(local_zone()).date()


def _kept_name(doc: dict[str, Any]) -> str:
    from datetime import datetime

    imported = datetime.fromisoformat(doc["imported_at"]).astimezone(local_zone())
    return (
        f"the plan imported {imported:%Y-%m-%d %H:%M} ({safe_text(doc['name'], single_line=True)})"
    )


def _outline(program: Program) -> str:
    count = len(program.exercises)
    noun = "exercise" if count == 1 else "exercises"
    return f"{count} {noun}, from {program.starts.isoformat()}"


def _plan_json(program: Program) -> dict[str, Any]:
    def numbers(value: Any) -> dict[str, int] | None:
        return {"min": value.low, "max": value.high} if value is not None else None

    return {
        "name": program.name,
        "sha256": program.sha256,
        "imported_at": program.imported_at.isoformat(timespec="seconds")
        if program.imported_at
        else None,
        "starts": program.starts.isoformat(),
        "started": program.started(_today()),
        "prescribed_by": program.prescribed_by,
        "notes": program.notes,
        "walks": {
            "minutes": numbers(program.walk_minutes),
            "every_hours": numbers(program.walk_every_hours),
        },
        "exercises": [
            {
                "id": p.id,
                "title": p.exercise.title,
                "file": p.file,
                "hold_seconds": numbers(p.exercise.hold_range),
                "reps": numbers(p.exercise.reps),
                "sessions_per_day": p.sessions_per_day,
                "notes": p.notes,
            }
            for p in program.exercises
        ],
    }

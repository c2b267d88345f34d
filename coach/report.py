"""A report for the doctor: one page for a period, as Markdown or as one self-contained HTML file.

Plain Python (the shell must not load Textual or Rich). Both formats render one
`DoctorReport`, built from the model's `History` (the numbers History shows), the
follow-up care lists and the content's walking plan and source (F21), so they can
never disagree. Every stored text is made inert twice: for a terminal (`safe_text`),
then for the format (`html.escape`, or Markdown's backslash escapes).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Protocol

from coach.model.care import care_order, describe
from coach.model.content import Library, Range, Source
from coach.model.history import ENDED, History, PainSeries, PeriodTotals, build_history
from coach.model.program import Program, program_counts, program_lines, said
from coach.model.records import ActiveWalk, CareItem, CareKind, SessionRecord, SessionStatus, Walk
from coach.model.schedule import WalkSchedule
from coach.model.settings import Settings
from coach.model.walking_plan import WalkingPlan
from coach.plain import safe_text

MIN_DAYS, MAX_DAYS = 1, 366  # a day to a year; up to 14 days print on one sheet
DEFAULT_DAYS = 7
NO_VALUE = "–"


@dataclass(frozen=True)
class DayRow:
    """One local day of the report, as History counted it, with the day's pain ratings."""

    day: date
    walks: int
    minutes: int
    missed_windows: int
    leg_pain_walks: int
    hilly_walks: int
    sessions: Mapping[SessionStatus, int]
    session_pain: tuple[tuple[int | None, int | None], ...]  # (before, after) per rated session
    walk_pain: tuple[int, ...]


@dataclass(frozen=True)
class CareList:
    """One follow-up care list; `lines` are as stored (the renderers make them inert)."""

    kind: CareKind
    title: str
    lines: tuple[str, ...]
    scope: str = ""  # which items it holds, when not all


@dataclass(frozen=True)
class DoctorReport(PeriodTotals):
    """Everything one report says, in one object that both formats render."""

    generated_at: datetime  # in the person's zone
    zone: tzinfo
    zone_label: str
    first: date
    last: date
    plan_minutes: Range
    plan_every_hours: Range
    waking: tuple[time, time]
    days: tuple[DayRow, ...]
    walk_lengths: tuple[int, int, int]  # walks shorter than the plan, within it, longer
    pain: PainSeries
    care: tuple[CareList, ...]
    source: Source
    general_minutes: Range | None = None  # the source's, when the plan is a therapist's
    general_every_hours: Range | None = None
    program: tuple[str, ...] = ()  # the therapist's program in words (`program_lines`)
    program_counts: tuple[tuple[str, str], ...] = ()  # (exercise, sessions done of prescribed)

    @property
    def walks(self) -> int:
        return self.walk_count


class ReportRecords(Protocol):
    """What a report reads: a Store, or a snapshot of one."""

    def walks(self) -> list[Walk]: ...
    def sessions(self) -> list[SessionRecord]: ...
    def care_items(self) -> list[CareItem]: ...
    def settings(self) -> Settings: ...
    def active_walk(self) -> ActiveWalk | None: ...
    def plan_document(self) -> dict[str, Any] | None: ...


def report_from(
    records: ReportRecords,
    library: Library,
    *,
    now: datetime,
    zone: tzinfo,
    days: int,
    alive: Callable[[int], bool] | None = None,
) -> DoctorReport:
    """The report of the last `days` local days up to `now`, with the plan's own schedule
    (the therapist's walks, from a program that has started by `now`)."""
    settings = records.settings()
    program = _program(records.plan_document(), library)
    plan = library.walking
    if program is not None and program.started(now.astimezone(zone).date()):
        plan = program.walking(plan)
    schedule = WalkSchedule(
        every_hours=(plan.every_hours.low, plan.every_hours.high),
        zone=zone,
        waking=(settings.waking_start, settings.waking_end),
        now=lambda: now,
    )
    history = build_history(
        walks=records.walks(),
        sessions=records.sessions(),
        schedule=schedule,
        today=now.astimezone(zone).date(),
        days=days,
        active=records.active_walk(),
        alive=alive,
    )
    return build_report(
        history, records.care_items(), library, zone, now, settings, program=program, plan=plan
    )


def _program(doc: dict[str, Any] | None, library: Library) -> Program | None:
    if doc is None:
        return None
    from coach import locations
    from coach.model.program import kept_program

    return kept_program(doc, library, locations.content_dir())[
        0
    ]  # one that no longer reads: not reported


def build_report(
    history: History,
    care_items: Iterable[CareItem],
    library: Library,
    zone: tzinfo,
    generated_at: datetime,
    settings: Settings,
    *,
    program: Program | None = None,
    plan: WalkingPlan | None = None,
) -> DoctorReport:
    """Gather the figures, the pain ratings by day and the care lists for one period;
    with a `program`, its sessions against those prescribed, and the program itself."""
    general = library.walking
    plan = plan or general

    def local_day(moment: datetime) -> date:
        return moment.astimezone(zone).date()

    sessions: dict[date, list[SessionRecord]] = defaultdict(list)
    for record in history.sessions:  # oldest first, so each day's ratings are in order
        sessions[local_day(record.started_at)].append(record)
    walks: dict[date, list[Walk]] = defaultdict(list)
    for walk in history.walks:
        walks[local_day(walk.started_at)].append(walk)
    rows = []
    for entry in history.days:
        rows.append(
            DayRow(
                day=entry.day,
                walks=entry.walks,
                minutes=entry.minutes,
                missed_windows=entry.missed_windows,
                leg_pain_walks=entry.leg_pain_walks,
                hilly_walks=entry.hilly_walks,
                sessions=dict(entry.sessions),
                session_pain=tuple(
                    (s.pain_before, s.pain_after)
                    for s in sessions[entry.day]
                    if s.pain_before is not None or s.pain_after is not None
                ),
                walk_pain=tuple(w.pain for w in walks[entry.day] if w.pain is not None),
            )
        )
    lengths = [w.minutes for w in history.walks]
    low, high = plan.minutes.low, plan.minutes.high
    local_now = generated_at.astimezone(zone)
    return DoctorReport(
        generated_at=local_now,
        zone=zone,
        zone_label=zone_label(zone, local_now),
        first=history.first,
        last=history.last,
        plan_minutes=plan.minutes,
        plan_every_hours=plan.every_hours,
        waking=(settings.waking_start, settings.waking_end),
        days=tuple(rows),
        walk_lengths=(
            sum(1 for m in lengths if m < low),
            sum(1 for m in lengths if low <= m <= high),
            sum(1 for m in lengths if m > high),
        ),
        pain=history.pain,
        care=care_lists(care_items, zone, history.first),
        source=library.source,
        general_minutes=general.minutes if plan != general else None,
        general_every_hours=general.every_hours if plan != general else None,
        program=tuple(
            line.strip().removeprefix("- ") for line in program_lines(program, history.last)[1:]
        )
        if program
        else (),
        program_counts=tuple(
            (count.planned.exercise.title, count.line())
            for count in program_counts(
                program, history.sessions, history.first, history.last, zone
            )
        )
        if program
        else (),
    )


def care_lists(items: Iterable[CareItem], zone: tzinfo, first: date) -> tuple[CareList, ...]:
    """The four lists in their fixed order; appointments from the period's first day on."""
    since = datetime.combine(first, time(), tzinfo=zone)
    ordered = sorted(items, key=care_order)
    lists = []
    for kind in CareKind:
        kept = [
            i
            for i in ordered
            if i.kind is kind
            and not (kind is CareKind.APPOINTMENT and (i.at is None or i.at < since))
        ]
        scope = f"from {first:%a %d %b %Y} on" if kind is CareKind.APPOINTMENT else ""
        lists.append(CareList(kind, kind.plural, tuple(describe(i, zone) for i in kept), scope))
    return tuple(lists)


def zone_label(zone: tzinfo, moment: datetime) -> str:
    """'Europe/Berlin, UTC+01:00': the zone's name when it has a real one, and the offset."""
    key = getattr(zone, "key", None)
    name = key if isinstance(key, str) and key != "localtime" else (moment.tzname() or "")
    offset = moment.utcoffset() or timedelta()
    sign = "-" if offset < timedelta() else "+"
    hours, rest = divmod(abs(int(offset.total_seconds())) // 60, 60)
    utc = f"UTC{sign}{hours:02d}:{rest:02d}"
    return f"{name}, {utc}" if name and name != "UTC" else utc


# Sentences both formats say (no stored text in them; escaped all the same).


def day_label(day: date) -> str:
    return f"{day:%a %d %b}"


def period_line(report: DoctorReport) -> str:
    count = len(report.days)
    days = "1 day" if count == 1 else f"{count} days"
    return f"{report.first:%a %d %b %Y} to {report.last:%a %d %b %Y} ({days})"


def made_line(report: DoctorReport) -> str:
    return f"Made {report.generated_at:%a %d %b %Y %H:%M} ({report.zone_label})"


def plan_line(report: DoctorReport) -> str:
    m, h = report.plan_minutes, report.plan_every_hours
    if report.general_minutes is None or report.general_every_hours is None:
        return f"The plan: short walks of {m.low} to {m.high} minutes, every {h.low} to {h.high} hours."
    gm, gh = report.general_minutes, report.general_every_hours
    return (
        f"The therapist's plan: walks of {said(m)} minutes, every {said(h)} hours "
        f"(the general guidance: {gm.low} to {gm.high} minutes, every {gh.low} to {gh.high} hours)."
    )


def window_rule(report: DoctorReport) -> str:
    """The schedule's rule in plain words, with the person's waking hours."""
    h = report.plan_every_hours
    start, end = report.waking
    return (
        f"A walk window opens {h.low} h and closes {h.high} h after a walk ends, only within "
        f"waking hours ({start:%H:%M} to {end:%H:%M}). A window that closes with no walk "
        f"started counts once as a window without a walk; the next one then follows "
        f"{said(h)} h after its close."
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_lines(report: DoctorReport) -> list[tuple[str, str]]:
    """(label, figures) for the period, plainly: counts only, no quota and no percentage."""
    shorter, within, longer = report.walk_lengths
    m = report.plan_minutes
    sessions = report.sessions_by_status()
    return [
        ("Walks", f"{_plural(report.walks, 'walk')}, {report.minutes} minutes in all"),
        (
            "Walk lengths",
            f"{within} of {m.low} to {m.high} minutes, {shorter} shorter, {longer} longer",
        ),
        (
            "Leg pain",
            f"on {_plural(report.leg_pain_days, 'day')} ({_plural(report.leg_pain_walks, 'walk')})",
        ),
        ("Slopes, hills or stairs", _plural(report.hilly_walks, "walk")),
        ("Windows without a walk", str(report.missed_windows)),
        (
            "Exercise sessions",
            ", ".join(f"{sessions[s]} {s.label}" for s in ENDED),
        ),
        *((f"Program: {title}", line) for title, line in report.program_counts),
    ]


def source_line(source: Source) -> str:
    return (
        f'Source of the guidance: "{source.title}", {source.publisher}, topic {source.topic}. '
        f"{source.standing}"
    )


ABOUT = (
    "Walks, exercise sessions, pain and follow-up care, as recorded by the person in Back Coach."
)

# What each day is counted by, in the order of `day_figures`; both formats use these names.
WALK_FIGURES = (
    "Walks",
    "Minutes walked",
    "Windows without a walk",
    "Walks with leg pain",
    "Walks on slopes, hills or stairs",
)
FIGURES = (*WALK_FIGURES, *(f"Sessions: {s.label}" for s in ENDED))
PAIN_FIGURES = ("Pain, sessions: before → after", "Pain on walks")


def session_pain_text(pairs: Sequence[tuple[int | None, int | None]]) -> str:
    def shown(value: int | None) -> str:
        return NO_VALUE if value is None else str(value)

    return "; ".join(f"{shown(b)} → {shown(a)}" for b, a in pairs) or NO_VALUE


def walk_pain_text(values: Sequence[int]) -> str:
    return ", ".join(str(v) for v in values) or NO_VALUE


def day_figures(row: DayRow) -> list[int]:
    return [
        row.walks,
        row.minutes,
        row.missed_windows,
        row.leg_pain_walks,
        row.hilly_walks,
        *(row.sessions.get(s, 0) for s in ENDED),
    ]


def total_figures(report: DoctorReport) -> list[int]:
    sessions = report.sessions_by_status()
    return [
        report.walks,
        report.minutes,
        report.missed_windows,
        report.leg_pain_walks,
        report.hilly_walks,
        *(sessions[s] for s in ENDED),
    ]


# Markdown.

_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>#|~&$])")
_MD_LINE_START = re.compile(r"^([-+=:.]|\d+(?=[.)]))")
_MD_AUTOLINK = re.compile(r"(?i)(:(?=//)|@|(?<=\bwww)\.)")


def md_text(text: str) -> str:
    """Stored text as literal Markdown: one line, no control character, no markup, no HTML.

    CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that
    start emphasis, code, links, raw HTML, entities, tables or (at the start) a block.
    """
    flat = " ".join(safe_text(text, single_line=True).split())
    escaped = _MD_ANYWHERE.sub(r"\\\1", flat)
    escaped = _MD_AUTOLINK.sub(r"\\\1", escaped)  # renderers that link bare URLs and emails
    return _MD_LINE_START.sub(lambda m: m[0] + "\\" if m[0][0].isdigit() else "\\" + m[0], escaped)


def _md_row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def render_markdown(report: DoctorReport) -> str:
    """The report as Markdown: the same figures, sentences and lists as the HTML page."""
    lines = [
        "# Back Coach: report for the doctor",
        "",
        md_text(ABOUT),
        "",
        md_text(source_line(report.source)),
        "",
        f"- Period: {md_text(period_line(report))}",
        f"- {md_text(made_line(report))}",
        "",
        "## Walks and exercise sessions",
        "",
        md_text(plan_line(report)),
        md_text(window_rule(report)),
        "",
        *(f"- {md_text(label)}: {md_text(value)}" for label, value in summary_lines(report)),
        "",
        "## By day",
        "",
        _md_row(
            [
                "Day",
                *(md_text(c) for c in (*FIGURES, *PAIN_FIGURES)),
            ]
        ),
        _md_row(["---", *["---:"] * len(FIGURES), "---", "---"]),
    ]
    for row in report.days:
        lines.append(
            _md_row(
                [
                    md_text(day_label(row.day)),
                    *day_figures(row),
                    md_text(session_pain_text(row.session_pain)),
                    md_text(walk_pain_text(row.walk_pain)),
                ]
            )
        )
    lines.append(_md_row(["All days", *total_figures(report), "", ""]))
    lines += ["", "Pain is rated from 0 to 10."]
    if report.pain.empty:
        lines.append("No pain was rated in this period.")
    if report.program:
        lines += ["", "## The therapist's program", ""]
        lines += [f"- {md_text(line)}" for line in report.program]
    lines += ["", "## Follow-up care"]
    for care in report.care:
        scope = f" ({md_text(care.scope)})" if care.scope else ""
        lines += ["", f"### {md_text(care.title)}{scope}", ""]
        lines += [f"- {md_text(line)}" for line in care.lines] or ["None recorded."]
    lines.append("")
    return "\n".join(lines)


def render_html(report: DoctorReport) -> str:
    """One self-contained page (see `coach.report_html`): inline CSS and SVG, no script."""
    from coach.report_html import page

    return page(report)

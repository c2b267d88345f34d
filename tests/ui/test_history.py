"""History at 80x24: the numbers by day, the charts from zero, deleting a session with undo."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, TabbedContent

from coach.model.records import SessionRecord, SessionStatus, Terrain, Walk
from coach.screens.history import HistoryScreen
from coach.store import Store
from coach.widgets.charts import DayBarsChart, PainChart
from tests.ui.conftest import NOW, AppFactory, dismiss_toast, shown_text

Snap = Callable[..., bool]
SUNDAY = NOW - timedelta(days=1)  # NOW is Monday 4 May 2026, 10:00 UTC


def at(hour: int, minute: int = 0):  # type: ignore[no-untyped-def]
    return SUNDAY.replace(hour=hour, minute=minute)


def seed(store: Store) -> None:
    """Sunday: walks 09:00-09:15 (pain 3, leg pain) and 11:30-11:50 (hilly); two sessions."""
    store.add_walk(Walk(at(9), at(9, 15), 15, leg_pain=True, pain=3))
    store.add_walk(Walk(at(11, 30), at(11, 50), 20, terrain=Terrain.HILLY))
    store.add_session(
        SessionRecord(
            "cat-cow",
            at(10),
            at(10, 5),
            SessionStatus.COMPLETED,
            2,
            2,
            20,
            False,
            3,
            None,
            pain_before=5,
        )
    )
    store.add_session(
        SessionRecord("cat-cow", at(15), at(15, 2), SessionStatus.NO_REPS, 2, 0, 20, False)
    )


async def open_history(pilot: Any) -> HistoryScreen:
    pilot.app.push_screen(HistoryScreen())
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_days_table_counts_walks_missed_windows_and_sessions(
    make_app: AppFactory, store: Store
) -> None:
    seed(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one("#days", DataTable)
        monday, sunday = rows(table)[:2]
        # Sunday: windows 11:15-12:15 kept by the 11:30 walk; then 13:50-14:50, 16:50-17:50,
        # 19:50-20:50 missed; 22:50 is night. Monday: 08:00-09:00 missed by 10:00.
        assert sunday == ["Sun 03 May", "2", "35", "3", "1", "1", "1", "-", "-", "1"]
        assert monday == ["Mon 04 May", "0", "0", "1", "-", "-", "-", "-", "-", "-"]
        assert table.row_count == 14
        text = shown_text(app)
        assert "2 walks, 35 min; missed windows 4; leg pain on 1 day; hilly walks 1." in text
        assert "closed with no walk" in text  # the rule is said where the number is


async def test_p_changes_the_period(make_app: AppFactory, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert screen.query_one("#days", DataTable).row_count == 28
        assert "Last 28 days" in shown_text(app)


async def test_charts_get_the_pain_series_apart_and_the_minutes_per_day(
    make_app: AppFactory, store: Store
) -> None:
    seed(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "tab-pain"
        pain = screen.query_one("#pain-chart", PainChart)
        series, first, last = pain._shown or ((), None, None)
        assert [(s.label, s.marker, [v for _, v in s.points]) for s in series] == [
            ("before a session", "o", [5]),
            ("after a session", "x", [3]),
            ("on a walk", "+", [3]),
        ]
        assert (first, last) == (NOW.date() - timedelta(days=13), NOW.date())
        await pilot.press("3")
        await pilot.pause()
        minutes = screen.query_one("#minutes-chart", DayBarsChart)._shown or ()
        assert minutes[-2:] == ((SUNDAY.date(), 35), (NOW.date(), 0))


async def test_a_session_is_deleted_and_undone(make_app: AppFactory, store: Store) -> None:
    seed(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("d")  # on the Days tab: it goes to the sessions to pick one
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "tab-sessions"
        assert len(store.sessions()) == 2
        table = screen.query_one("#sessions", DataTable)
        assert rows(table)[0][-1] == "no repetitions done"
        await pilot.press("d", "n")  # asked first: n keeps it
        await pilot.pause()
        assert len(store.sessions()) == 2
        await pilot.press("d", "y")
        await pilot.pause()
        assert [s.status for s in store.sessions()] == [SessionStatus.COMPLETED]
        assert table.row_count == 1
        await pilot.press("u")
        await pilot.pause()
        assert len(store.sessions()) == 2 and table.row_count == 2


async def test_an_undo_after_the_file_changed_is_refused(
    make_app: AppFactory, store: Store, tmp_path: Path
) -> None:
    seed(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("4", "d", "y")
        await pilot.pause()
        Store.open(store.path).add_walk(Walk(at(18), at(18, 10), 10))  # the shell, meanwhile
        await pilot.press("u")
        await pilot.pause()
        assert len(store.sessions()) == 1
        assert not screen.deleted


class TestHistorySnapshots:
    def test_empty(self, snap_compare: Snap, make_app: AppFactory) -> None:
        assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_open)

    def test_full_days(self, snap_compare: Snap, make_app: AppFactory, store: Store) -> None:
        _fortnight(store)
        assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_open_full("1"))

    def test_full_pain(self, snap_compare: Snap, make_app: AppFactory, store: Store) -> None:
        """The pain chart with its key: which mark is before, after a session, on a walk."""
        _fortnight(store)
        assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_open_full("2"))

    def test_full_walks(self, snap_compare: Snap, make_app: AppFactory, store: Store) -> None:
        _fortnight(store)
        assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_open_full("3"))

    def test_full_sessions(self, snap_compare: Snap, make_app: AppFactory, store: Store) -> None:
        _fortnight(store)
        assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_open_full("4"))


async def _open(pilot: Any) -> None:
    await open_history(pilot)


def _open_full(tab: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """History on one tab, over a fortnight whose last walk makes one due at start-up:
    the reminder's toast is waited for and cleared, so it does not cover the tab."""

    async def run(pilot: Pilot[Any]) -> None:
        screen = await open_history(pilot)
        await pilot.press(tab)
        await pilot.pause()
        assert screen.query_one(TabbedContent).active.endswith(TAB_NAMES[tab])
        await dismiss_toast(pilot, "A walk is due")

    return run


TAB_NAMES = {"1": "days", "2": "pain", "3": "walks", "4": "sessions"}


def _fortnight(store: Store) -> None:
    for day in range(14):
        start = NOW.replace(hour=8) - timedelta(days=day + 1)
        for n in range(day % 4):
            walk_start = start + timedelta(hours=3 * n)
            minutes = 10 + (day * 7 + n * 3) % 11
            store.add_walk(
                Walk(
                    walk_start,
                    walk_start + timedelta(minutes=minutes),
                    minutes,
                    terrain=Terrain.HILLY if day == 5 else Terrain.FLAT,
                    leg_pain=day == 2,
                    pain=(day + n) % 6 if n else None,
                )
            )
        status = [
            SessionStatus.COMPLETED,
            SessionStatus.STOPPED_FOR_PAIN,
            SessionStatus.INTERRUPTED,
            SessionStatus.NO_REPS,
        ][day % 4]
        session_start = start + timedelta(hours=1, minutes=30)
        store.add_session(
            SessionRecord(
                "cat-cow",
                session_start,
                session_start + timedelta(minutes=5),
                status,
                2,
                0 if status is SessionStatus.NO_REPS else 1,
                20,
                False,
                pain_after=(day * 3) % 8,
                pain_before=(day * 5) % 9,
            )
        )


async def test_r_saves_the_report_for_the_days_shown_as_a_new_private_file(
    make_app: AppFactory, store: Store, tmp_path: Path, monkeypatch: Any
) -> None:
    import stat

    from coach import locations

    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(locations, "report_folder", lambda: folder)
    seed(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("p", "r")  # 28 days
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
    first = folder / "back-coach-report-2026-05-04.html"
    second = folder / "back-coach-report-2026-05-04-2.html"
    assert sorted(folder.iterdir()) == [second, first]  # never over the first
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    page = first.read_text()
    assert (
        "<script" not in page and "Healthwise" in page and "07 Apr" in page
    )  # 28 days: from 7 Apr
    assert any(str(first) in str(n.message) for n in app._notifications)


async def test_two_deletes_are_undone_newest_first(make_app: AppFactory, store: Store) -> None:
    seed(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("4", "d", "y")
        await pilot.pause()
        await pilot.press("d", "y")
        await pilot.pause()
        assert store.sessions() == []
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("u")  # the first undo left the file as the first delete did
        await pilot.pause()
        assert [s.status for s in store.sessions()] == [
            SessionStatus.NO_REPS,
            SessionStatus.COMPLETED,
        ]

"""The app's writer: its own thread and Store, jobs in order, answers handed back."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coach.errors import CoachError, StaleRecord
from coach.model.records import Walk
from coach.store.database import Store
from coach.writer import StoreWriter

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def walk(minutes: int) -> Walk:
    return Walk(NOW, NOW + timedelta(minutes=minutes), minutes)


def test_jobs_run_in_order_on_one_other_thread_and_answer_through_deliver(db_path: Path) -> None:
    delivered: list[object] = []
    threads: set[int] = set()
    writer = StoreWriter(db_path, lambda answer: answer(), written=delivered.append)
    ids: list[int] = []

    def add(minutes: int) -> object:
        def job(store: Store) -> int:
            threads.add(threading.get_ident())
            return store.add_walk(walk(minutes))

        return job

    for minutes in range(1, 21):
        writer.submit(add(minutes), ids.append)  # type: ignore[arg-type]
    assert writer.wait(10)
    assert threads and threading.get_ident() not in threads and len(threads) == 1
    assert ids == sorted(ids) and len(ids) == 20
    assert [
        w.minutes for w in sorted(Store.open(db_path).walks(), key=lambda w: w.id or 0)
    ] == list(range(1, 21))
    writes = [w for w in delivered if w is not None]
    assert len(writes) == 20  # each job's file, before and after
    assert writes[-1][1] == Store.open(db_path).signature  # type: ignore[index]
    assert all(a[1] == b[0] for a, b in zip(writes, writes[1:], strict=False))  # type: ignore[index]
    writer.close()


def test_a_refusal_is_delivered_and_the_next_job_still_runs(db_path: Path) -> None:
    answers: list[object] = []
    writer = StoreWriter(db_path, lambda answer: answer())

    def refuse(store: Store) -> None:
        raise StaleRecord("walk 9 was deleted elsewhere")

    writer.submit(refuse, answers.append, lambda error: answers.append(("failed", str(error))))
    writer.submit(lambda store: store.add_walk(walk(5)), answers.append)
    assert writer.wait(10)
    assert answers == [("failed", "walk 9 was deleted elsewhere"), 1]
    writer.close()


def test_close_runs_what_was_queued(db_path: Path) -> None:
    gate = threading.Event()
    writer = StoreWriter(db_path, lambda answer: answer())
    writer.submit(lambda store: gate.wait(5))
    writer.submit(lambda store: store.add_walk(walk(7)))
    assert writer.busy
    gate.set()
    assert writer.close(10)
    assert [w.minutes for w in Store.open(db_path).walks()] == [7]


def test_answers_go_through_deliver_not_the_writer_thread(db_path: Path) -> None:
    """Nothing is answered on the writer's thread: the app posts each answer as a message."""
    queued: list[object] = []
    writer = StoreWriter(db_path, queued.append)
    results: list[int] = []
    writer.submit(lambda store: store.add_walk(walk(3)), results.append)
    assert writer.wait(10)
    assert results == [] and len(queued) == 1
    queued[0]()  # type: ignore[operator]
    assert results == [1]
    writer.close()
    assert isinstance(StaleRecord("x"), CoachError)

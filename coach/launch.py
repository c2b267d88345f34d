"""Start the app: open the store and the content first, so any problem is one line and no TUI."""

from __future__ import annotations

import os
from argparse import Namespace
from pathlib import Path

from coach import locations
from coach.clock import SystemClock, local_zone
from coach.errors import DamagedDatabase, NewerDatabase, UsageError
from coach.model.content import Library, load_library
from coach.store.database import Store


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError, ValueError):  # no such process could exist
        return False
    except PermissionError:
        return True
    return True


def damaged_message(problem: str, db_path: Path) -> str:
    """The problem, and on the same line both ways out."""
    import shlex  # only a damaged file needs it (its import costs a start 4 ms)

    db = shlex.quote(str(db_path))
    return (
        f"{problem}. To keep this file and start afresh: coach set-aside --db {db}; "
        f"to bring back a daily backup: coach restore --db {db}"
    )


def prepare(args: Namespace) -> tuple[Store, Library]:
    """The database and the content, checked: any problem is one line, before any screen."""
    db_path = locations.db_path(args.db)
    try:
        store = Store.open_glancing(db_path)
    except NewerDatabase:
        raise  # sound, most likely: update Back Coach, and set nothing aside
    except DamagedDatabase as error:
        raise DamagedDatabase(damaged_message(str(error), db_path)) from None
    extra = [Path(p) for p in args.content]
    for folder in extra:
        if not folder.is_dir():
            raise UsageError(f"--content {folder}: no such folder")
    user_folder = locations.user_content_dir()
    if user_folder.is_dir():
        extra.append(user_folder)
    return store, load_library(locations.content_dir(), extra)


def launch(args: Namespace) -> int:
    store, library = prepare(args)
    store.interrupt_orphans(process_alive)

    from coach.app import CoachApp

    app = CoachApp(
        library=library, store=store, clock=SystemClock.from_environment(), zone=local_zone()
    )
    app.run(mouse=not args.no_mouse)
    app.save_on_exit()
    app.writer.close()
    return app.return_code or 0

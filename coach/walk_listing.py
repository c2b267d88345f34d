"""`coach walk list`: the command scripts call most, so it reads without dataclasses when it can.

`--json` asks the store's fast path (`coach.store.fast.walk_list_documents`), which lists
a file the writers vouch for from its stored documents as they are, and checks any
other file record by record. Its output is inert on a terminal and still lossless:
every character that could drive one is written as a JSON escape.
"""

from __future__ import annotations

import json

from coach import locations
from coach.errors import UsageError

TYPE_CHECKING = False  # no `typing` at run time: `--json` has no other use for it
if TYPE_CHECKING:
    from argparse import Namespace
    from datetime import datetime
    from typing import Any, TextIO

ALL_DAYS = 100 * 366  # more than this is every walk (and no date arithmetic overflows)


def walk_list(args: Namespace, out: TextIO) -> int:
    days = args.days
    if days is not None and days <= 0:
        raise UsageError("--days must be 1 or more")
    since = None if days is None or days > ALL_DAYS else _days_ago(days)
    if args.json:
        from coach.plain import json_inert

        out.write(json_inert(json.dumps(_walk_documents(args, since), ensure_ascii=False)))
        out.write("\n")
        return 0
    from coach.cli import describe_walk, open_store

    walks = open_store(args).walks()
    if since is not None:
        walks = [w for w in walks if w.ended_at >= since]
    if not walks:
        print("no walks logged", file=out)
    else:
        for walk in walks:
            print(f"{walk.id:>5}  {describe_walk(walk)}", file=out)
    return 0


def _days_ago(days: int) -> datetime:
    from datetime import timedelta

    from coach.clock import SystemClock

    return SystemClock.from_environment().now() - timedelta(days=days)


def _walk_documents(args: Namespace, since: datetime | None) -> list[dict[str, Any]]:
    from coach.store.fast import walk_list_documents

    return walk_list_documents(locations.db_location(args.db), since)

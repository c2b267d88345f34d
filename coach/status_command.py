"""`coach status`: one short line for a tmux status bar or a shell prompt.

tmux asks for it every few seconds, so it is kept to the least it must import: no
records, no `pathlib`, no `typing` of its own; what it reads comes from the store's
fast path (`coach.store.fast.status_inputs`), which trusts the writers' summary while
it vouches for the file. It never writes.
"""

from __future__ import annotations

import json
from datetime import UTC

from coach import locations
from coach.clock import SystemClock, local_zone
from coach.model.schedule import walk_status
from coach.model.walking_plan import load_walking_plan
from coach.plain import json_inert
from coach.store.fast import status_inputs

TYPE_CHECKING = False
if TYPE_CHECKING:
    from argparse import Namespace
    from datetime import datetime
    from typing import Any, TextIO


def status(args: Namespace, out: TextIO) -> int:
    """One short line for tmux or a shell prompt. It never writes."""
    now = SystemClock.from_environment().now()
    found = status_inputs(locations.db_location(args.db), now)
    active = None
    if found.active_since is not None:
        from coach.model.records import ActiveWalk

        active = ActiveWalk(found.active_since)
    zone = local_zone()
    plan = load_walking_plan(locations.content_folder())
    if found.plan is not None:  # read as the app reads it: only a plan that reads is followed
        from coach.model.program import followed

        program = followed(found.plan, locations.content_folder(), now.astimezone(zone).date())
        if program is not None:
            plan = program.walking(plan)
    state = walk_status(
        now=now,
        last_end=found.last_end,
        active=active,
        plan=plan,
        zone=zone,
        waking=found.waking,
    )
    if found.snoozed_until is not None:  # the reminders' rule (it loads the settings' model)
        from coach.model.reminders import LONGEST_SNOOZE

        state = state.snoozed(found.snoozed_until, LONGEST_SNOOZE)
    line = state.line(zone)
    if args.json:
        payload = {
            "state": state.state.value,
            "line": line,
            "now": state.now.isoformat(timespec="seconds"),
            "walking_since": state.active_since.isoformat(timespec="seconds")
            if state.active_since
            else None,
            "last_walk_ended": state.last_end.isoformat(timespec="seconds")
            if state.last_end
            else None,
            "window": (
                {
                    "start": state.window.start.isoformat(timespec="seconds"),
                    "end": state.window.end.isoformat(timespec="seconds"),
                }
                if state.window
                else None
            ),
            "snoozed_until": state.snoozed_until.isoformat(timespec="seconds")
            if state.snoozed_until
            else None,
            "next_appointment": _next_appointment(found.appointments, state.now),
        }
        out.write(json_inert(json.dumps(payload)) + "\n")
    else:
        print(line, file=out)
    return 0


def _next_appointment(
    appointments: list[tuple[int, datetime, str]], now: datetime
) -> dict[str, Any] | None:
    """The model's rule (an appointment that began within the hour still counts)."""
    from coach.model.appointments import first_ahead

    found = first_ahead(
        ((at, item_id, (item_id, at, who)) for item_id, at, who in appointments), now
    )
    if found is None:
        return None
    item_id, at, who = found
    return {"id": item_id, "at": at.astimezone(UTC).isoformat(timespec="seconds"), "with": who}

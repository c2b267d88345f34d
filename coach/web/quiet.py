"""The server's own log lines: one short line each, at most once a minute per kind.

aiohttp logs a malformed request (anyone who can reach the port can send one) with a
full traceback, and textual-serve logs each app that failed to start: neither may
flood the terminal where `coach serve` runs, or print raw control codes to it.
"""

from __future__ import annotations

import logging
import time
from typing import TextIO

from coach.plain import safe_text

LOGGERS = ("aiohttp", "textual-serve")
REPEAT_SECONDS = 60.0


class OncePerKind(logging.Filter):
    """Lets a message through once per REPEAT_SECONDS for each message template."""

    def __init__(self) -> None:
        super().__init__()
        self._last: dict[tuple[str, object], float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, record.msg)
        now = time.monotonic()
        last = self._last.get(key)
        if last is not None and now - last < REPEAT_SECONDS:
            return False
        self._last[key] = now
        return True


class OneLine(logging.Formatter):
    """'coach serve: <what>', with no traceback and no control codes."""

    def format(self, record: logging.LogRecord) -> str:
        return "coach serve: " + safe_text(record.getMessage(), single_line=True)


def quiet_server_logs(out: TextIO) -> None:
    handler = logging.StreamHandler(out)
    handler.setFormatter(OneLine())
    handler.addFilter(OncePerKind())
    handler.setLevel(logging.WARNING)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.propagate = False

"""The cyclic garbage collector paused while a screen reads and shows a long log.

Reading 10,000 walks makes some 30,000 new objects; each few hundred of them set off a
collection that walks every object the app holds, the new ones included, and one of
those passes took 45 to 95 ms of a walk log opening in half a second. Textual pauses
the collector for smooth scrolling (`App.PAUSE_GC_ON_SCROLL`) for the same reason.
Nothing is lost: the objects freed by their last reference go at once as ever, and the
collector runs again, on whatever cycles are left, once the screen is shown.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_paused = 0


def pause() -> None:
    """Pause the collector until as many `resume()` calls (pauses may overlap)."""
    global _paused
    with _lock:
        _paused += 1
        gc.disable()


def resume() -> None:
    """End one pause; the last one lets the collector run again."""
    global _paused
    with _lock:
        if _paused == 0:
            return
        _paused -= 1
        if _paused == 0:
            gc.enable()


def paused() -> int:
    """How many pauses are in force (for tests)."""
    return _paused

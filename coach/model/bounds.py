"""The bounds of what Back Coach records: sanity limits on input and on the file, not advice.

One definition, read by the input rules (`coach.model.walks`) and by the store's
rules for every record read or written (`coach.store.documents`).
"""

from __future__ import annotations

MIN_MINUTES, MAX_MINUTES = 1, 600  # one walk
MAX_NOTE = 500  # characters in a walk's note
MIN_YEAR, MAX_YEAR = 1970, 2100  # the years a stored time may have

"""DataTable helpers shared by the screens that list records by id."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable


def selected_id(table: DataTable[Any]) -> int | None:
    """The id (the row key) of the record under the cursor, or None for an empty table."""
    if not table.row_count:
        return None
    try:
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    except Exception:  # the cursor is off the rows (a table being rebuilt)
        return None
    return int(key.value) if key.value is not None else None

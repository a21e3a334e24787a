"""A phase panel around one table, steered by the phase screen's arrow keys.

The table never takes focus: the facilitator's keys keep steering the
session, and ↑↓ move the table's cursor through `move()`.
"""

from __future__ import annotations

from typing import ClassVar

from textual.containers import Vertical
from textual.coordinate import Coordinate

from .fitted_table import FittedTable


class ListPanel(Vertical):
    TABLE_ID: ClassVar[str]

    @property
    def table(self) -> FittedTable:
        return self.query_one(f"#{self.TABLE_ID}", FittedTable)

    def on_mount(self) -> None:
        self.table.can_focus = False

    def selected_key(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value

    def move(self, rows: int) -> None:
        table = self.table
        table.move_cursor(row=max(0, min(table.cursor_row + rows, table.row_count - 1)))

"""A phase panel around one table, with the keys that act on its rows.

The panel takes the focus (the phase screen gives it when the facilitator is
not writing a note), the table inside it never does: ↑↓ move the table's
cursor through `move()`, and the panel's own keys work while it has focus (not
while a note is being written). What a key asks of the session goes to the
screen as a message naming the row; the screen acts.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message

from .. import commands
from .fitted_table import FittedTable


class ListPanel(Vertical, can_focus=True):
    TABLE_ID: ClassVar[str]
    BINDINGS: ClassVar[list[BindingType]] = commands.bindings(
        commands.PANEL_UP, commands.PANEL_DOWN
    )

    class RowMessage(Message):
        """Something asked of one row (`key`: its row key)."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

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

    def action_panel_up(self) -> None:
        self.move(-1)

    def action_panel_down(self) -> None:
        self.move(1)

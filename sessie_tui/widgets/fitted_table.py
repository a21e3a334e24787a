"""A table whose free-text columns share the width the other columns leave.

A DataTable makes each column as wide as its longest cell, so one long note
pushes every column after it off the screen: in the reflection, the mark of
the advice the case holder takes along; in the look-back, its status. Here
the columns named flexible are cut to fit, with "…", and cut again when the
window changes size. The whole text is in the store and in the report; where
it matters on screen, the panel shows the chosen row in full beneath.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import events

from ..domain.record import record
from .table import OrderedTable

Cell = str | Text
MIN_FLEXIBLE = 8
"""A flexible column never gets narrower than this: a few words stay readable."""
SCROLLBAR_ROOM = 2


@record
class Row:
    """A table row: its cells and its key."""

    cells: Sequence[Cell]
    key: str | None = None


def cell_width(cell: Cell) -> int:
    return cell_len(cell.plain if isinstance(cell, Text) else cell)


def cut(cell: Cell, width: int) -> Text:
    text = cell.copy() if isinstance(cell, Text) else Text(cell)
    text.truncate(width, overflow="ellipsis")
    return text


class FittedTable(OrderedTable):
    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        flexible: Mapping[str, int],
        *,
        id: str | None = None,
    ) -> None:
        """`columns` as (key, label); `flexible` maps a column's key to its share."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._columns = list(columns)
        self._flexible = dict(flexible)
        self._rows: list[Row] = []

    def on_mount(self) -> None:
        self._render_rows()

    def on_resize(self, event: events.Resize) -> None:
        self._render_rows()

    def fill(self, rows: Sequence[Row]) -> None:
        """Show these rows; the cursor stays on the same row number where it can."""
        self._rows = list(rows)
        self._render_rows()

    def widths(self, available: int) -> dict[str, int | None]:
        """The width of each flexible column (None: as wide as its content)."""
        natural = {
            key: max([cell_width(label)] + [cell_width(row.cells[i]) for row in self._rows])
            for i, (key, label) in enumerate(self._columns)
        }
        padding = 2 * self.cell_padding * len(self._columns)
        fixed = sum(width for key, width in natural.items() if key not in self._flexible)
        room = available - padding - fixed - SCROLLBAR_ROOM
        if sum(natural[key] for key in self._flexible) <= room:
            return dict.fromkeys(natural)
        sized: dict[str, int | None] = dict.fromkeys(natural)
        labels = dict(self._columns)
        # Columns that need less than their share keep their width; the others share the rest.
        waiting = dict(self._flexible)
        settled = True
        while waiting and settled:
            settled = False
            shares = sum(waiting.values())
            for key, share in list(waiting.items()):
                if natural[key] <= room * share // shares:
                    room -= natural[key]
                    del waiting[key]
                    settled = True
        shares = sum(waiting.values())
        for key, share in waiting.items():
            least = max(MIN_FLEXIBLE, cell_width(labels[key]))
            sized[key] = max(least, room * share // shares)
        return sized

    def _render_rows(self) -> None:
        if not self.is_mounted:
            return
        row = self.cursor_row
        sized = self.widths(self.size.width or self.app.size.width)
        self.clear(columns=True)
        for key, label in self._columns:
            self.add_column(label, key=key, width=sized[key])
        for entry in self._rows:
            cells = [
                cut(cell, width) if (width := sized[key]) is not None else cell
                for (key, _), cell in zip(self._columns, entry.cells, strict=True)
            ]
            self.add_row(*cells, key=entry.key)
        if self._rows:
            self.move_cursor(row=min(max(row, 0), len(self._rows) - 1))

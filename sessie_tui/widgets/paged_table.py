"""A table that adds its rows as they come into view.

Textual's `DataTable` measures every cell of every row it is given, and keeps a
rendered copy of each: with the hundreds of past meetings a store holds after a few
years, the home screen spent a tenth of a second on rows below the window before its
first paint (issue 15). This table is given all its rows at once, but hands the
`DataTable` only those down to a window's height below what is shown; the others
follow as the view comes near them (the cursor moving, a page down, the mouse wheel,
ctrl+end). Until then the scroll bar measures only the rows added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .table import OrderedTable

Row = tuple[str, Callable[[], Sequence[Any]]]
"""A row's key, and how to make its cells: made when the row is added, not before
(a store holds years of meetings, most never scrolled to)."""


class PagedTable(OrderedTable):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._waiting: list[Row] = []
        """The rows given but not yet added, in order."""

    def set_rows(self, rows: Iterable[Row], *, reach: int = 0) -> None:
        """Replace the rows; the rows down to row `reach` (where the cursor goes) and
        a window beyond it are added now, the rest when the view nears them."""
        self.clear()
        self._waiting = list(rows)
        self._add_rows_to(reach + 1 + self._ahead())

    @property
    def waiting_rows(self) -> int:
        """Rows given that the table does not hold yet."""
        return len(self._waiting)

    def _ahead(self) -> int:
        # The window's height bounds what can be shown, and what one key (page down) or
        # wheel turn moves the view by: the rows added reach past it before the next
        # ones come. Not more: every row added is measured before the first paint.
        return max(self.app.size.height, 1)

    def _add_rows_to(self, count: int) -> None:
        missing = count - self.row_count
        if missing <= 0 or not self._waiting:
            return
        batch, self._waiting = self._waiting[:missing], self._waiting[missing:]
        for key, cells in batch:
            self.add_row(*cells(), key=key)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._add_rows_to(int(new_value) + self.size.height + self._ahead())

    def action_scroll_bottom(self) -> None:
        """ctrl+end: the last row given, not the last one added so far."""
        self._add_rows_to(self.row_count + len(self._waiting))
        super().action_scroll_bottom()

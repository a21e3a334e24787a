"""Textual's table with cells shown as typed (see `plain`), and with its keys in order.

A module of its own: Textual's DataTable takes some milliseconds to import, and
the screen a session opens on shows no table (only some phases' panels do).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events, widgets
from textual.binding import BindingType

from .in_order import in_order
from .plain import literal


class DataTable(widgets.DataTable):  # type: ignore[type-arg]
    """Column labels and cells given as `str` are shown as typed."""

    def add_column(self, label: Any, *args: Any, **kwargs: Any) -> Any:
        return super().add_column(literal(label), *args, **kwargs)

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        return super().add_row(*(literal(cell) for cell in cells), **kwargs)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell(row_key, column_key, literal(value), **kwargs)

    def on_resize(self, event: events.Resize) -> None:
        # Textual's table forgets every rendered cell at each resize, the first one
        # included, which comes after its first frame: all visible rows were drawn
        # twice as the screen opened (a tenth of the home screen's start on a
        # store of years). A row's cells do not depend on the table's size, and
        # the cache of whole lines is keyed by the width, so nothing goes stale.
        event.prevent_default()


# A list's Enter stays as it was: where a screen acts on a list's row, Enter is the screen's
# own command (every command runs in order, see `commands`), and Textual lists the focused
# widget's priority binding in place of the screen's in the footer and F1.
class OrderedTable(DataTable):  # type: ignore[type-arg]
    BINDINGS: ClassVar[list[BindingType]] = in_order(DataTable.BINDINGS, except_keys=("enter",))

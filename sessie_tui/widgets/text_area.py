"""The multi-line field of forms: Textual's TextArea with its keys taken in order.

A module of its own, imported with the first form that has one: Textual's
TextArea (its document model, its syntax themes) costs several milliseconds to
import, and no screen shows one when the app starts.

Two things a word processor does that Textual's TextArea does not: ctrl+home and
ctrl+end go to the start and the end of the whole text (with shift: selecting),
and a field entered from the keyboard puts the cursor after its text, not before
it, so that what is typed next continues the case holder's question instead of
landing in front of it.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import TextArea

from .in_order import TypedInto, in_order

DOCUMENT_KEYS = [
    Binding("ctrl+home", "cursor_text_start", show=False),
    Binding("ctrl+end", "cursor_text_end", show=False),
    Binding("ctrl+shift+home", "cursor_text_start(True)", show=False),
    Binding("ctrl+shift+end", "cursor_text_end(True)", show=False),
]


class OrderedTextArea(TypedInto, TextArea):
    BINDINGS: ClassVar[list[BindingType]] = in_order([*TextArea.BINDINGS, *DOCUMENT_KEYS])

    def action_cursor_text_start(self, select: bool = False) -> None:
        self.move_cursor(self.document.start, select=select)

    def action_cursor_text_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select)

    def on_focus(self, event: events.Focus) -> None:
        # Only where the cursor has not been put (a click puts it itself).
        if not event.from_app_focus and self.selection.is_empty and self.cursor_location == (0, 0):
            self.move_cursor(self.document.end)

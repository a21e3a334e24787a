"""An input field that shows invisible characters instead of sending them to the terminal.

Textual's Input draws its value as it is. A value that came from the store
(a topic, a name) may hold what someone pasted: an escape sequence would
reach the projected terminal raw and could retitle the window, clear the
screen or recolour the room's view. Here each invisible character is drawn
as one visible stand-in, so the cursor still moves character by character;
the value itself, and so what is saved, stays exactly what was typed.

Textual is pinned exactly; `tests/test_hostile_input.py` checks that this
still holds for the pinned version.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widgets import Input

from ..textsafety import show_invisible_in_place
from .in_order import in_order


class SafeInput(Input):
    # Cursor moves, backspace and Enter in the order they were typed (see `in_order`).
    BINDINGS: ClassVar[list[BindingType]] = in_order(Input.BINDINGS)

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(show_invisible_in_place(self.value), no_wrap=True, overflow="ignore", end="")
        if self.highlighter is not None:
            text = self.highlighter(text)
        return text


class EntryInput(SafeInput):
    """A field whose Enter hands over what was typed so far, in order with the keys.

    Keys can arrive in bursts (a fast typist over SSH, a browser tab, tmux); Enter
    runs once the characters before it are in the field (see `in_order`). The
    text so far goes out with `Submitted` and the field is empty for whatever
    follows. Whoever handles `Submitted` puts back, with `put_back`, an entry
    that could not be taken.
    """

    async def action_submit(self) -> None:
        text, self.value = self.value, ""
        self.post_message(self.Submitted(self, text))

    def put_back(self, text: str) -> None:
        """An entry that was not taken goes back in the field, before anything typed since."""
        self.value = text + self.value
        self.cursor_position = len(text)

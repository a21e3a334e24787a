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

from rich.text import Text
from textual.widgets import Input

from ..textsafety import show_invisible_in_place


class SafeInput(Input):
    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(show_invisible_in_place(self.value), no_wrap=True, overflow="ignore", end="")
        if self.highlighter is not None:
            text = self.highlighter(text)
        return text

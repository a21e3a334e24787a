"""An input field that shows invisible characters instead of sending them to the terminal.

Textual's Input draws its value as it is. A value that came from the store
(a topic, a name) may hold what someone pasted: an escape sequence would
reach the projected terminal raw and could retitle the window, clear the
screen or recolour the room's view. Here each invisible character is drawn
as one visible stand-in, so the cursor still moves character by character;
the value itself, and so what is saved, stays exactly what was typed.

The stand-ins are drawn through Input's public `highlighter`: Input hands it
the value as a Rich `Text` before drawing (never a password, which Input draws
as dots). `tests/test_hostile_input.py` checks that this holds.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.highlighter import Highlighter
from rich.text import Text
from textual.binding import BindingType
from textual.widgets import Input

from ..textsafety import show_invisible_in_place
from .in_order import in_order


class ShowInvisible(Highlighter):
    """Draws the field's value with every invisible character as one visible stand-in.

    It reads the value from the field, not from the `Text` it is handed: Rich drops
    some control characters (bell, backspace, carriage return) when it builds that
    `Text`, which would shift the cursor; the field's value has every character.
    A highlighter given to the field still colours the result.
    """

    def __init__(self, field: Input, then: Highlighter | None) -> None:
        self.field = field
        self.then = then

    def highlight(self, text: Text) -> None:
        text.plain = show_invisible_in_place(self.field.value)
        if self.then is not None:
            self.then.highlight(text)


class SafeInput(Input):
    # Cursor moves, backspace and Enter in the order they were typed (see `in_order`).
    BINDINGS: ClassVar[list[BindingType]] = in_order(Input.BINDINGS)

    def __init__(self, *args: Any, highlighter: Highlighter | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.highlighter = ShowInvisible(self, highlighter)


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

"""One choice out of a few, changed with ← → or space: `‹ een dilemma ›`.

A field for the keyboard that needs no list to open: the screen's commands
(`commands.CYCLE_PREVIOUS`, `commands.CYCLE_NEXT`) turn it while it has the focus.
Its labels come from the catalog, never from what someone typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.message import Message

from .plain import Static


class Cycler(Static, can_focus=True):
    class Changed(Message):
        def __init__(self, cycler: Cycler) -> None:
            super().__init__()
            self.cycler = cycler

    def __init__(
        self, options: Sequence[tuple[str, Any]], value: Any = None, *, id: str | None = None
    ) -> None:
        super().__init__("", id=id)
        self._options = list(options)
        values = [option_value for _, option_value in self._options]
        self._index = values.index(value) if value in values else 0

    @property
    def value(self) -> Any:
        return self._options[self._index][1]

    def on_mount(self) -> None:
        self._show()

    def step(self, delta: int) -> None:
        """The next (1) or previous (-1) choice, round from the last to the first."""
        self._index = (self._index + delta) % len(self._options)
        self._show()
        self.post_message(self.Changed(self))

    def _show(self) -> None:
        self.update(Text.assemble("‹ ", self._options[self._index][0], " ›"))

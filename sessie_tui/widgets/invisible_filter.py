"""The last net before the terminal: no rendered line carries an invisible character.

Screens show user text through `plain` (stand-ins such as "␛"). Should one ever
forget, this filter still keeps the raw character from the terminal, where an
escape sequence could clear the projected screen, write the clipboard or plant
a link. It runs on every line Textual renders (`App.get_line_filters`), so it
must keep each line's width: Textual has measured the line already, and a
character the terminal would not draw (ESC, BEL, a bidi control) takes no
cell, so it is dropped; one measured wider takes as many spaces.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from ..textsafety import INVISIBLE


def _blank(match: re.Match[str]) -> str:
    if match.group("flag"):
        return match.group("flag")  # an emoji flag: tag characters that belong to it
    return " " * cell_len(match.group("char"))


def without_invisible(text: str) -> str:
    """`text` with each invisible character replaced by blanks of its own width."""
    return text if text.isprintable() else INVISIBLE.sub(_blank, text)


class InvisibleFilter(LineFilter):
    """Drops invisible characters from every segment, keeping the line's width."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        # Control segments are Textual's own cursor moves, never text from a user.
        return [
            segment
            if segment.control or segment.text.isprintable()
            else Segment(without_invisible(segment.text), segment.style, segment.control)
            for segment in segments
        ]

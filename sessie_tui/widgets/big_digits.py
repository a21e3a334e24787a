"""Digits as large as the space allows, for a clock read from the back of a room.

Each glyph is a 5x7 bitmap, drawn with full blocks and scaled by whole
numbers so the strokes stay even. Terminal cells are about twice as tall as
they are wide, so a glyph is scaled twice as much across as down.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

GLYPHS: dict[str, tuple[str, ...]] = {
    "0": (" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "1": ("  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "),
    "2": (" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"),
    "3": (" ### ", "#   #", "    #", "  ## ", "    #", "#   #", " ### "),
    "4": ("#   #", "#   #", "#   #", "#####", "    #", "    #", "    #"),
    "5": ("#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "),
    "6": (" ### ", "#    ", "#    ", "#### ", "#   #", "#   #", " ### "),
    "7": ("#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "),
    "8": (" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "),
    "9": (" ### ", "#   #", "#   #", " ####", "    #", "    #", " ### "),
    ":": ("     ", "  #  ", "  #  ", "     ", "  #  ", "  #  ", "     "),
    "+": ("     ", "  #  ", "  #  ", "#####", "  #  ", "  #  ", "     "),
    "-": ("     ", "     ", "     ", "#####", "     ", "     ", "     "),
    " ": ("     ",) * 7,
}
GLYPH_WIDTH = 5
GLYPH_HEIGHT = 7
GAP = 1
FULL = "█"


def text_width(text: str) -> int:
    return len(text) * GLYPH_WIDTH + max(len(text) - 1, 0) * GAP


def best_scale(text: str, width: int, height: int) -> int:
    """The largest scale at which `text` fits, 0 if even the smallest does not."""
    scale = 0
    while text_width(text) * 2 * (scale + 1) <= width and GLYPH_HEIGHT * (scale + 1) <= height:
        scale += 1
    return scale


def render_rows(text: str, scale: int) -> list[str]:
    """The rows of `text` drawn at `scale` (each row a string of blocks and spaces)."""
    rows = []
    for line in range(GLYPH_HEIGHT):
        cells = (" " * GAP).join(GLYPHS.get(char, GLYPHS[" "])[line] for char in text)
        row = "".join((FULL if cell == "#" else " ") * 2 * scale for cell in cells)
        rows.extend([row] * scale)
    return rows


class BigDigits(Widget):
    """Shows a short text of digits, `:`, `+` and `-` as large as fits, centred.

    Falls back to plain text when even the smallest size does not fit.
    """

    DEFAULT_CSS = """
    BigDigits {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text

    @property
    def value(self) -> str:
        return self._text

    def update(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return GLYPH_HEIGHT

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        style = self.rich_style
        scale = best_scale(self._text, width, height)
        rows = render_rows(self._text, scale) if scale else [self._text]
        top = max((height - len(rows)) // 2, 0)
        index = y - top
        if not 0 <= index < len(rows):
            return Strip([Segment(" " * width, style)], width)
        row = rows[index]
        left = max((width - len(row)) // 2, 0)
        line = (" " * left + row)[:width].ljust(width)
        return Strip([Segment(line, style + Style(bold=True))], width)

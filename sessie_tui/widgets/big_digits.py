"""Digits as large as the space allows, for a clock read from the back of a room.

Each glyph is a 5x7 bitmap, drawn with full blocks and scaled by whole
numbers so the strokes stay even. Terminal cells are about twice as tall as
they are wide, so a glyph is scaled twice as much across as down. Where even
that does not fit, half blocks draw two bitmap rows per line (4 lines high),
and where that does not fit either, the plain text is shown.
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
STEADY_GLYPHS = 5
"""Sized as if for at least this many glyphs, so 10:00 and 9:59 come out equally large."""
FULL = "█"
HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
HALF = -1
"""The scale that draws two bitmap rows per terminal line."""


def text_width(text: str) -> int:
    return len(text) * GLYPH_WIDTH + max(len(text) - 1, 0) * GAP


def best_scale(text: str, width: int, height: int) -> int:
    """The largest whole scale at which `text` fits; HALF, or 0 when nothing fits."""
    scale = 0
    while text_width(text) * 2 * (scale + 1) <= width and GLYPH_HEIGHT * (scale + 1) <= height:
        scale += 1
    if scale == 0 and text_width(text) <= width and height >= (GLYPH_HEIGHT + 1) // 2:
        return HALF
    return scale


def _bitmap(text: str) -> list[str]:
    return [
        (" " * GAP).join(GLYPHS.get(char, GLYPHS[" "])[line] for char in text)
        for line in range(GLYPH_HEIGHT)
    ]


def render_rows(text: str, scale: int) -> list[str]:
    """The rows of `text` drawn at `scale` (each row a string of blocks and spaces)."""
    bitmap = _bitmap(text)
    if scale == HALF:
        padded = [*bitmap, " " * len(bitmap[0])]
        return [
            "".join(
                HALF_BLOCKS[top == "#", bottom == "#"] for top, bottom in zip(a, b, strict=True)
            )
            for a, b in zip(padded[::2], padded[1::2], strict=True)
        ]
    rows = []
    for cells in bitmap:
        row = "".join((FULL if cell == "#" else " ") * 2 * scale for cell in cells)
        rows.extend([row] * scale)
    return rows


def steady_template(text: str) -> str:
    return text.rjust(STEADY_GLYPHS, "0")


class BigDigits(Widget):
    """Shows a short text of digits, `:`, `+` and `-` as large as fits, centred.

    With `height: auto` it takes the height of the largest size that fits the
    space its container offers (less `reserve` lines for what goes below it).
    Falls back to plain text when even the smallest size does not fit.
    """

    DEFAULT_CSS = """
    BigDigits {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, text: str = "", *, reserve: int = 0, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text
        self._reserve = reserve

    @property
    def value(self) -> str:
        return self._text

    def update(self, text: str) -> None:
        if text != self._text:
            resize = len(text) != len(self._text)
            self._text = text
            self.refresh(layout=resize)

    def _rows(self, width: int, height: int) -> list[str]:
        scale = best_scale(steady_template(self._text), width, height)
        return render_rows(self._text, scale) if scale else [self._text]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rows(width, max(container.height - self._reserve, 1)))

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        style = self.rich_style
        rows = self._rows(width, height)
        top = max((height - len(rows)) // 2, 0)
        index = y - top
        if not 0 <= index < len(rows):
            return Strip([Segment(" " * width, style)], width)
        row = rows[index]
        left = max((width - len(row)) // 2, 0)
        line = (" " * left + row)[:width].ljust(width)
        return Strip([Segment(line, style + Style(bold=True))], width)

"""Text as large as the room needs and the screen allows: the phase, its rule, the speaker.

The screen gives each `BigText` a budget of rows. It draws its text in the
largest block letters whose lines, wrapped between words, fit the width and
that budget; where even the smallest do not fit (an old projector at 80x24),
it shows the plain text, as any other line. Whatever the user typed goes
through `make_visible` first, and what the fonts cannot draw stays plain
text inside the big line (`big_font`).
"""

from __future__ import annotations

from functools import lru_cache

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from ..domain.record import record
from ..textsafety import make_visible
from . import big_font
from .big_font import FONTS, HALF, Font

LADDER: tuple[tuple[str, int], ...] = (
    ("5x7", HALF),
    ("6x10", HALF),
    ("6x10", 1),
    ("6x10", 2),
    ("6x10", 3),
)
"""The sizes to try, smallest first: (font, scale)."""


@record
class BigContent:
    """What a big text shows: the words drawn large, and a plain stand-in."""

    big: str
    """Drawn large: user text is allowed, it is made visible here."""
    plain: Text
    """Shown instead where large letters do not fit."""
    above: Text | None = None
    below: Text | None = None
    """Small lines that go with the large letters (a label, a detail)."""


def big_rows(text: str, width: int, rows: int) -> tuple[list[str], int] | None:
    """The rows that draw `text` in the largest size whose wrapped lines fit `width` and
    `rows`, with the number of rows one line takes; None when none fits."""
    visible = make_visible(text, keep_newlines=True)
    drawable = big_font.pieces(FONTS["5x7"], visible)
    if not any(piece.bitmaps and piece.text.strip() for piece in drawable):
        return None  # nothing the fonts can draw: large blank space around plain text helps nobody
    # Whole words only: a name or a rule cut into pieces of a word is harder to read
    # from the back than plain text.
    best = None
    for name, scale in LADDER:
        font: Font = FONTS[name]
        per_line = big_font.line_rows(font, scale)
        lines = big_font.wrap(font, scale, visible, width)
        if lines is None or len(lines) * per_line > rows:
            continue
        drawn = [row for line in lines for row in big_font.draw_line(font, scale, line)]
        best = (drawn, per_line)
    return best


class BigText(Widget):
    """Shows a `BigContent`: large within its budget of rows, else plain."""

    DEFAULT_CSS = """
    BigText {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._content = BigContent("", Text(""))
        self._budget = 0
        self._cache: tuple[tuple[BigContent, int, int], list[str] | None, int] | None = None

    @property
    def budget(self) -> int:
        return self._budget

    @budget.setter
    def budget(self, rows: int) -> None:
        if rows != self._budget:
            self._budget = rows
            self.refresh(layout=True)

    @property
    def content(self) -> BigContent:
        return self._content

    def show(self, content: BigContent) -> None:
        if content != self._content:
            self._content = content
            self.refresh(layout=True)

    def heights(self, width: int) -> list[int]:
        """The heights this text can take at `width`, smallest (plain) first."""
        plain = len(self._content.plain.wrap(self.app.console, max(width, 1)))
        return heights(self._content, width, plain)

    def _small_lines(self) -> int:
        return sum(1 for part in (self._content.above, self._content.below) if part is not None)

    def _layout(self, width: int) -> tuple[list[str] | None, int]:
        key = (self._content, width, self._budget)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1], self._cache[2]
        rows, per_line = None, 1
        room = self._budget - self._small_lines()
        if self._content.big.strip() and room > 0 and width > 0:
            found = big_rows(self._content.big, width, room)
            if found is not None:
                rows, per_line = found
        self._cache = (key, rows, per_line)
        return rows, per_line

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        rows, _ = self._layout(width)
        if rows is None:
            return len(self._content.plain.wrap(self.app.console, max(width, 1)))
        return len(rows) + self._small_lines()

    def render(self) -> Text:
        rows, _ = self._layout(self.content_size.width)
        if rows is None:
            return self._content.plain
        text = Text(no_wrap=True, overflow="crop", end="")
        parts: list[Text] = []
        if self._content.above is not None:
            parts.append(self._content.above)
        parts.extend(Text(row) for row in rows)
        if self._content.below is not None:
            parts.append(self._content.below)
        for index, part in enumerate(parts):
            if index:
                text.append("\n")
            text.append_text(part)
        return text


def heights(content: BigContent, width: int, plain_height: int) -> list[int]:
    """The heights `content` can take at `width`, smallest (plain) first."""
    small = sum(1 for part in (content.above, content.below) if part is not None)
    return list(_heights(content.big, small, width, max(plain_height, 1)))


@lru_cache(maxsize=256)
def _heights(big: str, small: int, width: int, plain: int) -> tuple[int, ...]:
    # Kept: the phase screen asks again for every resize, and as it starts for each
    # big text at each of its widths (the letters laid out at every size each time).
    found = {plain}
    if big.strip() and width > 0:
        visible = make_visible(big, keep_newlines=True)
        for name, scale in LADDER:
            font = FONTS[name]
            lines = big_font.wrap(font, scale, visible, width)
            if lines is not None:
                found.add(len(lines) * big_font.line_rows(font, scale) + small)
    return tuple(sorted(height for height in found if height >= plain))


def share_rows(available: int, wishes: list[list[int]]) -> list[int]:
    """Rows for each text, given the heights each can take (smallest first), in order
    of priority: each in turn grows one size while the total fits `available`."""
    chosen = [0] * len(wishes)
    used = sum(wish[0] for wish in wishes)
    grew = True
    while grew:
        grew = False
        for index, wish in enumerate(wishes):
            if chosen[index] + 1 < len(wish):
                step = wish[chosen[index] + 1] - wish[chosen[index]]
                if used + step <= available:
                    chosen[index] += 1
                    used += step
                    grew = True
    return [wish[index] for wish, index in zip(wishes, chosen, strict=True)]

"""Letters drawn in blocks, for text read from the back of a room.

The glyphs are the bitmap fonts `5x7` and `6x10` that come with pyfiglet (from
the X11 misc-fixed family: ASCII, plus a few German letters). What they lack
is composed or left as it is:

- a Latin letter with an accent the fonts do not have (é, ë, ï, ç, ñ, å…) is
  its base letter with the accent drawn in the blank rows above (or, for a
  cedilla, below);
- typographic punctuation (— – ‘ ’ “ ” … ·) is drawn as its plain look-alike;
- anything else (emoji, CJK, the stand-ins `textsafety` puts for control
  characters) stays plain text, in the middle of the big line, never dropped.

No escape sequence can come out of here: the output is block characters,
spaces and characters of the text itself, which the caller made visible.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from rich.cells import cell_len

from ..domain.record import record
from .big_digits import FULL, HALF_BLOCKS

Bitmap = tuple[str, ...]
"""Rows of one glyph, `#` for ink and space for none, all of the font's width."""

LOOK_ALIKES = {
    "\u2014": "-",  # em dash
    "\u2013": "-",  # en dash
    "\u2012": "-",
    "\u2212": "-",  # minus
    "\u2010": "-",
    "\u2011": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": ",",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2026": "...",
    "\u00a0": " ",  # no-break space
    "\u202f": " ",
    "\u00b7": ".",  # middle dot, drawn as a point
    "\u2022": ".",
}

# Accents as rows of ink, centred over the letter: two rows where there is room
# above it, one where there is not (capitals).
ACCENTS_ABOVE: dict[str, tuple[Bitmap, Bitmap]] = {
    "\u0301": (("  #", " # "), (" # ",)),  # acute
    "\u0300": (("#  ", " # "), (" # ",)),  # grave
    "\u0302": ((" # ", "# #"), ("###",)),  # circumflex
    "\u0308": (("   ", "# #"), ("# #",)),  # diaeresis
    "\u0303": ((" # #", "# # "), ("####",)),  # tilde
    "\u030a": (("###", "# #"), ("###",)),  # ring
    "\u030c": (("# #", " # "), (" # ",)),  # caron
}
CEDILLA = "\u0327"
CEDILLA_ROWS: Bitmap = (" # ", "## ")
DOTTED = frozenset("ij")


@record
class Font:
    """A FIGlet font the big letters are drawn in, and how its glyphs are laid."""

    name: str
    width: int
    """Columns of one glyph, its spacing included."""
    pad_top: int
    """Blank rows added above every glyph: room for the accents of capitals."""


FONTS = {
    "5x7": Font("5x7", width=5, pad_top=1),
    "6x10": Font("6x10", width=6, pad_top=0),
}


@cache
def _figlet_glyphs(name: str) -> dict[int, list[str]]:
    """The glyphs of FIGlet font `name`: from the font file's JSON twin (see `json_twin`)
    when there is one, so that a start does not import the FIGlet package to read them."""
    from ..json_twin import kept_as_json

    font_file = _bundled_font_file(name)
    try:
        data = font_file.read_bytes() if font_file else None
    except OSError:
        data = None
    if data is None:
        return _parsed_glyphs(name)
    kept = kept_as_json(
        "figlet", data, lambda _: {str(code): rows for code, rows in _parsed_glyphs(name).items()}
    )
    return {int(code): rows for code, rows in kept.items()}


def _parsed_glyphs(name: str) -> dict[int, list[str]]:
    import pyfiglet

    return dict(pyfiglet.FigletFont(name).chars)


def _bundled_font_file(name: str) -> Path | None:
    """Where the FIGlet package keeps font `name`: the file it reads first (found
    without importing the package, which is what takes the time)."""
    spec = importlib.util.find_spec("pyfiglet")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / f"{name}.flf"
    return path if path.is_file() else None


def font_height(font: Font) -> int:
    return len(_figlet_glyphs(font.name)[ord(" ")]) + font.pad_top


@cache
def _plain_glyph(font: Font, char: str) -> Bitmap | None:
    rows = _figlet_glyphs(font.name).get(ord(char))
    if rows is None:
        return None
    cleaned = tuple(
        "".join("#" if cell == "#" else " " for cell in row[: font.width]).ljust(font.width)
        for row in rows
    )
    return (" " * font.width,) * font.pad_top + cleaned


def _ink_rows(bitmap: Bitmap) -> list[int]:
    return [i for i, row in enumerate(bitmap) if "#" in row]


def _without_dot(bitmap: Bitmap) -> Bitmap:
    """i and j without their dot, so an accent can take its place."""
    ink = _ink_rows(bitmap)
    first_gap = next((r for r in range(ink[0], ink[-1]) if "#" not in bitmap[r]), None)
    if first_gap is None:
        return bitmap
    return tuple(" " * len(row) if i < first_gap else row for i, row in enumerate(bitmap))


def _stamp(bitmap: list[str], top: int, mark: Bitmap) -> None:
    """Draw `mark` into `bitmap` from row `top`, centred over the letter's ink."""
    columns = [c for row in bitmap for c, cell in enumerate(row) if cell == "#"]
    middle = (min(columns) + max(columns) + 1) / 2 if columns else len(bitmap[0]) / 2
    for offset, mark_row in enumerate(mark):
        left = round(middle - len(mark_row) / 2)
        row = list(bitmap[top + offset])
        for c, cell in enumerate(mark_row):
            if cell == "#" and 0 <= left + c < len(row):
                row[left + c] = "#"
        bitmap[top + offset] = "".join(row)


def _composed_glyph(font: Font, char: str) -> Bitmap | None:
    """A letter with accents the font lacks: its base letter, the accents drawn on."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    glyph = _plain_glyph(font, base) if marks else None
    if glyph is None or not all(m in ACCENTS_ABOVE or m == CEDILLA for m in marks):
        return None
    if base in DOTTED and any(m in ACCENTS_ABOVE for m in marks):
        glyph = _without_dot(glyph)
    bitmap = list(glyph)
    ink = _ink_rows(glyph) or [len(bitmap) // 2]
    above = [m for m in marks if m in ACCENTS_ABOVE]
    if len(above) > 1:
        return None
    if above:
        two_rows, one_row = ACCENTS_ABOVE[above[0]]
        room = ink[0]
        if room >= 3:
            _stamp(bitmap, room - 3, two_rows)
        elif room >= 1:
            _stamp(bitmap, 0, one_row)
        else:
            return None
    if CEDILLA in marks:
        below = len(bitmap) - 1 - ink[-1]
        if below < 1:
            return None
        _stamp(bitmap, ink[-1] + 1, CEDILLA_ROWS[:below])
    return tuple(bitmap)


@cache
def glyph(font: Font, char: str) -> Bitmap | None:
    """The bitmap of `char` in `font`, or None when it cannot be drawn."""
    if char == " ":
        return _plain_glyph(font, " ")
    if not char.isprintable():
        return None
    return _plain_glyph(font, char) or _composed_glyph(font, char)


def clusters(text: str) -> list[str]:
    """`text` split into what shows as one character: a base with its zero-width marks,
    and emoji joined by a zero width joiner, stay together."""
    result: list[str] = []
    joined = False
    for char in text:
        attaches = cell_len(char) == 0 or unicodedata.combining(char) > 0
        if result and (attaches or joined):
            result[-1] += char
        else:
            result.append(char)
        joined = char == "\u200d"
    return result


@record
class Piece:
    """One cluster of the text: drawn as a glyph, or kept as plain text."""

    text: str
    bitmaps: tuple[Bitmap, ...]
    """The glyphs that draw it; empty when it stays plain."""

    def width(self, font: Font, scale: int) -> int:
        if self.bitmaps:
            return len(self.bitmaps) * font.width * glyph_columns(scale)
        return self.plain_width()

    def plain_width(self) -> int:
        return max(cell_len(self.plain_text()), 1)

    def plain_text(self) -> str:
        # A lone combining mark gets the dotted circle it is conventionally shown on.
        return self.text if cell_len(self.text) else "\u25cc" + self.text


STAND_IN = re.compile("(\u27e8U\\+[0-9A-F]{4,6}\u27e9)")
"""How `textsafety` shows an invisible character: kept whole, as plain text."""


def pieces(font: Font, text: str) -> list[Piece]:
    return list(_pieces(font, text))


@lru_cache(maxsize=512)
def _pieces(font: Font, text: str) -> tuple[Piece, ...]:
    # A phase screen fits its title, rule and speaker to the window in several sizes
    # before its first frame, asking for the same words each time.
    result = []
    for part in STAND_IN.split(text):
        if STAND_IN.fullmatch(part):
            result.append(Piece(part, ()))
        else:
            result.extend(_drawn_pieces(font, part))
    return tuple(result)


def _drawn_pieces(font: Font, text: str) -> list[Piece]:
    result = []
    for cluster in clusters(text):
        drawn = LOOK_ALIKES.get(cluster, cluster)
        bitmaps = [glyph(font, char) for char in drawn]
        if all(b is not None for b in bitmaps):
            result.append(Piece(cluster, tuple(b for b in bitmaps if b is not None)))
        else:
            result.append(Piece(cluster, ()))
    return result


HALF = 0
"""The scale that draws two bitmap rows per terminal line, one column per dot."""


def glyph_columns(scale: int) -> int:
    """Terminal columns per bitmap column: cells are about twice as tall as wide."""
    return 1 if scale == HALF else 2 * scale


def line_rows(font: Font, scale: int) -> int:
    height = font_height(font)
    return (height + 1) // 2 if scale == HALF else height * scale


def draw_line(font: Font, scale: int, line: list[Piece]) -> list[str]:
    """The terminal rows of one line of pieces (each row a string of cells)."""
    height = font_height(font)
    dots: list[list[str]] = [[] for _ in range(height)]
    rows_out = line_rows(font, scale)
    plain_row = rows_out * 2 // 3 if rows_out > 1 else 0
    plain_cells: list[tuple[int, str]] = []
    column = 0
    for piece in line:
        if piece.bitmaps:
            for bitmap in piece.bitmaps:
                for r in range(height):
                    dots[r].append(bitmap[r])
            column += piece.width(font, scale)
        else:
            plain_cells.append((column, piece.plain_text()))
            for r in range(height):
                dots[r].append("\0" * piece.plain_width())
            column += piece.plain_width()
    bitmap_rows = ["".join(parts) for parts in dots]
    if scale == HALF:
        if len(bitmap_rows) % 2:
            bitmap_rows.append(" " * len(bitmap_rows[0]) if bitmap_rows else "")
        rows = [
            "".join(_half_cell(top, bottom) for top, bottom in zip(a, b, strict=True))
            for a, b in zip(bitmap_rows[::2], bitmap_rows[1::2], strict=True)
        ]
    else:
        rows = []
        for bitmap_row in bitmap_rows:
            drawn = "".join(_full_cell(cell, scale) for cell in bitmap_row)
            rows.extend([drawn] * scale)
    return _with_plain(rows, plain_row, plain_cells)


def _half_cell(top: str, bottom: str) -> str:
    if top == "\0":
        return "\0"
    return HALF_BLOCKS[top == "#", bottom == "#"]


def _full_cell(cell: str, scale: int) -> str:
    if cell == "\0":
        return "\0"
    return (FULL if cell == "#" else " ") * 2 * scale


def _with_plain(rows: list[str], plain_row: int, plain_cells: list[tuple[int, str]]) -> list[str]:
    """Put the plain clusters in their place: on one row, blank above and below.

    Each plain cluster reserved one placeholder per cell it takes; on its row
    the placeholders become the cluster, elsewhere spaces.
    """
    result = []
    for index, row in enumerate(rows):
        if index != plain_row or not plain_cells:
            result.append(row.replace("\0", " "))
            continue
        out, cursor = [], 0
        for column, text in plain_cells:
            out.append(row[cursor:column].replace("\0", " "))
            out.append(text)
            cursor = column + max(cell_len(text), 1)
        out.append(row[cursor:].replace("\0", " "))
        result.append("".join(out))
    return result


def wrap(font: Font, scale: int, text: str, width: int) -> list[list[Piece]] | None:
    """`text` in lines of pieces no wider than `width`, broken between words; None when
    a word does not fit on a line."""
    lines: list[list[Piece]] = []
    for paragraph in text.split("\n"):
        line: list[Piece] = []
        line_width = 0
        for word in _words(pieces(font, paragraph)):
            word_width = sum(p.width(font, scale) for p in word)
            space = [] if not line else pieces(font, " ")
            space_width = sum(p.width(font, scale) for p in space)
            if line and line_width + space_width + word_width <= width:
                line += space + word
                line_width += space_width + word_width
                continue
            if line:
                lines.append(line)
                line, line_width = [], 0
            if word_width > width:
                return None
            line, line_width = list(word), word_width
        lines.append(line)
    return lines


def _words(line: list[Piece]) -> list[list[Piece]]:
    words: list[list[Piece]] = [[]]
    for piece in line:
        if piece.text == " ":
            if words[-1]:
                words.append([])
        else:
            words[-1].append(piece)
    return [word for word in words if word]

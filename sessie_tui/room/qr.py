"""The join link as a QR code drawn in text: blocks on the projector, scannable across a room.

Textual-free, so that it can be tested (and decoded) without a screen. A module is
drawn either as whole blocks, two columns wide and one row high (a terminal cell is
about twice as high as it is wide, so the module is square), or, where that does
not fit, as half blocks: one column and half a row per module, two modules stacked
in one cell with "▀", "▄", "█" or " ". The quiet zone of four modules around the
code is part of the matrix: scanners need it.
"""

from __future__ import annotations

from ..domain.record import record

QUIET_ZONE = 4
"""Modules of light margin on every side, as the QR standard asks."""

Matrix = list[list[bool]]
"""Rows of modules, True for a dark one, the quiet zone included."""


def qr_matrix(text: str) -> Matrix:
    """The modules of a QR code of `text`, with its quiet zone.

    segno chooses the smallest version and, within it, the strongest error
    correction that fits; a link in upper case stays in the compact alphanumeric mode.
    """
    import segno  # only now: the share screen imports this module, its code comes later

    code = segno.make(text, micro=False)
    return [[bool(module) for module in row] for row in code.matrix_iter(border=QUIET_ZONE)]


@record
class Drawing:
    """How a matrix is drawn: `scale` cells per module (rows; columns are twice as many),
    or half blocks when `scale` is 0."""

    scale: int

    @property
    def half(self) -> bool:
        return self.scale == 0

    def size(self, modules: int) -> tuple[int, int]:
        """Columns and rows a code of `modules` square takes drawn this way."""
        if self.half:
            return modules, (modules + 1) // 2
        return 2 * self.scale * modules, self.scale * modules


def best_drawing(modules: int, width: int, height: int) -> Drawing | None:
    """The largest drawing of a code `modules` square that fits; None if none does."""
    scale = min(width // (2 * modules), height // modules) if modules else 0
    if scale >= 1:
        return Drawing(scale)
    half = Drawing(0)
    columns, rows = half.size(modules)
    return half if columns <= width and rows <= height else None


HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def draw(matrix: Matrix, drawing: Drawing) -> list[str]:
    """The code as lines of text, dark modules in blocks, light ones as spaces (to be
    drawn dark on light: the caller gives the colours)."""
    if drawing.half:
        rows = [*matrix, [False] * len(matrix[0])] if len(matrix) % 2 else matrix
        return [
            "".join(HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
            for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
        ]
    cell = 2 * drawing.scale
    lines = []
    for row in matrix:
        line = "".join(("█" if dark else " ") * cell for dark in row)
        lines.extend([line] * drawing.scale)
    return lines

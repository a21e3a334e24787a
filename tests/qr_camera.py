"""A camera for tests: the screen's cells back to an image, and a QR decoder on it.

Each terminal cell is about twice as high as it is wide: it becomes a block of
2 by 4 pixels, its upper and lower halves dark or light by the glyph drawn in it
("█" both, "▀" the upper, "▄" the lower). Nothing is assumed about how the code was
drawn: the decoder (zxing-cpp) finds it in the picture like a phone would.
"""

from __future__ import annotations

import zxingcpp

from sessie_tui.room.qr import Drawing, Matrix

UPPER = frozenset("█▀")
LOWER = frozenset("█▄")
WIDTH, HALF = 2, 2
"""Pixels per cell across, and per half cell down."""


def picture(lines: list[str]) -> memoryview:
    """The lines as a grayscale image (0 dark, 255 light), with a light margin."""
    columns = max(len(line) for line in lines)
    rows = bytearray()
    margin = [255] * (columns + 8) * WIDTH
    for _ in range(4 * HALF):
        rows += bytes(margin)
    for line in lines:
        line = line.ljust(columns)
        for half in (UPPER, LOWER):
            pixels = [255] * 4 * WIDTH
            for char in line:
                pixels += [0 if char in half else 255] * WIDTH
            pixels += [255] * 4 * WIDTH
            for _ in range(HALF):
                rows += bytes(pixels)
    for _ in range(4 * HALF):
        rows += bytes(margin)
    height = len(rows) // len(margin)
    return memoryview(bytes(rows)).cast("B", (height, len(margin)))


def decoded(lines: list[str]) -> list[str]:
    """The texts of the QR codes found in the lines."""
    return [found.text for found in zxingcpp.read_barcodes(picture(lines))]


def read_back(lines: list[str], drawing: Drawing) -> Matrix:
    """The modules a drawing shows: what a camera sees, read straight from the glyphs."""
    if drawing.half:
        matrix: Matrix = []
        for line in lines:
            matrix.append([char in "█▀" for char in line])
            matrix.append([char in "█▄" for char in line])
        return matrix
    cell = 2 * drawing.scale
    return [[line[i] == "█" for i in range(0, len(line), cell)] for line in lines[:: drawing.scale]]

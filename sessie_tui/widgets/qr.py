"""The join link's QR code on the projector: as large as the widget allows.

Black modules on white whatever the theme (a dark theme's light-on-dark code is one
many phone cameras do not read), centred in the widget. When no drawing fits, the
widget says so in one line; the address beside it still works.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.geometry import Offset
from textual.widget import Widget

from ..i18n import t
from ..room.qr import Drawing, Matrix, best_drawing, draw, qr_matrix

CODE_STYLE = Style(color="#000000", bgcolor="#ffffff")


class QRCode(Widget):
    DEFAULT_CSS = """
    QRCode { width: 1fr; height: 1fr; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._link = ""
        self._matrix: Matrix = []

    def show(self, link: str) -> None:
        if link != self._link:
            self._link = link
            self._matrix = qr_matrix(link) if link else []
            self.refresh()

    @property
    def link(self) -> str:
        return self._link

    @property
    def drawing(self) -> Drawing | None:
        """How the code is drawn in the widget's size now; None if it does not fit."""
        if not self._matrix:
            return None
        size = self.content_size
        return best_drawing(len(self._matrix), size.width, size.height)

    @property
    def code_offset(self) -> Offset:
        """Where the code's first cell is, within the widget's content."""
        drawing = self.drawing
        if drawing is None:
            return Offset(0, 0)
        columns, rows = drawing.size(len(self._matrix))
        size = self.content_size
        return Offset((size.width - columns) // 2, (size.height - rows) // 2)

    def render(self) -> Text:
        drawing = self.drawing
        if drawing is None:
            return Text(t("share.qr_too_small") if self._matrix else "")
        offset = self.code_offset
        text = Text("\n" * offset.y)
        for number, line in enumerate(draw(self._matrix, drawing)):
            if number:
                text.append("\n")
            text.append(" " * offset.x)
            text.append(line, style=CODE_STYLE)
        return text

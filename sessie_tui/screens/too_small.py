"""Shown instead of everything else while the window is smaller than 80 by 24."""

from __future__ import annotations

from textual.app import ComposeResult

from ..i18n import t
from ..widgets.plain import Static
from .base import SessieModal

MIN_WIDTH = 80
MIN_HEIGHT = 24


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(SessieModal):
    """Goes away by itself when the window is large enough again."""

    def compose(self) -> ComposeResult:
        yield Static("", id="too-small")

    def on_mount(self) -> None:
        self.on_resize()

    def on_resize(self) -> None:
        width, height = self.app.size
        self.query_one("#too-small", Static).update(
            t(
                "app.too_small",
                width=width,
                height=height,
                min_width=MIN_WIDTH,
                min_height=MIN_HEIGHT,
            )
        )

"""Putting user text on screen without it being read as markup."""

from __future__ import annotations

from rich.text import Text

from ..textsafety import make_visible


def plain(text: str, style: str = "") -> Text:
    """User text as a renderable: no markup parsing, control characters made visible."""
    return Text(make_visible(text), style=style, end="")


def plain_lines(text: str, style: str = "") -> Text:
    """Like `plain`, keeping the line breaks."""
    return Text(make_visible(text, keep_newlines=True), style=style, end="")

"""Text a user might type or paste, at its worst: the material of the property tests.

Control characters and escape sequences, right-to-left and bidi overrides,
emoji sequences, lone surrogates, markdown, HTML and Rich markup, and pastes
of 100,000 characters.
"""

from __future__ import annotations

from hypothesis import strategies as st

PIECES = [
    # markdown and HTML
    "# kop",
    "---",
    "===",
    "> citaat",
    "| a | b |",
    "1. lijst",
    "- item",
    "* ster",
    "`code`",
    "```",
    "<b>html</b>",
    "<script>alert(1)</script>",
    "<!-- x -->",
    "[link](http://x.be)",
    "https://example.be",
    "**vet**",
    "\\",
    "&amp;",
    "    ingesprongen",
    # Rich and Textual markup
    "[bold]vet[/bold]",
    "[/]",
    "[link=https://x.be]x[/link]",
    "[@click=app.quit]x[/]",
    "$variable",
    # control characters and escape sequences
    "\x1b[31m",
    "\x1b]0;titel\x07",
    "\x1b[2J",
    "\x00",
    "\x07",
    "\x7f",
    "\x85",
    "\r",
    "\r\n",
    "\t",
    "\n\n",
    "\u2028",
    # invisible, reordering and unusual characters
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\ud800",
    "e\u0301",
    "שלום",
    "مرحبا",
    "👍🏽",
    "👨‍👩‍👧",
    "🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f",
    "𝕳",
    "ﷺ",
    # what programs choke on
    "'; DROP TABLE notes; --",
    "{0}{name}%s",
    '"}}',
]
PIECE = st.one_of(st.text(max_size=30), st.sampled_from(PIECES))
TEXT = st.lists(PIECE, max_size=5).map("".join)
"""Short hostile text, possibly empty or only white space."""
FILLED = TEXT.filter(lambda text: text.strip() != "")
"""Short hostile text with something in it (a name, a required field)."""


def paste(piece: str, length: int) -> str:
    """`piece` repeated to exactly `length` characters, as a long paste would be."""
    return (piece * (length // max(len(piece), 1) + 1))[:length]


PASTE = st.builds(paste, st.sampled_from([p for p in PIECES if p.strip()]), st.just(100_000))
"""A paste of 100,000 characters of one hostile piece."""

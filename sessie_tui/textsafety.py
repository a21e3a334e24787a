"""User text made safe to show: invisible and reordering characters made visible.

A note may hold anything a user pasted: escape sequences, NUL, bidi controls
that reorder a line, zero-width characters. Shown raw, they could corrupt the
projected terminal or disguise what was written. Each becomes a visible
stand-in, on screen and in the report alike, so nothing is hidden and nothing
is lost from view:

- C0 control characters and DEL show as their Control Pictures symbol: NUL as
  "␀", ESC as "␛", DEL as "␡".
- Everything else invisible shows as "⟨U+XXXX⟩": C1 controls, lone
  surrogates, and the format characters (Unicode category Cf) except the
  three that text needs (zero width joiner, which emoji sequences use; zero
  width non-joiner; the soft hyphen). Among them are the bidi controls, zero
  width space, word joiner and the byte order mark. An emoji flag sequence
  (🏴 followed by tag characters) is kept whole.

Emoji, right-to-left letters and every other character are kept as they are.
"""

from __future__ import annotations

import re

LINE_BREAK = " \u21b5 "
"""How a line break shows where the text must stay on one line (" ↵ ")."""

INVISIBLE = re.compile(
    # An emoji flag sequence (England, Scotland, Wales) is kept whole.
    "(?P<flag>\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f)"
    "|(?P<char>["
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (less tab and line feed), DEL, C1
    "\ud800-\udfff"  # lone surrogates
    # Format characters (Cf, as of Unicode 17) less U+00AD, U+200C and U+200D:
    "\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    "])"
)
_LINE_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_LINE_BREAKS_ONE = re.compile("[\n\r\x85\u2028\u2029]")


REPLACEMENT = "\ufffd"


def _stand_in(match: re.Match[str], *, one_character: bool = False) -> str:
    """A control character's picture (␛, ␡); another invisible one as `⟨U+202E⟩`, or
    as one replacement character where the stand-in must take one place."""
    if match.group("flag"):
        return match.group("flag")
    code = ord(match.group("char"))
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return REPLACEMENT if one_character else f"\u27e8U+{code:04X}\u27e9"


def show_invisible(text: str) -> str:
    """`text` with every invisible character replaced by its stand-in (line feeds kept)."""
    # Printable text (most of it) holds nothing to replace: skip the slower pattern.
    return text if text.isprintable() else INVISIBLE.sub(_stand_in, text)


def make_visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` ready for the screen: stand-ins for invisible characters, tabs as spaces.

    Line breaks stay line breaks with `keep_newlines`, else show as " ↵ ".
    """
    separator = "\n" if keep_newlines else LINE_BREAK
    lines = _LINE_BREAKS.split(text.replace("\t", "    "))
    return separator.join(show_invisible(line) for line in lines)


def _one_stand_in(match: re.Match[str]) -> str:
    return _stand_in(match, one_character=True)


def show_invisible_in_place(text: str) -> str:
    """Like `show_invisible`, one character for one: for a field being edited.

    An input field moves its cursor by characters, so each invisible character
    becomes exactly one visible one (a Control Pictures symbol, else "\ufffd"),
    a line break shows as "↵" and a tab as "⇥". The text itself is not changed:
    only what the screen shows.
    """
    if text.isprintable():
        return text
    shown = _LINE_BREAKS_ONE.sub("\u21b5", INVISIBLE.sub(_one_stand_in, text))
    return shown.replace("\t", "\u21e5")


def first_invisible(text: str) -> str | None:
    """The first invisible character in `text` as "U+XXXX" (line breaks and tabs
    count too: for a one-line field), or None when every character shows."""
    if text.isprintable():
        return None
    for found in INVISIBLE.finditer(text):
        if found.group("char"):
            return f"U+{ord(found.group('char')):04X}"
    breaks = _LINE_BREAKS_ONE.search(text) or re.search("\t", text)
    return f"U+{ord(breaks.group()):04X}" if breaks else None

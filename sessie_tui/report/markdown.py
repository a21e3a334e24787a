"""Markdown for the report (verslag), with everything a user typed kept as plain text.

Every piece of text handed to this module is untrusted: names, notes, a case
title, a topic, but also labels and headings, which come partly from
user-editable method files. :func:`escape` turns such text into literal inline
Markdown, and :class:`Document` builds a whole report from it, so that no input
can add, remove or reshape a heading, paragraph, list, table, link, image,
code span, emphasis or HTML. The output passes markdownlint's default rules
except MD013 (line length); see :class:`Document` for the two rules left to
the caller (MD024, MD041).

The dialects kept in mind are CommonMark, GitHub Flavored Markdown (tables,
strikethrough, task lists, footnotes, bare URL and e-mail autolinks),
markdown-it with linkify, and the common extras `:emoji:` shortcodes, `$`
math, `{...}` attributes, `^` superscripts, and `:` definition lists and
`:::` containers.

How text is normalised (nothing is dropped except whitespace):

- Line breaks are Unicode's mandatory breaks: LF, CR, CR LF, NEL (U+0085),
  vertical tab, form feed, LINE SEPARATOR and PARAGRAPH SEPARATOR. Lines are
  stripped of surrounding whitespace (space, tab, no-break and other Unicode
  spaces), runs of spaces and tabs inside a line become one space, and blank
  lines are dropped: a paragraph break in user text becomes a plain line
  break, so user text never opens a new block.
- :func:`escape` gives one line: line breaks show as :data:`LINE_BREAK`
  (" ↵ "). :class:`Document` instead keeps each line of the user's text on a
  line of its own, joined by hard line breaks (a backslash at the end of the
  line) inside the same paragraph or list item.
- Invisible characters that could hide or visually reorder text are replaced
  by visible stand-ins (``sessie_tui.textsafety``, which the screens use too):

  - C0 control characters and DEL show as their Control Pictures symbol:
    NUL as "␀" (U+2400), ESC as "␛", DEL as "␡", and so on. A tab is
    whitespace and becomes a space.
  - Everything else shows as "⟨U+XXXX⟩" with its code point: C1 controls,
    lone surrogates (which could not be written as UTF-8), and the format
    characters (Unicode category Cf) but three. Among those are the
    bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E,
    U+2066-U+2069), zero width space U+200B, word joiner U+2060, the byte
    order mark U+FEFF, the Arabic number signs U+0600-U+0605 and the tag
    characters U+E0001, U+E0020-U+E007F, except inside an emoji flag
    sequence (🏴 followed by tags and CANCEL TAG). A cluster of prepended
    concatenation marks and combining marks in a table would also make
    markdownlint's MD060 crash.

  Emoji, right-to-left text, combining marks, variation selectors, the three
  format characters that text needs (zero width joiner U+200D, which emoji
  sequences and Indic scripts use, zero width non-joiner U+200C, and the
  soft hyphen U+00AD), and every other character are kept as they are.
  A user who types "␛" or "⟨U+202E⟩" literally gets the same rendering as
  the substitute; that ambiguity is harmless.
- Where text is empty after normalisation and the structure needs something,
  :class:`Document` writes :data:`EMPTY` ("—") instead.

How it is escaped, with a backslash before the character:

- always: ``\\ ` * _ [ ] < | ~ { } $ ^``;
- ``&`` before a letter, digit or ``#`` (entity and character references);
- ``#`` at the start of the text, after a space, or at the end (ATX headings
  and their closing sequence, markdownlint MD018/MD020);
- at the start of each line: ``- + = > :``, and the ``.`` or ``)`` of a
  list marker such as ``1.`` (lists, thematic breaks, setext underlines,
  block quotes, definition lists, containers);
- so that bare URLs (``https://…``, ``www.…``, ``example.be``,
  ``mailto:…``) and e-mail addresses do not become links, whether or not the
  renderer linkifies, and markdownlint MD034 does not flag them: a ``.``
  directly followed by a character that could continue a domain name (a
  letter, digit, ``-``, ``_``, an emoji, ...; but not in a decimal number
  such as 2.5), the ``.`` of ``www.``, a ``:`` between an ASCII letter and
  such a character, an ``@`` before such a character, and a ``/`` before
  another ``/``. (IP addresses such as 192.168.0.1 stay as they are: only
  linkify-it's non-default fuzzyIP option would link them.)
- ``:`` that opens an emoji shortcode such as ``:smile:``.

In headings ``<``, ``>`` and ``&`` get a character reference (``&lt;``)
instead of a backslash, and so does trailing ``.,;:!`` (see
:meth:`Document.heading`).

Common punctuation (``. , ; : ? ! ' " ( ) / - + = > % @``) is left alone
elsewhere, so ordinary sentences stay readable in the Markdown source.
GitHub-only references such as ``@name`` mentions and ``#12`` issue links are
not Markdown and are not neutralised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..textsafety import LINE_BREAK, show_invisible

__all__ = ["EMPTY", "LINE_BREAK", "Document", "escape"]


EMPTY = "\u2014"
"""What :class:`Document` writes for user text that is empty or only whitespace."""

_HEADING_PUNCTUATION = ".,;:!\u3002\uff0c\uff1b\uff1a\uff01"
"""Trailing punctuation that markdownlint MD026 flags in headings (its default)."""

_LINE_BREAKS_RE = re.compile("\r\n|[\n\r\v\f\x85\u2028\u2029]")

_SPACES_RE = re.compile("[ \t]+")

# Unicode space separators (Zs): stripped at the ends of a line, where
# markdownlint (MD009) counts them as trailing whitespace.
_EDGE_SPACE = (
    " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)

# What may follow a "." or ":" in a domain name or URL: anything but
# whitespace and ASCII punctuation other than "-" and "_".
_DOMAIN_CHAR = r"[^\s!-,./:-@\[-^`{-~]"

# Every alternative starts with the character it escapes (the lookbehinds come
# after it), so the regex engine can skip straight to the candidates: two to five
# times faster on ordinary text than the same pattern led by lookbehinds.
_ESCAPE_RE = re.compile(
    r"[\\`*_\[\]<|~{}$^]"  # inline markup, HTML, tables, strikethrough, math, attributes
    r"|&(?=[#0-9A-Za-z])"  # entity and character references
    r"|#(?<![^ ]#)|#\Z"  # ATX heading markers and closing sequences
    r"|[-+=>:](?<![\s\S][-+=>:])"  # at the start: lists, breaks, setext, quotes, definitions
    # Bare URLs and e-mail addresses (www.x, example.be, jan@example.be, mailto:x,
    # https://x, //host), but not decimal numbers such as 2.5.
    rf"|\.(?<![0-9]\.)(?={_DOMAIN_CHAR})|\.(?=(?![0-9]){_DOMAIN_CHAR})|\.(?<=[Ww]{{3}}\.)"
    rf"|:(?<=[A-Za-z]:)(?={_DOMAIN_CHAR})|/(?=/)|@(?={_DOMAIN_CHAR})"
    r"|:(?<![0-9A-Za-z]:)(?=[0-9A-Za-z_+-]+:)"  # :emoji: shortcodes
)

# In headings these are written as character references instead: pymarkdownlnt's
# MD051 fails on a heading with two backslash escapes of them in a row.
_HEADING_REFERENCES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}

_ORDERED_MARKER_RE = re.compile(r"\A([0-9]+)([.)])(?!\S)")


def _lines(text: str) -> list[str]:
    """The user's text as normalised, visible lines, without blank ones."""
    lines = []
    for raw in _LINE_BREAKS_RE.split(text):
        line = show_invisible(raw)
        if "  " in line or "\t" in line:
            line = _SPACES_RE.sub(" ", line)
        line = line.strip(_EDGE_SPACE)
        if line:
            lines.append(line)
    return lines


def _escape_line(line: str, *, heading: bool = False) -> str:
    """One normalised line as literal Markdown, safe at the start of a line."""
    references = _HEADING_REFERENCES if heading else {}
    escaped = _ESCAPE_RE.sub(
        lambda match: references.get(match.group()) or "\\" + match.group(), line
    )
    return _ORDERED_MARKER_RE.sub(r"\1\\\2", escaped)


def escape(text: str) -> str:
    """`text` as literal inline Markdown on a single line.

    For use inside a paragraph, list item, heading or table cell (a ``|``
    is escaped too). The result is also safe at the start of a line. Line
    breaks in `text` show as :data:`LINE_BREAK`; empty or blank text gives
    ``""``. See the module docstring for the details.
    """
    return LINE_BREAK.join(_escape_line(line) for line in _lines(text))


def _escape_heading(text: str) -> str:
    lines = _lines(text) or [EMPTY]
    last = lines[-1]
    tail = ""
    if last[-1] in _HEADING_PUNCTUATION:
        # A character reference renders the same character, and markdownlint
        # MD026 accepts a heading that ends in one.
        tail = f"&#{ord(last[-1])};"
        lines[-1] = last[:-1]
    escaped = LINE_BREAK.join(_escape_line(line, heading=True) for line in lines)
    return escaped.rstrip() + tail


@dataclass
class _Block:
    """Lines of markdown that stay together (a list, or one block)."""

    kind: str
    """Either the kind of list ("bullet", "numbered") or "block" for anything else."""
    lines: list[str] = field(default_factory=list)


class Document:
    """A Markdown report built from blocks, all of whose text is escaped.

    Blocks are separated by exactly one blank line; consecutive :meth:`bullet`
    items form one list, and so do consecutive :meth:`numbered` items. The
    output has no trailing whitespace, no tabs and exactly one trailing
    newline, and passes markdownlint's default rules except MD013 (line
    length), provided the caller takes care of two rules:

    - MD041: the first block should be a level-1 heading;
    - MD024: no two headings should have the same text, so a title that
      might repeat (two phases with the same name) needs telling apart.

    Heading levels are checked here (MD001, MD025): :meth:`heading` raises
    :class:`ValueError` on a level-1 heading after the first, or on a level
    more than one deeper than the heading before it.
    """

    def __init__(self) -> None:
        self._blocks: list[_Block] = []
        self._heading_level = 0
        self._has_title = False

    def heading(self, level: int, text: str) -> None:
        """Add an ATX heading of `level` (1-6) with `text` on one line.

        Line breaks show as :data:`LINE_BREAK`. A trailing ``.,;:!`` (or its
        full-width form) is written as a character reference such as ``&#58;``,
        which renders the same and keeps markdownlint MD026 quiet; so are
        ``<``, ``>`` and ``&`` where they need escaping (``&lt;``), as
        pymarkdownlnt's MD051 fails on some of their backslash escapes.
        """
        if not 1 <= level <= 6:
            raise ValueError(f"heading level must be 1-6, not {level}")
        if level == 1 and self._has_title:
            raise ValueError("a report has one level-1 heading (markdownlint MD025)")
        if self._heading_level and level > self._heading_level + 1:
            raise ValueError(
                f"heading level {level} after level {self._heading_level} skips a level"
                " (markdownlint MD001)"
            )
        self._heading_level = level
        self._has_title = self._has_title or level == 1
        self._add_block(f"{'#' * level} {_escape_heading(text)}")

    def paragraph(self, text: str) -> None:
        """Add a paragraph; each line of `text` keeps its own line via hard breaks."""
        self._add_block("\\\n".join(_escaped_lines(text)))

    def bullet(self, text: str, *, label: str | None = None) -> None:
        """Add a ``-`` list item, as ``- **Label:** text`` when `label` is given.

        `label` is given without its colon. Each line of `text` stays in the
        same item, on a continuation line after a hard break.
        """
        self._add_item("bullet", "- ", text, label)

    def numbered(self, text: str, *, label: str | None = None) -> None:
        """Add an item to a numbered list (1., 2., ...), otherwise as :meth:`bullet`."""
        number = len(self._blocks[-1].lines) + 1 if self._in_list("numbered") else 1
        self._add_item("numbered", f"{number}. ", text, label)

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        """Add a table; every row must have as many cells as `headers`.

        Cells are escaped, ``|`` included; line breaks in a cell show as
        :data:`LINE_BREAK`, and an empty cell stays empty.
        """
        if not headers:
            raise ValueError("a table needs at least one column")
        for row in rows:
            if len(row) != len(headers):
                raise ValueError(f"row has {len(row)} cells for {len(headers)} columns: {row!r}")
        lines = [_table_row(headers), _table_row_raw(["---"] * len(headers))]
        lines.extend(_table_row(row) for row in rows)
        self._add_block("\n".join(lines))

    def rule(self) -> None:
        """Add a thematic break (``---``)."""
        self._add_block("---")

    def render(self) -> str:
        """The report as Markdown text, ending in one newline ("" when it is empty)."""
        if not self._blocks:
            return ""
        return "\n\n".join("\n".join(block.lines) for block in self._blocks) + "\n"

    def _in_list(self, kind: str) -> bool:
        return bool(self._blocks) and self._blocks[-1].kind == kind

    def _add_block(self, markdown: str) -> None:
        self._blocks.append(_Block("block", [markdown]))

    def _add_item(self, kind: str, marker: str, text: str, label: str | None) -> None:
        lines = _escaped_lines(text)
        if label is not None:
            lines[0] = f"**{escape(label) or EMPTY}:** {lines[0]}"
        indent = " " * len(marker)
        item = marker + f"\\\n{indent}".join(lines)
        if not self._in_list(kind):
            self._blocks.append(_Block(kind))
        self._blocks[-1].lines.append(item)


def _escaped_lines(text: str) -> list[str]:
    return [_escape_line(line) for line in _lines(text)] or [EMPTY]


def _table_row(cells: list[str]) -> str:
    return _table_row_raw([escape(cell) for cell in cells])


def _table_row_raw(cells: list[str]) -> str:
    # One space on each side of every pipe, also around an empty cell ("| |"):
    # markdownlint MD060's "compact" style.
    return "|" + "".join(f" {cell} |" if cell else " |" for cell in cells)

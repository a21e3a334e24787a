"""Does an attendance statement still say what the store says?

A statement carries a reference line (`sessie-tui-attest/1 session=ID member=ID
lang=nl`) naming what it is about. To verify it, the facts are derived from the store
again, rendered in the statement's own format and language, and compared:

- the fingerprint written in the statement against the SHA-256 of the facts now;
- what a reader sees, block by block and cell by cell (a Markdown file is rendered to
  HTML first, so both formats are compared as the same visible items), so a changed
  date, duration or name is named with its row and column;
- finally the file itself: a statement is exactly what sessie-tui wrote (line endings
  and trailing blank lines aside), so a change to its layout is not passed either.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import field
from html.parser import HTMLParser
from pathlib import Path

from .. import i18n
from ..domain.record import record
from ..errors import UserFacingError
from .attest import NOBODY, VERSION, AttestRefused, Scope, Statement
from .attest_render import render
from .common import Translator
from .html import markdown_to_html

MAX_BYTES = 1_000_000
"""A statement is a few kilobytes; anything much larger is not one."""
SHOWN = 80
"""How much of a differing text a message quotes."""
MAX_DIFFERENCES = 20

_REFERENCE = re.compile(
    r"sessie-tui-attest/(?P<version>\d+) (?P<kind>session|network)=(?P<id>[A-Za-z0-9_-]{1,64})"
    r" member=(?P<person>\S+) lang=(?P<lang>\S+)"
)
_FINGERPRINT = re.compile(r"SHA-256: ([0-9a-f]{64})\Z")


class NotAStatement(UserFacingError):
    """The file is no attendance statement sessie-tui can read."""


@record
class Item:
    """One visible piece of a statement: a heading, a paragraph, a list item or a cell."""

    text: str
    where: str = ""
    """For a table cell: its row's first cell and its column's heading."""


class _Items(HTMLParser):
    BLOCKS = frozenset({"title", "h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "th", "td"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[Item] = []
        self._open: list[tuple[str, list[str]]] = []
        self._row: list[tuple[str, str]] = []
        self._headers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._open.append((tag, []))
        elif tag == "tr":
            self._row = []
        elif tag == "table":
            self._headers = []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS and self._open and self._open[-1][0] == tag:
            _, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if tag in ("th", "td"):
                self._row.append((tag, text))
            elif text:
                self.items.append(Item(text))
        elif tag == "tr":
            self._end_row()

    def _end_row(self) -> None:
        if self._row and all(tag == "th" for tag, _ in self._row):
            self._headers = [text for _, text in self._row]
            self.items.extend(Item(text, "⋯") for text in self._headers)
            return
        label = self._row[0][1] if self._row else ""
        for index, (_, text) in enumerate(self._row):
            column = self._headers[index] if index < len(self._headers) else str(index + 1)
            self.items.append(Item(text, f"{label} · {column}"))


def visible_items(text: str, form: str) -> list[Item]:
    parser = _Items()
    parser.feed(text if form == "html" else markdown_to_html(text))
    parser.close()
    return parser.items


@record
class Read:
    """A statement file as read: its text, its format, what it is about, its fingerprint."""

    text: str
    form: str
    scope: Scope
    fingerprint: str
    items: list[Item] = field(default_factory=list)


def read_statement(path: Path) -> Read:
    """The statement in `path`; `NotAStatement` when it is none (or cannot be read)."""
    try:
        if not path.exists():
            raise NotAStatement("archive.missing", path=str(path))
        if not path.is_file():
            raise NotAStatement("attest.not_a_file", path=str(path))
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise NotAStatement(
            "attest.unreadable", path=str(path), reason=error.strerror or ""
        ) from None
    if len(data) > MAX_BYTES:
        raise NotAStatement("attest.not_statement", path=str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotAStatement("attest.not_statement", path=str(path)) from None
    head = text.lstrip()[:15].casefold()
    form = "html" if head.startswith(("<!doctype html", "<html")) else "md"
    items = visible_items(text, form)
    references = [
        found for item in items if (found := _REFERENCE.fullmatch(item.text.split(": ", 1)[-1]))
    ]
    prints = [found.group(1) for item in items if (found := _FINGERPRINT.search(item.text))]
    if len(references) != 1 or len(prints) != 1:
        raise NotAStatement("attest.not_statement", path=str(path))
    reference = references[0]
    if int(reference["version"]) != VERSION or reference["lang"] not in i18n.LANGUAGES:
        raise NotAStatement("attest.other_version", path=str(path))
    person = None if reference["person"] == NOBODY else reference["person"]
    scope = Scope(reference["kind"], reference["id"], person, reference["lang"])
    return Read(text, form, scope, prints[0], items)


@record
class Verdict:
    """Whether a statement matches the store, and where it differs."""

    matches: bool
    differences: list[str]
    fingerprint: str


def _quote(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def verify(read: Read, derive: Callable[[Scope], Statement], tr: Translator) -> Verdict:
    """Compare the statement `read` with the facts `derive` finds in the store now."""
    try:
        expected = derive(read.scope)
    except AttestRefused as refused:
        return Verdict(False, [refused.message(i18n.language())], read.fingerprint)
    fingerprint = expected.fingerprint()
    differences: list[str] = []
    if read.fingerprint != fingerprint:
        differences.append(tr("attest.diff.fingerprint", found=read.fingerprint, store=fingerprint))
    wanted = render(expected, read.form)
    differences += _item_differences(read.items, visible_items(wanted, read.form), fingerprint, tr)
    if not differences and _normalised(read.text) != _normalised(wanted):
        differences.append(tr("attest.diff.layout"))
    return Verdict(not differences, differences[:MAX_DIFFERENCES], fingerprint)


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").rstrip()


def _item_differences(
    found: list[Item], wanted: list[Item], fingerprint: str, tr: Translator
) -> list[str]:
    said: list[str] = []
    matcher = difflib.SequenceMatcher(a=found, b=wanted, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = list(zip(found[a1:a2], wanted[b1:b2], strict=False))
        for mine, theirs in pairs:
            if mine.text == theirs.text or fingerprint in theirs.text:
                continue  # the same (in a row whose label changed), or said above in full
            where = theirs.where or tr("attest.diff.text")
            said.append(
                tr(
                    "attest.diff.changed",
                    where=where,
                    found=_quote(mine.text),
                    store=_quote(theirs.text),
                )
            )
        for extra in found[a1 + len(pairs) : a2]:
            said.append(tr("attest.diff.only_in_file", text=_quote(extra.text)))
        for missing in wanted[b1 + len(pairs) : b2]:
            said.append(tr("attest.diff.only_in_store", text=_quote(missing.text)))
    return said

"""Finding people's names in free text, to mask them or to remove them."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from .record import record

MIN_FIRST_NAME = 3
"""Shorter first names are left alone: too likely to be an ordinary word."""


def name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """Every full name and first name, longest first, as whole words; None if no names."""
    words = set()
    for name in names:
        name = " ".join(name.split())
        if name:
            words.add(name)
            first = name.split()[0]
            if len(first) >= MIN_FIRST_NAME:
                words.add(first)
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def replace_names(text: str, pattern: re.Pattern[str] | None, replacement: str) -> str:
    return pattern.sub(replacement, text) if pattern else text


# -- finding a person, whatever the spelling ----------------------------------------------
#
# A name is written in many ways: "Zoë", "ZOË", "zoe", "Zoe\u0308" (decomposed), with two
# spaces or a line break between its parts, "Broeck-Çelik" or "Broeck Çelik". To erase a
# person, each text is folded character by character (compatibility decomposition,
# combining marks and invisible format characters dropped, case folded, every run of
# blanks and dashes one separator) and searched on word boundaries; the positions found
# are mapped back onto the text as it was typed, so only the name is replaced.

_APOSTROPHES = frozenset("'’‘ʼ`´")
_DROPPED = frozenset({"Mn", "Me", "Cf"})
"""Combining marks (accents, also when typed decomposed) and format characters (soft
hyphen, zero-width space and joiners): they do not change which name is meant."""
_SEPARATOR = " "
_HYPHENS = re.compile(r"[-\u2010-\u2015]")


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isspace() or unicodedata.category(char) in ("Pd", "Zs"):
        return _SEPARATOR
    if char in _APOSTROPHES:
        return "'"
    # Case folding can bring a combining mark back ("İ" folds to "i" and a dot above).
    return _unmarked(_unmarked(char).casefold())


def _unmarked(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) not in _DROPPED)


class _FoldTable(dict[int, str]):
    """`_fold_char` as a table for `str.translate`, filled as characters are met: a
    store's worth of text is folded at the speed of a lookup per character."""

    LIMIT = 65_536
    """Characters remembered at most: a hostile text cannot make the table grow for ever."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < self.LIMIT:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def _fold_chars(text: str) -> str:
    return text.translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """`text` as names are compared: no case, no accents, one kind of separator."""
    return " ".join(_fold_chars(text).split())


@record
class PersonForms:
    """The ways one person is named: what will be erased, and what is kept back."""

    full: tuple[str, ...]
    """Every full name the person has had, folded."""
    short: tuple[str, ...]
    """First names and surnames nobody else has: erased alone too."""
    withheld: tuple[str, ...]
    """First names and surnames someone else also has, as typed: not erased alone."""


def _short_forms(name: str) -> list[tuple[str, str]]:
    """(folded, as typed) for a name's first name, its surname and each half of a
    double-barrelled surname ("Van den Broeck-Çelik": "Van den Broeck", "Çelik")."""
    parts = name.split()
    if len(parts) < 2:
        return []
    surname = " ".join(parts[1:])
    typed = [parts[0], surname]
    halves = [half.strip() for half in _HYPHENS.split(surname)]
    if len(halves) > 1:
        typed += halves
    return [(fold(form), form) for form in typed if len(fold(form)) >= MIN_FIRST_NAME]


def person_forms(names: Iterable[str], others: Iterable[str]) -> PersonForms:
    """How the person with `names` (now and before) may be written, given the names of
    everybody else: a first name or surname another person also has is not erased alone,
    or erasing one person would erase a piece of someone else."""
    names = [name for name in dict.fromkeys(" ".join(n.split()) for n in names) if fold(name)]
    full = tuple(dict.fromkeys(fold(name) for name in names))
    other_names = [fold(other) for other in others]
    other_names = [other for other in other_names if other and other not in full]
    short: dict[str, None] = {}
    withheld: dict[str, None] = {}
    for name in names:
        for folded, typed in _short_forms(name):
            if folded in full:
                continue
            pattern = _pattern([folded])
            if any(pattern.search(other) for other in other_names):
                withheld[typed] = None
            else:
                short[folded] = None
    return PersonForms(full, tuple(short), tuple(withheld))


def _pattern(folded_forms: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted(set(folded_forms), key=len, reverse=True)
    # Between the words of a name: any run of separators, however the text was folded.
    body = "|".join(r"[ ]+".join(map(re.escape, form.split())) for form in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


class PersonFinder:
    """Finds and replaces a person's every form in a text, leaving the rest as typed."""

    def __init__(self, forms: PersonForms) -> None:
        self.forms = forms
        wanted = [*forms.full, *forms.short]
        self._pattern = _pattern(wanted) if wanted else None

    def _folded(self, text: str) -> tuple[str, list[int]]:
        """The folded text (blanks not collapsed) and, for each of its characters, the
        index of the character of `text` it came from."""
        pieces: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(text):
            folded = _fold_char(char)
            pieces.append(folded)
            origin.extend([index] * len(folded))
        return "".join(pieces), origin

    def found(self, text: str) -> bool:
        return self._pattern is not None and self._pattern.search(_fold_chars(text)) is not None

    def replace(self, text: str, replacement: str) -> str:
        pattern = self._pattern
        if pattern is None or not self.found(text):  # most texts: no positions to map
            return text
        folded, origin = self._folded(text)
        spans = [(m.start(), m.end()) for m in pattern.finditer(folded)]
        if not spans:
            return text
        out: list[str] = []
        position = 0
        for start, end in spans:
            first = origin[start]
            last = origin[end - 1] + 1
            # A mark that folds to nothing after the name's last letter belongs to it.
            while last < len(text) and not _fold_char(text[last]):
                last += 1
            out.append(text[position:first])
            out.append(replacement)
            position = last
        out.append(text[position:])
        return "".join(out)

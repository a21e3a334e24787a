"""Reading a roster (the members of a learning network) from a CSV file.

A coordinator keeps the member list in a spreadsheet. On a Belgian Windows PC,
Excel saves "CSV (puntkommagescheiden)": `;` between fields, Windows-1252
text, CRLF line endings, a Dutch header row and empty columns padded out with
`;`. LibreOffice and Google Sheets save UTF-8 with `,`. `read_roster` takes
the file's bytes as they are and works out the rest:

- The text is UTF-8 (with or without a byte order mark) when it decodes as
  UTF-8, else Windows-1252. A file that mixes the two (rows added in another
  program) is read line by line. A UTF-16 file with a byte order mark
  (Excel's "Unicode-tekst") is read too.
- The delimiter is the one of `;`, `,` and tab that occurs most often outside
  quotes in the first line. `csv.Sniffer` misjudges short files, and a
  header line is the most regular line there is.
- A first line `sep=;` (a hint Excel reads and writes) names the delimiter.
- A header row is recognised by its column names, Dutch or English, in any
  case. Without one, the columns are name, organisation, function, contact.
  Lines above the header (a title Excel users put over the table) are left
  out.

Nothing is half-imported. `read_roster` changes nothing: it returns the rows
it could read and every problem it found, each with the line it is on, and
never raises on bad data. The caller imports the rows only when the result
is `ok` (no problems at all), so a file with one bad line adds nobody until
that line is fixed; a name already on the roster is a problem too, so
importing the corrected file again adds nobody twice. `rows` holds only the
lines without a problem, for a caller that lets the user knowingly import
just those.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .participants import MAX_NAME_LENGTH
from .record import record

MAX_FIELD_LENGTH = 500
"""Organisation, function and contact: a member's file refuses longer ones."""

DELIMITERS = (";", ",", "\t")
"""The candidates, in order of preference when they are equally likely."""

JOINER = " · "
"""Between the values of columns that mean the same thing (an e-mail and a phone)."""

HEADER_SEARCH = 5
"""How many non-blank lines at the top may hold the header (titles may come first)."""

_SNIFF_CHARS = 65_536
_SNIFF_LINES = 10
_SHOWN_NAME = 40
"""How much of a too long name a message shows."""

_LINE_BREAK = re.compile(r"\r\n?|\n")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SEP_LINE = re.compile(r"sep=([;,\t])[ ]*(?:\r\n?|\n|$)", re.IGNORECASE)
"""Excel's own hint, on the first line, of the delimiter the file uses."""
_TOKEN = re.compile(r'"|\r\n?|\n|[;,\t]| +|[^";,\t\r\n ]+')


class RosterProblemKey(StrEnum):
    """The catalog key of each problem; every one has a text in both languages."""

    EMPTY = "roster.empty"
    UNDECODABLE = "roster.undecodable"
    NO_ROWS = "roster.no_rows"
    NO_NAME_COLUMN = "roster.no_name_column"
    NO_NAME = "roster.no_name"
    NAME_TOO_LONG = "roster.name_too_long"
    FIELD_TOO_LONG = "roster.field_too_long"
    DUPLICATE = "roster.duplicate"
    ALREADY_MEMBER = "roster.already_member"
    TOO_MANY_FIELDS = "roster.too_many_fields"
    CONTROL_CHARACTER = "roster.control_character"
    UNCLOSED_QUOTE = "roster.unclosed_quote"
    UNREADABLE_LINE = "roster.unreadable_line"


@record
class RosterRow:
    """One member as the file gives them."""

    line: int
    """The line the record starts on (1-based, counting the header)."""
    name: str
    organisation: str = ""
    function: str = ""
    contact: str = ""


@record
class RosterProblem:
    """Something wrong on one line (or, at line 0, with the whole file)."""

    line: int
    key: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def message_params(self) -> dict[str, str]:
        """The params with the line added: `t(problem.key, **problem.message_params)`."""
        return {"line": str(self.line), **self.params}


@record
class RosterImport:
    """What a file holds: the good rows, and every problem that keeps it from import."""

    rows: tuple[RosterRow, ...]
    problems: tuple[RosterProblem, ...]
    encoding: str
    """"utf-8", "cp1252", "utf-8+cp1252" (line by line) or "utf-16"; empty if not text."""
    delimiter: str
    """";", "," or a tab; empty when there was nothing to read."""
    has_header: bool = False
    """Whether a header row named the columns (else: name, organisation, function, contact)."""
    ignored_columns: tuple[str, ...] = ()
    """Header cells of the columns not read (`Geboortedatum`), for the caller to mention."""

    @property
    def ok(self) -> bool:
        """No problems at all: only then may the rows be imported."""
        return not self.problems


class _Column(StrEnum):
    FULL_NAME = "full_name"
    NAME = "name"
    """`Naam` or `Name`: the full name, or the last name beside a first-name column."""
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    ORGANISATION = "organisation"
    FUNCTION = "function"
    CONTACT = "contact"
    EMAIL = "email"
    PHONE = "phone"


_NAME_COLUMNS = frozenset({_Column.FULL_NAME, _Column.NAME, _Column.FIRST_NAME, _Column.LAST_NAME})

_ALIASES: dict[_Column, tuple[str, ...]] = {
    _Column.FULL_NAME: (
        "volledige naam",
        "naam en voornaam",
        "naam + voornaam",
        "voornaam en naam",
        "voornaam + naam",
        "full name",
        "deelnemer",
        "participant",
        "member",
    ),
    _Column.NAME: ("naam", "name"),
    _Column.FIRST_NAME: ("voornaam", "first name", "given name", "forename"),
    _Column.LAST_NAME: ("achternaam", "familienaam", "last name", "surname", "family name"),
    _Column.ORGANISATION: (
        "organisatie",
        "organisation",
        "organization",
        "org",
        "bedrijf",
        "company",
        "school",
        "dienst",
        "afdeling",
        "department",
        "werkgever",
        "employer",
        "instelling",
        "voorziening",
    ),
    _Column.FUNCTION: (
        "functie",
        "function",
        "functietitel",
        "rol",
        "role",
        "job title",
        "job",
        "beroep",
        "position",
    ),
    _Column.CONTACT: ("contact", "contactgegevens", "contact details", "contact info"),
    _Column.EMAIL: (
        "e-mail",
        "e-mailadres",
        "mail",
        "mailadres",
        "email address",
        "e-mail address",
    ),
    _Column.PHONE: (
        "telefoon",
        "telefoonnummer",
        "tel",
        "tel.",
        "telnr",
        "gsm",
        "gsm-nummer",
        "gsmnr",
        "mobiel",
        "phone",
        "phone number",
        "telephone",
        "mobile",
    ),
}


def _header_word(cell: str) -> str:
    """A header cell reduced to letters and digits: `E-mail (werk) *` and `email` are alike."""
    bare = _BRACKETED.sub("", cell)
    return "".join(char for char in bare.casefold() if char.isalnum())


_HEADER_WORDS = {
    _header_word(alias): column for column, aliases in _ALIASES.items() for alias in aliases
}


def _problem(line: int, key: RosterProblemKey, **params: str) -> RosterProblem:
    return RosterProblem(line, key.value, params)


def _utf16_codecs(data: bytes) -> list[str]:
    """The UTF-16 codec `data` is in, if it looks so: by its byte order mark, or,
    without one, by NUL bytes in every other place (the high byte of Latin letters).
    Read as UTF-8 instead, each letter would come with a NUL."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16"]
    if len(data) < 2 or len(data) % 2 or b"\x00" not in data:
        return []
    low, high = data[1::2].count(0), data[0::2].count(0)
    if low * 2 > len(data) // 2 and high == 0:
        return ["utf-16-le"]
    if high * 2 > len(data) // 2 and low == 0:
        return ["utf-16-be"]
    return []


def _decode(data: bytes) -> tuple[str, str, list[RosterProblem]]:
    """The text and its encoding: UTF-8 first, then Windows-1252."""
    for codec in _utf16_codecs(data):
        try:
            return data.decode(codec), "utf-16", []
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: try the others
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    # Line by line: a file someone added to in another program mixes the two, and
    # either way of reading it whole garbles some names ("RenÃ©e"). A line that
    # holds letters beyond ASCII and still reads as UTF-8 is UTF-8.
    lines: list[str] = []
    mixed = False
    for raw in data.removeprefix(codecs.BOM_UTF8).splitlines(keepends=True):
        try:
            lines.append(raw.decode("utf-8"))
            mixed = mixed or not raw.isascii()
            continue
        except UnicodeDecodeError:
            pass
        try:
            lines.append(raw.decode("cp1252"))
        except UnicodeDecodeError as error:
            byte = f"0x{raw[error.start]:02X}"
            return "", "", [_problem(0, RosterProblemKey.UNDECODABLE, byte=byte)]
    return "".join(lines), "utf-8+cp1252" if mixed else "cp1252", []


def _scan(
    text: str, delimiters: Sequence[str], max_lines: int = 0
) -> tuple[list[dict[str, int]], bool]:
    """How often each delimiter occurs outside quotes, per non-blank line.

    Quotes are read as the csv module (not strict, initial spaces skipped)
    reads them: a quote opens a quoted field only at the start of a field.
    Also tells whether the text ends inside a quoted field.
    """
    start, in_field, in_quotes, quote_in_quotes = range(4)
    state = start
    lines: list[dict[str, int]] = []
    counts = dict.fromkeys(delimiters, 0)
    content = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if state == in_quotes:
            if token == '"':
                state = quote_in_quotes
            continue
        if state == quote_in_quotes:
            if token == '"':
                state = in_quotes
                continue
            state = in_field
        if token in counts:
            counts[token] += 1
            state = start
        elif token[0] in "\r\n":
            if content:
                lines.append(counts)
                if max_lines and len(lines) >= max_lines:
                    return lines, False
            counts = dict.fromkeys(delimiters, 0)
            content = False
            state = start
        elif token[0] == " ":
            pass  # spaces before a field keep it at its start
        else:
            content = True
            state = in_quotes if token == '"' and state == start else in_field
    if content:
        lines.append(counts)
    return lines, state == in_quotes


def _sniff(text: str) -> str:
    """The delimiter most used outside quotes on the first line (then on the next ones)."""
    lines, _ = _scan(text[:_SNIFF_CHARS], DELIMITERS, _SNIFF_LINES)
    if not lines:
        return DELIMITERS[0]
    totals = {char: sum(line[char] for line in lines) for char in DELIMITERS}
    best = max(DELIMITERS, key=lambda char: (lines[0][char], totals[char], -DELIMITERS.index(char)))
    return best if totals[best] else DELIMITERS[0]


def _is_blank(fields: Sequence[str]) -> bool:
    return not any(value.strip() for value in fields)


def _column_letter(index: int) -> str:
    """A column as a spreadsheet names it: A, B, ... Z, AA, AB, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@record
class _Layout:
    """What each column holds and how a message names it."""

    width: int
    columns: dict[int, _Column]
    labels: dict[int, str]
    ignored: tuple[str, ...] = ()

    def indexes(self, *kinds: _Column) -> list[int]:
        """The columns of these kinds, kind by kind, each in file order."""
        return [
            index
            for kind in kinds
            for index, column in sorted(self.columns.items())
            if column is kind
        ]


_NO_HEADER = _Layout(
    width=4,
    columns={
        0: _Column.FULL_NAME,
        1: _Column.ORGANISATION,
        2: _Column.FUNCTION,
        3: _Column.CONTACT,
    },
    labels={index: _column_letter(index) for index in range(4)},
)


def _header_layout(fields: Sequence[str]) -> _Layout | None:
    """The layout a header row describes, or None if the line is not a header.

    A header names a name column, or mostly names known columns; a cell with
    an `@` in it is an e-mail address, so that line is data.
    """
    cells = [value.strip() for value in fields]
    filled = [cell for cell in cells if cell]
    if not filled or any("@" in cell for cell in filled):
        return None
    columns = {
        index: _HEADER_WORDS[word]
        for index, cell in enumerate(cells)
        if (word := _header_word(cell)) in _HEADER_WORDS
    }
    names_a_name = any(column in _NAME_COLUMNS for column in columns.values())
    if not names_a_name and not (len(columns) >= 2 and 2 * len(columns) >= len(filled)):
        return None
    kinds = set(columns.values())
    # Flemish lists often have "Naam" (the family name) beside "Voornaam".
    plain_name = (
        _Column.LAST_NAME
        if _Column.FIRST_NAME in kinds and _Column.LAST_NAME not in kinds
        else _Column.FULL_NAME
    )
    columns = {
        index: plain_name if column is _Column.NAME else column for index, column in columns.items()
    }
    width = max(index for index, cell in enumerate(cells) if cell) + 1
    labels = {index: cells[index] or _column_letter(index) for index in columns}
    ignored = tuple(cell for index, cell in enumerate(cells) if cell and index not in columns)
    return _Layout(width, columns, labels, ignored)


def _hidden_character(value: str) -> str | None:
    """The first control or invisible format character in a field, as U+XXXX.

    Tab and line breaks belong in a cell; so do the soft hyphen and the zero
    width (non-)joiner that some names and emoji need.
    """
    if value.isprintable():
        return None
    for char in value:
        category = unicodedata.category(char)
        if char in "\t\n\r\u00ad\u200c\u200d":
            continue
        if category in ("Cc", "Cf", "Cs"):
            return f"U+{ord(char):04X}"
    return None


def _clean(value: str) -> str:
    """A field as stored: composed characters, one kind of line break, no outer spaces."""
    return _LINE_BREAK.sub("\n", unicodedata.normalize("NFC", value)).strip()


def _clean_name(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


def name_key(name: str) -> str:
    """What makes two names the same person: case and spacing do not count."""
    return _clean_name(name).casefold()


def _is_visible(text: str) -> bool:
    return any(unicodedata.category(char)[0] not in "CZ" for char in text)


@dataclass
class _Reader:
    """The state of one pass over the records of a file."""

    layout: _Layout
    delimiter: str
    existing: set[str]
    seen: dict[str, int] = field(default_factory=dict)
    rows: list[RosterRow] = field(default_factory=list)
    problems: list[RosterProblem] = field(default_factory=list)

    def joined(self, fields: Sequence[str], kinds: Sequence[_Column]) -> str:
        values: list[str] = []
        for index in self.layout.indexes(*kinds):
            value = _clean(fields[index]) if index < len(fields) else ""
            if value and value not in values:
                values.append(value)
        return JOINER.join(values)

    def name(self, fields: Sequence[str]) -> str:
        for index in self.layout.indexes(_Column.FULL_NAME):
            if index < len(fields) and (full := _clean_name(fields[index])):
                return full
        parts = (self.joined(fields, [kind]) for kind in (_Column.FIRST_NAME, _Column.LAST_NAME))
        return _clean_name(" ".join(parts))

    def read(self, line: int, fields: list[str]) -> None:
        problems: list[RosterProblem] = []
        last_filled = max(index for index, value in enumerate(fields) if value.strip())
        if last_filled >= self.layout.width:
            shown = "Tab" if self.delimiter == "\t" else self.delimiter
            problems.append(
                _problem(
                    line,
                    RosterProblemKey.TOO_MANY_FIELDS,
                    found=str(last_filled + 1),
                    expected=str(self.layout.width),
                    delimiter=shown,
                )
            )
        for index in sorted(self.layout.columns):
            if index < len(fields) and (char := _hidden_character(fields[index])):
                label = self.layout.labels[index]
                problems.append(
                    _problem(line, RosterProblemKey.CONTROL_CHARACTER, column=label, char=char)
                )
        name = self.name(fields)
        organisation = self.joined(fields, [_Column.ORGANISATION])
        function = self.joined(fields, [_Column.FUNCTION])
        contact = self.joined(fields, [_Column.CONTACT, _Column.EMAIL, _Column.PHONE])
        for kind, value in (
            (_Column.ORGANISATION, organisation),
            (_Column.FUNCTION, function),
            (_Column.CONTACT, contact),
        ):
            if len(value) > MAX_FIELD_LENGTH:
                kinds = (_Column.CONTACT, _Column.EMAIL, _Column.PHONE)
                indexes = self.layout.indexes(*(kinds if kind is _Column.CONTACT else (kind,)))
                column = " + ".join(self.layout.labels[index] for index in indexes)
                problems.append(
                    _problem(
                        line,
                        RosterProblemKey.FIELD_TOO_LONG,
                        column=column,
                        length=str(len(value)),
                        limit=str(MAX_FIELD_LENGTH),
                    )
                )
        if not _is_visible(name):
            problems.append(_problem(line, RosterProblemKey.NO_NAME))
        else:
            problems.extend(self.check_name(line, name))
        if problems:
            self.problems.extend(problems)
        else:
            self.rows.append(RosterRow(line, name, organisation, function, contact))

    def check_name(self, line: int, name: str) -> list[RosterProblem]:
        problems = []
        if len(name) > MAX_NAME_LENGTH:
            shown = name[:_SHOWN_NAME] + "…"
            problems.append(
                _problem(
                    line,
                    RosterProblemKey.NAME_TOO_LONG,
                    name=shown,
                    length=str(len(name)),
                    limit=str(MAX_NAME_LENGTH),
                )
            )
        else:
            shown = name
        key = name_key(name)
        if key in self.existing:
            problems.append(_problem(line, RosterProblemKey.ALREADY_MEMBER, name=shown))
        elif key in self.seen:
            first = str(self.seen[key])
            problems.append(
                _problem(line, RosterProblemKey.DUPLICATE, name=shown, first_line=first)
            )
        self.seen.setdefault(key, line)
        return problems


def _over_the_limit(line: int, record: str, delimiter: str) -> RosterProblem:
    """The longest value of a record csv refused as too long, by column and length."""
    cells = record.split(delimiter)
    index = max(range(len(cells)), key=lambda at: len(cells[at]))
    return _problem(
        line,
        RosterProblemKey.FIELD_TOO_LONG,
        column=_column_letter(index),
        length=str(len(cells[index].strip().strip('"'))),
        limit=str(MAX_FIELD_LENGTH),
    )


def _records(text: str, delimiter: str) -> tuple[list[tuple[int, list[str]]], list[RosterProblem]]:
    """The non-blank records, each with the line it starts on, and the lines csv refused."""
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        quotechar='"',
        doublequote=True,
        skipinitialspace=True,
        strict=False,
    )
    records: list[tuple[int, list[str]]] = []
    problems: list[RosterProblem] = []
    lines: list[str] | None = None  # the physical lines, read only for a refused record
    last_start = 0
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if "field limit" not in str(error):
                problems.append(_problem(start, RosterProblemKey.UNREADABLE_LINE))
                continue
            if lines is None:
                lines = io.StringIO(text, newline="").readlines()
            record = "".join(lines[start - 1 : reader.line_num])
            rest = "".join(lines[start - 1 :])
            if _scan(record, (delimiter,))[1] and _scan(rest, (delimiter,))[1]:
                # Only a quote left open swallows that much of a roster; the rest is lost.
                problems.append(_problem(start, RosterProblemKey.UNCLOSED_QUOTE))
                return records, problems
            # A value longer than csv reads (131,072 characters): named as too long.
            problems.append(_over_the_limit(start, record, delimiter))
            continue
        last_start = start
        if not _is_blank(fields):
            records.append((start, fields))
    if _scan(text, (delimiter,))[1]:
        # The last record took the rest of the file into one field: it is not what was meant.
        if records and records[-1][0] == last_start:
            records.pop()
        problems.append(_problem(last_start, RosterProblemKey.UNCLOSED_QUOTE))
    return records, problems


def _find_header(records: Sequence[tuple[int, list[str]]]) -> tuple[_Layout, int]:
    """The layout and the position of the header row; (_NO_HEADER, -1) without one.

    Only lines with at most one value (a title) may come before the header:
    a line with more is a member, and then there is no header.
    """
    for position, (_, fields) in enumerate(records[:HEADER_SEARCH]):
        found = _header_layout(fields)
        if found is not None:
            return found, position
        if sum(1 for value in fields if value.strip()) > 1:
            break
    return _NO_HEADER, -1


def read_roster(data: bytes, existing_names: Iterable[str] = ()) -> RosterImport:
    """The members a CSV file holds, and every problem that keeps it from import.

    `existing_names` is the roster being imported into: a name already on it
    is a problem, as is a name that occurs twice in the file.
    """
    text, encoding, problems = _decode(data)
    if not encoding:
        return RosterImport((), tuple(problems), encoding, "")
    if not text.strip():
        return RosterImport((), (_problem(0, RosterProblemKey.EMPTY),), encoding, "")
    declared = _SEP_LINE.match(text)
    delimiter = declared.group(1) if declared else _sniff(text)
    records, refused = _records(text, delimiter)
    problems.extend(refused)
    if declared and records and records[0][0] == 1:
        records.pop(0)

    layout, header_at = _find_header(records)
    has_header = header_at >= 0
    if has_header and not any(column in _NAME_COLUMNS for column in layout.columns.values()):
        header_line = records[header_at][0]
        problems.append(_problem(header_line, RosterProblemKey.NO_NAME_COLUMN))
        return _result((), problems, encoding, delimiter, layout)

    reader = _Reader(layout, delimiter, {name_key(name) for name in existing_names})
    for line, fields in records[header_at + 1 :]:
        reader.read(line, fields)
    problems.extend(reader.problems)
    if not reader.rows and not problems:
        problems.append(_problem(0, RosterProblemKey.NO_ROWS))
    return _result(reader.rows, problems, encoding, delimiter, layout)


def _result(
    rows: Sequence[RosterRow],
    problems: Sequence[RosterProblem],
    encoding: str,
    delimiter: str,
    layout: _Layout,
) -> RosterImport:
    ordered = sorted(problems, key=lambda problem: problem.line)
    has_header = layout is not _NO_HEADER
    return RosterImport(
        tuple(rows), tuple(ordered), encoding, delimiter, has_header, layout.ignored
    )

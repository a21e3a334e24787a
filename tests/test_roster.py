"""Reading a member list from the CSV files spreadsheets really make.

The bytes are built here, as Excel on a Belgian PC (`;`, Windows-1252, CRLF)
and LibreOffice or Google Sheets (`,`, UTF-8) write them. Every bad line is
reported with its line number; the good rows are still returned, and `ok`
tells the caller whether it may import them.
"""

from __future__ import annotations

import ast
import csv
import io
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sessie_tui.domain.roster import (
    MAX_FIELD_LENGTH,
    RosterProblem,
    RosterProblemKey,
    RosterRow,
    read_roster,
)

Key = RosterProblemKey

HEADER = "Naam;Organisatie;Functie;E-mail"

MODULE = Path(__file__).resolve().parent.parent / "sessie_tui" / "domain" / "roster.py"


def excel(*lines: str) -> bytes:
    """A file as Excel (nl-BE) saves "CSV (puntkommagescheiden)": cp1252 and CRLF."""
    return "".join(f"{line}\r\n" for line in lines).encode("cp1252")


def utf8(*lines: str, bom: bool = False) -> bytes:
    """A file as LibreOffice or Google Sheets saves it: UTF-8 and LF."""
    return ("\ufeff" if bom else "").encode() + "".join(f"{line}\n" for line in lines).encode()


def rows_of(data: bytes) -> list[tuple[int, str, str, str, str]]:
    result = read_roster(data)
    assert result.problems == (), result.problems
    return [(r.line, r.name, r.organisation, r.function, r.contact) for r in result.rows]


def problems_of(data: bytes, existing: tuple[str, ...] = ()) -> list[tuple[int, str]]:
    return [(p.line, p.key) for p in read_roster(data, existing).problems]


# -- reading good files ------------------------------------------------------------------


GOOD_FILES = [
    # A file in plain ASCII is UTF-8 too, whichever program wrote it.
    pytest.param(
        excel(
            "Naam;Organisatie;Functie;E-mail",
            "Hélène Dubois;Crèche Zoë;Coördinator;helene@zoe.be",
            "François Çelik;Stad Gent;Budget € 500;",
        ),
        "cp1252",
        ";",
        [
            (2, "Hélène Dubois", "Crèche Zoë", "Coördinator", "helene@zoe.be"),
            (3, "François Çelik", "Stad Gent", "Budget € 500", ""),
        ],
        id="excel-cp1252-accents-euro",
    ),
    pytest.param(
        utf8(
            "Naam,Organisatie,Functie,E-mail",
            "Zoë Peeters,CLB Gent,psycholoog,zoe@clb.be",
            bom=True,
        ),
        "utf-8",
        ",",
        [(2, "Zoë Peeters", "CLB Gent", "psycholoog", "zoe@clb.be")],
        id="utf8-bom-comma",
    ),
    pytest.param(
        utf8("Naam;Organisatie", "Zoë Peeters;CLB Gent"),
        "utf-8",
        ";",
        [(2, "Zoë Peeters", "CLB Gent", "", "")],
        id="utf8-no-bom-semicolon",
    ),
    pytest.param(
        excel(
            "Naam;Organisatie;Functie;E-mail",
            '"Peeters; An";"CLB Gent; afdeling ""Noord""";leerkracht;an@clb.be',
            '"Bart',
            ' De Smet";"Scholengroep',
            'Gent";directeur;bart@sg.be',
            "Sofie Claes;VGC;;",
        ),
        "utf-8",  # plain ASCII
        ";",
        [
            (2, "Peeters; An", 'CLB Gent; afdeling "Noord"', "leerkracht", "an@clb.be"),
            (3, "Bart De Smet", "Scholengroep\nGent", "directeur", "bart@sg.be"),
            (6, "Sofie Claes", "VGC", "", ""),
        ],
        id="quoted-delimiters-quotes-and-line-breaks",
    ),
    pytest.param(
        excel(
            "Voornaam;Achternaam;Organisatie;Functie;E-mail",
            "An;Peeters;CLB Gent;leerkracht;an@clb.be",
            "Bart;;Stad Gent;;",
            ";Claes;;;",
        ),
        "utf-8",  # plain ASCII
        ";",
        [
            (2, "An Peeters", "CLB Gent", "leerkracht", "an@clb.be"),
            (3, "Bart", "Stad Gent", "", ""),
            (4, "Claes", "", "", ""),
        ],
        id="voornaam-achternaam-split",
    ),
    pytest.param(
        excel("Familienaam;Voornaam;School", "Van den Broeck;Jan;Sint-Lucas"),
        "utf-8",  # plain ASCII
        ";",
        [(2, "Jan Van den Broeck", "Sint-Lucas", "", "")],
        id="familienaam-before-voornaam",
    ),
    pytest.param(
        excel("Naam;Voornaam;Dienst", "Peeters;An;Onthaal"),
        "utf-8",  # plain ASCII
        ";",
        [(2, "An Peeters", "Onthaal", "", "")],
        id="naam-beside-voornaam-is-the-family-name",
    ),
    pytest.param(
        utf8(
            "FIRST NAME,Last Name,Organization,Job Title,Email,Phone",
            "An,Peeters,CLB Gent,teacher,an@clb.be,+32 470 12 34 56",
            "Bart,De Smet,,,,09 123 45 67",
        ),
        "utf-8",
        ",",
        [
            (2, "An Peeters", "CLB Gent", "teacher", "an@clb.be · +32 470 12 34 56"),
            (3, "Bart De Smet", "", "", "09 123 45 67"),
        ],
        id="english-headers-mail-and-phone-joined",
    ),
    pytest.param(
        excel(
            "volledige naam;ROL;Telefoon;GSM;e-mailadres",
            "An Peeters;voorzitter;09 1;0470 1;a@b.be",
        ),
        "utf-8",  # plain ASCII
        ";",
        [(2, "An Peeters", "", "voorzitter", "a@b.be · 09 1 · 0470 1")],
        id="mail-first-then-every-phone",
    ),
    pytest.param(
        excel("An Peeters;CLB Gent;leerkracht;an@clb.be", "Bart De Smet;Stad Gent", "Sofie Claes"),
        "utf-8",  # plain ASCII
        ";",
        [
            (1, "An Peeters", "CLB Gent", "leerkracht", "an@clb.be"),
            (2, "Bart De Smet", "Stad Gent", "", ""),
            (3, "Sofie Claes", "", "", ""),
        ],
        id="no-header-name-organisation-function-contact",
    ),
    pytest.param(
        excel("Naam;Organisatie;;;", "An Peeters;CLB Gent;;;", "Bart De Smet;;;;"),
        "utf-8",  # plain ASCII
        ";",
        [(2, "An Peeters", "CLB Gent", "", ""), (3, "Bart De Smet", "", "", "")],
        id="trailing-empty-columns",
    ),
    pytest.param(
        excel("", "Naam;Organisatie", "", ";;", "An Peeters;CLB Gent", " ; ", "", "Bart De Smet;"),
        "utf-8",  # plain ASCII
        ";",
        [(5, "An Peeters", "CLB Gent", "", ""), (8, "Bart De Smet", "", "", "")],
        id="blank-and-delimiter-only-lines-skipped",
    ),
    pytest.param(
        excel("Ledenlijst lerend netwerk 2025;;;", ";;;", "Naam;Organisatie;;", "An Peeters;CLB;;"),
        "utf-8",  # plain ASCII
        ";",
        [(4, "An Peeters", "CLB", "", "")],
        id="title-above-the-header",
    ),
    pytest.param(
        excel("sep=;", "Naam;Organisatie", "Peeters, An;CLB, Gent"),
        "utf-8",  # plain ASCII
        ";",
        [(3, "Peeters, An", "CLB, Gent", "", "")],
        id="excel-sep-line",
    ),
    pytest.param(
        excel("Naam;Organisatie", "Peeters, An;CLB Gent, Noord"),
        "utf-8",  # plain ASCII
        ";",
        [(2, "Peeters, An", "CLB Gent, Noord", "", "")],
        id="commas-inside-a-semicolon-file",
    ),
    pytest.param(
        utf8("Name,Organisation", '"Peeters; An","CLB; Gent"', '"De Smet, Bart",Stad'),
        "utf-8",
        ",",
        [(2, "Peeters; An", "CLB; Gent", "", ""), (3, "De Smet, Bart", "Stad", "", "")],
        id="quoted-semicolons-inside-a-comma-file",
    ),
    pytest.param(
        utf8("Naam\tOrganisatie", "An Peeters\tCLB Gent"),
        "utf-8",
        "\t",
        [(2, "An Peeters", "CLB Gent", "", "")],
        id="tab-separated",
    ),
    pytest.param(
        excel("Naam;Organisatie", "  An \t  Peeters\xa0 ;  CLB Gent  "),
        "cp1252",
        ";",
        [(2, "An Peeters", "CLB Gent", "", "")],
        id="whitespace-stripped-and-collapsed-in-names",
    ),
    pytest.param(
        excel("Naam", "An Peeters", "Bart De Smet"),
        "utf-8",  # plain ASCII
        ";",
        [(2, "An Peeters", "", "", ""), (3, "Bart De Smet", "", "", "")],
        id="a-single-column",
    ),
    pytest.param(
        "Naam;Organisatie\r\nZoë Peeters;CLB\r\n".encode("utf-16"),
        "utf-16",
        ";",
        [(2, "Zoë Peeters", "CLB", "", "")],
        id="utf16-with-bom",
    ),
    pytest.param(
        excel("Naam;Organisatie", "René Claes;Stad") + "Zoë Peeters;CLB\r\n".encode(),
        "utf-8+cp1252",
        ";",
        [(2, "René Claes", "Stad", "", ""), (3, "Zoë Peeters", "CLB", "", "")],
        id="utf8-rows-added-to-a-cp1252-file",
    ),
    pytest.param(
        utf8("Naam;Organisatie", "Zoe\u0308 Peeters;CLB"),
        "utf-8",
        ";",
        [(2, "Zoë Peeters", "CLB", "", "")],
        id="decomposed-letters-composed",
    ),
    pytest.param(
        b"Naam;Organisatie\rAn Peeters;CLB\rBart;Stad",
        "utf-8",
        ";",
        [(2, "An Peeters", "CLB", "", ""), (3, "Bart", "Stad", "", "")],
        id="old-mac-line-endings-no-final-newline",
    ),
]


@pytest.mark.parametrize(("data", "encoding", "delimiter", "expected"), GOOD_FILES)
def test_good_files(data: bytes, encoding: str, delimiter: str, expected: list[tuple]) -> None:
    result = read_roster(data)
    assert result.problems == ()
    assert result.ok
    assert (result.encoding, result.delimiter) == (encoding, delimiter)
    assert [(r.line, r.name, r.organisation, r.function, r.contact) for r in result.rows] == (
        expected
    )


@pytest.mark.parametrize(
    ("data", "has_header"),
    [
        (excel("Naam;Organisatie", "An;CLB"), True),
        (excel("An Peeters;School;leerkracht"), False),  # "School" alone is a value
        (excel("Organisatie;E-mail", "CLB;a@b.be"), True),
        (excel("Naam;E-mail", "An;a@b.be"), True),
        (excel("Piet;Gent", "An;Dienst;Rol"), False),  # no title lines above a member
    ],
)
def test_a_header_is_recognised_by_its_column_names(data: bytes, has_header: bool) -> None:
    assert read_roster(data).has_header is has_header


def test_columns_that_are_not_read_are_named() -> None:
    data = excel(
        "Naam;Geboortedatum;E-mail (werk);Telefoon [gsm];Opmerking;;", "An;1/2/1990;a@b.be;0470;x"
    )
    result = read_roster(data)
    assert result.ok
    assert result.rows[0].contact == "a@b.be · 0470"
    assert result.ignored_columns == ("Geboortedatum", "Opmerking")


def test_a_quote_left_open_in_a_long_file_stops_the_reading_there() -> None:
    # The open quote takes in more than a field may hold; what follows is not trusted.
    rest = "".join(f"Lid {number};CLB;;\r\n" for number in range(10_000))
    data = excel(HEADER, "An Peeters;CLB;;", 'Bart;"Stad;;') + rest.encode()
    result = read_roster(data)
    assert [(p.line, p.key) for p in result.problems] == [(3, Key.UNCLOSED_QUOTE)]
    assert [row.name for row in result.rows] == ["An Peeters"]


def test_rows_above_a_header_that_comes_too_late_are_members() -> None:
    # Two rows with several values, then what looks like a header: no header at all.
    data = excel("Piet;Gent", "An;CLB", "Dienst;Rol")
    assert [row.name for row in read_roster(data).rows] == ["Piet", "An", "Dienst"]


# -- reporting bad files -----------------------------------------------------------------


BAD_FILES = [
    pytest.param(b"", (), [(0, Key.EMPTY, {})], id="empty-file"),
    pytest.param(b"\xef\xbb\xbf \r\n\r\n", (), [(0, Key.EMPTY, {})], id="only-bom-and-blank"),
    pytest.param(
        b"Naam;Organisatie\r\nAn\x81;CLB\r\n",
        (),
        [(0, Key.UNDECODABLE, {"byte": "0x81"})],
        id="not-even-cp1252",
    ),
    pytest.param(excel(HEADER), (), [(0, Key.NO_ROWS, {})], id="header-only"),
    pytest.param(excel(";;;", "", ";;"), (), [(0, Key.NO_ROWS, {})], id="delimiters-only"),
    pytest.param(
        excel("Wie;School;Functie", "An;CLB;leerkracht"),
        (),
        [(1, Key.NO_NAME_COLUMN, {})],
        id="header-without-a-name-column",
    ),
    pytest.param(
        excel(HEADER, ";CLB Gent;leerkracht;an@clb.be"),
        (),
        [(2, Key.NO_NAME, {})],
        id="no-name",
    ),
    pytest.param(
        utf8(HEADER, "\u200b;CLB Gent;;"),
        (),
        [
            (2, Key.CONTROL_CHARACTER, {"column": "Naam", "char": "U+200B"}),
            (2, Key.NO_NAME, {}),
        ],
        id="an-invisible-name-is-no-name",
    ),
    pytest.param(
        excel(HEADER, "A" * 201 + ";CLB;;"),
        (),
        [(2, Key.NAME_TOO_LONG, {"name": "A" * 40 + "…", "length": "201", "limit": "200"})],
        id="name-too-long",
    ),
    pytest.param(
        excel(HEADER, "An Peeters;CLB;;", "Bart;;;", "an  PEETERS;Stad;;"),
        (),
        [(4, Key.DUPLICATE, {"name": "an PEETERS", "first_line": "2"})],
        id="duplicate-case-and-spacing-do-not-count",
    ),
    pytest.param(
        excel(HEADER, "An Peeters;CLB;;", "Bart De Smet;;;"),
        ("an peeters", "Sofie"),
        [(2, Key.ALREADY_MEMBER, {"name": "An Peeters"})],
        id="already-on-the-roster",
    ),
    pytest.param(
        excel(HEADER, "Peeters; An;CLB;leerkracht;an@clb.be"),
        (),
        [(2, Key.TOO_MANY_FIELDS, {"found": "5", "expected": "4", "delimiter": ";"})],
        id="unquoted-delimiter",
    ),
    pytest.param(
        excel("Peeters; An;CLB;leerkracht;an@clb.be"),
        (),
        [(1, Key.TOO_MANY_FIELDS, {"found": "5", "expected": "4", "delimiter": ";"})],
        id="unquoted-delimiter-without-header",
    ),
    pytest.param(
        utf8("Name\tOrganisation", "An\tCLB\tGent"),
        (),
        [(2, Key.TOO_MANY_FIELDS, {"found": "3", "expected": "2", "delimiter": "Tab"})],
        id="unquoted-tab",
    ),
    pytest.param(
        excel(HEADER, "An Peeters;CLB\x07;;"),
        (),
        [(2, Key.CONTROL_CHARACTER, {"column": "Organisatie", "char": "U+0007"})],
        id="control-character-named-by-its-header",
    ),
    pytest.param(
        excel("An Peeters;CLB;leer\x1bkracht"),
        (),
        [(1, Key.CONTROL_CHARACTER, {"column": "C", "char": "U+001B"})],
        id="control-character-named-by-its-column-letter",
    ),
    pytest.param(
        utf8("Naam;Organisatie", "An \u202ePeeters;CLB"),
        (),
        [(2, Key.CONTROL_CHARACTER, {"column": "Naam", "char": "U+202E"})],
        id="bidi-override",
    ),
    pytest.param(
        excel(HEADER, "An Peeters;" + "x" * 501 + ";;"),
        (),
        [
            (
                2,
                Key.FIELD_TOO_LONG,
                {"column": "Organisatie", "length": "501", "limit": str(MAX_FIELD_LENGTH)},
            )
        ],
        id="organisation-too-long",
    ),
    pytest.param(
        excel(HEADER, "An Peeters;CLB;;", 'Bart;"Stad;;', "Sofie;VGC;;"),
        (),
        [(3, Key.UNCLOSED_QUOTE, {})],
        id="unclosed-quote-at-the-end",
    ),
    pytest.param(
        b'Naam;Organisatie\r\nAn;"CLB',
        (),
        [(2, Key.UNCLOSED_QUOTE, {})],
        id="unclosed-quote-on-the-last-line",
    ),
]


@pytest.mark.parametrize(("data", "existing", "expected"), BAD_FILES)
def test_bad_files(data: bytes, existing: tuple[str, ...], expected: list[tuple]) -> None:
    result = read_roster(data, existing)
    assert not result.ok
    assert [(p.line, p.key, p.params) for p in result.problems] == expected
    assert all(row.line not in {p.line for p in result.problems} for row in result.rows)


def test_bad_rows_are_left_out_and_the_good_ones_kept() -> None:
    result = read_roster(excel(HEADER, "An Peeters;CLB;;", ";Stad;;", 'Bart;"Stad;;'))
    assert [row.name for row in result.rows] == ["An Peeters"]
    assert [(p.line, p.key) for p in result.problems] == [(3, Key.NO_NAME), (4, Key.UNCLOSED_QUOTE)]


def test_one_line_can_have_several_problems() -> None:
    data = excel(HEADER, "An Peeters;CLB;;", "an peeters;\x01;;;extra")
    assert problems_of(data) == [
        (3, Key.TOO_MANY_FIELDS),
        (3, Key.CONTROL_CHARACTER),
        (3, Key.DUPLICATE),
    ]


def test_a_name_already_on_the_roster_twice_in_the_file_is_reported_twice() -> None:
    data = excel(HEADER, "An Peeters;;;", "AN PEETERS;;;")
    assert problems_of(data, ("An Peeters",)) == [(2, Key.ALREADY_MEMBER), (3, Key.ALREADY_MEMBER)]


def test_a_tab_and_line_breaks_are_not_control_characters() -> None:
    data = excel(HEADER, 'An Peeters;"CLB\tGent\r\nNoord";;')
    assert rows_of(data) == [(2, "An Peeters", "CLB\tGent\nNoord", "", "")]


def test_fourteen_members_three_broken() -> None:
    """A real-size Excel file: each broken line is named, the good rows are returned."""
    data = excel(
        "Naam;Organisatie;Functie;E-mail",  # 1
        "An Peeters;CLB Gent;psycholoog;an@clb.be",  # 2
        "Bart De Smet;Stad Gent;coördinator;bart@gent.be",  # 3
        "Sofie Claes;VGC;;",  # 4
        '"Dries Maes";"Scholengroep',  # 5: a cell with a line break ...
        'Gent-Noord";directeur;dries@sg.be',  # 6
        "",  # 7
        "Els Janssens;Crèche Zoë;kinderbegeleider;els@zoe.be",  # 8
        ";Welzijnsschakel;vrijwilliger;anoniem@ws.be",  # 9: no name
        "Filip Wouters;OCMW;maatschappelijk werker;",  # 10
        "Griet Goossens;CAW;;griet@caw.be",  # 11
        "Hanne Verbeke; Lommel;CLB Limburg;leerkracht;hanne@clb.be",  # 12: unquoted ;
        "Ilse Jacobs;De Lijn;;",  # 13
        "Jan Mertens;Stad Gent;;jan@gent.be",  # 14
        "Karel Dubois;€-fonds;penningmeester;",  # 15
        "Lien Willems;CLB Gent;;",  # 16
        "an peeters;CLB Gent;;",  # 17: twice
        ";;;",  # 18
    )
    result = read_roster(data)
    assert not result.ok
    assert (result.encoding, result.delimiter, result.has_header) == ("cp1252", ";", True)
    assert [(p.line, p.key) for p in result.problems] == [
        (9, Key.NO_NAME),
        (12, Key.TOO_MANY_FIELDS),
        (17, Key.DUPLICATE),
    ]
    assert result.problems[2].params == {"name": "an peeters", "first_line": "2"}
    assert [(row.line, row.name) for row in result.rows] == [
        (2, "An Peeters"),
        (3, "Bart De Smet"),
        (4, "Sofie Claes"),
        (5, "Dries Maes"),
        (8, "Els Janssens"),
        (10, "Filip Wouters"),
        (11, "Griet Goossens"),
        (13, "Ilse Jacobs"),
        (14, "Jan Mertens"),
        (15, "Karel Dubois"),
        (16, "Lien Willems"),
    ]
    assert result.rows[3].organisation == "Scholengroep\nGent-Noord"
    assert result.rows[9].organisation == "€-fonds"


def test_message_params_add_the_line() -> None:
    problem = RosterProblem(4, Key.DUPLICATE.value, {"name": "An", "first_line": "2"})
    assert problem.message_params == {"line": "4", "name": "An", "first_line": "2"}


def test_the_module_needs_only_the_standard_library_and_the_domain() -> None:
    tree = ast.parse(MODULE.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 1, "only sibling modules of the domain"
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


# -- round trips and properties ----------------------------------------------------------


def write_csv(rows: list[tuple[str, str, str, str]], encoding: str = "cp1252") -> bytes:
    """What Excel writes: the csv module with `;`, CRLF, quotes only where needed."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Naam", "Organisatie", "Functie", "Contact"])
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def expected_rows(rows: list[tuple[str, str, str, str]]) -> list[RosterRow]:
    line, expected = 2, []
    for row in rows:
        expected.append(RosterRow(line, *row))
        line += sum(value.count("\n") for value in row) + 1
    return expected


def test_round_trip_through_the_csv_module() -> None:
    rows = [
        ("Hélène Dubois", "Crèche Zoë", "coördinator", "helene@zoe.be · 0470 12 34 56"),
        ('An "Anneke" Peeters', "CLB Gent; afdeling Noord", "leerkracht", ""),
        ("François Çelik", "Stad Gent\nDienst Welzijn", "", "09 123 45 67"),
        ("Peeters, Bart", "€-fonds", "penningmeester", ""),
    ]
    result = read_roster(write_csv(rows))
    assert result.ok
    assert (result.encoding, result.delimiter) == ("cp1252", ";")
    assert list(result.rows) == expected_rows(rows)


CP1252_TEXT = [
    char
    for byte in range(0x20, 0x100)
    if byte not in (0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xA0)
    for char in [bytes([byte]).decode("cp1252")]
]
FIELD_CHARS = st.sampled_from(CP1252_TEXT)


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def one_line(text: str) -> str:
    return " ".join(text.split())


names = (
    st.text(FIELD_CHARS, min_size=1, max_size=60)
    .map(one_line)
    .filter(lambda n: n.replace("\xad", "").strip())
)
values = st.text(st.one_of(FIELD_CHARS, st.just("\n")), max_size=40).map(str.strip)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(names, values, values, values),
        max_size=12,
        unique_by=lambda row: row[0].casefold(),
    )
)
def test_round_trip_property(rows: list[tuple[str, str, str, str]]) -> None:
    data = write_csv(rows)
    # Windows-1252 text that also reads as UTF-8 ("Â¡" is the UTF-8 for "¡") is read as
    # UTF-8: the two cannot be told apart, and such names do not occur.
    assume(not any(not line.isascii() and is_utf8(line) for line in data.splitlines()))
    result = read_roster(data)
    assert result.problems == (() if rows else (RosterProblem(0, Key.NO_ROWS.value, {}),))
    assert list(result.rows) == expected_rows(rows)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.text(st.sampled_from(';,\t"\r\n xAé€\x00\u200b'), max_size=200).map(str.encode),
        st.lists(st.sampled_from([b"Naam", b";", b",", b'"', b"\r\n", b"\n", b"An", b"\xe9"])).map(
            b"".join
        ),
    ),
    st.lists(st.text(max_size=10), max_size=3),
)
def test_never_raises_and_every_row_has_a_name(data: bytes, existing: list[str]) -> None:
    result = read_roster(data, existing)
    assert result.ok is (not result.problems)
    assert all(row.name.strip() for row in result.rows)
    assert all(len(row.name) <= 200 for row in result.rows)
    assert all(problem.line >= 0 for problem in result.problems)
    lines = [row.line for row in result.rows]
    assert lines == sorted(set(lines))

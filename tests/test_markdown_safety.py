"""User text cannot change the structure of a report (sessie_tui.report.markdown).

Every hostile input is put into every place a report shows user text; the
document is parsed with markdown-it, and its block structure must be exactly
that of the same document built from "plain text", while every visible
character of the input still shows in the rendered text.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from collections.abc import Iterable, Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from sessie_tui.report.markdown import EMPTY, LINE_BREAK, Document, escape

HARMLESS = "plain text"
SCOTLAND = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"  # tag sequence


def _extended_parser() -> MarkdownIt | None:
    """GitHub's autolinks, task lists, alerts, footnotes and math, and common extras."""
    try:
        from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
        from mdit_py_plugins.container import container_plugin
        from mdit_py_plugins.deflist import deflist_plugin
        from mdit_py_plugins.gfm import gfm_plugin
        from mdit_py_plugins.superscript import superscript_plugin

        parser = MarkdownIt("commonmark").use(gfm_plugin, dollarmath=True)
    except (ImportError, RuntimeError):  # mdit-py-plugins < 0.5, markdown-it-py < 4.1
        return None
    parser.use(deflist_plugin).use(attrs_plugin).use(attrs_block_plugin)
    parser.use(superscript_plugin).use(container_plugin, name="waarschuwing")
    return parser


PARSERS = {"commonmark+table": MarkdownIt("commonmark").enable("table")}
if importlib.util.find_spec("linkify_it") is not None:
    # Tables, strikethrough and linkify (bare URLs and e-mail addresses).
    PARSERS["gfm-like"] = MarkdownIt("gfm-like")
if (extended := _extended_parser()) is not None:
    PARSERS["gfm+extras"] = extended

NOTE = "Een lange notitie met *sterren*, [links](https://example.be) en <b>HTML</b>"
LONG = (NOTE * 1400)[:100_000]  # on one line

HOSTILE = [
    "# Kop",
    "###### kleine kop ######",
    "#hashtag",
    "---",
    "===",
    "kop\n===",
    "kop\n---",
    "> citaat",
    "| a | b |\n| --- | --- |\n| c | d |",
    "|---|:---:|",
    "1. eerste",
    "1) eerste",
    "2024. Een goed jaar",
    "- punt\n- punt",
    "+ plus",
    "* ster",
    "***",
    "___",
    "- [x] taak gedaan\n- [ ] taak open",
    "`code` en ``meer``",
    "```python\nprint('x')\n```",
    "~~~\nfence\n~~~",
    "    ingesprongen code",
    "\tmet tabs\tertussen",
    "*nadruk* _nadruk_ **vet** __vet__ ~~doorgehaald~~ ~sub~",
    "<b>vet</b> <script>alert(1)</script>",
    "<<pijltjes>> && \\<\\& >< x",
    "<div>\nblok\n</div>",
    "<!-- commentaar -->",
    "&amp; &lt; &#35; &#x41; &copy; R&D Jan & Piet",
    "[tekst](https://example.be) en [ref][1]",
    "![beeld](https://example.be/x.png)",
    "<https://example.be> <jan@example.be>",
    "https://example.be/pad?x=1 en http://localhost:8080",
    "www.example.be en WWW.EXAMPLE.BE en www.5",
    "jan@example.be en mailto:jan@example.be en Z@2.5example en x@1.2",
    "example.be en 👍.be en //localhost en 1.be",
    "[1]: https://example.be 'titel'",
    "[^voetnoot] en [^voetnoot]: tekst",
    ":smile: :+1:",
    "$x^2$ en $$\nblok\n$$",
    "::: waarschuwing\ninhoud\n:::",
    "term\n: definitie",
    "## Titel {#anker .klasse}",
    "{#anker .klasse}",
    "eindigt op backslash\\",
    "\\",
    "\\\\",
    "harde regelbreuk  \nvolgende",
    "nul\x00escape\x1b[31mrood\x1b[0m del\x7f bel\x07 c1\x9b",
    "regel\rcarriage\r\nwindows\fformfeed\vvertical\x85nel\u2028ls\u2029ps",
    "bidi \u202egnitrevni\u202c \u2066isolaat\u2069 \u200f\u200e\u061c",
    "onzichtbaar\u200bzero\u2060joiner\ufeffbom",
    "שלום עולם, مرحبا بالعالم",
    "emoji 👍🏽 👨\u200d👩\u200d👧 1️⃣ " + SCOTLAND,
    "Wat nu!",
    "Afspraken:",
    "Einde.",
    "。！：",
    "C#",
    "eindigt op hekje #",
    "",
    "   ",
    "\n\n\n",
    "a\n\n\n\nb",
    "1.",
    "2)",
    "1.\n2)\n3",
    "\u00a0\u3000 Unicode-spaties\u2003\u00a0",
    "\n".join([NOTE] * 40),
]

FIELDS = ("title", "heading", "paragraph", "label", "bullet", "bullet2", "header", "cell")


def build(texts: Mapping[str, str], default: str = HARMLESS) -> str:
    """A report with user text in every place: `texts` by field, else `default`."""

    def t(name: str) -> str:
        return texts.get(name, default)

    doc = Document()
    doc.heading(1, t("title"))
    doc.heading(2, t("heading"))
    doc.paragraph(t("paragraph"))
    doc.bullet(t("bullet"), label=t("label"))
    doc.bullet(t("bullet2"))
    doc.table(["Wie", t("header")], [[t("cell"), "x"], ["y", "z"]])
    return doc.render()


_TEXT = frozenset({"text", "text_special", "hardbreak", "softbreak"})


def _inline_shape(children: Iterable[Token]) -> tuple[str, ...]:
    """Inline markup (emphasis, links, code, HTML...): the token types but text."""
    return tuple(child.type for child in children if child.type not in _TEXT)


def structure(tokens: list[Token]) -> list[tuple[object, ...]]:
    return [
        ("inline", _inline_shape(token.children or []))
        if token.type == "inline"
        else (
            token.type,
            token.tag,
            token.nesting,
            token.markup,
            tuple(sorted(token.attrs.items())),
        )
        for token in tokens
    ]


def inline_texts(tokens: list[Token]) -> list[str]:
    """The rendered text of each inline token (heading, paragraph, cell...)."""
    return [
        "".join(c.content for c in token.children or [] if c.type in ("text", "text_special"))
        for token in tokens
        if token.type == "inline"
    ]


_WHITESPACE = frozenset("\t\n\r\v\f\x85\u2028\u2029")
_KEPT_FORMAT_CHARACTERS = frozenset("\u00ad\u200c\u200d")
_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")


def shown(text: str) -> str:
    """What of `text` must show up, in order, as the module docstring promises."""
    out: list[str] = []
    for piece in re.split(f"({_FLAG.pattern})", text):
        if _FLAG.fullmatch(piece):
            out.append(piece)
            continue
        for char in piece:
            category = unicodedata.category(char)
            if char in _WHITESPACE or category in ("Zs", "Cn"):
                continue  # whitespace; or unassigned in this Python's Unicode
            if ord(char) < 0x20:
                out.append(chr(0x2400 + ord(char)))
            elif char == "\x7f":
                out.append("\u2421")
            elif category in ("Cc", "Cs") or (
                category == "Cf" and char not in _KEPT_FORMAT_CHARACTERS
            ):
                out.append(f"\u27e8U+{ord(char):04X}\u27e9")
            else:
                out.append(char)
    return "".join(out)


def is_subsequence(needle: str, haystack: str) -> bool:
    remaining = iter(haystack)
    return all(char in remaining for char in needle)


def assert_clean_markdown(markdown: str) -> None:
    """Whitespace that markdownlint (MD009, MD010, MD012, MD047) would flag."""
    assert markdown.endswith("\n")
    assert not markdown.endswith("\n\n")
    assert "\n\n\n" not in markdown
    assert "\t" not in markdown
    for line in markdown.split("\n"):
        assert line == line.rstrip(), line
    # No control characters but line feeds, no bidi controls or lone surrogates.
    assert not re.search(
        "[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", markdown
    )


@functools.cache
def baseline(
    parser_name: str, fields: frozenset[str]
) -> tuple[list[tuple[object, ...]], list[str]]:
    """Structure and texts of the report with "plain text" in `fields`."""
    tokens = PARSERS[parser_name].parse(
        build(dict.fromkeys(fields, HARMLESS), default="andere tekst")
    )
    return structure(tokens), inline_texts(tokens)


def assert_safe(text: str, fields: Iterable[str] = FIELDS) -> None:
    """`text` in `fields` gives the structure that "plain text" gives, and shows."""
    fields = frozenset(fields)
    markdown = build(dict.fromkeys(fields, text), default="andere tekst")
    assert_clean_markdown(markdown)
    expected = shown(text)
    for name, parser in PARSERS.items():
        baseline_structure, baseline_texts = baseline(name, fields)
        tokens = parser.parse(markdown)
        assert structure(tokens) == baseline_structure
        # Where the baseline shows "plain text" the input shows, nothing lost;
        # everything else is as it was.
        for before, after in zip(baseline_texts, inline_texts(tokens), strict=True):
            if HARMLESS in before:
                assert is_subsequence(expected, after), f"{after!r} lost some of {text!r}"
            else:
                assert after == before


def _id(text: str) -> str:
    return repr(text[:30])


@pytest.mark.parametrize("text", HOSTILE, ids=[_id(text) for text in HOSTILE])
def test_hostile_input_keeps_the_structure(text: str) -> None:
    assert_safe(text)


@pytest.mark.parametrize("field", FIELDS)
def test_hostile_input_in_one_field_keeps_the_structure(field: str) -> None:
    for text in HOSTILE:
        assert_safe(text, [field])


@pytest.mark.parametrize("field", ["paragraph", "cell"])
def test_a_100000_character_note_is_kept_whole(field: str) -> None:
    assert len(LONG) == 100_000
    assert_safe(LONG, [field])


FRAGMENTS = [
    *"#>|-+*_`~\\<&[]()!:.=$^{}@/ ",
    "# ",
    "---",
    "===",
    "1.",
    "1) ",
    "```",
    "~~~",
    "    ",
    "\t",
    "  \n",
    "\\\n",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\v",
    "\f",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    "\u00a0",
    "\u3000",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200e",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\U000e0041",
    "\u0600",
    "\u0891\u1ab7",
    "\u00ad",
    "<b>",
    "<!--",
    "-->",
    "&amp;",
    "&#35;",
    "[x]",
    "[^1]",
    "](",
    "]: ",
    "![",
    "https://",
    "http://",
    "www.",
    "example.be",
    "mailto:",
    ":smile:",
    "$$",
    ":::",
    "|---|",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    SCOTLAND,
    "שלום",
    "مرحبا",
    "。",
    "！",
    "Wat nu?",
    "2.5",
]

hostile_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=25
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(), hostile_text), fields=st.sets(st.sampled_from(FIELDS), min_size=1))
def test_no_input_changes_the_structure(text: str, fields: set[str]) -> None:
    assert_safe(text, fields)


@settings(max_examples=150, deadline=None)
@given(text=st.one_of(st.text(), hostile_text))
def test_escape_gives_one_trimmed_line(text: str) -> None:
    escaped = escape(text)
    assert "\n" not in escaped and "\r" not in escaped
    assert escaped == escaped.strip()
    assert is_subsequence(shown(text), escaped)


def hostile_report(texts: list[str]) -> str:
    doc = Document()
    doc.heading(1, "Verslag: <script>*intervisie*</script> `x` [a](b) www.example.be!")
    for number, text in enumerate(texts):
        text = text[:500]  # pymarkdownlnt is slow on long text
        # Numbers keep the headings apart (MD024 is the caller's job).
        doc.heading(2, f"{number} {text}")
        doc.paragraph(text)
        doc.bullet(text, label=text)
        doc.bullet(text)
        doc.heading(3, f"{text} ({number})")
        doc.numbered(text, label="Wie")
        doc.numbered(text)
        doc.table([text, "Tweede"], [[text, ""], ["", text]])
    doc.rule()
    doc.paragraph("Einde")
    return doc.render()


# pymarkdownlnt takes more than linear time: a few short reports are faster.
CHUNKS = [HOSTILE[start : start + 8] for start in range(0, len(HOSTILE), 8)]


@pytest.mark.parametrize("texts", CHUNKS, ids=[f"inputs-{n * 8}-" for n in range(len(CHUNKS))])
def test_hostile_report_passes_markdownlint_rules(texts: list[str]) -> None:
    """pymarkdownlnt, markdownlint's rules in Python, finds nothing (MD013 is off)."""
    from pymarkdown.api import PyMarkdownApi

    markdown = hostile_report(texts)
    assert_clean_markdown(markdown)
    result = PyMarkdownApi().disable_rule_by_identifier("md013").scan_string(markdown)
    assert result.scan_failures == []
    assert result.pragma_errors == []


def test_linter_does_flag_unescaped_markdown() -> None:
    """The check above would catch what escaping prevents."""
    from pymarkdown.api import PyMarkdownApi

    markdown = "# Verslag\n\n## Wat nu!\n\nZie https://example.be\n\n- a\n* b\n"
    result = PyMarkdownApi().disable_rule_by_identifier("md013").scan_string(markdown)
    assert {failure.rule_id for failure in result.scan_failures} >= {"MD004", "MD026", "MD034"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Wat heb je toen gedaan? Hoe reageerde je team?",
        "Ik vond het lastig, maar 't is goed gekomen",
        "Wat zou je de volgende keer anders doen?",
        "Hoe kijk je er nu op terug, na een paar weken?",
        "Wie had dat gedacht, zei ze, en ze lachte",
        "Het was 10:30 en we hadden 2.5 uur (met pauze)",
        "Jan & Piet - collega's - waren er ook bij!",
        'Let op: dit blijft "vertrouwelijk". Echt.',
    ],
)
def test_plain_sentences_stay_readable(sentence: str) -> None:
    assert escape(sentence) == sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x00b", "a\u2400b"),
        ("\x1b[31m", "\u241b\\[31m"),
        ("del\x7f", "del\u2421"),
        ("c1\x9b", "c1\u27e8U+009B\u27e9"),
        ("\u202eabc\u202c", "\u27e8U+202E\u27e9abc\u27e8U+202C\u27e9"),
        ("\u2066x\u2069", "\u27e8U+2066\u27e9x\u27e8U+2069\u27e9"),
        ("zero\u200bwidth", "zero\u27e8U+200B\u27e9width"),
        ("\ufeffbom", "\u27e8U+FEFF\u27e9bom"),
        ("lone \ud800", "lone \u27e8U+D800\u27e9"),
        ("tag\U000e0041", "tag\u27e8U+E0041\u27e9"),
        ("\u0600\u0891\u1ab7", "\u27e8U+0600\u27e9\u27e8U+0891\u27e9\u1ab7"),
        ("soft\u00adhyphen, zw\u200cnj", "soft\u00adhyphen, zw\u200cnj"),
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),
        ("🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f", None),
        ("שלום", "שלום"),
        ("a\tb  c", "a b c"),
        (
            "  een\r\ntwee\r\n\r\ndrie\fvier  ",
            f"een{LINE_BREAK}twee{LINE_BREAK}drie{LINE_BREAK}vier",
        ),
        ("", ""),
        (" \n\t ", ""),
    ],
)
def test_invisible_characters_get_visible_stand_ins(text: str, expected: str | None) -> None:
    assert escape(text) == (text if expected is None else expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (":smile: en :+1:", "\\:smile: en \\:+1:"),  # emoji shortcodes
        ("10:30, 1:2 en Let op: dit", "10:30, 1:2 en Let op: dit"),
        ("[x] en x]", "\\[x\\] en x\\]"),
        ("{.klasse}", "\\{\\.klasse\\}"),
        ("A & B, R&D, &amp;", "A & B, R\\&D, \\&amp;"),
        ("2.5 en 1.000 euro", "2.5 en 1.000 euro"),
        ("zie verslag.md", "zie verslag\\.md"),
    ],
)
def test_escaping_details(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_document_layout() -> None:
    doc = Document()
    doc.heading(1, "Verslag")
    doc.heading(2, "Fase 1: Vraagronde!")
    doc.paragraph("Eerste regel\n\n# tweede regel\\")
    doc.bullet("ja\nnee", label="Vraag")
    doc.bullet("")
    doc.bullet("x", label="")
    doc.numbered("een\ntwee")
    doc.numbered("drie", label="Actie")
    doc.table(["Wie", "Wat|nu"], [["Jan\nPiet", ""]])
    doc.rule()
    assert doc.render() == (
        "# Verslag\n"
        "\n"
        "## Fase 1: Vraagronde&#33;\n"
        "\n"
        "Eerste regel\\\n"
        "\\# tweede regel\\\\\n"
        "\n"
        "- **Vraag:** ja\\\n"
        "  nee\n"
        f"- {EMPTY}\n"
        f"- **{EMPTY}:** x\n"
        "\n"
        "1. een\\\n"
        "   twee\n"
        "2. **Actie:** drie\n"
        "\n"
        "| Wie | Wat\\|nu |\n"
        "| --- | --- |\n"
        f"| Jan{LINE_BREAK}Piet | |\n"
        "\n"
        "---\n"
    )


def test_long_numbered_lists_indent_by_the_marker_width() -> None:
    doc = Document()
    doc.heading(1, "Acties")
    for number in range(12):
        doc.numbered(f"actie {number}\n- nog een regel\n1. en nog een", label="Wie")
    markdown = doc.render()
    assert "\n10. **Wie:** actie 9\\\n    \\- nog een regel\\\n    1\\. en nog een\n" in markdown
    for parser in PARSERS.values():
        types = [token.type for token in parser.parse(markdown)]
        assert types.count("ordered_list_open") == 1
        assert types.count("list_item_open") == types.count("paragraph_open") == 12


def test_empty_document_renders_nothing() -> None:
    assert Document().render() == ""


@pytest.mark.parametrize(
    "text", ["Wat nu!", "Afspraken:", "Einde.", "a;", "b,", "c。", "d！", "1."]
)
def test_headings_never_end_in_punctuation_that_md026_flags(text: str) -> None:
    doc = Document()
    doc.heading(1, text)
    line = doc.render().rstrip("\n")
    assert line.endswith(f"&#{ord(text[-1])};")
    (token,) = [t for t in MarkdownIt("commonmark").parse(line) if t.type == "inline"]
    assert token.content != text  # written as a character reference ...
    assert inline_texts([token]) == [text]  # ... that renders the same


def test_heading_levels_are_checked() -> None:
    doc = Document()
    doc.heading(1, "Verslag")
    with pytest.raises(ValueError, match="MD025"):
        doc.heading(1, "Nog een")
    with pytest.raises(ValueError, match="MD001"):
        doc.heading(3, "Te diep")
    with pytest.raises(ValueError, match="1-6"):
        doc.heading(7, "Bestaat niet")
    doc.heading(2, "Fase")
    doc.heading(3, "Vraag")
    doc.heading(2, "Volgende fase")


def test_table_rows_must_match_the_headers() -> None:
    with pytest.raises(ValueError, match="cells"):
        Document().table(["a", "b"], [["1"]])
    with pytest.raises(ValueError, match="column"):
        Document().table([], [])

"""The question classifier of the questioning round (vragenronde).

Each table row is a question as a note-taker would log it, with the exact hints
expected. Rows run with why_allowed=False unless they say otherwise, so a
why question shows its hint; the why_allowed switch has its own table.
"""

from __future__ import annotations

import ast
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessie_tui.domain import questions
from sessie_tui.domain.questions import QuestionHint, question_hints

CLOSED = QuestionHint.CLOSED
WHY = QuestionHint.WHY
ADVICE = QuestionHint.HIDDEN_ADVICE
NONE: tuple[QuestionHint, ...] = ()

DUTCH: list[tuple[str, tuple[QuestionHint, ...]]] = [
    # Open questions: no hint.
    ("Hoe reageerde je teamleider toen je het vertelde?", NONE),
    ("Wat gebeurde er net voor het incident?", NONE),
    ("Wie was er nog aanwezig in de klas?", NONE),
    ("Wanneer besefte je dat het misliep?", NONE),
    ("Welke afspraken waren er al gemaakt met de ouders?", NONE),
    ("Waar was je op dat moment?", NONE),
    ("Waardoor werd het conflict zo groot?", NONE),
    ("Waarop baseer je dat?", NONE),
    ("In hoeverre wist de directie ervan?", NONE),
    ("Met wie heb je er al over gesproken?", NONE),
    ("Wat heb je al geprobeerd?", NONE),
    ("Wat zou je niet opnieuw doen?", NONE),
    ("Wat als hij weigert?", NONE),
    ("Hoe zou je team reageren als je het zou melden?", NONE),
    ("Mocht je twijfelen, bij wie kan je dan terecht?", NONE),
    ("Als je eens terugdenkt aan die dag, wat voelde je?", NONE),
    # Leading fillers, vocatives, bullets, quotes, lowercase.
    ("En hoe voelde dat?", NONE),
    ("Maar wat deed je daarna?", NONE),
    ("Oké, wat was je eerste reactie?", NONE),
    ("Allee, hoe is dat dan afgelopen?", NONE),
    ("Sarah, wat dacht je op dat moment?", NONE),
    ("  – „welke rol speelde de zorgcoördinator?”", NONE),
    ("• wie nam uiteindelijk de beslissing?", NONE),
    ("wanneer merkte je dat voor het eerst", NONE),
    ("Vraag: hoe lang speelt dit al?", NONE),
    # Closed questions.
    ("Heb je dat al met de directie besproken?", (CLOSED,)),
    ("Heeft zij daar achteraf iets over gezegd?", (CLOSED,)),
    ("Is het de eerste keer dat dit gebeurt?", (CLOSED,)),
    ("Ben je daar zeker van?", (CLOSED,)),
    ("Kun je dat wat meer toelichten?", (CLOSED,)),
    ("Wil je daar iets meer over vertellen?", (CLOSED,)),
    ("Was de leerling alleen in de klas?", (CLOSED,)),
    ("Weet je nog wat hij precies zei?", (CLOSED,)),
    ("Vind je dat zelf ook?", (CLOSED,)),
    ("Denk je dat hij het meende?", (CLOSED,)),
    ("Voel je je gesteund door je collega's?", (CLOSED,)),
    ("Doe je dat vaker?", (CLOSED,)),
    ("Gaat het nu beter met haar?", (CLOSED,)),
    ("Hebben jullie daar in het team over gepraat?", (CLOSED,)),
    ("Kan het zijn dat ze het niet gehoord heeft?", (CLOSED,)),
    ("Zijn er nog andere collega's die dit meemaakten?", (CLOSED,)),
    ("Heb je al eens met hem gepraat?", (CLOSED,)),
    ("Heb je toen aan je kinderen gedacht?", (CLOSED,)),
    ("Als je terugkijkt, zou je het anders doen?", (CLOSED,)),
    ("Je was toen alleen, toch?", (CLOSED,)),
    ("Je zei dat hij boos was, klopt dat?", (CLOSED,)),
    ("Wat hij zei, klopte dat met wat je zag?", (CLOSED,)),
    ("en was dat de eerste keer", (CLOSED,)),
    # Why questions.
    ("Waarom heb je toen niets gezegd?", (WHY,)),
    ("Hoezo vond je dat moeilijk?", (WHY,)),
    ("Hoe komt het dat je dat niet gemeld hebt?", (WHY,)),
    ("Je zei net dat je boos was, waarom?", (WHY,)),
    ("Weet je waarom hij dat deed?", (CLOSED, WHY)),
    # Hidden advice, alone and with other hints.
    ("Zou je niet beter eerst met de ouders praten?", (CLOSED, ADVICE)),
    ("Heb je al overwogen om een time-out te nemen?", (CLOSED, ADVICE)),
    ("Heb je er al aan gedacht om een collega in te schakelen?", (CLOSED, ADVICE)),
    ("Heb je al geprobeerd om met haar te praten?", (CLOSED, ADVICE)),
    ("Hebt ge al eens overwogen om te stoppen?", (CLOSED, ADVICE)),
    ("Kun je niet gewoon nee zeggen?", (CLOSED, ADVICE)),
    ("Kan je niet eens langsgaan bij de ouders?", (CLOSED, ADVICE)),
    ("Moet je niet eerst met je leidinggevende praten?", (CLOSED, ADVICE)),
    ("Zou het niet beter zijn om het te melden?", (CLOSED, ADVICE)),
    ("Is het geen idee om het CLB erbij te betrekken?", (CLOSED, ADVICE)),
    ("Zou je kunnen proberen om het anders te formuleren?", (CLOSED, ADVICE)),
    ("Waarom probeer je niet eens met hem te praten?", (WHY, ADVICE)),
    ("Waarom doe je niet gewoon wat de directie vraagt?", (WHY, ADVICE)),
    ("Wat als je eens een gesprek met hem plant?", (ADVICE,)),
    ("Wat als je nu eens nee zegt?", (ADVICE,)),
    ("Misschien kun je het eens vragen aan de zorgcoördinator?", (ADVICE,)),
    ("En als je nu eens met hem ging praten?", (ADVICE,)),
    ("Ik hoor dat het zwaar is, heb je al overwogen om hulp te vragen?", (CLOSED, ADVICE)),
    ("Ik vraag me af of je al eens overwogen hebt om te stoppen.", (ADVICE,)),
    ("Ik zou gewoon de ouders bellen.", (ADVICE,)),
    # Statements that only look like the above.
    ("Ik zou dat ook moeilijk vinden, hoe ging je ermee om?", NONE),
    ("Hij zei: nee.", NONE),
    ("Hij zei nee, ja?", (CLOSED,)),
    ("Het gesprek met de ouders verliep rustig.", NONE),
]

ENGLISH: list[tuple[str, tuple[QuestionHint, ...]]] = [
    # Open questions.
    ("What happened right before the incident?", NONE),
    ("How did your team leader react?", NONE),
    ("Who else was in the room?", NONE),
    ("To what extent did the principal know?", NONE),
    ("What would happen if you did nothing?", NONE),
    ("If you look back, what would you change?", NONE),
    ("So what did you do next?", NONE),
    ("and how did that feel?", NONE),
    ("Okay, which of those options scared you most?", NONE),
    ("“what did she say then?”", NONE),
    ("Will, what did you expect?", NONE),
    ("Ben, how did you feel?", NONE),
    ("I'd like to know what happened next.", NONE),
    # Closed questions.
    ("Do you think he meant it?", (CLOSED,)),
    ("Did you tell anyone?", (CLOSED,)),
    ("Is it the first time this happened?", (CLOSED,)),
    ("Are the parents aware of it?", (CLOSED,)),
    ("Have you talked to HR about this?", (CLOSED,)),
    ("Has she said anything since?", (CLOSED,)),
    ("Could you describe the meeting?", (CLOSED,)),
    ("Could you maybe explain what you mean?", (CLOSED,)),
    ("Will the board be involved?", (CLOSED,)),
    ("Was it a surprise?", (CLOSED,)),
    ("Were you alone?", (CLOSED,)),
    ("Am I right that you were alone?", (CLOSED,)),
    ("May I ask how old the pupil is?", (CLOSED,)),
    ("Must you report this?", (CLOSED,)),
    ("Is that why you left?", (CLOSED,)),
    ("You were alone, right?", (CLOSED,)),
    # Why questions.
    ("Why did you stay silent?", (WHY,)),
    ("How come you didn’t report it?", (WHY,)),
    # Hidden advice.
    ("Have you considered taking a break?", (CLOSED, ADVICE)),
    ("Have you thought about asking for help?", (CLOSED, ADVICE)),
    ("Have you tried talking to her?", (CLOSED, ADVICE)),
    ("Did you think of calling the police?", (CLOSED, ADVICE)),
    ("Wouldn’t it be better to wait?", (CLOSED, ADVICE)),
    ("Couldn't you just say no?", (CLOSED, ADVICE)),
    ("Shouldn't you talk to your manager first?", (CLOSED, ADVICE)),
    ("Could you maybe ask a colleague?", (CLOSED, ADVICE)),
    ("Why don't you just ask him?", (WHY, ADVICE)),
    ("Why not just call the parents?", (WHY, ADVICE)),
    ("What if you tried a different approach?", (ADVICE,)),
    ("Maybe you could talk to her?", (ADVICE,)),
    ("I wonder whether you've considered quitting.", (ADVICE,)),
    ("I'd just tell her.", (ADVICE,)),
    ("I would be angry too, how did you cope?", NONE),
    ("I would have been furious, were you?", (CLOSED,)),
]

# The same question with why_allowed True and False.
WHY_SWITCH: list[tuple[str, tuple[QuestionHint, ...], tuple[QuestionHint, ...]]] = [
    ("Waarom heb je toen niets gezegd?", NONE, (WHY,)),
    ("Hoezo?", NONE, (WHY,)),
    ("Om welke reden koos je daarvoor?", NONE, (WHY,)),
    ("Waarom probeer je niet eens met hem te praten?", (ADVICE,), (WHY, ADVICE)),
    ("Weet je waarom hij dat deed?", (CLOSED,), (CLOSED, WHY)),
    ("Why did you stay silent?", NONE, (WHY,)),
    ("How come nobody noticed?", NONE, (WHY,)),
    ("Why don't you just ask him?", (ADVICE,), (WHY, ADVICE)),
    ("That's why I ask: who decided?", NONE, NONE),
    ("Hoe reageerde je teamleider?", NONE, NONE),
]


def _ids(rows: list[tuple[str, object]]) -> list[str]:
    return [text[:50] for text, _ in rows]


@pytest.mark.parametrize(("text", "expected"), DUTCH, ids=_ids(DUTCH))
def test_dutch_questions(text: str, expected: tuple[QuestionHint, ...]) -> None:
    assert question_hints(text, why_allowed=False) == expected


@pytest.mark.parametrize(("text", "expected"), ENGLISH, ids=_ids(ENGLISH))
def test_english_questions(text: str, expected: tuple[QuestionHint, ...]) -> None:
    assert question_hints(text, why_allowed=False) == expected


@pytest.mark.parametrize(
    ("text", "when_allowed", "when_not_allowed"),
    WHY_SWITCH,
    ids=[row[0][:50] for row in WHY_SWITCH],
)
def test_why_allowed_switch(
    text: str,
    when_allowed: tuple[QuestionHint, ...],
    when_not_allowed: tuple[QuestionHint, ...],
) -> None:
    assert question_hints(text, why_allowed=True) == when_allowed
    assert question_hints(text, why_allowed=False) == when_not_allowed


def test_why_is_allowed_by_default() -> None:
    assert question_hints("Waarom heb je dat gedaan?") == ()


@pytest.mark.parametrize(
    "text",
    [
        "Heb je al overwogen om te stoppen?",
        "heb je al overwogen om te stoppen",
        "HEB JE AL OVERWOGEN OM TE STOPPEN?",
        "ＨＥＢ ＪＥ al overwogen om te stoppen?",  # fullwidth compatibility forms (NFKC)
        "Heb\u200bje al overwogen om te stoppen?",  # zero-width space between words
        "Heb je al over\u00adwogen om te stoppen?",  # soft hyphen inside a word
        "\u202bHeb je al overwogen om te stoppen?\u202c",  # bidi embedding marks
        "- “Heb je al overwogen om te stoppen?”",
        "1. Heb je al overwogen\nom te stoppen?",
    ],
)
def test_normalisation(text: str) -> None:
    assert question_hints(text) == (CLOSED, ADVICE)


@pytest.mark.parametrize(
    "text",
    ["Couldn’t you just say no?", "Couldn't you just say no?", "Couldn‘t you just say no?"],
)
def test_typographic_apostrophes(text: str) -> None:
    assert question_hints(text) == (CLOSED, ADVICE)


def test_decomposed_accent_in_filler() -> None:
    assert question_hints("Oke\u0301, is dat zo?") == (CLOSED,)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "?",
        "…",
        "🙂🙂🙂?",
        "\x00\x01\x1b[31m\x7f",
        "هل أنت بخير؟",
        "\u202eheb je\u202c",
        "\ud800",
        "x" * 100_000,
        "Heb je " * 20_000,
        "al eens " * 20_000 + "overwogen?",
        "12:30, 14:45?",
    ],
    ids=lambda text: repr(text[:20]),
)
def test_never_raises(text: str) -> None:
    result = question_hints(text, why_allowed=False)
    assert isinstance(result, tuple)
    assert all(isinstance(hint, QuestionHint) for hint in result)


def test_statements_get_no_hints() -> None:
    assert question_hints("The meeting went well.") == ()


def test_non_string_input_gets_no_hints() -> None:
    assert question_hints(None) == ()  # type: ignore[arg-type]


def test_hint_values_are_stable() -> None:
    # The values are stored in session files (Note.hints).
    assert [hint.value for hint in QuestionHint] == ["closed", "why", "hidden_advice"]


def _all_list_entries() -> list[str]:
    entries: list[str] = []
    for name in dir(questions):
        value = getattr(questions, name)
        if name.isupper() and not name.startswith("_") and isinstance(value, frozenset | tuple):
            entries.extend(item for item in value if isinstance(item, str))
    for group in questions.WORD_GROUPS.values():
        entries.extend(group)
    return entries


def test_word_lists_are_normalised() -> None:
    entries = _all_list_entries()
    assert len(entries) > 300
    for entry in entries:
        assert entry == unicodedata.normalize("NFKC", entry).casefold(), entry
        assert "’" not in entry, entry


def test_phrases_refer_to_known_groups() -> None:
    phrases = (
        questions.ADVICE_AT_CLAUSE_START_NL
        + questions.ADVICE_AT_CLAUSE_START_EN
        + questions.ADVICE_ANYWHERE
        + questions.ADVICE_BARE_CONDITIONS
        + questions.WHY_PHRASES
    )
    for phrase in phrases:
        for group in re.findall(r"\{(\w+)\}", phrase):
            assert group in questions.WORD_GROUPS, (phrase, group)


def _example_of(phrase: str) -> str:
    """The plainest text a phrase describes: first alternative of every word."""
    words = []
    for item in phrase.split():
        if item == "..." or item.startswith("!"):
            continue
        first = item.rstrip("?").split("/")[0]
        if first.startswith("{"):
            first = sorted(questions.WORD_GROUPS[first[1:-1]])[0]
        words.append(first)
    return " ".join(words) + "?"


ADVICE_PHRASES = (
    questions.ADVICE_AT_CLAUSE_START_NL
    + questions.ADVICE_AT_CLAUSE_START_EN
    + questions.ADVICE_ANYWHERE
    + questions.ADVICE_BARE_CONDITIONS
)


@pytest.mark.parametrize("phrase", ADVICE_PHRASES)
def test_every_advice_phrase_matches_its_own_example(phrase: str) -> None:
    assert ADVICE in question_hints(_example_of(phrase))


@pytest.mark.parametrize("phrase", questions.WHY_PHRASES)
def test_every_why_phrase_matches_its_own_example(phrase: str) -> None:
    assert WHY in question_hints(_example_of(phrase), why_allowed=False)


def test_imports_only_the_standard_library() -> None:
    source = Path(questions.__file__).read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                continue  # relative: within sessie_tui.domain
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names or top == "__future__", name


# Hypothesis: arbitrary text, and text built from the words the classifier
# knows, so that the interesting paths are reached too.
_VOCABULARY = sorted(
    questions.OPEN_WORDS_NL
    | questions.OPEN_WORDS_EN
    | questions.CLOSED_AUXILIARIES_NL
    | questions.CLOSED_AUXILIARIES_EN
    | questions.FILLERS
    | questions.PARTICLES
    | questions.SUBJECT_WORDS
    | {"niet", "overwogen", "geprobeerd", "gedacht", "als", "eens", "considered", "tried"}
)
_PIECES = st.one_of(
    st.sampled_from(_VOCABULARY),
    st.sampled_from([",", ".", "?", "!", ":", " - ", "—", "’", "“", "\n", "\u200b"]),
    st.text(max_size=5),
)
_KNOWN_WORD_TEXT = st.lists(_PIECES, max_size=40).map(" ".join)


def _assert_well_formed(result: object) -> None:
    assert isinstance(result, tuple)
    assert all(isinstance(hint, QuestionHint) for hint in result)
    assert len(set(result)) == len(result)
    order = list(QuestionHint)
    assert list(result) == sorted(result, key=order.index)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), _KNOWN_WORD_TEXT), why_allowed=st.booleans())
def test_any_text_gives_unique_hints_in_canonical_order(text: str, why_allowed: bool) -> None:
    result = question_hints(text, why_allowed=why_allowed)
    _assert_well_formed(result)
    if why_allowed:
        assert QuestionHint.WHY not in result
    # why_allowed only ever removes the why hint.
    other = question_hints(text, why_allowed=not why_allowed)
    assert tuple(h for h in result if h is not WHY) == tuple(h for h in other if h is not WHY)

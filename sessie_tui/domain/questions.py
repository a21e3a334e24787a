"""Hints for questions logged in the questioning round (vragenronde).

In the questioning round the group may only ask informative, open questions;
advice comes later. Every logged question is checked and *flagged*, never
blocked: the note-taker and the facilitator see a hint and decide for
themselves. A question gets a hint when it

- is **closed**: its opening is a verb ("Heb je…", "Is het…", "Did you…"),
  or it ends in a tag question ("…, toch?", "…, right?");
- asks **why** ("Waarom…", "Hoezo…", "Why…", "How come…") and the method
  asks for no why questions (the NSRF consultancy protocol's clarifying
  questions ask who/what/where/when/how, not why);
- **hides advice** ("Heb je al overwogen…", "Zou je niet beter…",
  "Why don't you…", "En als je nu eens met hem ging praten?").

Dutch and English are handled at once: participants of a Flemish session speak
Dutch even when the interface is in English.

The classifier is a heuristic on the words, not a parser. It reads the text as
clauses (split at , ; : . ! ? and dashes), skips leading fillers ("en", "maar",
"oké", "so"…) and short vocatives ("Sarah, …"), and decides on the first
clause that opens with a question word or a verb. The word lists below are
plain module-level sets and tuples of lowercase words and phrases; extend them
there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from enum import StrEnum
from functools import cached_property


class QuestionHint(StrEnum):
    """Why a question may not fit the questioning round. The order is canonical."""

    CLOSED = "closed"
    WHY = "why"
    HIDDEN_ADVICE = "hidden_advice"


MAX_ANALYSED_CHARS = 2_000
"""Only the start of a very long text is read; a spoken question is far shorter."""

# ---------------------------------------------------------------------------
# Word lists. All entries are lowercase, NFKC-normalised, with a plain "'"
# apostrophe, because the text is normalised the same way before matching.
# ---------------------------------------------------------------------------

# Question words that open an open question. Dutch: the interrogative pronouns
# and adverbs of standard Dutch grammar, including the "waar-" + preposition
# compounds; English: the wh-words. "waarom"/"hoezo"/"why" are open too (they
# are no verb) but are also listed in WHY_WORDS.
OPEN_WORDS_NL: frozenset[str] = frozenset(
    {
        "wat", "hoe", "wie", "wiens", "wier", "wanneer", "welke", "welk", "waar",
        "waarom", "waardoor", "waarmee", "waarover", "waarop", "waaraan", "waarin",
        "waarvan", "waarvoor", "waarbij", "waarheen", "waarnaar", "waaruit",
        "waartegen", "waarachter", "waaronder", "hoezo", "hoeveel", "hoelang",
        "hoever", "hoeverre", "hoezeer", "hoedanig",
    }
)  # fmt: skip
OPEN_WORDS_EN: frozenset[str] = frozenset(
    {
        "what", "what's", "whats", "what'd", "how", "how's", "hows", "how'd", "who",
        "who's", "whos", "who'd", "whom", "whose", "when", "when's", "which",
        "where", "where's", "wheres", "where'd", "why", "why's", "whereabouts",
    }
)  # fmt: skip

# A preposition followed by a question word still opens an open question:
# "in hoeverre", "met wie", "sinds wanneer", "to what extent", "with whom".
PREPOSITIONS: frozenset[str] = frozenset(
    {
        "in", "op", "met", "aan", "voor", "van", "bij", "naar", "over", "tot",
        "sinds", "vanaf", "door", "uit", "om", "tegen", "zonder", "onder",
        "to", "with", "for", "from", "at", "on", "by", "about", "since", "until",
        "under", "of", "into",
    }
)  # fmt: skip

# Verbs whose place at the opening makes a question closed on their own:
# Dutch auxiliaries and modal verbs in every person and tense ("Heb je…",
# "Heeft zij…", "Is het…", "Zou…", "Moet…", "Was…"), including the Flemish
# "ge"-forms (zijt, hadt, zoudt) and contractions (hedde = "hebt ge").
CLOSED_AUXILIARIES_NL: frozenset[str] = frozenset(
    {
        "heb", "hebt", "heeft", "hebben", "had", "hadt", "hadden", "hedde",
        "ben", "bent", "is", "zijn", "zijt", "zijde", "was", "waart", "waren",
        "word", "wordt", "worden", "werd", "werden",
        "kun", "kunt", "kan", "kunnen", "kon", "kondt", "konden", "kunde",
        "zou", "zoudt", "zouden", "zoudde", "zal", "zult", "zullen",
        "wil", "wilt", "willen", "wou", "wilde", "wilden",
        "moet", "moeten", "moest", "moesten", "mag", "mogen", "mocht", "mochten",
        "hoef", "hoeft", "hoeven", "hoefde", "durf", "durft", "durven", "durfde",
    }
)  # fmt: skip

# Dutch lexical verbs that open a closed question only when a subject follows
# ("Denk je…", "Voel je…", "Gaat het…", "Klopt dat…"): without one, the same
# form is an imperative ("Denk aan je grenzen.", "Vraag hulp.") or a noun.
CLOSED_VERBS_NL: frozenset[str] = frozenset(
    {
        "weet", "weten", "wist", "wisten", "vind", "vindt", "vinden", "vond",
        "vonden", "denk", "denkt", "denken", "dacht", "dachten", "voel", "voelt",
        "voelen", "voelde", "voelden", "doe", "doet", "doen", "deed", "deden",
        "ga", "gaat", "gaan", "ging", "gingen", "kom", "komt", "komen", "kwam",
        "kwamen", "zie", "ziet", "zien", "zag", "zagen", "hoor", "hoort", "hoorde",
        "ken", "kent", "kennen", "kende", "kenden", "krijg", "krijgt", "kreeg",
        "kregen", "herken", "herkent", "herkende", "begrijp", "begrijpt",
        "begreep", "snap", "snapt", "klopt", "klopte", "lukt", "lukte", "speelt",
        "speelde", "helpt", "hielp", "merk", "merkt", "merkte", "ervaar",
        "ervaart", "ervoer", "zeg", "zegt", "zei", "zeiden", "vraag", "vraagt",
        "vroeg", "vroegen", "praat", "praatte", "spreek", "spreekt", "sprak",
        "zit", "zat", "sta", "staat", "stond", "blijf", "blijft", "bleef",
        "maak", "maakt", "maakte", "neem", "neemt", "nam", "verwacht",
        "verwachtte", "hoop", "hoopt", "hoopte", "geloof", "gelooft", "geloofde",
        "kijk", "kijkt", "keek", "werkt", "werkte", "heet", "gebeurt", "gebeurde",
        "bestaat", "bestond", "hou", "houd", "houdt", "hield", "mis", "mist",
        "miste", "reageer", "reageert", "reageerde", "schrok", "twijfel",
        "twijfelt", "twijfelde", "wens", "wenst", "leef", "leeft", "wette",
    }
)  # fmt: skip

# English auxiliaries and modal verbs, with their negative contractions (also
# typed without the apostrophe). They open a closed question on their own.
CLOSED_AUXILIARIES_EN: frozenset[str] = frozenset(
    {
        "am", "is", "are", "was", "were", "do", "does", "did", "have", "has",
        "had", "can", "could", "will", "would", "should", "shall", "may", "might", "must",
        "ought", "d'you",
        "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't",
        "haven't", "hasn't", "hadn't", "can't", "cannot", "couldn't", "wouldn't",
        "won't", "shouldn't", "mustn't", "mightn't", "needn't", "shan't",
        "isnt", "arent", "wasnt", "werent", "dont", "doesnt", "didnt", "havent",
        "hasnt", "hadnt", "couldnt", "wouldnt", "shouldnt", "mustnt",
    }
)  # fmt: skip

# Verbs that are also a name or a noun: "Ben je…" but "Ben, how…"; "Wil je…"
# but "de wil"; "Zijn er…" but "zijn collega"; "Will you…" but "Will, what…";
# "May I…" but "in May". They count only when a subject follows.
AMBIGUOUS_OPENERS: frozenset[str] = frozenset({"ben", "wil", "zijn", "will", "may"})

# Words that make a following verb-first clause a question ("Heb JE…",
# "Is HET…", "Gaat HET…", "Did THE board…"): personal, demonstrative and
# indefinite pronouns, articles and possessives, Dutch and English.
SUBJECT_WORDS: frozenset[str] = frozenset(
    {
        "je", "jij", "u", "ge", "gij", "jullie", "ik", "we", "wij", "hij", "zij",
        "ze", "het", "t", "er", "dat", "dit", "die", "deze", "men", "de", "een",
        "jouw", "uw", "hun", "haar", "mijn", "ons", "onze", "iemand", "niemand",
        "iets", "niets", "alles", "iedereen", "daar", "hier",
        "you", "i", "he", "she", "it", "they", "there", "that", "this", "these",
        "those", "the", "a", "an", "your", "his", "her", "their", "my", "our",
        "its", "anyone", "anybody", "someone", "somebody", "anything",
        "something", "everyone", "everybody", "everything", "nobody", "nothing",
        "y'all", "ya",
    }
)  # fmt: skip

# Words a speaker puts before the actual question ("En hoe…", "Maar wat…",
# "Oké, wat…", "So what…", "Allee, …"): conjunctions and interjections that
# are never a verb or a question word. Skipped at the start of every clause.
FILLERS: frozenset[str] = frozenset(
    {
        "en", "maar", "of", "dus", "oké", "oke", "okee", "ok", "okay", "okido",
        "euh", "eh", "ehm", "uhm", "um", "uh", "hm", "hmm", "mm", "ja", "jaja",
        "jawel", "nee", "neen", "allee", "awel", "amai", "ah", "oh", "o", "ach",
        "tja", "goh", "nou",
        "and", "but", "or", "so", "well", "yes", "yeah", "yep", "no", "nope",
        "erm",
    }
)  # fmt: skip

# A whole last clause that turns a statement into a closed question:
# "Je was toen alleen, toch?", "…, of niet?", "…, right?". The short tags
# count only with a question mark ("Hij zei: nee." is no question).
TAG_QUESTIONS: frozenset[str] = frozenset(
    {"toch", "of niet", "niet waar", "nietwaar", "ja of nee", "right", "or not", "yes or no"}
)
SHORT_TAG_QUESTIONS: frozenset[str] = frozenset(
    {"ja", "nee", "niet", "juist", "correct", "hé", "yes", "no", "true"}
)

# Asides that are no question of their own ("…, denk ik, …", "…, zeg maar, …").
PARENTHETICALS: frozenset[str] = frozenset(
    {
        "denk ik", "vind ik", "dacht ik", "zeg ik", "weet je", "weet je wel",
        "zeg maar", "bijvoorbeeld", "i think", "i guess", "i mean", "i suppose",
        "you know", "for example", "for instance", "let's say",
    }
)  # fmt: skip

# A verb-first clause that is a condition when a main clause follows:
# "Mocht je twijfelen, wat doe je dan?", "Should you leave, who…".
CONDITIONAL_INVERSIONS: frozenset[str] = frozenset({"mocht", "mochten", "should"})

# Why questions: the words themselves, anywhere in the text ("Weet je waarom…"
# asks why as well), except right after these words ("That's why I ask…").
WHY_WORDS: frozenset[str] = frozenset({"waarom", "hoezo", "why"})
NOT_WHY_AFTER: frozenset[str] = frozenset({"that's", "thats", "that", "is", "daarom"})

# Little words that may stand between the words of a phrase below without
# changing it: "Heb je (er) (al) (eens) aan gedacht om…", "Have you (ever)
# (really) considered…".
PARTICLES: frozenset[str] = frozenset(
    {
        "al", "eens", "es", "nog", "ooit", "nu", "dan", "misschien", "gewoon",
        "gewoonweg", "toch", "wel", "even", "er", "ook", "zelf", "echt",
        "just", "maybe", "perhaps", "ever", "already", "also", "really",
        "simply", "then", "now", "possibly", "actually",
    }
)  # fmt: skip

# Word groups the phrases below refer to as {name}.
WORD_GROUPS: dict[str, frozenset[str]] = {
    "je": frozenset({"je", "jij", "u", "ge", "gij", "jullie"}),
    "heb": frozenset({"heb", "hebt", "heeft", "hebben"}),
    "kun": frozenset({"kun", "kunt", "kan", "kunnen"}),
    "zou": frozenset({"zou", "zoudt", "zouden", "zoudde"}),
    "moet": frozenset({"moet", "moeten"}),
    "wil": frozenset({"wil", "wilt", "willen"}),
    "obj": frozenset({"het", "t", "dat", "dit", "hem", "haar", "ze", "die", "hen", "hun"}),
    "you": frozenset({"you", "u", "ya", "we", "y'all"}),
    # Present-tense Dutch verbs of doing something about it: "Waarom PROBEER
    # je niet…", "Waarom VRAAG je haar niet…". Stems and t-forms.
    "doe": frozenset(
        {
            "probeer", "probeert", "proberen", "doe", "doet", "doen", "ga", "gaat",
            "gaan", "vraag", "vraagt", "praat", "spreek", "spreekt", "neem", "neemt",
            "zeg", "zegt", "bel", "belt", "stuur", "stuurt", "maak", "maakt", "kies",
            "kiest", "laat", "stop", "stopt", "geef", "geeft", "zoek", "zoekt", "leg",
            "legt", "plan", "plant", "schrijf", "schrijft", "gebruik", "gebruikt",
            "begin", "begint", "stel", "stelt", "pak", "pakt", "zet", "mail",
            "mailt", "contacteer", "contacteert", "betrek", "betrekt", "meld", "meldt",
            "deel", "deelt", "hou", "houdt", "delegeer", "delegeert", "trek", "trekt",
        }
    ),
    # English verbs of telling and explaining: "Could you maybe EXPLAIN…" is a
    # request for information, not advice.
    "tell": frozenset(
        {
            "tell", "explain", "describe", "say", "clarify", "elaborate", "share",
            "give", "walk", "expand", "repeat", "summarize", "summarise", "show",
        }
    ),
}  # fmt: skip

# Phrase syntax, used by the advice and why lists below. Words are separated by
# spaces; each is
#   word        that word;            a/b/c   one of these words;
#   {name}      a word of WORD_GROUPS; x?      the word x, or nothing;
#   ...         up to four other words (within the clause);
#   !a/b        the next word is none of these (matches no word itself).
# Up to three PARTICLES may stand between two words, except next to "...".

# Advice hidden in a question, matched at the start of any clause (after
# fillers): the forms in the product brief for the questioning round, Dutch and
# Flemish, plus the overt advice forms ("Ik zou…", "If I were you…").
ADVICE_AT_CLAUSE_START_NL: tuple[str, ...] = (
    "{heb} {je} ... al/ooit/eens ... overwogen/geprobeerd/uitgeprobeerd/gedacht/nagedacht",
    "{heb} {je} {obj}? overwogen/geprobeerd om/te",
    "{heb} {je} ... aan/eraan/over/erover gedacht/nagedacht om/te",
    "{zou} {je} {obj}? niet",
    "{zou} het niet beter/verstandiger/slimmer/handiger/makkelijker/eenvoudiger",
    "{zou} het helpen om/als",
    "{zou} {je} ... kunnen/moeten proberen/overwegen",
    "{kun} {je} {obj}? niet",
    "{moet} {je} {obj}? niet",
    "{wil} {je} {obj}? niet eens/liever/gewoon/even",
    "waarom {doe} {je} {obj}? niet",
    "wat als {je} eens/gewoon/misschien/gewoonweg",
    "is het geen idee/optie",
    "is het niet beter/verstandiger/slimmer/handiger/makkelijker",
    "misschien {kun}/{moet}/{zou} {je}",
    "misschien is het een idee/optie",
    "probeer eens/gewoon/misschien/even",
    "ik zou gewoon/eerst/zeker/sowieso/meteen/direct/eens/toch/dan",
    "als ik jou/u was",
    "in jouw/uw plaats",
    "je zou ... kunnen/moeten !zeggen/stellen/denken",
    "je {kun} misschien",
)
ADVICE_AT_CLAUSE_START_EN: tuple[str, ...] = (
    "have/haven't {you} considered/tried",
    "have/haven't {you} thought about/of",
    "did/didn't {you} think of",
    "why wouldn't/won't {you}",
    "why not just/try/ask/talk/tell/call/go",
    "why can't/cant {you} just",
    "wouldn't/wouldnt it be better/easier/wiser/smarter/simpler",
    "would it not be better/easier/wiser/smarter",
    "would it be better/wiser/an",
    "wouldn't/wouldnt it help",
    "would it help to/if",
    "isn't it better",
    "couldn't/couldnt/can't/cant {you} just/simply",
    "could/can {you} not just",
    "shouldn't/shouldnt {you}",
    "should {you} not",
    "what if {you} tried/just/simply/were",
    "could {you} maybe/perhaps !{tell}",
    "maybe/perhaps {you} could/should/can/might !{tell}",
    "is it an idea",
    "isn't it an idea",
    "how/what about trying/asking/talking/telling/speaking/calling/letting/giving/taking",
    "if i were you",
    "i would just/first/definitely/try/talk/ask/tell/call/speak/go/stop/report",
    "i'd just/first/definitely/try/talk/ask/tell/call/speak/go/stop/report",
    "you could try",
    "you should",
    "you might want to",
)

# Advice phrases that give themselves away anywhere in the text, also inside a
# sentence that does not start as a question ("Ik vraag me af of je al eens
# overwogen hebt om…", "I wonder whether you've considered…").
ADVICE_ANYWHERE: tuple[str, ...] = (
    "of {je} al/ooit ... overwogen/geprobeerd/gedacht/nagedacht",
    "of het geen idee/optie is",
    "of het niet beter/verstandiger is",
    "het lijkt me beter/verstandiger",
    "if/whether you've ... considered/tried",
    "if/whether {you} have ... considered/tried",
    "why don't/dont {you}",
    "wat dacht je ervan om",
)

# A bare condition as the whole (last) clause is a suggestion: "En als je nu
# eens met hem ging praten?", "And if you just told her?". With a main clause
# after it ("Als je eens terugdenkt, wat…") it is an open question.
ADVICE_BARE_CONDITIONS: tuple[str, ...] = (
    "als {je} eens/gewoon/misschien",
    "als {je} ... zou/zoudt/ging/probeerde/probeert",
    "stel dat {je} eens/gewoon",
    "if {you} just/simply/tried/were",
)

# Why asked in other words, anywhere in the text.
WHY_PHRASES: tuple[str, ...] = (
    "how come",
    "hoe komt/kwam het/dat/t",
    "om welke reden",
    "wat is/was de reden",
    "what is/was the reason",
    "what's the reason",
    "for what reason",
)


# ---------------------------------------------------------------------------
# Compiling the phrases
# ---------------------------------------------------------------------------

_WORD_END = r"(?![^ ])"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


_GAP = rf"(?: (?:{_alternation(PARTICLES)}){_WORD_END}){{0,3}}"
_ELLIPSIS = r"(?: [^ #]+){0,4}"


def _words_of(spec: str) -> frozenset[str]:
    words: set[str] = set()
    for part in spec.split("/"):
        if part.startswith("{") and part.endswith("}"):
            words |= WORD_GROUPS[part[1:-1]]
        else:
            words.add(part)
    return frozenset(words)


def _phrase_pattern(phrase: str) -> str:
    """A regex for a phrase, to match against " word word # word" text."""
    pieces: list[str] = []
    gap_allowed = False
    for item in phrase.split():
        if item == "...":
            pieces.append(_ELLIPSIS)
            gap_allowed = False
            continue
        if item.startswith("!"):
            pieces.append(rf"(?! (?:{_alternation(_words_of(item[1:]))}){_WORD_END})")
            continue
        optional = item.endswith("?")
        word = rf" (?:{_alternation(_words_of(item.rstrip('?')))}){_WORD_END}"
        piece = (_GAP if gap_allowed else "") + word
        pieces.append(f"(?:{piece})?" if optional else piece)
        gap_allowed = True
    return "".join(pieces)


def _compile(phrases: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{_phrase_pattern(phrase)})" for phrase in phrases))


class _Patterns:
    """The phrase patterns, compiled when the first question is classified: compiling
    them takes ~0.1 s, and every start (the home screen, `sessie-tui list`) imports this
    module through the session model without ever classifying a question."""

    @cached_property
    def advice_at_start(self) -> re.Pattern[str]:
        return _compile(ADVICE_AT_CLAUSE_START_NL + ADVICE_AT_CLAUSE_START_EN)

    @cached_property
    def advice_anywhere(self) -> re.Pattern[str]:
        return _compile(ADVICE_ANYWHERE)

    @cached_property
    def advice_bare(self) -> re.Pattern[str]:
        return _compile(ADVICE_BARE_CONDITIONS)

    @cached_property
    def why_phrases(self) -> re.Pattern[str]:
        return _compile(WHY_PHRASES)


_PATTERNS = _Patterns()

# ---------------------------------------------------------------------------
# Normalising and splitting
# ---------------------------------------------------------------------------

# Typographic apostrophes become "'" before NFKC (which would turn the acute
# accent "´" into a space and a combining mark).
_APOSTROPHES = str.maketrans(dict.fromkeys("’‘‛ʼ´`′", "'"))
# Invisible format characters (bidi marks, zero-width joiners, soft hyphen)
# are removed, so they cannot split a word; a zero-width space separates words.
_FORMAT_CHARS_RE = re.compile("[\u00ad\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# A word (letters, with inner apostrophes or hyphens: "don't", "time-out",
# "z'n"), or a clause boundary. Everything else (quotes, bullets, digits,
# emoji, control characters) only separates words.
_BOUNDARIES = frozenset(",;:.!?()[]{}—–-")  # NFKC has made "…" into "..."
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*|[,;:.!?()\[\]{}—–\-]")
_BOUNDARY = "#"


def _normalise(text: str) -> str:
    text = text[:MAX_ANALYSED_CHARS].translate(_APOSTROPHES)
    if not text.isascii():
        text = _FORMAT_CHARS_RE.sub("", text).replace("\u200b", " ")
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


class _Clause:
    __slots__ = ("ends_question", "raw", "words")

    def __init__(self, raw: list[str], ends_question: bool) -> None:
        self.raw = raw
        """The clause's words as written."""
        self.words = _strip_fillers(raw)
        """The words after any leading fillers."""
        self.ends_question = ends_question
        """The clause ends in a question mark."""


def _strip_fillers(words: list[str]) -> list[str]:
    start = 0
    while start < len(words) and words[start] in FILLERS:
        start += 1
    return words[start:]


def _clauses(tokens: list[str]) -> list[_Clause]:
    clauses: list[_Clause] = []
    current: list[str] = []
    for token in tokens:
        if token in _BOUNDARIES:
            if current:
                clauses.append(_Clause(current, token == "?"))
            current = []
        else:
            current.append(token)
    if current:
        clauses.append(_Clause(current, False))
    return clauses


# ---------------------------------------------------------------------------
# Classifying
# ---------------------------------------------------------------------------

_OPEN = "open"
_CLOSED = "closed"
_OTHER = "other"


def _clause_kind(words: list[str], *, opening: bool, last: bool) -> str:
    first = words[0]
    second = words[1] if len(words) > 1 else ""
    if " ".join(words) in PARENTHETICALS:
        return _OTHER
    if first in OPEN_WORDS_NL or first in OPEN_WORDS_EN:
        # "Wat hij zei, klopt dat?": a question word before a subject opens a
        # subordinate clause, not the question (a direct question inverts).
        if second in SUBJECT_WORDS and not last:
            return _OTHER
        return _OPEN
    if first in PREPOSITIONS and (second in OPEN_WORDS_NL or second in OPEN_WORDS_EN):
        return _OPEN
    if first in CONDITIONAL_INVERSIONS and not last:
        return _OTHER
    if first in CLOSED_AUXILIARIES_NL or first in CLOSED_AUXILIARIES_EN:
        needs_subject = first in AMBIGUOUS_OPENERS or not opening
        if not needs_subject or second in SUBJECT_WORDS:
            return _CLOSED
    elif first in CLOSED_VERBS_NL and second in SUBJECT_WORDS:
        return _CLOSED
    return _OTHER


def _is_closed(clauses: list[_Clause]) -> bool:
    opening = True
    for index, clause in enumerate(clauses):
        last = index == len(clauses) - 1
        if index and (last or clause.ends_question):
            tag = " ".join(clause.raw)
            if tag in TAG_QUESTIONS or (clause.ends_question and tag in SHORT_TAG_QUESTIONS):
                return True
        if not clause.words:
            continue
        kind = _clause_kind(clause.words, opening=opening, last=last)
        if kind != _OTHER:
            return kind == _CLOSED
        # A short lead ("Sarah, …", "Eerlijk gezegd, …") keeps the next clause
        # the opening.
        opening = opening and len(clause.words) <= 2
    return False


def _asks_why(tokens: list[str], text: str) -> bool:
    previous = ""
    for token in tokens:
        if token in WHY_WORDS and previous not in NOT_WHY_AFTER:
            return True
        previous = token
    return _PATTERNS.why_phrases.search(text) is not None


def _hides_advice(clauses: list[_Clause], text: str) -> bool:
    if _PATTERNS.advice_anywhere.search(text):
        return True
    for clause in clauses:
        if clause.words and _PATTERNS.advice_at_start.match(" " + " ".join(clause.words)):
            return True
    if clauses and clauses[-1].words:
        return _PATTERNS.advice_bare.match(" " + " ".join(clauses[-1].words)) is not None
    return False


def question_hints(text: str, *, why_allowed: bool = True) -> tuple[QuestionHint, ...]:
    """The hints for one logged question, in QuestionHint order; () when it fits.

    Never raises: text that is no question at all gets no hints.
    """
    if not isinstance(text, str):
        return ()
    tokens = _TOKEN_RE.findall(_normalise(text))
    if not tokens:
        return ()
    clauses = _clauses(tokens)
    joined = " " + " ".join(_BOUNDARY if token in _BOUNDARIES else token for token in tokens)
    found = {
        QuestionHint.CLOSED: _is_closed(clauses),
        QuestionHint.WHY: not why_allowed and _asks_why(tokens, joined),
        QuestionHint.HIDDEN_ADVICE: _hides_advice(clauses, joined),
    }
    return tuple(hint for hint in QuestionHint if found[hint])

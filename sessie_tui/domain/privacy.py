"""The privacy guard: details in a text that identify someone outside the room.

Intervision talks about pupils, parents, colleagues and clients who are not
there. A note may name them by accident, or give them away through an e-mail
address, a phone number, a national register number, an address or a date of
birth. The guard finds those details so the screens can flag them beside the
note (never blocking it) and the report screen can replace them by a label.

What counts, and what is left alone on purpose:

- **e-mail addresses**;
- **phone numbers**, Belgian (a 0 and 8 or 9 more digits: `0470 12 34 56`,
  `03/123.45.67`) and international (`+32 470 12 34 56`, `0032 3 …`, `+44 …`);
  times (`19:30`), years and meeting numbers are too short or of another form;
- **Belgian national register numbers** (`YY.MM.DD-XXX.CC`, with or without the
  punctuation) whose check digits are right, for those born before 2000 and
  after (97 minus the first nine digits modulo 97, with a 2 before them after 2000);
- **postal addresses**: a street with its number (`Kerkstraat 12`,
  `Grote Markt 3`, `Avenue Louise 54`, `rue de la Loi 16`) and a postcode with
  its municipality (`2000 Antwerpen`); the two are one detail when they follow
  each other;
- **dates of birth**: a date near "geboren", "°", "born", "geboortedatum" (or
  "geb.", "date of birth"), and any full date whose year is a plausible birth year
  (from 1920 to three years before the meeting), unless it is a date of the meeting
  itself (its date, the next meeting's);
- **names**: capitalised words that are no ordinary Dutch or English word and
  no participant's name. Ordinary words come from a vendored list
  (`common_words.txt`, its source and licence in its header: the most frequent
  words that a spelling dictionary accepts in lower case, so proper nouns stay
  out), with English weekdays and months, languages and nationalities, and the
  Belgian provinces, regions and larger cities added here. Places are no persons:
  a place on that list is left alone, any other place is flagged like a name (never
  blocking; the facilitator keeps it). Words in capitals only (`CLB`, `GON`) are
  taken for abbreviations. A word that starts a sentence is judged the same way,
  except a long one (more than `LONG_WORD` letters), which is far more often a
  Dutch compound ("Zorgcoördinator") than a name, and a form of a listed word
  ("Lerend", "Stimuleer") or two listed words ("Werkstress"); so a surname that
  is two words ("Hoogland") starts a sentence unflagged, and a surname that is
  itself a word ("Wouters", "Lambert") is never flagged alone. Names run on over particles
  ("Jan Van den Broeck") and over a capitalised word right after a name ("Jan
  Bakker").

Each finding carries a label to put in its place: for a name, the role the words
around it give ("leerling Tim", "Tim, een leerling" → the pupil; "juf", "collega"
→ the colleague; "mama", "vader" → the parent; "cliënt" → the client; else the
person concerned); for the others, its kind ("[e-mail]"). The label is a key of the
catalog (`privacy.label.*`): the screens translate it.

The guard never raises on any text (property tests with hostile text hold it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import cache
from importlib.resources import files

from .names import fold
from .record import record


class DetailKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    NATIONAL_NUMBER = "national_number"
    ADDRESS = "address"
    BIRTH_DATE = "birth_date"
    NAME = "name"


class Label(StrEnum):
    """What a detail is replaced by: a key under `privacy.label` in the catalog."""

    EMAIL = "email"
    PHONE = "phone"
    NATIONAL_NUMBER = "national_number"
    ADDRESS = "address"
    BIRTH_DATE = "birth_date"
    PUPIL = "pupil"
    COLLEAGUE = "colleague"
    PARENT = "parent"
    CLIENT = "client"
    PERSON = "person"


KIND_LABELS = {
    DetailKind.EMAIL: Label.EMAIL,
    DetailKind.PHONE: Label.PHONE,
    DetailKind.NATIONAL_NUMBER: Label.NATIONAL_NUMBER,
    DetailKind.ADDRESS: Label.ADDRESS,
    DetailKind.BIRTH_DATE: Label.BIRTH_DATE,
}

PRIORITY = tuple(DetailKind)
"""Where two findings overlap, the earlier kind wins: a name inside an e-mail address
is the address, a street's name is part of the address."""


@record
class Finding:
    """A stretch of text that may name someone or something identifying."""

    start: int
    end: int
    kind: DetailKind
    label: Label
    text: str


# -- the word list ------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LONG_WORD = 10
"""A sentence's first word longer than this is taken for an ordinary (compound) word."""

PLACES = _words(
    """
    belgië belgie belgium vlaanderen wallonië brussel bruxelles brussels nederland europa
    antwerpen limburg oost-vlaanderen west-vlaanderen vlaams-brabant waals-brabant
    henegouwen luik namen luxemburg gent brugge leuven mechelen aalst kortrijk hasselt
    genk oostende sint-niklaas roeselare turnhout dendermonde lokeren geel mol lier
    beveren ieper waregem vilvoorde halle tienen herentals aarschot charleroi liège
    namur mons bergen anvers gand louvain amsterdam rotterdam parijs paris londen london
    """
)
"""The Belgian regions, provinces and larger cities, and a few neighbours' capitals:
places, no persons (a postcode before one is still an address)."""

EXTRA_ORDINARY = PLACES | _words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december
    nederlands vlaams frans engels duits spaans italiaans turks arabisch pools
    belgisch nederlandstalig franstalig
    dutch flemish french english german spanish italian turkish arabic polish belgian
    god allah jezus christus pasen kerstmis kerst ramadan suikerfeest sinterklaas
    teams zoom smartschool informat outlook gmail whatsapp instagram tiktok youtube
    """
)
"""Capitalised in any sentence, yet no person: the places above, weekdays and months
(English capitalises them), languages, feasts and the software a school speaks of."""

TITLES = _words(
    "meneer mijnheer mevrouw mevr mevr. dhr dhr. mr mr. mrs mrs. ms ms. dr dr. juffrouw juf meester"
)
"""A capitalised word after one of these is a name even when it is also a word
("meneer Bakker")."""
SURNAME_PARTICLES = _words("van de der den vande vanden vander ter ten le la du von")
"""Capitalised and followed by a capitalised word, these begin a surname ("De Smet")."""

PARTICLES = _words(
    "van de der den ter ten te vande vanden vander het 't le la du des di da von dos"
)
"""Words between the parts of a name: "Van den Broeck", "de la Croix"."""


@cache
def ordinary_words() -> frozenset[str]:
    """The vendored list of ordinary words, lower case (read once)."""
    source = files(__package__).joinpath("common_words.txt").read_text(encoding="utf-8")
    words = (line.strip() for line in source.splitlines())
    return frozenset(word for word in words if word and not word.startswith("#")) | EXTRA_ORDINARY


# -- patterns -----------------------------------------------------------------------------

_UPPER = r"[^\W\d_a-zà-ÿ]"  # a letter that is not lower case (any script's capital)
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*")

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[^\W\d_]{2,24}(?![\w-])"
)
_SEP = r"[ \u00a0./-]?"
_NATIONAL = re.compile(
    r"(?<![\w+./-])(\d{2})\.?(\d{2})\.?(\d{2})[ .-]?(\d{3})[ .-]?(\d{2})(?![\w]|[./-]\d)"
)
_PHONE_BE = re.compile(rf"(?<![\w+./:-])0(?:{_SEP}\d){{8,9}}(?!\w|[ \u00a0./:-]\d)")
_PHONE_INTL = re.compile(
    rf"(?<![\w+./:-])(?:\+|00)[1-9]\d{{0,2}}(?:{_SEP}(?:\(0\)[ \u00a0]?)?\d){{6,13}}"
    rf"(?!\w|[ \u00a0./:-]\d)"
)

_STREET_WORDS = (
    "straat|laan|lei|plein|weg|steenweg|dreef|kaai|kade|markt|baan|pad|vest|dijk|singel|"
    "gracht|wal|hof|dam|plaats|park|berg|veld|hoek|heide|kouter|meers|dries|"
    "boulevard|square|street|road|lane|avenue"
)
_STRONG_STREET = re.compile(
    r"(?:straat|laan|lei|steenweg|dreef|kaai|kade|plein|markt|baan|vest|dijk|singel|gracht|"
    r"boulevard|street|road|lane|avenue)$",
    re.IGNORECASE,
)
"""Endings that make a street whatever comes before; the others ("-weg", "-hof",
"-veld") only on a word that is no ordinary one ("Vergadering 4", "Onderweg 3")."""
_STREET_PREFIX = (
    r"(?:(?:Grote|Kleine|Oude|Nieuwe|Lange|Korte|Hoge|Lage|Sint|Koning|Koningin|Prins|"
    r"Prinses|Generaal|Burgemeester|Pastoor|Dokter|Kardinaal|Onze-Lieve-Vrouw)[ -])*"
)
_NUMBER = r"\d{1,4}(?:[ ]?[a-zA-Z](?![\w]))?(?:[ ]?(?:bus|bte|b)[ ]?\d{1,4})?"
_STREET_NL = re.compile(
    rf"(?<![\w-]){_STREET_PREFIX}(?P<street>(?={_UPPER})[\w'’-]*(?i:{_STREET_WORDS}))"
    rf"[ ,]+{_NUMBER}(?!\w)",
)
_STREET_WORD_FIRST = re.compile(
    r"(?<![\w-])(?:[Aa]venue|[Rr]ue|[Bb]oulevard|[Cc]haussée|[Pp]lace|[Cc]hemin|[Qq]uai|"
    r"[Ss]quare|[Aa]llée|[Ii]mpasse|[Dd]reef|[Pp]lein)"
    r"(?:[ ](?:de|du|des|la|le|l'|d'|van|der|den))*[ ]" + _UPPER + r"[\w'’-]*"
    r"(?:[ ]" + _UPPER + rf"[\w'’-]*)*[ ,]+{_NUMBER}(?!\w)"
)
_STREET_NUMBER_FIRST = re.compile(
    rf"(?<![\w-])\d{{1,4}}[ ]{_UPPER}[\w'’-]*(?:[ ]{_UPPER}[\w'’-]*)*[ ]"
    r"(?:Street|Road|Lane|Avenue|Drive|Square|Place)(?!\w)"
)
_POSTCODE = re.compile(rf"(?<![\w.,/:-])[1-9]\d{{3}}[ ]({_UPPER}[\w'’]*(?:-{_UPPER}?[\w'’]+)*)")
_POSSESSIVE = re.compile(r"['’]s$")
_ADDRESS_JOIN = re.compile(r"[ ]*,?[ ]*(?:\n[ ]*)?")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "januari jan january",
            "februari feb febr february",
            "maart mrt march mar",
            "april apr",
            "mei may",
            "juni jun june",
            "juli jul july",
            "augustus aug august",
            "september sep sept",
            "oktober okt october oct",
            "november nov",
            "december dec",
        ],
        start=1,
    )
    for name in names.split()
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_NUMERIC = re.compile(
    r"(?<![\w./:-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\w]|[./:-]\d)"
)
_DATE_ISO = re.compile(r"(?<![\w./:-])(\d{4})-(\d{2})-(\d{2})(?![\w]|[./:-]\d)")
_DATE_WORDS = re.compile(
    rf"(?<![\w.])(\d{{1,2}})(?:e|ste|de|st|nd|rd|th)?[ ]+({_MONTH_NAMES})\.?[ ]+(\d{{4}})(?!\w)",
    re.IGNORECASE,
)
_DATE_WORDS_EN = re.compile(
    rf"(?<![\w.])({_MONTH_NAMES})\.?[ ]+(\d{{1,2}})(?:st|nd|rd|th)?,?[ ]+(\d{{4}})(?!\w)",
    re.IGNORECASE,
)
_BIRTH_CUE = re.compile(
    r"(?:geboren|geb\.|geboortedatum|geboortedag|°|born|date of birth|birth date|"
    r"birthday|dob|verjaardag)",
    re.IGNORECASE,
)
BIRTH_CUE_REACH = 30
"""Characters before a date in which a cue ("geboren op") makes it a date of birth."""
OLDEST_BIRTH_YEAR = 1920
YOUNGEST_AGE = 3

_SENTENCE_END = re.compile(r"(?:^|[.!?:;…•*>\n\r\u2028\u2029]|^[ \t]*[-–—]|\n[ \t]*[-–—])[\W\d_]*$")

_ROLE_WORDS = {
    Label.PUPIL: (
        "leerling leerlingen leerlingske kind kindje kleuter kleutertje jongen jongetje "
        "meisje zoon zoontje dochter dochtertje student studente cursist pupil child kid "
        "boy girl son daughter"
    ),
    Label.COLLEAGUE: (
        "collega collega's directeur directrice juf juffrouw meester leerkracht leraar "
        "lerares klastitularis zorgcoördinator zorgleerkracht coördinator begeleider "
        "begeleidster mentor coach teacher colleague principal headteacher head"
    ),
    Label.PARENT: (
        "moeder vader mama papa mams paps ouder ouders stiefmoeder stiefvader pleegmoeder "
        "pleegvader grootmoeder grootvader oma opa voogd mother father mum mom dad parent "
        "stepmother stepfather grandmother grandfather guardian"
    ),
    Label.CLIENT: (
        "cliënt client cliënte patiënt patient patiënte bewoner bewoonster hulpvrager "
        "deelnemer jongere klant resident"
    ),
}
ROLES = {word: label for label, words in _ROLE_WORDS.items() for word in words.split()}
ROLE_REACH = 3
"""Words before or after a name in which a role word gives its label."""
DETERMINERS = _words(
    "de het een mijn m'n onze ons zijn z'n haar hun jouw je uw the a an my our his her their your"
)
"""Before a role word, these go with it when the name is replaced ("mijn collega Hilde")."""
_SENTENCE_BREAK = re.compile(r"[.!?;\n]")
_ROLE_STOP = frozenset({"van", "of", "en", "and", "met", "with", "bij"})
"""A role word beyond these belongs to someone else: "de moeder van Tim"."""


# -- finding ------------------------------------------------------------------------------


def _national_number_valid(digits: str) -> bool:
    """The check digits of a Belgian national register number, born before or after 2000."""
    base, check = int(digits[:9]), int(digits[9:])
    return check in (97 - base % 97, 97 - (2_000_000_000 + base) % 97)


def _date_of(day: int, month: int, year: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _full_year(year: str, reference: int) -> int:
    if len(year) == 4:
        return int(year)
    value = int(year)
    century = 2000 if 2000 + value <= reference else 1900
    return century + value


_INFLECTIONS = (("ende", "en"), ("end", "en"), ("eer", "eren"))
"""A sentence may start with a form the list lacks: "Lerend" (leren), "Stimuleer"
(stimuleren)."""
MIN_COMPOUND_PART = 4


def _inflected_or_compound(lower: str) -> bool:
    """Whether a word the list lacks is still an ordinary one: an inflected form of a
    listed verb, or two listed words of four letters or more ("werk" + "stress", with a
    linking "s" or "e" between: "ondernemings" + "enquête").

    Asked of a sentence's first word only: a surname may be two words too ("Bergman"),
    and mid-sentence a capital says more than the letters do.
    """
    words = ordinary_words()
    for ending, base in _INFLECTIONS:
        if lower.endswith(ending) and lower[: -len(ending)] + base in words:
            return True
    for cut in range(MIN_COMPOUND_PART, len(lower) - MIN_COMPOUND_PART + 1):
        head, tail = lower[:cut], lower[cut:]
        if tail not in words:
            continue
        linked = head[-1] in "se" and len(head) > MIN_COMPOUND_PART and head[:-1] in words
        if head in words or linked:
            return True
    return False


class PrivacyGuard:
    """Finds the details of one session's texts: its participants and dates known."""

    CACHE_LIMIT = 20_000
    """Texts remembered with their findings: the screens ask again on every repaint."""

    def __init__(
        self,
        participants: Iterable[str] = (),
        meeting_dates: Iterable[str] = (),
        reference_year: int | None = None,
    ) -> None:
        self._participant_words: set[str] = set()
        self._participant_names: set[str] = set()
        for name in participants:
            folded = fold(name)
            if folded:
                self._participant_names.add(folded)
                # "Pieter-Jan Goossens": "Pieter-Jan", "Pieter", "Jan" and "Goossens".
                parts = name.split() + re.split(r"[\s-]+", name)
                self._participant_words.update(fold(part) for part in parts)
        self._participant_words.discard("")
        self._meeting_dates = {value for value in meeting_dates if value}
        self._reference = reference_year or dt.date.today().year
        if self._meeting_dates:
            years = [int(value[:4]) for value in self._meeting_dates if value[:4].isdigit()]
            if years and reference_year is None:
                self._reference = min(years)
        self._cache: dict[str, tuple[Finding, ...]] = {}

    def check(self, text: str) -> tuple[Finding, ...]:
        """Every detail in `text`, in order, none overlapping another."""
        if not isinstance(text, str) or not text:
            return ()
        known = self._cache.get(text)
        if known is not None:
            return known
        found = self._find(text)
        if len(self._cache) >= self.CACHE_LIMIT:
            self._cache.clear()
        self._cache[text] = found
        return found

    def _find(self, text: str) -> tuple[Finding, ...]:
        candidates: list[Finding] = []
        candidates += self._emails(text)
        if _DIGIT.search(text):  # numbers, dates and addresses all have a digit
            candidates += self._national_numbers(text)
            candidates += self._phones(text)
            candidates += self._birth_dates(text)
            candidates += self._addresses(text)
        taken: list[Finding] = []
        for finding in sorted(candidates, key=lambda f: (PRIORITY.index(f.kind), f.start)):
            if not any(finding.start < o.end and o.start < finding.end for o in taken):
                taken.append(finding)
        taken += [
            name
            for name in self._names(text)
            if not any(name.start < o.end and o.start < name.end for o in taken)
        ]
        return tuple(sorted(taken, key=lambda f: f.start))

    @staticmethod
    def _finding(text: str, start: int, end: int, kind: DetailKind, label: Label) -> Finding:
        return Finding(start, end, kind, label, text[start:end])

    def _emails(self, text: str) -> list[Finding]:
        if "@" not in text:
            return []
        return [
            self._finding(text, m.start(), m.end(), DetailKind.EMAIL, Label.EMAIL)
            for m in _EMAIL.finditer(text)
        ]

    def _national_numbers(self, text: str) -> list[Finding]:
        found = []
        for m in _NATIONAL.finditer(text):
            if _national_number_valid("".join(m.groups())):
                found.append(
                    self._finding(
                        text, m.start(), m.end(), DetailKind.NATIONAL_NUMBER, Label.NATIONAL_NUMBER
                    )
                )
        return found

    def _phones(self, text: str) -> list[Finding]:
        found = []
        for pattern in (_PHONE_INTL, _PHONE_BE):
            for m in pattern.finditer(text):
                found.append(self._finding(text, m.start(), m.end(), DetailKind.PHONE, Label.PHONE))
        return found

    def _dates(self, text: str) -> Iterable[tuple[int, int, dt.date]]:
        for m in _DATE_NUMERIC.finditer(text):
            year = _full_year(m.group(4), self._reference)
            date = _date_of(int(m.group(1)), int(m.group(3)), year)
            if date is not None:
                yield m.start(), m.end(), date
        for m in _DATE_ISO.finditer(text):
            date = _date_of(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if date is not None:
                yield m.start(), m.end(), date
        for m in _DATE_WORDS.finditer(text):
            month = _MONTHS[m.group(2).lower()]
            date = _date_of(int(m.group(1)), month, int(m.group(3)))
            if date is not None:
                yield m.start(), m.end(), date
        for m in _DATE_WORDS_EN.finditer(text):
            month = _MONTHS[m.group(1).lower()]
            date = _date_of(int(m.group(2)), month, int(m.group(3)))
            if date is not None:
                yield m.start(), m.end(), date

    def _birth_dates(self, text: str) -> list[Finding]:
        found = []
        for start, end, date in self._dates(text):
            if date.isoformat() in self._meeting_dates:
                continue
            cued = _BIRTH_CUE.search(text, max(0, start - BIRTH_CUE_REACH), start) is not None
            plausible = OLDEST_BIRTH_YEAR <= date.year <= self._reference - YOUNGEST_AGE
            if cued or plausible:
                found.append(
                    self._finding(text, start, end, DetailKind.BIRTH_DATE, Label.BIRTH_DATE)
                )
        return found

    def _addresses(self, text: str) -> list[Finding]:
        spans = []
        for m in _STREET_NL.finditer(text):
            street = m.group("street")
            if _STRONG_STREET.search(street) or not self._ordinary(street):
                spans.append((m.start(), m.end()))
        for pattern in (_STREET_WORD_FIRST, _STREET_NUMBER_FIRST):
            spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
        for m in _POSTCODE.finditer(text):
            town = m.group(1)
            if town.lower() in PLACES or not self._ordinary(town):
                spans.append((m.start(), m.end()))
        # Longest first among overlaps, then a street and the postcode after it made one.
        spans.sort(key=lambda span: (span[0], -span[1]))
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
                continue
            if merged:
                between = text[merged[-1][1] : start]
                if _ADDRESS_JOIN.fullmatch(between):
                    merged[-1][1] = end
                    continue
            merged.append([start, end])
        return [
            self._finding(text, start, end, DetailKind.ADDRESS, Label.ADDRESS)
            for start, end in merged
        ]

    # -- names ----------------------------------------------------------------------------

    def _ordinary(self, word: str) -> bool:
        lower = word.lower()
        words = ordinary_words()
        if lower in words or lower in TITLES:
            return True
        # "CLB-medewerker", "Sint-Jozef": every part an ordinary word or an abbreviation.
        parts = [part for part in re.split(r"[-'’]", word) if part]
        return len(parts) > 1 and all(
            part.lower() in words or len(part) < 2 or part.isupper() for part in parts
        )

    def _participant(self, word: str) -> bool:
        return fold(word) in self._participant_words

    @staticmethod
    def _capitalised(word: str) -> bool:
        """A capital first, and lower-case letters after it: no abbreviation in capitals."""
        return word[0].isupper() and any(char.islower() for char in word[1:])

    def _names(self, text: str) -> list[Finding]:
        words = list(_WORD.finditer(text))
        found: list[Finding] = []
        index = 0
        while index < len(words):
            run = self._name_run(text, words, index)
            if run is None:
                index += 1
                continue
            first, last = run
            start, end = words[first].start(), words[last].end()
            possessive = _POSSESSIVE.search(text, start, end)
            if possessive is not None:
                end = possessive.start()  # "Sarah's vader": the name is "Sarah"
            name = text[start:end]
            if fold(name) not in self._participant_names:
                label = self._role(text, words, first, last, forward=possessive is None)
                start = self._with_role_word(text, words, first)
                found.append(self._finding(text, start, end, DetailKind.NAME, label))
            index = last + 1
        return found

    @staticmethod
    def _with_role_word(text: str, words: list[re.Match[str]], first: int) -> int:
        """Where a name's detail starts: with the role word or title right before it, and
        the article or possessive before that ("mijn collega Hilde", "Leerling Tim",
        "mevrouw De Smet"), so that its label ("de collega") reads in their place."""
        start = words[first].start()
        checks: tuple[Callable[[str], bool], ...] = (
            lambda w: w in ROLES or w in TITLES,
            lambda w: w in DETERMINERS,
        )
        for wanted in checks:
            before = first - 1
            if before < 0 or text[words[before].end() : start] != " ":
                break
            if not wanted(words[before].group().lower()):
                break
            first, start = before, words[before].start()
        return start

    def _sentence_start(self, text: str, start: int) -> bool:
        return _SENTENCE_END.search(text, max(0, start - 12), start) is not None or start == 0

    def _unknown(self, text: str, word: re.Match[str]) -> bool:
        """A capitalised word that is no ordinary word and no participant's name."""
        value = word.group()
        if len(value) < 2 or not self._capitalised(value):
            return False
        if self._ordinary(value) or self._participant(value):
            return False
        if not self._sentence_start(text, word.start()):
            return True
        return not (len(value) > LONG_WORD or _inflected_or_compound(value.lower()))

    def _name_run(
        self, text: str, words: list[re.Match[str]], index: int
    ) -> tuple[int, int] | None:
        """The words of one name starting at `index`: (first, last), or None."""
        if not self._capitalised(words[index].group()) or len(words[index].group()) < 2:
            return None
        last = index
        unknown = self._unknown(text, words[index]) or self._after_title(text, words, index)
        if self._surname_particle(text, words, index):
            unknown = True
        probe = index + 1
        while probe < len(words):
            gap = text[words[probe - 1].end() : words[probe].start()]
            if gap not in (" ", "\u00a0"):
                break
            word = words[probe].group()
            if word.lower() in PARTICLES and not self._capitalised(word):
                # "van den" between two parts of a name: look past the particles.
                ahead = probe
                while ahead < len(words) and words[ahead].group().lower() in PARTICLES:
                    ahead += 1
                if ahead >= len(words) or not self._capitalised(words[ahead].group()):
                    break
                probe = ahead
                continue
            if not self._capitalised(word):
                break
            if self._unknown(text, words[probe]):
                unknown = True
            elif not unknown and not self._particle_or_participant(word):
                break  # two ordinary capitalised words ("Grote Markt"): not a name
            last = probe
            probe += 1
        if not unknown:
            return None
        # A capitalised particle before the name belongs to it: "mevrouw De Smet".
        first = index
        while first > 0 and words[first - 1].group().lower() in PARTICLES:
            gap = text[words[first - 1].end() : words[first].start()]
            if gap != " " or not self._capitalised(words[first - 1].group()):
                break
            first -= 1
        # A leading ordinary word that is no particle or participant is no part of it.
        while first < last and not (
            self._unknown(text, words[first]) or self._particle_or_participant(words[first].group())
        ):
            first += 1
        return first, last

    @staticmethod
    def _after_title(text: str, words: list[re.Match[str]], index: int) -> bool:
        """Right after "meneer", "mevrouw", "juf"…: a name, whatever the word."""
        if index == 0:
            return False
        before = words[index - 1]
        title = before.group().lower()
        gap = text[before.end() : words[index].start()]
        if gap.startswith("."):
            title, gap = title + ".", gap[1:]
        return title in TITLES and gap in (" ", "\u00a0")

    def _surname_particle(self, text: str, words: list[re.Match[str]], index: int) -> bool:
        """ "De Smet", "Van Dyck": a capitalised particle and a capitalised word after it."""
        word = words[index].group()
        if word.lower() not in SURNAME_PARTICLES or index + 1 >= len(words):
            return False
        gap = text[words[index].end() : words[index + 1].start()]
        following = words[index + 1].group()
        return gap == " " and self._capitalised(following) and not self._participant(following)

    def _particle_or_participant(self, word: str) -> bool:
        return word.lower() in PARTICLES or self._participant(word)

    def _role(
        self, text: str, words: list[re.Match[str]], first: int, last: int, forward: bool = True
    ) -> Label:
        """The role the words around a name give it, nearest first, in its sentence."""
        before = range(first - 1, max(-1, first - 1 - ROLE_REACH), -1)
        after = range(last + 1, min(len(words), last + 1 + ROLE_REACH)) if forward else ()
        for indexes, near in ((before, first), (after, last)):
            for index in indexes:
                low, high = sorted((index, near))
                if _SENTENCE_BREAK.search(text, words[low].end(), words[high].start()):
                    break
                word = words[index].group().lower()
                if word in _ROLE_STOP:
                    break
                if word in ROLES:
                    return ROLES[word]
        return Label.PERSON


# -- replacing ----------------------------------------------------------------------------


def _capitalised_at(text: str, start: int, replacement: str) -> str:
    """The replacement with a capital when it starts a sentence ("De leerling kwam")."""
    before = text[:start].rstrip(" \t\"'“‘(")
    if not before or before[-1] in ".!?\n":
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _whole(piece: str) -> str:
    """A detail as a whole piece: no letter glued to it where it starts or ends with one."""
    escaped = re.escape(piece)
    if re.match(r"\w", piece):
        escaped = r"(?<!\w)" + escaped
    if re.search(r"\w$", piece):
        escaped += r"(?!\w)"
    return escaped


class DetailReplacer:
    """Replaces each detail, wherever it stands as a whole, by its label."""

    def __init__(self, replacements: dict[str, str]) -> None:
        self.replacements = {key: value for key, value in replacements.items() if key}
        pieces = sorted(self.replacements, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(_whole, pieces))) if pieces else None

    def found(self, text: str) -> bool:
        return self._pattern is not None and self._pattern.search(text) is not None

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        out: list[str] = []
        position = 0
        for match in self._pattern.finditer(text):
            out.append(text[position : match.start()])
            label = self.replacements[match.group()]
            out.append(_capitalised_at(text, match.start(), label))
            position = match.end()
        out.append(text[position:])
        return "".join(out)

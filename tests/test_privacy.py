"""The privacy guard: what it flags in a note, what it must leave alone, and that it
never fails on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessie_tui.domain.privacy import DetailKind, DetailReplacer, Label, PrivacyGuard

from hostile import TEXT, paste

PARTICIPANTS = ["Annelies Claes", "Bart Verhaegen", "Fatima El Amrani", "Jan Peeters"]
GUARD = PrivacyGuard(PARTICIPANTS, ["2026-11-23", "2026-12-14"], reference_year=2026)


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind.value, f.text) for f in GUARD.check(text)]


def national_number(yymmdd: str, serial: str, after_2000: bool) -> str:
    """A national register number with correct check digits, as `YY.MM.DD-SSS.CC`."""
    base = int(yymmdd + serial)
    check = 97 - ((2_000_000_000 if after_2000 else 0) + base) % 97
    return f"{yymmdd[:2]}.{yymmdd[2:4]}.{yymmdd[4:]}-{serial}.{check:02d}"


# -- what it finds, kind by kind ----------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["tim.wouters@school.be", "ouders+tim@telenet.be", "j.de-smet@gemeente.antwerpen.be"],
)
def test_email_addresses(address: str) -> None:
    assert found(f"Mail naar {address}, graag.") == [("email", address)]


@pytest.mark.parametrize(
    "number",
    [
        "0470 12 34 56",
        "0470123456",
        "0470/12.34.56",
        "03/123.45.67",
        "09 234 56 78",
        "+32 470 12 34 56",
        "+32 (0)3 123 45 67",
        "0032 470 12 34 56",
        "+31 6 12345678",
        "+44 20 7946 0958",
    ],
)
def test_phone_numbers(number: str) -> None:
    assert found(f"Bel de mama op {number} na school.") == [("phone", number)]


@pytest.mark.parametrize(
    "number",
    [
        national_number("850730", "033", after_2000=False),
        national_number("120304", "157", after_2000=True),
        national_number("050312", "123", after_2000=True),
    ],
)
def test_national_register_numbers_with_and_without_punctuation(number: str) -> None:
    assert found(f"Rijksregisternummer {number} staat op het formulier.") == [
        ("national_number", number)
    ]
    bare = "".join(char for char in number if char.isdigit())
    assert found(f"Rijksregisternummer {bare} staat op het formulier.") == [
        ("national_number", bare)
    ]


def test_a_national_register_number_with_wrong_check_digits_is_none() -> None:
    number = national_number("850730", "033", after_2000=False)
    wrong = number[:-2] + f"{(int(number[-2:]) + 1) % 100:02d}"
    assert ("national_number", wrong) not in found(f"Nummer {wrong}.")


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Hij woont in de Kerkstraat 12 bij zijn oma.", "Kerkstraat 12"),
        ("Ze woont Avenue Louise 54 in Brussel.", "Avenue Louise 54"),
        ("Het gezin woont Grote Markt 3a.", "Grote Markt 3a"),
        (
            "Adres: Lange Lozanastraat 14 bus 2, 2018 Antwerpen.",
            "Lange Lozanastraat 14 bus 2, 2018 Antwerpen",
        ),
        ("Verhuisd naar 9000 Gent vorige maand.", "9000 Gent"),
        ("Kerkweg 5 is het huis.", "Kerkweg 5"),
    ],
)
def test_postal_addresses(text: str, address: str) -> None:
    assert ("address", address) in found(text)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Tim is geboren op 12/03/2015 in Gent.", "12/03/2015"),
        ("Lotte (° 4 mei 2016) zit in het eerste.", "4 mei 2016"),
        ("Born March 3, 2010 in Leuven.", "March 3, 2010"),
        ("Geboortedatum: 2012-05-04.", "2012-05-04"),
        ("Hij is geboren op 3 maart 2025.", "3 maart 2025"),
        ("Zijn verjaardag is 03.02.2014, dan trakteert hij.", "03.02.2014"),
    ],
)
def test_dates_of_birth(text: str, date: str) -> None:
    assert ("birth_date", date) in found(text)


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("Leerling Tim kwam opnieuw te laat.", "Leerling Tim", Label.PUPIL),
        ("Yasmine, een leerling van het vijfde, huilde.", "Yasmine", Label.PUPIL),
        ("Juf Els zegt dat het goed gaat.", "Juf Els", Label.COLLEAGUE),
        (
            "Mijn collega Hilde Verstraeten is boos.",
            "Mijn collega Hilde Verstraeten",
            Label.COLLEAGUE,
        ),
        ("Mama Sarah belde de school.", "Mama Sarah", Label.PARENT),
        ("De cliënt, Ahmed, kwam niet opdagen.", "Ahmed", Label.CLIENT),
        ("Ik sprak met Lucas over zijn werk.", "Lucas", Label.PERSON),
        ("Jan Van den Broeck zit in het vijfde.", "Jan Van den Broeck", Label.PERSON),
        ("Mevrouw De Smet belde.", "Mevrouw De Smet", Label.PERSON),
        ("Meneer Bakker belde ook.", "Meneer Bakker", Label.PERSON),
        ("Tom kwam binnen.", "Tom", Label.PERSON),
    ],
)
def test_names_with_the_role_around_them(text: str, name: str, label: Label) -> None:
    hits = [f for f in GUARD.check(text) if f.kind is DetailKind.NAME]
    assert [(f.text, f.label) for f in hits] == [(name, label)]


def test_a_role_word_goes_with_the_name_so_the_label_reads_in_its_place() -> None:
    text = "Gisteren zei mijn collega Hilde dat leerling Tim huilde."
    replace = DetailReplacer({f.text: f.label.value for f in GUARD.check(text)})
    assert replace(text) == "Gisteren zei colleague dat pupil huilde."


def test_the_mother_of_a_child_gives_the_child_no_parents_label() -> None:
    (hit,) = GUARD.check("De moeder van Lotte belde.")
    assert (hit.text, hit.label) == ("Lotte", Label.PERSON)


def test_a_possessive_leaves_the_name_alone() -> None:
    (hit,) = GUARD.check("Ik zag Sarah's fiets.")
    assert hit.text == "Sarah"


# -- what it must leave alone -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kinderen zijn welkom. Ouders ook. Maandag is de vergadering.",
        "Annelies vraagt of Bart om 19:30 kan; Fatima El Amrani ook.",
        "Jan Peeters en Annelies Claes nemen het woord.",
        "Vergadering 4 op 23/11/2026, de volgende op 14/12/2026.",
        "Het CLB en de GON-begeleider komen in januari.",
        "Zorgcoördinator vindt dat de CLB-medewerker moet bellen.",
        "We spreken af in Antwerpen, Gent of Brussel.",
        "The teacher said we meet on Monday in March.",
        "Wat zou jij doen? Waarom? Omdat het moet.",
        "Om 19u30 in lokaal 12, bijeenkomst nummer 4.",
        "In 2024 waren er 120 leerlingen; 35% haalde het.",
        "Een incident van 12/10/2025 is besproken.",
        "Bel 112 of 1712 als het nodig is.",
        "Lerend netwerk. Stimuleer hem. Werkstress is hoog. Tweederden doet mee.",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert found(text) == []


def test_a_surname_that_starts_a_sentence_is_still_flagged() -> None:
    assert found("Goossens zegt dat. Vermeulen ook.") == [
        ("name", "Goossens"),
        ("name", "Vermeulen"),
    ]


def test_a_participants_name_beside_another_name_is_part_of_it() -> None:
    """A participant's first name with a stranger's surname is the stranger."""
    assert found("Jan Goossens is de vader.") == [("name", "Jan Goossens")]


def test_a_participants_double_first_name_is_theirs() -> None:
    guard = PrivacyGuard(["Pieter-Jan Goossens"])
    assert guard.check("Pieter-Jan komt vanuit een directie; Pieter ook.") == ()


def test_participants_are_found_however_they_are_spelled() -> None:
    guard = PrivacyGuard(["Zoë Çelik"])
    assert guard.check("Zoe en ZOË en Çelik praten.") == ()


# -- replacing ----------------------------------------------------------------------------


def test_replacing_keeps_the_rest_and_capitalises_a_sentence_start() -> None:
    replace = DetailReplacer({"Tim": "de leerling", "0470 12 34 56": "[telefoonnummer]"})
    assert replace("Tim belde 0470 12 34 56. Daarna zei Tim niets; Timothy wel.") == (
        "De leerling belde [telefoonnummer]. Daarna zei de leerling niets; Timothy wel."
    )


def test_replacing_a_detail_that_starts_with_a_sign() -> None:
    replace = DetailReplacer({"+32 470 12 34 56": "[telefoonnummer]"})
    assert replace("tel:+32 470 12 34 56") == "tel:[telefoonnummer]"


# -- any text -----------------------------------------------------------------------------


def _check_findings(text: str) -> None:
    findings = PrivacyGuard(PARTICIPANTS, ["2026-11-23"]).check(text)
    previous_end = 0
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert finding.start >= previous_end  # in order, never overlapping
        previous_end = finding.end


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_never_fails_and_every_span_lies_in_the_text(text: str) -> None:
    _check_findings(text)


DETAILS = st.sampled_from(
    [
        "Tim",
        "jan.peeters@school.be",
        "0470 12 34 56",
        "+32 470 12 34 56",
        national_number("850730", "033", after_2000=False),
        "Kerkstraat 12",
        "2000 Antwerpen",
        "geboren 12/03/2015",
        "De Smet",
        "Annelies",
        "19:30",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT, DETAILS, st.just(" ")), max_size=8).map("".join))
def test_details_amid_hostile_text(text: str) -> None:
    _check_findings(text)
    replace = DetailReplacer({f.text: "[x]" for f in GUARD.check(text)})
    replaced = replace(text)
    assert isinstance(replaced, str)


def test_a_long_paste_is_checked_quickly() -> None:
    text = paste("Leerling Tim belde 0470 12 34 56 vanuit de Kerkstraat 12. ", 100_000)
    findings = PrivacyGuard(PARTICIPANTS).check(text)
    assert {f.kind for f in findings} == {DetailKind.NAME, DetailKind.PHONE, DetailKind.ADDRESS}

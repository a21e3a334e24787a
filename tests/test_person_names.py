"""Finding a person in free text, however the name was typed; the rest stays as typed."""

from __future__ import annotations

import unicodedata

import pytest

from sessie_tui.domain.names import PersonFinder, person_forms

NAME = "Zoë Van den Broeck-Çelik"


@pytest.mark.parametrize(
    ("typed", "left"),
    [
        ("Dank, ZOË VAN DEN BROECK-ÇELIK!", "Dank, X!"),
        (unicodedata.normalize("NFD", "(zoë van den broeck-çelik)"), "(X)"),
        ("Zoë\u00a0Van den\tBroeck – Çelik zei", "X zei"),  # no-break space, tab, en dash
        ("Zo\u200bë Van den Broeck-Ç\u00adelik", "X"),  # zero-width space, soft hyphen
        ("ＺＯＥ ＶＡＮ ＤＥＮ ＢＲＯＥＣＫ ÇＥＬＩＫ", "X"),  # full-width letters
        ("Zoë's idee", "X's idee"),
        ("Zoe\u0308\u0301 lachte", "X lachte"),  # the marks after the name go with it
        ("Zoëlla en Çeliker en broeckje", "Zoëlla en Çeliker en broeckje"),  # not a word of it
        ("van den Broeck en Van Den Broeck-Celik", "X en X"),
    ],
)
def test_every_spelling_is_found_and_only_the_name_replaced(typed: str, left: str) -> None:
    finder = PersonFinder(person_forms([NAME], ["An Peeters"]))
    assert finder.replace(typed, "X") == left


def test_what_someone_else_is_also_called_is_withheld_not_erased() -> None:
    forms = person_forms([NAME], ["Zoë Peeters", "Jan Çelik"])
    finder = PersonFinder(forms)
    assert forms.withheld == ("Zoë", "Çelik")
    assert finder.replace("Zoë, Çelik en Zoë Van den Broeck-Çelik", "X") == "Zoë, Çelik en X"

"""What a user typed can never take over the projected terminal or hide on screen."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sessie_tui.textsafety import INVISIBLE, LINE_BREAK, make_visible
from sessie_tui.widgets.text import plain


def test_terminal_escape_sequences_are_shown_not_obeyed() -> None:
    shown = make_visible("rood\x1b[31m\x07klaar\x00")
    assert "\x1b" not in shown and "\x07" not in shown and "\x00" not in shown
    assert shown == "rood␛[31m␇klaar␀"


def test_bidi_controls_cannot_reorder_a_line() -> None:
    assert make_visible("abc\u202edef") == "abc⟨U+202E⟩def"


def test_letters_emoji_and_right_to_left_text_are_kept() -> None:
    text = "Zoë 👍🏽 👨\u200d👩\u200d👧 שלום مرحبا"
    assert make_visible(text) == text


def test_line_breaks_either_stay_or_show() -> None:
    assert make_visible("een\r\ntwee\rdrie", keep_newlines=True) == "een\ntwee\ndrie"
    assert make_visible("een\ntwee") == f"een{LINE_BREAK}twee"


def test_a_rich_text_from_user_text_parses_no_markup() -> None:
    assert plain("[bold]niet vet[/bold]").plain == "[bold]niet vet[/bold]"
    assert plain("[bold]niet vet[/bold]").spans == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_nothing_invisible_survives(text: str) -> None:
    for keep in (True, False):
        shown = make_visible(text, keep_newlines=keep)
        assert not [m for m in INVISIBLE.finditer(shown) if m.group("char")]
        assert "\r" not in shown and "\t" not in shown

"""Block letters for the back of the room: any text a user typed, never a crash or an escape."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from sessie_tui.widgets.big_text import big_rows, share_rows

BLOCK_CELLS = frozenset(" █▀▄")


def drawn(rows: list[str]) -> str:
    return "".join(rows)


@settings(max_examples=300, deadline=None)
@given(text=st.text(), width=st.integers(1, 220), rows=st.integers(0, 40))
def test_any_text_is_drawn_within_its_space_or_left_plain(text: str, width: int, rows: int) -> None:
    found = big_rows(text, width, rows)
    if found is None:
        return
    lines, per_line = found
    assert per_line >= 4 and len(lines) <= rows
    for line in lines:
        assert cell_len(line) <= width
        # Nothing that a terminal would act on: no escape, no control character.
        assert not any(unicodedata.category(char) == "Cc" for char in line), repr(line)


def test_accented_letters_are_drawn_and_what_no_font_has_stays_as_text() -> None:
    lines, per_line = big_rows("Zoë Thérèse Çelik", 200, 10) or ([], 0)
    assert per_line >= 4
    # Drawn, not left as text: only blocks and spaces.
    assert set(drawn(lines)) <= BLOCK_CELLS
    lines, _ = big_rows("An 😀 李 Wang", 200, 10) or ([], 0)
    assert "😀" in drawn(lines) and "李" in drawn(lines)
    assert "A" not in drawn(lines)  # the letters the font has are drawn


def test_control_characters_show_as_their_stand_ins() -> None:
    lines, _ = big_rows("Els\x1b[31m\u202e", 200, 10) or ([], 0)
    text = drawn(lines)
    assert "\x1b" not in text and "\u202e" not in text
    assert "␛" in text and "⟨U+202E⟩" in text


def test_words_are_not_broken_while_a_smaller_size_keeps_them_whole() -> None:
    lines, per_line = big_rows("Annelies Vermeulen", 60, 30) or ([], 0)
    assert per_line == 5  # the larger sizes would have to break "Vermeulen"
    assert len(lines) == 2 * per_line


def test_no_room_no_block_letters() -> None:
    assert big_rows("Annelies", 10, 30) is None
    assert big_rows("Annelies", 200, 3) is None
    assert big_rows("😀 李", 200, 30) is None  # nothing to draw: plain text says it better


def test_rows_go_first_to_the_first_text_then_in_turn() -> None:
    assert share_rows(20, [[1, 6, 12], [1, 5, 15], [1, 5]]) == [6, 5, 5]
    assert share_rows(22, [[1, 6, 12], [1, 12], [1, 5]]) == [6, 12, 1]
    assert share_rows(3, [[1, 6], [1, 5]]) == [1, 1]

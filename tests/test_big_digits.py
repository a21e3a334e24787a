"""The big clock's digits: as large as fits, steady in size, never cut."""

from __future__ import annotations

import pytest

from sessie_tui.widgets.big_digits import (
    GLYPH_HEIGHT,
    HALF,
    best_scale,
    render_rows,
    steady_template,
    text_width,
)


@pytest.mark.parametrize("scale", [1, 2, 3])
def test_a_whole_scale_is_seven_rows_a_step_and_twice_as_wide(scale: int) -> None:
    rows = render_rows("12:34", scale)
    assert len(rows) == GLYPH_HEIGHT * scale
    assert {len(row) for row in rows} == {text_width("12:34") * 2 * scale}


def test_half_scale_draws_two_bitmap_rows_per_line() -> None:
    rows = render_rows("12:34", HALF)
    assert len(rows) == 4
    assert {len(row) for row in rows} == {text_width("12:34")}
    assert set("".join(rows)) <= set(" ▀▄█")


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [(200, 60, 3), (116, 14, 2), (78, 10, 1), (40, 5, HALF), (20, 3, 0)],
)
def test_the_largest_scale_that_fits_is_chosen(width: int, height: int, expected: int) -> None:
    assert best_scale("10:00", width, height) == expected


def test_the_size_does_not_jump_when_ten_minutes_become_nine() -> None:
    for width, height in ((80, 12), (120, 30), (200, 60)):
        assert best_scale(steady_template("9:59"), width, height) == best_scale(
            steady_template("10:00"), width, height
        )


def test_overtime_has_a_sign_that_is_not_colour() -> None:
    assert any("█" in row for row in render_rows("+", 1))

"""The evaluation chart keeps the scale of 1 to 5, so small differences look small."""

from __future__ import annotations

import pytest

from sessie_tui.widgets.score_chart import bar_height, chart_lines


@pytest.mark.parametrize(
    ("score", "eighths"), [(1, 1), (2, 6), (3, 12), (4.2, 19), (5, 24), (0, 1), (7, 24)]
)
def test_a_bar_is_as_high_as_its_share_of_the_scale(score: float, eighths: int) -> None:
    assert bar_height(score, rows=3) == eighths


def test_the_chart_draws_bars_on_a_fixed_scale_with_their_labels() -> None:
    lines = [line.plain for line in chart_lines([("1", 5.0), ("2", 3.0), ("3", 1.0)], 2, 80)]
    assert lines == [
        "5 ┤ ███         ",
        "1 ┤ ███ ███ ▁▁▁ ",
        "     1   2   3  ",
    ]


def test_a_narrow_chart_shows_the_latest_meetings() -> None:
    bars = [(str(n), 4.0) for n in range(1, 31)]
    labels = chart_lines(bars, 3, 4 + 4 * 5)[-1].plain.split()
    assert labels == ["26", "27", "28", "29", "30"]

"""The mean evaluation of each meeting as a small bar chart, on the honest scale of 1 to 5.

A sparkline stretches whatever range the scores happen to have over its full
height, so 3.9 against 4.2 would look like nothing against everything. Here
the bottom is always 1 and the top always 5; each bar has eighths of a row.
Where the window is too narrow for every meeting, the latest ones are shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

EIGHTHS = " ▁▂▃▄▅▆▇█"
LOWEST, HIGHEST = 1, 5
BAR_WIDTH = 3
GAP = 1
AXIS_WIDTH = 4


def bar_height(score: float, rows: int) -> int:
    """The height of a bar in eighths of a row; a score of 1 still shows a sliver."""
    share = (min(max(score, LOWEST), HIGHEST) - LOWEST) / (HIGHEST - LOWEST)
    return max(1, round(share * rows * 8))


def chart_lines(bars: Sequence[tuple[str, float]], rows: int, width: int) -> list[Text]:
    """The chart's rows, top first, then a row with each bar's label."""
    fits = max(0, (width - AXIS_WIDTH) // (BAR_WIDTH + GAP))
    shown = list(bars)[-fits:] if fits else []
    heights = [bar_height(score, rows) for _, score in shown]
    lines = []
    for row in range(rows):
        axis = f"{HIGHEST} ┤ " if row == 0 else f"{LOWEST} ┤ " if row == rows - 1 else "  │ "
        line = Text(axis, style="dim")
        base = (rows - 1 - row) * 8
        for height in heights:
            fill = min(max(height - base, 0), 8)
            line.append(EIGHTHS[fill] * BAR_WIDTH, style="bold")
            line.append(" " * GAP)
        lines.append(line)
    labels = Text(" " * AXIS_WIDTH, style="dim")
    for label, _ in shown:
        labels.append(label[:BAR_WIDTH].center(BAR_WIDTH) + " " * GAP)
    lines.append(labels)
    return lines


class ScoreChart(Widget):
    """Bars labelled with the meeting's number; give it a height of rows + 1."""

    DEFAULT_CSS = """
    ScoreChart {
        height: 4;
    }
    """

    bars: reactive[tuple[tuple[str, float], ...]] = reactive(())

    def render(self) -> Text:
        rows = max(1, self.size.height - 1)
        return Text("\n").join(chart_lines(self.bars, rows, self.size.width))

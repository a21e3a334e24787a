"""Beside the phase clock: how the meeting as a whole is doing.

"4 min achter", "op schema", "2 min voor"; when the rest no longer fits before
the end, a warning sign, the warning colour and what to shorten ("Kort
Adviesronde in met 4 min"), so that it is told by more than colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from ..domain.schedule import Schedule
from ..i18n import t
from .plain import Static
from .text import plain


def schedule_text(schedule: Schedule, titles: Sequence[str]) -> Text:
    """One line (it wraps in a narrow window): where the meeting stands, and what to do."""
    minutes = schedule.behind_minutes
    if minutes > 0:
        status = t("schedule.behind", minutes=minutes)
    elif minutes < 0:
        status = t("schedule.ahead", minutes=-minutes)
    else:
        status = t("schedule.on_time")
    if schedule.fits:
        return Text(status)
    text = Text(f"⚠ {status} · ")
    if schedule.proposals:
        shorten = [
            t("schedule.shorten", phase=titles[proposal.phase], minutes=proposal.minutes)
            for proposal in schedule.proposals
        ]
        text.append_text(plain(t("schedule.then").join(shorten)))
    else:
        text.append(t("schedule.no_room", minutes=round(schedule.overrun / 60)))
    return text


class ScheduleLine(Static):
    """Shows a `Schedule`; the screen decides when (the tick)."""

    DEFAULT_CSS = """
    ScheduleLine {
        width: 100%;
        height: auto;
        max-height: 2;
        text-align: center;
        color: $text-muted;
    }
    /* Under 40 rows the clock needs every other row: one line, cut with an ellipsis. */
    Screen.-short ScheduleLine {
        max-height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ScheduleLine.-late {
        color: $text-warning;
        text-style: bold;
    }
    """

    def show(self, schedule: Schedule | None, titles: Sequence[str]) -> None:
        self.display = schedule is not None
        if schedule is None:
            return
        self.set_class(not schedule.fits, "-late")
        self.update(schedule_text(schedule, titles))

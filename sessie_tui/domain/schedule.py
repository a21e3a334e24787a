"""The whole meeting on time: ahead or behind, whether the rest still fits, what to shorten.

A phase clock says how one phase is doing; the room also needs to know how the
meeting is doing as a whole. The meeting's end is on the wall clock, so the
projection is too: the rest of the meeting (what is left of the current phase
and the planned minutes of the phases after it) counted from now. Time lost
anywhere — a late start, a phase run over, a pause, a break between phases —
shows as "behind", and time won as "ahead". Pure arithmetic on seconds, so that
every view and every test computes the same.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from .clock import Clock
from .record import record
from .session import Session
from .timer import PhaseTimer

MINUTE = 60.0
SHORTEST_SHARE = 0.5
"""A phase proposed to be shortened keeps at least this share of its planned time:
shortened more, it would no longer be the phase the method means."""
ANOTHER_DAY = 6 * 3600.0
"""A meeting whose clocks first ran this far from its planned start is run on another
day than planned (a rehearsal, a meeting moved): its plan moves along with it."""


@record
class PhaseTime:
    """One phase's time as the schedule needs it, in seconds."""

    planned: float | None
    """What the method plans; None for an untimed phase."""
    allowed: float | None
    """The planned time with the facilitator's `+`/`-`."""
    spent: float
    """What its clock has run so far."""

    def left(self) -> float:
        """What the phase still needs: what is allowed and not yet spent."""
        return 0.0 if self.allowed is None else max(0.0, self.allowed - self.spent)


@record
class Shortening:
    """A proposal: take whole minutes off a phase still to come."""

    phase: int
    minutes: int


@record
class Schedule:
    """How the meeting stands against its planned end, and what could be shortened."""

    behind: float
    """Seconds the meeting will end later than planned; negative when ahead."""
    overrun: float
    """Seconds the rest runs past the meeting's end; zero or less when it fits."""
    proposals: tuple[Shortening, ...] = ()
    """When it does not fit: which phases to shorten, by how much, the largest first."""

    @property
    def behind_minutes(self) -> int:
        """Whole minutes behind (negative: ahead); 0 is "on schedule"."""
        return round(self.behind / MINUTE)

    @property
    def fits(self) -> bool:
        """The rest fits before the end, give or take less than a minute."""
        return self.overrun < MINUTE


def schedule(
    phases: Sequence[PhaseTime],
    current: int,
    *,
    now: float,
    start: float,
    end: float | None = None,
) -> Schedule:
    """Where the meeting stands at `now`, in phase `current`, planned from `start`
    to `end` (by default: the start plus every phase's planned time)."""
    planned_finish = start + sum(phase.planned or 0 for phase in phases)
    rest = sum(phase.left() for phase in phases[current:])
    projected = now + rest
    overrun = projected - (planned_finish if end is None else end)
    proposals = _shorten(phases, current, overrun) if overrun >= MINUTE else ()
    return Schedule(projected - planned_finish, overrun, proposals)


def _shorten(phases: Sequence[PhaseTime], current: int, overrun: float) -> tuple[Shortening, ...]:
    """Whole minutes off the phases still to come, the longest first, each kept at
    `SHORTEST_SHARE` of its plan at least; the current phase only when none is left."""
    later = [index for index in range(current + 1, len(phases)) if phases[index].planned]
    candidates = later or ([current] if phases[current].planned else [])
    # What is left over after as many whole minutes is under half a minute: it fits.
    needed = max(1, round(overrun / MINUTE))
    proposals = []
    for index in sorted(candidates, key=lambda i: (-phases[i].left(), i)):
        phase = phases[index]
        keep = (phase.planned or 0) * SHORTEST_SHARE
        room = math.floor((phase.left() - keep) / MINUTE)
        minutes = min(needed, room)
        if minutes > 0:
            proposals.append(Shortening(index, minutes))
            needed -= minutes
        if needed <= 0:
            break
    return tuple(proposals)


# -- the session's plan -------------------------------------------------------------------


def _at(date: str, time: str, timezone: str) -> float:
    import pendulum  # when a session's plan is read: it is a tenth of a start

    moment = pendulum.parse(f"{date}T{time}", tz=timezone)
    if not isinstance(moment, pendulum.DateTime):  # a date and a time make a moment
        raise TypeError(f"not a moment: {date}T{time}")
    return float(moment.timestamp())


def default_end_time(start_time: str, minutes: float) -> str:
    """`HH:MM`: the start plus the method's minutes (the next day past midnight)."""
    hour, minute = (int(part) for part in start_time.split(":"))
    total = (hour * 60 + minute + math.ceil(minutes)) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def planned_window(session: Session) -> tuple[float, float] | None:
    """The planned start and end, as wall-clock seconds; None without a date and a start.

    Without an end, the method's minutes after the start; an end not after the start
    is on the next day (a meeting until past midnight)."""
    info = session.info
    if not (info.date and info.start_time):
        return None
    start = _at(info.date, info.start_time, session.timezone)
    if not info.end_time:
        return start, start + session.method.planned_minutes * MINUTE
    end = _at(info.date, info.end_time, session.timezone)
    return start, end if end > start else end + 24 * 3600


def meeting_schedule(
    session: Session, clock: Clock, timer: Callable[[int], PhaseTimer] | None = None
) -> Schedule | None:
    """The schedule of a running session now; None when no phase has planned time.

    `timer` gives a phase's clock (by default one made from the session's events):
    the screen passes the clocks it shows, so both say the same."""
    timer = timer or (lambda index: session.timer(index, clock))
    clocks = [timer(index) for index in range(len(session.phases))]
    phases = [PhaseTime(each.planned_seconds, each.allowed(), each.elapsed()) for each in clocks]
    if not any(phase.planned for phase in phases):
        return None
    began = session.started_at
    if session.practice:
        # A rehearsal's clocks run fast: its time is theirs, from its first start.
        began = began or clock.time()
        now = began + sum(phase.spent for phase in phases)
        return schedule(phases, session.current_phase, now=now, start=began)
    now = clock.time()
    began = began or now
    window = planned_window(session)
    if window is None:
        return schedule(phases, session.current_phase, now=now, start=began)
    start, end = window
    if abs(began - start) > ANOTHER_DAY:
        start, end = began, began + (end - start)
    return schedule(phases, session.current_phase, now=now, start=start, end=end)

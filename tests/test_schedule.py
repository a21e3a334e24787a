"""The whole meeting on time: ahead or behind, whether the rest fits, what to shorten."""

from __future__ import annotations

from collections.abc import Callable

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.schedule import (
    PhaseTime,
    Shortening,
    default_end_time,
    meeting_schedule,
    planned_window,
    schedule,
)
from sessie_tui.live import LiveSession

from conftest import acknowledge_all

MIN = 60.0
START = 1_000_000.0


def phases(*spec: tuple[float | None, float]) -> list[PhaseTime]:
    """(planned minutes, minutes spent) per phase; nobody pressed + or -."""
    return [
        PhaseTime(
            None if planned is None else planned * MIN,
            None if planned is None else planned * MIN,
            spent * MIN,
        )
        for planned, spent in spec
    ]


def at(minutes: float) -> float:
    return START + minutes * MIN


def test_a_meeting_on_its_plan_is_on_schedule() -> None:
    plan = phases((10, 4), (20, 0), (30, 0))
    result = schedule(plan, 0, now=at(4), start=START)
    assert result.behind_minutes == 0
    assert result.fits
    assert result.proposals == ()


def test_a_phase_run_over_puts_the_meeting_behind_and_proposes_what_to_shorten() -> None:
    # The first phase took 15 of its 10 minutes; the second has just begun.
    plan = phases((10, 15), (20, 0), (30, 0))
    result = schedule(plan, 1, now=at(15), start=START)
    assert result.behind_minutes == 5
    assert not result.fits
    # The longest phase still to come gives the minutes.
    assert result.proposals == (Shortening(2, 5),)


def test_a_phase_done_early_puts_the_meeting_ahead() -> None:
    plan = phases((10, 6), (20, 0))
    result = schedule(plan, 1, now=at(6), start=START)
    assert result.behind_minutes == -4
    assert result.fits


def test_overtime_in_the_current_phase_counts_as_it_runs() -> None:
    plan = phases((10, 14), (20, 0))
    result = schedule(plan, 0, now=at(14), start=START)
    assert result.behind_minutes == 4


def test_a_pause_costs_the_meeting_its_minutes() -> None:
    # Five minutes on the clock, but ten more went by while it was paused.
    plan = phases((10, 5), (20, 0))
    result = schedule(plan, 0, now=at(15), start=START)
    assert result.behind_minutes == 10


def test_a_late_start_is_behind_from_the_first_minute() -> None:
    plan = phases((10, 0), (20, 0))
    assert schedule(plan, 0, now=at(7), start=START).behind_minutes == 7


def test_behind_but_within_the_end_still_fits() -> None:
    # Planned 60 minutes in a 70-minute slot: 5 behind is no trouble yet.
    plan = phases((10, 15), (20, 0), (30, 0))
    result = schedule(plan, 1, now=at(15), start=START, end=at(70))
    assert result.behind_minutes == 5
    assert result.fits
    assert result.proposals == ()


def test_minutes_added_to_a_phase_still_to_come_count_as_behind() -> None:
    plan = [PhaseTime(10 * MIN, 10 * MIN, 0), PhaseTime(20 * MIN, 23 * MIN, 0)]
    assert schedule(plan, 0, now=START, start=START).behind_minutes == 3


def test_no_phase_is_shortened_below_half_its_plan() -> None:
    # Twenty minutes over; the phases to come can give 6 and 5, and no more.
    plan = phases((30, 50), (5, 0), (12, 0), (10, 0))
    result = schedule(plan, 1, now=at(50), start=START)
    assert result.proposals == (Shortening(2, 6), Shortening(3, 5))
    assert not result.fits


def test_in_the_last_phase_only_the_last_phase_can_give() -> None:
    plan = phases((10, 16), (20, 0))
    result = schedule(plan, 1, now=at(16), start=START)
    assert result.proposals == (Shortening(1, 6),)


def test_untimed_phases_neither_count_nor_are_shortened() -> None:
    plan = phases((None, 25), (10, 0), (None, 0))
    result = schedule(plan, 1, now=at(25), start=START)
    assert result.behind_minutes == 25
    assert result.proposals == (Shortening(1, 5),)


def test_less_than_half_a_minute_over_is_on_schedule() -> None:
    plan = phases((10, 10.4), (20, 0))
    result = schedule(plan, 1, now=at(10.4), start=START)
    assert result.behind_minutes == 0
    assert result.fits


def test_the_default_end_is_the_start_plus_the_methods_minutes() -> None:
    assert default_end_time("19:30", 74) == "20:44"
    assert default_end_time("23:30", 90) == "01:00"


# -- a session run behind schedule ---------------------------------------------------------


def running(new_session: Callable[..., LiveSession], **info: object) -> LiveSession:
    live = new_session(**info)
    acknowledge_all(live)
    live.start()
    return live


def test_a_meeting_run_behind_schedule(
    new_session: Callable[..., LiveSession], clock: FakeClock
) -> None:
    # The fake clock stands at 2026-11-23 09:00 in Brussels: the planned start.
    live = running(new_session, start_time="09:00", end_time="10:20")
    live.toggle_clock()
    clock.advance(8 * MIN)  # the first phase (5 minutes) runs 3 over
    live.next_phase()
    clock.advance(2 * MIN)
    now = meeting_schedule(live.session, clock)
    assert now is not None
    assert now.behind_minutes == 3
    assert now.fits  # 74 planned minutes in 80

    live.toggle_clock()  # a pause of 10 minutes
    clock.advance(10 * MIN)
    now = meeting_schedule(live.session, clock)
    assert now is not None
    assert now.behind_minutes == 13
    assert not now.fits
    # The reflection (15 minutes) is the longest phase still to come.
    assert [p.phase for p in now.proposals] == [7]
    assert sum(p.minutes for p in now.proposals) == 7


def test_a_meeting_held_on_another_day_is_planned_from_its_first_start(
    new_session: Callable[..., LiveSession], clock: FakeClock
) -> None:
    live = running(new_session, date="2026-11-20", start_time="19:00")
    live.toggle_clock()
    clock.advance(4 * MIN)
    now = meeting_schedule(live.session, clock)
    assert now is not None and now.behind_minutes == 0


def test_a_rehearsal_is_measured_on_its_fast_clocks(
    new_session: Callable[..., LiveSession], clock: FakeClock
) -> None:
    live = running(new_session, start_time="09:00")
    live.session.practice = True
    live.toggle_clock()
    clock.advance(8)  # eight real seconds: eight minutes on the face, three over
    now = meeting_schedule(live.session, clock, live.timer)
    assert now is not None and now.behind_minutes == 3


def test_an_end_before_the_start_is_on_the_next_day(
    new_session: Callable[..., LiveSession],
) -> None:
    live = new_session(start_time="23:00", end_time="00:30")
    window = planned_window(live.session)
    assert window is not None
    start, end = window
    assert end - start == 90 * MIN

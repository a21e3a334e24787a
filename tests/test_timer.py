"""The phase timer: arithmetic on events, with a fake clock."""

from __future__ import annotations

import pytest

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.timer import PhaseTimer, TimerAction, TimerEvent, TimerStateError


def run(timer: PhaseTimer, event: TimerEvent) -> None:
    timer.apply(event)


def test_counts_down_only_while_running(clock: FakeClock) -> None:
    timer = PhaseTimer(600, clock)
    clock.advance(30)
    assert timer.remaining() == 600
    run(timer, timer.start())
    clock.advance(90)
    assert timer.remaining() == 510
    run(timer, timer.pause())
    clock.advance(300)
    assert timer.remaining() == 510
    assert timer.elapsed() == 90


def test_adjust_adds_and_removes_minutes(clock: FakeClock) -> None:
    timer = PhaseTimer(120, clock)
    run(timer, timer.adjust(60))
    run(timer, timer.adjust(60))
    run(timer, timer.adjust(-60))
    assert timer.remaining() == 180
    assert timer.allowed() == 180


def test_overtime_is_counted_after_zero(clock: FakeClock) -> None:
    timer = PhaseTimer(60, clock)
    run(timer, timer.start())
    clock.advance(83)
    assert timer.remaining() == -23


def test_reset_returns_to_the_planned_time_paused(clock: FakeClock) -> None:
    timer = PhaseTimer(300, clock)
    run(timer, timer.start())
    run(timer, timer.adjust(60))
    clock.advance(100)
    run(timer, timer.reset())
    assert not timer.running
    assert timer.remaining() == 300
    assert timer.elapsed() == 0


def test_untimed_phase_counts_up(clock: FakeClock) -> None:
    timer = PhaseTimer(None, clock)
    run(timer, timer.start())
    clock.advance(75)
    assert timer.remaining() is None
    assert timer.elapsed() == 75


def test_reloaded_running_timer_counts_the_time_that_really_passed(clock: FakeClock) -> None:
    """A killed process never paused: on reload the run is still going."""
    first = PhaseTimer(600, clock)
    events = [first.start()]
    clock.advance(100)
    events.append(first.adjust(60))
    clock.advance(50)  # the process dies here; nobody recorded a pause
    reloaded = PhaseTimer(600, clock, events)
    assert reloaded.running
    assert reloaded.remaining() == 660 - 150
    clock.advance(10)
    assert reloaded.remaining() == 660 - 160


def test_a_wall_clock_jump_does_not_bend_a_run_in_progress(clock: FakeClock) -> None:
    timer = PhaseTimer(600, clock)
    run(timer, timer.start())
    clock.advance(60)
    clock.jump_wall(3600)  # NTP, or the laptop slept
    assert timer.elapsed() == 60
    pause = timer.pause()
    assert pause.seconds == 60  # the pause stores the monotonic length
    run(timer, pause)
    replayed = PhaseTimer(600, clock, [TimerEvent(TimerAction.START, 0.0), pause])
    assert replayed.elapsed() == 60


def test_intentions_that_do_not_fit_the_state_are_refused(clock: FakeClock) -> None:
    timer = PhaseTimer(60, clock)
    with pytest.raises(TimerStateError):
        timer.pause()
    run(timer, timer.start())
    with pytest.raises(TimerStateError):
        timer.start()


def test_a_duplicate_start_from_another_window_changes_nothing(clock: FakeClock) -> None:
    timer = PhaseTimer(600, clock)
    start = timer.start()
    run(timer, start)
    clock.advance(20)
    run(timer, TimerEvent(TimerAction.START, clock.time()))
    clock.advance(20)
    assert timer.elapsed() == 40


def test_a_fast_timer_shows_sixty_times_the_time_and_stores_real_time(
    clock: FakeClock,
) -> None:
    timer = PhaseTimer(600, clock, speed=60)
    start = timer.start()
    assert start.at == clock.time()  # a wall-clock time, not a fast one
    run(timer, start)
    clock.advance(5)
    assert timer.elapsed() == pytest.approx(300)
    assert timer.remaining() == pytest.approx(300)
    assert timer.real_elapsed() == pytest.approx(5)
    pause = timer.pause()
    assert (pause.at, pause.seconds) == (clock.time(), pytest.approx(5))
    # Replayed from what was stored, it reads the same.
    assert PhaseTimer(600, clock, [start, pause], speed=60).elapsed() == pytest.approx(300)


def test_events_round_trip_through_data(clock: FakeClock) -> None:
    event = TimerEvent(TimerAction.ADJUST, 1234.5, -60)
    assert TimerEvent.from_data(event.to_data()) == event

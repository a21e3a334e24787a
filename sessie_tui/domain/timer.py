"""The phase timer: remaining time derived from start/pause/adjust/reset events.

The events are what gets stored, each with its wall-clock time, so a timer
survives a killed process: on reload a run that was never paused is still
running, and the time that really passed is counted. Within one process the
length of a run is measured on the monotonic clock; a pause stores that
length, so a wall-clock jump never changes a finished run.

A practice session's timer runs `speed` times faster than the clock it reads,
but only on its face: every time it stores is wall-clock time and every length
it stores is real seconds, so the records of a rehearsal tell the truth.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from .clock import Clock
from .record import record


class TimerAction(StrEnum):
    START = "start"
    PAUSE = "pause"
    ADJUST = "adjust"
    RESET = "reset"


@record
class TimerEvent:
    """A start, pause or adjustment of a phase's clock."""

    action: TimerAction
    at: float
    """Wall-clock seconds since the epoch."""
    seconds: float = 0.0
    """ADJUST: the change in planned time. PAUSE: the real length of the run it ends."""

    def to_data(self) -> dict[str, Any]:
        return {"action": self.action.value, "at": self.at, "seconds": self.seconds}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> TimerEvent:
        return cls(TimerAction(data["action"]), float(data["at"]), float(data.get("seconds", 0)))


class TimerStateError(Exception):
    """An action that does not fit the timer's state (pausing a paused timer)."""


class PhaseTimer:
    """The clock of one phase."""

    def __init__(
        self,
        planned_seconds: float | None,
        clock: Clock,
        events: Iterable[TimerEvent] = (),
        speed: float = 1.0,
    ) -> None:
        self.planned_seconds = planned_seconds
        self._clock = clock
        self._speed = speed
        """How much faster than `clock` the face runs: 60 in practice, else 1."""
        self._finished_runs = 0.0
        self._adjustment = 0.0
        self._run_started_at: float | None = None
        self._run_anchor_mono = 0.0
        self._run_offset = 0.0
        for event in events:
            self.apply(event)

    # -- reading -------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._run_started_at is not None

    def _current_run(self) -> float:
        """Real seconds the current run has lasted."""
        if self._run_started_at is None:
            return 0.0
        return max(0.0, self._run_offset + self._clock.monotonic() - self._run_anchor_mono)

    def real_elapsed(self) -> float:
        """Real seconds the clock has run in this phase: what records and reports show."""
        return self._finished_runs + self._current_run()

    def elapsed(self) -> float:
        """Seconds on the clock's face: the real ones, times the practice speed."""
        return self.real_elapsed() * self._speed

    def allowed(self) -> float | None:
        """Planned seconds plus the facilitator's adjustments, never below zero."""
        if self.planned_seconds is None:
            return None
        return max(0.0, self.planned_seconds + self._adjustment)

    def remaining(self) -> float | None:
        """Seconds left; negative in overtime; None for a phase without planned time."""
        allowed = self.allowed()
        return None if allowed is None else allowed - self.elapsed()

    # -- intentions: each returns the event to store, then `apply` it --------------------

    def start(self) -> TimerEvent:
        if self.running:
            raise TimerStateError("the timer is already running")
        return TimerEvent(TimerAction.START, self._clock.time())

    def pause(self) -> TimerEvent:
        if not self.running:
            raise TimerStateError("the timer is not running")
        return TimerEvent(TimerAction.PAUSE, self._clock.time(), self._current_run())

    def toggle(self) -> TimerEvent:
        return self.pause() if self.running else self.start()

    def adjust(self, seconds: float) -> TimerEvent:
        return TimerEvent(TimerAction.ADJUST, self._clock.time(), seconds)

    def reset(self) -> TimerEvent:
        return TimerEvent(TimerAction.RESET, self._clock.time())

    def apply(self, event: TimerEvent) -> None:
        """Replay a stored event, or take one that was just stored."""
        if event.action is TimerAction.START:
            if self.running:
                return  # a second start from another window changes nothing
            self._run_started_at = event.at
            # A run started by an event from the past (a reload after a crash, or
            # another process) has already lasted wall-now minus its start.
            self._run_offset = max(0.0, self._clock.time() - event.at)
            self._run_anchor_mono = self._clock.monotonic()
        elif event.action is TimerAction.PAUSE:
            if not self.running:
                return
            run = event.seconds if event.seconds > 0 else event.at - (self._run_started_at or 0)
            self._finished_runs += max(0.0, run)
            self._run_started_at = None
        elif event.action is TimerAction.ADJUST:
            self._adjustment += event.seconds
        elif event.action is TimerAction.RESET:
            self._finished_runs = 0.0
            self._adjustment = 0.0
            self._run_started_at = None


class ClockState(StrEnum):
    PAUSED = "paused"
    RUNNING = "running"
    WARNING = "warning"
    OVERTIME = "overtime"
    UNTIMED = "untimed"


def clock_state(timer: PhaseTimer, warning_seconds: float) -> ClockState:
    """What a phase clock says at this moment, for every view of it (the facilitator's
    clock face, the note-taker's line, the phones' page)."""
    remaining = timer.remaining()
    if remaining is None:
        return ClockState.UNTIMED
    if remaining <= 0 and timer.elapsed() > 0:
        return ClockState.OVERTIME
    if not timer.running:
        return ClockState.PAUSED
    if remaining <= warning_seconds:
        return ClockState.WARNING
    return ClockState.RUNNING

"""The phase clock: big digits, and a state line that says more than colour does."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.containers import Vertical

from ..domain.clock import minutes_seconds
from ..domain.record import record
from ..domain.timer import ClockState, PhaseTimer, clock_state
from ..i18n import t
from .big_digits import BigDigits
from .plain import Static


@record
class ClockFace:
    """What the clock shows at one moment; derived from a timer, never stored."""

    digits: str
    state: ClockState
    running: bool

    @classmethod
    def of(cls, timer: PhaseTimer, warning_seconds: float) -> ClockFace:
        state = clock_state(timer, warning_seconds)
        remaining = timer.remaining()
        if remaining is None:
            return cls(minutes_seconds(timer.elapsed()), state, timer.running)
        if state is ClockState.OVERTIME:
            # Overtime counts up from zero; the sign tells it apart without colour.
            return cls("+" + minutes_seconds(-remaining), state, timer.running)
        return cls(minutes_seconds(math.ceil(max(remaining, 0))), state, timer.running)

    def label(self) -> str:
        if self.state is ClockState.OVERTIME:
            key = "clock.overtime" if self.running else "clock.overtime_paused"
            return t(key, time=self.digits)
        if self.state is ClockState.UNTIMED:
            return t("clock.untimed_running" if self.running else "clock.untimed_paused")
        return t(f"clock.{self.state.value}")


class PhaseClock(Vertical):
    """Shows a `ClockFace`; the screen decides when to refresh it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._face: ClockFace | None = None

    def compose(self) -> ComposeResult:
        yield BigDigits("", reserve=1, id="clock-digits")
        yield Static("", id="clock-state")

    def show(self, face: ClockFace) -> None:
        if face == self._face:
            return
        self._face = face
        self.query_one(BigDigits).update(face.digits)
        self.query_one("#clock-state", Static).update(face.label())
        # One style update for the whole change, not one per state class.
        self.remove_class(*(f"-{state.value}" for state in ClockState), update=False)
        self.add_class(f"-{face.state.value}")

"""Clocks: the real one and a fake one for tests.

Every timestamp the app stores is wall-clock time. Durations within one run
are measured on the monotonic clock, so a wall-clock jump (NTP, a laptop
waking from sleep) cannot bend the countdown. Practice mode does not change
the clock: its phase timers show time sixty times as fast (`PhaseTimer`'s
speed), while every record keeps the real time.
"""

from __future__ import annotations

import functools
import time
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


class Clock(Protocol):
    def time(self) -> float:
        """Wall-clock seconds since the epoch."""

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps; only differences mean anything."""


class SystemClock:
    def time(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to; wall and monotonic move together."""

    def __init__(self, start: float = 1_795_420_800.0) -> None:  # 2026-11-23 09:00 CET
        self._wall = start
        self._mono = 1000.0

    def time(self) -> float:
        return self._wall

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._wall += seconds
        self._mono += seconds

    def jump_wall(self, seconds: float) -> None:
        """Move only the wall clock, as NTP or a sleeping laptop does."""
        self._wall += seconds


def local_timezone_name() -> str:
    from pendulum.tz import local_timezone  # when a session is made: a tenth of a start

    name = local_timezone().name
    return name if isinstance(name, str) and name else "UTC"


@functools.cache
def time_zone(name: str) -> ZoneInfo:
    # Looking a zone up by name reads tz data: every saved note asks for one. The
    # standard library's ZoneInfo, which pendulum's own Timezone is: the same zones
    # and offsets, without importing pendulum for every session opened.
    from zoneinfo import ZoneInfo  # when a time is first written: not for the home screen

    return ZoneInfo(name)


def to_iso(timestamp: float, timezone: str) -> str:
    """An ISO 8601 text with the offset of `timezone`, to the microsecond."""
    return datetime.fromtimestamp(timestamp, time_zone(timezone)).isoformat()


def from_iso(text: str) -> float:
    """Seconds since the epoch for an ISO 8601 text with an offset."""
    return datetime.fromisoformat(text).timestamp()


def minutes_seconds(seconds: float) -> str:
    """`m:ss` for a duration; hours roll into minutes (`74:05`)."""
    whole = int(abs(seconds))
    return f"{whole // 60}:{whole % 60:02d}"

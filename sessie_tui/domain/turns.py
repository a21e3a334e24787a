"""Speaking in turn ("om de beurt"): who speaks now, who is next, who has spoken.

A phase's queue is derived from stored turn events, like the clock from its
timer events: an order is set (fixed, or shuffled fairly), then each `next`,
`skip` or `back` moves it on. Each event stores the phase clock's elapsed time,
so a speaker's time slice runs with the phase clock and pauses with it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .method import PhaseKind, PhaseSpec, TurnOrder
from .participants import Participant, Role
from .record import record

# Phases in which people speak one after the other, each in turn.
TURN_KINDS = frozenset({PhaseKind.INTRODUCTIONS, PhaseKind.QUESTIONING, PhaseKind.ADVICE})
# Phases about the case holder's case, in which they do not take a turn themselves.
CASE_HOLDER_LISTENS = frozenset({PhaseKind.QUESTIONING, PhaseKind.ADVICE})


class TurnAction(StrEnum):
    ORDER = "order"
    NEXT = "next"
    SKIP = "skip"
    BACK = "back"


@record
class TurnEvent:
    """A change of speaker in a phase that takes turns."""

    action: TurnAction
    at: str
    elapsed: float
    """The phase clock's elapsed seconds when it happened."""
    order: tuple[str, ...] = ()
    """ORDER: the participant ids in speaking order."""

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "action": self.action.value,
            "at": self.at,
            "elapsed": round(self.elapsed, 3),
        }
        if self.order:
            data["order"] = list(self.order)
        return data


@dataclass
class TurnQueue:
    """The state of one phase's turns."""

    waiting: list[str] = field(default_factory=list)
    """Who has yet to speak, the current speaker first."""
    spoken: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    started_at: float = 0.0
    """Phase-clock seconds when the current speaker's turn began."""
    ordered: bool = False

    @property
    def current(self) -> str | None:
        return self.waiting[0] if self.waiting else None

    @property
    def upcoming(self) -> list[str]:
        return self.waiting[1:]

    @property
    def finished(self) -> bool:
        return self.ordered and not self.waiting

    def apply(self, event: TurnEvent) -> None:
        if event.action is TurnAction.ORDER:
            self.waiting = list(event.order)
            self.spoken, self.skipped = [], []
            self.ordered = True
        elif not self.waiting:
            return
        elif event.action is TurnAction.NEXT:
            self.spoken.append(self.waiting.pop(0))
        elif event.action is TurnAction.SKIP:
            self.skipped.append(self.waiting.pop(0))
        elif event.action is TurnAction.BACK:
            self.waiting.append(self.waiting.pop(0))
        self.started_at = event.elapsed

    @classmethod
    def replay(cls, events: Iterable[TurnEvent]) -> TurnQueue:
        queue = cls()
        for event in events:
            queue.apply(event)
        return queue

    def slice_left(self, slice_seconds: float | None, elapsed_now: float) -> float | None:
        """Seconds the current speaker has left of their time slice, if there is one."""
        if slice_seconds is None or self.current is None:
            return None
        return slice_seconds - (elapsed_now - self.started_at)


def takes_turns(phase: PhaseSpec) -> bool:
    return phase.turns is not None or phase.kind in TURN_KINDS


def speakers_for(phase: PhaseSpec, participants: Iterable[Participant]) -> list[Participant]:
    """Who takes a turn in this phase: those present, less observers, and less the
    case holder where the phase is about their case or they must be silent."""
    leave_out_holder = phase.case_holder_silent or phase.kind in CASE_HOLDER_LISTENS
    return [
        p
        for p in participants
        if p.present
        and p.role is not Role.OBSERVER
        and not (leave_out_holder and p.role is Role.CASE_HOLDER)
    ]


def fair_order(
    people: Sequence[str], previous_openers: Iterable[str], rng: random.Random
) -> tuple[str, ...]:
    """A random order in which nobody opens who opened the previous round.

    Only impossible with a single speaker, who then opens again.
    """
    order = list(people)
    rng.shuffle(order)
    openers = list(previous_openers)
    last_opener = openers[-1] if openers else None
    if last_opener is not None and len(order) > 1 and order[0] == last_opener:
        swap = rng.randrange(1, len(order))
        order[0], order[swap] = order[swap], order[0]
    return tuple(order)


def initial_order(phase: PhaseSpec, people: Sequence[str]) -> tuple[str, ...] | None:
    """The fixed order for a phase that has one; None where the order is to be shuffled."""
    if phase.turns is not None and phase.turns.order is TurnOrder.RANDOM:
        return None
    return tuple(people)

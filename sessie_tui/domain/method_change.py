"""How a session came by its method, and what happens when it changes.

Two events in the session's `events` table, each with its time:

- `method_choice`: the method was chosen with the method chooser; what the
  facilitator told it (`Needs`) and the reasons it gave for the method, as they
  were then, so the report says why this method even if the chooser or the
  method files change later.
- `method_change`: the method was changed while the meeting ran, from which to
  which, and why. Once the case is told the method is fixed ("switching method
  halfway through a case reliably goes wrong", `../shared/METHODS.md`): a change
  after that needs a reason, which the participants' report shows.

A running meeting keeps the phases it has held, with their notes, clocks and
turns; the new method's phases follow them (`continued_method`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .chooser import Needs, Reason
from .fields import FieldReader
from .localized import Localized
from .method import Method, PhaseKind
from .record import record

if TYPE_CHECKING:
    from .session import Session

CHOICE_EVENT = "method_choice"
CHANGE_EVENT = "method_change"
MAX_REASON_LENGTH = 2_000

_TELLING = frozenset(
    {PhaseKind.CASE_COLLECTION, PhaseKind.CASE_CHOICE, PhaseKind.CASE_PRESENTATION}
)
"""The phases in which the case is brought in and told."""


@record
class MethodChoice:
    """The method chosen with the chooser: what it was told and the reasons it gave."""

    at: str
    method_id: str
    needs: Needs
    reasons: tuple[Reason, ...]
    rank: int

    def to_data(self) -> dict[str, Any]:
        return {
            "type": CHOICE_EVENT,
            "at": self.at,
            "method": self.method_id,
            "needs": self.needs.to_data(),
            "reasons": [reason.to_data() for reason in self.reasons],
            "rank": self.rank,
        }

    @classmethod
    def from_reader(cls, reader: FieldReader) -> MethodChoice:
        return cls(
            at=reader.text("at"),
            method_id=reader.identifier("method"),
            needs=Needs.from_reader(reader.table("needs")),
            reasons=tuple(Reason.from_reader(r) for r in reader.tables("reasons", [])),
            rank=reader.integer("rank", minimum=1),
        )


@record
class MethodChange:
    """A change of method during the session: from which to which, when and why."""

    at: str
    from_id: str
    from_title: Localized
    to_id: str
    to_title: Localized
    reason: str
    case_told: bool
    """Whether the case had been told: then the reason was required."""

    def to_data(self) -> dict[str, Any]:
        return {
            "type": CHANGE_EVENT,
            "at": self.at,
            "from": self.from_id,
            "from_title": self.from_title.to_dict(),
            "to": self.to_id,
            "to_title": self.to_title.to_dict(),
            "reason": self.reason,
            "case_told": self.case_told,
        }

    @classmethod
    def from_reader(cls, reader: FieldReader) -> MethodChange:
        return cls(
            at=reader.text("at"),
            from_id=reader.identifier("from"),
            from_title=reader.localized("from_title"),
            to_id=reader.identifier("to"),
            to_title=reader.localized("to_title"),
            reason=reader.text("reason", "", allow_empty=True, max_len=MAX_REASON_LENGTH),
            case_told=reader.boolean("case_told", False),
        )


def phases_held(session: Session) -> int:
    """The last phase the meeting has been in or holds anything for (notes, clocks,
    turns): these keep their meaning when the method changes."""
    held = [session.current_phase, *(change.to for change in session.phase_changes)]
    held += [note.phase for note in session.notes.values()]
    held += list(session.timer_events) + list(session.turn_events)
    return max(held)


def case_told(session: Session) -> bool:
    """Whether the first phase that tells the case has started."""
    from .session import SessionStatus  # the session module imports this one

    gate = session.method.case_gate_index
    if gate is None or session.status is SessionStatus.SETUP:
        return False
    return phases_held(session) >= gate


def _after_the_telling(method: Method) -> int:
    """The index of the first phase after the new method has its case told."""
    index = method.case_gate_index
    if index is None:
        return 0
    while index < len(method.phases) and (
        method.phases[index].kind in _TELLING or method.phases[index].kind.tells_case
    ):
        index += 1
    return index


def continued_method(session: Session, new: Method) -> Method:
    """`new` as a running meeting goes on with it: the phases held so far stay as they
    were, then the new method's phases (once the case is told: those after the new
    method tells its case, which has been told already)."""
    kept = session.method.phases[: phases_held(session) + 1]
    start = _after_the_telling(new) if case_told(session) else 0
    return replace(new, phases=kept + new.phases[start:])

"""What one device in the room is shown: the state JSON the share's server pushes on `/ws`.

Built from the session and the room file as they are on disk, for one device at a
time, because what a device may see depends on who it is: its own card is in it
while the phase's cards are sealed, nobody else's ever is. The page (`room.js`)
renders it; the contract is in the share's design (issue 11).

Textual-free: the server process never imports Textual.
"""

from __future__ import annotations

from typing import Any

from ..domain.case_kinds import QuestionKind
from ..domain.case_round import chooses_in, proposes_in
from ..domain.method import PhaseKind
from ..domain.participants import Role
from ..domain.session import Session
from ..domain.timer import ClockState, PhaseTimer, clock_state
from ..domain.turns import takes_turns
from ..i18n import translate
from .state import Device, Room

VERSION = 1


def device_state(
    session: Session,
    room: Room,
    device: Device,
    timer: PhaseTimer,
    lang: str,
) -> dict[str, Any]:
    """The state for `device`, with the current phase's `timer`."""
    state: dict[str, Any] = {
        "v": VERSION,
        "status": session.status.value,
        "lang": lang,
        "device": {"admitted": device.admitted, "chosen": device.participant is not None},
    }
    if not device.admitted or device.participant is None:
        # Waiting to be admitted, or still choosing a name: nothing of the meeting yet.
        state["me"] = None
        return state
    phase_index = session.current_phase
    phase = session.phase
    present = len(session.present())
    state["session"] = {"topic": session.info.topic}
    state["phase"] = _phase(session, lang)
    state["clock"] = clock(timer, session.method.warning_minutes * 60)
    state["speaker"] = speaker(session, phase_index)
    state["me"] = _me(session, room, device, phase_index)
    state["written"] = (
        {
            "count": room.written_count(phase_index),
            "of": present,
            "revealed": room.revealed(phase_index),
        }
        if phase.written
        else None
    )
    state["cards"] = revealed_cards(session, room, phase_index)
    state["ready"] = {"count": len(room.ready_in(phase_index)), "of": present}
    state["evaluation"] = evaluation(room, present) if phase.kind is PhaseKind.EVALUATION else None
    state["case_round"] = case_round(session, device.participant or "")
    return state


def case_round(session: Session, participant: str) -> dict[str, Any] | None:
    """In a case-round phase: the proposals (their titles are the room's to choose from),
    whether this device may propose or vote now, and its own dots; else None."""
    method, phase = session.method, session.current_phase
    proposing, choosing = proposes_in(method, phase), chooses_in(method, phase)
    if not (proposing or choosing):
        return None
    round_ = session.case_round
    tally = round_.tally()
    chosen = round_.chosen
    mine = {what: vote.dots for (who, what), vote in round_.votes.items() if who == participant}
    return {
        "proposing": proposing,
        "choosing": choosing,
        "dots": round_.dots,
        "dots_left": max(round_.dots - round_.dots_of(participant), 0),
        "kinds": [kind.value for kind in QuestionKind],
        "proposals": [
            {
                "id": proposal.id,
                "title": proposal.title,
                "urgency": proposal.urgency,
                "kind": proposal.kind.value,
                "by": session.name_of(proposal.proposer),
                "mine": proposal.proposer == participant,
                "votes": tally[proposal.id] if choosing else None,
                "my_dots": mine.get(proposal.id, 0),
                "chosen": chosen is not None and chosen.id == proposal.id,
            }
            for proposal in round_.open_proposals()
        ],
    }


def _phase(session: Session, lang: str) -> dict[str, Any]:
    phase = session.phase
    silent = None
    if phase.case_holder_silent:
        holder = session.case_holder
        name = holder.name if holder else translate("role.case_holder", lang)
        silent = translate("phase.silent", lang, name=name)
    return {
        "index": session.current_phase,
        "total": len(session.phases),
        "number": session.current_phase + 1,
        "title": phase.title.get(lang),
        "rule": phase.rule.get(lang),
        "kind": phase.kind.value,
        "written": phase.written,
        "silent": silent,
    }


def clock(timer: PhaseTimer, warning_seconds: float) -> dict[str, Any]:
    """The clock at this moment: what is left (counting down), else what has passed
    (an untimed phase, or the time over); the page counts on from it by itself."""
    state = clock_state(timer, warning_seconds)
    remaining = timer.remaining()
    if state is ClockState.UNTIMED or remaining is None:
        seconds, counts = timer.elapsed(), "up"
    elif state is ClockState.OVERTIME:
        seconds, counts = -remaining, "up"
    else:
        seconds, counts = max(remaining, 0.0), "down"
    return {
        "state": state.value,
        "seconds": round(seconds, 1),
        "counts": counts,
        "running": timer.running,
        "warning_seconds": warning_seconds,
    }


def speaker(session: Session, phase: int) -> dict[str, str | None] | None:
    """Who has the turn and who is next, in a phase that takes turns once they are set."""
    if not takes_turns(session.phases[phase]):
        return None
    queue = session.turns(phase)
    if not queue.ordered or queue.current is None:
        return None
    upcoming = queue.upcoming
    return {
        "now": session.name_of(queue.current),
        "next": session.name_of(upcoming[0]) if upcoming else None,
    }


def _me(session: Session, room: Room, device: Device, phase: int) -> dict[str, Any]:
    participant = device.participant or ""
    card = room.card_of(phase, participant)
    ballot = room.ballot_of(participant) if participant else None
    return {
        "name": session.name_of(participant),
        "role": device.role.value,
        "ready": participant in room.ready_in(phase),
        "card": {"text": card.text} if card is not None else None,
        "ballot": {"score": ballot.score, "remark": ballot.remark} if ballot else None,
    }


def names_shown(session: Session, room: Room, phase: int) -> bool:
    """Whether the writers' names show with the revealed cards: the facilitator's
    choice for this phase when made, else the method's."""
    status = room.phases.get(phase)
    if status is not None and status.names_shown is not None:
        return status.names_shown
    return session.phases[phase].written_names


def revealed_cards(session: Session, room: Room, phase: int) -> list[dict[str, str | None]]:
    """The phase's cards once revealed; before that none (sealed cards never leave)."""
    if not room.revealed(phase):
        return []
    shown = names_shown(session, room, phase)
    return [
        {"text": card.text, "name": session.name_of(card.participant) if shown else None}
        for card in room.revealed_cards(phase)
    ]


def evaluation(room: Room, present: int) -> dict[str, Any]:
    """How many answered; the mean and the distribution only once it is closed."""
    closed = room.evaluation_closed_at is not None
    mean = room.mean()
    return {
        "open": not closed,
        "answered": len(room.ballots),
        "of": present,
        "closed": closed,
        "mean": round(mean, 2) if closed and mean is not None else None,
        "distribution": room.distribution() if closed else None,
    }


def speaks_as_note_taker(session: Session, participant_id: str) -> bool:
    """A device's role follows the participant's role in the session, never the request."""
    participant = session.participants.get(participant_id)
    return participant is not None and participant.role is Role.NOTE_TAKER

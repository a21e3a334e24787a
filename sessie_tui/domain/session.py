"""One intervision session: who is there, the method, and what happened.

A `Session` is built from stored records with `apply`, one record at a time,
both when a session file is loaded and when a record has just been written.
Its rules (the acknowledgement gate, the silent case holder) are checked here,
before anything is stored; a broken rule raises `RuleViolation` with a catalog
key, so the interface can say it in the user's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from .case_round import CaseRound
from .clock import Clock
from .confidentiality import (
    Acknowledgement,
    Agreement,
    GateOverride,
    missing_acknowledgements,
)
from .dates import parse_clock_time, parse_date
from .fields import FieldReader
from .integrity import check_session_tables
from .method import Method, PhaseSpec, method_from_reader
from .method_change import CHANGE_EVENT, CHOICE_EVENT, MethodChange, MethodChoice
from .notes import Note
from .participants import Participant, Role
from .record import record
from .timer import PhaseTimer, TimerAction, TimerEvent
from .turns import TurnAction, TurnEvent, TurnQueue
from .violation import RuleViolation as RuleViolation  # its home; most find it here

SESSION_TABLE = "session"
PARTICIPANTS_TABLE = "participants"
ACKNOWLEDGEMENTS_TABLE = "acknowledgements"
OVERRIDES_TABLE = "overrides"
EVENTS_TABLE = "events"
NOTES_TABLE = "notes"
EVALUATIONS_TABLE = "evaluations"
ANONYMOUS_EVALUATIONS_TABLE = "anonymous_evaluations"
FOLLOW_UPS_TABLE = "follow_ups"
EXPECTATIONS_TABLE = "expectations"
WORK_TAKEAWAYS_TABLE = "work_takeaways"
TAKEAWAY_CHECKS_TABLE = "takeaway_checks"

MAX_FIELD_LENGTH = 2_000
PRACTICE_SPEED = 60
"""In practice mode the phase clock shows a minute for every real second."""


class SessionStatus(StrEnum):
    SETUP = "setup"
    RUNNING = "running"
    ENDED = "ended"


MAX_MEETING_NUMBER = 999


@record
class SessionInfo:
    """What the facilitator fills in on the setup screen."""

    network: str = ""
    topic: str = ""
    date: str = ""
    """ISO date of the meeting."""
    place: str = ""
    start_time: str = ""
    """When the meeting is planned to start, `HH:MM`."""
    end_time: str = ""
    """When it is planned to end, `HH:MM`; empty: the start plus the method's minutes."""
    number: int | None = None
    """The meeting's number within its network."""
    network_id: str | None = None
    case_title: str = ""
    case_question: str = ""
    case_kind: str = ""
    """The kind of question (`QuestionKind`), as the case round chose it; empty if none."""
    share_case_question: bool = False
    """The case holder agreed that absentees may read the case question."""
    share_case_question_at: str = ""
    """When the case holder's answer to that (yes, or a withdrawal) was recorded, ISO 8601."""
    takeaway: str = ""
    share_takeaway: bool = False
    """The case holder agreed that absentees may read this takeaway (asked after each change)."""
    share_takeaway_at: str = ""
    """When they answered, ISO 8601."""
    next_meeting: str = ""
    """The next meeting as one free text: what older files hold. Newer ones use the three below."""
    next_meeting_date: str = ""
    """ISO date of the next meeting."""
    next_meeting_time: str = ""
    """Its starting time, `HH:MM`."""
    next_meeting_place: str = ""

    TEXT_FIELDS = (
        "network",
        "topic",
        "date",
        "place",
        "start_time",
        "end_time",
        "case_title",
        "case_question",
        "case_kind",
        "share_case_question_at",
        "takeaway",
        "share_takeaway_at",
        "next_meeting",
        "next_meeting_date",
        "next_meeting_time",
        "next_meeting_place",
    )

    def with_changes(self, **changes: Any) -> SessionInfo:
        return replace(self, **changes)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(self, name) for name in self.TEXT_FIELDS}
        data["share_case_question"] = self.share_case_question
        data["share_takeaway"] = self.share_takeaway
        if self.number is not None:
            data["number"] = self.number
        if self.network_id:
            data["network_id"] = self.network_id
        return data

    @classmethod
    def from_reader(cls, reader: FieldReader) -> SessionInfo:
        texts = {
            name: reader.text(name, "", allow_empty=True, max_len=MAX_FIELD_LENGTH)
            for name in cls.TEXT_FIELDS
        }
        # Stored as the app writes them, so that a report can print them its own way.
        if (
            texts["next_meeting_date"]
            and parse_date(texts["next_meeting_date"]) != texts["next_meeting_date"]
        ):
            raise reader.error("next_meeting_date", "must be a date written YYYY-MM-DD")
        for name in ("start_time", "end_time", "next_meeting_time"):
            if texts[name] and parse_clock_time(texts[name]) != texts[name]:
                raise reader.error(name, "must be a time written HH:MM")
        return cls(
            **texts,
            number=reader.integer("number", None, minimum=1),
            network_id=reader.optional_text("network_id"),
            share_case_question=reader.boolean("share_case_question", False),
            share_takeaway=reader.boolean("share_takeaway", False),
        )


@record
class PhaseChange:
    """A move to another phase, and when."""

    at: str
    to: int


@record
class Evaluation:
    """One participant's score and remark in the evaluation."""

    participant: str
    score: int
    remark: str
    at: str

    def to_data(self) -> dict[str, Any]:
        return {
            "participant": self.participant,
            "score": self.score,
            "remark": self.remark,
            "at": self.at,
        }


@record
class AnonymousEvaluation:
    """A score (and remark) given on a device in the room: no name, no time, so that
    nothing in the session leads from an answer to the one who gave it."""

    score: int
    remark: str = ""

    def to_data(self) -> dict[str, Any]:
        return {"score": self.score, "remark": self.remark}


class FollowUpStatus(StrEnum):
    """What became of an action point, as a look-back records it."""

    DONE = "done"
    ONGOING = "ongoing"
    DROPPED = "dropped"

    @property
    def closes(self) -> bool:
        return self is not FollowUpStatus.ONGOING


@record
class FollowUp:
    """In a look-back: what became of an action point of an earlier meeting."""

    action: str
    """The action point's note id."""
    source: str
    """The session the action point was made in."""
    status: FollowUpStatus
    remark: str
    at: str
    text: str = ""
    """The action point as it was written, so this meeting's file stands on its own."""

    def to_data(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "source": self.source,
            "status": self.status.value,
            "remark": self.remark,
            "at": self.at,
            "text": self.text,
        }


@record
class Expectation:
    """At a network's first meeting: what a member expects and wants to learn."""

    participant: str
    expectations: str
    learning_goals: str
    at: str

    def to_data(self) -> dict[str, Any]:
        return {
            "participant": self.participant,
            "expectations": self.expectations,
            "learning_goals": self.learning_goals,
            "at": self.at,
        }


@record
class WorkTakeaway:
    """What a present participant takes back to their own work (meenemen naar het werk)."""

    participant: str
    text: str
    at: str

    def to_data(self) -> dict[str, Any]:
        return {"participant": self.participant, "text": self.text, "at": self.at}


class Tried(StrEnum):
    """At the next meeting: did they try what they took back to work?"""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


@record
class TakeawayCheck:
    """In a later meeting: whether an earlier meeting's takeaway was tried."""

    source: str
    """The session the takeaway was noted in."""
    participant: str
    """Who noted it, as a participant of that session."""
    tried: Tried
    at: str
    text: str = ""
    """The takeaway as it was written, so this meeting's file stands on its own."""

    def to_data(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "participant": self.participant,
            "tried": self.tried.value,
            "at": self.at,
            "text": self.text,
        }


@dataclass
class Session:
    """A whole session as stored: its method, people, phases, notes and all it recorded."""

    id: str
    created_at: str
    timezone: str
    method: Method
    agreement: Agreement
    info: SessionInfo = field(default_factory=SessionInfo)
    status: SessionStatus = SessionStatus.SETUP
    practice: bool = False
    ended_at: str | None = None
    content_removed_at: str | None = None
    """When the case content went, its retention period over (see `retention`)."""
    participants: dict[str, Participant] = field(default_factory=dict)
    acknowledgements: list[Acknowledgement] = field(default_factory=list)
    overrides: list[GateOverride] = field(default_factory=list)
    phase_changes: list[PhaseChange] = field(default_factory=list)
    timer_events: dict[int, list[TimerEvent]] = field(default_factory=dict)
    turn_events: dict[int, list[TurnEvent]] = field(default_factory=dict)
    openers: list[str] = field(default_factory=list)
    """Who opened each round of turns, in the order the rounds were set."""
    notes: dict[str, Note] = field(default_factory=dict)
    evaluations: dict[str, Evaluation] = field(default_factory=dict)
    anonymous_evaluations: list[AnonymousEvaluation] = field(default_factory=list)
    """Scores given on the room's devices (see `room/state.py`), taken in when the
    facilitator closed the evaluation; beside the facilitator-entered `evaluations`."""
    follow_ups: list[FollowUp] = field(default_factory=list)
    expectations: dict[str, Expectation] = field(default_factory=dict)
    work_takeaways: dict[str, WorkTakeaway] = field(default_factory=dict)
    """Per participant: what they take back to their work."""
    takeaway_checks: dict[tuple[str, str], TakeawayCheck] = field(default_factory=dict)
    """Per (earlier session, its participant): whether that takeaway was tried."""
    method_choices: list[MethodChoice] = field(default_factory=list)
    """Each time the method was chosen with the method chooser, in order."""
    method_changes: list[MethodChange] = field(default_factory=list)
    """Each time the method was changed while the meeting ran, in order, with why."""
    case_round: CaseRound = field(default_factory=CaseRound)
    """The case round's proposals, votes and choice (see `case_round.py`)."""
    _turn_queues: dict[int, tuple[list[TurnEvent], int, TurnQueue]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Per phase: its list of turn events, how many of them the queue has taken in,
    and the queue; so that asking who has the turn does not replay the phase."""

    # -- building from records -----------------------------------------------------------

    @classmethod
    def from_tables(cls, tables: Mapping[str, Mapping[str, Any]]) -> Session:
        """Build a session from a session file's tables; `FieldError` names a bad field."""
        header_docs = list(tables.get(SESSION_TABLE, {}).values())
        if len(header_docs) != 1:
            reader = FieldReader(tables)
            raise reader.error(SESSION_TABLE, "must hold exactly one session record")
        session = cls.from_header(header_docs[0])
        for table, docs in tables.items():
            if table == SESSION_TABLE:
                continue
            for doc_id, doc in docs.items():
                session.apply(table, doc, path=f"{table}[{doc_id}]")
        # What the records mean together: a zone, sane times, unique ids, references.
        check_session_tables(tables, len(session.phases))
        return session

    @classmethod
    def from_header(cls, data: Any, path: str = SESSION_TABLE) -> Session:
        reader = FieldReader(data, path)
        return cls(
            id=reader.identifier("id"),
            created_at=reader.text("created_at"),
            timezone=reader.text("timezone", "UTC"),
            method=method_from_reader(reader.table("method")),
            agreement=Agreement.from_reader(reader.table("agreement")),
            info=SessionInfo.from_reader(reader.table("info")),
            status=reader.choice("status", SessionStatus, SessionStatus.SETUP),
            practice=reader.boolean("practice", False),
            ended_at=reader.optional_text("ended_at"),
            content_removed_at=reader.optional_text("content_removed_at"),
        )

    def header_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "created_at": self.created_at,
            "timezone": self.timezone,
            "status": self.status.value,
            "practice": self.practice,
            "info": self.info.to_data(),
            "method": self.method.to_data(),
            "agreement": self.agreement.to_data(),
        }
        if self.ended_at:
            data["ended_at"] = self.ended_at
        if self.content_removed_at:
            data["content_removed_at"] = self.content_removed_at
        return data

    def apply(self, table: str, doc: Any, path: str = "") -> None:
        """Take one stored record into the session (a new one, or a newer version)."""
        reader = FieldReader(doc, path or table)
        if table == SESSION_TABLE:
            header = Session.from_header(doc, path or table)
            self.info, self.status = header.info, header.status
            self.practice, self.ended_at = header.practice, header.ended_at
            self.content_removed_at = header.content_removed_at
            self.method, self.agreement = header.method, header.agreement
        elif table == PARTICIPANTS_TABLE:
            participant = Participant.from_reader(reader)
            self.participants[participant.id] = participant
        elif table == ACKNOWLEDGEMENTS_TABLE:
            self.acknowledgements.append(Acknowledgement.from_reader(reader))
        elif table == OVERRIDES_TABLE:
            self.overrides.append(GateOverride.from_reader(reader))
        elif table == EVENTS_TABLE:
            self._apply_event(reader)
        elif table == NOTES_TABLE:
            note = Note.from_reader(reader)
            self.notes[note.id] = note
        elif table == EVALUATIONS_TABLE:
            evaluation = Evaluation(
                participant=reader.text("participant"),
                score=reader.integer("score", minimum=1),
                remark=reader.text("remark", "", allow_empty=True, max_len=MAX_FIELD_LENGTH),
                at=reader.text("at"),
            )
            if evaluation.score > 5:
                raise reader.error("score", "must be between 1 and 5")
            self.evaluations[evaluation.participant] = evaluation
        elif table == ANONYMOUS_EVALUATIONS_TABLE:
            score = reader.integer("score", minimum=1)
            if score > 5:
                raise reader.error("score", "must be between 1 and 5")
            remark = reader.text("remark", "", allow_empty=True, max_len=MAX_FIELD_LENGTH)
            self.anonymous_evaluations.append(AnonymousEvaluation(score, remark))
        elif table == FOLLOW_UPS_TABLE:
            self.follow_ups.append(
                FollowUp(
                    action=reader.text("action"),
                    source=reader.text("source"),
                    status=reader.choice("status", FollowUpStatus),
                    remark=reader.text("remark", "", allow_empty=True, max_len=MAX_FIELD_LENGTH),
                    at=reader.text("at"),
                    text=reader.text("text", "", allow_empty=True, max_len=MAX_FIELD_LENGTH),
                )
            )
        elif table == EXPECTATIONS_TABLE:
            expectation = Expectation(
                participant=reader.text("participant"),
                expectations=reader.text("expectations", "", allow_empty=True, max_len=20_000),
                learning_goals=reader.text("learning_goals", "", allow_empty=True, max_len=20_000),
                at=reader.text("at"),
            )
            self.expectations[expectation.participant] = expectation
        elif table == WORK_TAKEAWAYS_TABLE:
            takeaway = WorkTakeaway(
                participant=reader.text("participant"),
                text=reader.text("text", max_len=MAX_FIELD_LENGTH),
                at=reader.text("at"),
            )
            self.work_takeaways[takeaway.participant] = takeaway
        elif table == TAKEAWAY_CHECKS_TABLE:
            check = TakeawayCheck(
                source=reader.text("source"),
                participant=reader.text("participant"),
                tried=reader.choice("tried", Tried),
                at=reader.text("at"),
                text=reader.text("text", "", allow_empty=True, max_len=MAX_FIELD_LENGTH),
            )
            self.takeaway_checks[(check.source, check.participant)] = check
        elif table in CaseRound.TABLES:
            self.case_round.apply(table, reader)
        # Tables this version does not know are kept in the file and ignored here.

    def _apply_event(self, reader: FieldReader) -> None:
        kind = reader.text("type")
        if kind == "phase":
            to = reader.integer("to", minimum=0)
            if to >= len(self.method.phases):
                raise reader.error("to", f"phase {to} does not exist in this method")
            self.phase_changes.append(PhaseChange(reader.text("at"), to))
        elif kind == "timer":
            phase = reader.integer("phase", minimum=0)
            event = TimerEvent(
                action=reader.choice("action", TimerAction),
                at=reader.number("at"),
                seconds=reader.number("seconds", 0.0),
            )
            self.timer_events.setdefault(phase, []).append(event)
        elif kind == "turn":
            phase = reader.integer("phase", minimum=0)
            turn = TurnEvent(
                action=reader.choice("action", TurnAction),
                at=reader.text("at"),
                elapsed=reader.number("elapsed", 0.0),
                order=tuple(reader.texts("order", [])),
            )
            self.turn_events.setdefault(phase, []).append(turn)
            if turn.action is TurnAction.ORDER and turn.order:
                self.openers.append(turn.order[0])
        elif kind == CHOICE_EVENT:
            self.method_choices.append(MethodChoice.from_reader(reader))
        elif kind == CHANGE_EVENT:
            self.method_changes.append(MethodChange.from_reader(reader))

    def take_note(self, note: Note) -> None:
        """A note just stored from this very object: taken in as it is, not parsed back."""
        self.notes[note.id] = note

    def position_copy(self, *, empty: bool = False) -> Session:
        """A copy whose phases, clocks and turns can take in more events without
        changing this session (`empty`: with none taken in yet); the rest is shared."""
        if empty:
            return replace(self, phase_changes=[], timer_events={}, turn_events={}, openers=[])
        return replace(
            self,
            phase_changes=list(self.phase_changes),
            timer_events={phase: list(events) for phase, events in self.timer_events.items()},
            turn_events={phase: list(events) for phase, events in self.turn_events.items()},
            openers=list(self.openers),
        )

    def take_position(self, other: Session) -> None:
        """Take the phases, clocks and turns of `other` (a `position_copy` brought up to date)."""
        self.phase_changes, self.openers = other.phase_changes, other.openers
        self.timer_events, self.turn_events = other.timer_events, other.turn_events
        self._turn_queues = {}

    def remove_participant(self, participant_id: str) -> None:
        self.participants.pop(participant_id, None)

    # -- reading -------------------------------------------------------------------------

    @property
    def phases(self) -> tuple[PhaseSpec, ...]:
        return self.method.phases

    @property
    def current_phase(self) -> int:
        return self.phase_changes[-1].to if self.phase_changes else 0

    @property
    def phase(self) -> PhaseSpec:
        return self.phases[self.current_phase]

    @property
    def is_last_phase(self) -> bool:
        return self.current_phase == len(self.phases) - 1

    @property
    def started_at(self) -> float | None:
        """When the first clock started: the session's real start."""
        starts = [e.at for events in self.timer_events.values() for e in events]
        return min(starts) if starts else None

    @property
    def clock_speed(self) -> float:
        """How much faster than real time the phase clocks run: practice runs fast."""
        return PRACTICE_SPEED if self.practice else 1.0

    def timer(self, phase: int, clock: Clock) -> PhaseTimer:
        events = self.timer_events.get(phase, ())
        return PhaseTimer(self.phases[phase].planned_seconds, clock, events, self.clock_speed)

    def turns(self, phase: int) -> TurnQueue:
        """The phase's turns (a copy of its own): only events new since the last
        question are applied; events are only ever added to a phase's list."""
        events = self.turn_events.get(phase)
        if events is None:
            return TurnQueue()
        known = self._turn_queues.get(phase)
        if known is not None and known[0] is events and known[1] <= len(events):
            _, count, queue = known
        else:
            count, queue = 0, TurnQueue()
        for event in events[count:]:
            queue.apply(event)
        self._turn_queues[phase] = (events, len(events), queue)
        return replace(
            queue,
            waiting=list(queue.waiting),
            spoken=list(queue.spoken),
            skipped=list(queue.skipped),
        )

    def contributions(self, phase: int, speaker: str) -> int:
        """How many questions or pieces of advice someone gave in a phase (their quota used)."""
        return sum(
            1
            for note in self.live_notes(phase)
            if note.speaker == speaker and note.kind.is_contribution
        )

    def scores(self) -> list[int]:
        """Every score given for this meeting: the facilitator-entered ones and those
        given anonymously on the room's devices (a room uses one or the other)."""
        return [e.score for e in self.evaluations.values()] + [
            a.score for a in self.anonymous_evaluations
        ]

    def people(self, role: Role | None = None, present_only: bool = False) -> list[Participant]:
        return [
            p
            for p in self.participants.values()
            if (role is None or p.role is role) and (p.present or not present_only)
        ]

    def present(self) -> list[Participant]:
        return self.people(present_only=True)

    @property
    def case_holder(self) -> Participant | None:
        holders = self.people(Role.CASE_HOLDER)
        return holders[0] if holders else None

    def name_of(self, person: str | None) -> str:
        """A participant's name for an id; a free-typed name stays as it is."""
        if person is None:
            return ""
        participant = self.participants.get(person)
        return participant.name if participant else person

    def live_notes(self, phase: int | None = None) -> Iterator[Note]:
        """Notes not deleted, in the order they were entered; one phase's, if given."""
        for note in self.notes.values():
            if not note.deleted and (phase is None or note.phase == phase):
                yield note

    # -- rules ---------------------------------------------------------------------------

    def missing_acknowledgements(self) -> list[Participant]:
        return missing_acknowledgements(
            self.participants.values(), self.acknowledgements, self.agreement.version
        )

    @property
    def gate_open(self) -> bool:
        """May the case be told: everyone present acknowledged, or the facilitator overrode."""
        return not self.missing_acknowledgements() or bool(self.overrides)

    def check_can_enter(self, phase: int) -> None:
        if not 0 <= phase < len(self.phases):
            raise RuleViolation("rule.no_such_phase", number=phase + 1)
        gate = self.method.case_gate_index
        if gate is not None and phase >= gate and not self.gate_open:
            names = ", ".join(p.name for p in self.missing_acknowledgements())
            raise RuleViolation("rule.gate_closed", names=names)

    @property
    def method_choice(self) -> MethodChoice | None:
        """How the chooser reasoned for the method the session has now, if it was asked."""
        chosen = [c for c in self.method_choices if c.method_id == self.method.id]
        return chosen[-1] if chosen else None

    def check_speaker(self, phase: int, speaker: str | None) -> None:
        """A case holder's contribution is refused in a phase where they are silent."""
        holder = self.case_holder
        if speaker and holder and speaker == holder.id and self.phases[phase].case_holder_silent:
            raise RuleViolation("rule.case_holder_silent", name=holder.name)

    def actual_seconds(self, clock: Clock) -> list[float]:
        """Real seconds per phase; in practice the fast clock showed sixty times as much."""
        return [self.timer(index, clock).real_elapsed() for index in range(len(self.phases))]

    def clock_face_seconds(self, clock: Clock) -> list[float]:
        """Seconds per phase as the phase clock showed them (fast in practice)."""
        return [self.timer(index, clock).elapsed() for index in range(len(self.phases))]


def participants_in_order(participants: Iterable[Participant]) -> list[Participant]:
    """Facilitator first, then case holder, note-takers and the others, by name."""
    order = {role: index for index, role in enumerate(Role)}
    return sorted(participants, key=lambda p: (order[p.role], p.name.casefold()))

"""A learning network (lerend netwerk): a group that meets several times around a theme.

It remembers what one session forgets: who the members are, the planned track
of meetings, the confidentiality agreement and its versions, who had which
role when, which action points are still open, and how the meetings were
evaluated over time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from statistics import mean
from typing import Any

from .case_bank import BankedCase, bank_from_tables
from .confidentiality import Agreement
from .fields import FieldReader
from .integrity import check_network_tables
from .notes import Note, NoteKind
from .participants import MAX_NAME_LENGTH, Role
from .record import record
from .roster import MAX_FIELD_LENGTH
from .session import (
    Expectation,
    FollowUp,
    Session,
    SessionStatus,
    TakeawayCheck,
    WorkTakeaway,
)

NETWORK_TABLE = "network"
MEMBERS_TABLE = "members"
TRACK_TABLE = "track"
AGREEMENTS_TABLE = "agreements"
FINAL_TABLE = "final_evaluation"

MAX_MEMBERS = 15
"""The source texts' guideline: a learning network of 10 to 15 participants."""
ROTATING_ROLES = (Role.CASE_HOLDER, Role.FACILITATOR, Role.NOTE_TAKER)
FINAL_QUESTIONS = ("learned", "will_use", "should_change")


class NetworkStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


@record
class Member:
    """A member of the learning network, as on its roster."""

    id: str
    name: str
    organisation: str = ""
    function: str = ""
    contact: str = ""
    former_names: tuple[str, ...] = ()
    """Names the member had before a rename, oldest first: erasing them finds these too."""

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "organisation": self.organisation,
            "function": self.function,
            "contact": self.contact,
        }
        if self.former_names:
            data["former_names"] = list(self.former_names)
        return data

    def renamed(self, name: str) -> Member:
        """The member under a new name; the old one is remembered (for erasure)."""
        if name == self.name:
            return self
        former = tuple(n for n in (*self.former_names, self.name) if n != name)
        return replace(self, name=name, former_names=tuple(dict.fromkeys(former)))

    @classmethod
    def from_reader(cls, reader: FieldReader) -> Member:
        def optional(key: str) -> str:
            return reader.text(key, "", allow_empty=True, max_len=MAX_FIELD_LENGTH)

        return cls(
            id=reader.identifier("id"),
            name=reader.text("name", max_len=MAX_NAME_LENGTH),
            organisation=optional("organisation"),
            function=optional("function"),
            contact=optional("contact"),
            former_names=tuple(reader.texts("former_names", ())),
        )


@record
class PlannedMeeting:
    """A meeting of the network's year plan: its number and date."""

    number: int
    date: str

    def to_data(self) -> dict[str, Any]:
        return {"number": self.number, "date": self.date}


@record
class AgreementVersion:
    """A version of the network's confidentiality agreement, from when it holds."""

    version: int
    text: str
    at: str

    def to_data(self) -> dict[str, Any]:
        return {"version": self.version, "text": self.text, "at": self.at}


@record
class FinalAnswer:
    """One member's answers in the final evaluation of the track."""

    member: str
    learned: str
    will_use: str
    should_change: str
    at: str

    def to_data(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "learned": self.learned,
            "will_use": self.will_use,
            "should_change": self.should_change,
            "at": self.at,
        }


@dataclass
class Network:
    """A learning network across its meetings: members, plan, agreement and track."""

    id: str
    name: str
    created_at: str
    theme: str = ""
    goal: str = ""
    status: NetworkStatus = NetworkStatus.ACTIVE
    retention_days: int | None = None
    """How many days after a meeting its case content is kept; None: the config decides."""
    members: dict[str, Member] = field(default_factory=dict)
    track: list[PlannedMeeting] = field(default_factory=list)
    agreements: list[AgreementVersion] = field(default_factory=list)
    final_answers: dict[str, FinalAnswer] = field(default_factory=dict)
    case_bank: dict[str, BankedCase] = field(default_factory=dict)
    """Cases brought in case rounds, taken or waiting (see `case_bank.py`)."""

    HEADER_TEXTS = ("name", "theme", "goal")

    @classmethod
    def from_tables(cls, tables: Mapping[str, Mapping[str, Any]]) -> Network:
        headers = list(tables.get(NETWORK_TABLE, {}).values())
        reader = FieldReader(headers[0] if len(headers) == 1 else None, NETWORK_TABLE)
        network = cls(
            id=reader.identifier("id"),
            name=reader.text("name", max_len=200),
            created_at=reader.text("created_at"),
            theme=reader.text("theme", "", allow_empty=True, max_len=2_000),
            goal=reader.text("goal", "", allow_empty=True, max_len=2_000),
            status=reader.choice("status", NetworkStatus, NetworkStatus.ACTIVE),
            retention_days=reader.integer("retention_days", None, minimum=1),
        )
        for doc_id, doc in tables.get(MEMBERS_TABLE, {}).items():
            member = Member.from_reader(FieldReader(doc, f"{MEMBERS_TABLE}[{doc_id}]"))
            network.members[member.id] = member
        for doc_id, doc in tables.get(TRACK_TABLE, {}).items():
            item = FieldReader(doc, f"{TRACK_TABLE}[{doc_id}]")
            network.track.append(
                PlannedMeeting(item.integer("number", minimum=1), item.text("date"))
            )
        network.track.sort(key=lambda meeting: meeting.number)
        for doc_id, doc in tables.get(AGREEMENTS_TABLE, {}).items():
            item = FieldReader(doc, f"{AGREEMENTS_TABLE}[{doc_id}]")
            network.agreements.append(
                AgreementVersion(
                    item.integer("version", minimum=1),
                    item.text("text", max_len=20_000),
                    item.text("at"),
                )
            )
        network.agreements.sort(key=lambda agreement: agreement.version)
        for doc_id, doc in tables.get(FINAL_TABLE, {}).items():
            item = FieldReader(doc, f"{FINAL_TABLE}[{doc_id}]")
            answer = FinalAnswer(
                member=item.text("member"),
                at=item.text("at"),
                **{
                    question: item.text(question, "", allow_empty=True, max_len=20_000)
                    for question in FINAL_QUESTIONS
                },
            )
            network.final_answers[answer.member] = answer
        network.case_bank = bank_from_tables(tables)
        # What the records mean together: sane times, unique ids, answers by members.
        check_network_tables(tables)
        return network

    def header_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "created_at": self.created_at,
            "theme": self.theme,
            "goal": self.goal,
            "status": self.status.value,
        }
        if self.retention_days is not None:
            data["retention_days"] = self.retention_days
        return data

    # -- the agreement -------------------------------------------------------------------

    def agreement(self) -> Agreement | None:
        """The current version of the network's agreement, as a session carries it."""
        if not self.agreements:
            return None
        latest = self.agreements[-1]
        return Agreement(f"{self.id}-v{latest.version}", latest.text)

    def next_agreement_version(self, text: str) -> int | None:
        """The version a new text would get; None when the text did not change."""
        if self.agreements and self.agreements[-1].text == text:
            return None
        return (self.agreements[-1].version + 1) if self.agreements else 1

    # -- the track -----------------------------------------------------------------------

    def planned_date(self, number: int) -> str:
        return next((m.date for m in self.track if m.number == number), "")

    # -- group size ----------------------------------------------------------------------

    def size_warnings(self) -> list[tuple[str, dict[str, Any]]]:
        """Catalog keys with parameters: never a hard stop, always the reason."""
        if len(self.members) > MAX_MEMBERS:
            return [("network.warn.too_many", {"count": len(self.members), "max": MAX_MEMBERS})]
        return []


# -- across the meetings of a network ---------------------------------------------------


def meetings_of(network: Network, sessions: Iterable[Session]) -> list[Session]:
    """The network's meetings, in order of number and date.

    A practice session is a rehearsal with the network's people, not a meeting:
    leaving it out here keeps it out of everything built on the meetings (the
    overview and its chart, the network report, the role rotation, the look-back).
    """
    return sorted(
        (s for s in sessions if s.info.network_id == network.id and not s.practice),
        key=lambda s: (s.info.number or 0, s.info.date, s.created_at),
    )


def next_meeting_number(meetings: Sequence[Session]) -> int:
    return max((s.info.number or 0 for s in meetings), default=0) + 1


def role_history(meetings: Sequence[Session]) -> dict[Role, dict[str, int]]:
    """For each rotating role: member id -> the index of the last meeting they held it."""
    history: dict[Role, dict[str, int]] = {role: {} for role in ROTATING_ROLES}
    for index, meeting in enumerate(meetings):
        for person in meeting.participants.values():
            if person.member_id and person.role in history:
                history[person.role][person.member_id] = index
    return history


def propose_roles(
    network: Network,
    meetings: Sequence[Session],
    present: Iterable[str],
    roles: Sequence[Role] = ROTATING_ROLES,
) -> dict[Role, str]:
    """Who takes which role next time: who never held it first, then longest ago.

    Among equals, whoever held any of these roles least recently goes first,
    so the roles spread over the group instead of passing between a few. One
    person holds one of these roles; remaining ties go to the roster's order.
    The facilitator can change every proposal.
    """
    order = list(network.members)
    candidates = [member for member in order if member in set(present)]
    history = role_history(meetings)
    any_role = {member: max(held.get(member, -1) for held in history.values()) for member in order}
    proposal: dict[Role, str] = {}
    taken: set[str] = set()
    for role in roles:
        free = [member for member in candidates if member not in taken]
        if not free:
            break
        chosen = min(free, key=lambda m: (history[role].get(m, -1), any_role[m], order.index(m)))
        proposal[role] = chosen
        taken.add(chosen)
    return proposal


@record
class CarriedAction:
    """An action point from an earlier meeting, with what became of it so far."""

    session_id: str
    number: int | None
    note: Note
    follow_up: FollowUp | None
    owner: str
    """The owner's name as it was in that meeting; empty when nobody was named."""

    @property
    def closed(self) -> bool:
        return self.follow_up is not None and self.follow_up.status.closes


def _latest_follow_ups(meetings: Iterable[Session]) -> dict[str, FollowUp]:
    latest: dict[str, FollowUp] = {}
    for meeting in meetings:
        for follow_up in meeting.follow_ups:
            latest[follow_up.action] = follow_up
    return latest


def _actions(meetings: Iterable[Session]) -> Iterator[tuple[Session, Note]]:
    for meeting in meetings:
        for note in meeting.live_notes():
            if note.kind is NoteKind.ACTION:
                yield meeting, note


def _carried(meeting: Session, note: Note, follow_ups: Mapping[str, FollowUp]) -> CarriedAction:
    return CarriedAction(
        meeting.id,
        meeting.info.number,
        note,
        follow_ups.get(note.id),
        meeting.name_of(note.owner),
    )


def look_back_items(meetings: Sequence[Session], current: Session) -> list[CarriedAction]:
    """What the look-back of `current` goes over: every action point of an earlier
    meeting that was still open when this meeting began, with its status as of now."""
    number = current.info.number or 0
    earlier = [m for m in meetings if m.id != current.id and (m.info.number or 0) < number]
    before = _latest_follow_ups(earlier)
    now = _latest_follow_ups([*earlier, current])
    return [
        _carried(meeting, note, now)
        for meeting, note in _actions(earlier)
        if not (note.id in before and before[note.id].status.closes)
    ]


def open_actions(meetings: Sequence[Session]) -> list[CarriedAction]:
    """Action points not yet done or dropped after all these meetings: they carry forward."""
    latest = _latest_follow_ups(meetings)
    carried = (_carried(meeting, note, latest) for meeting, note in _actions(meetings))
    return [action for action in carried if not action.closed]


def previous_meeting(meetings: Sequence[Session], current: Session) -> Session | None:
    earlier = [
        m
        for m in meetings
        if m.id != current.id
        and (m.info.number or 0) < (current.info.number or 0)
        and m.status is SessionStatus.ENDED
    ]
    return earlier[-1] if earlier else None


@record
class CarriedTakeaway:
    """A takeaway of the previous meeting, brought to this one's look-back."""

    source: Session
    name: str
    takeaway: WorkTakeaway
    check: TakeawayCheck | None
    """Whether it was tried, as this meeting recorded it; None until asked."""


def carried_takeaways(meetings: Sequence[Session], current: Session) -> list[CarriedTakeaway]:
    """What each one took back to work at the previous meeting, and whether they tried."""
    previous = previous_meeting(meetings, current)
    if previous is None:
        return []
    return [
        CarriedTakeaway(
            previous,
            previous.name_of(takeaway.participant),
            takeaway,
            current.takeaway_checks.get((previous.id, takeaway.participant)),
        )
        for takeaway in previous.work_takeaways.values()
    ]


def given_expectations(meetings: Iterable[Session]) -> list[tuple[str, Expectation]]:
    """Every member's expectations and learning goals, with their name at that meeting."""
    return [
        (meeting.name_of(expectation.participant), expectation)
        for meeting in meetings
        for expectation in meeting.expectations.values()
    ]


def mean_score(session: Session) -> float | None:
    scores = session.scores()  # also those given anonymously on the room's devices
    return mean(scores) if scores else None

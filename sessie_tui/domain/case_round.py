"""The case round (inbrengronde): who proposes which case, the vote, and the choice.

A method may open with a case-collection phase (everyone present may propose a
case: a one-line title, how urgent, what kind of question) and a case-choice
phase (the group chooses: by vote, one vote each or a number of dots each, by
urgency, or the facilitator decides). A method with only one of the two phases
collects and chooses in that one. Sources: `../shared/METHODS.md`, "The case
round" (incidentmethode met terugblik, Balint).

Stored in the session file: `case_proposals` (one record per proposal, written
anew when it is withdrawn), `case_votes` (one record per voter and proposal:
how many dots), `case_round` (one record: the dots each) and `case_choices`, one
record per choice made, with its time (the last one counts; earlier ones stay as
the record of what happened).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from .case_kinds import QuestionKind
from .fields import FieldReader
from .method import Method, PhaseKind
from .record import record

PROPOSALS_TABLE = "case_proposals"
VOTES_TABLE = "case_votes"
ROUND_TABLE = "case_round"
CHOICES_TABLE = "case_choices"

MAX_TITLE_LENGTH = 200
URGENCIES = (1, 2, 3)
MAX_DOTS = 10
"""Dots per person: the practice names three to five; ten leaves room, not a ballot stuffing."""


class ChoiceMode(StrEnum):
    """How the case was chosen."""

    VOTE = "vote"
    """Most votes (one each, or the dots each the facilitator set)."""
    URGENCY = "urgency"
    """The most urgent case."""
    FACILITATOR = "facilitator"
    """The facilitator decided."""


@record
class CaseProposal:
    """A case proposed in the case round: its title, urgency and kind of question."""

    id: str
    title: str
    urgency: int
    kind: QuestionKind
    proposer: str
    """The participant's id in this session."""
    at: str
    bank_id: str | None = None
    """The network's bank entry this proposal brings in again, if it does."""
    withdrawn_at: str | None = None

    @property
    def open(self) -> bool:
        return self.withdrawn_at is None

    def with_changes(self, **changes: Any) -> CaseProposal:
        return replace(self, **changes)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "urgency": self.urgency,
            "kind": self.kind.value,
            "proposer": self.proposer,
            "at": self.at,
        }
        if self.bank_id:
            data["bank_id"] = self.bank_id
        if self.withdrawn_at:
            data["withdrawn_at"] = self.withdrawn_at
        return data

    @classmethod
    def from_reader(cls, reader: FieldReader) -> CaseProposal:
        urgency = reader.integer("urgency", minimum=1)
        if urgency > max(URGENCIES):
            raise reader.error("urgency", f"must be between 1 and {max(URGENCIES)}")
        return cls(
            id=reader.text("id", max_len=64),
            title=reader.text("title", max_len=MAX_TITLE_LENGTH),
            urgency=urgency,
            kind=reader.choice("kind", QuestionKind),
            proposer=reader.text("proposer", max_len=64),
            at=reader.text("at"),
            bank_id=reader.optional_text("bank_id"),
            withdrawn_at=reader.optional_text("withdrawn_at"),
        )


@record
class CaseChoice:
    """The case chosen, how, when, and the tie it broke (if any)."""

    proposal: str
    mode: ChoiceMode
    at: str
    tied: tuple[str, ...] = ()
    """The proposals that were level when the facilitator broke the tie."""

    def to_data(self) -> dict[str, Any]:
        return {
            "proposal": self.proposal,
            "mode": self.mode.value,
            "at": self.at,
            "tied": list(self.tied),
        }

    @classmethod
    def from_reader(cls, reader: FieldReader) -> CaseChoice:
        return cls(
            proposal=reader.text("proposal", max_len=64),
            mode=reader.choice("mode", ChoiceMode),
            at=reader.text("at"),
            tied=tuple(reader.texts("tied", [])),
        )


@record
class CaseVote:
    """The dots one participant gave one proposal in the case round."""

    voter: str
    proposal: str
    dots: int
    at: str

    def to_data(self) -> dict[str, Any]:
        return {"voter": self.voter, "proposal": self.proposal, "dots": self.dots, "at": self.at}

    @classmethod
    def from_reader(cls, reader: FieldReader) -> CaseVote:
        return cls(
            voter=reader.text("voter", max_len=64),
            proposal=reader.text("proposal", max_len=64),
            dots=reader.integer("dots", minimum=0),
            at=reader.text("at"),
        )


@dataclass
class CaseRound:
    """What a session holds of its case round."""

    proposals: dict[str, CaseProposal] = field(default_factory=dict)
    votes: dict[tuple[str, str], CaseVote] = field(default_factory=dict)
    dots: int = 1
    """Dots each present participant may give; 1 is one vote each."""
    choices: list[CaseChoice] = field(default_factory=list)

    TABLES = (PROPOSALS_TABLE, VOTES_TABLE, CHOICES_TABLE, ROUND_TABLE)

    def apply(self, table: str, reader: FieldReader) -> None:
        if table == PROPOSALS_TABLE:
            proposal = CaseProposal.from_reader(reader)
            self.proposals[proposal.id] = proposal
        elif table == VOTES_TABLE:
            vote = CaseVote.from_reader(reader)
            self.votes[(vote.voter, vote.proposal)] = vote
        elif table == CHOICES_TABLE:
            self.choices.append(CaseChoice.from_reader(reader))
        elif table == ROUND_TABLE:
            dots = reader.integer("dots", minimum=1)
            if dots > MAX_DOTS:
                raise reader.error("dots", f"must be at most {MAX_DOTS}")
            self.dots = dots

    # -- reading -------------------------------------------------------------------------

    def open_proposals(self) -> list[CaseProposal]:
        """Proposals not withdrawn, in the order they were made."""
        return [p for p in self.proposals.values() if p.open]

    @property
    def choice(self) -> CaseChoice | None:
        """The choice that counts: the last one made."""
        return self.choices[-1] if self.choices else None

    @property
    def chosen(self) -> CaseProposal | None:
        choice = self.choice
        return self.proposals.get(choice.proposal) if choice else None

    def dots_of(self, voter: str) -> int:
        """How many dots a voter has given, on proposals still open."""
        open_ids = {p.id for p in self.open_proposals()}
        return sum(
            v.dots for (who, what), v in self.votes.items() if who == voter and what in open_ids
        )

    def tally(self) -> Counter[str]:
        """Dots per open proposal (every open proposal appears, also with none)."""
        counts: Counter[str] = Counter({p.id: 0 for p in self.open_proposals()})
        for (_, proposal), vote in self.votes.items():
            if proposal in counts:
                counts[proposal] += vote.dots
        return counts

    def voters(self) -> set[str]:
        return {
            voter
            for (voter, proposal), vote in self.votes.items()
            if vote.dots and proposal in self.tally()
        }

    def leaders(self, mode: ChoiceMode) -> list[CaseProposal]:
        """The proposals level at the top by votes or by urgency (more than one: a tie).

        None at all while no one voted (by vote) or nothing was proposed."""
        proposals = self.open_proposals()
        if not proposals:
            return []
        if mode is ChoiceMode.VOTE:
            tally = self.tally()
            best = max(tally.values())
            if best == 0:
                return []
            return [p for p in proposals if tally[p.id] == best]
        if mode is ChoiceMode.URGENCY:
            best = max(p.urgency for p in proposals)
            return [p for p in proposals if p.urgency == best]
        return []


def proposes_in(method: Method, phase: int) -> bool:
    """Whether cases are proposed in this phase: a collection phase, or a choice phase
    of a method that has no collection phase (it collects and chooses in one)."""
    kind = method.phases[phase].kind
    kinds = {p.kind for p in method.phases}
    return kind is PhaseKind.CASE_COLLECTION or (
        kind is PhaseKind.CASE_CHOICE and PhaseKind.CASE_COLLECTION not in kinds
    )


def chooses_in(method: Method, phase: int) -> bool:
    """Whether the case is chosen in this phase: a choice phase, or a collection phase
    of a method that has no choice phase."""
    kind = method.phases[phase].kind
    kinds = {p.kind for p in method.phases}
    return kind is PhaseKind.CASE_CHOICE or (
        kind is PhaseKind.CASE_COLLECTION and PhaseKind.CASE_CHOICE not in kinds
    )


def has_case_round(method: Method) -> bool:
    return any(p.kind in (PhaseKind.CASE_COLLECTION, PhaseKind.CASE_CHOICE) for p in method.phases)

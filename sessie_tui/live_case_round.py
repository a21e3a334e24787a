"""The case round's intentions, as `LiveSession` carries them out.

Mixed into `LiveSession` (see `live.py`): every intention is checked against the
session as stored at the moment it is written (the phase, whether the meeting
ended, who is present), written in one locked transaction, and then taken in.
The facilitator's keyboard and the room's devices (`room/server.py`) call the
same ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .domain.case_kinds import QuestionKind
from .domain.case_round import (
    CHOICES_TABLE,
    MAX_DOTS,
    MAX_TITLE_LENGTH,
    PROPOSALS_TABLE,
    ROUND_TABLE,
    URGENCIES,
    VOTES_TABLE,
    CaseChoice,
    CaseProposal,
    CaseVote,
    ChoiceMode,
    chooses_in,
    proposes_in,
)
from .domain.participants import Role
from .domain.session import PARTICIPANTS_TABLE, SESSION_TABLE, RuleViolation, Session, SessionStatus

if TYPE_CHECKING:
    from .storage.document import Edit

    Record = tuple[str, dict[str, Any]]


class CaseRoundIntentions:
    """Propose, withdraw, vote and choose; see `domain/case_round.py`."""

    if TYPE_CHECKING:
        session: Session

        def now(self) -> str: ...
        def _edit(self, change: Callable[[Edit, Session], list[Record]]) -> list[Record]: ...

    def _case_round_phase(self, position: Session, edit: Edit, check: Callable[..., bool]) -> None:
        header = edit.transaction.single(SESSION_TABLE) or {}
        if header.get("status") == SessionStatus.ENDED.value:
            raise RuleViolation("notes.meeting_ended")
        if not check(position.method, position.current_phase):
            key = "case_round.not_proposing" if check is proposes_in else "case_round.not_choosing"
            raise RuleViolation(key)

    @staticmethod
    def _present(position: Session, person: str) -> None:
        participant = position.participants.get(person)
        if participant is None or not participant.present:
            raise RuleViolation("case_round.not_present")

    def propose_case(
        self,
        proposer: str,
        title: str,
        urgency: int,
        kind: QuestionKind | str,
        bank_id: str | None = None,
    ) -> CaseProposal:
        """A present participant proposes a case in the phase that collects them."""
        from .live import clean_text, new_id

        title = clean_text(title, MAX_TITLE_LENGTH, "case_title")
        if not title:
            raise RuleViolation("case_round.title_required")
        if "\n" in title or "\r" in title:
            raise RuleViolation("case_round.one_line")
        if isinstance(urgency, bool) or urgency not in URGENCIES:
            raise RuleViolation("case_round.bad_urgency", value=urgency)
        try:
            kind = QuestionKind(kind)
        except ValueError:
            raise RuleViolation("case_round.bad_kind", value=kind) from None
        made: list[CaseProposal] = []

        def write(edit: Edit, position: Session) -> list[Record]:
            self._case_round_phase(position, edit, proposes_in)
            self._present(position, proposer)
            if bank_id and any(
                p.bank_id == bank_id and p.open for p in position.case_round.proposals.values()
            ):
                raise RuleViolation("case_round.already_brought")
            proposal = CaseProposal(new_id(), title, urgency, kind, proposer, self.now(), bank_id)
            edit.transaction.insert(PROPOSALS_TABLE, proposal.to_data())
            made.append(proposal)
            return [(PROPOSALS_TABLE, proposal.to_data())]

        self._edit(write)
        return made[0]

    def withdraw_proposal(self, proposal_id: str, by: str | None = None) -> None:
        """Take a proposal back (by its proposer, when `by` says who asks), before the choice."""

        def write(edit: Edit, position: Session) -> list[Record]:
            proposal = position.case_round.proposals.get(proposal_id)
            if proposal is None or not proposal.open:
                raise RuleViolation("case_round.gone")
            if by is not None and proposal.proposer != by:
                raise RuleViolation("case_round.not_yours")
            chosen = position.case_round.chosen
            if chosen is not None and chosen.id == proposal_id:
                raise RuleViolation("case_round.already_chosen")
            header = edit.transaction.single(SESSION_TABLE) or {}
            if header.get("status") == SessionStatus.ENDED.value:
                raise RuleViolation("notes.meeting_ended")
            doc = proposal.with_changes(withdrawn_at=self.now()).to_data()
            edit.transaction.upsert(PROPOSALS_TABLE, doc, id=proposal_id)
            return [(PROPOSALS_TABLE, doc)]

        self._edit(write)

    def set_case_dots(self, dots: int) -> None:
        """How many dots each present participant gives; 1 is one vote each."""
        if isinstance(dots, bool) or not 1 <= dots <= MAX_DOTS:
            raise RuleViolation("case_round.bad_dots", value=dots, most=MAX_DOTS)

        def write(edit: Edit, position: Session) -> list[Record]:
            self._case_round_phase(position, edit, chooses_in)
            doc = {"dots": dots, "at": self.now()}
            edit.transaction.put_single(ROUND_TABLE, doc)
            return [(ROUND_TABLE, doc)]

        self._edit(write)

    def vote_case(self, voter: str, proposal_id: str, change: int = 1) -> int:
        """Give (`change` 1) or take back (-1) one of `voter`'s dots on a proposal.

        With one vote each, a vote for another proposal moves it there. With more
        dots, a dot beyond the last one is refused, said plainly. Returns the dots
        the voter has left.
        """
        left: list[int] = []

        def write(edit: Edit, position: Session) -> list[Record]:
            self._case_round_phase(position, edit, chooses_in)
            self._present(position, voter)
            round_ = position.case_round
            proposal = round_.proposals.get(proposal_id)
            if proposal is None or not proposal.open:
                raise RuleViolation("case_round.gone")
            now = self.now()
            given = round_.votes.get((voter, proposal_id))
            dots = (given.dots if given else 0) + change
            if dots < 0:
                raise RuleViolation("case_round.no_vote_here")
            records: list[Record] = []
            if change > 0 and round_.dots == 1:
                # One vote each: voting again moves the vote.
                for (who, other), vote in round_.votes.items():
                    if who == voter and other != proposal_id and vote.dots:
                        moved = CaseVote(voter, other, 0, now).to_data()
                        records.append((VOTES_TABLE, moved))
                dots = 1
            elif change > 0 and round_.dots_of(voter) + change > round_.dots:
                raise RuleViolation("case_round.no_dots_left", dots=round_.dots)
            records.append((VOTES_TABLE, CaseVote(voter, proposal_id, dots, now).to_data()))
            for _, doc in records:
                edit.transaction.upsert(
                    VOTES_TABLE, doc, voter=doc["voter"], proposal=doc["proposal"]
                )
            mine = {
                what: vote.dots
                for (who, what), vote in round_.votes.items()
                if who == voter and round_.proposals[what].open
            }
            mine.update({doc["proposal"]: doc["dots"] for _, doc in records})
            spent = sum(mine.values())
            left.append(max(round_.dots - spent, 0))
            return records

        self._edit(write)
        return left[0]

    def choose_case(
        self, proposal_id: str, mode: ChoiceMode, tied: tuple[str, ...] = ()
    ) -> CaseChoice:
        """The group's choice: recorded with how and when; the proposer becomes the case
        holder (the case holder before them a participant), and the proposal's title
        and kind of question become the session's case."""
        made: list[CaseChoice] = []

        def write(edit: Edit, position: Session) -> list[Record]:
            self._case_round_phase(position, edit, chooses_in)
            proposal = position.case_round.proposals.get(proposal_id)
            if proposal is None or not proposal.open:
                raise RuleViolation("case_round.gone")
            self._present(position, proposal.proposer)
            db = edit.transaction
            choice = CaseChoice(proposal_id, mode, self.now(), tuple(tied))
            db.insert(CHOICES_TABLE, choice.to_data())
            records: list[Record] = [(CHOICES_TABLE, choice.to_data())]
            for person in position.participants.values():
                role = person.role
                if person.id == proposal.proposer:
                    role = Role.CASE_HOLDER
                elif role is Role.CASE_HOLDER:
                    role = Role.PARTICIPANT
                if role is not person.role:
                    doc = person.with_changes(role=role).to_data()
                    db.upsert(PARTICIPANTS_TABLE, doc, id=person.id)
                    records.append((PARTICIPANTS_TABLE, doc))
            header = dict(db.single(SESSION_TABLE) or position.header_data())
            info = dict(header.get("info", {}))
            holder = position.case_holder
            if info.get("share_case_question") and (
                holder is None or holder.id != proposal.proposer
            ):
                # Another case holder: the consent to share the question was the one
                # before's. Withdrawn, with its time; the question's text stays.
                info.update(share_case_question=False, share_case_question_at=self.now())
            info.update(case_title=proposal.title, case_kind=proposal.kind.value)
            header["info"] = info
            db.put_single(SESSION_TABLE, header)
            records.append((SESSION_TABLE, header))
            made.append(choice)
            return records

        self._edit(write)
        return made[0]

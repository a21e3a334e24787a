"""A network's case bank and its fair ledger.

The bank keeps the cases a meeting's case round did not take, with who brought
them and when, so that the next case round offers them again; the proposer can
withdraw one. A case taken is closed with the meeting it was taken in. It is kept
in the network's file (table `case_bank`), written from a meeting's case round by
`cases_after_round` once the case is chosen.

The ledger says, per member, how many cases they brought, how many were taken
(the meetings they were case holder in) and how long ago the last one was: a
balance between giving and taking cases is a success factor named for networks
(`../shared/METHODS.md`, "The case round").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from enum import StrEnum
from typing import Any

from .case_kinds import QuestionKind
from .case_round import MAX_TITLE_LENGTH
from .fields import FieldReader
from .participants import Role
from .record import record
from .session import Session, SessionStatus

BANK_TABLE = "case_bank"


class BankStatus(StrEnum):
    OPEN = "open"
    """Waiting in the bank for a next case round."""
    TAKEN = "taken"
    """Chosen in a meeting: closed with that meeting."""
    WITHDRAWN = "withdrawn"
    """Taken back by the one who brought it."""


@record
class BankedCase:
    """A case proposed in a case round and not taken: kept for a later meeting."""

    id: str
    title: str
    urgency: int
    kind: QuestionKind
    member: str
    """The network member who brought it."""
    brought_at: str
    session: str
    """The meeting it was first brought in."""
    number: int | None = None
    status: BankStatus = BankStatus.OPEN
    closed_at: str = ""
    closed_in: str = ""
    """The meeting it was taken (or withdrawn) in; empty while open or withdrawn outside one."""

    @property
    def open(self) -> bool:
        return self.status is BankStatus.OPEN

    def with_changes(self, **changes: Any) -> BankedCase:
        return replace(self, **changes)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "urgency": self.urgency,
            "kind": self.kind.value,
            "member": self.member,
            "brought_at": self.brought_at,
            "session": self.session,
            "status": self.status.value,
            "closed_at": self.closed_at,
            "closed_in": self.closed_in,
        }
        if self.number is not None:
            data["number"] = self.number
        return data

    @classmethod
    def from_reader(cls, reader: FieldReader) -> BankedCase:
        return cls(
            id=reader.text("id", max_len=64),
            title=reader.text("title", max_len=MAX_TITLE_LENGTH),
            urgency=reader.integer("urgency", minimum=1),
            kind=reader.choice("kind", QuestionKind),
            member=reader.text("member", max_len=64),
            brought_at=reader.text("brought_at"),
            session=reader.text("session", max_len=64),
            number=reader.integer("number", None, minimum=1),
            status=reader.choice("status", BankStatus, BankStatus.OPEN),
            closed_at=reader.text("closed_at", "", allow_empty=True, max_len=64),
            closed_in=reader.text("closed_in", "", allow_empty=True, max_len=64),
        )


def bank_from_tables(tables: Mapping[str, Mapping[str, Any]]) -> dict[str, BankedCase]:
    bank: dict[str, BankedCase] = {}
    for doc_id, doc in tables.get(BANK_TABLE, {}).items():
        case = BankedCase.from_reader(FieldReader(doc, f"{BANK_TABLE}[{doc_id}]"))
        bank[case.id] = case
    return bank


def cases_after_round(session: Session, bank: Mapping[str, BankedCase]) -> list[BankedCase]:
    """The bank's entries as this meeting's case round leaves them (to be written).

    Nothing until a case is chosen. Then the chosen case is taken (closed with this
    meeting), every other open proposal of a network member waits in the bank (one
    brought from the bank stays as it was, also when it was taken back for today;
    only its proposer's withdrawal from the bank itself closes it). An entry closed in
    another meeting is left alone; one closed in this one opens again when the choice
    changed.
    """
    round_ = session.case_round
    choice = round_.choice
    if choice is None:
        return []
    changed: list[BankedCase] = []
    for proposal in round_.proposals.values():
        person = session.participants.get(proposal.proposer)
        if person is None or person.member_id is None:
            continue  # not a member of the network: nothing to keep for them
        entry_id = proposal.bank_id or proposal.id
        known = bank.get(entry_id)
        if known is not None and not known.open and known.closed_in not in ("", session.id):
            continue
        if known is not None and known.status is BankStatus.WITHDRAWN and not known.closed_in:
            continue  # withdrawn from the bank itself, outside any meeting
        entry = known or BankedCase(
            id=entry_id,
            title=proposal.title,
            urgency=proposal.urgency,
            kind=proposal.kind,
            member=person.member_id,
            brought_at=proposal.at,
            session=session.id,
            number=session.info.number,
        )
        if proposal.id == choice.proposal:
            entry = entry.with_changes(
                status=BankStatus.TAKEN, closed_at=choice.at, closed_in=session.id
            )
        elif not proposal.open:
            continue  # taken back for today: one from the bank stays there as it was
        else:
            entry = entry.with_changes(status=BankStatus.OPEN, closed_at="", closed_in="")
        if entry != known:
            changed.append(entry)
    return changed


def offered(bank: Mapping[str, BankedCase], session: Session) -> list[BankedCase]:
    """The open cases of the bank this meeting's case round offers, oldest first:
    those not brought in again here yet."""
    brought = {p.bank_id for p in session.case_round.proposals.values() if p.bank_id and p.open}
    return sorted(
        (case for case in bank.values() if case.open and case.id not in brought),
        key=lambda case: case.brought_at,
    )


@record
class LedgerRow:
    """One member's line in the network's ledger: cases brought and held, and when last."""

    member: str
    name: str
    brought: int
    """Cases proposed in case rounds (any that came to the bank)."""
    taken: int
    """Meetings they were case holder in."""
    last_number: int | None
    """The meeting they last held a case in."""
    meetings_ago: int | None
    """How many meetings were held since then (0: the last one); None if never."""

    @property
    def never(self) -> bool:
        return self.taken == 0


def fair_ledger(
    members: Mapping[str, str],
    meetings: Iterable[Session],
    bank: Mapping[str, BankedCase],
) -> list[LedgerRow]:
    """Per member (`members`: id to name): cases brought and taken, and how long ago.

    Whoever never held a case comes first, then whoever held one longest ago: the
    order in which it is fair to ask. `meetings` are the network's real meetings in
    order (practice left out by the caller)."""
    # A meeting still in preparation has a case holder proposed, not a case taken.
    held = [m for m in meetings if m.method.has_case and m.status is not SessionStatus.SETUP]
    last: dict[str, int] = {}
    taken: dict[str, int] = {}
    numbers: dict[str, int | None] = {}
    for index, meeting in enumerate(held):
        for person in meeting.people(Role.CASE_HOLDER):
            if person.member_id:
                taken[person.member_id] = taken.get(person.member_id, 0) + 1
                last[person.member_id] = index
                numbers[person.member_id] = meeting.info.number
    brought: dict[str, int] = {}
    for case in bank.values():
        brought[case.member] = brought.get(case.member, 0) + 1
    rows = [
        LedgerRow(
            member=member_id,
            name=name,
            brought=brought.get(member_id, 0),
            taken=taken.get(member_id, 0),
            last_number=numbers.get(member_id),
            meetings_ago=len(held) - 1 - last[member_id] if member_id in last else None,
        )
        for member_id, name in members.items()
    ]
    return sorted(
        rows,
        key=lambda row: (
            not row.never,
            -(row.meetings_ago if row.meetings_ago is not None else 0),
            row.name.casefold(),
        ),
    )

"""The case round in the reports: in full for the participants, as counts elsewhere.

- participants: every title proposed (with how urgent, what kind, who brought it,
  the votes, a withdrawal), and how the choice was made, when, and any tie broken;
- absentees: only how many cases were proposed (the chosen question comes through
  the case holder's consent, in `absentees.py`);
- network: the fair ledger per member and the bank's size, never a title.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..domain.case_bank import BankedCase, fair_ledger
from ..domain.case_round import has_case_round
from ..domain.session import Session
from .common import Translator, time_of_day
from .markdown import Document


def case_round_section(doc: Document, session: Session, tr: Translator, lang: str) -> None:
    """For the participants: the titles proposed and how the choice was made."""
    round_ = session.case_round
    if not round_.proposals:
        return
    doc.heading(2, tr("report.section.case_round"))
    tally = round_.tally()
    chosen = round_.chosen
    for proposal in round_.proposals.values():
        details = [
            tr("report.case_round.urgency", urgency=proposal.urgency),
            tr(f"question_kind.{proposal.kind.value}"),
            session.name_of(proposal.proposer),
        ]
        if proposal.bank_id:
            details.append(tr("report.case_round.from_bank"))
        if proposal.open and round_.votes:
            details.append(tr("report.case_round.votes", count=tally[proposal.id]))
        if not proposal.open:
            details.append(tr("report.case_round.withdrawn"))
        if chosen is not None and chosen.id == proposal.id:
            details.append(tr("report.case_round.chosen_mark"))
        doc.bullet(f"{proposal.title}\n" + " · ".join(details))
    choice = round_.choice
    if chosen is None or choice is None:
        doc.paragraph(tr("report.case_round.not_chosen"))
        return
    how = tr(f"case_round.mode.{choice.mode.value}")
    if choice.mode.value == "vote":
        how += " " + tr("report.case_round.dots", count=round_.dots)
    text = tr(
        "report.case_round.choice",
        title=chosen.title,
        name=session.name_of(chosen.proposer),
        how=how,
        time=time_of_day(session, choice.at, tr, lang),
    )
    if choice.tied:
        titles = [round_.proposals[p].title for p in choice.tied if p in round_.proposals]
        text += " " + tr("report.case_round.tie", titles=", ".join(titles))
    doc.paragraph(text)


def proposed_count(session: Session) -> int | None:
    """For the absentees: how many cases were proposed; None without a case round."""
    if not has_case_round(session.method):
        return None
    return len(session.case_round.open_proposals())


def ledger_section(
    doc: Document,
    members: Mapping[str, str],
    meetings: Sequence[Session],
    bank: Mapping[str, BankedCase],
    tr: Translator,
    *,
    names: bool = True,
) -> None:
    """For the network: who brought and held cases, and how many wait; no titles.

    Without `names` (the report for those absent) only how many members held a case
    and how many never did."""
    if not members:
        return
    doc.heading(2, tr("network_report.section.ledger"))
    ledger = fair_ledger(members, meetings, bank)
    waiting = sum(1 for case in bank.values() if case.open)
    if not names:
        never = sum(1 for row in ledger if row.never)
        doc.paragraph(tr("network_report.ledger_counts", held=len(ledger) - never, never=never))
        doc.paragraph(tr("network_report.bank_size", count=waiting))
        return
    rows = [
        [
            row.name,
            str(row.brought),
            str(row.taken),
            str(row.last_number) if row.last_number is not None else tr("network_report.never"),
        ]
        for row in ledger
    ]
    doc.table(
        [
            tr("network_report.col.member"),
            tr("network_report.col.brought"),
            tr("network_report.col.taken"),
            tr("network_report.col.last_case"),
        ],
        rows,
    )
    doc.paragraph(tr("network_report.bank_size", count=waiting))

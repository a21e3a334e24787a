"""The network report: the track as a whole, for the members and for those who were absent.

The same rules as a session's reports: the members' version is complete; the
absentees' version names nobody next to what they said or wrote (expectations,
action points, final answers), masks names written inside those texts, and
shows no case holder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..domain.audience import Audience
from ..domain.dates import long_date
from ..domain.names import name_pattern, replace_names
from ..domain.network import (
    FINAL_QUESTIONS,
    Network,
    given_expectations,
    mean_score,
    open_actions,
)
from ..domain.session import Session, Tried
from ..i18n import decimal, translate
from . import ReportSource
from .case_round import ledger_section
from .common import Translator, translator, trend_line
from .export import report_file_name
from .markdown import Document


def network_report(
    network: Network, meetings: Sequence[Session], lang: str, audience: Audience
) -> str:
    tr = translator(lang)
    full = audience is Audience.PARTICIPANTS
    names = [m.name for m in network.members.values()]
    names += [p.name for meeting in meetings for p in meeting.participants.values()]
    pattern = None if full else name_pattern(names)

    def said(text: str) -> str:
        """What someone said or wrote: as it is for the members, names masked otherwise."""
        return replace_names(text, pattern, tr("report.someone"))

    doc = Document()
    doc.heading(1, tr("network_report.title"))
    doc.paragraph(tr("network_report.confidential" if full else "report.confidential_absentees"))
    _network(doc, network, tr, lang)
    _members(doc, network, tr)
    _meetings(doc, meetings, tr, lang, full)
    members = {member.id: member.name for member in network.members.values()}
    ledger_section(doc, members, meetings, network.case_bank, tr, names=full)
    _expectations(doc, meetings, tr, full, said)
    _open_actions(doc, meetings, tr, lang, full, said)
    _to_work(doc, meetings, tr, full, said)
    _final(doc, network, tr, full, said)
    return doc.render()


def _network(doc: Document, network: Network, tr: Translator, lang: str) -> None:
    doc.heading(2, tr("network_report.section.network"))
    doc.bullet(network.name, label=tr("network.field.name"))
    if network.theme:
        doc.bullet(network.theme, label=tr("network.field.theme"))
    if network.goal:
        doc.bullet(network.goal, label=tr("network.field.goal"))
    if network.track:
        dates = ", ".join(f"{m.number}: {long_date(m.date, lang)}" for m in network.track)
        doc.bullet(dates, label=tr("network.track"))
    if network.agreements:
        version = network.agreements[-1].version
        doc.bullet(str(version), label=tr("network_report.agreement_version"))


def _members(doc: Document, network: Network, tr: Translator) -> None:
    doc.heading(2, tr("network_report.section.members"))
    for member in network.members.values():
        details = ", ".join(part for part in (member.organisation, member.function) if part)
        doc.bullet(f"{member.name}" + (f" ({details})" if details else ""))
    if not network.members:
        doc.paragraph("—")


def _meetings(
    doc: Document, meetings: Sequence[Session], tr: Translator, lang: str, full: bool
) -> None:
    doc.heading(2, tr("network_report.section.meetings"))
    headers = ["#", tr("network.col.date"), tr("network.col.method")]
    headers += [tr("network.col.case_holder")] if full else []
    headers += [tr("network.col.present"), tr("network.col.score")]
    rows = []
    for meeting in meetings:
        score = mean_score(meeting)
        row = [
            str(meeting.info.number or "—"),
            long_date(meeting.info.date, lang) if meeting.info.date else "—",
            meeting.method.title.get(lang),
        ]
        if full:
            holder = meeting.case_holder
            row.append(holder.name if holder else "—")
        row += [str(len(meeting.present())), decimal(score, lang=lang) if score else "—"]
        rows.append(row)
    if rows:
        doc.table(headers, rows)
    else:
        doc.paragraph(tr("network_report.no_meetings"))
    scores = [s for s in (mean_score(m) for m in meetings) if s is not None]
    if len(scores) > 1:
        doc.paragraph(tr("network.trend", line=trend_line(scores)))


def _expectations(
    doc: Document,
    meetings: Sequence[Session],
    tr: Translator,
    full: bool,
    said: Callable[[str], str],
) -> None:
    given = given_expectations(meetings)
    if not given:
        return
    doc.heading(2, tr("network_report.section.expectations"))
    for name, expectation in given:
        text = "\n".join(
            part
            for part in (
                tr("network_report.expects", text=said(expectation.expectations))
                if expectation.expectations
                else "",
                tr("network_report.goals", text=said(expectation.learning_goals))
                if expectation.learning_goals
                else "",
            )
            if part
        )
        doc.bullet(text, label=name if full else None)


def _open_actions(
    doc: Document,
    meetings: Sequence[Session],
    tr: Translator,
    lang: str,
    full: bool,
    said: Callable[[str], str],
) -> None:
    still_open = open_actions(meetings)
    doc.heading(2, tr("network_report.section.open_actions"))
    if not still_open:
        doc.paragraph(tr("look_back.nothing_open"))
    for action in still_open:
        note = action.note
        details = [tr("network_report.from_meeting", number=action.number or "—")]
        if full and action.owner:
            details.append(tr("report.action_owner", owner=action.owner))
        if note.due:
            details.append(tr("report.action_due", due=long_date(note.due, lang)))
        doc.bullet(said(note.text) + "\n" + ", ".join(details))


def _to_work(
    doc: Document,
    meetings: Sequence[Session],
    tr: Translator,
    full: bool,
    said: Callable[[str], str],
) -> None:
    """What went back to work, meeting by meeting, and how many were tried at the next.

    For those who were absent: the counts only, never what anyone took along."""
    taken = sum(len(meeting.work_takeaways) for meeting in meetings)
    if not taken:
        return
    checks = [check for meeting in meetings for check in meeting.takeaway_checks.values()]
    doc.heading(2, tr("network_report.section.to_work"))
    doc.paragraph(
        tr(
            "network_report.to_work_counts",
            taken=taken,
            asked=len(checks),
            tried=sum(1 for c in checks if c.tried is Tried.YES),
            partly=sum(1 for c in checks if c.tried is Tried.PARTLY),
        )
    )
    if not full:
        return
    tried = {(c.source, c.participant): c.tried for c in checks}
    for meeting in meetings:
        for takeaway in meeting.work_takeaways.values():
            answer = tried.get((meeting.id, takeaway.participant))
            details = [tr("network_report.from_meeting", number=meeting.info.number or "—")]
            if answer is not None:
                details.append(tr("to_work.tried_now", tried=tr(f"to_work.tried.{answer.value}")))
            label = meeting.name_of(takeaway.participant)
            doc.bullet(said(takeaway.text) + "\n" + " ".join(details), label=label)


def _final(
    doc: Document, network: Network, tr: Translator, full: bool, said: Callable[[str], str]
) -> None:
    if not network.final_answers:
        return
    doc.heading(2, tr("network_report.section.final"))
    if full:
        for member_id, answer in network.final_answers.items():
            member = network.members.get(member_id)
            lines = [
                f"{tr(f'final.short.{q}')}: {getattr(answer, q) or '—'}" for q in FINAL_QUESTIONS
            ]
            doc.bullet("\n".join(lines), label=member.name if member else "—")
        return
    for question in FINAL_QUESTIONS:
        doc.heading(3, tr(f"final.question.{question}"))
        answers = [said(getattr(a, question)) for a in network.final_answers.values()]
        for text in (a for a in answers if a):
            doc.bullet(text)


def network_report_source(network: Network, meetings: Sequence[Session], lang: str) -> ReportSource:
    from .leaving import network_leaving

    return ReportSource(
        title=network.name,
        build=lambda audience: network_report(network, meetings, lang, audience),
        file_name=lambda audience: report_file_name(
            translate("report.file.network", lang, id=network.id), audience, lang
        ),
        leaves=lambda audience: network_leaving(network, meetings, lang),
        lang=lang,
    )

"""The verslag for those who were absent: what the network learned, and nothing more.

Redaction is how this report is built, not a filter over the full one. The
builder never sees the session: it is given a `ShareableSession`, made by
`shareable()` from an allow-list of fields. What is not copied into it cannot
leak. What it holds:

- the meeting's facts, the attendance list (who was there is not
  confidential: the source texts ask for a report to those absent) and
  whether everyone acknowledged the agreement;
- the case holder's question and their takeaway, each only if the case holder
  agreed to share it (asked, and recorded with its time); of a case round, only
  how many cases were proposed;
- the advice given as numbers per phase of the method (how many pieces, how
  many the case holder takes along), never their texts: advice and questions
  retell the case ("why does the class teacher refuse..."), and which themes
  they touch cannot be told without reading them;
- the action points, without their owners;
- the evaluation as mean and distribution only; the next meeting.

So no note of any other kind, no question, no hint, no advice text, no case
title, no name next to anything said, no timing. On top of that,
note-takers write names into what is copied ("Dries belt de ouders"): every
participant's full name and first name (as a whole word) is replaced by a
neutral word.
"""

from __future__ import annotations

from ..domain.clock import Clock
from ..domain.dates import long_date
from ..domain.names import name_pattern, replace_names
from ..domain.notes import NoteKind
from ..domain.participants import Attendance
from ..domain.record import record
from ..domain.session import Session, participants_in_order
from .case_round import proposed_count
from .common import (
    Translator,
    evaluation_summary,
    next_meeting_text,
    session_fields,
    translator,
)
from .markdown import Document


@record
class ShareableAction:
    """An action point as the absentees' report may show it."""

    text: str
    due: str | None


@record
class AdviceInPhase:
    """How much advice one phase of the method gathered: counts, never texts."""

    phase: str
    given: int
    taken_along: int


@record
class ShareableSession:
    """Everything the absentees' report may use, and nothing else."""

    fields: list[tuple[str, str]]
    has_case: bool
    cases_proposed: int | None
    """How many cases the case round had (never their titles); None without one."""
    case_question: str | None
    takeaway: str | None
    attendance: dict[Attendance, list[str]]
    everyone_acknowledged: bool
    advice: list[AdviceInPhase]
    actions: list[ShareableAction]
    scores: list[int]
    present_count: int
    next_meeting: str
    to_work: int = 0
    """How many took something back to their work: the count, never what."""


def _advice_counts(session: Session, lang: str) -> list[AdviceInPhase]:
    counts = []
    for index, phase in enumerate(session.phases):
        advice = [n for n in session.live_notes(index) if n.kind is NoteKind.ADVICE]
        if advice:
            taken = sum(1 for note in advice if note.taken_along)
            counts.append(AdviceInPhase(phase.title.get(lang), len(advice), taken))
    return counts


def shareable(session: Session, tr: Translator, lang: str) -> ShareableSession:
    """The allow-list: each field the absentees may see is copied here, one by one."""
    people = participants_in_order(session.participants.values())
    pattern = name_pattern(p.name for p in people)

    def masked(text: str) -> str:
        return replace_names(text, pattern, tr("report.someone"))

    info = session.info
    return ShareableSession(
        fields=session_fields(session, tr, lang),
        has_case=session.method.has_case,
        cases_proposed=proposed_count(session),
        case_question=masked(info.case_question) if info.share_case_question else None,
        takeaway=masked(info.takeaway) if info.share_takeaway and info.takeaway else None,
        attendance={a: [p.name for p in people if p.attendance is a] for a in Attendance},
        everyone_acknowledged=not session.missing_acknowledgements(),
        advice=_advice_counts(session, lang),
        actions=[
            ShareableAction(masked(note.text), note.due)
            for note in session.live_notes()
            if note.kind is NoteKind.ACTION
        ],
        # Every score, also those given anonymously in the room; never a remark.
        scores=session.scores(),
        present_count=len(session.present()),
        next_meeting=masked(next_meeting_text(session.info, tr, lang)),
        to_work=len(session.work_takeaways),
    )


def absentees_report(session: Session, clock: Clock, lang: str) -> str:
    """The report for those who were absent, built only from `shareable(session)`."""
    del clock  # no timing for absentees: the signature is the participants' report's
    tr = translator(lang)
    return render_for_absentees(shareable(session, tr, lang), tr, lang)


def _counted(tr: Translator, key: str, count: int) -> str:
    return tr(f"{key}.{'one' if count == 1 else 'other'}", count=count)


def _learned(doc: Document, view: ShareableSession, tr: Translator) -> None:
    if not (view.takeaway or view.advice or view.to_work):
        return
    doc.heading(2, tr("report.section.learned"))
    if view.takeaway:
        doc.bullet(view.takeaway, label=tr("report.field.takeaway"))
    if view.advice:
        given = sum(phase.given for phase in view.advice)
        taken = sum(phase.taken_along for phase in view.advice)
        doc.paragraph(
            _counted(tr, "report.advice_given", given)
            + " "
            + _counted(tr, "report.advice_taken_along", taken)
        )
        if len(view.advice) > 1:  # with one phase, the sentence above says it all
            for phase in view.advice:
                doc.bullet(_counted(tr, "report.advice_in_phase", phase.given), label=phase.phase)
    if view.to_work:
        doc.paragraph(_counted(tr, "report.to_work_count", view.to_work))


def _actions(doc: Document, view: ShareableSession, tr: Translator, lang: str) -> None:
    if not view.actions:
        return
    doc.heading(2, tr("report.section.actions"))
    for action in view.actions:
        due = "\n" + tr("report.action_due", due=long_date(action.due, lang)) if action.due else ""
        doc.bullet(action.text + due)


def render_for_absentees(view: ShareableSession, tr: Translator, lang: str) -> str:
    """Writes the report; it has only the allow-listed view to write from."""
    doc = Document()
    doc.heading(1, tr("report.title"))
    doc.paragraph(tr("report.confidential_absentees"))
    doc.heading(2, tr("report.section.session"))
    for label, value in view.fields:
        doc.bullet(value, label=label)
    if view.has_case:
        doc.heading(2, tr("report.section.case"))
        if view.cases_proposed is not None:
            doc.paragraph(tr("report.case_round.proposed_count", count=view.cases_proposed))
        if view.case_question:
            doc.bullet(view.case_question, label=tr("report.field.case_question"))
        else:
            doc.paragraph(tr("report.case_from_practice"))
    doc.heading(2, tr("report.section.attendance"))
    for attendance, names in view.attendance.items():
        doc.bullet(", ".join(names) or "—", label=tr(f"report.attendance.{attendance.value}"))
    doc.paragraph(
        tr("report.absentees_acknowledged")
        if view.everyone_acknowledged
        else tr("report.absentees_not_all_acknowledged")
    )
    _learned(doc, view, tr)
    _actions(doc, view, tr, lang)
    if view.scores:
        evaluation_summary(doc, view.scores, view.present_count, tr, lang)
    if view.next_meeting:
        doc.heading(2, tr("report.section.next_meeting"))
        doc.paragraph(view.next_meeting)
    return doc.render()

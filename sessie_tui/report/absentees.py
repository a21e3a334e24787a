"""The verslag for those who were absent: what the network learned, and nothing more.

Redaction is how this report is built, not a filter over the full one. The
builder never sees the session: it is given a `ShareableSession`, made by
`shareable()` from an allow-list of fields. What is not copied into it cannot
leak. Left out, by construction:

- the case holder's story: the case title, every note of a phase that tells
  or restates a case (`STORY_PHASES`), and the case holder's takeaway; the
  case question only if the case holder agreed to share it;
- every name next to what was said: contributions carry no speaker, author or
  owner, and there is no list of roles or acknowledgements (the attendance
  list stays: the source texts ask for a report to those absent, and who was
  there is not confidential);
- confidential notes, and deleted ones;
- the question hints;
- evaluation remarks and who gave which score: only the mean and distribution.

On top of that, note-takers write names into their notes ("Dries brengt het
incident in"); in the free text that is copied, every participant's full name
and first name (as a whole word) is replaced by a neutral word, so the text
does not say whose case it was or who said what.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.clock import Clock
from ..domain.dates import long_date
from ..domain.method import PhaseKind, PhaseSpec
from ..domain.names import name_pattern, replace_names
from ..domain.notes import NoteKind
from ..domain.participants import Attendance
from ..domain.session import Session, participants_in_order
from .common import (
    Translator,
    evaluation_summary,
    next_meeting_text,
    phase_heading,
    session_fields,
    timing_table,
    translator,
)
from .markdown import Document

# Phases that tell a case or restate it: none of their notes reach absentees.
STORY_PHASES = frozenset(
    {
        PhaseKind.LOOK_BACK,
        PhaseKind.CASE_COLLECTION,
        PhaseKind.CASE_PRESENTATION,
        PhaseKind.KEY_QUESTION,
        PhaseKind.SUMMARY,
    }
)
# What absentees may read of each kind of note; confidential notes are not here.
SHAREABLE_KINDS = frozenset(
    {
        NoteKind.NOTE,
        NoteKind.QUESTION,
        NoteKind.ADVICE,
        NoteKind.DECISION,
        NoteKind.ACTION,
        NoteKind.QUOTE,
    }
)


@dataclass(frozen=True)
class ShareableNote:
    kind: NoteKind
    text: str
    taken_along: bool
    due: str | None


@dataclass(frozen=True)
class ShareableSession:
    """Everything the absentees' report may use, and nothing else."""

    fields: list[tuple[str, str]]
    has_case: bool
    case_question: str | None
    attendance: dict[Attendance, list[str]]
    everyone_acknowledged: bool
    phases: tuple[PhaseSpec, ...]
    actual_seconds: list[float]
    notes_by_phase: list[list[ShareableNote]]
    scores: list[int]
    present_count: int
    next_meeting: str


def shareable(session: Session, clock: Clock, tr: Translator, lang: str) -> ShareableSession:
    """The allow-list: each field the absentees may see is copied here, one by one."""
    people = participants_in_order(session.participants.values())
    pattern = name_pattern(p.name for p in people)

    def masked(text: str) -> str:
        return replace_names(text, pattern, tr("report.someone"))

    notes_by_phase = [
        []
        if phase.kind in STORY_PHASES
        else [
            ShareableNote(note.kind, masked(note.text), note.taken_along, note.due)
            for note in session.live_notes(index)
            if note.kind in SHAREABLE_KINDS
        ]
        for index, phase in enumerate(session.phases)
    ]
    return ShareableSession(
        fields=session_fields(session, tr, lang),
        has_case=session.method.has_case,
        case_question=(
            masked(session.info.case_question) if session.info.share_case_question else None
        ),
        attendance={a: [p.name for p in people if p.attendance is a] for a in Attendance},
        everyone_acknowledged=not session.missing_acknowledgements(),
        phases=session.phases,
        actual_seconds=session.actual_seconds(clock),
        notes_by_phase=notes_by_phase,
        scores=[evaluation.score for evaluation in session.evaluations.values()],
        present_count=len(session.present()),
        next_meeting=masked(next_meeting_text(session.info, tr, lang)),
    )


def _note_text(note: ShareableNote, tr: Translator, lang: str) -> str:
    text = note.text
    if note.taken_along:
        text += "\n" + tr("report.taken_along")
    if note.kind is NoteKind.ACTION and note.due:
        text += "\n" + tr("report.action_due", due=long_date(note.due, lang))
    return text


def absentees_report(session: Session, clock: Clock, lang: str) -> str:
    """The report for those who were absent, built only from `shareable(session)`."""
    tr = translator(lang)
    return render_for_absentees(shareable(session, clock, tr, lang), tr, lang)


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
    timing_table(doc, view.phases, view.actual_seconds, tr, lang)
    doc.heading(2, tr("report.section.phases"))
    for index, phase in enumerate(view.phases):
        phase_heading(doc, index, phase, tr, lang)
        notes = view.notes_by_phase[index]
        if phase.kind in STORY_PHASES:
            doc.paragraph(tr("report.case_phase_left_out"))
        elif not notes:
            doc.paragraph(tr("report.no_notes"))
        for note in notes:
            doc.bullet(_note_text(note, tr, lang), label=tr(f"kind.{note.kind.value}"))
    if view.scores:
        evaluation_summary(doc, view.scores, view.present_count, tr, lang)
    if view.next_meeting:
        doc.heading(2, tr("report.section.next_meeting"))
        doc.paragraph(view.next_meeting)
    return doc.render()

"""The verslag for the participants: the full minutes of one session.

All user text goes through `Document`, which escapes it, so nothing anyone
typed can change the report's structure. The sections that carry no names
and nothing confidential (`common` below) are shared with the absentees'
report, which is built from an allow-list in `absentees.py`.
"""

from __future__ import annotations

from ..chooser_text import reason_lines, say_needs
from ..domain.attribution import attribution
from ..domain.clock import Clock, minutes_seconds
from ..domain.confidentiality import current_acknowledgements
from ..domain.dates import local_date, long_date
from ..domain.notes import Note, NoteKind
from ..domain.participants import Attendance, Role
from ..domain.session import Session, participants_in_order
from .case_round import case_round_section
from .common import (
    Translator,
    capitalized,
    evaluation_summary,
    next_meeting_text,
    phase_heading,
    session_fields,
    time_of_day,
    timing_table,
    translator,
)
from .markdown import Document


def _case(doc: Document, session: Session, tr: Translator, lang: str) -> None:
    info = session.info
    if not (info.case_title or info.case_question):
        return
    doc.heading(2, tr("report.section.case"))
    if info.case_title:
        doc.bullet(info.case_title, label=tr("report.field.case_title"))
    if info.case_question:
        doc.bullet(info.case_question, label=tr("report.field.case_question"))
        doc.bullet(_sharing(session, tr, lang), label=tr("report.field.share_case_question"))
    holder = session.case_holder
    if holder:
        doc.bullet(holder.name, label=capitalized(tr("role.case_holder")))


def _sharing(session: Session, tr: Translator, lang: str) -> str:
    """Whether absentees may read the question, and when the case holder said so."""
    info = session.info
    answer = tr("report.share_yes" if info.share_case_question else "report.share_no")
    if info.share_case_question_at:
        time = time_of_day(session, info.share_case_question_at, tr, lang)
        answer += " " + tr("report.share_answered_at", time=time)
    return answer


def _method_choice(doc: Document, session: Session, tr: Translator, lang: str) -> None:
    """Why this method: what the chooser was asked and said, then every change and why."""
    choice = session.method_choice
    if choice is None and not session.method_changes:
        return
    doc.heading(2, tr("report.section.method_choice"))
    if choice is not None:
        doc.bullet(session.method.title.get(lang), label=tr("report.field.method"))
        if needs := say_needs(choice.needs, lang):
            doc.bullet(needs, label=tr("report.method_needs"))
        for heading, reasons in reason_lines(choice.reasons, lang):
            doc.bullet(reasons, label=capitalized(heading))
        doc.paragraph(tr("report.method_ranked", rank=choice.rank))
    for change in session.method_changes:
        text = tr(
            "report.method_changed",
            time=time_of_day(session, change.at, tr, lang),
            old=change.from_title.get(lang),
            new=change.to_title.get(lang),
        )
        if not change.case_told:
            text += tr("report.method_changed_before_case")
        if change.reason:
            text += tr("report.method_changed_reason", reason=change.reason)
        doc.bullet(text, label=tr("report.method_changed_label"))


def _attendance(doc: Document, session: Session, tr: Translator) -> None:
    doc.heading(2, tr("report.section.attendance"))
    people = participants_in_order(session.participants.values())
    for attendance in Attendance:
        names = [p.name for p in people if p.attendance is attendance]
        doc.bullet(", ".join(names) or "—", label=tr(f"report.attendance.{attendance.value}"))


def _roles(doc: Document, session: Session, tr: Translator) -> None:
    doc.heading(2, tr("report.section.roles"))
    for role in Role:
        if role is Role.PARTICIPANT:
            continue
        # Who was not there held no role in this meeting (an absent observer observed nothing).
        names = [p.name for p in session.people(role, present_only=True)]
        if names:
            doc.bullet(", ".join(names), label=capitalized(tr(f"role.{role.value}")))


def _confidentiality(doc: Document, session: Session, tr: Translator, lang: str) -> None:
    doc.heading(2, tr("report.section.confidentiality"))
    doc.paragraph(tr("report.agreement_version", version=session.agreement.version))
    standing = current_acknowledgements(session.acknowledgements, session.agreement.version)
    for person in participants_in_order(session.participants.values()):
        if not person.present:
            continue
        ack = standing.get(person.id)
        when = (
            tr("report.acknowledged_at", time=time_of_day(session, ack.at, tr, lang))
            if ack
            else tr("report.not_acknowledged")
        )
        doc.bullet(when, label=person.name)
    for override in session.overrides:
        names = ", ".join(session.name_of(person) for person in override.missing) or "—"
        text = tr(
            "report.override",
            time=time_of_day(session, override.at, tr, lang),
            by=session.name_of(override.by) or tr("role.facilitator"),
            names=names,
        )
        if override.reason:
            text += tr("report.override_reason", reason=override.reason)
        doc.bullet(text, label=tr("report.override_label"))


def note_label(session: Session, note: Note, tr: Translator) -> str:
    """`04:12 · vraag van Annelies · genoteerd door Bart`: who said it and who wrote it."""
    return f"{minutes_seconds(note.elapsed)} · {attribution(session, note, tr)}"


def note_text(session: Session, note: Note, tr: Translator, lang: str) -> str:
    """A note with what belongs to it: hints, whether advice was taken along, owner and date."""
    text = note.text
    if note.hints:
        hints = ", ".join(tr(f"hint.{hint}") for hint in note.hints)
        text += "\n" + tr("report.hints", hints=hints)
    if note.taken_along:
        text += "\n" + tr("report.taken_along")
    if note.kind is NoteKind.ACTION:
        text += "\n" + action_details(session, note, tr, lang)
    return text


def action_details(session: Session, note: Note, tr: Translator, lang: str) -> str:
    owner = session.name_of(note.owner) if note.owner else tr("report.no_owner")
    if note.due:
        return tr("report.action_owner_due", owner=owner, due=long_date(note.due, lang))
    return tr("report.action_owner", owner=owner)


def _phases(doc: Document, session: Session, tr: Translator, lang: str) -> None:
    doc.heading(2, tr("report.section.phases"))
    for index, phase in enumerate(session.phases):
        phase_heading(doc, index, phase, tr, lang)
        notes = list(session.live_notes(index))
        if not notes:
            doc.paragraph(tr("report.no_notes"))
        for note in notes:
            doc.bullet(note_text(session, note, tr, lang), label=note_label(session, note, tr))


def _expectations(doc: Document, session: Session, tr: Translator) -> None:
    if not session.expectations:
        return
    doc.heading(2, tr("network_report.section.expectations"))
    for expectation in session.expectations.values():
        parts = [
            tr("network_report.expects", text=expectation.expectations)
            if expectation.expectations
            else "",
            tr("network_report.goals", text=expectation.learning_goals)
            if expectation.learning_goals
            else "",
        ]
        doc.bullet(
            "\n".join(p for p in parts if p) or "—", label=session.name_of(expectation.participant)
        )


def _look_back(doc: Document, session: Session, tr: Translator) -> None:
    if not session.follow_ups:
        return
    doc.heading(2, tr("report.section.look_back"))
    latest = {follow_up.action: follow_up for follow_up in session.follow_ups}
    for follow_up in latest.values():
        text = tr(f"follow_up.{follow_up.status.value}")
        if follow_up.remark:
            text += f": {follow_up.remark}"
        doc.bullet(f"{follow_up.text}\n{text}" if follow_up.text else text)


def _reflection(doc: Document, session: Session, tr: Translator, lang: str) -> None:
    taken = [n for n in session.live_notes() if n.kind is NoteKind.ADVICE and n.taken_along]
    if not (taken or session.info.takeaway):
        return
    doc.heading(2, tr("report.section.reflection"))
    for note in taken:
        doc.bullet(note.text, label=session.name_of(note.speaker) or tr("kind.advice"))
    info = session.info
    if info.takeaway:
        doc.paragraph(tr("report.takeaway_label") + " " + info.takeaway)
        if info.share_takeaway and info.share_takeaway_at:
            when = time_of_day(session, info.share_takeaway_at, tr, lang)
            doc.paragraph(tr("report.takeaway_shared", time=when))
        else:
            doc.paragraph(tr("report.takeaway_not_shared"))


def _to_work(doc: Document, session: Session, tr: Translator) -> None:
    """What each one takes back to their work, and whether last time's was tried."""
    if not (session.work_takeaways or session.takeaway_checks):
        return
    doc.heading(2, tr("report.section.to_work"))
    for takeaway in session.work_takeaways.values():
        doc.bullet(takeaway.text, label=session.name_of(takeaway.participant))
    if session.takeaway_checks:
        doc.paragraph(tr("report.to_work_tried"))
        for check in session.takeaway_checks.values():
            tried = tr(f"to_work.tried.{check.tried.value}")
            doc.bullet(f"{check.text}\n{tr('to_work.tried_now', tried=tried)}")


def _actions(doc: Document, session: Session, tr: Translator, lang: str) -> None:
    actions = [n for n in session.live_notes() if n.kind is NoteKind.ACTION]
    if not actions:
        return
    doc.heading(2, tr("report.section.actions"))
    for note in actions:
        doc.bullet(note.text + "\n" + action_details(session, note, tr, lang))


def _evaluation(doc: Document, session: Session, tr: Translator, lang: str) -> None:
    """Every score, the facilitator-entered ones and those given anonymously on the
    room's devices, in one summary; remarks with a name only where one was given."""
    scores = session.scores()
    if not scores:
        return
    evaluation_summary(doc, scores, len(session.present()), tr, lang)
    for evaluation in session.evaluations.values():
        if evaluation.remark:
            doc.bullet(evaluation.remark, label=session.name_of(evaluation.participant))
    anonymous = session.anonymous_evaluations
    if anonymous:
        doc.paragraph(tr("report.evaluation_anonymous", count=len(anonymous)))
        for answer in anonymous:
            if answer.remark:
                doc.bullet(answer.remark, label=tr("report.anonymous"))


def _next_meeting(doc: Document, session: Session, tr: Translator, lang: str) -> None:
    text = next_meeting_text(session.info, tr, lang)
    if text:
        doc.heading(2, tr("report.section.next_meeting"))
        doc.paragraph(text)


def participants_report(session: Session, clock: Clock, lang: str) -> str:
    """The full minutes, for the people who were there."""
    tr = translator(lang)
    doc = Document()
    doc.heading(1, tr("report.title"))
    doc.paragraph(tr("report.confidential_participants"))
    doc.heading(2, tr("report.section.session"))
    for label, value in session_fields(session, tr, lang):
        doc.bullet(value, label=label)
    if session.content_removed_at:
        day = local_date(session.content_removed_at, session.timezone)
        doc.paragraph(tr("retention.report_removed", date=long_date(day, lang)))
    _method_choice(doc, session, tr, lang)
    _case(doc, session, tr, lang)
    case_round_section(doc, session, tr, lang)
    _attendance(doc, session, tr)
    _roles(doc, session, tr)
    _confidentiality(doc, session, tr, lang)
    timing_table(doc, session.phases, session.actual_seconds(clock), tr, lang)
    _phases(doc, session, tr, lang)
    _expectations(doc, session, tr)
    _look_back(doc, session, tr)
    _reflection(doc, session, tr, lang)
    _to_work(doc, session, tr)
    _actions(doc, session, tr, lang)
    _evaluation(doc, session, tr, lang)
    _next_meeting(doc, session, tr, lang)
    return doc.render()

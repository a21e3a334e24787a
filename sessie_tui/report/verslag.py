"""The verslag for the participants: the full minutes of one session.

All user text goes through `Document`, which escapes it, so nothing anyone
typed can change the report's structure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..domain.clock import Clock, minutes_seconds, to_iso
from ..domain.confidentiality import current_acknowledgements
from ..domain.dates import clock_time, long_date
from ..domain.notes import Note
from ..domain.participants import Attendance, Role
from ..domain.session import Session, participants_in_order
from ..i18n import translate
from .markdown import Document

Translator = Callable[..., str]


def translator(lang: str) -> Translator:
    def tr(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    return tr


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def planned_label(minutes: float | None, tr: Translator) -> str:
    return tr("method.minutes", minutes=f"{minutes:g}") if minutes else tr("method.untimed")


def session_times(session: Session) -> tuple[str, str]:
    """Real start and end (`19:02`, `20:31`), empty when not known."""
    start = session.started_at
    begin = clock_time(to_iso(start, session.timezone), session.timezone) if start else ""
    end = clock_time(session.ended_at, session.timezone) if session.ended_at else ""
    return begin, end


def _header(doc: Document, session: Session, tr: Translator, lang: str) -> None:
    info = session.info
    doc.heading(2, tr("report.section.session"))
    fields = [
        (tr("report.field.network"), info.network),
        (tr("report.field.topic"), info.topic),
        (tr("report.field.number"), str(info.number) if info.number else ""),
        (tr("report.field.date"), long_date(info.date, lang) if info.date else ""),
        (tr("report.field.place"), info.place),
    ]
    begin, end = session_times(session)
    if begin:
        fields.append((tr("report.field.time"), f"{begin} – {end}" if end else begin))
    fields.append((tr("report.field.method"), session.method.title.get(lang)))
    fields.append((tr("report.field.source"), session.method.source))
    for label, value in fields:
        if value:
            doc.bullet(value, label=label)


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
        names = [p.name for p in session.people(role)]
        if names:
            doc.bullet(", ".join(names), label=capitalized(tr(f"role.{role.value}")))


def _confidentiality(doc: Document, session: Session, tr: Translator) -> None:
    doc.heading(2, tr("report.section.confidentiality"))
    doc.paragraph(tr("report.agreement_version", version=session.agreement.version))
    standing = current_acknowledgements(session.acknowledgements, session.agreement.version)
    for person in participants_in_order(session.participants.values()):
        if not person.present:
            continue
        ack = standing.get(person.id)
        when = (
            tr("report.acknowledged_at", time=clock_time(ack.at, session.timezone))
            if ack
            else tr("report.not_acknowledged")
        )
        doc.bullet(when, label=person.name)
    for override in session.overrides:
        names = ", ".join(session.name_of(person) for person in override.missing) or "—"
        text = tr(
            "report.override",
            time=clock_time(override.at, session.timezone),
            by=session.name_of(override.by) or tr("role.facilitator"),
            names=names,
        )
        if override.reason:
            text += " " + tr("report.override_reason", reason=override.reason)
        doc.bullet(text, label=tr("report.override_label"))


def _timing_table(doc: Document, session: Session, clock: Clock, tr: Translator, lang: str) -> None:
    doc.heading(2, tr("report.section.timing"))
    actual = session.actual_seconds(clock)
    rows = [
        [
            str(index + 1),
            phase.title.get(lang),
            planned_label(phase.minutes, tr),
            minutes_seconds(actual[index]),
        ]
        for index, phase in enumerate(session.phases)
    ]
    headers = [
        "#",
        tr("report.col.phase"),
        tr("report.col.planned"),
        tr("report.col.actual"),
    ]
    doc.table(headers, rows)


def note_label(session: Session, note: Note, tr: Translator) -> str:
    parts = [minutes_seconds(note.elapsed), tr(f"kind.{note.kind.value}")]
    who = session.name_of(note.speaker or note.author)
    if who:
        parts.append(who)
    return " · ".join(parts)


def _phases(doc: Document, session: Session, tr: Translator, lang: str) -> None:
    doc.heading(2, tr("report.section.phases"))
    for index, phase in enumerate(session.phases):
        doc.heading(
            3,
            tr(
                "report.phase_heading",
                number=index + 1,
                title=phase.title.get(lang),
                planned=planned_label(phase.minutes, tr),
            ),
        )
        notes = list(session.live_notes(index))
        if not notes:
            doc.paragraph(tr("report.no_notes"))
        for note in notes:
            doc.bullet(note.text, label=note_label(session, note, tr))


def participants_report(session: Session, clock: Clock, lang: str) -> str:
    """The full minutes, for the people who were there."""
    tr = translator(lang)
    doc = Document()
    doc.heading(1, tr("report.title"))
    doc.paragraph(tr("report.confidential_participants"))
    _header(doc, session, tr, lang)
    _attendance(doc, session, tr)
    _roles(doc, session, tr)
    _confidentiality(doc, session, tr)
    _timing_table(doc, session, clock, tr, lang)
    _phases(doc, session, tr, lang)
    return doc.render()

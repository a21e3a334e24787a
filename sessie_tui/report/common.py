"""Pieces of a report that both audiences may see: nothing here names who said what.

Every function in this module reads only what the absentees' report may
show (the meeting's facts, the method, the timing), so both reports can use
it. Anything that carries a name next to content or a confidential note
belongs in `verslag.py`, which only the participants' report uses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from statistics import mean
from typing import Any

from ..domain.clock import minutes_seconds, to_iso
from ..domain.dates import clock_time, local_date, long_date
from ..domain.method import PhaseSpec
from ..domain.session import Session, SessionInfo
from ..i18n import decimal, translate
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


def report_day(session: Session) -> str:
    """The ISO date the report is about: the meeting's date, else the day it started."""
    if session.info.date:
        return session.info.date
    start = session.started_at
    return local_date(to_iso(start, session.timezone), session.timezone) if start else ""


def time_of_day(
    session: Session, iso_timestamp: str, tr: Translator, lang: str, day: str | None = None
) -> str:
    """`19:42`; with its own date when that is not `day` (by default the report's date).

    A meeting prepared for one day and held on another, or one that runs past
    midnight, would otherwise print clock times that belong to another day.
    """
    time = clock_time(iso_timestamp, session.timezone)
    own_day = local_date(iso_timestamp, session.timezone)
    if own_day == (day if day is not None else report_day(session)):
        return time
    return tr("report.time_on_day", date=long_date(own_day, lang), time=time)


def session_times(session: Session, tr: Translator, lang: str) -> tuple[str, str]:
    """Real start and end (`19:02`, `20:31`), empty when not known; the end's date is
    written when it is not the start's."""
    start = session.started_at
    if start is None:
        return "", ""
    begun = to_iso(start, session.timezone)
    begin = time_of_day(session, begun, tr, lang)
    if not session.ended_at:
        return begin, ""
    start_day = local_date(begun, session.timezone)
    return begin, time_of_day(session, session.ended_at, tr, lang, day=start_day)


def session_fields(session: Session, tr: Translator, lang: str) -> list[tuple[str, str]]:
    """The meeting's facts as (label, value), leaving out what is unknown."""
    info = session.info
    fields = [
        (tr("report.field.network"), info.network),
        (tr("report.field.topic"), info.topic),
        (tr("report.field.number"), str(info.number) if info.number else ""),
        (tr("report.field.date"), long_date(info.date, lang) if info.date else ""),
        (tr("report.field.place"), info.place),
    ]
    begin, end = session_times(session, tr, lang)
    if begin:
        span = tr("report.time_span", start=begin, end=end) if end else begin
        fields.append((tr("report.field.time"), span))
    fields.append((tr("report.field.method"), session.method.title.get(lang)))
    fields.append((tr("report.field.source"), session.method.source))
    return [(label, value) for label, value in fields if value]


def written_time(hh_mm: str, tr: Translator) -> str:
    """`19:30` as people write it: `19u30` in Flemish, `19:30` in English.

    As given when it is not `HH:MM`.
    """
    hour, _, minute = hh_mm.partition(":")
    if not (hour.isdigit() and minute.isdigit()):
        return hh_mm
    if minute == "00":
        return tr("report.time_on_the_hour", hour=int(hour))
    return tr("report.time_of_day", hour=int(hour), minute=minute)


def next_meeting_text(info: SessionInfo, tr: Translator, lang: str) -> str:
    """`maandag 14 september 2026, 19u, CLB Gent`; an older file's free text as it was."""
    parts = [
        long_date(info.next_meeting_date, lang) if info.next_meeting_date else "",
        written_time(info.next_meeting_time, tr) if info.next_meeting_time else "",
        info.next_meeting_place,
    ]
    return ", ".join(part for part in parts if part) or info.next_meeting


def timing_table(
    doc: Document,
    phases: Sequence[PhaseSpec],
    actual: Sequence[float],
    tr: Translator,
    lang: str,
) -> None:
    """Planned against actual minutes, phase by phase."""
    doc.heading(2, tr("report.section.timing"))
    rows = [
        [
            str(index + 1),
            phase.title.get(lang),
            planned_label(phase.minutes, tr),
            minutes_seconds(actual[index]),
        ]
        for index, phase in enumerate(phases)
    ]
    headers = ["#", tr("report.col.phase"), tr("report.col.planned"), tr("report.col.actual")]
    doc.table(headers, rows)


def phase_heading(doc: Document, index: int, phase: PhaseSpec, tr: Translator, lang: str) -> None:
    title = tr(
        "report.phase_heading",
        number=index + 1,
        title=phase.title.get(lang),
        planned=planned_label(phase.minutes, tr),
    )
    doc.heading(3, title)


def evaluation_summary(
    doc: Document, scores: Sequence[int], present: int, tr: Translator, lang: str
) -> None:
    """The evaluation as numbers only: the mean and how often each score was given."""
    doc.heading(2, tr("report.section.evaluation"))
    doc.paragraph(
        tr(
            "report.evaluation_mean",
            mean=decimal(mean(scores), lang=lang),
            count=len(scores),
            present=present,
        )
    )
    counts = Counter(scores)
    doc.table(
        [tr("report.col.score"), tr("report.col.count")],
        [[str(score), str(counts.get(score, 0))] for score in range(1, 6)],
    )


def trend_line(scores: Sequence[float]) -> str:
    """Scores from 1 to 5 as a line of block heights: `▃▅▆█`."""
    bars = "▁▂▃▄▅▆▇█"
    steps = len(bars) - 1
    return "".join(bars[max(0, min(round((score - 1) / 4 * steps), steps))] for score in scores)

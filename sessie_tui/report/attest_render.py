"""An attendance statement as text: Markdown, or an HTML page made from that Markdown.

Everything a user typed (names, the network's name) goes through `markdown.Document`,
which escapes it; the HTML is rendered from that Markdown (`html.py`, as the reports are).
"""

from __future__ import annotations

import re
import unicodedata

from ..domain.dates import long_date
from ..textsafety import make_visible
from .attest import SESSION_SCOPE, Attended, Meeting, Statement
from .common import Translator, translator
from .markdown import Document


def _time(moment: str | None, day: str, lang: str, tr: Translator) -> str:
    """`19:42`, with its date when it falls on another day than the meeting's."""
    if moment is None:
        return "—"
    own_day, time = moment[:10], moment[11:]
    return (
        time
        if own_day == day
        else tr("report.time_on_day", date=long_date(own_day, lang), time=time)
    )


def _duration(meeting: Meeting, tr: Translator) -> str:
    minutes = meeting.minutes
    return "—" if minutes is None else tr("attest.minutes", minutes=minutes)


def _meeting_cells(meeting: Meeting, lang: str, tr: Translator) -> list[str]:
    return [
        str(meeting.number) if meeting.number else "—",
        long_date(meeting.day, lang) if meeting.day else "—",
        _time(meeting.start, meeting.day, lang, tr),
        _time(meeting.end, meeting.day, lang, tr),
        _duration(meeting, tr),
    ]


def _ack_cells(attended: Attended, day: str, lang: str, tr: Translator) -> list[str]:
    if attended.acknowledged_at is None:
        return [tr("report.not_acknowledged"), "—"]
    return [_time(attended.acknowledged_at, day, lang, tr), attended.agreement or "—"]


def _meeting_headers(tr: Translator) -> list[str]:
    return [tr(f"attest.col.{c}") for c in ("number", "date", "start", "end", "duration")]


def _ack_headers(tr: Translator) -> list[str]:
    return [tr("attest.col.role"), tr("attest.col.acknowledged"), tr("attest.col.agreement")]


FORMATS = ("md", "html")


def render(statement: Statement, form: str = "md") -> str:
    """The statement as Markdown (`md`) or as a standalone HTML page (`html`)."""
    markdown = render_markdown(statement)
    if form != "html":
        return markdown
    from .html import report_html

    return report_html(markdown, make_visible(title(statement)), statement.scope.lang)


def file_name(statement: Statement, form: str = "md") -> str:
    """`attest-zoco-oost-vlaanderen-yasmina-el-amrani.md`: ASCII only, safe in any folder."""
    ascii_name = unicodedata.normalize("NFKD", statement.title_name).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.decode().lower()).strip("-")[:60]
    person = f"-{slug or statement.scope.person}" if statement.scope.person else ""
    return f"attest-{statement.scope.id}{person}.{form}"


def title(statement: Statement) -> str:
    tr = translator(statement.scope.lang)
    name = statement.title_name
    return tr("attest.title_for", name=name) if name else tr("attest.title")


def render_markdown(statement: Statement) -> str:
    """The statement as Markdown, in the language its scope names."""
    lang = statement.scope.lang
    tr = translator(lang)
    doc = Document()
    doc.heading(1, title(statement))
    doc.paragraph(tr("attest.intro"))
    if statement.network:
        doc.bullet(statement.network, label=tr("report.field.network"))
    if statement.scope.kind == SESSION_SCOPE:
        _session_body(doc, statement, lang, tr)
    else:
        _network_body(doc, statement, lang, tr)
    _fingerprint(doc, statement, tr)
    return doc.render()


def _session_body(doc: Document, statement: Statement, lang: str, tr: Translator) -> None:
    (meeting,) = statement.meetings
    doc.heading(2, tr("attest.section.meeting"))
    doc.table(_meeting_headers(tr), [_meeting_cells(meeting, lang, tr)])
    doc.heading(2, tr("attest.section.present"))
    headers = [tr("attest.col.name"), *_ack_headers(tr)]
    rows = [
        [a.name, tr(f"role.{a.role}"), *_ack_cells(a, meeting.day, lang, tr)]
        for a in statement.attended
    ]
    if rows:
        doc.table(headers, rows)
    else:
        doc.paragraph(tr("attest.nobody"))


def _network_body(doc: Document, statement: Statement, lang: str, tr: Translator) -> None:
    headers = [*_meeting_headers(tr), *_ack_headers(tr)]
    for person, name in statement.members:
        doc.heading(2, name)
        order = [m.session for m in statement.meetings]
        theirs = sorted(
            (a for a in statement.attended if a.person == person),
            key=lambda a: order.index(a.session),
        )
        rows = []
        minutes = 0
        for attended in theirs:
            meeting = statement.meeting(attended.session)
            minutes += meeting.minutes or 0
            rows.append(
                [
                    *_meeting_cells(meeting, lang, tr),
                    tr(f"role.{attended.role}"),
                    *_ack_cells(attended, meeting.day, lang, tr),
                ]
            )
        if not rows:
            doc.paragraph(tr("attest.none_attended"))
            continue
        doc.table(headers, rows)
        plural = "one" if len(rows) == 1 else "other"
        doc.paragraph(tr(f"attest.total.{plural}", count=len(rows), minutes=minutes))


def _fingerprint(doc: Document, statement: Statement, tr: Translator) -> None:
    doc.heading(2, tr("attest.section.fingerprint"))
    doc.paragraph(tr("attest.fingerprint_explained"))
    doc.bullet(statement.fingerprint(), label="SHA-256")
    doc.bullet(statement.scope.reference(), label=tr("attest.reference"))

"""The verslag: one for the participants, one for those who were absent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..domain.audience import Audience
from ..domain.clock import Clock
from ..domain.session import Session

__all__ = ["Audience", "ReportSource", "build_report", "session_report_source"]


# The builders are imported when a report is built: the screens import this package
# (for `attribution`, `ReportSource`) at start-up, long before anyone asks for a report.


def build_report(session: Session, clock: Clock, lang: str, audience: Audience) -> str:
    from .absentees import absentees_report
    from .verslag import participants_report

    if audience is Audience.ABSENTEES:
        return absentees_report(session, clock, lang)
    return participants_report(session, clock, lang)


@dataclass(frozen=True)
class ReportSource:
    """What the report screen shows and writes: a text and a file name per audience."""

    title: str
    build: Callable[[Audience], str]
    file_name: Callable[[Audience], str]


def session_report_source(session: Session, clock: Clock, lang: str) -> ReportSource:
    from .export import default_report_name

    return ReportSource(
        title=session.info.topic or session.id,
        build=lambda audience: build_report(session, clock, lang, audience),
        file_name=lambda audience: default_report_name(session, audience, lang),
    )

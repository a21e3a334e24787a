"""The verslag: one for the participants, one for those who were absent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..domain.clock import Clock
from ..domain.session import Session
from .absentees import absentees_report
from .audience import Audience
from .export import default_report_name
from .verslag import participants_report

__all__ = ["Audience", "ReportSource", "build_report", "session_report_source"]


def build_report(session: Session, clock: Clock, lang: str, audience: Audience) -> str:
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
    return ReportSource(
        title=session.info.topic or session.id,
        build=lambda audience: build_report(session, clock, lang, audience),
        file_name=lambda audience: default_report_name(session, audience, lang),
    )

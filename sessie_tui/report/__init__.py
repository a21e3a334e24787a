"""The verslag: one for the participants, one for those who were absent."""

from __future__ import annotations

from enum import StrEnum

from ..domain.clock import Clock
from ..domain.session import Session
from .absentees import absentees_report
from .verslag import participants_report


class Audience(StrEnum):
    PARTICIPANTS = "participants"
    ABSENTEES = "absentees"


def build_report(session: Session, clock: Clock, lang: str, audience: Audience) -> str:
    if audience is Audience.ABSENTEES:
        return absentees_report(session, clock, lang)
    return participants_report(session, clock, lang)

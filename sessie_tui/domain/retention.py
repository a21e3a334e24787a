"""How long a meeting's case content is kept, and what that content is.

Privacy law asks that case notes be kept no longer than needed. A network (or
the config, as the default for every network that sets none and for meetings
outside a network) says for how many days after a meeting its case content is
kept. After that, `sessie_tui.retention` removes it from the store's files —
rewritten without it, as erasure does, not hidden — and keeps what proves the
meeting happened and what it led to: attendance, acknowledgements, evaluation
figures, action points (and what became of them), expectations.
"""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from .notes import NoteKind

CASE_INFO_FIELDS = ("case_title", "case_question", "takeaway")
"""The session's own fields that carry the case."""
KEPT_NOTE_KINDS = frozenset({NoteKind.ACTION})
"""Notes that outlive the case: action points are followed up at later meetings."""
REMARK_FIELD = "remark"
"""Evaluation remarks may speak of the case; their scores stay."""
REMOVED_TITLE = "—"
"""What a case proposal's title becomes: the proposal stays (who brought a case, and
when, is the fair ledger's), its words go."""
SOON_DAYS = 7
"""The home screen warns about meetings whose content goes within this many days."""


OFF_WORDS = ("", "off", "uit", "geen", "none")
"""What a user types for "no retention period of this network's own"."""


def parse_retention_days(text: str) -> int | None:
    """`30` → 30 days; empty or `off` → None. Anything else raises ValueError."""
    cleaned = text.strip().casefold()
    if cleaned in OFF_WORDS:
        return None
    days = int(cleaned) if cleaned.isdecimal() else 0
    if not 1 <= days <= 36_500:
        raise ValueError(text)
    return days


def removal_date(meeting_date: str, days: int) -> str:
    """The day (ISO) from which a meeting held on `meeting_date` loses its case content."""
    return pendulum.Date.fromisoformat(meeting_date).add(days=days).isoformat()


@dataclass(frozen=True, order=True)
class Retention:
    """One meeting's case content and the day it goes."""

    removal_date: str
    session_id: str
    meeting_date: str
    days: int

    def due(self, today: str) -> bool:
        return today >= self.removal_date

    def soon(self, today: str) -> bool:
        """Not due yet, but within `SOON_DAYS`."""
        limit = pendulum.Date.fromisoformat(today).add(days=SOON_DAYS).isoformat()
        return not self.due(today) and self.removal_date <= limit

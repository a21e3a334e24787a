"""The privacy guard's flag beside a note: a sign and a word, never colour alone.

"⚑ privacy: e-mailadres jan@x.be → [e-mail]; naam Tim → de leerling". The flag is
found again each time it is shown (`pseudonymise.guard_for` remembers the texts it
checked), so it can never be stale after an edit, and it never blocks anything.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.privacy import Finding, Label
from ..domain.session import Session
from ..i18n import t
from ..pseudonymise import guard_for
from ..textsafety import make_visible


def label_text(label: Label) -> str:
    return t(f"privacy.label.{label.value}")


def flag_text(findings: Iterable[Finding]) -> str:
    """One line for the findings of one text; empty when there are none."""
    parts = dict.fromkeys(
        t(
            "privacy.detail",
            kind=t(f"privacy.kind.{finding.kind.value}"),
            text=" ".join(make_visible(finding.text).split()),
            label=label_text(finding.label),
        )
        for finding in findings
    )
    return t("privacy.flag", details="; ".join(parts)) if parts else ""


def note_flag(session: Session, text: str) -> str:
    """The flag for one text of this session (a note, a case field), or ''."""
    return flag_text(guard_for(session).check(text))

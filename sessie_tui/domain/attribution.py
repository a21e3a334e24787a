"""Who said a note, and who wrote it down: always two things, never one name in one place.

"notitie · Bart" could mean Bart said it or Bart wrote it. Everything that
lists notes (the participants' report, the facilitator's notes panel, the
note-taker's list, the note composer) words it the same way: "vraag van
Annelies · genoteerd door Bart". The absentees' report names nobody and does
not use this module.
"""

from __future__ import annotations

from collections.abc import Callable

from .notes import Note, NoteKind
from .session import Session

Translator = Callable[..., str]
"""`i18n.t` on screens, a report's `tr` in reports: a key and its parameters in, text out."""


def said_by(kind: NoteKind, speaker: str, tr: Translator) -> str:
    """The kind, and who said it in the kind's own words: "vraag van Annelies"; "notitie"."""
    if not speaker:
        return tr(f"kind.{kind.value}")
    return tr(f"attribution.from.{kind.value}", name=speaker)


def noted_by(writer: str, tr: Translator) -> str:
    return tr("attribution.noted_by", name=writer)


def attribution(session: Session, note: Note, tr: Translator) -> str:
    """ "vraag van Annelies · genoteerd door Bart"; either part left out when nobody is known."""
    parts = [said_by(note.kind, session.name_of(note.speaker), tr)]
    writer = session.name_of(note.author)
    if writer:
        parts.append(noted_by(writer, tr))
    return " · ".join(parts)

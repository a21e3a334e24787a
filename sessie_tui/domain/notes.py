"""What note-takers and the facilitator write down during a session.

A note is never silently lost: an edit keeps the earlier text in the note's
history, and a deletion only marks the note (the report leaves it out).
"""

from __future__ import annotations

from dataclasses import field, replace
from enum import StrEnum
from typing import Any

from .fields import FieldReader
from .record import record

MAX_NOTE_LENGTH = 200_000


class NoteKind(StrEnum):
    NOTE = "note"
    QUESTION = "question"
    ADVICE = "advice"
    DECISION = "decision"
    ACTION = "action"
    QUOTE = "quote"
    CONFIDENTIAL = "confidential"

    @property
    def is_contribution(self) -> bool:
        """Something a participant said in the round, rather than a minute about it."""
        return self in (NoteKind.QUESTION, NoteKind.ADVICE)


@record
class Revision:
    """An earlier text of an edited note."""

    text: str
    replaced_at: str

    def to_data(self) -> dict[str, Any]:
        return {"text": self.text, "replaced_at": self.replaced_at}


@record
class Note:
    """A note of the minutes: its phase, kind, text, author and speaker."""

    id: str
    phase: int
    kind: NoteKind
    text: str
    author: str
    """Who typed it: a participant id, or a name for someone not on the list."""
    created_at: str
    elapsed: float
    """Real seconds the phase clock had run when the note was entered (in practice
    the fast clock showed sixty times as much)."""
    speaker: str | None = None
    """Participant id of whoever said it (questions, advice, quotes)."""
    owner: str | None = None
    """Action points: who will do it (participant id or free name)."""
    due: str | None = None
    """Action points: an optional ISO date."""
    hints: tuple[str, ...] = ()
    """Question hints from the classifier (closed, why, hidden advice)."""
    taken_along: bool = False
    """Advice the case holder takes along (set in the reflection)."""
    history: tuple[Revision, ...] = field(default=())
    deleted_at: str | None = None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    def edited(self, text: str, at: str) -> Note:
        return replace(self, text=text, history=(*self.history, Revision(self.text, at)))

    def with_changes(self, **changes: Any) -> Note:
        return replace(self, **changes)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "phase": self.phase,
            "kind": self.kind.value,
            "text": self.text,
            "author": self.author,
            "created_at": self.created_at,
            "elapsed": round(self.elapsed, 3),
        }
        optional = {
            "speaker": self.speaker,
            "owner": self.owner,
            "due": self.due,
            "deleted_at": self.deleted_at,
        }
        data.update({key: value for key, value in optional.items() if value is not None})
        if self.hints:
            data["hints"] = list(self.hints)
        if self.taken_along:
            data["taken_along"] = True
        if self.history:
            data["history"] = [revision.to_data() for revision in self.history]
        return data

    @classmethod
    def from_reader(cls, reader: FieldReader) -> Note:
        return cls(
            id=reader.text("id", max_len=64),
            phase=reader.integer("phase", minimum=0),
            kind=reader.choice("kind", NoteKind),
            text=reader.text("text", max_len=MAX_NOTE_LENGTH),
            author=reader.text("author", "", allow_empty=True, max_len=200),
            created_at=reader.text("created_at"),
            elapsed=reader.number("elapsed", 0.0),
            speaker=reader.optional_text("speaker"),
            owner=reader.optional_text("owner"),
            due=reader.optional_text("due"),
            hints=tuple(reader.texts("hints", [])),
            taken_along=reader.boolean("taken_along", False),
            history=tuple(
                Revision(item.text("text", allow_empty=True), item.text("replaced_at"))
                for item in reader.tables("history", [])
            ),
            deleted_at=reader.optional_text("deleted_at"),
        )

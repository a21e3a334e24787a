"""Notes waiting to be saved: an outbox, never a merge.

A note whose save fails (a full disk, a read-only folder, a session file gone)
waits here, in the order it was written, with its id, time, phase and elapsed
seconds fixed when it was entered. It is tried again by itself (see
`screens.writing`) and with every new note; each is saved once, even if an
earlier attempt reached the disk before its error (its id is found there).

A note typed before the meeting ended is saved after the end too (it belongs to
the meeting); one typed after it waits (never refused and dropped), since the
facilitator may reopen the meeting. Whatever still waits when the app is quit
goes to a recovery file (see `storage.recovery`) that the next start offers to
restore.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .domain.notes import Note, NoteKind
from .domain.record import record
from .domain.session import RuleViolation
from .errors import UserFacingError
from .live import SPEAKER_WITH_TURN, LiveSession, NoteDraft
from .storage.recovery import write_recovery

MEETING_ENDED = "notes.meeting_ended"


@record
class Waiting:
    """A note that could not be saved yet, and the phase it belongs in."""

    draft: NoteDraft
    phase: int


@dataclass
class Sent:
    """What one round of trying the outbox did."""

    saved: list[Note]
    refused: list[tuple[Waiting, RuleViolation]]
    """Notes the session's rules refuse now (not the store): they leave the outbox."""
    error: UserFacingError | None = None
    """Why the rest still waits, if anything does."""


class Outbox:
    def __init__(self) -> None:
        self._waiting: list[Waiting] = []

    def __len__(self) -> int:
        return len(self._waiting)

    def __iter__(self) -> Iterator[Waiting]:
        return iter(self._waiting)

    def clear(self) -> None:
        self._waiting.clear()

    def add(self, live: LiveSession, draft: NoteDraft, phase: int) -> Waiting:
        """Keep a stamped draft (see `NoteDraft.stamped`) to be saved later, as it is now:
        in `phase`, from whoever has the turn now, at its elapsed time now."""
        if draft.speaker == SPEAKER_WITH_TURN:
            draft = replace(draft, speaker=live.session.turns(phase).current)
        if draft.elapsed is None:
            draft = replace(draft, elapsed=live.timer(phase).real_elapsed())
        waiting = Waiting(draft, phase)
        self._waiting.append(waiting)
        return waiting

    def send(self, live: LiveSession) -> Sent:
        """Save the waiting notes in order; stop at the first that the store refuses."""
        sent = Sent([], [])
        while self._waiting:
            first = self._waiting[0]
            try:
                sent.saved.append(_save(live, first.draft, first.phase))
            except RuleViolation as refused:
                if refused.key == MEETING_ENDED:
                    # Not the note's fault: it waits (for a reopening, or the recovery
                    # file at quitting), rather than leave the outbox and be lost.
                    sent.error = refused
                    return sent
                sent.refused.append((first, refused))
            except UserFacingError as error:
                sent.error = error
                return sent
            self._waiting.pop(0)
        return sent


_OUTBOXES: weakref.WeakKeyDictionary[LiveSession, Outbox] = weakref.WeakKeyDictionary()


def outbox_of(live: LiveSession) -> Outbox:
    """The outbox of a session being run: one per `LiveSession`, so it outlives the
    screen it was filled on (the facilitator's phase screen is new in every phase)."""
    outbox = _OUTBOXES.get(live)
    if outbox is None:
        outbox = _OUTBOXES[live] = Outbox()
    return outbox


def _save(live: LiveSession, draft: NoteDraft, phase: int | None) -> Note:
    """Save a note that waited; one whose speaker the session no longer allows (they
    left meanwhile) keeps its words, from no one in particular."""
    try:
        return live.add_note(draft, phase)
    except RuleViolation:
        if draft.speaker is None:
            raise
        return live.add_note(replace(draft, speaker=None), phase)


def draft_data(draft: NoteDraft, phase: int | None) -> dict[str, Any]:
    """A stamped draft as a recovery file keeps it."""
    return {
        "text": draft.text,
        "kind": draft.kind.value,
        "author": draft.author,
        "speaker": draft.speaker,
        "owner": draft.owner,
        "due": draft.due,
        "id": draft.id,
        "created_at": draft.created_at,
        "elapsed": draft.elapsed,
        "phase": phase,
    }


def draft_from(data: dict[str, Any]) -> tuple[NoteDraft, int | None]:
    """A draft read back from a recovery file; what is not of the right type is left out."""

    def text(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    kind_text = text("kind")
    try:
        kind = NoteKind(kind_text) if kind_text is not None else NoteKind.NOTE
    except ValueError:
        kind = NoteKind.NOTE
    elapsed = data.get("elapsed")
    phase = data.get("phase")
    draft = NoteDraft(
        text=text("text") or "",
        kind=kind,
        author=text("author") or "",
        speaker=text("speaker"),
        owner=text("owner"),
        due=text("due"),
        id=text("id"),
        created_at=text("created_at"),
        elapsed=float(elapsed)
        if isinstance(elapsed, int | float) and not isinstance(elapsed, bool)
        else None,
    )
    valid_phase = phase if isinstance(phase, int) and not isinstance(phase, bool) else None
    return draft, valid_phase


def keep_for_next_start(live: LiveSession, unsaved: list[tuple[NoteDraft, int | None]]) -> Path:
    """Write what is unsaved to a private recovery file; its path."""
    notes = [draft_data(draft, phase) for draft, phase in unsaved]
    return write_recovery(live.store.root, live.id, notes)


def restore(live: LiveSession, notes: list[dict[str, Any]]) -> int:
    """Save the notes of a recovery file in their session, each once; how many."""
    phases = len(live.session.phases)
    count = 0
    for data in notes:
        draft, phase = draft_from(data)
        if not draft.text.strip():
            continue
        if phase is not None and not 0 <= phase < phases:
            phase = None
        if draft.speaker == SPEAKER_WITH_TURN:
            draft = replace(draft, speaker=None)
        _save(live, draft, phase)
        count += 1
    return count

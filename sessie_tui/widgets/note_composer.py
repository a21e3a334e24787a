"""Writing a note: its kind, who said it, the text; saved on Enter.

Used on the facilitator's phase screen, where a note lands in that screen's
phase, and in the note-taker's view, where it lands in the phase the session
is in when Enter is pressed (read from disk as it is saved). A question or
advice goes to whoever has the turn at that moment, unless the writer chose.

Above the field, for every kind, the composer says what the note will be
stored as: who said it (or no one in particular) and who writes it down. A
speaker chosen for one kind does not carry over to another: changing the kind
clears it, and the line above the field shows that at once.

The composer never writes to the store: Enter posts `Submitted` with the draft,
and the screen saves it (see `screens.writing`) and tells the composer how it
went. A note whose save fails is not put back in the field (it would merge with
the next one): it waits in the session's outbox, shown below the field, and is
saved by itself, in order and once, when the store can be written again (see
`outbox`). The field is free at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from .. import commands
from ..domain.attribution import noted_by, said_by
from ..domain.method import PhaseKind
from ..domain.notes import Note, NoteKind
from ..domain.participants import Role
from ..i18n import t, tn
from ..live import SPEAKER_WITH_TURN, LiveSession, NoteDraft
from ..textsafety import make_visible
from .plain import Static
from .safe_input import EntryInput
from .text import plain

if TYPE_CHECKING:
    from ..outbox import Waiting

SHOWN_WAITING = 3
"""Waiting notes listed below the field; the count says how many there are in all."""

GENERAL_KINDS = (
    NoteKind.NOTE,
    NoteKind.DECISION,
    NoteKind.ACTION,
    NoteKind.QUOTE,
    NoteKind.CONFIDENTIAL,
)
# Questions and advice are offered first in the rounds they belong to.
PHASE_KIND_DEFAULT = {
    PhaseKind.QUESTIONING: NoteKind.QUESTION,
    PhaseKind.ADVICE: NoteKind.ADVICE,
}


def note_kinds_for(phase_kind: PhaseKind) -> list[NoteKind]:
    special = PHASE_KIND_DEFAULT.get(phase_kind)
    return [special, *GENERAL_KINDS] if special else list(GENERAL_KINDS)


def default_author(live: LiveSession, configured: str) -> str:
    """Who writes on this keyboard: the configured name, the note-taker, or the facilitator."""
    session = live.session
    if configured:
        match = [p for p in session.present() if p.name.casefold() == configured.casefold()]
        return match[0].id if match else configured
    for role in (Role.NOTE_TAKER, Role.FACILITATOR):
        people = session.people(role, present_only=True)
        if people:
            return people[0].id
    present = session.present()
    return present[0].id if present else ""


def hint_labels(note: Note) -> str:
    return ", ".join(t(f"hint.{hint}") for hint in note.hints)


class WaitingNotes(Protocol):
    """What the composer shows below the field: the screen's outbox, or nothing."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Waiting]: ...


class NoteField(EntryInput):
    """The note's text: Enter saves what was typed so far (see `EntryInput`).

    Escape is the field's own: it stops writing (posts `Left`; the screen says
    where the focus goes), so a screen's own Escape (the phase screen's: back to
    the list of sessions) stands aside while a note is being written: Textual
    leaves out an ancestor's binding of a key the focused widget takes
    (`check_consume_key`). Its name differs per screen: see the two fields below.
    """

    class Left(Message):
        """The writer stopped writing (Escape); the screen moves the focus."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return key == "escape" or super().check_consume_key(key, character)

    def action_stop_writing(self) -> None:
        self.post_message(self.Left())

    def action_to_list(self) -> None:
        self.post_message(self.Left())


class PhaseNoteField(NoteField):
    """On the facilitator's phase screen, Escape is "done": the keys steer again."""

    BINDINGS = commands.bindings(commands.STOP_WRITING)


class ListNoteField(NoteField):
    """In the note-taker's view, Escape goes to the list of one's own notes."""

    BINDINGS = commands.bindings(commands.TO_LIST)

    def on_paste(self, event: events.Paste) -> None:
        # Input keeps a paste's first line only; a note keeps all of it. Terminals send
        # a pasted line break as a carriage return: it is a line break in the note.
        event.prevent_default()
        text = event.text.replace("\r\n", "\n").replace("\r", "\n")
        if text:
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *selection)
        event.stop()


class NoteComposer(Vertical):
    """Who said it and who writes it, above the text field; posts `Submitted` for each note.

    Its keys work while the field has focus: the kind of the note, and who said it
    (the screen asks, see `SpeakerWanted`).
    """

    BINDINGS = commands.bindings(commands.NOTE_KIND, commands.CHOOSE_SPEAKER)

    class Submitted(Message):
        """A note to save, as the composer shows it; the screen saves it."""

        def __init__(self, draft: NoteDraft) -> None:
            super().__init__()
            self.draft = draft

    class SpeakerWanted(Message):
        """Who said it: the screen offers the people present (see `choose`)."""

    class WantsActionPoint(Message):
        """An action point needs an owner and a date: the screen asks for them."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(
        self,
        live: LiveSession,
        phase_of: Callable[[], int],
        *,
        follow_session: bool = False,
        compact: bool = True,
        field_type: type[NoteField] = PhaseNoteField,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._field_type = field_type
        self.live = live
        self.phase_of = phase_of
        self.follow_session = follow_session
        """Save in the phase the session is in at that moment (the note-taker's view)."""
        self.author = ""
        self.speaker: str | None = None
        """A speaker chosen by the writer; None follows the turn queue."""
        self._compact = compact
        self._kinds = note_kinds_for(live.session.phases[phase_of()].kind)
        self.kind = self._kinds[0]
        self.waiting: WaitingNotes = ()
        """The session's notes waiting to be saved, as the screen last gave them: shown
        below the field, and kept by the crash handler (see `SessieApp`)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="note-kind")
        yield self._field_type(
            placeholder=t("phase.note_placeholder"), id="note-input", compact=self._compact
        )
        yield Static("", id="note-outbox")

    def on_mount(self) -> None:
        self.show_outbox()

    @property
    def field(self) -> Input:
        return self.query_one("#note-input", Input)

    def current_speaker(self) -> str | None:
        """Who the note will be from if saved now: the writer's choice, else for a
        question or advice whoever has the turn, else no one in particular."""
        if self.speaker is not None:
            return self.speaker or None
        if not self.kind.is_contribution:
            return None
        return self.live.session.turns(self.phase_of()).current

    def follow_phase(self) -> None:
        """Offer the kinds of the phase the session is in now."""
        kinds = note_kinds_for(self.live.session.phases[self.phase_of()].kind)
        if kinds != self._kinds:
            self._kinds = kinds
            # A round's own kind (question, advice) comes first when the round begins.
            round_kind = kinds[0] not in GENERAL_KINDS
            if self.kind not in kinds or (round_kind and self.kind in GENERAL_KINDS):
                self._set_kind(kinds[0])
        self.show()

    def show(self) -> None:
        """ "vraag van Annelies · genoteerd door Bart", for every kind, before the text."""
        name = self.live.session.name_of
        speaker = make_visible(name(self.current_speaker()))
        label = Text(said_by(self.kind, speaker, t), style="bold")
        if not speaker:
            label.append(" " + t("attribution.nobody"), style="bold")
        writer = make_visible(name(self.author or None))
        label.append(" · " + (noted_by(writer, t) if writer else t("attribution.no_writer")))
        self.query_one("#note-kind", Static).update(label)

    def _set_kind(self, kind: NoteKind) -> None:
        # Who said a question is not who said the decision after it: a chosen speaker
        # goes with the kind it was chosen for (the line above the field shows it).
        if kind is not self.kind:
            self.speaker = None
        self.kind = kind

    def action_cycle_note_kind(self) -> None:
        self.cycle_kind()

    def action_choose_speaker(self) -> None:
        self.post_message(self.SpeakerWanted())

    def cycle_kind(self) -> None:
        index = self._kinds.index(self.kind) if self.kind in self._kinds else -1
        self._set_kind(self._kinds[(index + 1) % len(self._kinds)])
        self.show()

    def choose(self, speaker: str | None) -> None:
        """`""` means nobody in particular, None the turn queue's speaker."""
        self.speaker = speaker
        self.show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            return
        if self.kind is NoteKind.ACTION:
            self.post_message(self.WantsActionPoint(event.value))
            return
        if self.kind.is_contribution:
            # Whoever has the turn when the note is saved, unless the writer chose.
            speaker = SPEAKER_WITH_TURN if self.speaker is None else self.speaker or None
        else:
            speaker = self.speaker or None
        draft = NoteDraft(event.value, self.kind, author=self.author, speaker=speaker)
        self.post_message(self.Submitted(draft))

    def show_outbox(self, waiting: WaitingNotes | None = None) -> None:
        """Below the field: how many notes wait to be saved, and the last of them.

        The screen gives the outbox (it fills and empties it); without one the
        composer shows again the one it was given last.
        """
        if waiting is not None:
            self.waiting = waiting
        line = self.query_one("#note-outbox", Static)
        shown = list(self.waiting)
        line.display = bool(shown)
        if not shown:
            return
        text = Text(tn("outbox.waiting", len(shown)), style="bold")
        for item in shown[-SHOWN_WAITING:]:
            text.append("\n  · ")
            text.append_text(plain(item.draft.text.strip().splitlines()[0][:60]))
        line.update(text)

    def typed(self) -> list[tuple[NoteDraft, int]]:
        """The text in the field, as the note it would be if saved now (none if empty)."""
        text = self.field.value
        if not text.strip():
            return []
        draft = NoteDraft(text, self.kind, author=self.author, speaker=self.current_speaker())
        return [(draft.stamped(self.live), self.phase_of())]

    def put_back(self, text: str) -> None:
        """A note the writer must change goes back in the field, before anything typed since."""
        self.query_one(NoteField).put_back(text)

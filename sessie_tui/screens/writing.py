"""What both screens that write notes share: the facilitator's phase and the note-taker's view.

The screen saves what its `NoteComposer` submits, through the live session and
the session's outbox, and tells the composer how it went: saved (the field is
already free), refused by the session's rules (the text goes back in the field,
and the reason is said), or the store not writable now (the note waits in the
outbox, tried again every few seconds and before every new note).
"""

from __future__ import annotations

from dataclasses import replace

from ..domain.notes import Note
from ..domain.session import RuleViolation
from ..errors import UserFacingError
from ..i18n import t
from ..live import LiveSession, NoteDraft
from ..outbox import Outbox, outbox_of
from ..widgets.note_composer import NoteComposer, NoteField, hint_labels
from .action_point import ActionPointDialog
from .base import SessieScreen
from .dialogs import Choose

RETRY_SECONDS = 2.0
"""How often notes waiting in the outbox are tried again."""


class WritesNotes(SessieScreen):
    """A screen with a `NoteComposer`; `note_saved` is called after each note."""

    live: LiveSession
    _refresh_problem: str | None = None
    _failing: UserFacingError | None = None
    """Why the outbox could not be saved, since the first failure (said once)."""

    @property
    def composer(self) -> NoteComposer:
        return self.query_one(NoteComposer)

    def refresh_live(self) -> bool:
        """Take in what other processes wrote; True if anything changed.

        A session file that went bad meanwhile is said once, not raised: what is
        on the screen, and what is being typed, stays. One removed or damaged
        is written anew from what the session holds, and that is said.
        """
        try:
            changed = self.live.refresh()
        except UserFacingError as error:
            if self._refresh_problem is None:  # the first problem; what follows from it is not news
                self.report_error(error)
            self._refresh_problem = error.message(self.context.lang)
            return False
        finally:
            self.say_mended()
        self._refresh_problem = None
        return changed

    def say_mended(self) -> None:
        """Tell the facilitator that the session file was written anew (and where the
        damaged bytes are kept)."""
        for notice in self.live.take_notices():
            self.app.notify(notice.message(self.context.lang), severity="warning", timeout=12)

    def keep_unsaved_aside(self) -> None:
        """Leaving the session: what waits in the outbox, and the text in the field,
        go to a recovery file that the next start offers to restore."""
        from .recovery import keep_aside

        keep_aside(self.app, self.live, self.composer.typed())  # type: ignore[arg-type]

    def note_saved(self) -> None:
        """Show what changed; the screens fill this in."""

    def show_saved(self, note: Note) -> None:
        """Say that `note` is saved; the note-taker's view fills this in."""

    def show_not_saved(self) -> None:
        """Say that a note is not saved (the error is said apart); the note-taker's view
        fills this in."""

    @property
    def outbox(self) -> Outbox:
        """The session's notes waiting to be saved (it outlives this screen)."""
        return outbox_of(self.live)

    def on_mount(self) -> None:
        # Textual runs this besides the screen's own `on_mount`.
        self.composer.show_outbox(self.outbox)
        self.set_interval(RETRY_SECONDS, self.send_waiting)

    def on_note_composer_submitted(self, event: NoteComposer.Submitted) -> None:
        event.stop()
        self.save_note(event.draft)

    def save_note(self, draft: NoteDraft) -> bool:
        """Save a note now, or keep it in the outbox; True if it is saved.

        The draft gets its id before the first attempt: a later attempt finds the
        note if the first reached the disk before its error. A note never goes
        ahead of the ones still waiting.
        """
        composer = self.composer
        draft = draft.stamped(self.live)
        self.send_waiting()
        if len(self.outbox):
            self._wait(draft)
            return False
        try:
            phase = None if composer.follow_session else composer.phase_of()
            note = self.live.add_note(draft, phase)
        except RuleViolation as refused:  # the writer must change it: it is theirs again
            self._not_saved(refused)
            composer.put_back(draft.text)
            return False
        except UserFacingError as error:
            self._wait(draft)
            self._failed(error)
            return False
        except Exception:
            # A bug: the note goes back in its field, where the app's crash handler keeps it.
            composer.put_back(draft.text)
            raise
        self._saved(note)
        return True

    def send_waiting(self) -> None:
        """Try the outbox again, in order; what is saved is said as saved."""
        composer = self.composer
        if not len(self.outbox):
            composer.show_outbox(self.outbox)  # emptied elsewhere (another screen of this session)
            return
        sent = self.outbox.send(self.live)
        for note in sent.saved:
            self._saved(note)
        for waiting, refused in sent.refused:
            self._not_saved(refused)
            if not composer.field.value:
                composer.put_back(waiting.draft.text)
        if sent.error is None:
            self._failing = None
        else:
            self._failed(sent.error)
        composer.show_outbox(self.outbox)

    def _wait(self, draft: NoteDraft) -> None:
        self.outbox.add(self.live, draft, self.composer.phase_of())
        self.composer.show_outbox(self.outbox)

    def _failed(self, error: UserFacingError) -> None:
        if self._failing is None:  # the first failure; the line below the field says the rest
            self._not_saved(error)
        self._failing = error

    def _saved(self, note: Note) -> None:
        self.show_saved(note)
        # Flagged, never blocked: the note is saved; the room may want to rephrase.
        hints = note.hints
        self.show_flagged(t("hint.flagged", hints=hint_labels(note)) if hints else "")
        self.note_saved()
        self.say_mended()

    def show_flagged(self, message: str) -> None:
        """Say that the note just saved was flagged ("" when it was not)."""
        if message:
            self.notify(message, timeout=6)

    def _not_saved(self, error: UserFacingError) -> None:
        self.show_not_saved()
        self.report_error(error)
        self.say_mended()

    def on_note_composer_wants_action_point(self, event: NoteComposer.WantsActionPoint) -> None:
        # Stored as the composer showed it: from whoever it said (owner and date apart).
        self.ask_action_point(event.text, speaker=self.composer.current_speaker())

    def ask_action_point(self, text: str, speaker: str | None = None) -> None:
        """What, who and by when; saved like any note (see `save_note`)."""

        def save(draft: NoteDraft | None) -> None:
            if draft is None:  # cancelled: the text stays in the field
                self.composer.put_back(text)
            else:
                self.save_note(replace(draft, speaker=speaker))

        dialog = ActionPointDialog(self.live.session, author=self.composer.author, text=text)
        self.app.push_screen(dialog, save)

    def on_note_field_left(self, event: NoteField.Left) -> None:
        event.stop()
        self.stop_writing()

    def stop_writing(self) -> None:
        """Escape in the note field: where the focus goes; the screens fill this in."""

    def on_note_composer_speaker_wanted(self, event: NoteComposer.SpeakerWanted) -> None:
        """Who said it: anyone present, no one in particular, or (questions and advice)
        whoever has the turn. The list stops at its ends, never jumping round."""
        if self.composer.kind.is_contribution:
            options: list[tuple[str, object]] = [
                (t("phase.speaker_from_queue"), None),
                (t("phase.speaker_nobody"), ""),
            ]
        else:
            options = [(t("phase.speaker_nobody"), None)]
        options += [(p.name, p.id) for p in self.live.session.present()]

        def chosen(person: object) -> None:
            if person is not Choose.CANCELLED:
                self.composer.choose(person)  # type: ignore[arg-type]

        question = Choose(
            t("phase.choose_speaker"), options, self.composer.speaker, cancelled=Choose.CANCELLED
        )
        self.app.push_screen(question, chosen)

"""What both screens that write notes share: the facilitator's phase and the note-taker's view."""

from __future__ import annotations

from dataclasses import replace

from ..errors import UserFacingError
from ..i18n import t
from ..live import LiveSession, NoteDraft
from ..widgets.note_composer import NoteComposer, hint_labels
from .action_point import ActionPointDialog
from .base import SessieScreen
from .dialogs import Choose


class WritesNotes(SessieScreen):
    """A screen with a `NoteComposer`; `note_saved` is called after each note."""

    live: LiveSession
    _refresh_problem: str | None = None

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

    def on_note_composer_saved(self, event: NoteComposer.Saved) -> None:
        # Flagged, never blocked: the note is saved; the room may want to rephrase.
        hints = event.note.hints
        self.show_flagged(t("hint.flagged", hints=hint_labels(event.note)) if hints else "")
        self.note_saved()
        self.say_mended()

    def show_flagged(self, message: str) -> None:
        """Say that the note just saved was flagged ("" when it was not)."""
        if message:
            self.notify(message, timeout=6)

    def on_note_composer_failed(self, event: NoteComposer.Failed) -> None:
        self.report_error(event.error)
        self.say_mended()

    def on_note_composer_wants_action_point(self, event: NoteComposer.WantsActionPoint) -> None:
        # Stored as the composer showed it: from whoever it said (owner and date apart).
        self.ask_action_point(event.text, speaker=self.composer.current_speaker())

    def ask_action_point(self, text: str, speaker: str | None = None) -> None:
        """What, who and by when; saved through the composer, like any note."""

        def save(draft: NoteDraft | None) -> None:
            if draft is None:  # cancelled: the text stays in the field
                self.composer.put_back(text)
            else:
                self.composer.save(replace(draft, speaker=speaker))

        dialog = ActionPointDialog(self.live.session, author=self.composer.author, text=text)
        self.app.push_screen(dialog, save)

    def action_cycle_note_kind(self) -> None:
        self.composer.cycle_kind()

    def action_choose_speaker(self) -> None:
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

"""The note-taker's view: follow the facilitator's session and write the minutes.

Run in a second terminal, over SSH or in a browser (`sessie-tui notes`). The
phase, its rule, the speaker and the time left follow the facilitator's screen
(the session file is checked a few times a second, reading a few bytes); each
note lands in the phase the session is in when Enter is pressed. The
note-taker can change or delete their own notes (an edit keeps the earlier
text) but not the phase or the clock.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import Header

from .. import commands
from ..domain.attribution import said_by
from ..domain.clock import minutes_seconds
from ..domain.dates import clock_time
from ..domain.notes import Note
from ..domain.session import SessionStatus
from ..i18n import t, tn
from ..live import LiveSession
from ..widgets.clock import ClockFace, ClockState
from ..widgets.key_bar import KeyBar
from ..widgets.note_composer import ListNoteField, NoteComposer
from ..widgets.plain import Static
from ..widgets.privacy_flag import note_flag
from ..widgets.table import DataTable, OrderedTable
from ..widgets.text import plain, plain_lines
from ..widgets.turns import TurnView
from .dialogs import Confirm, Prompt
from .writing import WritesNotes

FOLLOW_SECONDS = 0.25


class OwnNotes(OrderedTable):
    """The note-taker's own notes; its keys work while it has focus (the field's while
    writing): change or delete the note on the cursor, or write a new one."""

    BINDINGS = commands.bindings(
        commands.EDIT_OWN_NOTE, commands.DELETE_OWN_NOTE, commands.WRITE_NOTE
    )

    class Asked(Message):
        """`edit`, `delete` or `write`: the screen does it."""

        def __init__(self, what: str) -> None:
            super().__init__()
            self.what = what

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A note to change or delete is one on the cursor: none in an empty list.
        if action in ("edit_own_note", "delete_own_note"):
            return self.row_count > 0
        return True

    def action_edit_own_note(self) -> None:
        self.post_message(self.Asked("edit"))

    def action_delete_own_note(self) -> None:
        self.post_message(self.Asked("delete"))

    def action_write_note(self) -> None:
        self.post_message(self.Asked("write"))


class NotesScreen(WritesNotes):
    def __init__(self, live: LiveSession, author: str) -> None:
        super().__init__()
        self.live = live
        self.author = author
        self._phase = live.session.current_phase

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="notes-view"):
            with Vertical(id="follow"):
                yield Static("", id="follow-phase")
                yield Static("", id="follow-rule")
                yield Static("", id="follow-now")
            yield Static("", id="mine-heading", classes="section-title")
            yield OwnNotes(id="mine", cursor_type="row", zebra_stripes=True)
            yield NoteComposer(
                self.live,
                lambda: self.live.session.current_phase,
                follow_session=True,
                compact=False,
                field_type=ListNoteField,
                id="composer",
            )
            yield Static("", id="note-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.composer.author = self.author
        table = self.query_one("#mine", DataTable)
        table.add_columns(
            t("notes_view.col.time"),
            t("notes_view.col.phase"),
            t("notes_view.col.kind"),
            t("notes_view.col.text"),
        )
        self._show_all()
        self.set_focus(self.composer.field)
        self.set_interval(FOLLOW_SECONDS, self._follow)

    # -- following the facilitator -------------------------------------------------------

    def _follow(self) -> None:
        if self.refresh_live():
            self._show_all()
        else:
            self._show_now()

    def _show_all(self) -> None:
        session = self.live.session
        lang = self.context.lang
        phase = session.phase
        if session.current_phase != self._phase:
            self._phase = session.current_phase
            self.composer.choose(None)
        title = t(
            "phase.title",
            number=session.current_phase + 1,
            total=len(session.phases),
            title=phase.title.get(lang),
        )
        if session.status is SessionStatus.ENDED:
            # Said plainly, where the phase was: a note typed now is refused (and says so).
            title = t("notes_view.ended")
        self.query_one("#follow-phase", Static).update(plain(title, style="bold"))
        rule = phase.rule.get(lang)
        if phase.case_holder_silent and session.case_holder:
            rule += "\n" + t("phase.silent", name=session.case_holder.name)
        self.query_one("#follow-rule", Static).update(plain_lines(rule))
        self.composer.follow_phase()
        self._show_now()
        self._show_mine()

    def _show_now(self) -> None:
        session = self.live.session
        timer = self.live.timer()
        face = ClockFace.of(timer, session.method.warning_minutes * 60)
        line = Text()
        view = TurnView.of(session, session.current_phase, timer.elapsed())
        if view.queue.ordered:
            line.append_text(view.now_line())
            line.append("   ·   ")
        if face.state is ClockState.UNTIMED:
            line.append(t("notes_view.elapsed", time=face.digits))
        elif face.state is ClockState.OVERTIME:
            line.append(t("clock.overtime", time=face.digits), style="bold reverse")
        else:
            line.append(t("notes_view.left", time=face.digits), style="bold")
        if not timer.running:
            line.append(f"  ({t('clock.paused')})", style="italic")
        self.query_one("#follow-now", Static).update(line)
        self.composer.show()

    def _mine(self) -> list[Note]:
        return [note for note in self.live.session.live_notes() if note.author == self.author]

    def _show_mine(self) -> None:
        session = self.live.session
        table = self.query_one("#mine", DataTable)
        row = table.cursor_row
        table.clear()
        mine = self._mine()
        for note in mine:
            text = plain(note.text)
            if note.history:
                text.append("  " + t("notes_view.edited"), style="italic")
            flag = note_flag(session, note.text)
            if flag:
                text.append_text(plain(f"  {flag}", style="bold"))
            table.add_row(
                clock_time(note.created_at, session.timezone),
                str(note.phase + 1),
                # Who said it; who wrote it is the heading above: you.
                plain(said_by(note.kind, session.name_of(note.speaker), t)),
                text,
                key=note.id,
            )
        if mine:
            table.move_cursor(row=min(max(row, 0), len(mine) - 1) if row >= 0 else len(mine) - 1)
            table.scroll_end(animate=False)
        self.query_one("#mine-heading", Static).update(
            tn("notes_view.mine", len(mine), name=session.name_of(self.author))
        )

    # -- writing -------------------------------------------------------------------------

    def show_saved(self, note: Note) -> None:
        saved = t(
            "notes_view.saved",
            time=clock_time(note.created_at, self.live.session.timezone),
            phase=note.phase + 1,
            elapsed=minutes_seconds(note.elapsed),
        )
        self.query_one("#note-status", Static).update(saved)

    def show_not_saved(self) -> None:
        # Never "✓ saved" beside an error: the line says what is not saved.
        # (`WritesNotes` says the error.)
        self.query_one("#note-status", Static).update(t("notes_view.not_saved"))

    def note_saved(self) -> None:
        self._show_mine()
        self.query_one("#mine", DataTable).move_cursor(row=len(self._mine()) - 1)

    def stop_writing(self) -> None:
        self.set_focus(self.query_one("#mine", DataTable))

    def on_own_notes_asked(self, event: OwnNotes.Asked) -> None:
        if event.what == "write":
            self.set_focus(self.composer.field)
        elif event.what == "edit":
            self.edit_own_note()
        else:
            self.delete_own_note()

    # -- changing one's own notes --------------------------------------------------------

    def _selected(self) -> Note | None:
        table = self.query_one("#mine", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return self.live.session.notes.get(key or "")

    def edit_own_note(self) -> None:
        note = self._selected()
        if note is None:
            return

        def save(text: str | None) -> None:
            if text is not None and text.strip() != note.text:
                self.attempt(lambda: self.live.edit_note(note.id, text, editor=self.author))
                self._show_mine()

        self.app.push_screen(Prompt(t("notes_view.edit"), value=note.text), save)

    def delete_own_note(self) -> None:
        note = self._selected()
        if note is None:
            return

        def delete(sure: bool | None) -> None:
            if sure:
                self.attempt(lambda: self.live.delete_note(note.id, editor=self.author))
                self._show_mine()

        self.app.push_screen(Confirm(t("notes_view.delete", text=note.text[:80])), delete)

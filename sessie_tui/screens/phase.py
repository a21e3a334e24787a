"""One phase of the session: its rule, its clock, and the notes taken in it.

The screen shows the session's current phase; moving to another phase
replaces it with a new `PhaseScreen`. The clock is derived from stored
events on every tick; the tick only repaints.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Static

from .. import commands
from ..domain.clock import minutes_seconds
from ..domain.dates import clock_time
from ..domain.method import PhaseKind
from ..domain.notes import Note, NoteKind
from ..domain.participants import Participant, Role
from ..errors import UserFacingError
from ..i18n import t, tn
from ..live import LiveSession, NoteDraft
from ..widgets.clock import ClockFace, ClockState, PhaseClock
from ..widgets.text import plain, plain_lines
from .base import SessieScreen
from .dialogs import Confirm

TICK_SECONDS = 0.2
CLOCK_ACTIONS = frozenset(
    {
        "toggle_clock",
        "adjust_clock",
        "reset_clock",
        "next_phase",
        "previous_phase",
        "write_note",
        "cycle_author",
        "toggle_notes",
        "confidentiality",
        "end_session",
        "back",
    }
)
WRITING_ACTIONS = frozenset({"stop_writing", "cycle_note_kind"})
# Kinds offered while writing; questions and advice only in the phases they belong to.
GENERAL_KINDS = (
    NoteKind.NOTE,
    NoteKind.DECISION,
    NoteKind.ACTION,
    NoteKind.QUOTE,
    NoteKind.CONFIDENTIAL,
)
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


class PhaseScreen(SessieScreen):
    # Nothing has focus until the facilitator starts writing: every key steers the session.
    AUTO_FOCUS = ""
    BINDINGS = commands.bindings(
        commands.START_PAUSE,
        commands.NEXT_PHASE,
        commands.PREVIOUS_PHASE,
        commands.ADD_MINUTE,
        commands.REMOVE_MINUTE,
        commands.RESET_CLOCK,
        commands.WRITE_NOTE,
        commands.STOP_WRITING,
        commands.NOTE_KIND,
        commands.NOTE_AUTHOR,
        commands.SHOW_NOTES,
        commands.CONFIDENTIALITY,
        commands.END_SESSION,
        commands.BACK_QUIETLY,
    )

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live
        self.phase_index = live.session.current_phase
        self.phase = live.session.phase
        self._kinds = note_kinds_for(self.phase.kind)
        self._kind = self._kinds[0]
        self._author = ""
        self._last_face: ClockFace | None = None

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="phase"):
            yield Static("", id="phase-title")
            yield Static("", id="phase-rule")
            yield PhaseClock(id="clock")
            yield Static("", id="phase-next")
            with VerticalScroll(id="notes-panel"):
                yield Static("", id="notes-list")
            with Horizontal(id="note-bar"):
                yield Static("", id="note-kind")
                yield Input(placeholder=t("phase.note_placeholder"), id="note-input", compact=True)
            yield Static("", id="note-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._author = default_author(self.live, self.context.config.author)
        self.query_one("#notes-panel").display = False
        self._show_phase()
        self._show_note_bar()
        self._tick()
        self.set_interval(TICK_SECONDS, self._tick)

    def _show_phase(self) -> None:
        session = self.live.session
        lang = self.context.lang
        number, total = self.phase_index + 1, len(session.phases)
        minutes = (
            t("method.minutes", minutes=f"{self.phase.minutes:g}")
            if self.phase.minutes
            else t("method.untimed")
        )
        self.query_one("#phase-title", Static).update(
            t("phase.title", number=number, total=total, title=self.phase.title.get(lang))
            + f"  ·  {minutes}"
        )
        rule = self.phase.rule.get(lang)
        if self.phase.case_holder_silent:
            holder = session.case_holder
            silent = t("phase.silent", name=holder.name if holder else t("role.case_holder"))
            rule = f"{rule}\n{silent}"
        self.query_one("#phase-rule", Static).update(plain_lines(rule))
        if self.phase_index + 1 < total:
            following = session.phases[self.phase_index + 1].title.get(lang)
            self.query_one("#phase-next", Static).update(t("phase.next", title=following))
        else:
            self.query_one("#phase-next", Static).update(t("phase.last"))

    def _tick(self) -> None:
        timer = self.live.timer(self.phase_index)
        warning = self.live.session.method.warning_minutes * 60
        face = ClockFace.of(timer, warning)
        previous = self._last_face
        self._last_face = face
        self.query_one(PhaseClock).show(face)
        crossed_zero = (
            previous is not None
            and previous.state is not ClockState.OVERTIME
            and face.state is ClockState.OVERTIME
            and face.running
        )
        if crossed_zero and self.context.config.bell:
            self.app.bell()

    # -- notes ---------------------------------------------------------------------------

    def _show_note_bar(self) -> None:
        session = self.live.session
        self.query_one("#note-kind", Static).update(t(f"kind.{self._kind.value}") + " ▸")
        notes = list(session.live_notes(self.phase_index))
        author = session.name_of(self._author) or t("phase.no_author")
        status = tn("phase.note_status", len(notes), author=author)
        if notes:
            status += "  ·  " + t(
                "phase.last_saved", time=clock_time(notes[-1].created_at, session.timezone)
            )
        self.query_one("#note-status", Static).update(plain(status))
        if self.query_one("#notes-panel").display:
            self.query_one("#notes-list", Static).update(self._notes_text(notes))

    def _notes_text(self, notes: list[Note]) -> Text:
        session = self.live.session
        text = Text()
        for note in notes:
            text.append(f"{minutes_seconds(note.elapsed)} ", style="dim")
            text.append(f"{t(f'kind.{note.kind.value}')}: ", style="bold")
            text.append_text(plain(note.text))
            if note.speaker:
                text.append(f" — {session.name_of(note.speaker)}", style="italic")
            text.append("\n")
        return text or Text(t("phase.no_notes"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "note-input" or not event.value.strip():
            return
        draft = NoteDraft(text=event.value, kind=self._kind, author=self._author)
        if not self.attempt(lambda: self.live.add_note(draft, phase=self.phase_index)):
            return
        event.input.value = ""
        self._show_note_bar()

    def action_write_note(self) -> None:
        self.query_one("#note-input", Input).focus()

    def action_stop_writing(self) -> None:
        self.set_focus(None)

    def action_cycle_note_kind(self) -> None:
        index = self._kinds.index(self._kind)
        self._kind = self._kinds[(index + 1) % len(self._kinds)]
        self._show_note_bar()

    def action_cycle_author(self) -> None:
        people: list[Participant] = self.live.session.present()
        if not people:
            return
        ids = [p.id for p in people]
        index = ids.index(self._author) if self._author in ids else -1
        self._author = ids[(index + 1) % len(ids)]
        self._show_note_bar()

    def action_toggle_notes(self) -> None:
        panel = self.query_one("#notes-panel")
        panel.display = not panel.display
        self._show_note_bar()

    # -- clock and phases ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        writing = isinstance(self.focused, Input)
        if action in WRITING_ACTIONS:
            return writing
        if action in CLOCK_ACTIONS and writing:
            return False
        if action == "previous_phase":
            return self.phase_index > 0
        return True

    def _do(self, intention: Callable[[], object]) -> None:
        self.attempt(intention)
        self._tick()

    def action_toggle_clock(self) -> None:
        self._do(self.live.toggle_clock)

    def action_adjust_clock(self, seconds: int) -> None:
        self._do(lambda: self.live.adjust_clock(seconds))

    def action_reset_clock(self) -> None:
        self._do(self.live.reset_clock)

    def _go_to(self, phase: int) -> None:
        try:
            self.live.go_to_phase(phase)
        except UserFacingError as error:
            self.report_error(error)
            if not self.live.session.gate_open:
                self.action_confidentiality()
            return
        self.app.switch_screen(PhaseScreen(self.live))

    def action_next_phase(self) -> None:
        if self.phase_index + 1 >= len(self.live.session.phases):
            self.action_end_session()
            return
        self._go_to(self.phase_index + 1)

    def action_previous_phase(self) -> None:
        if self.phase_index > 0:
            self._go_to(self.phase_index - 1)

    def action_confidentiality(self) -> None:
        from .confidentiality import ConfidentialityScreen

        self.app.push_screen(ConfidentialityScreen(self.live, return_to_phase=True))

    def action_end_session(self) -> None:
        from .end import EndScreen

        def end(sure: bool | None) -> None:
            if not sure:
                return
            if self.attempt(self.live.end):
                self.app.switch_screen(EndScreen(self.live))

        last = self.phase_index + 1 >= len(self.live.session.phases)
        question = t("phase.end_question" if last else "phase.end_early_question")
        self.app.push_screen(Confirm(question), end)

    def action_back(self) -> None:
        self.app.pop_screen()

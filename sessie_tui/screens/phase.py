"""One phase of the session: its rule, its clock, whose turn it is, and the notes.

The screen shows the session's current phase; moving to another phase
replaces it with a new `PhaseScreen`. Everything on it is derived from the
stored session on every tick (the tick only repaints), so what another
terminal does shows up here too.

Focus decides which keys work, as Textual intends: the screen's own keys (the
clock, the phases, the notes panel, the room, the end) work unless a note is
being written; the phase's panel (the turns, the reflection, the scores…) has
the focus when no note is, and carries its own keys; the note field carries
the keys of writing. A panel and the note composer post what was asked, and
the screen acts through the live session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Header

from .. import commands
from ..domain.attribution import attribution
from ..domain.case_round import chooses_in
from ..domain.clock import minutes_seconds
from ..domain.dates import clock_time
from ..domain.method import PhaseKind
from ..domain.notes import Note
from ..domain.schedule import meeting_schedule
from ..domain.session import FollowUpStatus, Session, SessionStatus, Tried
from ..domain.turns import takes_turns
from ..errors import UserFacingError
from ..i18n import decimal, t, tn
from ..live import LiveSession
from ..widgets.big_digits import GLYPH_HEIGHT, best_scale, steady_template
from ..widgets.big_text import BigContent, BigText, share_rows
from ..widgets.clock import ClockFace, ClockState, PhaseClock
from ..widgets.key_bar import KeyBar
from ..widgets.note_composer import NoteComposer, default_author, hint_labels
from ..widgets.plain import Static
from ..widgets.schedule import ScheduleLine
from ..widgets.text import plain, plain_lines
from ..widgets.turns import TurnMove, TurnPanel, TurnView
from .dialogs import Choose, Confirm, Field, Form, Prompt
from .writing import WritesNotes

if TYPE_CHECKING:
    from ..domain.network import CarriedAction, CarriedTakeaway
    from ..room.state import Room, RoomFile
    from ..widgets.case_round import CaseRoundPanel
    from ..widgets.evaluation import EvaluationPanel
    from ..widgets.expectations import ExpectationsPanel
    from ..widgets.look_back import LookBackPanel
    from ..widgets.reflection import ReflectionPanel

TICK_SECONDS = 0.2
PANELS_WITH_A_LIST = frozenset(
    {"reflection", "evaluation", "expectations", "look_back", "case_round"}
)
BIG_TEXT_MIN_HEIGHT = 40
"""Below this many rows the clock needs them all: the phase, rule and speaker stay plain."""


class PhaseScreen(WritesNotes):
    # The phase's panel takes the focus once the screen is drawn (see `on_mount`); with
    # no panel nothing has focus until the facilitator starts writing.
    AUTO_FOCUS = ""
    BINDINGS = commands.bindings(
        commands.START_PAUSE,
        commands.NEXT_PHASE,
        commands.PREVIOUS_PHASE,
        commands.ADD_MINUTE,
        commands.REMOVE_MINUTE,
        commands.RESET_CLOCK,
        commands.WRITE_NOTE,
        commands.TAKEAWAY_TRIED,
        commands.NOTE_AUTHOR,
        commands.SHOW_NOTES,
        commands.SCROLL_NOTES_UP,
        commands.SCROLL_NOTES_DOWN,
        commands.TOGGLE_BELL,
        commands.REVEAL_CARDS,
        commands.TOGGLE_CARD_NAMES,
        commands.CLOSE_ROOM_EVALUATION,
        commands.ROOM,
        commands.CONFIDENTIALITY,
        commands.EDIT_CASE_QUIETLY,
        commands.CHANGE_METHOD_LATE,
        commands.END_SESSION,
        commands.BACK_QUIETLY,
    )

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live
        self.phase_index = live.session.current_phase
        self.phase = live.session.phase
        self._last_face: ClockFace | None = None
        self._panel = ""
        self._flagged = ""
        self._speaker: str | None = None
        """The remark on the last note saved here, if the hint checker flagged it."""
        self._meetings: list[Session] | None = None
        """The network's meetings, read once, for the look-back."""
        self.room: Room | None = None
        """The room file as last read (by its revision): who wrote, who is ready. None
        for a session never shared, which is most: the room's model waits for a share."""
        self._room_rev: str | None = None
        self._replaced = False

    # -- layout --------------------------------------------------------------------------

    def _panel_kind(self) -> str:
        panels = {
            PhaseKind.REFLECTION: "reflection",
            PhaseKind.EVALUATION: "evaluation",
            PhaseKind.EXPECTATIONS: "expectations",
            PhaseKind.LOOK_BACK: "look_back",
            PhaseKind.CASE_COLLECTION: "case_round",
            PhaseKind.CASE_CHOICE: "case_round",
        }
        if self.phase.kind in panels:
            return panels[self.phase.kind]
        return "turns" if takes_turns(self.phase) else ""

    def compose(self) -> ComposeResult:
        self._panel = self._panel_kind()
        yield Header()
        classes = f"panel-{self._panel or 'none'}"
        if self._panel in PANELS_WITH_A_LIST:
            classes += " -list"
        with Vertical(id="phase", classes=classes):
            yield BigText(id="phase-title")
            yield BigText(id="phase-rule")
            with Horizontal(id="phase-body"):
                with Vertical(id="clock-area"):
                    yield PhaseClock(id="clock")
                    yield ScheduleLine(id="schedule")
                    yield Static("", id="phase-next")
                # A panel other than the turns' is imported with its phase, not at start.
                if self._panel == "turns":
                    yield TurnPanel(id="side")
                elif self._panel == "reflection":
                    from ..widgets.reflection import ReflectionPanel

                    yield ReflectionPanel(id="side")
                elif self._panel == "evaluation":
                    from ..widgets.evaluation import EvaluationPanel

                    yield EvaluationPanel(id="side")
                elif self._panel == "expectations":
                    from ..widgets.expectations import ExpectationsPanel

                    yield ExpectationsPanel(id="side")
                elif self._panel == "look_back":
                    from ..widgets.look_back import LookBackPanel

                    yield LookBackPanel(id="side")
                elif self._panel == "case_round":
                    from ..widgets.case_round import CaseRoundPanel

                    yield CaseRoundPanel(self.live, id="side")
            with VerticalScroll(id="notes-panel"):
                yield Static("", id="notes-list")
            yield NoteComposer(self.live, lambda: self.phase_index, id="note-bar")
            yield Static("", id="note-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.composer.author = default_author(self.live, self.context.config.author)
        self.query_one("#notes-panel").display = self.context.notes_shown
        self._follow_room()  # now, not at the first tick: `v` and `h` work from the start
        self._show_phase()
        self._refresh_all()
        self._fit_to_window(self.app.size)
        self.set_interval(TICK_SECONDS, self._tick)
        if self._asks_takeaways() and self._panel != "look_back":
            self._say_takeaways_wait()
        # After the first frame, not as the screen resumes (AUTO_FOCUS): focusing then
        # made a quick move on (another view's phase change, then a key) tear the screen
        # down while Textual's Header still had its title to set (NoMatches, in
        # tests/test_room_projector.py 3 runs in 5).
        self.call_after_refresh(self._focus_at_start)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_to_window(event.size)

    def _fit_to_window(self, size: Size) -> None:
        """Share the rows the clock leaves between the speaker, the rule and the title:
        each as large as fits, in that order, none more than its share of the window."""
        rule = self.query_one("#phase-rule", BigText)
        title = self.query_one("#phase-title", BigText)
        # The width each has: the rule's border and padding, the screen's padding.
        big_texts = [(rule, size.width - 6, 1 / 2), (title, size.width - 2, 1 / 7)]
        if self._panel == "turns":
            speaker = self.query_one("#speaker-now", BigText)
            big_texts.insert(0, (speaker, size.width - 4, 1 / 4))
        if size.height < BIG_TEXT_MIN_HEIGHT:
            # An old projector: the clock needs every row; everything else as plain lines.
            for big_text, _, _ in big_texts:
                big_text.budget = 0
            return
        rows = size.height - 4  # header, footer, note bar and note status
        body = self._clock_rows(size.width, rows)
        if self._panel in PANELS_WITH_A_LIST:
            body = max(body, rows // 2)  # the list beside the clock needs its rows too
        elif self._panel == "turns":
            body += 2  # who is next: a long queue takes two lines
        wishes = [
            [height for height in big_text.heights(width) if height <= max(rows * share, 1)]
            for big_text, width, share in big_texts
        ]
        # The rule's border takes two rows whatever its size.
        budgets = share_rows(rows - body - 2, wishes)
        for (big_text, _, _), budget in zip(big_texts, budgets, strict=True):
            big_text.budget = budget

    def _clock_rows(self, width: int, rows: int) -> int:
        """The rows the clock takes at its largest, with its state and "next" lines."""
        width -= 2  # the screen's padding
        if self._panel in PANELS_WITH_A_LIST:
            width = width * 55 // 100  # the list takes the rest, beside it
        scale = best_scale(steady_template("00:00"), width, rows)
        return min(max(scale, 1) * GLYPH_HEIGHT + 2, rows * 55 // 100)

    def _show_phase(self) -> None:
        session = self.live.session
        lang = self.context.lang
        number, total = self.phase_index + 1, len(session.phases)
        minutes = (
            t("method.minutes", minutes=f"{self.phase.minutes:g}")
            if self.phase.minutes
            else t("method.untimed")
        )
        phase_title = self.phase.title.get(lang)
        title = t("phase.title", number=number, total=total, title=phase_title)
        line = f"{title}  ·  {minutes}"
        details = f"{t('phase.number', number=number, total=total)}  ·  {minutes}"
        if session.practice:
            line += "  ·  " + t("phase.practice")
            details += "  ·  " + t("phase.practice")
        self.query_one("#phase-title", BigText).show(
            BigContent(phase_title, plain(line), below=plain(details, style="not bold"))
        )
        rule = self.phase.rule.get(lang)
        silent = None
        if self.phase.case_holder_silent:
            holder = session.case_holder
            silent = t("phase.silent", name=holder.name if holder else t("role.case_holder"))
        # Large, the rule; the line that names the silent case holder under it, in
        # plain letters, so that the rule still fits large on a 160x45 screen.
        whole = f"{rule}\n{silent}" if silent else rule
        self.query_one("#phase-rule", BigText).show(
            BigContent(rule, plain_lines(whole), below=plain(silent) if silent else None)
        )
        if self.phase_index + 1 < total:
            following = session.phases[self.phase_index + 1].title.get(lang)
            self.query_one("#phase-next", Static).update(plain(t("phase.next", title=following)))
        else:
            self.query_one("#phase-next", Static).update(t("phase.last"))

    # -- the tick: repaint from the stored session ---------------------------------------

    def _tick(self) -> None:
        changed = self.refresh_live()
        if self._follow_stored():
            return
        if self._follow_room() or changed:
            self._refresh_all()
        self._show_clock()
        if self._panel == "turns":
            self._show_turns()

    def _follow_stored(self) -> bool:
        """One truth for every view: when another view moved the session to another
        phase, or ended it, this screen becomes that one. True if it did.

        Only while this screen is on top: an open dialog is answered first (its answer
        is then made from the stored phase, see `_go_to`)."""
        session = self.live.session
        if self._replaced:
            return True  # the next screen is on its way: this one is done
        if self.app.screen is not self:
            return False
        if session.status is SessionStatus.ENDED:
            from .end import EndScreen

            self._replace_by(EndScreen(self.live))
            return True
        if session.status is SessionStatus.RUNNING and session.current_phase != self.phase_index:
            self.notify(t("phase.moved", number=session.current_phase + 1))
            self._replace_by(PhaseScreen(self.live))
            return True
        return False

    def _replace_by(self, screen: Screen[object]) -> None:
        """Once: a tick that comes before the switch is done must not switch again."""
        self._replaced = True
        self.app.switch_screen(screen)

    @property
    def room_file(self) -> RoomFile:
        return self.live.room_file()

    def _follow_room(self) -> bool:
        """Read the room file again if it changed (its revision: a few bytes); True if so."""
        rev = self.live.room_rev()
        if rev == self._room_rev:
            return False
        self._room_rev = rev
        try:
            self.room = None if rev is None else self.room_file.read()
        except UserFacingError as error:
            self.report_error(error)
            self.room = None
        self.refresh_bindings()
        return True

    def _shared_room(self) -> Room | None:
        """The room while the session is shared, else None."""
        return self.room if self.room is not None and self.room.shared else None

    def _refresh_all(self) -> None:
        self._show_clock()
        self._show_panel()
        self._show_note_bar()

    def _show_clock(self) -> None:
        timer = self.live.timer(self.phase_index)
        warning = self.live.session.method.warning_minutes * 60
        face = ClockFace.of(timer, warning)
        previous = self._last_face
        self._last_face = face
        self.query_one(PhaseClock).show(face)
        self._show_schedule(face)
        crossed_zero = (
            previous is not None
            and previous.state is not ClockState.OVERTIME
            and face.state is ClockState.OVERTIME
            and face.running
        )
        if crossed_zero and self.context.config.bell:
            self.app.bell()

    def _show_schedule(self, face: ClockFace) -> None:
        """The meeting as a whole beside the clock; the phase and its time in the window's title."""
        session, lang = self.live.session, self.context.lang
        titles = [phase.title.get(lang) for phase in session.phases]
        schedule = meeting_schedule(session, self.live.clock, self.live.timer)
        self.query_one(ScheduleLine).show(schedule, titles)
        what = t("phase.window_title", phase=titles[self.phase_index], time=face.digits)
        self.sessie.terminal_title.show(what, owner=self)

    def on_unmount(self) -> None:
        self.sessie.terminal_title.release(self)  # no stale phase in the window's title

    def _show_turns(self) -> None:
        elapsed = self.live.timer(self.phase_index).elapsed()
        view = TurnView.of(self.live.session, self.phase_index, elapsed)
        self.query_one(TurnPanel).show(view)
        if view.queue.current != self._speaker:
            # Another name, another length: share the rows anew.
            self._speaker = view.queue.current
            self._fit_to_window(self.app.size)

    def _show_panel(self) -> None:
        if self._panel == "turns":
            self._show_turns()
        elif self._panel == "reflection":
            from ..widgets.reflection import ReflectionPanel

            self.query_one(ReflectionPanel).show(self.live.session)
        elif self._panel == "evaluation":
            from ..widgets.evaluation import EvaluationPanel

            self.query_one(EvaluationPanel).show(self.live.session)
        elif self._panel == "expectations":
            from ..widgets.expectations import ExpectationsPanel

            self.query_one(ExpectationsPanel).show(self.live.session)
        elif self._panel == "look_back":
            from ..widgets.look_back import LookBackPanel

            self.query_one(LookBackPanel).show(*self._look_back(), self._takeaways())
        elif self._panel == "case_round":
            from ..widgets.case_round import CaseRoundPanel

            self.query_one(CaseRoundPanel).show(self.live.session)

    # -- notes ---------------------------------------------------------------------------

    def _show_note_bar(self) -> None:
        session = self.live.session
        self.composer.show()
        notes = list(session.live_notes(self.phase_index))
        author = session.name_of(self.composer.author) or t("phase.no_author")
        status = tn("phase.note_status", len(notes), author=author)
        if notes:
            saved = clock_time(notes[-1].created_at, session.timezone)
            status += "  ·  " + t("phase.last_saved", time=saved)
        line = Text()
        room = self._room_line()
        if room is not None:
            line.append_text(room)
            line.append("  ·  ")
        if self._flagged:
            line.append(f"⚑ {self._flagged}", style="bold")
            line.append("  ·  ")
        line.append_text(plain(status))
        self.query_one("#note-status", Static).update(line)
        panel = self.query_one("#notes-panel", VerticalScroll)
        if panel.display:
            # The newest note in view, unless the reader scrolled back to an older one.
            following = panel.scroll_y >= panel.max_scroll_y
            self.query_one("#notes-list", Static).update(self._notes_text(notes))
            if following:
                panel.call_after_refresh(panel.scroll_end, animate=False)

    def _writers(self) -> list[str]:
        """Who writes a card in this phase: everyone present, but a silent case holder."""
        session = self.live.session
        holder = session.case_holder if self.phase.case_holder_silent else None
        return [p.id for p in session.present() if holder is None or p.id != holder.id]

    def _names_shown(self) -> bool:
        status = self.room.phases.get(self.phase_index) if self.room is not None else None
        if status is not None and status.names_shown is not None:
            return status.names_shown
        return self.phase.written_names

    def _room_line(self) -> Text | None:
        """How far the room is, when shared: counts only, never what anyone wrote."""
        room, phase = self._shared_room(), self.phase_index
        if room is None:
            return None
        present = {p.id for p in self.live.session.present()}
        parts = []
        if self.phase.written:
            writers = self._writers()
            written = t("phase.room_written", count=room.written_count(phase), of=len(writers))
            if room.revealed(phase):
                written += " (" + t("phase.room_revealed") + ")"
            names = "phase.room_names_shown" if self._names_shown() else "phase.room_names_hidden"
            parts.append(f"{written}, {t(names)}")
        ready = len(room.ready_in(phase) & present)
        parts.append(t("phase.room_ready", count=ready, of=len(present)))
        if self.phase.kind is PhaseKind.EVALUATION:
            parts.append(t("phase.room_answers", count=len(room.ballots), of=len(present)))
            mean = room.mean()
            if room.evaluation_closed_at is not None and mean is not None:
                spread = " ".join(f"{n}:{c}" for n, c in enumerate(room.distribution(), 1))
                parts.append(t("phase.room_result", mean=decimal(mean), distribution=spread))
        return Text("⌂ " + " · ".join(parts), style="bold")

    def _hidden_names(self) -> set[str]:
        """The notes revealed from cards whose writers the room does not see."""
        room = self.room
        if room is None or not room.revealed(self.phase_index) or self._names_shown():
            return set()
        return {card.id for card in room.revealed_cards(self.phase_index)}

    def _notes_text(self, notes: list[Note]) -> Text:
        from ..widgets.privacy_flag import note_flag  # with the first note shown

        session = self.live.session
        counts = [sum(1 for _ in session.live_notes(i)) for i in range(len(session.phases))]
        text = Text(t("phase.counts") + " ", style="bold")
        text.append("  ".join(f"{i + 1}:{n}" for i, n in enumerate(counts)) + "\n", style="dim")
        hidden = self._hidden_names()
        for note in notes:
            text.append(f"{minutes_seconds(note.elapsed)} ", style="dim")
            # Who said it and who wrote it, as two things: "vraag van An · genoteerd door Bart".
            # A card revealed without names shows its kind only.
            said = attribution(session, note, t)
            if note.id in hidden:
                said = t(f"kind.{note.kind.value}")
            text.append_text(plain(said + ": ", style="bold"))
            text.append_text(plain(note.text))
            if note.hints:
                text.append(f"  ⚑ {hint_labels(note)}", style="bold")
            flag = note_flag(session, note.text)
            if flag:
                text.append_text(plain(f"  {flag}", style="bold"))
            text.append("\n")
        if not notes:
            text.append(t("phase.no_notes"))
        return text

    def on_case_round_panel_wants(self, event: CaseRoundPanel.Wants) -> None:
        """Carry out what the case round's panel asks, then let it show the result."""
        from ..widgets import case_round
        from ..widgets.case_round import CaseRoundPanel

        panel = self.query_one(CaseRoundPanel)
        wanted, live, network = event.intention, self.live, panel.network()

        def carry_out() -> None:
            match wanted:
                case case_round.Propose(proposer, title, urgency, kind, banked_id):
                    live.propose_case(proposer, title, urgency, kind, banked_id)
                case case_round.Vote(voter, proposal_id, change):
                    live.vote_case(voter, proposal_id, change)
                case case_round.SetDots(dots):
                    live.set_case_dots(dots)
                case case_round.Choose(proposal_id, mode, tied):
                    live.choose_case(proposal_id, mode, tied)
                case case_round.Withdraw(proposal_id):
                    live.withdraw_proposal(proposal_id)
                case case_round.WithdrawBanked(case_id) if network is not None:
                    network.withdraw_banked(case_id)
            if network is not None and isinstance(wanted, case_round.Choose | case_round.Withdraw):
                # What is taken and what waits for the next meeting, in the network's bank.
                network.bank_round(live.session)

        done = self.attempt(carry_out)
        panel.after_intention()
        if done and isinstance(wanted, case_round.Choose):
            self._show_phase()  # the case holder changed: the rule's line may name them
        if event.done is not None:
            event.done(done)

    def note_saved(self) -> None:
        self._refresh_all()

    def show_flagged(self, message: str) -> None:
        # Under the note field, until the next note: a toast would cover the field and,
        # at 80x24, the queue of speakers, for seconds.
        self._flagged = message

    def action_write_note(self) -> None:
        self.set_focus(self.composer.field)

    def _focus_at_start(self) -> None:
        # Unless a key typed right behind the move has opened the note field already
        # ("→ n text": the text is the new phase's note, whatever the frame's timing).
        if not self.typing:
            self.stop_writing()

    def stop_writing(self) -> None:
        # Back to the phase's panel and its keys, or to none: the screen's keys steer.
        panels = self.query("#side")
        self.set_focus(panels.first() if panels else None)

    def action_cycle_author(self) -> None:
        ids = [p.id for p in self.live.session.present()]
        if ids:
            author = self.composer.author
            index = ids.index(author) if author in ids else -1
            self.composer.author = ids[(index + 1) % len(ids)]
            if index == len(ids) - 1:  # round to the first again: said, not silent
                name = self.live.session.name_of(self.composer.author)
                self.notify(t("phase.author_from_top", name=name))
            self._show_note_bar()

    def action_toggle_notes(self) -> None:
        self.context.notes_shown = not self.context.notes_shown
        self.query_one("#notes-panel").display = self.context.notes_shown
        self._show_note_bar()

    def action_scroll_notes(self, lines: int) -> None:
        self.query_one("#notes-panel", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_toggle_bell(self) -> None:
        self.context.update_config(bell=not self.context.config.bell)
        self.notify(t("phase.bell_on" if self.context.config.bell else "phase.bell_off"))

    # -- which keys work now --------------------------------------------------------------

    def applies(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """What the state allows; which keys work at all is for the focus to say (the
        panel's and the note field's keys are theirs, see the module's docstring)."""
        room, phase = self._shared_room(), self.phase_index
        if action == "previous_phase":
            return phase > 0
        if action == "takeaway_tried":
            return self._asks_takeaways()
        if action == "scroll_notes":
            return self.context.notes_shown
        if action == "close_room_evaluation":
            return (
                room is not None
                and self.phase.kind is PhaseKind.EVALUATION
                and room.evaluation_closed_at is None
            )
        if action == "toggle_card_names":
            return self._sealed_room() is not None
        if action == "reveal_cards":
            sealed = self._sealed_room()
            return sealed is not None and bool(sealed.sealed_cards(phase))
        return True

    def _sealed_room(self) -> Room | None:
        """The shared room while this phase's cards are written and not yet revealed."""
        room = self._shared_room()
        if room is None or not self.phase.written or room.revealed(self.phase_index):
            return None
        return room

    # -- clock and phases ----------------------------------------------------------------

    def _do(self, intention: Callable[[], object]) -> None:
        self.attempt(intention)
        self.refresh_bindings()
        self._refresh_all()

    def action_toggle_clock(self) -> None:
        self._do(self.live.toggle_clock)

    def action_adjust_clock(self, seconds: int) -> None:
        self._do(lambda: self.live.adjust_clock(seconds))

    def action_reset_clock(self) -> None:
        self._do(self.live.reset_clock)

    def _go_to(self, phase: int) -> None:
        if not self.live.session.gate_open:
            gate = self.live.session.method.case_gate_index
            if gate is not None and phase >= gate:
                # The case waits: open the agreement, where the last ones can acknowledge.
                self.attempt(lambda: self.live.session.check_can_enter(phase))
                self.action_confidentiality()
                return
        if self.attempt(lambda: self.live.go_to_phase(phase)):
            self.app.switch_screen(PhaseScreen(self.live))

    def _stored_phase(self) -> int:
        """The phase the session is in on disk now: a move is made from it, never from
        a phase this screen still shows while another view moved on."""
        self.refresh_live()
        return self.live.session.current_phase

    def action_next_phase(self) -> None:
        phase = self._stored_phase()
        if phase + 1 >= len(self.live.session.phases):
            self.action_end_session()
        elif self._leaves_with_no_case(phase):

            def go_on(sure: bool | None) -> None:
                if sure:
                    self._go_to(phase + 1)

            self.app.push_screen(Confirm(t("phase.no_case_chosen_question")), go_on)
        else:
            self._go_to(phase + 1)

    def _leaves_with_no_case(self, phase: int) -> bool:
        """Whether moving on leaves the phase where the case is chosen with none chosen
        (a key pressed once too often would take the meeting past its choice)."""
        session = self.live.session
        return chooses_in(session.method, phase) and session.case_round.chosen is None

    def action_previous_phase(self) -> None:
        phase = self._stored_phase()
        if phase > 0:
            self._go_to(phase - 1)

    def action_confidentiality(self) -> None:
        from .confidentiality import ConfidentialityScreen

        self.app.push_screen(ConfidentialityScreen(self.live, return_to_phase=True))

    def action_edit_case(self) -> None:
        from .case_form import CaseForm

        self.app.push_screen(CaseForm(self.live))

    def action_change_method(self) -> None:
        from .method_picker import change_during_meeting

        change_during_meeting(self, self.live, lambda: self._replace_by(PhaseScreen(self.live)))

    def action_end_session(self) -> None:
        from .end import EndScreen

        def end(sure: bool | None) -> None:
            if sure and self.attempt(self.live.end):
                # The meeting is over: so is the share (every device's access ends).
                if self._shared_room() is not None:
                    from .share import stop_sharing

                    self.attempt(lambda: stop_sharing(self.app, self.live))
                self.app.switch_screen(EndScreen(self.live))

        last = self.phase_index + 1 >= len(self.live.session.phases)
        question = t("phase.end_question" if last else "phase.end_early_question")
        self.app.push_screen(Confirm(question), end)

    # -- the room: write first, reveal together; the anonymous evaluation ----------------

    def action_room(self) -> None:
        from .share import ShareScreen

        self.app.push_screen(ShareScreen(self.live))

    def action_reveal_cards(self) -> None:
        names = self._names_shown()
        done = self.attempt_for(lambda: self.live.reveal_cards(self.room_file, names))
        if done is not None:
            self.notify(t("phase.revealed", count=done.value))
            # The cards appear at once, on the projector: the notes panel opens.
            self.context.notes_shown = True
            self.query_one("#notes-panel").display = True
        self._after_room_change()

    def action_toggle_card_names(self) -> None:
        shown = not self._names_shown()
        self.attempt(lambda: self.room_file.show_names(self.phase_index, shown))
        self._after_room_change()

    def action_close_room_evaluation(self) -> None:
        if self.attempt(lambda: self.live.close_room_evaluation(self.room_file)):
            self.notify(t("phase.evaluation_closed"))
        self._after_room_change()

    def _after_room_change(self) -> None:
        self.refresh_live()
        self._follow_room()
        self.refresh_bindings()
        self._refresh_all()

    def action_back(self) -> None:
        """Back to the list of sessions, which the room would then read: asked first."""

        def leave(sure: bool | None) -> None:
            if sure:
                self.keep_unsaved_aside()
                self.app.pop_screen()

        self.app.push_screen(Confirm(t("phase.leave_question")), leave)

    # -- turns ---------------------------------------------------------------------------

    def on_turn_panel_moved(self, event: TurnPanel.Moved) -> None:
        self.composer.choose(None)  # the new speaker speaks now
        intention = {
            TurnMove.NEXT: self.live.next_speaker,
            TurnMove.SKIP: self.live.skip_speaker,
            TurnMove.PUT_BACK: self.live.put_back_speaker,
            TurnMove.SHUFFLE: self.live.shuffle_turns,
        }[event.move]
        self._do(intention)

    # -- reflection and evaluation -------------------------------------------------------

    def on_reflection_panel_taken_along_toggled(
        self, event: ReflectionPanel.TakenAlongToggled
    ) -> None:
        note = self.live.session.notes.get(event.key)
        if note is not None:
            self._do(lambda: self.live.set_taken_along(note.id, not note.taken_along))

    def on_reflection_panel_takeaway_wanted(self, event: ReflectionPanel.TakeawayWanted) -> None:
        # The takeaway is saved first, then the case holder is asked whether absentees
        # may read it; their answer is recorded with its time (no answer: not shared).
        def record_consent(agreed: bool | None) -> None:
            if agreed is not None:
                self._do(lambda: self.live.record_takeaway_consent(agreed))

        def save(text: str | None) -> None:
            if text is None:
                return
            self._do(lambda: self.live.record_takeaway(text))
            if self.live.session.info.takeaway:
                question = Confirm(
                    t("reflection.share_takeaway_question"),
                    yes=t("reflection.share_takeaway_yes"),
                    no=t("reflection.share_takeaway_no"),
                )
                self.app.push_screen(question, record_consent)

        prompt = Prompt(t("reflection.takeaway_question"), value=self.live.session.info.takeaway)
        self.app.push_screen(prompt, save)

    def on_reflection_panel_action_point_wanted(
        self, event: ReflectionPanel.ActionPointWanted
    ) -> None:
        self.ask_action_point("")

    def on_evaluation_panel_scored(self, event: EvaluationPanel.Scored) -> None:
        person, score = event.key, event.score
        given = self.live.session.evaluations.get(person)
        remark = given.remark if given else ""
        self._do(lambda: self.live.record_evaluation(person, score, remark))
        from ..widgets.evaluation import EvaluationPanel

        self.query_one(EvaluationPanel).move(1)

    def on_evaluation_panel_remark_wanted(self, event: EvaluationPanel.RemarkWanted) -> None:
        person = event.key
        given = self.live.session.evaluations.get(person)
        if given is None:
            self.notify(t("evaluation.score_first"), severity="warning")
            return

        def save(remark: str | None) -> None:
            if remark is not None:
                self._do(lambda: self.live.record_evaluation(person, given.score, remark))

        name = self.live.session.name_of(person)
        prompt = Prompt(t("evaluation.remark_question", name=name), value=given.remark)
        self.app.push_screen(prompt, save)

    def on_evaluation_panel_to_work_wanted(self, event: EvaluationPanel.ToWorkWanted) -> None:
        person = event.key
        given = self.live.session.work_takeaways.get(person)

        def save(text: str | None) -> None:
            if text is not None:
                self._do(lambda: self.live.record_work_takeaway(person, text))

        name = self.live.session.name_of(person)
        prompt = Prompt(t("to_work.question", name=name), value=given.text if given else "")
        self.app.push_screen(prompt, save)

    # -- the first meeting and the look-back ---------------------------------------------

    def on_expectations_panel_expectation_wanted(
        self, event: ExpectationsPanel.ExpectationWanted
    ) -> None:
        person = event.key
        given = self.live.session.expectations.get(person)
        form = Form(
            t("expectations.title", name=self.live.session.name_of(person)),
            [
                Field(
                    "expectations",
                    t("expectations.col.expectations"),
                    given.expectations if given else "",
                ),
                Field("goals", t("expectations.col.goals"), given.learning_goals if given else ""),
            ],
        )

        def save(values: dict[str, str] | None) -> None:
            if values is not None:
                self._do(
                    lambda: self.live.record_expectation(
                        person, values["expectations"], values["goals"]
                    )
                )
                from ..widgets.expectations import ExpectationsPanel

                self.query_one(ExpectationsPanel).move(1)

        self.app.push_screen(form, save)

    def _look_back(self) -> tuple[Session | None, list[CarriedAction]]:
        """Last meeting, and the action points still open when this one began."""
        from ..domain.network import look_back_items, previous_meeting

        if self._meetings is None:
            self._meetings = []
            network_id = self.live.session.info.network_id
            catalog = self.context.sessions
            if network_id and catalog.network_exists(network_id):
                network = catalog.open_network(network_id)
                self._meetings = network.meetings()
        session = self.live.session
        return previous_meeting(self._meetings, session), look_back_items(self._meetings, session)

    def _takeaways(self) -> list[CarriedTakeaway]:
        from ..domain.network import carried_takeaways

        self._look_back()  # the network's meetings, read once
        return carried_takeaways(self._meetings or [], self.live.session)

    def _asks_takeaways(self) -> bool:
        """Last meeting's takeaways are asked about in the look-back; in a method without
        one, in the first phase."""
        has_look_back = any(p.kind is PhaseKind.LOOK_BACK for p in self.live.session.phases)
        here = self._panel == "look_back" or (not has_look_back and self.phase_index == 0)
        return here and bool(self._takeaways())

    def _say_takeaways_wait(self) -> None:
        """How many, not what: the room reads this screen."""
        unasked = [item for item in self._takeaways() if item.check is None]
        if unasked:
            self.notify(t("to_work.ask_now", count=len(unasked)), timeout=10)

    def action_takeaway_tried(self) -> None:
        """Whose takeaway (when more than one), then: tried, partly, or not."""
        takeaways = {f"{i.source.id}/{i.takeaway.participant}": i for i in self._takeaways()}

        def record(item: CarriedTakeaway, tried: Tried | None) -> None:
            if tried is not None:
                source, person = item.source, item.takeaway.participant
                self._do(lambda: self.live.record_takeaway_tried(source, person, tried))

        def ask(key: str | None) -> None:
            item = takeaways.get(key or "")
            if item is None:
                return
            options = [(t(f"to_work.tried.{tried.value}"), tried) for tried in Tried]
            current = item.check.tried if item.check else None
            question = t("to_work.tried_question", name=item.name, text=item.takeaway.text)
            choose = Choose(question, options, current)
            self.app.push_screen(choose, lambda answer: record(item, answer))

        if len(takeaways) == 1:
            ask(next(iter(takeaways)))
            return
        options = [(f"{i.name}: {i.takeaway.text}", key) for key, i in takeaways.items()]
        self.app.push_screen(Choose(t("to_work.whose"), options, None), ask)

    def _carried(self, action_id: str) -> CarriedAction | None:
        return next((i for i in self._look_back()[1] if i.note.id == action_id), None)

    def on_look_back_panel_followed_up(self, event: LookBackPanel.FollowedUp) -> None:
        item = self._carried(event.key)
        if item is not None:
            remark = item.follow_up.remark if item.follow_up else ""
            status = FollowUpStatus(event.status)
            self._do(lambda: self.live.record_follow_up(item.note, item.session_id, status, remark))

    def on_look_back_panel_remark_wanted(self, event: LookBackPanel.RemarkWanted) -> None:
        item = self._carried(event.key)
        if item is None:
            return
        status = item.follow_up.status if item.follow_up else FollowUpStatus.ONGOING
        current = item.follow_up.remark if item.follow_up else ""

        def save(remark: str | None) -> None:
            if remark is not None:
                self._do(
                    lambda: self.live.record_follow_up(item.note, item.session_id, status, remark)
                )

        self.app.push_screen(Prompt(t("look_back.remark_question"), value=current), save)

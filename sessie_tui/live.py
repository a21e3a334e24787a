"""A session being run: intentions in, stored records out.

`LiveSession` is what the screens talk to. Each intention (start the clock,
save a note, acknowledge the agreement) is checked against the session's
rules, written to the session file in one locked transaction, and only then
taken into the in-memory `Session`. When another process (a note-taker's
terminal) wrote in between, the session's position (phase, clocks, turns) is
brought up to date under the lock from the events that are new, and the rest
is reloaded by the next `refresh()`.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .domain.chooser import Needs, Reason
from .domain.clock import Clock, from_iso, local_timezone_name, to_iso
from .domain.confidentiality import Acknowledgement, Agreement, current_acknowledgements
from .domain.dates import parse_clock_time, parse_date
from .domain.fields import FieldReader
from .domain.method import Method, PhaseKind
from .domain.method_change import (
    MAX_REASON_LENGTH,
    MethodChange,
    MethodChoice,
    case_told,
    continued_method,
)
from .domain.notes import MAX_NOTE_LENGTH, Note, NoteKind
from .domain.participants import MAX_NAME_LENGTH, Attendance, Participant, Role
from .domain.questions import question_hints
from .domain.record import record
from .domain.session import (
    ACKNOWLEDGEMENTS_TABLE,
    ANONYMOUS_EVALUATIONS_TABLE,
    EVALUATIONS_TABLE,
    EVENTS_TABLE,
    EXPECTATIONS_TABLE,
    FOLLOW_UPS_TABLE,
    MAX_FIELD_LENGTH,
    MAX_MEETING_NUMBER,
    NOTES_TABLE,
    OVERRIDES_TABLE,
    PARTICIPANTS_TABLE,
    SESSION_TABLE,
    TAKEAWAY_CHECKS_TABLE,
    WORK_TAKEAWAYS_TABLE,
    AnonymousEvaluation,
    Expectation,
    FollowUp,
    FollowUpStatus,
    RuleViolation,
    Session,
    SessionInfo,
    SessionStatus,
    TakeawayCheck,
    Tried,
    WorkTakeaway,
)
from .domain.timer import PhaseTimer, TimerEvent
from .domain.turns import (
    TurnAction,
    TurnEvent,
    fair_order,
    initial_order,
    speakers_for,
    takes_turns,
)
from .errors import Phrase
from .i18n import translate
from .live_case_round import CaseRoundIntentions
from .storage.document import Edit
from .storage.errors import DamagedFile, NotFound, Rewritten, StoreError
from .storage.store import Store, header_of
from .storage.transaction import Transaction

if TYPE_CHECKING:
    from .room.launch import Servers
    from .room.state import Card, RoomFile

AGREEMENT_VERSION = "sessie-tui-1"
SPEAKER_WITH_TURN = "<turn>"
"""A note's speaker to be: whoever has the turn when the note is saved."""

Record = tuple[str, dict[str, Any]]

MOVE_ATTEMPTS = 5
"""How often a move is computed anew when another view moved the meeting just then."""

TIME_FIELDS = {
    "start_time": "setup.bad_start_time",
    "end_time": "setup.bad_end_time",
    "next_meeting_time": "case.bad_next_time",
}
"""The info fields that hold a time of day, and the message that names each one."""

TAKEAWAY_PHASES = frozenset({PhaseKind.REFLECTION, PhaseKind.EVALUATION})
"""Where a participant may note what they take back to their work."""

CARD_KINDS = {PhaseKind.QUESTIONING: NoteKind.QUESTION, PhaseKind.ADVICE: NoteKind.ADVICE}
"""What a revealed card becomes in the session, by the kind of its phase (else a note)."""


class _MovedMeanwhile(Exception):
    """The stored phase is no longer the one a move was computed from."""


def new_id() -> str:
    return secrets.token_hex(6)


def default_agreement(lang: str) -> Agreement:
    return Agreement(AGREEMENT_VERSION, translate("agreement.default_text", lang))


def create_session(
    store: Store,
    *,
    method: Method,
    clock: Clock,
    lang: str,
    info: SessionInfo | None = None,
    participants: Iterable[Participant] = (),
    agreement: Agreement | None = None,
    practice: bool = False,
    session_id: str | None = None,
    timezone: str | None = None,
) -> str:
    """Store a new session in setup and return its id.

    Times are kept in `timezone` (the facilitator's), by default the machine's.
    """
    import pendulum

    timezone = timezone or local_timezone_name()
    info = info or SessionInfo(
        date=pendulum.from_timestamp(clock.time(), tz=timezone).to_date_string()
    )
    session_id = session_id or store.new_session_id(info.date)
    session = Session(
        id=session_id,
        created_at=to_iso(clock.time(), timezone),
        timezone=timezone,
        method=method,
        agreement=agreement or default_agreement(lang),
        info=info,
        practice=practice,
    )
    tables = {
        SESSION_TABLE: {"1": session.header_data()},
        PARTICIPANTS_TABLE: {
            str(index): participant.to_data()
            for index, participant in enumerate(participants, start=1)
        },
    }
    store.create_session(session_id, tables)
    return session_id


def clean_text(text: str, limit: int, what: str) -> str:
    """User text as stored: surrounding white space dropped, too long refused (never cut).

    `what` names the field in the catalog (`field.<what>`), for the message.
    """
    cleaned = text.strip()
    if len(cleaned) > limit:
        raise RuleViolation(
            "input.too_long", what=Phrase(f"field.{what}"), length=len(cleaned), limit=limit
        )
    return cleaned


@record
class NoteDraft:
    """A note as the user entered it, before it gets its place and time."""

    text: str
    kind: NoteKind = NoteKind.NOTE
    author: str = ""
    speaker: str | None = None
    owner: str | None = None
    due: str | None = None
    id: str | None = None
    """Given before the first attempt to save it (see `stamped`): a second attempt
    after a failed one finds the note if the first reached the disk after all."""
    created_at: str | None = None
    elapsed: float | None = None
    """When it was entered, and how far into its phase: kept when it is saved later."""

    def stamped(self, live: LiveSession) -> NoteDraft:
        """The draft with its id and time fixed now, before the first attempt to save it."""
        if self.id is not None:
            return self
        return replace(self, id=new_id(), created_at=live.now())


class LiveSession(CaseRoundIntentions):
    def __init__(
        self,
        store: Store,
        session_id: str,
        clock: Clock,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.id = session_id
        self.clock = clock
        self.rng = rng or random.Random()
        self._rev: str | None = None
        self._tables: dict[str, Any] | None = None
        """The session's tables as last read or written: what the file is written anew
        from when it is removed or damaged under the running app."""
        self.notices: list[StoreError] = []
        """What the store met and mended (a file written anew), for the screens to say."""
        self._timers: dict[int, tuple[tuple[TimerEvent, ...], PhaseTimer]] = {}
        self._events_seen = 0
        self._last_event: Any = None
        """How many of the stored events `session` has taken in, and the last one."""
        self.session = self._load()
        # The clock that stamps records: always the wall clock. Practice speeds up
        # the phase clocks only (see `Session.clock_speed`), not the times kept.
        self.store.sync_catalog_entry(session_id, self._tables)

    def _load(self) -> Session:
        session, rev, tables = self.store.load_session_at(self.id, Session.from_tables)
        self._rev = rev or None  # a file without a token is never taken for current
        self._tables = tables
        events = tables.get(EVENTS_TABLE, {})
        self._events_seen = len(events)
        self._last_event = next(reversed(events.values()), None)
        return session

    def refresh(self) -> bool:
        """Take in what other processes wrote; True if anything changed.

        A session file removed or damaged meanwhile is written anew from what
        this process holds (see `_mend`).
        """
        if self.store.session_rev(self.id) == self._rev:
            return False
        try:
            self.session = self._load()
        except (NotFound, DamagedFile) as problem:
            if not self._mend(problem):
                raise
            self.session = self._load()
        return True

    def _mend(self, problem: StoreError) -> bool:
        """Write the session file anew from what this process holds, when it is gone:
        removed, or damaged and its bytes set aside by the store. True if it is back.

        Only a missing file is written (never over one): when another process
        wrote it anew first, that one stays.
        """
        if self._tables is None or self.store.session_exists(self.id):
            return False
        if isinstance(problem, DamagedFile) and problem.moved_to is None:
            return False  # its bytes could not be set aside: it is left as it is
        kept = problem.moved_to if isinstance(problem, DamagedFile) else None
        try:
            self.store.rewrite_session(self.id, self._tables)
        except FileExistsError:
            return True
        except StoreError:
            return False
        self.notices.append(Rewritten(self.store.session_path(self.id), kept))
        self._rev = None
        return True

    def take_notices(self) -> list[StoreError]:
        notices, self.notices = self.notices, []
        return notices

    def now(self) -> str:
        return to_iso(self.clock.time(), self.session.timezone)

    def timer(self, phase: int | None = None) -> PhaseTimer:
        """The clock of a phase (the current one by default).

        Kept between calls, so a run is measured on the monotonic clock from
        when this process first saw it; new events (also from other processes)
        are applied to it as they arrive.
        """
        phase = self.session.current_phase if phase is None else phase
        events = tuple(self.session.timer_events.get(phase, ()))
        known = self._timers.get(phase)
        if known is not None and events[: len(known[0])] == known[0]:
            seen, timer = known
            for event in events[len(seen) :]:
                timer.apply(event)
        else:
            timer = self.session.timer(phase, self.clock)
        self._timers[phase] = (events, timer)
        return timer

    def _write(self, change: Callable[[Transaction], list[Record]]) -> list[Record]:
        """Run `change` on the stored tables (see `_edit`)."""
        return self._edit(lambda edit, position: change(edit.transaction))

    def _edit(self, change: Callable[[Edit, Session], list[Record]]) -> list[Record]:
        """Run `change` in a transaction, then bring the in-memory session up to date.

        A session file removed or damaged under the running app is written anew
        from what it holds first (see `_mend`), then changed.
        """
        try:
            return self._edit_once(change)
        except (NotFound, DamagedFile) as problem:
            if not self._mend(problem):
                raise
        self.session = self._load()
        return self._edit_once(change)

    def _edit_once(self, change: Callable[[Edit, Session], list[Record]]) -> list[Record]:
        """One transaction: `change` gets the stored tables and the session's position
        as stored right now (its phases, clocks and turns), so a note lands where the
        session is when it is saved, even if this process has not yet seen the
        facilitator move on.

        When the file is still at the revision this process last read or wrote, the
        session in memory is that position. Else only the stored events it has not
        seen are applied, to a copy, from the tables the transaction read (no second
        read, no replay of the log); once written, the session takes that position.
        The records `change` returns are taken in after the write; what others wrote
        besides events comes with the next `refresh()`.
        """
        with self.store.session_edit(self.id) as edit:
            current = self._is_current(edit)
            position = self.session if current else self._stored_position(edit.tables)
            records = change(edit, position)
        self._tables = edit.tables
        if position is not self.session:
            self.session.take_position(position)
            # It has seen every event stored before this change; its own come next.
            events = list(edit.tables.get(EVENTS_TABLE, {}).values())
            seen = len(events) - sum(1 for table, _ in records if table == EVENTS_TABLE)
            self._events_seen, self._last_event = seen, events[seen - 1] if seen else None
        for table, doc in records:
            self.session.apply(table, doc)
            if table == EVENTS_TABLE:
                self._events_seen += 1
                self._last_event = doc
        self._rev = (edit.written_rev or edit.rev or None) if current else None
        return records

    def _is_current(self, edit: Edit) -> bool:
        """Whether the stored tables are those the session in memory was made from."""
        return bool(edit.rev) and edit.rev == self._rev

    def _stored_position(self, tables: dict[str, Any]) -> Session:
        """The session's position as stored: a copy of the one in memory with the
        stored events it has not seen applied (events are only ever added). Should
        the stored ones not begin with those seen (the file was written anew from
        another copy), all of them are applied to an empty position."""
        docs = list(tables.get(EVENTS_TABLE, {}).values())
        seen = self._events_seen
        if seen > len(docs) or (seen and docs[seen - 1] != self._last_event):
            position, seen = self.session.position_copy(empty=True), 0
        else:
            position = self.session.position_copy()
        for doc in docs[seen:]:
            position.apply(EVENTS_TABLE, doc)
        return position

    @staticmethod
    def _insert(db: Transaction, table: str, doc: dict[str, Any]) -> Record:
        db.insert(table, doc)
        return table, doc

    @staticmethod
    def _upsert(db: Transaction, table: str, key: str, doc: dict[str, Any]) -> Record:
        db.upsert(table, doc, **{key: doc[key]})
        return table, doc

    def _header(self, **changes: Any) -> Callable[[Transaction], list[Record]]:
        def change(db: Transaction) -> list[Record]:
            header = dict(db.single(SESSION_TABLE) or self.session.header_data())
            header.update(changes)
            db.put_single(SESSION_TABLE, header)
            return [(SESSION_TABLE, header)]

        return change

    # -- setup ---------------------------------------------------------------------------

    def update_info(self, **fields: Any) -> None:
        for name, value in fields.items():
            if isinstance(value, str):
                fields[name] = clean_text(value, MAX_FIELD_LENGTH, name)
        number = fields.get("number")
        if number is not None and not (
            isinstance(number, int) and 1 <= number <= MAX_MEETING_NUMBER
        ):
            raise RuleViolation("setup.bad_number", value=number)
        if fields.get("date"):
            date = parse_date(fields["date"])
            if date is None:
                raise RuleViolation("setup.bad_date", value=fields["date"])
            fields["date"] = date
        if fields.get("next_meeting_date"):
            date = parse_date(fields["next_meeting_date"])
            if date is None:
                raise RuleViolation("case.bad_next_date", value=fields["next_meeting_date"])
            fields["next_meeting_date"] = date
        for name, error in TIME_FIELDS.items():
            if fields.get(name):
                time = parse_clock_time(fields[name])
                if time is None:
                    raise RuleViolation(error, value=fields[name])
                fields[name] = time
        sharing = fields.get("share_case_question")
        if sharing is not None and bool(sharing) != self.session.info.share_case_question:
            # The case holder's answer, given or withdrawn, is kept with its time.
            fields["share_case_question"] = bool(sharing)
            fields["share_case_question_at"] = self.now()
        info = self.session.info.with_changes(**fields)
        self._write(self._header(info=info.to_data()))

    def change_method(
        self,
        method: Method,
        *,
        reason: str = "",
        needs: Needs | None = None,
        reasons: tuple[Reason, ...] = (),
        rank: int = 1,
    ) -> None:
        """Give the session another method; `needs` and `reasons`: what the method chooser
        was told and said, kept for the report.

        In preparation the method is simply replaced. In a running meeting the phases held
        so far stay, the new method's follow (see `domain/method_change.py`), and the change
        is recorded with its time; once the case is told it needs a `reason`.
        """
        if self.session.status is SessionStatus.ENDED:
            raise RuleViolation("rule.method_fixed")
        reason = clean_text(reason, MAX_REASON_LENGTH, "reason")
        at = self.now()
        choice = None
        if needs is not None and needs != Needs():
            choice = MethodChoice(at, method.id, needs, reasons, rank).to_data()

        def change(edit: Edit, position: Session) -> list[Record]:
            db = edit.transaction
            records: list[Record] = []
            if position.status is SessionStatus.SETUP:
                records += self._header(method=method.to_data())(db)
            else:
                told = case_told(position)
                if told and not reason:
                    raise RuleViolation("rule.method_change_reason")
                old = position.method
                records += self._header(method=continued_method(position, method).to_data())(db)
                event = MethodChange(at, old.id, old.title, method.id, method.title, reason, told)
                records.append(self._insert(db, EVENTS_TABLE, event.to_data()))
            if choice is not None:
                records.append(self._insert(db, EVENTS_TABLE, choice))
            return records

        self._edit(change)
        self._timers.clear()

    @property
    def method_change_needs_reason(self) -> bool:
        """Whether changing the method now asks why: the case has been told."""
        return case_told(self.session)

    def add_participant(
        self,
        name: str,
        role: Role = Role.PARTICIPANT,
        attendance: Attendance = Attendance.PRESENT,
        member_id: str | None = None,
    ) -> Participant:
        name = clean_text(name, MAX_NAME_LENGTH, "name")
        if not name:
            raise RuleViolation("setup.name_required")
        participant = Participant(new_id(), name, role, attendance, member_id)
        self._write(lambda db: [self._insert(db, PARTICIPANTS_TABLE, participant.to_data())])
        return participant

    def update_participant(self, participant_id: str, **changes: Any) -> Participant:
        if "name" in changes:
            changes["name"] = clean_text(changes["name"], MAX_NAME_LENGTH, "name")
            if not changes["name"]:
                raise RuleViolation("setup.name_required")
        participant = self.session.participants[participant_id].with_changes(**changes)
        self._write(lambda db: [self._upsert(db, PARTICIPANTS_TABLE, "id", participant.to_data())])
        return participant

    def set_role(self, participant_id: str, role: Role) -> None:
        """Give a participant a role. There is one case holder: a new one replaces the old."""
        changed = [self.session.participants[participant_id].with_changes(role=role)]
        if role is Role.CASE_HOLDER:
            changed += [
                p.with_changes(role=Role.PARTICIPANT)
                for p in self.session.people(Role.CASE_HOLDER)
                if p.id != participant_id
            ]
        self._write(
            lambda db: [self._upsert(db, PARTICIPANTS_TABLE, "id", p.to_data()) for p in changed]
        )

    def remove_participant(self, participant_id: str) -> None:
        def change(db: Transaction) -> list[Record]:
            db.remove(PARTICIPANTS_TABLE, id=participant_id)
            db.remove(ACKNOWLEDGEMENTS_TABLE, participant=participant_id)
            return []

        self._write(change)
        self.session = self._load()

    # -- confidentiality -----------------------------------------------------------------

    def acknowledge(self, participant_id: str) -> None:
        """Record that a participant acknowledged the agreement, now."""
        if participant_id not in {p.id for p in self.session.missing_acknowledgements()}:
            return
        ack = Acknowledgement(participant_id, self.now(), self.session.agreement.version)
        self._write(lambda db: [self._insert(db, ACKNOWLEDGEMENTS_TABLE, ack.to_data())])

    def withdraw_acknowledgement(self, participant_id: str) -> None:
        """Undo a mistaken tick; the tick and its withdrawal both stay on record."""
        version = self.session.agreement.version
        if participant_id not in current_acknowledgements(self.session.acknowledgements, version):
            return
        ack = Acknowledgement(participant_id, self.now(), version, withdrawn=True)
        self._write(lambda db: [self._insert(db, ACKNOWLEDGEMENTS_TABLE, ack.to_data())])

    def override_gate(self, reason: str = "") -> None:
        facilitator = next(iter(self.session.people(Role.FACILITATOR)), None)
        doc = {
            "at": self.now(),
            "by": facilitator.id if facilitator else None,
            "missing": [p.id for p in self.session.missing_acknowledgements()],
            "reason": clean_text(reason, MAX_FIELD_LENGTH, "reason"),
        }
        self._write(lambda db: [self._insert(db, OVERRIDES_TABLE, doc)])

    # -- running -------------------------------------------------------------------------

    def start(self) -> None:
        """Leave the setup: the session is now running, and its first round is ordered."""
        if self.session.status is not SessionStatus.SETUP:
            return
        phase = self.session.current_phase
        # A method may tell the case from its first phase on (a look-back): the gate holds.
        self.session.check_can_enter(phase)
        order = None if self.session.turn_events.get(phase) else self._order_event(phase, False)

        def change(db: Transaction) -> list[Record]:
            records = self._header(status=SessionStatus.RUNNING.value)(db)
            if order is not None:
                records.append(self._turn_record(db, phase, order))
            return records

        self._write(change)

    def _timer_record(self, db: Transaction, phase: int, event: TimerEvent) -> Record:
        return self._insert(db, EVENTS_TABLE, {"type": "timer", "phase": phase, **event.to_data()})

    def go_to_phase(self, phase: int) -> None:
        """Move to another phase; a running clock moves along with the facilitator.

        Computed from the phase stored now, not from what this process last saw: a
        view that has not caught up (another facilitator's terminal moved on) moves
        from where the meeting really is.
        """
        self._move(lambda session: phase)

    def next_phase(self) -> bool:
        """Go on to the phase after the stored one; False when that is the last one."""
        return self._move(
            lambda session: None if session.is_last_phase else session.current_phase + 1
        )

    def previous_phase(self) -> bool:
        """Go back to the phase before the stored one; False when that is the first."""
        return self._move(
            lambda session: None if session.current_phase == 0 else session.current_phase - 1
        )

    def _move(self, target: Callable[[Session], int | None]) -> bool:
        """Move to `target(session)` of the session as stored; False if there is none.

        The target is computed after taking in what others wrote, and the move is
        written only if the stored phase is still the one it was computed from
        (checked under the lock); else it is computed anew.
        """
        for _ in range(MOVE_ATTEMPTS):
            self.refresh()
            phase = target(self.session)
            if phase is None:
                return False
            try:
                self._go_to(phase, self.session.current_phase)
                return True
            except _MovedMeanwhile:
                continue
        raise RuleViolation("rule.moved_meanwhile")

    def _go_to(self, phase: int, from_phase: int) -> None:
        session = self.session
        session.check_can_enter(phase)
        if phase == from_phase:
            return
        timer = self.timer(from_phase)
        was_running = timer.running

        def change(edit: Edit, position: Session) -> list[Record]:
            if position.current_phase != from_phase:
                raise _MovedMeanwhile
            db = edit.transaction
            records = []
            if was_running:
                records.append(self._timer_record(db, from_phase, timer.pause()))
            records.append(
                self._insert(db, EVENTS_TABLE, {"type": "phase", "to": phase, "at": self.now()})
            )
            next_timer = self.timer(phase)
            if was_running and not next_timer.running:
                records.append(self._timer_record(db, phase, next_timer.start()))
            if not session.turn_events.get(phase):
                order = self._order_event(phase, shuffle=False)
                if order is not None:
                    records.append(self._turn_record(db, phase, order))
            return records

        if session.status is SessionStatus.SETUP:
            self.start()
        self._edit(change)

    def _timer_change(self, make: Callable[[Any], TimerEvent]) -> None:
        self.refresh()  # the clock of the phase the meeting is in, not a stale view's
        phase = self.session.current_phase
        event = make(self.timer(phase))
        self._write(lambda db: [self._timer_record(db, phase, event)])

    def toggle_clock(self) -> None:
        if self.session.status is SessionStatus.SETUP:
            self.start()
        self._timer_change(lambda timer: timer.toggle())

    def adjust_clock(self, seconds: float) -> None:
        self._timer_change(lambda timer: timer.adjust(seconds))

    def reset_clock(self) -> None:
        self._timer_change(lambda timer: timer.reset())

    def end(self) -> None:
        """End the session: the clock stops, the end time is kept.

        Scores given on the room's devices are kept in the session too (the room's
        evaluation closes): the meeting's report must not miss them.
        """
        self.refresh()  # the clock that runs is the stored phase's, whatever this view shows
        session = self.session
        timer = self.timer(session.current_phase)

        def change(db: Transaction) -> list[Record]:
            records = []
            if timer.running:
                records.append(self._timer_record(db, session.current_phase, timer.pause()))
            records += self._header(status=SessionStatus.ENDED.value, ended_at=self.now())(db)
            return records

        self._write(change)
        self._keep_room_ballots()

    def _keep_room_ballots(self) -> None:
        from .room.state import RoomFile

        room = RoomFile(self.store, self.id, self.now)
        try:
            if room.read().ballots:
                self.close_room_evaluation(room)
        except StoreError as problem:  # the end is kept; the screens say what went wrong
            self.notices.append(problem)

    def reopen(self) -> None:
        if self.session.status is SessionStatus.ENDED:
            self._write(self._header(status=SessionStatus.RUNNING.value, ended_at=None))

    # -- turns ---------------------------------------------------------------------------

    def _turn_record(self, db: Transaction, phase: int, event: TurnEvent) -> Record:
        return self._insert(db, EVENTS_TABLE, {"type": "turn", "phase": phase, **event.to_data()})

    def _order_event(self, phase: int, shuffle: bool) -> TurnEvent | None:
        """The speaking order for a phase with turns: the method's, or a fair shuffle."""
        spec = self.session.phases[phase]
        if not takes_turns(spec):
            return None
        people = [p.id for p in speakers_for(spec, self.session.participants.values())]
        if not people:
            return None
        order = None if shuffle else initial_order(spec, people)
        if order is None:
            order = fair_order(people, self.session.openers, self.rng)
        return TurnEvent(TurnAction.ORDER, self.now(), self.timer(phase).elapsed(), order)

    def _turn(self, action: TurnAction) -> None:
        phase = self.session.current_phase
        if self.session.turns(phase).current is None:
            return
        event = TurnEvent(action, self.now(), self.timer(phase).elapsed())
        self._write(lambda db: [self._turn_record(db, phase, event)])

    def next_speaker(self) -> None:
        """The current speaker has had their turn; the next one speaks."""
        self._turn(TurnAction.NEXT)

    def skip_speaker(self) -> None:
        """The current speaker passes this round."""
        self._turn(TurnAction.SKIP)

    def put_back_speaker(self) -> None:
        """The current speaker goes to the back of the queue and speaks later."""
        self._turn(TurnAction.BACK)

    def shuffle_turns(self) -> None:
        """A fresh random order, before anyone has spoken; nobody opens twice in a row."""
        phase = self.session.current_phase
        queue = self.session.turns(phase)
        if queue.spoken or queue.skipped:
            raise RuleViolation("turns.already_started")
        event = self._order_event(phase, shuffle=True)
        if event is not None:
            self._write(lambda db: [self._turn_record(db, phase, event)])

    # -- notes ---------------------------------------------------------------------------

    def _elapsed(self, position: Session, phase: int) -> float:
        """Real seconds into the phase: on this process's monotonic clock when it is up to date."""
        stored = position.timer_events.get(phase, [])
        if position is self.session or stored == self.session.timer_events.get(phase, []):
            return self.timer(phase).real_elapsed()
        return position.timer(phase, self.clock).real_elapsed()

    @staticmethod
    def _check_still_open(tables: dict[str, Any], written_at: str | None = None) -> None:
        """Refuse a change to the notes once the meeting has ended, as stored now
        (read under the lock: a terminal that has not yet seen the end is refused too).

        A note typed before the end (`written_at`, fixed when it was entered) that
        waited in an outbox is still saved: it belongs to the meeting.
        """
        header = header_of(tables)
        if header.get("status") != SessionStatus.ENDED.value:
            return
        ended_at = header.get("ended_at")
        if written_at and isinstance(ended_at, str) and from_iso(written_at) <= from_iso(ended_at):
            return
        raise RuleViolation("notes.meeting_ended")

    def add_note(self, draft: NoteDraft, phase: int | None = None) -> Note:
        """Save a note, in `phase`, or else in the phase the session is in right now.

        A draft whose speaker is `SPEAKER_WITH_TURN` goes to whoever has the
        turn at that moment.
        """
        text = clean_text(draft.text, MAX_NOTE_LENGTH, "note")
        if not text:
            raise RuleViolation("notes.empty")
        due = draft.due
        if due:
            due = parse_date(due)
            if due is None:
                raise RuleViolation("notes.bad_due", value=draft.due)
        created_at = draft.created_at or self.now()
        note_id = draft.id or new_id()
        saved: list[Note] = []

        def write(edit: Edit, position: Session) -> list[Record]:
            stored = self._stored_note(edit, note_id)
            if stored is not None:
                # An earlier attempt reached the disk before its error: it is saved once.
                saved.append(stored)
                return []
            self._check_still_open(edit.tables, draft.created_at)
            where = position.current_phase if phase is None else phase
            speaker = draft.speaker
            if speaker == SPEAKER_WITH_TURN:
                speaker = position.turns(where).current
            position.check_speaker(where, speaker)
            hints: tuple[str, ...] = ()
            if draft.kind is NoteKind.QUESTION:
                why_allowed = position.phases[where].why_questions
                hints = tuple(h.value for h in question_hints(text, why_allowed=why_allowed))
            note = Note(
                id=note_id,
                phase=where,
                kind=draft.kind,
                text=text,
                author=draft.author or "",
                created_at=created_at,
                elapsed=self._elapsed(position, where) if draft.elapsed is None else draft.elapsed,
                speaker=speaker,
                owner=draft.owner,
                due=due,
                hints=hints,
            )
            # Built once: its data stored, the note itself taken into the session.
            edit.insert(NOTES_TABLE, note.to_data())
            saved.append(note)
            return []

        self._edit(write)
        self.session.take_note(saved[0])
        return saved[0]

    def _stored_note(self, edit: Edit, note_id: str) -> Note | None:
        """The note with this id as stored, if it is: in memory when the session is
        current, else looked for in the stored notes."""
        if self._is_current(edit):
            return self.session.notes.get(note_id)
        for doc in edit.tables.get(NOTES_TABLE, {}).values():
            if doc.get("id") == note_id:
                return Note.from_reader(FieldReader(doc, NOTES_TABLE))
        return None

    def _change_note(
        self,
        note_id: str,
        change: Callable[[Note], Note],
        editor: str | None = None,
        while_open: bool = False,
    ) -> Note:
        """Change a note as it is on disk now, under the lock.

        The stored note, not the copy in memory, is the one changed: an edit
        from another terminal a moment ago is kept (in the history), not lost.
        With `editor`, only its own author may change it; with `while_open`, only
        while the meeting (as stored) has not ended.
        """
        changed: list[Note] = []

        def write(edit: Edit, position: Session) -> list[Record]:
            if while_open:
                self._check_still_open(edit.tables)
            db = edit.transaction
            doc = db.get(NOTES_TABLE, id=note_id)
            if doc is None:
                raise RuleViolation("notes.gone")
            note = Note.from_reader(FieldReader(doc, NOTES_TABLE))
            if editor is not None and note.author != editor:
                raise RuleViolation("notes.not_yours")
            changed.append(change(note))
            return [self._upsert(db, NOTES_TABLE, "id", changed[0].to_data())]

        self._edit(write)
        return changed[0]

    def edit_note(self, note_id: str, text: str, editor: str | None = None) -> Note:
        """Replace a note's text; the earlier text stays in its history."""
        text = clean_text(text, MAX_NOTE_LENGTH, "note")
        if not text:
            raise RuleViolation("notes.empty")
        at = self.now()
        return self._change_note(
            note_id, lambda note: note.edited(text, at), editor, while_open=True
        )

    def delete_note(self, note_id: str, editor: str | None = None) -> None:
        """Mark a note deleted: it leaves the reports, its text stays on disk."""
        at = self.now()
        self._change_note(
            note_id, lambda note: note.with_changes(deleted_at=at), editor, while_open=True
        )

    def pseudonymise(self, replacements: dict[str, str]) -> int:
        """Replace each flagged detail by its label throughout the session; how many.

        One rewrite of the session file under its lock (notes with their earlier texts,
        the case's fields, every typed text), with an event that says how many details
        and when, never which; then the room's cards, if the session was shared.
        """
        from .pseudonymise import PSEUDONYMISED_EVENT, ROOM_TEXT_TABLES, scrub_tables

        replacements = {key: value for key, value in replacements.items() if key}
        if not replacements:
            return 0
        event = {"type": PSEUDONYMISED_EVENT, "at": self.now(), "count": len(replacements)}

        def change(db: Transaction) -> list[Record]:
            scrub_tables(db, replacements)
            return [self._insert(db, EVENTS_TABLE, event)]

        self._write(change)
        if self.store.read_room(self.id):
            with self.store.room_transaction(self.id) as db:
                scrub_tables(db, replacements, only=ROOM_TEXT_TABLES)
        self.session = self._load()
        return len(replacements)

    def set_taken_along(self, note_id: str, taken: bool) -> None:
        """The case holder takes this piece of advice along (or no longer does)."""
        if self.session.notes[note_id].kind is not NoteKind.ADVICE:
            raise RuleViolation("reflection.not_advice")
        self._change_note(note_id, lambda note: note.with_changes(taken_along=taken))

    def record_takeaway(self, text: str) -> None:
        """The case holder's takeaway; a changed text needs their consent to share anew."""
        if clean_text(text, MAX_FIELD_LENGTH, "takeaway") == self.session.info.takeaway:
            return
        self.update_info(takeaway=text, share_takeaway=False, share_takeaway_at="")

    def record_takeaway_consent(self, agreed: bool) -> None:
        """The case holder's answer: may those who were absent read the takeaway?"""
        self.update_info(share_takeaway=agreed, share_takeaway_at=self.now())

    def record_follow_up(
        self,
        action: Note,
        source: str,
        status: FollowUpStatus,
        remark: str = "",
    ) -> None:
        """In the look-back: what became of an action point of an earlier meeting."""
        if action.kind is not NoteKind.ACTION or source == self.id:
            raise RuleViolation("look_back.not_an_action")
        follow_up = FollowUp(
            action=action.id,
            source=source,
            status=status,
            remark=clean_text(remark, MAX_FIELD_LENGTH, "remark"),
            at=self.now(),
            text=action.text,
        )
        self._write(lambda db: [self._insert(db, FOLLOW_UPS_TABLE, follow_up.to_data())])

    def record_expectation(self, participant_id: str, expectations: str, goals: str) -> None:
        """At the first meeting: what a member expects, and what they want to learn."""
        if not any(p.kind is PhaseKind.EXPECTATIONS for p in self.session.phases):
            raise RuleViolation("expectations.not_in_method")
        person = self.session.participants.get(participant_id)
        if person is None or not person.present:
            raise RuleViolation("evaluation.not_present")
        expectation = Expectation(
            participant=participant_id,
            expectations=clean_text(expectations, 20_000, "expectations"),
            learning_goals=clean_text(goals, 20_000, "learning_goals"),
            at=self.now(),
        )
        self._write(
            lambda db: [self._upsert(db, EXPECTATIONS_TABLE, "participant", expectation.to_data())]
        )

    def record_work_takeaway(self, participant_id: str, text: str) -> None:
        """What a present participant takes back to their work; an empty text removes it."""
        if not any(p.kind in TAKEAWAY_PHASES for p in self.session.phases):
            raise RuleViolation("to_work.not_in_method")
        person = self.session.participants.get(participant_id)
        if person is None or not person.present:
            raise RuleViolation("evaluation.not_present")
        takeaway = WorkTakeaway(
            participant=participant_id,
            text=clean_text(text, MAX_FIELD_LENGTH, "to_work"),
            at=self.now(),
        )
        if not takeaway.text:

            def remove(db: Transaction) -> list[Record]:
                db.remove(WORK_TAKEAWAYS_TABLE, participant=participant_id)
                return []

            self._write(remove)
            self.session.work_takeaways.pop(participant_id, None)
            return
        self._write(
            lambda db: [self._upsert(db, WORK_TAKEAWAYS_TABLE, "participant", takeaway.to_data())]
        )

    def record_takeaway_tried(self, source: Session, participant_id: str, tried: Tried) -> None:
        """At a later meeting: whether an earlier meeting's takeaway was tried."""
        takeaway = source.work_takeaways.get(participant_id)
        if takeaway is None or source.id == self.id:
            raise RuleViolation("to_work.no_such_takeaway")
        check = TakeawayCheck(source.id, participant_id, tried, self.now(), takeaway.text)

        def write(db: Transaction) -> list[Record]:
            doc = check.to_data()
            db.upsert(TAKEAWAY_CHECKS_TABLE, doc, source=source.id, participant=participant_id)
            return [(TAKEAWAY_CHECKS_TABLE, doc)]

        self._write(write)

    def record_evaluation(self, participant_id: str, score: int, remark: str = "") -> None:
        person = self.session.participants.get(participant_id)
        if person is None or not person.present:
            raise RuleViolation("evaluation.not_present")
        if not 1 <= score <= 5:
            raise RuleViolation("evaluation.score_range")
        doc = {
            "participant": participant_id,
            "score": score,
            "remark": clean_text(remark, MAX_FIELD_LENGTH, "remark"),
            "at": self.now(),
        }
        self._write(lambda db: [self._upsert(db, EVALUATIONS_TABLE, "participant", doc)])

    # -- the room: cards, ready signals and ballots from the devices ---------------------
    #
    # The server (`room/server.py`) calls these for a device; each checks the session
    # as stored now (the facilitator may have moved on or ended the meeting a moment
    # ago), then changes the room file (`room/state.py`).

    def open_for_room(self, participant_id: str | None) -> Session:
        """The session as stored now, if the room may write in it; else a refusal."""
        self.refresh()
        session = self.session
        if session.status is SessionStatus.ENDED:
            raise RuleViolation("notes.meeting_ended")
        if session.status is SessionStatus.SETUP:
            raise RuleViolation("room.not_started")
        if participant_id is not None:
            person = session.participants.get(participant_id)
            if person is None or not person.present:
                raise RuleViolation("room.not_present")
        return session

    def _written_phase(self, participant_id: str) -> int:
        session = self.open_for_room(participant_id)
        phase = session.current_phase
        if not session.phases[phase].written:
            raise RuleViolation("room.not_written_phase")
        return phase

    def write_card(self, room: RoomFile, participant_id: str, text: str) -> Card:
        """A participant writes (or changes) their sealed card of the current phase.

        Only in a written phase of a running meeting, by someone present; a case
        holder who is silent in this phase writes nothing either.
        """
        phase = self._written_phase(participant_id)
        self.session.check_speaker(phase, participant_id)
        return room.write_card(phase, participant_id, text)

    def withdraw_card(self, room: RoomFile, participant_id: str) -> None:
        """A participant takes back their card of the current phase, before the reveal."""
        room.withdraw_card(self._written_phase(participant_id), participant_id)

    def set_ready(self, room: RoomFile, participant_id: str, ready: bool) -> None:
        """A participant says "klaar" in the current phase (or takes it back)."""
        session = self.open_for_room(participant_id)
        room.set_ready(session.current_phase, participant_id, ready)

    def cast_ballot(self, room: RoomFile, token: str, score: int, remark: str = "") -> None:
        """A device's anonymous score (and remark) in the evaluation phase.

        The device must speak for someone present; the answer is that person's one
        ballot, whichever device they use, and keeps no name (see `room.state.ballot_key`).
        """
        session = self.open_for_room(None)
        if session.phase.kind is not PhaseKind.EVALUATION:
            raise RuleViolation("room.not_evaluation")
        if isinstance(score, bool) or not isinstance(score, int):
            raise RuleViolation("evaluation.score_range")
        device = room.read().device_by_token(token)
        if device is None:
            raise RuleViolation("room.device_gone")
        if not device.admitted:
            raise RuleViolation("room.not_admitted")
        if device.participant is None:
            raise RuleViolation("room.no_name")
        person = session.participants.get(device.participant)
        if person is None or not person.present:
            raise RuleViolation("room.not_present")
        room.cast_ballot(device.participant, score, remark)

    def reveal_cards(self, room: RoomFile, names_shown: bool | None = None) -> int:
        """The current phase's sealed cards become notes, all at once; how many.

        In one session transaction: each card becomes a note with the card's id (so
        a second reveal after a crash in between saves none twice), of the phase's
        kind (a question in a questioning phase, advice in an advice phase, else a
        note), by the writer (author: their name; speaker: their id), at the time it
        was written. Then the room marks them revealed, with the writers' names shown
        or not: `names_shown`, else what the facilitator chose before revealing
        (`RoomFile.show_names`), else the method's `written_names`.

        A card by the case holder in a phase where they are silent is kept, as a plain
        note by them, never as a contribution of theirs to the round.
        """
        self.refresh()
        state = room.read()
        revealed: list[Card] = []

        def write(edit: Edit, position: Session) -> list[Record]:
            db = edit.transaction
            header = db.single(SESSION_TABLE) or {}
            if header.get("status") == SessionStatus.ENDED.value:
                raise RuleViolation("notes.meeting_ended")
            phase = position.current_phase
            spec = position.phases[phase]
            if not spec.written:
                raise RuleViolation("room.not_written_phase")
            sealed = sorted(state.sealed_cards(phase), key=lambda card: card.written_at)
            if not sealed:
                done = state.revealed(phase)
                raise RuleViolation("room.already_revealed" if done else "room.nothing_to_reveal")
            revealed.extend(sealed)
            stored = {doc.get("id") for doc in db.all(NOTES_TABLE)}
            elapsed = self._elapsed(position, phase)
            return [
                self._insert(db, NOTES_TABLE, self._card_note(position, phase, card, elapsed))
                for card in sealed
                if card.id not in stored
            ]

        self._edit(write)
        phase = revealed[0].phase
        if names_shown is None:
            chosen = state.phases.get(phase)
            names_shown = (
                chosen.names_shown
                if chosen is not None and chosen.names_shown is not None
                else self.session.phases[phase].written_names
            )
        room.mark_revealed(phase, [card.id for card in revealed], names_shown)
        return len(revealed)

    @staticmethod
    def _card_note(position: Session, phase: int, card: Card, elapsed: float) -> dict[str, Any]:
        spec = position.phases[phase]
        writer = position.participants.get(card.participant)
        kind = CARD_KINDS.get(spec.kind, NoteKind.NOTE)
        speaker = writer.id if writer is not None else None
        holder = position.case_holder
        if spec.case_holder_silent and holder is not None and speaker == holder.id:
            kind, speaker = NoteKind.NOTE, None
        hints: tuple[str, ...] = ()
        if kind is NoteKind.QUESTION:
            hints = tuple(
                h.value for h in question_hints(card.text, why_allowed=spec.why_questions)
            )
        note = Note(
            id=card.id,
            phase=phase,
            kind=kind,
            text=card.text,
            author=writer.name if writer is not None else "",
            created_at=card.written_at,
            elapsed=elapsed,
            speaker=speaker,
            hints=hints,
        )
        return note.to_data()

    # -- the room: what the share screens read and start -------------------------------

    def room_file(self) -> RoomFile:
        """The session's room (a share's devices, cards and ballots)."""
        from .room.state import RoomFile  # a share's: not every session's start

        return RoomFile(self.store, self.id, self.now)

    def room_rev(self) -> str | None:
        """The room file's revision: a few bytes, to see whether it changed."""
        return self.store.room_rev(self.id)

    def serve_room(self, servers: Servers, lang: str, host: str) -> None:
        """Start the share's server for this session (kept in `servers`)."""
        servers.start(self.store, lang, self.id, host, self.now)

    def stop_serving_room(self, servers: Servers) -> None:
        """Stop the share (every device's token ends) and its server, if started here."""
        servers.stop(self.store, self.id, self.now)

    def close_room_evaluation(self, room: RoomFile) -> int:
        """Close the room's evaluation and keep its ballots in the session; how many.

        The answers are stored as anonymous evaluations: a score and a remark, no
        name, no time, sorted by score and remark (not in the order given, which
        someone watching the room could match to faces). Again after a crash, or
        once more, it writes the same answers, never twice; a room without ballots
        leaves answers already kept as they are.
        """
        if room.read().evaluation_closed_at is None:
            room.close_evaluation()
        ballots = room.read().ballots
        answers = sorted(
            (AnonymousEvaluation(b.score, b.remark) for b in ballots),
            key=lambda answer: (answer.score, answer.remark),
        )
        if not answers:
            return len(self.session.anonymous_evaluations)

        def write(db: Transaction) -> list[Record]:
            db.truncate(ANONYMOUS_EVALUATIONS_TABLE)
            db.insert_many(ANONYMOUS_EVALUATIONS_TABLE, (answer.to_data() for answer in answers))
            return []

        self._write(write)
        self.session = self._load()
        return len(answers)

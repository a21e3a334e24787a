"""A learning network kept up to date: intentions in, stored records out.

Like `live.py` for one session, `LiveNetwork` checks each intention, writes it
to the network's file in one locked transaction, and reloads. Networks are
small (a roster, a track, an agreement), so a reload after each write costs
nothing worth saving.

Deleting means deleting: a member removed from the roster is also removed
from every file of the store (their name replaced in every spelling, also
where others wrote it into a note: see `erasure`), because people may ask for
their data to be removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

import pendulum

from .domain.case_bank import BANK_TABLE, BankStatus, cases_after_round
from .domain.clock import Clock, local_timezone_name, to_iso
from .domain.dates import parse_date
from .domain.method import Method
from .domain.network import (
    AGREEMENTS_TABLE,
    FINAL_TABLE,
    MEMBERS_TABLE,
    NETWORK_TABLE,
    ROTATING_ROLES,
    TRACK_TABLE,
    FinalAnswer,
    Member,
    Network,
    NetworkStatus,
    meetings_of,
    next_meeting_number,
    propose_roles,
)
from .domain.participants import MAX_NAME_LENGTH, Attendance, Participant, Role
from .domain.record import record
from .domain.retention import parse_retention_days
from .domain.roster import MAX_FIELD_LENGTH, RosterImport
from .domain.session import (
    RuleViolation,
    Session,
    SessionInfo,
)
from .erasure import Erasure, erase_member
from .errors import UserFacingError
from .i18n import translate
from .live import clean_text, create_session, default_agreement, new_id
from .storage.errors import StoreError
from .storage.store import Store
from .storage.transaction import SINGLE_ID, Transaction
from .textsafety import first_invisible

MAX_ID_LENGTH = 40


class RosterRefused(UserFacingError):
    """A roster with bad rows: nothing was imported."""

    def __init__(self, result: RosterImport) -> None:
        self.result = result
        lines = sorted({problem.line for problem in result.problems if problem.line})
        if not lines:
            super().__init__("roster.refused_file")
            return
        shown = ", ".join(str(line) for line in lines[:10]) + (" …" if len(lines) > 10 else "")
        super().__init__("roster.refused", count=len(result.problems), lines=shown)


def network_id_for(store: Store, name: str) -> str:
    """A readable, file-safe id from a network's name: `zoco-oost-vlaanderen`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:MAX_ID_LENGTH] or "netwerk"
    candidate, suffix = slug, 1
    while store.network_exists(candidate):
        suffix += 1
        candidate = f"{slug}-{suffix}"
    return candidate


def network_name(name: str) -> str:
    """A network's name as stored; refused when empty, too long or holding a control
    character (a name is shown everywhere, in the CLI's lines too: nothing hidden in it)."""
    name = clean_text(name, 200, "name")
    if not name:
        raise RuleViolation("network.name_required")
    if char := first_invisible(name):
        raise RuleViolation("network.name_invisible", char=char)
    return name


def create_network(
    store: Store,
    *,
    name: str,
    clock: Clock,
    lang: str,
    theme: str = "",
    goal: str = "",
    agreement_text: str = "",
) -> str:
    name = network_name(name)
    network_id = network_id_for(store, name)
    now = to_iso(clock.time(), local_timezone_name())
    network = Network(
        network_id, name, now, clean_text(theme, 2_000, "theme"), clean_text(goal, 2_000, "goal")
    )
    text = clean_text(agreement_text, 20_000, "agreement") or default_agreement(lang).text
    store.create_network(
        network_id,
        {
            NETWORK_TABLE: {"1": network.header_data()},
            AGREEMENTS_TABLE: {"1": {"version": 1, "text": text, "at": now}},
        },
    )
    return network_id


@record
class Removal:
    """What a deletion took away, for the confirmation and the user's record."""

    sessions: int
    members: int


class LiveNetwork:
    def __init__(self, store: Store, network_id: str, clock: Clock) -> None:
        self.store = store
        self.id = network_id
        self.clock = clock
        self.network = self._load()

    def _load(self) -> Network:
        return self.store.load_network(self.id, Network.from_tables)

    def refresh(self) -> None:
        self.network = self._load()

    def now(self) -> str:
        return to_iso(self.clock.time(), local_timezone_name())

    def _write(self, change: Callable[[Transaction], None]) -> None:
        with self.store.network_transaction(self.id) as db:
            change(db)
        self.network = self._load()

    def _header(self, **changes: Any) -> None:
        header = {**self.network.header_data(), **changes}
        self._write(lambda db: db.update(NETWORK_TABLE, header))

    # -- the network itself --------------------------------------------------------------

    def update(self, *, name: str, theme: str, goal: str) -> None:
        name = network_name(name)
        self._header(
            name=name, theme=clean_text(theme, 2_000, "theme"), goal=clean_text(goal, 2_000, "goal")
        )

    def set_retention_text(self, text: str) -> None:
        """The retention period as typed: days, or empty / `off` for the config's."""
        try:
            days = parse_retention_days(text)
        except ValueError:
            raise RuleViolation("retention.bad_days", value=text) from None
        if days != self.network.retention_days:
            self.set_retention(days)

    def set_retention(self, days: int | None) -> None:
        """How many days after a meeting its case content is kept; None: the config's."""
        header = {**self.network.header_data(), "retention_days": days}
        if days is None:
            del header["retention_days"]
        # The whole header anew: an update would keep a field being taken away.
        self._write(lambda db: db.replace(NETWORK_TABLE, SINGLE_ID, header))

    def set_archived(self, archived: bool) -> None:
        status = NetworkStatus.ARCHIVED if archived else NetworkStatus.ACTIVE
        self._header(status=status.value)

    def set_track(self, dates: Iterable[str]) -> None:
        """The planned meetings, in order: the n-th date is meeting n."""
        parsed = []
        for text in dates:
            date = parse_date(text)
            if date is None:
                raise RuleViolation("setup.bad_date", value=text)
            parsed.append(date)

        def change(db: Transaction) -> None:
            db.truncate(TRACK_TABLE)
            db.insert_many(
                TRACK_TABLE,
                ({"number": number, "date": date} for number, date in enumerate(parsed, start=1)),
            )

        self._write(change)

    def set_agreement(self, text: str) -> int | None:
        """A changed text becomes a new version; the version number, or None if unchanged."""
        text = clean_text(text, 20_000, "agreement")
        if not text:
            raise RuleViolation("network.agreement_required")
        version = self.network.next_agreement_version(text)
        if version is not None:
            doc = {"version": version, "text": text, "at": self.now()}
            self._write(lambda db: db.insert(AGREEMENTS_TABLE, doc))
        return version

    # -- members -------------------------------------------------------------------------

    def _check_new_name(self, name: str, except_id: str | None = None) -> str:
        name = clean_text(name, MAX_NAME_LENGTH, "name")
        if not name:
            raise RuleViolation("setup.name_required")
        taken = {
            " ".join(m.name.split()).casefold()
            for m in self.network.members.values()
            if m.id != except_id
        }
        if " ".join(name.split()).casefold() in taken:
            raise RuleViolation("network.duplicate_member", name=name)
        return name

    def add_member(
        self, name: str, organisation: str = "", function: str = "", contact: str = ""
    ) -> Member:
        member = Member(
            new_id(),
            self._check_new_name(name),
            clean_text(organisation, MAX_FIELD_LENGTH, "organisation"),
            clean_text(function, MAX_FIELD_LENGTH, "function"),
            clean_text(contact, MAX_FIELD_LENGTH, "contact"),
        )
        self._write(lambda db: db.insert(MEMBERS_TABLE, member.to_data()))
        return member

    def update_member(self, member_id: str, **fields: str) -> Member:
        """Change a member's details; a new name keeps the old one as a former name,
        so that erasing the member later also finds what was written under it."""
        member = self.network.members[member_id]
        if "name" in fields:
            member = member.renamed(self._check_new_name(fields.pop("name"), except_id=member_id))
        cleaned = {key: clean_text(value, MAX_FIELD_LENGTH, key) for key, value in fields.items()}
        if unknown := cleaned.keys() - {"organisation", "function", "contact"}:
            raise TypeError(f"a member has no detail {', '.join(sorted(unknown))}")
        member = replace(
            member,
            organisation=cleaned.get("organisation", member.organisation),
            function=cleaned.get("function", member.function),
            contact=cleaned.get("contact", member.contact),
        )
        self._write(lambda db: db.upsert(MEMBERS_TABLE, member.to_data(), id=member.id))
        return member

    def import_roster(self, result: RosterImport, *, skip_bad_rows: bool = False) -> int:
        """All the rows, or none: a roster with bad rows is refused unless told to skip them."""
        if not result.ok and not skip_bad_rows:
            raise RosterRefused(result)
        if not result.rows:
            raise RuleViolation("roster.nothing")
        members = [
            Member(new_id(), row.name, row.organisation, row.function, row.contact).to_data()
            for row in result.rows
        ]
        self._write(lambda db: db.insert_many(MEMBERS_TABLE, members))
        return len(members)

    def record_final_answer(
        self, member_id: str, *, learned: str, will_use: str, should_change: str
    ) -> None:
        if member_id not in self.network.members:
            raise RuleViolation("network.no_such_member")
        answer = FinalAnswer(
            member_id,
            clean_text(learned, 20_000, "learned"),
            clean_text(will_use, 20_000, "will_use"),
            clean_text(should_change, 20_000, "should_change"),
            self.now(),
        )
        self._write(lambda db: db.upsert(FINAL_TABLE, answer.to_data(), member=member_id))

    # -- the case bank -------------------------------------------------------------------

    def bank_round(self, session: Session) -> int:
        """Keep what a meeting's case round left: the case taken closed with the meeting,
        the others waiting for the next round. How many entries changed; again, none."""
        if session.info.network_id != self.id or session.practice:
            return 0
        self.refresh()
        changed = cases_after_round(session, self.network.case_bank)
        if changed:

            def change(db: Transaction) -> None:
                for case in changed:
                    db.upsert(BANK_TABLE, case.to_data(), id=case.id)

            self._write(change)
        return len(changed)

    def withdraw_banked(self, case_id: str) -> None:
        """The one who brought a case takes it out of the bank."""
        self.refresh()
        case = self.network.case_bank.get(case_id)
        if case is None or not case.open:
            raise RuleViolation("case_round.gone")
        closed = case.with_changes(status=BankStatus.WITHDRAWN, closed_at=self.now())
        self._write(lambda db: db.upsert(BANK_TABLE, closed.to_data(), id=case_id))

    # -- meetings ------------------------------------------------------------------------

    def session_ids(self) -> list[str]:
        """The ids of the network's meetings."""
        return self.store.sessions_of_network(self.id)

    def meetings(self) -> list[Session]:
        sessions = []
        for session_id in self.store.sessions_of_network(self.id):
            try:
                sessions.append(self.store.load_session(session_id, Session.from_tables))
            except StoreError as problem:
                self.store.report(problem)  # said where the store's problems are shown
        return meetings_of(self.network, sessions)

    def new_meeting(self, method: Method, lang: str, timezone: str | None = None) -> str:
        """The next meeting: the roster, all present; the next number and date; proposed roles."""
        network = self.network
        meetings = self.meetings()
        number = next_meeting_number(meetings)
        today = pendulum.from_timestamp(self.clock.time(), tz=timezone or "UTC").to_date_string()
        # A meeting without a case (the first one) has no case holder to propose. One
        # with a case round gets one too: the round's choice moves the role, if it must.
        roles = [r for r in ROTATING_ROLES if method.has_case or r is not Role.CASE_HOLDER]
        proposal = propose_roles(network, meetings, network.members, roles)
        role_of = {member: role for role, member in proposal.items()}
        participants = [
            Participant(
                new_id(),
                member.name,
                role_of.get(member.id, Role.PARTICIPANT),
                Attendance.PRESENT,
                member.id,
            )
            for member in network.members.values()
        ]
        previous = meetings[-1].info if meetings else SessionInfo()
        info = SessionInfo(
            network=network.name,
            network_id=network.id,
            number=number,
            date=network.planned_date(number) or today,
            place=previous.place,
        )
        return create_session(
            self.store,
            method=method,
            clock=self.clock,
            lang=lang,
            info=info,
            participants=participants,
            agreement=network.agreement() or default_agreement(lang),
            timezone=timezone,
        )

    # -- deleting ------------------------------------------------------------------------

    def remove_member(self, member_id: str, lang: str) -> Erasure:
        """Remove a member from the roster, and the person from every file of the store."""
        if member_id not in self.network.members:
            raise RuleViolation("network.no_such_member")
        replacement = translate("network.removed_member", lang)
        erasure = erase_member(self.store, self.id, member_id, replacement)
        self.network = self._load()
        return erasure

    def what_delete_removes(self) -> Removal:
        return Removal(len(self.store.sessions_of_network(self.id)), len(self.network.members))

    def delete(self) -> Removal:
        """The network and all its meetings, from the store's files."""
        removal = self.what_delete_removes()
        for session_id in self.store.sessions_of_network(self.id):
            self.store.delete_session(session_id)
        self.store.delete_network(self.id)
        return removal

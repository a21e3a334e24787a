"""An attendance statement: who attended which meeting, when, in what role, with the
confidentiality agreement acknowledged; and nothing of what was said.

Intervision registers accredit hours of peer consultation and ask for proof without a
word of the case. A statement is built from an allow-list of facts, never filtered
from a report:

- per meeting: the network's name, the meeting's number, the day, the start (the first
  phase clock that started, as the reports use it) and the end (when the meeting was
  ended), and the duration between the two as written (whole minutes of the times
  shown, so a reader can check the sum);
- per person who was *present*: their name, role, and when they acknowledged which
  version of the agreement.

Left out on purpose: the case, every note, the takeaway, the place, and the meeting's
*topic*, which the facilitator types freely and which often names the case ("Een
vader die het MDO verlaat"). Absent and excused members are not listed. A statement
for one member names nobody else.

The facts have one canonical form (`Statement.canonical`): a JSON object with sorted
keys, no spaces, UTF-8, times as local `YYYY-MM-DDTHH:MM` in the meeting's time zone
(also given). Its SHA-256 is the statement's fingerprint, the same for the Markdown
and the HTML of the same facts, in either language. It is no signature: anyone can
compute it; what proves a statement is `sessie-tui attest --verify`, which derives
the facts from the store again (see `attest_verify.py`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from ..domain.clock import to_iso
from ..domain.confidentiality import current_acknowledgements
from ..domain.names import fold
from ..domain.network import Network
from ..domain.participants import Participant
from ..domain.record import record
from ..domain.session import Session, SessionStatus
from ..errors import UserFacingError

FORMAT = "sessie-tui-attendance-statement"
VERSION = 1
REFERENCE_PREFIX = "sessie-tui-attest/"
"""Begins the statement's reference line, which says what to derive again to verify."""
SESSION_SCOPE = "session"
NETWORK_SCOPE = "network"
NOBODY = "-"
"""The reference's member when the statement is about everyone."""


class AttestRefused(UserFacingError):
    """A statement that cannot be made: a meeting not held, a member not there."""


@record
class Scope:
    """What a statement is about: a meeting or a network, everyone or one person
    (a participant's id in a meeting, a member's id in a network)."""

    kind: str
    id: str
    person: str | None = None
    lang: str = "nl"

    def reference(self) -> str:
        person = self.person or NOBODY
        return f"{REFERENCE_PREFIX}{VERSION} {self.kind}={self.id} member={person} lang={self.lang}"


@record
class Meeting:
    """A meeting as an attendance statement names it."""

    session: str
    number: int | None
    timezone: str
    day: str
    """ISO date the meeting was held (its start's), or its planned date."""
    start: str | None
    """Local `YYYY-MM-DDTHH:MM`; None when no clock ever ran."""
    end: str | None

    @property
    def minutes(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        span = datetime.fromisoformat(self.end) - datetime.fromisoformat(self.start)
        return int(span.total_seconds() // 60)

    def to_data(self) -> dict[str, Any]:
        return {
            "session": self.session,
            "number": self.number,
            "timezone": self.timezone,
            "day": self.day,
            "start": self.start,
            "end": self.end,
            "minutes": self.minutes,
        }


@record
class Attended:
    """One person present at one meeting."""

    person: str
    """Their member id in a network, else their participant id."""
    name: str
    session: str
    role: str
    acknowledged_at: str | None
    """Local `YYYY-MM-DDTHH:MM`, or None when they did not acknowledge (an override)."""
    agreement: str | None

    def to_data(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "name": self.name,
            "session": self.session,
            "role": self.role,
            "acknowledged_at": self.acknowledged_at,
            "agreement": self.agreement,
        }


@record
class Statement:
    """An attendance statement: who attended which meetings, in what role."""

    scope: Scope
    network: str
    meetings: tuple[Meeting, ...]
    attended: tuple[Attended, ...]
    members: tuple[tuple[str, str], ...] = ()
    """In a network's statement: (member id, name) of everyone it is about, also who
    attended nothing."""

    def canonical(self) -> bytes:
        """The attested facts as sorted, compact JSON: what the fingerprint is of.

        The language and the format are not facts: they are left out, so a Markdown
        and an HTML statement, Dutch or English, of the same facts have one fingerprint.
        """
        data = {
            "format": FORMAT,
            "version": VERSION,
            "scope": {"kind": self.scope.kind, "id": self.scope.id, "person": self.scope.person},
            "network": self.network,
            "meetings": [meeting.to_data() for meeting in self.meetings],
            "attended": [attended.to_data() for attended in self.attended],
            "members": [{"person": person, "name": name} for person, name in self.members],
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    def fingerprint(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()

    def meeting(self, session_id: str) -> Meeting:
        return next(m for m in self.meetings if m.session == session_id)

    @property
    def title_name(self) -> str:
        """The one person's name a statement for one person is about, else ""."""
        if self.scope.person is None:
            return ""
        if self.members:
            return self.members[0][1]
        return self.attended[0].name if self.attended else ""


# -- the facts --------------------------------------------------------------------------


def _minute(timestamp: str | float, timezone: str) -> str:
    """A moment as local `YYYY-MM-DDTHH:MM` in the meeting's zone."""
    iso = to_iso(timestamp, timezone) if not isinstance(timestamp, str) else timestamp
    moment = datetime.fromisoformat(iso)
    local = datetime.fromisoformat(to_iso(moment.timestamp(), timezone))
    return local.strftime("%Y-%m-%dT%H:%M")


def _held(session: Session) -> bool:
    return session.status is SessionStatus.ENDED and not session.practice


def meeting_facts(session: Session) -> Meeting:
    zone = session.timezone
    start = _minute(session.started_at, zone) if session.started_at is not None else None
    end = _minute(session.ended_at, zone) if session.ended_at else None
    return Meeting(
        session=session.id,
        number=session.info.number,
        timezone=zone,
        day=start[:10] if start else session.info.date,
        start=start,
        end=end,
    )


def _attended(session: Session, participant: Participant, person: str) -> Attended:
    standing = current_acknowledgements(session.acknowledgements, session.agreement.version)
    ack = standing.get(participant.id)
    return Attended(
        person=person,
        name=participant.name,
        session=session.id,
        role=participant.role.value,
        acknowledged_at=_minute(ack.at, session.timezone) if ack else None,
        agreement=ack.version if ack else None,
    )


def _check_held(session: Session) -> None:
    if session.practice:
        raise AttestRefused("attest.practice", id=session.id)
    if not _held(session):
        raise AttestRefused("attest.not_ended", id=session.id)


def _by_name(people: Iterable[Attended]) -> tuple[Attended, ...]:
    return tuple(sorted(people, key=lambda a: (fold(a.name), a.name, a.person, a.session)))


def session_statement(session: Session, person: str | None = None, lang: str = "nl") -> Statement:
    """Who attended one meeting, or (`person`: a participant id) that one person."""
    _check_held(session)
    present = [p for p in session.participants.values() if p.present]
    if person is not None:
        chosen = session.participants.get(person)
        if chosen is None:
            raise AttestRefused("attest.unknown_person", name=person)
        if not chosen.present:
            raise AttestRefused(
                f"attest.not_present.{chosen.attendance.value}", name=chosen.name, id=session.id
            )
        present = [chosen]
    return Statement(
        scope=Scope(SESSION_SCOPE, session.id, person, lang),
        network=session.info.network,
        meetings=(meeting_facts(session),),
        attended=_by_name(_attended(session, p, p.id) for p in present),
    )


def network_statement(
    network: Network, meetings: Sequence[Session], member: str | None = None, lang: str = "nl"
) -> Statement:
    """Per member of the network (or the one `member` id), the meetings they attended."""
    members = [m for m in network.members.values() if member is None or m.id == member]
    if member is not None and not members:
        raise AttestRefused("attest.unknown_person", name=member)
    wanted = {m.id for m in members}
    held = [s for s in meetings if _held(s)]
    attended = [
        _attended(session, participant, participant.member_id or participant.id)
        for session in held
        for participant in session.participants.values()
        if participant.present and participant.member_id in wanted
    ]
    sessions = {a.session for a in attended}
    facts = sorted(
        (meeting_facts(s) for s in held if s.id in sessions),
        key=lambda m: (m.number or 0, m.day, m.session),
    )
    return Statement(
        scope=Scope(NETWORK_SCOPE, network.id, member, lang),
        network=network.name,
        meetings=tuple(facts),
        attended=_by_name(attended),
        members=tuple(sorted(((m.id, m.name) for m in members), key=lambda p: fold(p[1]))),
    )


def find_participant(session: Session, name: str) -> str:
    """The id of the participant called `name` (any case, accents or spacing)."""
    wanted = fold(name)
    found = [p.id for p in session.participants.values() if fold(p.name) == wanted]
    if len(found) != 1:
        raise AttestRefused("attest.unknown_person", name=name)
    return found[0]


def find_member(network: Network, name: str) -> str:
    """The id of the member called `name` now or before a rename."""
    wanted = fold(name)
    found = [
        m.id
        for m in network.members.values()
        if wanted in {fold(n) for n in (m.name, *m.former_names)}
    ]
    if len(found) != 1:
        raise AttestRefused("attest.unknown_person", name=name)
    return found[0]

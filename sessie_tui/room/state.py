"""A session shared with the room: who joined from which device, and what they wrote.

One truth for every process. The share's server (`sessie-tui serve`, also when the
facilitator's app starts it), the facilitator's screens and the note-takers' views
all read and change the room through this module, in the store's room file
(`<store>/rooms/<session>.json`, 0600, written atomically under its lock):

    share     the one share of this session: its join secret, short code, where it
              listens, and whether it still runs (stopping it ends the secret)
    devices   each device that joined: the hash of its token, who it is (a present
              participant), its role (participant or note-taker), what kind of device
    cards     write-first cards: sealed until the facilitator reveals the phase's cards;
              then they are in the session as notes, and here only marked revealed
    ready     "klaar" signals, per phase
    ballots   anonymous evaluation answers, one per participant (see `ballot_key`):
              once the evaluation closes nothing in the store links an answer to a name
    status    per phase: revealed or not, names shown; whether the evaluation closed,
              and until then the meeting's ballot key

Secrets and tokens are compared in constant time; tokens are stored only as hashes.
Nothing here imports Textual: the server process starts without it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from base64 import b32encode
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from ..domain.record import record
from ..domain.session import RuleViolation
from ..storage.store import Store
from ..storage.transaction import AnyOf, Transaction

SHARE_TABLE = "share"
DEVICES_TABLE = "devices"
CARDS_TABLE = "cards"
READY_TABLE = "ready"
BALLOTS_TABLE = "ballots"
STATUS_TABLE = "status"
BALLOT_SECRET = "ballot_secret"
"""The field of the status that holds the meeting's ballot key until the evaluation closes."""

SECRET_BITS = 130
"""The join secret: 26 base-32 letters and digits (upper case, so that a QR code of the
link stays in its compact alphanumeric mode)."""
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""The short code to type: no 0/O, 1/I/L to confuse."""
CODE_LENGTH = 6
CODE_SECONDS = 10 * 60
"""A short code is guessable in principle: it expires, and only leads to a request
that the facilitator must admit."""
MAX_DEVICES = 30
MAX_CARD_LENGTH = 2_000
MAX_REMARK_LENGTH = 1_000


class DeviceRole(StrEnum):
    PARTICIPANT = "participant"
    NOTE_TAKER = "note_taker"


def new_secret() -> str:
    return b32encode(secrets.token_bytes(SECRET_BITS // 8 + 1)).decode()[:26]


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_ballot_secret() -> str:
    return secrets.token_hex(32)


def ballot_key(secret: str, participant_id: str) -> str:
    """A ballot's key while the evaluation is open: one per participant, whatever device
    or token they answer from, so a person who joins again changes their answer rather
    than adding one.

    Made with the meeting's own random key (`secret`, in the room file's status while
    the evaluation is open), never with a key one could find elsewhere: a hash of the
    participant id alone, or an HMAC with a key kept beside the ballots for good, would
    let whoever holds the room file compute each person's key and find their answer.
    Closing the evaluation discards the secret and gives every ballot a new random key
    (`RoomFile.close_evaluation`): from then on nothing leads from a person to an
    answer. While it is open the room file links them, as it holds sealed cards before
    the reveal; it is private (0600) on the facilitator's computer. A key in the
    server's memory only would not survive a restart of the share, and answers would
    be counted twice again.
    """
    return hmac.new(bytes.fromhex(secret), participant_id.encode(), hashlib.sha256).hexdigest()


def same(given: str, kept: str) -> bool:
    return hmac.compare_digest(given.encode(), kept.encode())


@record
class Share:
    """A session's share: its secret, its short code and when it began."""

    secret: str
    code: str
    code_expires: float
    started_at: str
    host: str = ""
    port: int = 0
    urls: tuple[str, ...] = ()
    """The addresses to join at, as the server bound them (the first one for the QR code)."""
    pid: int = 0
    stopped_at: str | None = None

    @property
    def active(self) -> bool:
        return self.stopped_at is None

    def join_url(self, base: str) -> str:
        """The link a phone opens: the secret in the path, upper case throughout."""
        return f"{base.rstrip('/')}/J/{self.secret}".upper()

    def server_alive(self) -> bool:
        """Whether the process that serves this share still runs (on this machine)."""
        if self.pid <= 0:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # alive, someone else's
            return True
        return True

    def code_open(self, now: float) -> bool:
        """Whether the short code still lets a device ask to join."""
        return self.active and bool(self.code) and now < self.code_expires

    def code_valid(self, code: str, now: float) -> bool:
        return self.code_open(now) and same(code.upper(), self.code)

    def to_data(self) -> dict[str, Any]:
        data = asdict(self)
        data["urls"] = list(self.urls)
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Share:
        return cls(**{**data, "urls": tuple(data.get("urls", ()))})


@record
class Device:
    """A laptop or phone that joined the share, and as whom."""

    id: str
    token_hash: str
    joined_at: str
    kind: str = "laptop"
    """"phone", "tablet" or "laptop": from the browser's own description, for the
    facilitator's list only."""
    participant: str | None = None
    """The participant (id) this device speaks for, once chosen; one device per name."""
    role: DeviceRole = DeviceRole.PARTICIPANT
    admitted: bool = True
    """False for a device that came with the short code, until the facilitator admits it."""
    removed: bool = False

    def to_data(self) -> dict[str, Any]:
        return {**asdict(self), "role": self.role.value}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Device:
        return cls(**{**data, "role": DeviceRole(data.get("role", "participant"))})


@record
class Card:
    """What one participant wrote on their device in a written round."""

    id: str
    phase: int
    participant: str
    text: str
    written_at: str
    changed_at: str
    withdrawn: bool = False
    revealed_at: str | None = None

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Card:
        return cls(**data)


@record
class Ballot:
    """One anonymous answer to the evaluation, keyed so that it names no one."""

    key: str
    score: int
    remark: str = ""

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Ballot:
        return cls(**data)


@record
class PhaseStatus:
    """A phase's state in the room: revealed or not, names shown or not."""

    phase: int
    revealed_at: str | None = None
    names_shown: bool | None = None
    """None: as the method says (see `Phase.written_names`)."""

    def to_data(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Room:
    """The room file as read once: everything a screen or a page needs to show."""

    share: Share | None = None
    devices: list[Device] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    ready: dict[int, dict[str, str]] = field(default_factory=dict)
    """Per phase: participant id -> when they said they were ready."""
    ballots: list[Ballot] = field(default_factory=list)
    phases: dict[int, PhaseStatus] = field(default_factory=dict)
    evaluation_closed_at: str | None = None
    ballot_secret: str | None = None
    """The meeting's ballot key while the evaluation is open (see `ballot_key`)."""

    @classmethod
    def from_tables(cls, tables: Mapping[str, Mapping[str, Any]]) -> Room:
        share_doc = (tables.get(SHARE_TABLE) or {}).get("1")
        status = (tables.get(STATUS_TABLE) or {}).get("1") or {}
        ready: dict[int, dict[str, str]] = {}
        for doc in (tables.get(READY_TABLE) or {}).values():
            ready.setdefault(int(doc["phase"]), {})[doc["participant"]] = doc["at"]
        return cls(
            share=Share.from_data(share_doc) if share_doc else None,
            devices=[Device.from_data(d) for d in (tables.get(DEVICES_TABLE) or {}).values()],
            cards=[Card.from_data(d) for d in (tables.get(CARDS_TABLE) or {}).values()],
            ready=ready,
            ballots=[Ballot.from_data(d) for d in (tables.get(BALLOTS_TABLE) or {}).values()],
            phases={
                int(key): PhaseStatus(int(key), **value)
                for key, value in (status.get("phases") or {}).items()
            },
            evaluation_closed_at=status.get("evaluation_closed_at"),
            ballot_secret=status.get(BALLOT_SECRET),
        )

    # -- what the screens and pages show -------------------------------------------------

    @property
    def shared(self) -> bool:
        return self.share is not None and self.share.active

    def live_devices(self) -> list[Device]:
        return [d for d in self.devices if not d.removed]

    def device_by_token(self, token: str) -> Device | None:
        wanted = token_hash(token)
        return next((d for d in self.live_devices() if same(d.token_hash, wanted)), None)

    def holder_of(self, participant_id: str) -> Device | None:
        """The device that speaks for this participant now (one at a time)."""
        return next((d for d in self.live_devices() if d.participant == participant_id), None)

    def sealed_cards(self, phase: int) -> list[Card]:
        """The cards written in a phase and not yet revealed (nor withdrawn)."""
        return [
            c for c in self.cards if c.phase == phase and not c.withdrawn and c.revealed_at is None
        ]

    def revealed_cards(self, phase: int) -> list[Card]:
        revealed = [c for c in self.cards if c.phase == phase and c.revealed_at and not c.withdrawn]
        return sorted(revealed, key=lambda c: c.written_at)

    def card_of(self, phase: int, participant_id: str) -> Card | None:
        return next(
            (
                c
                for c in self.cards
                if c.phase == phase and c.participant == participant_id and not c.withdrawn
            ),
            None,
        )

    def written_count(self, phase: int) -> int:
        """How many have written a card in this phase (never what they wrote)."""
        return len({c.participant for c in self.cards if c.phase == phase and not c.withdrawn})

    def revealed(self, phase: int) -> bool:
        status = self.phases.get(phase)
        return status is not None and status.revealed_at is not None

    def ready_in(self, phase: int) -> set[str]:
        return set(self.ready.get(phase, {}))

    def ballot_of(self, participant_id: str) -> Ballot | None:
        """A participant's own answer while the evaluation is open; once it is closed,
        nothing leads to it any more."""
        if self.ballot_secret is None:
            return None
        key = ballot_key(self.ballot_secret, participant_id)
        return next((b for b in self.ballots if same(b.key, key)), None)

    def distribution(self) -> list[int]:
        """How many gave each score, 1 to 5."""
        counts = [0] * 5
        for ballot in self.ballots:
            counts[ballot.score - 1] += 1
        return counts

    def mean(self) -> float | None:
        if not self.ballots:
            return None
        return sum(b.score for b in self.ballots) / len(self.ballots)


def read_room(store: Store, session_id: str) -> Room:
    return Room.from_tables(store.read_room(session_id))


T = TypeVar("T")
"""What a change made under the room file's lock gives back."""


class RoomFile:
    """Changes to one session's room, each in one locked transaction of the room file.

    `now` gives the time stamps (ISO, in the session's zone); `clock` the seconds
    since the epoch for expiry.
    """

    def __init__(
        self,
        store: Store,
        session_id: str,
        now: Callable[[], str],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.session_id = session_id
        self.now = now
        self.clock = clock

    def read(self) -> Room:
        return read_room(self.store, self.session_id)

    def rev(self) -> str | None:
        return self.store.room_rev(self.session_id)

    def _change(self, change: Callable[[Transaction, Room], T]) -> T:
        with self.store.room_transaction(self.session_id) as db:
            room = Room.from_tables(db.tables_now())
            return change(db, room)

    # -- the share -----------------------------------------------------------------------

    def start_share(self) -> Share:
        """A new share: a new secret and code; devices of an earlier share are gone."""
        share = Share(
            secret=new_secret(),
            code=new_code(),
            code_expires=self.clock() + CODE_SECONDS,
            started_at=self.now(),
        )

        def change(db: Transaction, room: Room) -> Share:
            if room.shared:
                raise RuleViolation("room.already_shared")
            db.put_single(SHARE_TABLE, share.to_data())
            db.truncate(DEVICES_TABLE)
            db.truncate(READY_TABLE)
            return share

        return self._change(change)

    def _update_share(self, **changes: Any) -> Share | None:
        def change(db: Transaction, room: Room) -> Share | None:
            if room.share is None:
                return None
            share = Share.from_data({**room.share.to_data(), **changes})
            db.put_single(SHARE_TABLE, share.to_data())
            return share

        return self._change(change)

    def record_listening(self, host: str, port: int, urls: Iterable[str], pid: int) -> None:
        self._update_share(host=host, port=port, urls=list(urls), pid=pid)

    def new_code(self) -> Share | None:
        """A fresh short code (the old one stops working)."""
        return self._update_share(code=new_code(), code_expires=self.clock() + CODE_SECONDS)

    def stop_share(self) -> None:
        """Stop sharing: the secret, the code and every device token stop working."""

        def change(db: Transaction, room: Room) -> None:
            if room.share is None or not room.share.active:
                return
            stopped = {**room.share.to_data(), "stopped_at": self.now(), "secret": "", "code": ""}
            db.put_single(SHARE_TABLE, stopped)
            db.update(DEVICES_TABLE, {"removed": True})

        self._change(change)

    # -- devices -------------------------------------------------------------------------

    def join(self, kind: str, *, admitted: bool = True) -> tuple[Device, str]:
        """A new device, with the token it will carry (returned once, stored as a hash)."""
        token = new_token()
        device = Device(
            id=secrets.token_hex(6),
            token_hash=token_hash(token),
            joined_at=self.now(),
            kind=kind,
            admitted=admitted,
        )

        def change(db: Transaction, room: Room) -> Device:
            if not room.shared:
                raise RuleViolation("room.not_shared")
            if len(room.live_devices()) >= MAX_DEVICES:
                raise RuleViolation("room.full", limit=MAX_DEVICES)
            db.insert(DEVICES_TABLE, device.to_data())
            return device

        return self._change(change), token

    def _update_device(
        self, device_id: str, check: Callable[[Room, Device], None] | None = None, **changes: Any
    ) -> None:
        def change(db: Transaction, room: Room) -> None:
            device = next((d for d in room.live_devices() if d.id == device_id), None)
            if device is None:
                raise RuleViolation("room.device_gone")
            if check is not None:
                check(room, device)
            db.update(DEVICES_TABLE, changes, id=device_id)

        self._change(change)

    def claim(self, device_id: str, participant_id: str, role: DeviceRole) -> None:
        """The device speaks for this participant from now on: refused while another
        device holds the name (the facilitator can release it)."""

        def check(room: Room, device: Device) -> None:
            holder = room.holder_of(participant_id)
            if holder is not None and holder.id != device.id:
                raise RuleViolation("room.name_taken")
            if not device.admitted:
                raise RuleViolation("room.not_admitted")

        self._update_device(device_id, check, participant=participant_id, role=role.value)

    def admit(self, device_id: str) -> None:
        self._update_device(device_id, admitted=True)

    def release(self, device_id: str) -> None:
        """The name is free again; the device stays joined and chooses anew."""
        self._update_device(device_id, participant=None)

    def remove(self, device_id: str) -> None:
        """The device is out: its token stops working at once."""
        self._update_device(device_id, removed=True, participant=None)

    # -- write-first cards ---------------------------------------------------------------

    def write_card(self, phase: int, participant_id: str, text: str) -> Card:
        """Write or change one's card of a phase (one per participant), until the reveal."""
        text = text.strip()
        if not text:
            raise RuleViolation("notes.empty")
        if len(text) > MAX_CARD_LENGTH:
            raise RuleViolation("room.card_too_long", length=len(text), limit=MAX_CARD_LENGTH)
        at = self.now()

        def change(db: Transaction, room: Room) -> Card:
            if room.revealed(phase):
                raise RuleViolation("room.already_revealed")
            mine = room.card_of(phase, participant_id)
            if mine is None:
                card = Card(secrets.token_hex(6), phase, participant_id, text, at, at)
                db.insert(CARDS_TABLE, card.to_data())
            else:
                card = Card.from_data({**mine.to_data(), "text": text, "changed_at": at})
                db.update(CARDS_TABLE, card.to_data(), id=card.id)
            return card

        return self._change(change)

    def withdraw_card(self, phase: int, participant_id: str) -> None:
        def change(db: Transaction, room: Room) -> None:
            if room.revealed(phase):
                raise RuleViolation("room.already_revealed")
            mine = room.card_of(phase, participant_id)
            if mine is not None:
                db.update(CARDS_TABLE, {"withdrawn": True, "text": ""}, id=mine.id)

        self._change(change)

    def mark_revealed(self, phase: int, card_ids: Iterable[str], names_shown: bool) -> None:
        """After the cards are in the session as notes: the phase is revealed."""
        at = self.now()
        ids = set(card_ids)

        def change(db: Transaction, room: Room) -> None:
            db.update(CARDS_TABLE, {"revealed_at": at}, id=AnyOf(ids))
            self._set_phase_status(db, room, phase, revealed_at=at, names_shown=names_shown)

        self._change(change)

    def show_names(self, phase: int, shown: bool) -> None:
        self._change(lambda db, room: self._set_phase_status(db, room, phase, names_shown=shown))

    @staticmethod
    def _set_phase_status(db: Transaction, room: Room, phase: int, **changes: Any) -> None:
        status = dict(db.single(STATUS_TABLE) or {})
        phases = dict(status.get("phases") or {})
        current = room.phases.get(phase, PhaseStatus(phase)).to_data()
        current.update(changes)
        current.pop("phase")
        phases[str(phase)] = current
        status["phases"] = phases
        db.put_single(STATUS_TABLE, status)

    # -- ready, and the anonymous evaluation ---------------------------------------------

    def set_ready(self, phase: int, participant_id: str, ready: bool) -> None:
        at = self.now()

        def change(db: Transaction, room: Room) -> None:
            if ready:
                doc = {"phase": phase, "participant": participant_id, "at": at}
                db.upsert(READY_TABLE, doc, phase=phase, participant=participant_id)
            else:
                db.remove(READY_TABLE, phase=phase, participant=participant_id)

        self._change(change)

    def cast_ballot(self, participant_id: str, score: int, remark: str = "") -> None:
        """A participant's answer, or their new one: one per participant until the
        evaluation closes, from whichever device (see `ballot_key`)."""
        if not isinstance(score, int) or not 1 <= score <= 5:
            raise RuleViolation("evaluation.score_range")
        remark = remark.strip()
        if len(remark) > MAX_REMARK_LENGTH:
            raise RuleViolation("room.card_too_long", length=len(remark), limit=MAX_REMARK_LENGTH)

        def change(db: Transaction, room: Room) -> None:
            if room.evaluation_closed_at is not None:
                raise RuleViolation("room.evaluation_closed")
            secret = room.ballot_secret
            if secret is None:
                secret = new_ballot_secret()
                db.put_single(STATUS_TABLE, {BALLOT_SECRET: secret})
            ballot = Ballot(ballot_key(secret, participant_id), score, remark)
            db.upsert(BALLOTS_TABLE, ballot.to_data(), key=ballot.key)

        self._change(change)

    def close_evaluation(self) -> None:
        """No more answers, and none can be traced any more: the meeting's ballot key is
        discarded, and the ballots get new random keys, in score order (not the order
        in which they came, which someone watching the room could match to faces)."""
        at = self.now()

        def change(db: Transaction, room: Room) -> None:
            status = {**(db.single(STATUS_TABLE) or {}), "evaluation_closed_at": at}
            status.pop(BALLOT_SECRET, None)
            db.truncate(STATUS_TABLE)  # written whole: the key goes, not merged back in
            db.put_single(STATUS_TABLE, status)
            kept = sorted(room.ballots, key=lambda b: (b.score, b.remark))
            db.truncate(BALLOTS_TABLE)
            db.insert_many(
                BALLOTS_TABLE,
                (Ballot(secrets.token_hex(32), b.score, b.remark).to_data() for b in kept),
            )

        self._change(change)

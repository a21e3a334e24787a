"""What a session's records must mean, beyond their types, for the app to run them.

`Session.from_tables` reads every record field by field (types, choices,
lengths); this module then checks what the records say together and about the
world: a time zone that is a zone, times that parse and lie in a sane span of
the calendar, ids that are unique, references that resolve (a note's phase in
the method, a speaker among the participants) and the app's own limits.

It is the one gate for both ways a session comes in: an archive being imported
(refused with the field at fault, the store untouched) and a session file the
store reads (set aside as damaged, with the same message). A hand-edited file
can therefore never reach a screen or a report that would stumble over it.

Only what the app itself never writes is refused: a file the app wrote must never
be set aside by it. So there is no limit on counts (the app sets none: every note,
every edit is kept), and free-typed names stay free: a note's author and an action
point's owner may be someone not on the list, and a gate override may name someone
removed from the list afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from .clock import to_iso
from .dates import parse_date
from .fields import FieldError, FieldReader
from .participants import MAX_NAME_LENGTH
from .questions import QuestionHint

EARLIEST_YEAR = 1970
LATEST_YEAR = 2200
EARLIEST_EPOCH = 0.0
LATEST_EPOCH = datetime(LATEST_YEAR + 1, 1, 1, tzinfo=UTC).timestamp()
"""Times outside these years are no meeting's: refused rather than sent to a calendar."""

MAX_DURATION_SECONDS = 100 * 366 * 24 * 3600.0
"""A clock adjustment, a run or a time into a phase: generous (a practice clock runs sixty
times fast, and a wall clock may step back), but short of what would carry a time beyond
the calendar."""

MAX_ID_LENGTH = 64

_KNOWN_HINTS = {hint.value for hint in QuestionHint}


def check_time_zone(reader: FieldReader, key: str) -> str:
    """An IANA time zone name (`Europe/Brussels`, `UTC`) that the app can look up.

    The test is the app's own use of it: the zone lookup refuses what is not a
    zone (`Mars/Olympus`, `+01:00`, a path), so whatever passes is what the app
    itself could have written.
    """
    name = reader.text(key, "UTC", max_len=MAX_ID_LENGTH)
    try:
        to_iso(0.0, name)
    except Exception:  # ZoneInfoNotFoundError, a ValueError for a path, a zone file it cannot read
        raise reader.error(key, f"{_short(name)} is not a known time zone") from None
    return name


def check_iso_time(reader: FieldReader, key: str, *, required: bool = True) -> None:
    """An ISO 8601 time with its offset, between the years 1970 and 2200."""
    if not required and reader.optional_text(key) is None:
        return
    text = reader.text(key, max_len=MAX_ID_LENGTH)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise reader.error(key, f"{_short(text)} is not an ISO 8601 time") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise reader.error(key, f"{_short(text)} has no offset (like +01:00)")
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise reader.error(key, f"year {moment.year} is outside {EARLIEST_YEAR}-{LATEST_YEAR}")


def check_epoch(reader: FieldReader, key: str) -> None:
    """Seconds since the epoch, between the years 1970 and 2200."""
    value = reader.number(key)
    if not EARLIEST_EPOCH <= value < LATEST_EPOCH:
        raise reader.error(
            key, f"{_short(value)} seconds is outside the years {EARLIEST_YEAR}-{LATEST_YEAR}"
        )


def check_duration(reader: FieldReader, key: str) -> None:
    """Seconds on a clock: either way, no more than a century (practice runs 60x fast)."""
    value = reader.number(key, 0.0)
    if abs(value) > MAX_DURATION_SECONDS:
        raise reader.error(key, f"{_short(value)} seconds is more than a century")


def check_date(reader: FieldReader, key: str) -> None:
    """An ISO date (`2026-11-23`), or nothing."""
    text = reader.optional_text(key)
    if text and parse_date(text) != text:
        raise reader.error(key, f"{_short(text)} is not a date like 2026-11-23")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class _Ids:
    """The ids of one kind of record: each once, and references to them checked."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.seen: set[str] = set()

    def add(self, reader: FieldReader, key: str, value: str | None = None) -> None:
        value = reader.text(key, max_len=MAX_ID_LENGTH) if value is None else value
        if value in self.seen:
            raise reader.error(key, f"{_short(value)} occurs twice; one {self.what} each")
        self.seen.add(value)

    def resolve(self, reader: FieldReader, key: str, value: str | None = None) -> None:
        value = reader.text(key) if value is None else value
        if value not in self.seen:
            raise reader.error(key, f"{_short(value)} is not the id of any {self.what} here")


def _records(tables: Mapping[str, Mapping[str, Any]], table: str) -> Iterable[FieldReader]:
    for doc_id, doc in tables.get(table, {}).items():
        yield FieldReader(doc, f"{table}[{doc_id}]")


def check_session_tables(tables: Mapping[str, Mapping[str, Any]], phase_count: int) -> None:
    """Raise `FieldError` naming the first record the app could not run.

    The records have been read once already (types, choices, lengths); here they
    are read for what they mean. `phase_count` is the number of phases of the
    session's method.
    """
    from .session import (  # a cycle otherwise: the session calls this when it is built
        ACKNOWLEDGEMENTS_TABLE,
        EVALUATIONS_TABLE,
        EVENTS_TABLE,
        EXPECTATIONS_TABLE,
        FOLLOW_UPS_TABLE,
        MAX_MEETING_NUMBER,
        NOTES_TABLE,
        OVERRIDES_TABLE,
        PARTICIPANTS_TABLE,
        SESSION_TABLE,
        TAKEAWAY_CHECKS_TABLE,
        WORK_TAKEAWAYS_TABLE,
    )

    for doc in tables.get(SESSION_TABLE, {}).values():  # exactly one: `from_tables` saw to it
        header = FieldReader(doc, SESSION_TABLE)
        check_time_zone(header, "timezone")
        check_iso_time(header, "created_at")
        check_iso_time(header, "ended_at", required=False)
        info = header.table("info")
        check_date(info, "date")
        number = info.integer("number", None, minimum=1)
        if number is not None and number > MAX_MEETING_NUMBER:
            raise info.error("number", f"must be at most {MAX_MEETING_NUMBER}, got {number}")
        if info.optional_text("network_id") is not None:
            info.identifier("network_id")
        # When the case holder answered; empty while they have not.
        for key in ("share_case_question_at", "share_takeaway_at"):
            if info.text(key, "", allow_empty=True, max_len=MAX_ID_LENGTH):
                check_iso_time(info, key)

    participants = _Ids("participant")
    for record in _records(tables, PARTICIPANTS_TABLE):
        participants.add(record, "id")
        if record.optional_text("member_id") is not None:
            record.text("member_id", max_len=MAX_ID_LENGTH)

    def phase_of(record: FieldReader, key: str) -> None:
        phase = record.integer(key, minimum=0)
        if phase >= phase_count:
            raise record.error(key, f"phase {phase} does not exist in this method")

    for record in _records(tables, ACKNOWLEDGEMENTS_TABLE):
        participants.resolve(record, "participant")
        check_iso_time(record, "at")

    for record in _records(tables, OVERRIDES_TABLE):
        check_iso_time(record, "at")

    for record in _records(tables, EVENTS_TABLE):
        kind = record.text("type")
        if kind == "phase":
            check_iso_time(record, "at")
        elif kind == "timer":
            phase_of(record, "phase")
            check_epoch(record, "at")
            check_duration(record, "seconds")
        elif kind in ("method_choice", "method_change"):  # see `method_change.py`
            check_iso_time(record, "at")
        elif kind == "turn":
            phase_of(record, "phase")
            check_iso_time(record, "at")
            check_duration(record, "elapsed")
            for person in record.texts("order", []):
                participants.resolve(record, "order", person)

    notes = _Ids("note")
    for record in _records(tables, NOTES_TABLE):
        notes.add(record, "id")
        phase_of(record, "phase")
        check_iso_time(record, "created_at")
        check_iso_time(record, "deleted_at", required=False)
        check_duration(record, "elapsed")
        if record.optional_text("speaker") is not None:
            participants.resolve(record, "speaker")
        if record.optional_text("owner") is not None:
            record.text("owner", max_len=MAX_NAME_LENGTH)
        check_date(record, "due")
        for hint in record.texts("hints", []):
            if hint not in _KNOWN_HINTS:
                raise record.error("hints", f"{_short(hint)} is not a question hint")
        for revision in record.tables("history", []):
            check_iso_time(revision, "replaced_at")

    evaluated = _Ids("evaluation")
    for record in _records(tables, EVALUATIONS_TABLE):
        participants.resolve(record, "participant")
        evaluated.add(record, "participant")
        check_iso_time(record, "at")

    for record in _records(tables, FOLLOW_UPS_TABLE):
        record.text("action", max_len=MAX_ID_LENGTH)
        record.identifier("source")
        check_iso_time(record, "at")

    from .case_round import CHOICES_TABLE, PROPOSALS_TABLE, VOTES_TABLE

    proposals = _Ids("case proposal")
    for record in _records(tables, PROPOSALS_TABLE):
        proposals.add(record, "id")
        participants.resolve(record, "proposer")
        check_iso_time(record, "at")
        check_iso_time(record, "withdrawn_at", required=False)
    for record in _records(tables, VOTES_TABLE):
        participants.resolve(record, "voter")
        proposals.resolve(record, "proposal")
        check_iso_time(record, "at")
    for record in _records(tables, CHOICES_TABLE):
        proposals.resolve(record, "proposal")
        check_iso_time(record, "at")
        for tied in record.texts("tied", []):
            proposals.resolve(record, "tied", tied)

    expected = _Ids("expectation")
    for record in _records(tables, EXPECTATIONS_TABLE):
        participants.resolve(record, "participant")
        expected.add(record, "participant")
        check_iso_time(record, "at")

    to_work = _Ids("takeaway")
    for record in _records(tables, WORK_TAKEAWAYS_TABLE):
        participants.resolve(record, "participant")
        to_work.add(record, "participant")
        check_iso_time(record, "at")

    for record in _records(tables, TAKEAWAY_CHECKS_TABLE):
        record.identifier("source")  # a participant of that meeting, not of this one
        record.text("participant", max_len=MAX_ID_LENGTH)
        check_iso_time(record, "at")


def check_network_tables(tables: Mapping[str, Mapping[str, Any]]) -> None:
    """Raise `FieldError` naming the first record of a network the app could not run."""
    from .network import AGREEMENTS_TABLE, FINAL_TABLE, MEMBERS_TABLE, NETWORK_TABLE, TRACK_TABLE
    from .session import MAX_MEETING_NUMBER

    for doc in tables.get(NETWORK_TABLE, {}).values():
        check_iso_time(FieldReader(doc, NETWORK_TABLE), "created_at")
    members = _Ids("member")
    for record in _records(tables, MEMBERS_TABLE):
        members.add(record, "id")
    planned = _Ids("planned meeting")
    for record in _records(tables, TRACK_TABLE):
        number = record.integer("number", minimum=1)
        if number > MAX_MEETING_NUMBER:
            raise record.error("number", f"must be at most {MAX_MEETING_NUMBER}, got {number}")
        planned.add(record, "number", str(number))
        check_date(record, "date")
    versions = _Ids("agreement version")
    for record in _records(tables, AGREEMENTS_TABLE):
        versions.add(record, "version", str(record.integer("version", minimum=1)))
        check_iso_time(record, "at")
    from .case_bank import BANK_TABLE

    banked = _Ids("banked case")
    for record in _records(tables, BANK_TABLE):
        banked.add(record, "id")
        members.resolve(record, "member")
        check_iso_time(record, "brought_at")
        if record.text("closed_at", "", allow_empty=True, max_len=MAX_ID_LENGTH):
            check_iso_time(record, "closed_at")
    answered = _Ids("final answer")
    for record in _records(tables, FINAL_TABLE):
        members.resolve(record, "member")
        answered.add(record, "member")
        check_iso_time(record, "at")


__all__ = ["FieldError", "check_network_tables", "check_session_tables"]

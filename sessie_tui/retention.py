"""Removing case content once its retention period is over.

A network (`Network.retention_days`) or the config (`Config.retention_days`, for
networks that set none and meetings outside a network) says how many days after a
meeting its case content is kept. `plan` says, for every ended meeting, when its
content goes; `purge` removes it from the session file and the meeting's room
file — rewritten without it, atomically, like erasure — and marks the meeting
(`content_removed_at`) so that it is never read again for this. Kept: attendance,
acknowledgements, evaluation figures, action points and what became of them,
expectations (see `domain.retention`). Copies that would still hold the content
go too: temporary files of killed writes, recovery files of the meeting, copies of
a damaged file set aside. A meeting still being run is never touched.

Planning reads the catalog and the networks' headers only: a store with years of
meetings whose content already went costs no session file read at start.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .domain.case_bank import BANK_TABLE, BankStatus
from .domain.case_round import PROPOSALS_TABLE
from .domain.clock import Clock, local_timezone_name, to_iso
from .domain.dates import local_date
from .domain.network import NETWORK_TABLE
from .domain.notes import NoteKind
from .domain.record import record
from .domain.retention import (
    CASE_INFO_FIELDS,
    KEPT_NOTE_KINDS,
    REMARK_FIELD,
    REMOVED_TITLE,
    Retention,
    removal_date,
)
from .domain.session import (
    ANONYMOUS_EVALUATIONS_TABLE,
    EVALUATIONS_TABLE,
    NOTES_TABLE,
    SESSION_TABLE,
    TAKEAWAY_CHECKS_TABLE,
    WORK_TAKEAWAYS_TABLE,
    SessionStatus,
)
from .room.state import BALLOTS_TABLE, CARDS_TABLE
from .storage.errors import StoreError
from .storage.recovery import discard, pending, read_recovery
from .storage.store import CatalogEntry, Store
from .storage.transaction import AnyOf, Transaction

ENDED = SessionStatus.ENDED.value


def today(clock: Clock) -> str:
    zone = local_timezone_name()
    return local_date(to_iso(clock.time(), zone), zone)


def _network_days(store: Store) -> dict[str, int | None]:
    """Each network's own retention, from its header alone."""
    days: dict[str, int | None] = {}
    for network_id in store.network_ids():
        try:
            headers = list(store.read_network(network_id).get(NETWORK_TABLE, {}).values())
        except StoreError as problem:
            store.report(problem)
            continue
        value = headers[0].get("retention_days") if len(headers) == 1 else None
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
        days[network_id] = value if ok else None
    return days


def _meeting_date(entry: CatalogEntry) -> str:
    if entry.date:
        return entry.date
    return local_date(entry.created_at, local_timezone_name()) if entry.created_at else ""


def plan(
    store: Store, default_days: int | None, entries: Iterable[CatalogEntry] | None = None
) -> list[Retention]:
    """When each ended meeting whose content is still kept loses it, soonest first
    (of `entries` where given: a list of the store just read)."""
    networks = _network_days(store)
    found = []
    for entry in store.recorded_sessions() if entries is None else entries:
        if entry.status != ENDED or entry.content_removed:
            continue
        days = networks.get(entry.network_id or "") or default_days
        meeting_date = _meeting_date(entry)
        if days is None or not meeting_date:
            continue
        try:
            found.append(Retention(removal_date(meeting_date, days), entry.id, meeting_date, days))
        except ValueError:  # a date the catalog could not have taken from a sound file
            continue
    return sorted(found)


@record
class Purged:
    """What a purge removed, for the user to read."""

    sessions: tuple[str, ...]
    copies: int
    """Other files that held the content and were deleted (recovery, set aside, temporary)."""
    failed: tuple[StoreError, ...] = ()


def _strip_session(db: Transaction, removed_at: str) -> str | None:
    """Remove the case content from one session file: the id of its network ("" for none),
    or None if it is not to be touched."""
    header = db.single(SESSION_TABLE)
    if header is None or header.get("status") != ENDED or header.get("content_removed_at"):
        return None  # reopened since it was planned, or done by another process
    info = dict(header.get("info") or {})
    info.update({name: "" for name in CASE_INFO_FIELDS if name in info})
    db.put_single(SESSION_TABLE, {**header, "info": info, "content_removed_at": removed_at})
    db.remove(NOTES_TABLE, kind=AnyOf(k.value for k in NoteKind if k not in KEPT_NOTE_KINDS))
    for table in (EVALUATIONS_TABLE, ANONYMOUS_EVALUATIONS_TABLE):
        _blank(db, table, REMARK_FIELD)
    # What each took back to work goes; whether an earlier one was tried stays (a figure).
    db.truncate(WORK_TAKEAWAYS_TABLE)
    _blank(db, TAKEAWAY_CHECKS_TABLE, "text")
    _blank(db, PROPOSALS_TABLE, "title", REMOVED_TITLE)
    network_id = info.get("network_id")
    return network_id if isinstance(network_id, str) else ""


def _blank(db: Transaction, table: str, field: str, blank: str = "") -> None:
    for doc_id, doc in db.numbered(table):
        if doc.get(field) and doc.get(field) != blank:
            db.replace(table, doc_id, {**doc, field: blank})


def _strip_bank(store: Store, network_id: str, session_id: str) -> None:
    """The network's bank keeps who brought which case when (the ledger); the title of a
    case closed in this meeting goes with the meeting. Cases still waiting keep theirs."""
    with store.network_transaction(network_id) as db:
        for doc_id, doc in db.numbered(BANK_TABLE):
            waiting = doc.get("status") == BankStatus.OPEN.value
            closed_here = doc.get("closed_in") == session_id and not waiting
            if closed_here and doc.get("title") != REMOVED_TITLE:
                db.replace(BANK_TABLE, doc_id, {**doc, "title": REMOVED_TITLE})


def _strip_room(store: Store, session_id: str) -> None:
    if not store.read_room(session_id):
        return  # never shared: no room file to create
    with store.room_transaction(session_id) as db:
        db.truncate(CARDS_TABLE)
        _blank(db, BALLOTS_TABLE, REMARK_FIELD)


def _other_copies(store: Store, session_ids: set[str]) -> int:
    """Delete what else holds the purged meetings' content; how many files."""
    removed = store.remove_temp_leftovers()
    for path in pending(store.root):
        try:
            session_id, _ = read_recovery(path)
        except StoreError:
            continue
        if session_id in session_ids:
            discard(path)
            removed += 1
    for session_id in session_ids:
        for copy in store.set_aside_copies(session_id):
            removed += _unlink(copy)
    return removed


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except OSError:
        return 0
    return 1


def purge(store: Store, default_days: int | None, clock: Clock) -> Purged:
    """Remove the case content of every meeting whose retention period is over."""
    day = today(clock)
    due = [item for item in plan(store, default_days) if item.due(day)]
    removed_at = to_iso(clock.time(), local_timezone_name())
    done: list[str] = []
    failed: list[StoreError] = []
    for item in due:
        try:
            with store.session_transaction(item.session_id) as db:
                network_id = _strip_session(db, removed_at)
            if network_id is not None:
                _strip_room(store, item.session_id)
                if network_id and store.network_exists(network_id):
                    _strip_bank(store, network_id, item.session_id)
                done.append(item.session_id)
        except StoreError as problem:
            store.report(problem)
            failed.append(problem)
    copies = _other_copies(store, set(done)) if done else 0
    for session_id in done:
        store.sync_catalog_entry(session_id)
    return Purged(tuple(done), copies, tuple(failed))

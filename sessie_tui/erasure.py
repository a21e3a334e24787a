"""Erasing a person from the whole store, however their name was written.

People may ask for their data to be removed. Removing a member therefore goes
through every file of the store, not only the network's meetings: every
session (also outside any network), every network, the catalog, and the
temporary copies a killed writer left. The person is found under every name
they have had (the roster remembers former names; each meeting's participant
record keeps the name they had then), in every spelling (`domain.names`),
whole and by first name or surname where no one else has that first name or
surname. A shared session's room file goes the same way: the person's cards, devices
and ready signals are removed, and others' cards and the anonymous remarks are searched
like everything else (ballots carry no name to remove). What cannot be changed
(copies set aside in `damaged/`, a file of a newer version) is searched afterwards
and named; copies outside the store (exported reports, archives) are the user's to
delete.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .domain.case_bank import BANK_TABLE
from .domain.names import PersonFinder, person_forms
from .domain.network import FINAL_TABLE, MEMBERS_TABLE
from .domain.record import record
from .domain.session import PARTICIPANTS_TABLE, SESSION_TABLE
from .i18n import translate
from .room.state import CARDS_TABLE, DEVICES_TABLE, READY_TABLE
from .storage.errors import StoreError
from .storage.store import TEXT_SEPARATOR, Store, texts_in
from .storage.transaction import AnyOf, Transaction

UNTOUCHED_FIELDS = {SESSION_TABLE: ("method",)}
"""Not what anyone typed about a person: the method a session follows."""


@record
class Erasure:
    """What removing a member did, and what it could not do, for the user to read."""

    files: int
    """Store files in which something was changed."""
    leftovers: int
    """Temporary copies of killed writes deleted."""
    withheld: tuple[str, ...]
    """First names and surnames someone else also has: not erased where they stand alone."""
    unreachable: tuple[Path, ...]
    """Files in the store that still mention the person and could not be changed."""

    def left_behind(self, lang: str) -> list[str]:
        """What the removal could not do, one sentence each, for the user to act on."""
        lines = []
        if self.withheld:
            lines.append(translate("members.withheld", lang, names=", ".join(self.withheld)))
        if self.unreachable:
            count, paths = len(self.unreachable), _shown(self.unreachable)
            lines.append(translate("members.unreachable", lang, count=count, paths=paths))
        lines.append(translate("members.outside_store", lang))
        return lines


def _names_in(store: Store, member_id: str) -> tuple[list[str], list[str]]:
    """The person's every name (roster, former names, each meeting's participant record)
    and everybody else's names, from every readable file of the store."""
    own: list[str] = []
    others: list[str] = []
    for network_id in store.network_ids():
        try:
            tables = store.read_network(network_id)
        except StoreError as problem:
            store.report(problem)
            continue
        for doc in tables.get(MEMBERS_TABLE, {}).values():
            names = [doc.get("name"), *(doc.get("former_names") or [])]
            texts = [name for name in names if isinstance(name, str)]
            (own if doc.get("id") == member_id else others).extend(texts)
    for session_id in store.session_ids():
        try:
            tables = store.read_session(session_id)
        except StoreError as problem:
            store.report(problem)
            continue
        for doc in tables.get(PARTICIPANTS_TABLE, {}).values():
            name = doc.get("name")
            if isinstance(name, str):
                (own if doc.get("member_id") == member_id else others).append(name)
    return own, others


def _scrub(value: Any, finder: PersonFinder, replacement: str) -> Any:
    if isinstance(value, str):
        return finder.replace(value, replacement)
    if isinstance(value, list):
        return [_scrub(item, finder, replacement) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, finder, replacement) for key, item in value.items()}
    return value


def _scrub_tables(
    db: Transaction, finder: PersonFinder, replacement: str, member_id: str | None = None
) -> bool:
    """Replace the person in every record of one file; True if anything changed.

    A meeting's participant record linked to the member keeps its place (the meeting
    keeps its shape) under the replacement, and loses the link.
    """
    changed = False
    for table in sorted(db.table_names()):
        untouched = UNTOUCHED_FIELDS.get(table, ())
        for doc_id, doc in db.numbered(table):
            linked = member_id and doc.get("member_id") == member_id
            if not linked and not finder.found(TEXT_SEPARATOR.join(texts_in(doc))):
                continue  # most records: one search for all their texts
            record = dict(doc)
            kept = {key: record.pop(key) for key in untouched if key in record}
            scrubbed = {**_scrub(record, finder, replacement), **kept}
            record.update(kept)
            if table == PARTICIPANTS_TABLE and linked:
                scrubbed["name"] = replacement
                scrubbed.pop("member_id", None)
            if scrubbed != record:
                db.replace(table, doc_id, scrubbed)
                changed = True
    return changed


def _people_in(db: Transaction, finder: PersonFinder, member_id: str) -> set[str]:
    """The ids under which the person took part in one meeting: the participant record
    linked to the member, and any whose name is theirs (a meeting outside a network)."""
    return {
        doc["id"]
        for doc in db.all(PARTICIPANTS_TABLE)
        if isinstance(doc.get("id"), str)
        and (
            doc.get("member_id") == member_id
            or (isinstance(doc.get("name"), str) and finder.found(doc["name"]))
        )
    }


def _erase_from_room(
    store: Store, session_id: str, people: set[str], finder: PersonFinder, replacement: str
) -> bool:
    """Remove the person's cards, devices and ready signals from the session's room file,
    and their name from what others wrote there; True if anything changed."""
    if not store.read_room(session_id):
        return False  # never shared: no room file to create
    with store.room_transaction(session_id) as db:
        changed = False
        for table in (CARDS_TABLE, DEVICES_TABLE, READY_TABLE):
            changed |= bool(db.remove(table, participant=AnyOf(people)))
        changed |= _scrub_tables(db, finder, replacement)
    return changed


def erase_member(store: Store, network_id: str, member_id: str, replacement: str) -> Erasure:
    """Remove a member from their network's roster and the person from every file."""
    own, others = _names_in(store, member_id)
    forms = person_forms(own, others)
    finder = PersonFinder(forms)
    changed = 0
    for session_id in store.session_ids():
        try:
            with store.session_transaction(session_id) as db:
                people = _people_in(db, finder, member_id)
                changed += _scrub_tables(db, finder, replacement, member_id)
            changed += _erase_from_room(store, session_id, people, finder, replacement)
        except StoreError as problem:  # set aside or newer: searched and named below
            store.report(problem)
    for other_id in store.network_ids():
        try:
            with store.network_transaction(other_id) as db:
                own_network = other_id == network_id
                if own_network:
                    db.remove(MEMBERS_TABLE, id=member_id)
                    db.remove(FINAL_TABLE, member=member_id)
                    db.remove(BANK_TABLE, member=member_id)  # the cases they brought
                if _scrub_tables(db, finder, replacement) or own_network:
                    changed += 1
        except StoreError as problem:
            if other_id == network_id:
                raise  # the roster itself could not be changed: the removal did not happen
            store.report(problem)
    store.rebuild_catalog()  # it copies topics and places from the sessions
    leftovers = store.remove_temp_leftovers()
    unreachable = store.files_mentioning(finder.found)
    return Erasure(changed, leftovers, forms.withheld, tuple(unreachable))


def _shown(paths: Iterable[Path], limit: int = 5) -> str:
    shown = [str(path) for path in paths]
    return ", ".join(shown[:limit]) + (" …" if len(shown) > limit else "")

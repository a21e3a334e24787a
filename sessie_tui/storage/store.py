"""The store: one file per session, plus a small catalog to list them quickly.

    <store>/catalog.json          one line of facts per session, for lists
    <store>/sessions/<id>.json    everything about one session
    <store>/networks/<id>.json    a learning network: members, track, agreement
    <store>/damaged/              files that could not be read, kept byte for byte
    <store>/.locks/               the cross-process locks

Saving a note rewrites only its own session's file, so it costs the same with
one past session or five hundred. The catalog holds only derived facts: when
it is missing or damaged it is rebuilt from the session files, and when it
disagrees with the folder it is mended.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from .atomic import ensure_private_dir, remove_stale_temp_files
from .document import DocumentFile, Tables, _Parsed
from .errors import DamagedFile, NewerFile, NotFound, StoreError

SESSION_KIND = "session"
CATALOG_KIND = "catalog"
NETWORK_KIND = "network"
HEADER_TABLE = "session"
CATALOG_TABLE = "sessions"
_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class CatalogEntry:
    """What a list of sessions shows, without opening the session files."""

    id: str
    network: str = ""
    topic: str = ""
    date: str = ""
    place: str = ""
    number: int | None = None
    network_id: str | None = None
    method_id: str = ""
    method_title: Mapping[str, str] = field(default_factory=dict)
    status: str = "setup"
    practice: bool = False
    created_at: str = ""

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "network": self.network,
            "topic": self.topic,
            "date": self.date,
            "place": self.place,
            "number": self.number,
            "network_id": self.network_id,
            "method_id": self.method_id,
            "method_title": dict(self.method_title),
            "status": self.status,
            "practice": self.practice,
            "created_at": self.created_at,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CatalogEntry:
        def text(key: str) -> str:
            value = data.get(key)
            return value if isinstance(value, str) else ""

        number = data.get("number")
        title = data.get("method_title")
        network_id = data.get("network_id")
        return cls(
            id=text("id"),
            network=text("network"),
            topic=text("topic"),
            date=text("date"),
            place=text("place"),
            number=number if isinstance(number, int) and not isinstance(number, bool) else None,
            network_id=network_id if isinstance(network_id, str) else None,
            method_id=text("method_id"),
            method_title=title if isinstance(title, dict) else {},
            status=text("status") or "setup",
            practice=data.get("practice") is True,
            created_at=text("created_at"),
        )

    @classmethod
    def from_header(cls, header: Mapping[str, Any]) -> CatalogEntry:
        info = header.get("info") if isinstance(header.get("info"), dict) else {}
        method = header.get("method") if isinstance(header.get("method"), dict) else {}
        merged = {
            **{key: info.get(key) for key in ("network", "topic", "date", "place", "number")},
            "network_id": info.get("network_id"),
            "id": header.get("id"),
            "method_id": method.get("id"),
            "method_title": method.get("title"),
            "status": header.get("status"),
            "practice": header.get("practice"),
            "created_at": header.get("created_at"),
        }
        return cls.from_data(merged)


def _check_file_name(name: str) -> None:
    """An id that could step outside its folder, or name a hidden file, is not found."""
    if not name or "/" in name or "\\" in name or name[0] == ".":
        raise NotFound(name)


def header_of(tables: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Any]:
    docs = list(tables.get(HEADER_TABLE, {}).values())
    return docs[0] if len(docs) == 1 and isinstance(docs[0], dict) else {}


class Store:
    """All sessions of one user, in one folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        if root.exists() and not root.is_dir():
            raise StoreError("store.not_a_folder", path=str(root))
        ensure_private_dir(root)
        self.sessions_dir = ensure_private_dir(root / "sessions")
        self.networks_dir = ensure_private_dir(root / "networks")
        self.damaged_dir = root / "damaged"
        self._lock_dir = ensure_private_dir(root / ".locks")
        self._cache: dict[Path, _Parsed] = {}
        self.problems: list[StoreError] = []
        """Problems met along the way (damaged files moved aside), for the user to see."""
        remove_stale_temp_files(self.sessions_dir)
        remove_stale_temp_files(self.networks_dir)
        remove_stale_temp_files(root)

    def document(self, path: Path, kind: str) -> DocumentFile:
        return DocumentFile(path, kind, self._lock_dir, self.damaged_dir, self._cache)

    def _catalog(self) -> DocumentFile:
        return self.document(self.root / "catalog.json", CATALOG_KIND)

    def _session(self, session_id: str) -> DocumentFile:
        _check_file_name(session_id)
        return self.document(self.sessions_dir / f"{session_id}.json", SESSION_KIND)

    def session_path(self, session_id: str) -> Path:
        return self._session(session_id).path

    # -- listing -------------------------------------------------------------------------

    def _ids_on_disk(self) -> set[str]:
        with os.scandir(self.sessions_dir) as entries:
            return {
                entry.name[: -len(".json")]
                for entry in entries
                if entry.name.endswith(".json") and not entry.name.startswith(".")
            }

    def list_sessions(self, include_practice: bool = True) -> list[CatalogEntry]:
        """Every readable session, newest first."""
        catalog = self._catalog()
        try:
            stored = catalog.read().get(CATALOG_TABLE, {})
            entries = {
                entry.id: entry
                for entry in (CatalogEntry.from_data(doc) for doc in stored.values())
                if entry.id
            }
        except NotFound:
            entries = {}
        except DamagedFile as damage:
            self.problems.append(damage)
            entries = {}
        on_disk = self._ids_on_disk()
        if set(entries) != on_disk:
            entries = self._mend_catalog(entries, on_disk)
        found = [e for e in entries.values() if include_practice or not e.practice]
        return sorted(found, key=lambda e: (e.date, e.created_at), reverse=True)

    def _mend_catalog(
        self, entries: dict[str, CatalogEntry], on_disk: set[str]
    ) -> dict[str, CatalogEntry]:
        """Add sessions the catalog misses, drop entries whose file is gone."""
        mended = {key: value for key, value in entries.items() if key in on_disk}
        for session_id in sorted(on_disk - set(entries)):
            try:
                mended[session_id] = CatalogEntry.from_header(
                    header_of(self.read_session(session_id))
                )
            except (DamagedFile, NewerFile) as problem:
                self.problems.append(problem)
        with self._catalog().transaction(create=True) as db:
            table = db.table(CATALOG_TABLE)
            table.truncate()
            table.insert_multiple(entry.to_data() for entry in mended.values())
        return mended

    def rebuild_catalog(self) -> list[CatalogEntry]:
        return list(self._mend_catalog({}, self._ids_on_disk()).values())

    def _update_catalog_entry(self, entry: CatalogEntry) -> None:
        with self._catalog().transaction(create=True) as db:
            db.table(CATALOG_TABLE).upsert(entry.to_data(), Query().id == entry.id)

    def _remove_catalog_entry(self, session_id: str) -> None:
        with self._catalog().transaction(create=True) as db:
            db.table(CATALOG_TABLE).remove(Query().id == session_id)

    def resolve_session_id(self, text: str) -> str:
        """A session id from what a user typed: the whole id or a unique beginning."""
        wanted = text.strip()
        on_disk = self._ids_on_disk()
        if wanted in on_disk:
            return wanted
        matches = sorted(i for i in on_disk if wanted and i.startswith(wanted))
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise StoreError("store.ambiguous_id", id=wanted, matches=", ".join(matches[:5]))
        raise NotFound(wanted)

    # -- one session ---------------------------------------------------------------------

    def new_session_id(self, date: str) -> str:
        prefix = date.replace("-", "")[:8] or "sessie"
        while True:
            suffix = "".join(secrets.choice(_ID_ALPHABET) for _ in range(4))
            candidate = f"{prefix}-{suffix}"
            if not self._session(candidate).exists():
                return candidate

    def create_session(self, session_id: str, tables: Tables) -> None:
        self._session(session_id).write_new(tables)
        self._update_catalog_entry(CatalogEntry.from_header(header_of(tables)))

    def read_session(self, session_id: str) -> Tables:
        """A session's tables (read-only). Raises NotFound, DamagedFile or NewerFile."""
        try:
            return self._session(session_id).read()
        except DamagedFile as damage:
            self.problems.append(damage)
            raise

    def session_rev(self, session_id: str) -> str | None:
        """A token that changes whenever the session file changes; cheap to ask."""
        return self._session(session_id).head_rev()

    def session_exists(self, session_id: str) -> bool:
        return self._session(session_id).exists()

    @contextmanager
    def session_transaction(self, session_id: str) -> Iterator[TinyDB]:
        """Change one session; the catalog follows when the session's header changed."""
        document = self._session(session_id)
        with document.transaction() as db:
            before = CatalogEntry.from_header(header_of(document.read()))
            yield db
        after = CatalogEntry.from_header(header_of(document.read()))
        if after != before:
            self._update_catalog_entry(after)

    def sync_catalog_entry(self, session_id: str) -> None:
        """Make the catalog agree with a session file (after a crash between the two writes)."""
        entry = CatalogEntry.from_header(header_of(self.read_session(session_id)))
        try:
            stored = self._catalog().read().get(CATALOG_TABLE, {})
        except (NotFound, DamagedFile):
            stored = {}
        if not any(CatalogEntry.from_data(doc) == entry for doc in stored.values()):
            self._update_catalog_entry(entry)

    def delete_session(self, session_id: str) -> None:
        self._session(session_id).delete()
        self._remove_catalog_entry(session_id)

    def on_change(self, session_id: str) -> Callable[[], bool]:
        """A cheap poller: each call says whether the session file changed since the last."""
        last = [self.session_rev(session_id)]

        def changed() -> bool:
            now = self.session_rev(session_id)
            if now != last[0]:
                last[0] = now
                return True
            return False

        return changed

    # -- networks ------------------------------------------------------------------------

    def _network(self, network_id: str) -> DocumentFile:
        _check_file_name(network_id)
        return self.document(self.networks_dir / f"{network_id}.json", NETWORK_KIND)

    def network_ids(self) -> list[str]:
        with os.scandir(self.networks_dir) as entries:
            return sorted(
                entry.name[: -len(".json")]
                for entry in entries
                if entry.name.endswith(".json") and not entry.name.startswith(".")
            )

    def read_network(self, network_id: str) -> Tables:
        try:
            return self._network(network_id).read()
        except DamagedFile as damage:
            self.problems.append(damage)
            raise

    def network_exists(self, network_id: str) -> bool:
        return self._network(network_id).exists()

    def network_rev(self, network_id: str) -> str | None:
        return self._network(network_id).head_rev()

    def create_network(self, network_id: str, tables: Tables) -> None:
        self._network(network_id).write_new(tables)

    @contextmanager
    def network_transaction(self, network_id: str) -> Iterator[TinyDB]:
        with self._network(network_id).transaction() as db:
            yield db

    def delete_network(self, network_id: str) -> None:
        self._network(network_id).delete()

    def sessions_of_network(self, network_id: str) -> list[str]:
        return [entry.id for entry in self.list_sessions() if entry.network_id == network_id]

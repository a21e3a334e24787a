"""The store: one file per session, plus a small catalog to list them quickly.

    <store>/catalog.json          one line of facts per session, for lists
    <store>/sessions/<id>.json    everything about one session
    <store>/networks/<id>.json    a learning network: members, track, agreement
    <store>/rooms/<id>.json       a session shared with the room: its devices, sealed
                                  cards, ready signals and anonymous ballots (room/state.py)
    <store>/damaged/              files that could not be read, kept byte for byte
    <store>/.locks/               the cross-process locks

Saving a note rewrites only its own session's file, so it costs the same with
one past session or five hundred. The catalog holds only derived facts: when
it is missing or damaged it is rebuilt from the session files, and when it
disagrees with the folder it is mended. It also remembers each session file as
it was when last read whole and found sound (inode, size, time), so listing
reads only the files that changed since: a file damaged from outside is found
and set aside when the sessions are listed, not only when it is opened.

What goes wrong is raised to the caller; what the store gets past (a damaged
file skipped in a list, a catalog it could not write) is kept in `problems`
for the user to see.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import field, replace
from pathlib import Path
from typing import Any, TypeVar

from tinydb import Query, TinyDB

from ..domain.fields import FieldError
from ..domain.record import record
from ..domain.session import NOTES_TABLE
from ..errors import Phrase
from .atomic import (
    OTHERS_BITS,
    ensure_private_dir,
    remove_stale_temp_files,
    temp_target,
    writer_gone,
)
from .document import DocumentFile, Edit, Tables, _Parsed
from .errors import (
    AmbiguousId,
    CatalogRebuilt,
    DamagedFile,
    FolderProblem,
    NewerFile,
    NotFound,
    OpenFolder,
    SetAside,
    StoreError,
)
from .parts import PART_MARK
from .transaction import Transaction

SESSION_KIND = "session"
PARTED_TABLES = {SESSION_KIND: frozenset({NOTES_TABLE})}
"""Tables that grow by appending, whose older documents go in parts (`parts.py`): a
note's save then writes a file of bounded size, however many notes came before."""
CATALOG_KIND = "catalog"
NETWORK_KIND = "network"
ROOM_KIND = "room"
HEADER_TABLE = "session"
CATALOG_TABLE = "sessions"
CHECKED_TABLE = "checked"
"""In the catalog: each session file as it was when last read whole and found sound."""
SETTLED_SECONDS = 2.0
"""A file changed this recently may change again within its timestamp's resolution: it is
read again next time rather than trusted by its size and time (as git does)."""
_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

T = TypeVar("T")


@record
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
    content_removed: bool = False
    """Its case content went when its retention period was over."""

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
            "content_removed": self.content_removed,
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
            content_removed=data.get("content_removed") is True,
        )

    @classmethod
    def from_header(cls, header: Mapping[str, Any]) -> CatalogEntry:
        raw_info, raw_method = header.get("info"), header.get("method")
        info: Mapping[str, Any] = raw_info if isinstance(raw_info, dict) else {}
        method: Mapping[str, Any] = raw_method if isinstance(raw_method, dict) else {}
        merged = {
            **{key: info.get(key) for key in ("network", "topic", "date", "place", "number")},
            "network_id": info.get("network_id"),
            "id": header.get("id"),
            "method_id": method.get("id"),
            "method_title": method.get("title"),
            "status": header.get("status"),
            "practice": header.get("practice"),
            "created_at": header.get("created_at"),
            "content_removed": bool(header.get("content_removed_at")),
        }
        return cls.from_data(merged)


def _check_file_name(name: str) -> None:
    """An id that could step outside its folder, or name a hidden file, is not found."""
    if not name or "/" in name or "\\" in name or name[0] == ".":
        raise NotFound(name)


def header_of(tables: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Any]:
    docs = list(tables.get(HEADER_TABLE, {}).values())
    return docs[0] if len(docs) == 1 and isinstance(docs[0], dict) else {}


def _recorded_entries(tables: Mapping[str, Any]) -> dict[str, CatalogEntry]:
    """The catalog's entries by session id, as recorded."""
    docs = tables.get(CATALOG_TABLE, {}).values()
    return {entry.id: entry for entry in map(CatalogEntry.from_data, docs) if entry.id}


class Store:
    """All sessions of one user, in one folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        if root.exists() and not root.is_dir():
            raise StoreError("store.not_a_folder", path=str(root))
        self.sessions_dir = root / "sessions"
        self.networks_dir = root / "networks"
        self.rooms_dir = root / "rooms"
        self.damaged_dir = root / "damaged"
        self._lock_dir = root / ".locks"
        for folder in (root, self.sessions_dir, self.networks_dir, self.rooms_dir, self._lock_dir):
            try:
                ensure_private_dir(folder)
            except OSError as error:
                raise FolderProblem(folder, error) from None
        self._cache: dict[Path, _Parsed] = {}
        self._documents: dict[tuple[Path, str], DocumentFile] = {}
        self._verified: dict[str, tuple[tuple[int, int, int], CatalogEntry]] = {}
        """Session files read whole and found sound: their inode, size and time then."""
        self.problems: list[StoreError] = []
        """Problems met along the way (damaged files moved aside), for the user to see."""
        for folder, mode in self.open_folders():
            self.report(OpenFolder(folder, mode))
        remove_stale_temp_files(self.sessions_dir)
        remove_stale_temp_files(self.networks_dir)
        remove_stale_temp_files(self.rooms_dir)
        remove_stale_temp_files(root)

    def folders(self) -> list[Path]:
        return [
            self.root,
            self.sessions_dir,
            self.networks_dir,
            self.rooms_dir,
            self.damaged_dir,
            self._lock_dir,
        ]

    def open_folders(self) -> list[tuple[Path, int]]:
        """The store's folders that others (group, everyone) may read or enter, with
        their mode. Said to the user at start, never changed behind their back: the
        folder may be shared on purpose."""
        found = []
        for folder in self.folders():
            try:
                mode = folder.stat().st_mode & 0o777
            except OSError:
                continue
            if mode & OTHERS_BITS:
                found.append((folder, mode))
        return found

    def report(self, problem: StoreError) -> None:
        """Keep a problem for the user to see; the same one twice is said once."""
        said = (problem.key, sorted((k, str(v)) for k, v in problem.params.items()))
        for known in self.problems:
            if (known.key, sorted((k, str(v)) for k, v in known.params.items())) == said:
                return
        self.problems.append(problem)

    def document(self, path: Path, kind: str) -> DocumentFile:
        # Kept: making one (with its lock) costs more than a note's JSON.
        key = (path, kind)
        document = self._documents.get(key)
        if document is None:
            document = DocumentFile(
                path,
                kind,
                self._lock_dir,
                self.damaged_dir,
                self._cache,
                PARTED_TABLES.get(kind, frozenset()),
            )
            self._documents[key] = document
        return document

    def _catalog(self) -> DocumentFile:
        return self.document(self.root / "catalog.json", CATALOG_KIND)

    def _session(self, session_id: str) -> DocumentFile:
        _check_file_name(session_id)
        return self.document(self.sessions_dir / f"{session_id}.json", SESSION_KIND)

    def session_path(self, session_id: str) -> Path:
        return self._session(session_id).path

    # -- listing -------------------------------------------------------------------------

    def _json_names(self, folder: Path) -> list[str]:
        try:
            with os.scandir(folder) as entries:
                return [
                    entry.name[: -len(".json")]
                    for entry in entries
                    if entry.name.endswith(".json") and not entry.name.startswith(".")
                ]
        except OSError as error:
            raise FolderProblem(folder, error) from None

    def _ids_on_disk(self) -> set[str]:
        return set(self._json_names(self.sessions_dir))

    def session_ids(self) -> list[str]:
        """Every session file's id, readable or not, practice sessions too."""
        return sorted(self._ids_on_disk())

    def _checked_entry(self, session_id: str) -> CatalogEntry | None:
        """The session's entry as its file says; None if the file cannot be read (the
        problem reported, a damaged file moved aside).

        A file is read whole to check it unless it is exactly as when it was last
        found sound (same inode, size and modification time, long enough ago).
        """
        # The file's stat alone when it is known sound: a store holds years of meetings,
        # and this runs for each of them before the home screen shows its list.
        try:
            stat = os.stat(os.path.join(self.sessions_dir, f"{session_id}.json"))
        except OSError:
            return None
        signature = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        known = self._verified.get(session_id)
        if known is not None and known[0] == signature:
            return known[1]
        document = self._session(session_id)
        try:
            entry = CatalogEntry.from_header(header_of(document.verify()))
        except NotFound:
            return None
        except (DamagedFile, NewerFile) as problem:
            self.report(problem)
            return None
        # The file's name is what a user asks for: a copied file may say another id.
        entry = replace(entry, id=session_id) if entry.id != session_id else entry
        if time.time() - stat.st_mtime > SETTLED_SECONDS:
            self._verified[session_id] = (signature, entry)
        else:
            self._verified.pop(session_id, None)
        return entry

    def _trust(self, entries: Mapping[str, CatalogEntry], checked: Mapping[str, Any]) -> None:
        """Take in what the catalog says was found sound (by any process), where not known."""
        for doc in checked.values():
            session_id, file = doc.get("id"), doc.get("file")
            if (
                isinstance(session_id, str)
                and session_id in entries
                and session_id not in self._verified
                and isinstance(file, list)
                and len(file) == 3
                and all(isinstance(n, int) and not isinstance(n, bool) for n in file)
            ):
                self._verified[session_id] = ((file[0], file[1], file[2]), entries[session_id])

    def recorded_sessions(self) -> list[CatalogEntry]:
        """The sessions as the catalog records them, no session file read or checked.

        For work that reads again each file it acts on: the retention purge plans from
        it, and a meeting open in this app is not checked (and a damaged file of it set
        aside) behind the back of the screen that writes it. A catalog that cannot be
        read is rebuilt from the files, as `list_sessions` does.
        """
        try:
            return list(_recorded_entries(self._catalog().read()).values())
        except (NotFound, DamagedFile, NewerFile):
            return self.list_sessions()

    def list_sessions(self, include_practice: bool = True) -> list[CatalogEntry]:
        """Every readable session, newest first.

        Each session file is checked: read whole, unless it is unchanged since
        it was last found sound. A damaged one is reported (and moved aside)
        here, not listed. The catalog is mended from the session files when it
        disagrees with them, and rebuilt when it is missing or damaged.
        """
        catalog = self._catalog()
        rebuild = writable = True
        trusted: dict[str, tuple[int, ...]] = {}
        try:
            tables = catalog.read()
            entries = _recorded_entries(tables)
            rebuild = False
            self._trust(entries, tables.get(CHECKED_TABLE, {}))
            trusted = {
                doc["id"]: tuple(doc["file"])
                for doc in tables.get(CHECKED_TABLE, {}).values()
                if isinstance(doc.get("id"), str) and isinstance(doc.get("file"), list)
            }
        except NotFound:
            entries = {}
        except DamagedFile as damage:
            self.report(damage)
            entries = {}
        except NewerFile as newer:  # left untouched: listed from the session files instead
            self.report(newer)
            entries = {}
            writable = rebuild = False
        checked = {
            session_id: entry
            for session_id in sorted(self._ids_on_disk())
            if (entry := self._checked_entry(session_id)) is not None
        }
        if writable and (entries != checked or trusted != self._signatures(checked)):
            self._write_catalog(checked)
            if rebuild and checked and self._catalog().exists():
                self.report(CatalogRebuilt(catalog.path))
        found = [e for e in checked.values() if include_practice or not e.practice]
        return sorted(found, key=lambda e: (e.date, e.created_at), reverse=True)

    def _signatures(self, entries: Mapping[str, CatalogEntry]) -> dict[str, tuple[int, ...]]:
        return {
            session_id: self._verified[session_id][0]
            for session_id in entries
            if session_id in self._verified
        }

    def _write_catalog(self, entries: Mapping[str, CatalogEntry]) -> None:
        signatures = self._signatures(entries)

        def rewrite(db: TinyDB) -> None:
            table = db.table(CATALOG_TABLE)
            table.truncate()
            table.insert_multiple(entry.to_data() for entry in entries.values())
            files = db.table(CHECKED_TABLE)
            files.truncate()
            files.insert_multiple(
                {"id": session_id, "file": list(signature)}
                for session_id, signature in signatures.items()
            )

        self._change_catalog(rewrite)

    def rebuild_catalog(self) -> list[CatalogEntry]:
        """Write the catalog afresh from the session files."""
        entries = {
            session_id: entry
            for session_id in sorted(self._ids_on_disk())
            if (entry := self._checked_entry(session_id)) is not None
        }
        self._write_catalog(entries)
        return list(entries.values())

    def _change_catalog(self, change: Callable[[TinyDB], object]) -> bool:
        """Change the catalog if it can be; a problem with it never stops a session's own file.

        The catalog holds only facts derived from the session files: a catalog
        that cannot be written (full disk, read-only folder, newer version) is
        reported and mended by a later list.
        """
        for _ in range(2):
            try:
                with self._catalog().transaction(create=True) as db:
                    change(db)
                return True
            except DamagedFile as damage:
                self.report(damage)
                if damage.moved_to is None:
                    return False
                # Its bytes are kept aside: start again from a fresh catalog.
            except StoreError as problem:
                self.report(problem)
                return False
        return False

    def _update_catalog_entry(self, entry: CatalogEntry) -> None:
        self._change_catalog(
            lambda db: db.table(CATALOG_TABLE).upsert(entry.to_data(), Query().id == entry.id)
        )

    def _remove_catalog_entry(self, session_id: str) -> None:
        self._change_catalog(lambda db: db.table(CATALOG_TABLE).remove(Query().id == session_id))

    def set_aside_copies(self, session_id: str) -> list[Path]:
        """Where earlier copies of a damaged session file were kept, oldest first, and
        the parts kept aside with them (`parts.py`)."""
        try:
            return sorted(self.damaged_dir.glob(f"{session_id}.json.*.damaged"))
        except OSError:
            return []

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
            raise AmbiguousId(wanted, matches)
        if wanted and "/" not in wanted and not wanted.startswith("."):
            # The session file's copy is named, not that of one of its parts.
            kept = [p for p in self.set_aside_copies(wanted) if PART_MARK not in p.name]
            if kept:
                raise SetAside(wanted, kept[-1])
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

    def rewrite_session(self, session_id: str, tables: Tables) -> None:
        """Write a session file that is gone anew (never over one that is there:
        raises FileExistsError); the catalog follows."""
        self._session(session_id).write_new(tables)
        self._update_catalog_entry(CatalogEntry.from_header(header_of(tables)))

    def read_session(self, session_id: str) -> Tables:
        """A session's tables (read-only). Raises NotFound, DamagedFile or NewerFile.

        What is raised is for the caller to say; `problems` keeps only what the
        store met and got past (a damaged file skipped while listing).
        """
        return self._session(session_id).read()

    def load_session(self, session_id: str, build: Callable[[Tables], T]) -> T:
        """A session built from its tables; records that `build` refuses (it raises
        a `FieldError`) make the file damaged: it is moved aside like any other."""
        tables = self.read_session(session_id)
        return _built(self._session(session_id), tables, build)

    def load_session_at(
        self, session_id: str, build: Callable[[Tables], T]
    ) -> tuple[T, str, Tables]:
        """Like `load_session`, with the revision and the tables it was built from
        (from the same read of the file)."""
        document = self._session(session_id)
        parsed = document.parsed()
        return _built(document, parsed.tables, build), parsed.rev, parsed.tables

    def session_rev(self, session_id: str) -> str | None:
        """A token that changes whenever the session file changes; cheap to ask."""
        return self._session(session_id).head_rev()

    def session_exists(self, session_id: str) -> bool:
        return self._session(session_id).exists()

    @contextmanager
    def session_edit(self, session_id: str) -> Iterator[Edit]:
        """Change one session (see `Edit`); the catalog follows when its header changed.

        A change that leaves the header table alone (a note, a phase, a clock)
        does no catalog work at all.
        """
        with self._session(session_id).edit() as edit:
            # Kept as it was: TinyDB changes a record in place. A shallow copy: the
            # header's parts are replaced, never changed within.
            before = dict(header_of(edit.tables))
            yield edit
        if HEADER_TABLE in edit.touched:
            after = CatalogEntry.from_header(header_of(edit.tables))
            if after != CatalogEntry.from_header(before):
                self._update_catalog_entry(after)

    @contextmanager
    def session_transaction(self, session_id: str) -> Iterator[Transaction]:
        """Change one session; the catalog follows when the session's header changed."""
        with self.session_edit(session_id) as edit:
            yield edit.transaction

    def sync_catalog_entry(self, session_id: str, tables: Tables | None = None) -> None:
        """Make the catalog agree with a session file (after a crash between the two writes).

        `tables`: the session's, when the caller has just read them (not read again).
        """
        read = tables if tables is not None else self.read_session(session_id)
        entry = CatalogEntry.from_header(header_of(read))
        try:
            stored = self._catalog().read().get(CATALOG_TABLE, {})
        except NotFound:
            stored = {}
        except StoreError as problem:  # damaged (now set aside) or newer: still open the session
            self.report(problem)
            stored = {}
        # Only this session's entry is built: a store holds years of meetings.
        if not any(
            doc.get("id") == entry.id and CatalogEntry.from_data(doc) == entry
            for doc in stored.values()
        ):
            self._update_catalog_entry(entry)

    def delete_session(self, session_id: str) -> None:
        """The session's file, its entry in the catalog, and the temporary copies of
        either that a killed writer left (each holds what the file held then)."""
        self._session(session_id).delete()
        self._room(session_id).delete()
        self._remove_catalog_entry(session_id)
        try:
            self._catalog().remove_leftovers()
        except StoreError as problem:
            self.report(problem)

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

    # -- the room: a shared session's devices, cards and ballots -------------------------

    def _room(self, session_id: str) -> DocumentFile:
        _check_file_name(session_id)
        return self.document(self.rooms_dir / f"{session_id}.json", ROOM_KIND)

    def read_room(self, session_id: str) -> Tables:
        """The room's tables; empty when the session was never shared."""
        try:
            return self._room(session_id).read()
        except NotFound:
            return {}

    def room_rev(self, session_id: str) -> str | None:
        return self._room(session_id).head_rev()

    @contextmanager
    def room_transaction(self, session_id: str) -> Iterator[Transaction]:
        with self._room(session_id).edit(create=True) as edit:
            yield edit.transaction

    # -- networks ------------------------------------------------------------------------

    def _network(self, network_id: str) -> DocumentFile:
        _check_file_name(network_id)
        return self.document(self.networks_dir / f"{network_id}.json", NETWORK_KIND)

    def network_ids(self) -> list[str]:
        return sorted(self._json_names(self.networks_dir))

    def read_network(self, network_id: str) -> Tables:
        return self._network(network_id).read()

    def load_network(self, network_id: str, build: Callable[[Tables], T]) -> T:
        """A network built from its tables; refused records make the file damaged."""
        tables = self.read_network(network_id)
        return _built(self._network(network_id), tables, build)

    def network_exists(self, network_id: str) -> bool:
        return self._network(network_id).exists()

    def create_network(self, network_id: str, tables: Tables) -> None:
        self._network(network_id).write_new(tables)

    @contextmanager
    def network_transaction(self, network_id: str) -> Iterator[Transaction]:
        with self._network(network_id).edit() as edit:
            yield edit.transaction

    def delete_network(self, network_id: str) -> None:
        self._network(network_id).delete()

    def sessions_of_network(self, network_id: str) -> list[str]:
        return [entry.id for entry in self.list_sessions() if entry.network_id == network_id]

    # -- the whole store, for erasure ----------------------------------------------------

    def _document_for(self, folder: Path, name: str) -> DocumentFile | None:
        """The document a file name in one of the store's folders belongs to."""
        stem = name[: -len(".json")] if name.endswith(".json") else None
        if stem is None or not stem or stem.startswith("."):
            return None
        if folder == self.sessions_dir:
            return self._session(stem)
        if folder == self.networks_dir:
            return self._network(stem)
        if folder == self.rooms_dir:
            return self._room(stem)
        if folder == self.root and name == "catalog.json":
            return self._catalog()
        return None

    def remove_temp_leftovers(self) -> int:
        """Delete the temporary files that killed writers left anywhere in the store;
        how many. Each is a whole version of a file, with all it held then.

        A store file's leftovers are removed under that file's lock (no write of it
        is under way then, so none is young and still needed); any other (a copy
        being set aside in `damaged/`) once the process that wrote it has ended.
        """
        removed = 0
        for folder in self.folders():
            try:
                with os.scandir(folder) as entries:
                    names = [entry.name for entry in entries if entry.is_file()]
            except OSError:
                continue
            targets = {found for name in names if (found := temp_target(name)) is not None}
            # A document sweeps its temporary copies and the parts it does not name
            # (`parts.py`), once.
            owners = {target for target, _ in targets}
            owners.update(name.partition(PART_MARK)[0] for name in names if PART_MARK in name)
            swept: set[str] = set()
            for target in sorted(owners):
                document = self._document_for(folder, target)
                if document is not None:
                    removed += document.remove_leftovers()
                    swept.add(target)
            for target, pid in sorted(targets):
                if target in swept:
                    continue
                for name in names:
                    if temp_target(name) == (target, pid) and writer_gone(pid):
                        try:
                            (folder / name).unlink()
                            removed += 1
                        except FileNotFoundError:
                            pass
        return removed

    def files_mentioning(self, found: Callable[[str], bool]) -> list[Path]:
        """Every file under the store whose name or bytes mention what `found` looks
        for: its bytes read as UTF-8 and, where they are JSON, every text they hold
        (JSON may write a letter as an escape)."""
        hits = []
        for path in sorted(self.root.rglob("*")):
            try:
                if path.is_symlink() or not path.is_file():
                    if path.is_symlink() and found(str(path.relative_to(self.root))):
                        hits.append(path)
                    continue
                raw = path.read_bytes()
            except OSError:
                continue
            if found(str(path.relative_to(self.root))) or _mentions(raw, found):
                hits.append(path)
        return hits


def _mentions(raw: bytes, found: Callable[[str], bool]) -> bool:
    text = raw.decode("utf-8", "replace")
    if found(text):
        return True
    # A file set aside for not being UTF-8 may be UTF-16 (what some editors save).
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) and found(raw.decode("utf-16", "replace")):
        return True
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return found(TEXT_SEPARATOR.join(texts_in(data)))


TEXT_SEPARATOR = "\x00"
"""Between texts searched at once: neither a blank nor a letter, so nothing found spans two."""


def texts_in(value: Any) -> Iterator[str]:
    """Every text in a JSON value, keys too."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from texts_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from texts_in(item)


def _built(document: DocumentFile, tables: Tables, build: Callable[[Tables], T]) -> T:
    try:
        return build(tables)
    except FieldError as error:
        reason = Phrase("store.reason.bad_field", field=error.field, problem=error.problem)
        raise document.set_aside(reason, build) from None

"""One versioned JSON file of TinyDB tables, shared safely between processes.

The file is `{"sessie_tui": {"rev": ..., "format": ..., "schema": ...}, "tables": {...}}`.
`rev` is a random token that changes with every write and stands first in the
file, so a process can tell whether its parsed copy is still current by
reading a few bytes instead of the whole file.

Writes happen inside `edit()` (or `transaction()`, a TinyDB over an edit): a
cross-process lock is taken, the current content is (re)loaded with one read of
the file (only its first bytes when the cached parse is still current), the
caller changes the tables, and the result is written atomically once, at the
end; the edit then knows the revision it wrote. A fresh TinyDB each time
matters: a long-lived one caches the next document id and would reuse an id
another process has just taken, overwriting that document.
"""

from __future__ import annotations

import functools
import json
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from ..errors import Phrase
from .atomic import ensure_private_dir, remove_file, temp_files_for, write_atomic
from .errors import (
    DamagedFile,
    NewerFile,
    NotFound,
    StoreBusy,
    UnreadableFile,
    WriteFailed,
)
from .fairlock import LockTimeout, StoreLock, lock_files, make_lock
from .parts import (
    PART_MARK,
    PartProblem,
    is_part_name,
    part_path,
    parts_on_disk,
    read_part,
    split,
)
from .reading import (
    JsonBeyondLimits,
    load_json,
    open_regular_file,
    read_regular_file,
    read_rest,
)
from .transaction import Transaction

SCHEMA_VERSION = 2
"""The newest format this version reads. A file whose tables all stand in it is written
as format 1, which every version reads; one that names parts (see `parts.py`) as 2, which
an older version refuses (it would see only the documents after the parts)."""
PLAIN_SCHEMA = 1
LOCK_TIMEOUT_SECONDS = 15.0
"""How long a writer waits while nobody gets the lock (its holder is stuck). Waiting
writers are served in turn (see fairlock.py): a long queue that moves never times out."""
HEAD_BYTES = 96
_HEAD = re.compile(rb'^\{"sessie_tui":\{"rev":"([0-9a-f]{32})"')

Tables = dict[str, dict[str, Any]]


@dataclass
class _Parsed:
    """A document's tables with the revision they were read at.

    `parts` names, per table, the parts that hold its first documents (`parts.py`);
    `tables` holds every document, those of the parts first.
    """

    rev: str
    tables: Tables
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)


class Edit:
    """A document's tables as loaded under its lock, for one change.

    `rev` is the revision they were loaded at ("" for a file that is new or
    has none), `written_rev` the one written at the end (None if nothing
    changed). Change the tables through `insert` or `db` (a TinyDB over
    them): `touched` then names the tables changed, so a caller can tell, for
    instance, whether a session's header changed without comparing it.
    """

    def __init__(
        self, rev: str, tables: Tables, parts: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        self.rev = rev
        self.tables = tables
        self.parts = parts or {}
        """The parts the tables were loaded with (see `parts.py`)."""
        self.touched: set[str] = set()
        self.replaced: set[str] = set()
        """Tables TinyDB wrote anew: any of their documents may have changed, where
        `insert` only adds one after the others."""
        self.written_rev: str | None = None
        self.written = False
        """Written through `db` (TinyDB says so on every change)."""
        self._db: TinyDB | None = None
        self._transaction: Transaction | None = None

    def insert(self, table: str, doc: dict[str, Any]) -> None:
        """Add `doc` to `table` under a new document id (TinyDB's kind: the highest + 1)."""
        docs = self.tables.setdefault(table, {})
        docs[_next_doc_id(docs)] = doc
        self.touched.add(table)

    @property
    def db(self) -> TinyDB:
        """A TinyDB over these tables (made when first asked for)."""
        if self._db is None:
            self._db = TinyDB(storage=_EditStorage, edit=self)
        return self._db

    @property
    def transaction(self) -> Transaction:
        """The same tables through the operations the rest of the app may use
        (`storage/transaction.py`): TinyDB stays inside `storage/`."""
        if self._transaction is None:
            self._transaction = Transaction(self.db)
        return self._transaction

    @property
    def changed(self) -> bool:
        return self.written or bool(self.touched)


def _next_doc_id(docs: dict[str, Any]) -> str:
    """The id after the highest: the last one as a rule (ids are added in order), so
    a note's insert does not look at every note before it."""
    if not docs:
        return "1"
    last = next(reversed(docs))
    if last.isdigit() and str(int(last) + 1) not in docs:
        return str(int(last) + 1)
    return str(max((int(key) for key in docs if key.isdigit()), default=0) + 1)


class _EditStorage(Storage):
    """TinyDB storage over an edit's tables; notes which tables TinyDB replaced.

    TinyDB writes a table by putting a new dict in its place, so a table whose
    dict is no longer the one seen before was changed.
    """

    def __init__(self, edit: Edit) -> None:
        self._edit = edit
        self._seen = dict(edit.tables)

    def read(self) -> Tables:
        return self._edit.tables

    def write(self, data: Tables) -> None:
        seen = self._seen
        replaced = {
            name for name in data.keys() | seen.keys() if data.get(name) is not seen.get(name)
        }
        self._edit.touched.update(replaced)
        self._edit.replaced.update(replaced)
        self._edit.written = True  # even if no table's dict changed (dropping none)
        self._edit.tables = data
        self._seen = dict(data)


def encode(kind: str, rev: str, tables: Tables, parts: dict[str, list[str]] | None = None) -> bytes:
    """The file's bytes: compact JSON, the header first (see `_HEAD`); `parts` names
    the parts that hold the first documents of some tables (see `parts.py`).

    orjson encodes a session of a thousand notes in a fraction of what the
    standard library needs, and every note rewrites its session's file. What
    orjson refuses (a lone surrogate from an imported file, an integer beyond
    64 bits) goes through the standard library, whose ASCII escapes keep it
    exactly; both read back with `json.loads`.
    """
    header: dict[str, Any] = {"rev": rev, "format": kind, "schema": PLAIN_SCHEMA}
    if parts:
        header["schema"] = SCHEMA_VERSION
        header["parts"] = parts
    document = {"sessie_tui": header, "tables": tables}
    try:
        return orjson.dumps(document)
    except orjson.JSONEncodeError:
        return json.dumps(document, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _json_problem(text: str, error: json.JSONDecodeError) -> Phrase:
    """Invalid JSON: a file that stops short (cut off) is told apart from garbage."""
    end = len(text.rstrip())
    cut_off = text.lstrip().startswith("{") and (
        error.msg.startswith("Unterminated string") or end - error.pos <= 5
    )
    if cut_off:
        return Phrase("store.reason.cut_off", size=len(text.encode("utf-8", "replace")))
    return Phrase("store.reason.not_json", position=error.pos)


def decode(raw: bytes, path: Path, kind: str) -> _Parsed:
    """Parse and check a document's bytes; raise `DamagedFile` or `NewerFile`."""
    if not raw.strip():
        raise DamagedFile(path, Phrase("store.reason.empty"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DamagedFile(path, Phrase("store.reason.not_utf8", position=error.start)) from None
    try:
        data = load_json(text)
    except json.JSONDecodeError as error:
        raise DamagedFile(path, _json_problem(text, error)) from None
    except JsonBeyondLimits as error:
        raise DamagedFile(path, Phrase(error.reason_key)) from None
    header = data.get("sessie_tui") if isinstance(data, dict) else None
    if not isinstance(header, dict):
        raise DamagedFile(path, Phrase("store.reason.no_header"))
    schema = header.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise DamagedFile(path, Phrase("store.reason.bad_version"))
    if schema > SCHEMA_VERSION:
        raise NewerFile(path, schema, SCHEMA_VERSION)
    if header.get("format") != kind:
        found = header.get("format")
        raise DamagedFile(
            path, Phrase("store.reason.wrong_kind", expected=kind, found=str(found)[:40])
        )
    tables = data.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in tables.values()
    ):
        raise DamagedFile(path, Phrase("store.reason.bad_tables"))
    parts = header.get("parts", {})
    if not isinstance(parts, dict) or not all(
        isinstance(names, list) and all(is_part_name(name) for name in names)
        for names in parts.values()
    ):
        raise DamagedFile(path, Phrase("store.reason.bad_parts"))
    rev = header.get("rev")
    return _Parsed(
        rev if isinstance(rev, str) else "",
        tables,
        {table: tuple(names) for table, names in parts.items() if names},
    )


def _unlink_all(paths: Iterable[Path]) -> int:
    """Delete each file; how many were there to delete."""
    return sum(remove_file(path) for path in paths)


def _unique_aside_path(folder: Path, name: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return folder / f"{name}.{stamp}.{secrets.token_hex(3)}.damaged"


class DocumentFile:
    """A document file with its lock and a shared parse cache."""

    def __init__(
        self,
        path: Path,
        kind: str,
        lock_dir: Path,
        damaged_dir: Path,
        cache: dict[Path, _Parsed],
        parted: frozenset[str] = frozenset(),
    ) -> None:
        self.path = path
        self.kind = kind
        self._damaged_dir = damaged_dir
        self._cache = cache
        self._parted = parted
        """Tables that grow by appending, whose older documents go in parts (`parts.py`)."""
        self._part_docs: dict[str, dict[str, Any]] = {}
        """Parts as read, by name: a part never changes, so another process's save
        does not make this one read them again. Emptied when TinyDB has had the
        tables (it changes documents in place)."""
        self._lock_path = lock_dir / f"{path.parent.name}-{path.name}.lock"

    @functools.cached_property
    def _lock(self) -> StoreLock:
        # Made when first needed: listing checks hundreds of files and locks none.
        return make_lock(self._lock_path, LOCK_TIMEOUT_SECONDS)

    # -- reading, no lock needed: files are only ever replaced whole --------------------

    def exists(self) -> bool:
        return self.path.exists()

    def head_rev(self) -> str | None:
        """The current revision token, read from the first bytes; None if unknown."""
        try:
            with open_regular_file(self.path) as handle:  # a FIFO here must not hang a poll
                head = handle.read(HEAD_BYTES)
        except OSError:
            return None
        match = _HEAD.match(head)
        return match.group(1).decode() if match else None

    def read(self) -> Tables:
        """The file's tables, parsed once per revision. Treat them as read-only."""
        return self._load().tables

    def rev(self) -> str:
        return self._load().rev

    def verify(self) -> Tables:
        """Read the whole file from disk to check it, without keeping it in the cache.

        Raises like `read()`: a damaged file is moved aside.
        """
        return self._load(fresh=True).tables

    def parsed(self) -> _Parsed:
        """The file's revision and tables, parsed once per revision (read-only)."""
        return self._load()

    def _load(self, fresh: bool = False) -> _Parsed:
        """The parsed file with its parts; `fresh` reads it whole even if a parse is
        cached, and keeps none.

        A part found missing may have been removed by a writer that replaced the file
        meanwhile: the file is then read again. A part missing or damaged under a
        file that stays as it is makes the file damaged: it is set aside with all its
        parts can still give (see `_self_contained`), and the message names the part.
        """
        for _ in range(4):
            parsed = self._load_file(fresh)
            if parsed is self._cache.get(self.path) and not fresh:
                return parsed  # joined when it was cached
            try:
                joined = self._joined(parsed, fresh)
            except PartProblem as problem:
                if self.head_rev() != parsed.rev:
                    continue  # replaced while it was read: read the new one
                self._cache.pop(self.path, None)
                damage = DamagedFile(self.path, Phrase(problem.reason_key, part=problem.name))
                raise self._move_aside(damage, self._part_still_bad) from None
            if not fresh:
                self._cache[self.path] = joined
            return joined
        raise StoreBusy(self.path)

    def _joined(
        self, parsed: _Parsed, fresh: bool = False, unreadable: list[Path] | None = None
    ) -> _Parsed:
        """`parsed` with the documents of its parts in their tables, before its own.

        A part that cannot be read raises `PartProblem`, or, given `unreadable`, is
        left out and added to it.
        """
        if not parsed.parts:
            return parsed
        tables = dict(parsed.tables)
        for table, names in parsed.parts.items():
            docs: dict[str, Any] = {}
            for name in names:
                part = None if fresh else self._part_docs.get(name)
                if part is None:
                    try:
                        part = read_part(self.path, name)
                    except PartProblem:
                        if unreadable is None:
                            raise
                        unreadable.append(part_path(self.path, name))
                        continue
                    if not fresh:
                        self._part_docs[name] = part
                docs.update(part)
            docs.update(parsed.tables.get(table, {}))
            tables[table] = docs
        return _Parsed(parsed.rev, tables, parsed.parts)

    def _load_file(self, fresh: bool) -> _Parsed:
        """The document file itself, parsed (parts not joined, unless it is the cached
        parse). One opening of the file: its first bytes say whether the cached parse
        is current; only if not is the rest read, from the same handle.
        """
        cached = None if fresh else self._cache.get(self.path)
        try:
            with open_regular_file(self.path) as handle:
                head = handle.read(HEAD_BYTES) if cached is not None and cached.rev else b""
                match = _HEAD.match(head)
                if cached is not None and match and match.group(1).decode() == cached.rev:
                    return cached
                raw = read_rest(handle, self.path, start=head)
        except FileNotFoundError:
            self._cache.pop(self.path, None)
            raise NotFound(str(self.path)) from None
        except OSError as error:  # among them a FIFO or a device in the file's place
            raise UnreadableFile(self.path, error) from None
        try:
            return decode(raw, self.path, self.kind)
        except DamagedFile as damage:
            self._cache.pop(self.path, None)
            raise self._move_aside(damage) from None

    # -- writing -------------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        try:
            self._lock.acquire()
        except LockTimeout:
            raise StoreBusy(self.path) from None
        except OSError as error:  # the lock file cannot be made: a read-only folder, a full disk
            raise WriteFailed(self.path, error) from None
        try:
            yield
        finally:
            self._lock.release()

    @contextmanager
    def edit(self, *, create: bool = False) -> Iterator[Edit]:
        """Change the file's tables; written once, atomically, if anything changed."""
        with self.locked():
            if create and not self.path.exists():
                edit = Edit("", {})
            else:
                loaded = self._load()
                edit = Edit(loaded.rev, loaded.tables, loaded.parts)
            try:
                yield edit
            except BaseException:
                if edit.changed or edit._db is not None:
                    # Changed in place (TinyDB may change records before it writes):
                    # the cached copy is now wrong.
                    self._cache.pop(self.path, None)
                    self._part_docs.clear()
                raise
            if edit.written:
                self._part_docs.clear()  # TinyDB may have changed their documents in place
            if edit.changed:
                edit.written_rev = self._write(edit.tables, grown_from=edit)

    @contextmanager
    def transaction(self, *, create: bool = False) -> Iterator[TinyDB]:
        """Change the file through a TinyDB; written once, atomically, if anything changed."""
        with self.edit(create=create) as edit:
            yield edit.db

    def write_new(self, tables: Tables) -> None:
        """Create the file; refuses to replace one that exists."""
        with self.locked():
            if self.path.exists():
                raise FileExistsError(self.path)
            self._write(tables, replace=False)

    def _write(self, tables: Tables, replace: bool = True, grown_from: Edit | None = None) -> str:
        """Write the tables under a new revision token; that token.

        The older documents of a parted table go in parts (see `parts.py`). After an
        edit (`grown_from`), a table that only grew keeps the parts it had, unread and
        unwritten; a part whose bytes are those of a part the edit loaded is not
        written again either. New parts are on disk before the file that names them;
        parts it no longer names are removed once it is written.
        """
        rev = secrets.token_hex(16)
        known = grown_from.parts if grown_from is not None else {}
        had = {name for names in known.values() for name in names}
        stored = tables
        parts: dict[str, list[str]] = {}
        new_parts: dict[str, bytes] = {}
        for table in self._parted:
            docs = tables.get(table)
            if not docs:
                continue
            only_grew = grown_from is not None and table not in grown_from.replaced
            names, new, tail = split(docs, known.get(table, ()) if only_grew else ())
            if names:
                stored = dict(stored) if stored is tables else stored
                stored[table] = tail
                parts[table] = names
                new_parts.update((name, raw) for name, raw in new.items() if name not in had)
        try:
            ensure_private_dir(self.path.parent)
            for name, raw in new_parts.items():
                write_atomic(part_path(self.path, name), raw)
            write_atomic(self.path, encode(self.kind, rev, stored, parts), replace=replace)
        except FileExistsError:
            raise
        except OSError as error:
            self._cache.pop(self.path, None)
            raise WriteFailed(self.path, error) from None
        named = {table: tuple(names) for table, names in parts.items()}
        self._cache[self.path] = _Parsed(rev, tables, named)
        still = {name for names in parts.values() for name in names}
        for name in list(self._part_docs):
            if name not in still:
                del self._part_docs[name]
        if grown_from is None:
            self._remove_parts(keep=still)  # what a file written anew had before is not known
        else:
            for name in had - still:
                with suppress(OSError):
                    part_path(self.path, name).unlink()
        return rev

    def _remove_parts(self, keep: set[str]) -> int:
        """Delete this file's parts in its folder that are not in `keep`; how many."""
        return _unlink_all(
            part
            for part in parts_on_disk(self.path)
            if part.name.rsplit(PART_MARK, 1)[1] not in keep
        )

    def delete(self) -> None:
        """The file and every temporary copy a killed writer left of it."""
        with self.locked():
            self._cache.pop(self.path, None)
            remove_file(self.path)
            self._part_docs.clear()
            self._remove_parts(keep=set())
            self._remove_leftovers()
        for lock_file in lock_files(self._lock_path):
            with suppress(OSError):
                os.unlink(lock_file)

    def remove_leftovers(self) -> int:
        """Delete the temporary copies of this file that killed writers left; how many.

        Under the lock no write of this file is under way, so every temporary copy
        of it is a leftover, however young (each is a whole version of the file).
        """
        with self.locked():
            return self._remove_leftovers()

    def _remove_leftovers(self) -> int:
        """Temporary copies, and parts the file does not name (a writer killed between
        a part and the file, or before it removed the parts it had replaced). Parts
        stay while the file cannot be read: they may hold what is not elsewhere."""
        removed = 0
        try:
            named = self._load().parts
        except (DamagedFile, NewerFile, NotFound, UnreadableFile, StoreBusy):
            pass
        else:
            removed += self._remove_parts({name for names in named.values() for name in names})
        return removed + _unlink_all(temp_files_for(self.path))

    # -- damage --------------------------------------------------------------------------

    def set_aside(self, reason: Phrase, check: Callable[[Tables], object]) -> DamagedFile:
        """A file whose records do not pass `check` (it raises): moved aside like any damage.

        `check` is tried again under the lock, so a file another process has
        just replaced with a good one stays where it is.
        """
        self._cache.pop(self.path, None)

        def still_bad(raw: bytes) -> bool:
            try:
                check(self._whole(raw).tables)
            except (DamagedFile, PartProblem):
                return True
            except NewerFile:
                return False
            except Exception:  # the check's own complaint: what we are setting aside for
                return True
            return False

        return self._move_aside(DamagedFile(self.path, reason), still_bad)

    def _move_aside(
        self, damage: DamagedFile, still_bad: Callable[[bytes], bool] | None = None
    ) -> DamagedFile:
        """Keep a damaged file's bytes where nothing will overwrite them; never lose them."""
        try:
            with self.locked():
                # Another process may have replaced it with a good file meanwhile.
                raw = read_regular_file(self.path)
                if not (still_bad or self._still_damaged)(raw):
                    return damage
                ensure_private_dir(self._damaged_dir)
                target = _unique_aside_path(self._damaged_dir, self.path.name)
                # The bytes themselves (with its parts' documents, see `_self_contained`),
                # never a link: a hard link would share the file with every other name
                # it has, and the path may be a symbolic link.
                kept, parts_aside = self._self_contained(raw)
                try:
                    write_atomic(target, kept, replace=False)  # never over anything
                except FileExistsError:
                    return damage
                try:
                    os.unlink(self.path)
                except OSError:
                    # It cannot leave its folder (read-only): it stays where it is, and
                    # no second copy is left to pile up on every read.
                    with suppress(OSError):
                        target.unlink()
                    return damage
                for part in parts_aside:  # their bytes, kept as they are
                    with suppress(OSError):
                        part_raw = read_regular_file(part)
                        write_atomic(
                            _unique_aside_path(self._damaged_dir, part.name),
                            part_raw,
                            replace=False,
                        )
                        part.unlink()
        except (OSError, StoreBusy, WriteFailed):
            return damage
        return DamagedFile(self.path, damage.why, moved_to=target)

    def _whole(self, raw: bytes) -> _Parsed:
        """The file's bytes parsed, its parts read from disk and joined."""
        return self._joined(decode(raw, self.path, self.kind), fresh=True)

    def _part_still_bad(self, raw: bytes) -> bool:
        try:
            self._whole(raw)
        except (DamagedFile, PartProblem):
            return True
        except NewerFile:
            return False
        return False

    def _self_contained(self, raw: bytes) -> tuple[bytes, list[Path]]:
        """What is set aside for a file: one file with the documents of every part it
        names that can be read (format 1, which needs no part beside it), and the
        parts to keep aside as they are: those that cannot be read, or, for a file
        that cannot be parsed (kept as its bytes are), every part of its name, since
        which it named is not known and a file written in its place would sweep them."""
        try:
            parsed = decode(raw, self.path, self.kind)
        except (DamagedFile, NewerFile):
            return raw, parts_on_disk(self.path)
        if not parsed.parts:
            return raw, []
        unreadable: list[Path] = []
        whole = self._joined(parsed, fresh=True, unreadable=unreadable)
        return encode(self.kind, whole.rev, whole.tables), unreadable

    def _still_damaged(self, raw: bytes) -> bool:
        try:
            decode(raw, self.path, self.kind)
        except DamagedFile:
            return True
        except NewerFile:
            return False
        return False

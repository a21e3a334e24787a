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
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from ..errors import Phrase
from .atomic import ensure_private_dir, temp_files_for, write_atomic
from .errors import (
    DamagedFile,
    NewerFile,
    NotFound,
    StoreBusy,
    UnreadableFile,
    WriteFailed,
)
from .fairlock import LockTimeout, StoreLock, lock_files, make_lock
from .reading import (
    JsonBeyondLimits,
    load_json,
    open_regular_file,
    read_regular_file,
    read_rest,
)
from .transaction import Transaction

SCHEMA_VERSION = 1
LOCK_TIMEOUT_SECONDS = 15.0
"""How long a writer waits while nobody gets the lock (its holder is stuck). Waiting
writers are served in turn (see fairlock.py): a long queue that moves never times out."""
HEAD_BYTES = 96
_HEAD = re.compile(rb'^\{"sessie_tui":\{"rev":"([0-9a-f]{32})"')

Tables = dict[str, dict[str, Any]]


@dataclass
class _Parsed:
    """A document's tables with the revision they were read at."""

    rev: str
    tables: Tables


class Edit:
    """A document's tables as loaded under its lock, for one change.

    `rev` is the revision they were loaded at ("" for a file that is new or
    has none), `written_rev` the one written at the end (None if nothing
    changed). Change the tables through `insert` or `db` (a TinyDB over
    them): `touched` then names the tables changed, so a caller can tell, for
    instance, whether a session's header changed without comparing it.
    """

    def __init__(self, rev: str, tables: Tables) -> None:
        self.rev = rev
        self.tables = tables
        self.touched: set[str] = set()
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
        self._edit.touched.update(
            name for name in data.keys() | seen.keys() if data.get(name) is not seen.get(name)
        )
        self._edit.written = True  # even if no table's dict changed (dropping none)
        self._edit.tables = data
        self._seen = dict(data)


def encode(kind: str, rev: str, tables: Tables) -> bytes:
    """The file's bytes: compact JSON, the header first (see `_HEAD`).

    orjson encodes a session of a thousand notes in a fraction of what the
    standard library needs, and every note rewrites its session's file. What
    orjson refuses (a lone surrogate from an imported file, an integer beyond
    64 bits) goes through the standard library, whose ASCII escapes keep it
    exactly; both read back with `json.loads`.
    """
    document = {
        "sessie_tui": {"rev": rev, "format": kind, "schema": SCHEMA_VERSION},
        "tables": tables,
    }
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
    rev = header.get("rev")
    return _Parsed(rev if isinstance(rev, str) else "", tables)


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
    ) -> None:
        self.path = path
        self.kind = kind
        self._damaged_dir = damaged_dir
        self._cache = cache
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
        """The parsed file; `fresh` reads it whole even if a parse is cached, and keeps none.

        One opening of the file: its first bytes say whether the cached parse is
        current; only if not is the rest read, from the same handle.
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
            parsed = decode(raw, self.path, self.kind)
        except DamagedFile as damage:
            self._cache.pop(self.path, None)
            raise self._move_aside(damage) from None
        if not fresh:
            self._cache[self.path] = parsed
        return parsed

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
                edit = Edit(loaded.rev, loaded.tables)
            try:
                yield edit
            except BaseException:
                if edit.changed or edit._db is not None:
                    # Changed in place (TinyDB may change records before it writes):
                    # the cached copy is now wrong.
                    self._cache.pop(self.path, None)
                raise
            if edit.changed:
                edit.written_rev = self._write(edit.tables)

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

    def _write(self, tables: Tables, replace: bool = True) -> str:
        """Write the tables under a new revision token; that token."""
        rev = secrets.token_hex(16)
        try:
            ensure_private_dir(self.path.parent)
            write_atomic(self.path, encode(self.kind, rev, tables), replace=replace)
        except FileExistsError:
            raise
        except OSError as error:
            self._cache.pop(self.path, None)
            raise WriteFailed(self.path, error) from None
        self._cache[self.path] = _Parsed(rev, tables)
        return rev

    def delete(self) -> None:
        """The file and every temporary copy a killed writer left of it."""
        with self.locked():
            self._cache.pop(self.path, None)
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
            except OSError as error:
                raise WriteFailed(self.path, error) from None
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
        removed = 0
        for temp in temp_files_for(self.path):
            try:
                temp.unlink()
            except FileNotFoundError:
                continue
            except OSError as error:
                raise WriteFailed(temp, error) from None
            removed += 1
        return removed

    # -- damage --------------------------------------------------------------------------

    def set_aside(self, reason: Phrase, check: Callable[[Tables], object]) -> DamagedFile:
        """A file whose records do not pass `check` (it raises): moved aside like any damage.

        `check` is tried again under the lock, so a file another process has
        just replaced with a good one stays where it is.
        """
        self._cache.pop(self.path, None)

        def still_bad(raw: bytes) -> bool:
            try:
                check(decode(raw, self.path, self.kind).tables)
            except DamagedFile:
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
                # The bytes themselves, never a link: a hard link would share the file
                # with every other name it has, and the path may be a symbolic link.
                try:
                    write_atomic(target, raw, replace=False)  # never over anything
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
        except (OSError, StoreBusy, WriteFailed):
            return damage
        return DamagedFile(self.path, damage.why, moved_to=target)

    def _still_damaged(self, raw: bytes) -> bool:
        try:
            decode(raw, self.path, self.kind)
        except DamagedFile:
            return True
        except NewerFile:
            return False
        return False

"""One versioned JSON file of TinyDB tables, shared safely between processes.

The file is `{"sessie_tui": {"rev": ..., "format": ..., "schema": ...}, "tables": {...}}`.
`rev` is a random token that changes with every write and stands first in the
file, so a process can tell whether its parsed copy is still current by
reading a few bytes instead of the whole file.

Writes happen inside `transaction()`: a cross-process lock is taken, the
current content is (re)loaded, a fresh TinyDB works on it, and the result is
written atomically once, at the end. A fresh TinyDB each time matters: a
long-lived one caches the next document id and would reuse an id another
process has just taken, overwriting that document.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage

from .atomic import FILE_MODE, ensure_private_dir, write_atomic
from .errors import DamagedFile, NewerFile, NotFound, StoreBusy, WriteFailed

SCHEMA_VERSION = 1
LOCK_TIMEOUT_SECONDS = 15.0
HEAD_BYTES = 96
_HEAD = re.compile(rb'^\{"sessie_tui":\{"rev":"([0-9a-f]{32})"')

Tables = dict[str, dict[str, Any]]


@dataclass
class _Parsed:
    rev: str
    tables: Tables


class _HandedOverStorage(Storage):
    """TinyDB storage over tables already loaded under the lock; records whether they changed."""

    def __init__(self, state: dict[str, Any]) -> None:
        self._state = state

    def read(self) -> Tables:
        return self._state["tables"]

    def write(self, data: Tables) -> None:
        self._state["tables"] = data
        self._state["dirty"] = True


def encode(kind: str, rev: str, tables: Tables) -> bytes:
    # ASCII escapes keep any text (lone surrogates included) round-tripping exactly.
    header = {"rev": rev, "format": kind, "schema": SCHEMA_VERSION}
    return json.dumps(
        {"sessie_tui": header, "tables": tables}, separators=(",", ":"), ensure_ascii=True
    ).encode("ascii")


def decode(raw: bytes, path: Path, kind: str) -> _Parsed:
    """Parse and check a document's bytes; raise `DamagedFile` or `NewerFile`."""
    if not raw.strip():
        raise DamagedFile(path, "the file is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise DamagedFile(path, f"not UTF-8 text at byte {error.start}") from None
    except json.JSONDecodeError as error:
        raise DamagedFile(path, f"not valid JSON ({error.msg} at byte {error.pos})") from None
    header = data.get("sessie_tui") if isinstance(data, dict) else None
    if not isinstance(header, dict):
        raise DamagedFile(path, "not a sessie-tui file: the 'sessie_tui' header is missing")
    schema = header.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise DamagedFile(path, "the header's 'schema' is not a version number")
    if schema > SCHEMA_VERSION:
        raise NewerFile(path, schema, SCHEMA_VERSION)
    if header.get("format") != kind:
        raise DamagedFile(path, f"expected a {kind} file, found {header.get('format')!r}")
    tables = data.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in tables.values()
    ):
        raise DamagedFile(path, "'tables' is not a table of records")
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
        self._lock = FileLock(
            lock_dir / f"{path.parent.name}-{path.name}.lock",
            timeout=LOCK_TIMEOUT_SECONDS,
            mode=FILE_MODE,
        )

    # -- reading, no lock needed: files are only ever replaced whole --------------------

    def exists(self) -> bool:
        return self.path.exists()

    def head_rev(self) -> str | None:
        """The current revision token, read from the first bytes; None if unknown."""
        try:
            with self.path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
        except FileNotFoundError:
            return None
        match = _HEAD.match(head)
        return match.group(1).decode() if match else None

    def read(self) -> Tables:
        """The file's tables, parsed once per revision. Treat them as read-only."""
        return self._load().tables

    def rev(self) -> str:
        return self._load().rev

    def _load(self) -> _Parsed:
        cached = self._cache.get(self.path)
        if cached is not None and cached.rev and cached.rev == self.head_rev():
            return cached
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self._cache.pop(self.path, None)
            raise NotFound(str(self.path)) from None
        except OSError as error:
            raise DamagedFile(self.path, error.strerror or str(error)) from None
        try:
            parsed = decode(raw, self.path, self.kind)
        except DamagedFile as damage:
            self._cache.pop(self.path, None)
            raise self._move_aside(damage) from None
        self._cache[self.path] = parsed
        return parsed

    # -- writing -------------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        try:
            with self._lock:
                yield
        except Timeout:
            raise StoreBusy(self.path) from None

    @contextmanager
    def transaction(self, *, create: bool = False) -> Iterator[TinyDB]:
        """Change the file through a TinyDB; written once, atomically, if anything changed."""
        with self.locked():
            if create and not self.path.exists():
                tables: Tables = {}
            else:
                tables = self._load().tables
            state: dict[str, Any] = {"tables": tables, "dirty": False}
            db = TinyDB(storage=_HandedOverStorage, state=state)
            try:
                yield db
            except BaseException:
                # TinyDB changes the loaded tables in place: the cached copy is now wrong.
                self._cache.pop(self.path, None)
                raise
            if state["dirty"]:
                self._write(state["tables"])

    def write_new(self, tables: Tables) -> None:
        """Create the file; refuses to replace one that exists."""
        with self.locked():
            if self.path.exists():
                raise FileExistsError(self.path)
            self._write(tables, replace=False)

    def _write(self, tables: Tables, replace: bool = True) -> None:
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

    def delete(self) -> None:
        with self.locked():
            self._cache.pop(self.path, None)
            with suppress(FileNotFoundError):
                self.path.unlink()
        with suppress(OSError):
            os.unlink(self._lock.lock_file)

    # -- damage --------------------------------------------------------------------------

    def _move_aside(self, damage: DamagedFile) -> DamagedFile:
        """Keep a damaged file's bytes where nothing will overwrite them."""
        try:
            with self.locked():
                # Another process may have replaced it with a good file meanwhile.
                try:
                    decode(self.path.read_bytes(), self.path, self.kind)
                except DamagedFile:
                    pass
                except (NewerFile, OSError):
                    return damage
                else:
                    return damage
                ensure_private_dir(self._damaged_dir)
                target = _unique_aside_path(self._damaged_dir, self.path.name)
                os.link(self.path, target)  # fails rather than overwrite anything
                os.unlink(self.path)
        except (OSError, StoreBusy):
            return damage
        return DamagedFile(self.path, damage.reason, moved_to=target)

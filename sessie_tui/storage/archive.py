"""Session archives: one whole session in a documented, versioned JSON file.

    {
      "format": "sessie-tui-session",
      "version": 1,
      "session": { ...the session record: id, info, method, agreement, status... },
      "participants": [...], "acknowledgements": [...], "overrides": [...],
      "events": [...], "notes": [...], "evaluations": [...]
    }

Each list holds the records in the order they were made. `import` validates
the whole file (every record, with the same reader that opens session files)
before it writes anything, so a bad archive leaves the store exactly as it was.
The format is described field by field in docs/archive-format.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..domain.fields import FieldError, FieldReader
from ..domain.session import (
    ACKNOWLEDGEMENTS_TABLE,
    EVALUATIONS_TABLE,
    EVENTS_TABLE,
    NOTES_TABLE,
    OVERRIDES_TABLE,
    PARTICIPANTS_TABLE,
    SESSION_TABLE,
    Session,
)
from ..errors import UserFacingError
from .atomic import write_atomic
from .document import Tables
from .store import Store

ARCHIVE_FORMAT = "sessie-tui-session"
ARCHIVE_VERSION = 1
RECORD_TABLES = (
    PARTICIPANTS_TABLE,
    ACKNOWLEDGEMENTS_TABLE,
    OVERRIDES_TABLE,
    EVENTS_TABLE,
    NOTES_TABLE,
    EVALUATIONS_TABLE,
)
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024


class ArchiveError(UserFacingError):
    """An archive that cannot be imported; names the file and, where it can, the field."""


def _ordered(table: dict[str, Any]) -> list[Any]:
    def key(doc_id: str) -> tuple[int, str]:
        return (int(doc_id), "") if doc_id.isdigit() else (0, doc_id)

    return [table[doc_id] for doc_id in sorted(table, key=key)]


def archive_from_tables(tables: Tables) -> dict[str, Any]:
    header = _ordered(tables.get(SESSION_TABLE, {}))
    archive: dict[str, Any] = {
        "format": ARCHIVE_FORMAT,
        "version": ARCHIVE_VERSION,
        "session": header[0] if header else {},
    }
    for table in RECORD_TABLES:
        archive[table] = _ordered(tables.get(table, {}))
    return archive


def tables_from_archive(data: Any) -> tuple[Session, Tables]:
    """Check an archive completely; raises FieldError naming the first bad field."""
    reader = FieldReader(data)
    if reader.text("format", "") != ARCHIVE_FORMAT:
        raise reader.error("format", f"must be {ARCHIVE_FORMAT!r}: this is not a session archive")
    version = reader.integer("version", minimum=1)
    if version > ARCHIVE_VERSION:
        raise reader.error(
            "version",
            f"{version} is newer than this sessie-tui reads ({ARCHIVE_VERSION}); update sessie-tui",
        )
    tables: Tables = {SESSION_TABLE: {"1": dict(reader.table("session").raw())}}
    for table in RECORD_TABLES:
        records = [item.raw() for item in reader.tables(table, [])]
        tables[table] = {str(index): dict(record) for index, record in enumerate(records, 1)}
    # Building the session checks every field of every record, with its path.
    session = Session.from_tables(tables)
    return session, tables


def read_archive(path: Path) -> tuple[Session, Tables]:
    try:
        if path.stat().st_size > MAX_ARCHIVE_BYTES:
            raise ArchiveError("archive.too_large", path=str(path))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ArchiveError("archive.missing", path=str(path)) from None
    except OSError as error:
        raise ArchiveError("archive.unreadable", path=str(path), reason=str(error)) from None

    def invalid(problem: str, field: str = "(file)") -> ArchiveError:
        return ArchiveError("archive.invalid", path=str(path), field=field, problem=problem)

    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise invalid(f"not UTF-8 at byte {error.start}") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise invalid(f"not valid JSON ({error.msg} at {where})") from None
    try:
        return tables_from_archive(data)
    except FieldError as error:
        raise invalid(error.problem, error.field) from None


def encode_archive(tables: Tables) -> bytes:
    text = json.dumps(archive_from_tables(tables), ensure_ascii=False, indent=2)
    # A lone surrogate becomes the JSON escape \udcxx, which reads back as itself.
    return (text + "\n").encode("utf-8", "backslashreplace")


def write_archive(store: Store, session_id: str, path: Path, *, force: bool = False) -> None:
    data = encode_archive(store.read_session(session_id))
    try:
        write_atomic(path, data, replace=force)
    except FileExistsError:
        raise ArchiveError("export.exists", path=str(path)) from None


def import_archive(store: Store, path: Path) -> Session:
    """Add an archived session to the store; nothing is written unless all of it is valid."""
    session, tables = read_archive(path)
    if store.session_exists(session.id):
        raise ArchiveError("archive.exists", path=str(path), id=session.id)
    store.create_session(session.id, tables)
    return session

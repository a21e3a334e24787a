"""Archives: one whole session (or network) in a documented, versioned JSON file.

    {
      "format": "sessie-tui-session",
      "version": 1,
      "session": { ...the session record: id, info, method, agreement, status... },
      "participants": [...], "acknowledgements": [...], "overrides": [...],
      "events": [...], "notes": [...], "evaluations": [...],
      "anonymous_evaluations": [...]
    }

Each list holds the records in the order they were made. `import` validates
the whole file (every record, with the same reader that opens session files)
before it writes anything, so a bad archive leaves the store exactly as it was.
A network archive has the same shape: "sessie-tui-network", a "network"
record, and "members", "track", "agreements" and "final_evaluation" lists.
The README describes the session format field by field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..domain.fields import FieldError, FieldReader
from ..domain.network import (
    AGREEMENTS_TABLE,
    FINAL_TABLE,
    MEMBERS_TABLE,
    NETWORK_TABLE,
    TRACK_TABLE,
    Network,
)
from ..domain.record import record
from ..domain.session import (
    ACKNOWLEDGEMENTS_TABLE,
    ANONYMOUS_EVALUATIONS_TABLE,
    EVALUATIONS_TABLE,
    EVENTS_TABLE,
    EXPECTATIONS_TABLE,
    FOLLOW_UPS_TABLE,
    NOTES_TABLE,
    OVERRIDES_TABLE,
    PARTICIPANTS_TABLE,
    SESSION_TABLE,
    TAKEAWAY_CHECKS_TABLE,
    WORK_TAKEAWAYS_TABLE,
    Session,
)
from ..errors import Phrase, UserFacingError
from .atomic import write_atomic
from .document import Tables
from .errors import WriteFailed, os_reason
from .reading import JsonBeyondLimits, NotARegularFile, TooLarge, load_json, read_regular_file
from .store import Store

T = TypeVar("T")

ARCHIVE_VERSION = 1
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024


@record
class ArchiveKind:
    """What one kind of archive holds: its header record and its lists of records."""

    format: str
    header: str
    records: tuple[str, ...]


SESSION_ARCHIVE = ArchiveKind(
    "sessie-tui-session",
    SESSION_TABLE,
    (
        PARTICIPANTS_TABLE,
        ACKNOWLEDGEMENTS_TABLE,
        OVERRIDES_TABLE,
        EVENTS_TABLE,
        NOTES_TABLE,
        EVALUATIONS_TABLE,
        ANONYMOUS_EVALUATIONS_TABLE,
        FOLLOW_UPS_TABLE,
        EXPECTATIONS_TABLE,
        WORK_TAKEAWAYS_TABLE,
        TAKEAWAY_CHECKS_TABLE,
    ),
)
NETWORK_ARCHIVE = ArchiveKind(
    "sessie-tui-network",
    NETWORK_TABLE,
    (MEMBERS_TABLE, TRACK_TABLE, AGREEMENTS_TABLE, FINAL_TABLE),
)
ARCHIVE_FORMAT = SESSION_ARCHIVE.format


class ArchiveError(UserFacingError):
    """An archive that cannot be imported; names the file and, where it can, the field."""


def _ordered(table: dict[str, Any]) -> list[Any]:
    def key(doc_id: str) -> tuple[int, str]:
        return (int(doc_id), "") if doc_id.isdigit() else (0, doc_id)

    return [table[doc_id] for doc_id in sorted(table, key=key)]


def archive_from_tables(tables: Tables, kind: ArchiveKind = SESSION_ARCHIVE) -> dict[str, Any]:
    header = _ordered(tables.get(kind.header, {}))
    archive: dict[str, Any] = {
        "format": kind.format,
        "version": ARCHIVE_VERSION,
        kind.header: header[0] if header else {},
    }
    for table in kind.records:
        archive[table] = _ordered(tables.get(table, {}))
    return archive


def _tables(data: Any, kind: ArchiveKind) -> Tables:
    reader = FieldReader(data)
    if reader.text("format", "") != kind.format:
        raise reader.error("format", f"must be {kind.format!r}: this is not such an archive")
    version = reader.integer("version", minimum=1)
    if version > ARCHIVE_VERSION:
        raise reader.error(
            "version",
            f"{version} is newer than this sessie-tui reads ({ARCHIVE_VERSION}); update sessie-tui",
        )
    tables: Tables = {kind.header: {"1": dict(reader.table(kind.header).raw())}}
    for table in kind.records:
        records = [item.raw() for item in reader.tables(table, [])]
        tables[table] = {str(index): dict(record) for index, record in enumerate(records, 1)}
    return tables


def tables_from_archive(data: Any) -> tuple[Session, Tables]:
    """Check a session archive completely; raises FieldError naming the first bad field."""
    tables = _tables(data, SESSION_ARCHIVE)
    # Building the session checks every field of every record, with its path.
    return Session.from_tables(tables), tables


def tables_from_network_archive(data: Any) -> tuple[Network, Tables]:
    tables = _tables(data, NETWORK_ARCHIVE)
    return Network.from_tables(tables), tables


def read_archive(path: Path) -> tuple[Session, Tables]:
    return _read(path, tables_from_archive)


def read_network_archive(path: Path) -> tuple[Network, Tables]:
    return _read(path, tables_from_network_archive)


def _read(path: Path, check: Callable[[Any], tuple[T, Tables]]) -> tuple[T, Tables]:
    try:
        raw = read_regular_file(path, MAX_ARCHIVE_BYTES)
    except FileNotFoundError:
        raise ArchiveError("archive.missing", path=str(path)) from None
    except NotARegularFile as error:
        kind = Phrase(f"file_kind.{error.kind}")
        raise ArchiveError("archive.not_a_file", path=str(path), kind=kind) from None
    except TooLarge:
        raise ArchiveError("archive.too_large", path=str(path)) from None
    except OSError as error:
        raise ArchiveError("archive.unreadable", path=str(path), reason=os_reason(error)) from None

    def invalid(problem: str, field: str = "(file)") -> ArchiveError:
        return ArchiveError("archive.invalid", path=str(path), field=field, problem=problem)

    try:
        data = load_json(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise invalid(f"not UTF-8 at byte {error.start}") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise invalid(f"not valid JSON ({error.msg} at {where})") from None
    except JsonBeyondLimits as error:
        raise invalid(error.problem) from None
    try:
        return check(data)
    except FieldError as error:
        raise invalid(error.problem, error.field) from None


def encode_archive(tables: Tables, kind: ArchiveKind = SESSION_ARCHIVE) -> bytes:
    text = json.dumps(archive_from_tables(tables, kind), ensure_ascii=False, indent=2)
    # A lone surrogate becomes the JSON escape \udcxx, which reads back as itself.
    return (text + "\n").encode("utf-8", "backslashreplace")


def write_archive(store: Store, session_id: str, path: Path, *, force: bool = False) -> None:
    data = encode_archive(store.read_session(session_id))
    try:
        write_atomic(path, data, replace=force)
    except FileExistsError:
        raise ArchiveError("export.exists", path=str(path)) from None
    except OSError as error:
        raise WriteFailed(path, error) from None


def import_archive(store: Store, path: Path) -> Session:
    """Add an archived session to the store; nothing is written unless all of it is valid."""
    session, tables = read_archive(path)
    if store.session_exists(session.id):
        raise ArchiveError("archive.exists", path=str(path), id=session.id)
    store.create_session(session.id, tables)
    return session

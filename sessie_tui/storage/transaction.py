"""The operations a change may do on one file's tables while its lock is held.

`DocumentFile.transaction()` works through TinyDB; this wrapper is what the rest of
the app sees of it, so that TinyDB stays inside `storage/` (a test checks). Records
are plain dicts, picked out by equality on fields: `remove(PARTICIPANTS_TABLE,
id="p1")`; a field compared with `AnyOf(values)` matches any of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tinydb import Query, TinyDB
from tinydb.queries import QueryInstance
from tinydb.table import Document

from ..domain.record import record

Record = dict[str, Any]
# The record of a one-record table (a file's header) sits at document id 1.
SINGLE_ID = 1


@record
class AnyOf:
    """A field's value matches when it is one of these."""

    values: frozenset[Any]

    def __init__(self, values: Iterable[Any]) -> None:
        object.__setattr__(self, "values", frozenset(values))


def _where(fields: Mapping[str, Any]) -> QueryInstance:
    if not fields:
        raise ValueError("a condition needs at least one field")
    condition: QueryInstance | None = None
    for name, wanted in fields.items():
        if isinstance(wanted, AnyOf):
            test = Query()[name].one_of(sorted(wanted.values, key=repr))
        else:
            test = Query()[name] == wanted
        condition = test if condition is None else condition & test
    assert condition is not None
    return condition


class Transaction:
    """One file's tables, changed under its lock; written once when the block ends."""

    def __init__(self, db: TinyDB) -> None:
        self._db = db

    def tables_now(self) -> Mapping[str, Mapping[str, Any]]:
        """The tables as they stand, changes included (raw: doc id → record)."""
        return self._db.storage.read() or {}

    def table_names(self) -> set[str]:
        return self._db.tables()

    def all(self, table: str, /) -> list[Record]:
        return list(self._db.table(table).all())

    def numbered(self, table: str, /) -> list[tuple[int, Record]]:
        """Each record with its document id, for `replace`."""
        return [(doc.doc_id, doc) for doc in self._db.table(table).all()]

    def get(self, table: str, /, **where: Any) -> Record | None:
        found = self._db.table(table).get(_where(where))
        return None if found is None or isinstance(found, list) else found

    def single(self, table: str, /) -> Record | None:
        """The record of a one-record table (a header), if there is one."""
        found = self._db.table(table).get(doc_id=SINGLE_ID)
        return None if found is None or isinstance(found, list) else found

    def put_single(self, table: str, record: Mapping[str, Any], /) -> None:
        self._db.table(table).upsert(Document(dict(record), doc_id=SINGLE_ID))

    def insert(self, table: str, record: Mapping[str, Any], /) -> None:
        self._db.table(table).insert(dict(record))

    def insert_many(self, table: str, records: Iterable[Mapping[str, Any]], /) -> None:
        self._db.table(table).insert_multiple(dict(record) for record in records)

    def upsert(self, table: str, record: Mapping[str, Any], /, **where: Any) -> None:
        """Replace the fields of the records that match, or insert the record."""
        self._db.table(table).upsert(dict(record), _where(where))

    def update(self, table: str, changes: Mapping[str, Any], /, **where: Any) -> None:
        """Change fields of the matching records; of every record without a condition."""
        docs = self._db.table(table)
        if where:
            docs.update(dict(changes), _where(where))
        else:
            docs.update(dict(changes))

    def replace(self, table: str, doc_id: int, record: Mapping[str, Any], /) -> None:
        """Put a whole new record in the place of the one with this document id."""
        docs = self._db.table(table)
        docs.remove(doc_ids=[doc_id])
        docs.insert(Document(dict(record), doc_id=doc_id))

    def remove(self, table: str, /, **where: Any) -> int:
        """Remove the matching records; how many there were."""
        return len(self._db.table(table).remove(_where(where)))

    def truncate(self, table: str, /) -> None:
        self._db.table(table).truncate()

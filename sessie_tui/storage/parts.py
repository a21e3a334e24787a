"""Sealed parts of a growing table: a save rewrites only what is still growing.

Every note rewrote its whole session file, so a save's cost grew with the meeting
(issue 15): at 1,000 notes, 300 kB to encode, write and flush for each note. A table
that grows by appending (a session's notes) now keeps its older documents in *parts*:
files of `PART_SIZE` documents each, written once and never changed, named by a hash
of their bytes, so that a name says what its file holds and a damaged part is seen as
such. The document file names its parts in its header and holds only the documents
after them: a note's save writes a file of bounded size, however long the meeting.

The document file stays the one point of commit (see `DocumentFile._write`): a new
part is on disk before the document that names it, and parts no longer named are
removed after it is written. A crash in between leaves a part that no document names;
what it holds is also in the document written before it, and it goes at the next
sweep under the document's lock.
"""

from __future__ import annotations

import hashlib
import json
import os
from itertools import islice
from pathlib import Path
from typing import Any

import orjson

from .reading import JsonBeyondLimits, load_json, read_regular_file

PART_SIZE = 64
"""Documents per part. Small enough that the tail a save rewrites stays small (at most
this many notes), large enough that a meeting of 1,000 notes has only 15 parts."""
PART_MARK = ".part-"
NAME_LENGTH = 32

Docs = dict[str, dict[str, Any]]


class PartProblem(Exception):
    """A part named by a document is missing or not what its name says."""

    def __init__(self, name: str, reason_key: str) -> None:
        super().__init__(name)
        self.name = name
        self.reason_key = reason_key


def part_path(document: Path, name: str) -> Path:
    return document.with_name(f"{document.name}{PART_MARK}{name}")


def encode_docs(docs: Docs) -> bytes:
    """A part's bytes: its documents as compact JSON (as `document.encode` writes them)."""
    try:
        return orjson.dumps(docs)
    except orjson.JSONEncodeError:
        return json.dumps(docs, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def name_of(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=NAME_LENGTH // 2).hexdigest()


def is_part_name(name: object) -> bool:
    return (
        isinstance(name, str)
        and len(name) == NAME_LENGTH
        and all(char in "0123456789abcdef" for char in name)
    )


def read_part(document: Path, name: str) -> Docs:
    """The documents of one part; `PartProblem` if it is missing, damaged or not a part.

    `FileNotFoundError` is told apart (`part_missing`): the caller may be reading a
    document that another process has just replaced, and whose old parts it removed.
    """
    try:
        raw = read_regular_file(part_path(document, name))
    except FileNotFoundError:
        raise PartProblem(name, "store.reason.part_missing") from None
    except OSError:
        raise PartProblem(name, "store.reason.part_damaged") from None
    if name_of(raw) != name:
        raise PartProblem(name, "store.reason.part_damaged")
    try:
        docs = load_json(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, JsonBeyondLimits):
        raise PartProblem(name, "store.reason.part_damaged") from None
    if not isinstance(docs, dict) or not all(isinstance(doc, dict) for doc in docs.values()):
        raise PartProblem(name, "store.reason.part_damaged")
    return docs


def parts_on_disk(document: Path) -> list[Path]:
    """Every part file of `document` in its folder, named by it or not."""
    prefix = f"{document.name}{PART_MARK}"
    try:
        with os.scandir(document.parent) as entries:
            return [
                document.parent / entry.name
                for entry in entries
                if entry.name.startswith(prefix) and is_part_name(entry.name[len(prefix) :])
            ]
    except OSError:
        return []


def split(docs: Docs, kept: tuple[str, ...]) -> tuple[list[str], dict[str, bytes], Docs]:
    """A table's documents as parts and a tail: (the parts' names, the bytes of the
    parts not among `kept`, the tail the document itself holds).

    `kept` are the names of parts known to hold this table's first documents, in
    order, unchanged (the table only grew since): they are neither encoded nor written
    again. Every other full run of `PART_SIZE` documents becomes a part.
    """
    sealed = len(docs) // PART_SIZE * PART_SIZE
    if sealed == 0:
        return [], {}, docs
    names = list(kept[: sealed // PART_SIZE])
    # Only the documents after the kept parts are taken out (islice skips the others
    # without making them into a list): a note's save does not touch every note.
    first = len(names) * PART_SIZE
    rest = list(islice(docs.items(), first, None))
    new: dict[str, bytes] = {}
    for start in range(0, sealed - first, PART_SIZE):
        raw = encode_docs(dict(rest[start : start + PART_SIZE]))
        name = name_of(raw)
        names.append(name)
        new[name] = raw
    return names, new, dict(rest[sealed - first :])

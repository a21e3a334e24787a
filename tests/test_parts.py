"""A session's older notes stand in sealed parts, so that a save writes a file of bounded
size however long the meeting (`storage/parts.py`, issue 15).

The session file is read here on its own terms (JSON and the parts it names, each
checked against the BLAKE2b hash its name carries), not through the store's code.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.session import Session
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.storage import atomic, parts
from sessie_tui.storage.errors import DamagedFile, SetAside
from sessie_tui.storage.parts import PART_SIZE
from sessie_tui.storage.store import Store

NewSession = Callable[..., LiveSession]


def header(path: Path) -> dict[str, Any]:
    header: dict[str, Any] = json.loads(path.read_bytes())["sessie_tui"]
    return header


def part_files(path: Path) -> list[Path]:
    names = header(path).get("parts", {}).get("notes", [])
    return [path.with_name(f"{path.name}.part-{name}") for name in names]


def notes_on_disk(path: Path) -> list[str]:
    """Every note's text in the file and its parts, in order."""
    texts = []
    for part in part_files(path):
        raw = part.read_bytes()
        assert hashlib.blake2b(raw, digest_size=16).hexdigest() == part.name.rsplit("-", 1)[1]
        texts += [doc["text"] for doc in json.loads(raw).values()]
    tail = json.loads(path.read_bytes())["tables"].get("notes", {})
    return texts + [doc["text"] for doc in tail.values()]


def reopened(store: Store, session_id: str) -> list[str]:
    session = Store(store.root).load_session(session_id, Session.from_tables)
    return [note.text for note in session.notes.values()]


def add_notes(live: LiveSession, count: int, start: int = 0) -> list[str]:
    texts = [f"notitie {number}" for number in range(start, start + count)]
    for text in texts:
        live.add_note(NoteDraft(text))
    return texts


def test_the_file_a_save_writes_holds_fewer_notes_than_a_part(
    new_session: NewSession, store: Store
) -> None:
    live = new_session()
    path = store.session_path(live.id)
    texts = []
    for number in range(3 * PART_SIZE + 5):
        texts += add_notes(live, 1, number)
        tail = json.loads(path.read_bytes())["tables"].get("notes", {})
        assert len(tail) < PART_SIZE
        assert len(part_files(path)) == len(texts) // PART_SIZE
    assert notes_on_disk(path) == texts
    assert reopened(store, live.id) == texts
    assert all(stat.S_IMODE(os.stat(part).st_mode) == 0o600 for part in part_files(path))


def test_a_note_appended_writes_no_part_again(
    new_session: NewSession, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = new_session()
    add_notes(live, 2 * PART_SIZE + 3)
    written: list[str] = []
    real = atomic.write_atomic

    def counted(path: Path, data: bytes, **options: Any) -> None:
        written.append(path.name)
        real(path, data, **options)

    monkeypatch.setattr("sessie_tui.storage.document.write_atomic", counted)
    add_notes(live, 1, 1000)
    assert written == [store.session_path(live.id).name]


def test_an_edited_note_rewrites_its_own_part_only_and_the_old_one_goes(
    new_session: NewSession, store: Store
) -> None:
    live = new_session()
    texts = add_notes(live, 2 * PART_SIZE + 3)
    path = store.session_path(live.id)
    first, second = part_files(path)
    note_id = next(n.id for n in live.session.notes.values() if n.text == "notitie 5")
    live.edit_note(note_id, "een verbeterde notitie")
    now = part_files(path)
    assert now[1] == second and now[0] != first and not first.exists()
    assert reopened(store, live.id)[5] == "een verbeterde notitie"
    assert reopened(store, live.id)[6:] == texts[6:]


def test_a_damaged_part_is_named_and_set_aside_with_all_the_rest(
    new_session: NewSession, store: Store
) -> None:
    """As a damaged session file is: set aside, so that a running meeting writes it
    anew from what it holds. The copy holds every note that can still be read, and
    the damaged part's bytes are kept beside it as they were."""
    live = new_session()
    texts = add_notes(live, 2 * PART_SIZE + 2)
    path = store.session_path(live.id)
    first, _ = part_files(path)
    damaged = first.read_bytes().replace(b"notitie 3", b"notitie X")
    first.write_bytes(damaged)
    with pytest.raises(DamagedFile) as caught:
        Store(store.root).read_session(live.id)
    message = caught.value.message("en")
    assert first.name.rsplit("-", 1)[1] in message and "damaged" in message
    assert not path.exists() and caught.value.moved_to is not None
    aside = json.loads(caught.value.moved_to.read_bytes())
    assert [doc["text"] for doc in aside["tables"]["notes"].values()] == texts[PART_SIZE:]
    assert "parts" not in aside["sessie_tui"]
    (kept,) = store.damaged_dir.glob(f"{first.name}.*.damaged")
    assert kept.read_bytes() == damaged and not first.exists()

    texts += add_notes(live, 1, 500)  # the meeting goes on: the file is written anew
    assert reopened(store, live.id) == texts


def test_a_missing_part_is_named(new_session: NewSession, store: Store) -> None:
    live = new_session()
    add_notes(live, PART_SIZE + 2)
    path = store.session_path(live.id)
    (part,) = part_files(path)
    part.unlink()
    with pytest.raises(DamagedFile) as caught:
        Store(store.root).read_session(live.id)
    assert "missing" in caught.value.message("en") and caught.value.moved_to is not None


def test_the_running_meeting_writes_a_lost_part_anew(new_session: NewSession, store: Store) -> None:
    """The facilitator's app holds every note: once a part removed under it has made
    the file be set aside (by the next process that reads it), the next note writes
    the file anew with every note, as for a removed session file (`LiveSession._mend`).

    A save does not look for the parts it keeps (that would make its cost grow with
    the meeting again): a part removed by hand is found by the next reader."""
    live = new_session()
    texts = add_notes(live, PART_SIZE + 2)
    path = store.session_path(live.id)
    (part,) = part_files(path)
    part.unlink()
    with pytest.raises(DamagedFile):
        Store(store.root).read_session(live.id)
    texts += add_notes(live, 1, 500)
    assert reopened(store, live.id) == texts


def test_a_part_no_file_names_goes_with_the_leftovers(
    new_session: NewSession, store: Store
) -> None:
    """What a writer killed between a part and the file leaves (or after the file,
    before it removed the part it replaced)."""
    live = new_session()
    texts = add_notes(live, PART_SIZE + 2)
    path = store.session_path(live.id)
    raw = parts.encode_docs({"1": {"id": "x", "text": "een wees"}})
    orphan = parts.part_path(path, parts.name_of(raw))
    orphan.write_bytes(raw)
    assert Store(store.root).remove_temp_leftovers() == 1
    assert not orphan.exists() and len(part_files(path)) == 1
    assert reopened(store, live.id) == texts


def test_a_reader_meets_a_file_replaced_while_it_reads_its_parts(
    new_session: NewSession, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts are read after the file: another process may replace the file and remove
    the part it named in between. The reader reads the new file."""
    live = new_session()
    add_notes(live, PART_SIZE + 2)
    reader = Store(store.root)
    real = parts.read_part
    edited: list[bool] = []

    def another_process_edits_first(document: Path, name: str) -> Any:
        if not edited:
            edited.append(True)
            note_id = next(n.id for n in live.session.notes.values() if n.text == "notitie 1")
            live.edit_note(note_id, "intussen verbeterd")
        return real(document, name)

    monkeypatch.setattr("sessie_tui.storage.document.read_part", another_process_edits_first)
    session = reader.load_session(live.id, Session.from_tables)
    assert edited and [n.text for n in session.notes.values()][1] == "intussen verbeterd"


def test_a_session_deleted_takes_its_parts(new_session: NewSession, store: Store) -> None:
    live = new_session()
    add_notes(live, 2 * PART_SIZE)
    assert len(part_files(store.session_path(live.id))) == 2
    store.delete_session(live.id)
    assert not [p for p in store.sessions_dir.iterdir() if live.id in p.name]


def test_a_file_set_aside_for_a_bad_note_keeps_the_notes_of_its_parts(
    new_session: NewSession, store: Store, clock: FakeClock
) -> None:
    live = new_session()
    add_notes(live, PART_SIZE + 2)
    path = store.session_path(live.id)
    (part,) = part_files(path)
    docs = json.loads(part.read_bytes())
    next(iter(docs.values()))["kind"] = "roddel"  # a kind no note has: the session is refused
    raw = parts.encode_docs(docs)
    bad = parts.part_path(path, parts.name_of(raw))
    bad.write_bytes(raw)
    document = json.loads(path.read_bytes())
    document["sessie_tui"]["parts"]["notes"] = [parts.name_of(raw)]
    path.write_bytes(json.dumps(document).encode())

    reader = Store(store.root)
    with pytest.raises(DamagedFile) as caught:
        reader.load_session(live.id, Session.from_tables)
    assert caught.value.moved_to is not None and not path.exists()
    aside = json.loads(caught.value.moved_to.read_bytes())
    assert len(aside["tables"]["notes"]) == PART_SIZE + 2  # whole, without its parts
    assert "parts" not in aside["sessie_tui"]


@given(count=st.integers(0, 5 * PART_SIZE), kept_parts=st.integers(0, 5))
def test_split_keeps_every_document_in_order(count: int, kept_parts: int) -> None:
    """Parts then tail give back the table, in order; a kept part is not made again."""
    docs = {str(n): {"text": f"notitie {n}"} for n in range(1, count + 1)}
    first, _, _ = parts.split(docs, ())
    kept = tuple(first[:kept_parts])
    names, new, tail = parts.split(docs, kept)
    assert names == first and len(tail) < PART_SIZE
    assert set(new) == set(names) - set(kept)
    joined: dict[str, Any] = {}
    for name in names:
        raw = new.get(name) or parts.encode_docs(
            dict(list(docs.items())[names.index(name) * PART_SIZE :][:PART_SIZE])
        )
        assert parts.name_of(raw) == name
        joined.update(json.loads(raw))
    assert list({**joined, **tail}.items()) == list(docs.items())


def test_a_garbled_file_keeps_its_parts_aside(new_session: NewSession, store: Store) -> None:
    """Which parts a file that cannot be read named is not known: all of its name are
    kept aside with it, where the next file written in its place cannot sweep them."""
    live = new_session()
    add_notes(live, 2 * PART_SIZE + 2)
    path = store.session_path(live.id)
    before = {part.name: part.read_bytes() for part in part_files(path)}
    assert len(before) == 2
    path.write_bytes(b"{garbage")
    with pytest.raises(DamagedFile) as caught:
        Store(store.root).read_session(live.id)
    assert caught.value.moved_to is not None and not parts.parts_on_disk(path)
    for name, raw in before.items():
        (kept,) = store.damaged_dir.glob(f"{name}.*.damaged")
        assert kept.read_bytes() == raw
    with pytest.raises(SetAside) as told:  # opened by its id: the file's copy is named
        Store(store.root).resolve_session_id(live.id)
    assert str(caught.value.moved_to) in told.value.message("en")

"""A note's save does its work once (issue 15): one read of the session file, no replay
of the event log, no note parsed back from its own data, no catalog work, and no more
work for the thousandth note than for the first.

Work is counted, not timed: openings and bytes read of the file, whole parses, stored
records taken into a session, turns applied, catalog entries made.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.session import EVENTS_TABLE, Session
from sessie_tui.domain.turns import TurnQueue
from sessie_tui.live import SPEAKER_WITH_TURN, LiveSession, NoteDraft
from sessie_tui.storage import document
from sessie_tui.storage import store as store_module
from sessie_tui.storage.store import Store

from conftest import acknowledge_all

QUESTIONING = 2


class _CountingHandle:
    def __init__(self, handle: Any, work: Counter[str]) -> None:
        self._handle, self._work = handle, work

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._work["bytes read"] += len(data)
        return data

    def __enter__(self) -> _CountingHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


def count_work(monkeypatch: pytest.MonkeyPatch, session_file: Path) -> Counter[str]:
    """What the storage and the session do from now on, counted."""
    work: Counter[str] = Counter()
    real_open, real_decode = document.open_regular_file, document.decode
    real_apply, real_turn = Session.apply, TurnQueue.apply
    real_entry = store_module.CatalogEntry.from_header.__func__  # type: ignore[attr-defined]

    def opening(path: Path) -> Any:
        if Path(path) == session_file:
            work["openings"] += 1
            return _CountingHandle(real_open(path), work)
        return real_open(path)

    def parsing(*args: Any, **kwargs: Any) -> Any:
        work["whole parses"] += 1
        return real_decode(*args, **kwargs)

    def applying(self: Session, table: str, doc: Any, path: str = "") -> None:
        work["records taken in"] += 1
        work["events taken in"] += table == EVENTS_TABLE
        real_apply(self, table, doc, path)

    def turning(self: TurnQueue, event: Any) -> None:
        work["turns applied"] += 1
        real_turn(self, event)

    def entry(cls: Any, header: Any) -> Any:
        work["catalog entries made"] += 1
        return real_entry(cls, header)

    monkeypatch.setattr(document, "open_regular_file", opening)
    monkeypatch.setattr(document, "decode", parsing)
    monkeypatch.setattr(Session, "apply", applying)
    monkeypatch.setattr(TurnQueue, "apply", turning)
    monkeypatch.setattr(store_module.CatalogEntry, "from_header", classmethod(entry))
    return work


def in_questioning(new_session: Callable[..., LiveSession]) -> LiveSession:
    live = new_session()
    acknowledge_all(live)
    live.start()
    live.go_to_phase(QUESTIONING)
    live.toggle_clock()
    return live


def question(text: str) -> NoteDraft:
    return NoteDraft(text, NoteKind.QUESTION, author="p-sofie", speaker=SPEAKER_WITH_TURN)


def test_a_save_reads_the_file_once_and_replays_nothing(
    new_session: Callable[..., LiveSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    live = in_questioning(new_session)
    for index in range(20):
        live.add_note(question(f"Vraag {index}?"))
        live.toggle_clock()  # the event log grows: a replay would grow with it
    path = live.store.session_path(live.id)
    catalog = (live.store.root / "catalog.json").read_bytes()
    work = count_work(monkeypatch, path)

    note = live.add_note(question("Wat had je nodig?"))

    assert work == Counter({"openings": 1, "bytes read": document.HEAD_BYTES})
    assert live.session.notes[note.id] is note  # the note built once, not parsed back
    assert note.speaker == live.session.turns(QUESTIONING).current
    assert (live.store.root / "catalog.json").read_bytes() == catalog


def test_after_another_writer_only_the_new_events_are_taken_in(
    new_session: Callable[..., LiveSession], clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = in_questioning(new_session)
    for index in range(10):
        live.add_note(question(f"Vraag {index}?"))
        live.toggle_clock()
    seen = len(live.store.read_session(live.id)[EVENTS_TABLE])
    facilitator = LiveSession(Store(live.store.root), live.id, clock)
    facilitator.next_phase()  # a phase event, a clock that moves along, a new round
    written = facilitator.store.read_session(live.id)[EVENTS_TABLE]
    new_events = len(written) - seen
    work = count_work(monkeypatch, live.store.session_path(live.id))

    note = live.add_note(NoteDraft("Na de overgang", author="p-sofie"))

    assert note.phase == QUESTIONING + 1  # where the session is as stored, not as seen
    assert work["openings"] == 1 and work["whole parses"] == 1  # the one read, parsed once
    assert work["events taken in"] == new_events < len(written)
    assert work["catalog entries made"] == 0


def test_the_last_hundred_saves_of_a_thousand_do_no_more_work_than_the_first(
    new_session: Callable[..., LiveSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # work is counted here, not the disk
    live = in_questioning(new_session)
    work = count_work(monkeypatch, live.store.session_path(live.id))
    per_save: list[Counter[str]] = []
    for index in range(1000):
        before = Counter(work)
        live.add_note(question(f"Vraag {index}?"))
        per_save.append(Counter(work) - before)
        if index % 10 == 9:
            live.toggle_clock()  # paused and started again: the log keeps growing
        if index % 50 == 49:
            live.next_speaker()

    first, last = sum(per_save[:100], Counter()), sum(per_save[900:], Counter())
    assert len(live.session.notes) == 1000
    assert not last - first, (first, last)  # nothing counted more often at the end
    assert last["openings"] == 100 and last["bytes read"] == 100 * document.HEAD_BYTES
    assert last["whole parses"] == 0 and last["events taken in"] == 0

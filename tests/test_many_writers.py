"""Several writers at once: facilitator and note-takers on one session, nothing lost.

Real processes, each with its own store object, as separate terminals would be,
on a machine kept busy by the test itself (one busy process per core besides
the writers): a writer that loses the race for the lock again and again would
show up here as `StoreBusy`, or as a wait far longer than the others' saves.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from writers_under_load import fairness, machine_loaded, run_writers

from sessie_tui.live import LiveSession
from sessie_tui.storage.store import Store

HERE = Path(__file__).parent
NOTES_EACH = 500
FAIR_WRITERS, FAIR_NOTES_EACH = 4, 150


@pytest.mark.slow
def test_three_writers_and_a_phase_walker_lose_nothing(
    new_session: Callable[..., LiveSession], store: Store, tmp_path: Path
) -> None:
    live = new_session()
    stop = tmp_path / "stop"
    walker = subprocess.Popen(
        [sys.executable, str(HERE / "phase_walker.py"), str(store.root), live.id, str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    tags = ("sofie", "bart", "els")
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                str(HERE / "note_writer.py"),
                str(store.root),
                live.id,
                str(NOTES_EACH),
                tag,
            ],
            stdout=subprocess.DEVNULL,
        )
        for tag in tags
    ]
    try:
        with machine_loaded():
            assert [writer.wait(timeout=900) for writer in writers] == [0, 0, 0]
    finally:
        stop.touch()
        walker_out, _ = walker.communicate(timeout=60)
    assert walker.returncode == 0
    assert int(walker_out) > 0, "the phases never changed while the notes came in"

    fresh = LiveSession(Store(store.root), live.id, live.clock)
    texts = Counter(note.text for note in fresh.session.notes.values())
    expected = {f"{tag}-{i}" for tag in tags for i in range(NOTES_EACH)}
    assert set(texts) == expected
    assert max(texts.values()) == 1  # each exactly once
    assert len(fresh.session.phase_changes) == int(walker_out)
    # Notes landed across the phases the walker moved through.
    assert len({note.phase for note in fresh.session.notes.values()}) > 1


@pytest.mark.slow
def test_four_writers_on_a_busy_machine_are_served_in_turn(
    new_session: Callable[..., LiveSession], store: Store, tmp_path: Path
) -> None:
    """Each waiting writer gets the lock before anyone who came after it: it waits behind
    at most one save of each other writer, never for a writer that keeps winning."""
    live = new_session()
    with machine_loaded():
        takes = run_writers(store.root, live.id, FAIR_WRITERS, FAIR_NOTES_EACH, tmp_path)
    served = fairness(takes)
    print(served.summary())
    assert served.saves == FAIR_WRITERS * FAIR_NOTES_EACH
    # While one writer waited, each of the others took the lock once at most.
    assert served.max_overtaken <= FAIR_WRITERS - 1, served.summary()
    # No wait longer than the others' saves plus the one under way.
    assert served.worst_wait_in_saves <= FAIR_WRITERS, served.summary()
    notes = LiveSession(Store(store.root), live.id, live.clock).session.notes.values()
    texts = Counter(note.text for note in notes)
    assert len(texts) == FAIR_WRITERS * FAIR_NOTES_EACH and max(texts.values()) == 1

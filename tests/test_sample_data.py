"""The bundled sample data: valid archives, a finished meeting and one ready to start."""

from __future__ import annotations

from sessie_tui.domain.session import SessionStatus
from sessie_tui.sample import load_sample_data, sample_archives
from sessie_tui.storage.archive import read_archive
from sessie_tui.storage.store import Store


def test_there_is_a_finished_session_and_a_ready_one() -> None:
    sessions = [read_archive(path)[0] for path in sample_archives()]
    assert sorted(s.status.value for s in sessions) == ["ended", "setup"]
    finished = next(s for s in sessions if s.status is SessionStatus.ENDED)
    assert 10 <= len(finished.participants) <= 15  # a learning network, per the seeds
    assert len(list(finished.live_notes())) > 20
    assert finished.gate_open
    ready = next(s for s in sessions if s.status is SessionStatus.SETUP)
    assert ready.case_holder is not None
    assert not ready.acknowledgements


def test_demo_loads_once_and_keeps_what_the_user_did(store: Store) -> None:
    ready = load_sample_data(store)
    assert ready == "20261123-demo"
    assert {e.id for e in store.list_sessions()} == {"20261123-demo", "20261012-demo"}
    path = store.session_path(ready)
    before = path.read_bytes()
    assert load_sample_data(store) == ready
    assert path.read_bytes() == before

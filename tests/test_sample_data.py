"""The bundled sample data: valid archives, a network's meetings so far and the next one, ready."""

from __future__ import annotations

from sessie_tui.domain.network import ROTATING_ROLES, meetings_of, open_actions
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Role
from sessie_tui.domain.session import Session, SessionStatus
from sessie_tui.sample import load_sample_data, sample_archives, sample_network_archives
from sessie_tui.storage.archive import read_archive, read_network_archive
from sessie_tui.storage.store import Store

SAMPLE_IDS = {"20260608-demo", "20260914-demo", "20261012-demo", "20261123-demo"}


def actions(session: Session) -> list[str]:
    return [note.id for note in session.live_notes() if note.kind is NoteKind.ACTION]


def test_there_are_finished_sessions_and_a_ready_one() -> None:
    sessions = [read_archive(path)[0] for path in sample_archives()]
    assert sorted(s.status.value for s in sessions) == ["ended", "ended", "ended", "setup"]
    for finished in (s for s in sessions if s.status is SessionStatus.ENDED):
        assert 10 <= len(finished.participants) <= 15  # a learning network, per the seeds
        assert len(list(finished.live_notes())) >= (20 if finished.case_holder else 10)
        assert finished.gate_open
        assert finished.evaluations
    ready = next(s for s in sessions if s.status is SessionStatus.SETUP)
    assert ready.case_holder is not None
    assert not ready.acknowledgements


def test_demo_loads_once_and_keeps_what_the_user_did(store: Store) -> None:
    ready = load_sample_data(store)
    assert ready == "20261123-demo"
    assert {e.id for e in store.list_sessions()} == SAMPLE_IDS
    path = store.session_path(ready)
    before = path.read_bytes()
    assert load_sample_data(store) == ready
    assert path.read_bytes() == before


def test_the_networks_meetings_tell_one_story() -> None:
    (network_path,) = sample_network_archives()
    network, _ = read_network_archive(network_path)
    meetings = meetings_of(network, (read_archive(path)[0] for path in sample_archives()))
    assert {m.id for m in meetings} == SAMPLE_IDS

    # Meetings 1-4 on the dates of the network's track, the same members each time.
    assert [m.info.number for m in meetings] == [1, 2, 3, 4]
    assert [m.info.date for m in meetings] == [network.planned_date(n) for n in (1, 2, 3, 4)]
    for meeting in meetings:
        assert len(meeting.participants) == len(network.members), meeting.id
        assert {p.member_id for p in meeting.participants.values()} == set(network.members)

    # The roles rotate: nobody held the same rotating role twice; the first meeting has no case.
    for role in ROTATING_ROLES:
        holders = [p.member_id for m in meetings for p in m.people(role)]
        assert len(holders) == len(set(holders)), role
    assert [len(m.people(Role.FACILITATOR)) for m in meetings] == [1, 1, 1, 1]
    assert [len(m.people(Role.NOTE_TAKER)) for m in meetings] == [1, 1, 1, 1]
    assert [m.case_holder is not None for m in meetings] == [False, True, True, True]

    # Meeting 1: everyone present said what they expect.
    first, second, third, fourth = meetings
    assert first.method.id == "startbijeenkomst"
    assert set(first.expectations) == {p.id for p in first.present()}
    assert all(e.expectations for e in first.expectations.values())

    # Meeting 2 looked back at every action point of meeting 1.
    assert second.method.id == "incidentmethode-terugblik"
    assert actions(first)
    assert sorted(f.action for f in second.follow_ups) == sorted(actions(first))
    assert {f.source for f in second.follow_ups} == {first.id}

    # Meetings 3 and 4 have no look-back, so meeting 2's action points are still open.
    assert {third.status, fourth.status} == {SessionStatus.ENDED, SessionStatus.SETUP}
    still_open = [a for a in open_actions(meetings) if a.session_id == second.id]
    assert still_open
    assert all(a.owner and a.note.due and a.follow_up is None for a in still_open)

"""The state one device is shown (`room/view.py`): never another's sealed card."""

from __future__ import annotations

import json
from dataclasses import replace

from room_helpers import written_session

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.method import PhaseKind
from sessie_tui.live import LiveSession
from sessie_tui.room.state import Device, DeviceRole, RoomFile
from sessie_tui.room.view import device_state
from sessie_tui.storage.store import Store


def setup(store: Store, clock: FakeClock) -> tuple[LiveSession, RoomFile, dict[str, str]]:
    live = written_session(store, clock)
    room = RoomFile(store, live.id, live.now, clock=clock.time)
    room.start_share()
    tokens = {}
    for person in ("p-dries", "p-els", "p-sofie"):
        device, token = room.join("phone")
        role = DeviceRole.NOTE_TAKER if person == "p-sofie" else DeviceRole.PARTICIPANT
        room.claim(device.id, person, role)
        tokens[person] = token
    return live, room, tokens


def state_of(live: LiveSession, room: RoomFile, token: str) -> dict:
    live.refresh()
    current = room.read()
    device = current.device_by_token(token)
    assert device is not None
    return device_state(live.session, current, device, live.timer(), "nl")


def test_a_sealed_card_is_only_in_its_writers_state(store: Store, clock: FakeClock) -> None:
    live, room, tokens = setup(store, clock)
    room.write_card(0, "p-dries", "Geheim voorstel")
    mine = state_of(live, room, tokens["p-dries"])
    other = state_of(live, room, tokens["p-els"])
    assert mine["me"]["card"] == {"text": "Geheim voorstel"}
    assert "Geheim voorstel" not in json.dumps(other)
    assert other["written"] == {"count": 1, "of": 5, "revealed": False}
    assert other["cards"] == [] and other["me"]["card"] is None


def test_revealed_cards_show_with_or_without_names(store: Store, clock: FakeClock) -> None:
    live, room, tokens = setup(store, clock)
    card = room.write_card(0, "p-dries", "Vraag het de ouders")
    room.mark_revealed(0, [card.id], names_shown=True)
    shown = state_of(live, room, tokens["p-els"])
    assert shown["cards"] == [{"text": "Vraag het de ouders", "name": "Dries Maes"}]
    assert shown["written"]["revealed"] is True
    room.show_names(0, False)
    hidden = state_of(live, room, tokens["p-els"])
    assert hidden["cards"] == [{"text": "Vraag het de ouders", "name": None}]


def test_the_evaluation_shows_its_mean_only_once_closed(store: Store, clock: FakeClock) -> None:
    live, room, tokens = setup(store, clock)
    evaluation = next(
        i for i, p in enumerate(live.session.phases) if p.kind is PhaseKind.EVALUATION
    )
    live.go_to_phase(evaluation)
    room.cast_ballot("p-dries", 4, "Goed")
    room.cast_ballot("p-els", 2)
    open_state = state_of(live, room, tokens["p-dries"])
    assert open_state["evaluation"]["answered"] == 2
    assert open_state["evaluation"]["mean"] is None
    assert open_state["evaluation"]["distribution"] is None
    assert open_state["me"]["ballot"] == {"score": 4, "remark": "Goed"}
    assert state_of(live, room, tokens["p-sofie"])["me"]["ballot"] is None
    room.close_evaluation()
    closed = state_of(live, room, tokens["p-els"])["evaluation"]
    assert closed["closed"] is True and closed["mean"] == 3.0
    assert closed["distribution"] == [0, 1, 0, 1, 0]


def test_clock_counts_down_then_up_in_overtime(store: Store, clock: FakeClock) -> None:
    live, room, tokens = setup(store, clock)
    planned = live.session.phase.planned_seconds
    assert planned is not None
    live.toggle_clock()
    clock.advance(60)
    state = state_of(live, room, tokens["p-dries"])["clock"]
    assert state == {
        "state": "running",
        "seconds": planned - 60,
        "counts": "down",
        "running": True,
        "warning_seconds": live.session.method.warning_minutes * 60,
    }
    clock.advance(planned)
    over = state_of(live, room, tokens["p-dries"])["clock"]
    assert over["state"] == "overtime" and over["counts"] == "up" and over["seconds"] == 60


def test_the_phase_and_the_speakers(store: Store, clock: FakeClock) -> None:
    live, room, tokens = setup(store, clock)
    turns = next(i for i, p in enumerate(live.session.phases) if p.kind is PhaseKind.QUESTIONING)
    live.go_to_phase(turns)
    state = state_of(live, room, tokens["p-dries"])
    assert state["phase"]["number"] == turns + 1
    assert state["phase"]["total"] == len(live.session.phases)
    assert state["phase"]["title"] == live.session.phase.title.get("nl")
    queue = live.session.turns(turns)
    assert queue.ordered and queue.current is not None
    assert state["speaker"] == {
        "now": live.session.name_of(queue.current),
        "next": live.session.name_of(queue.upcoming[0]),
    }
    assert state["me"]["name"] == "Dries Maes" and state["me"]["role"] == "participant"


def test_a_device_not_admitted_or_without_a_name_sees_nothing_of_the_meeting(
    store: Store, clock: FakeClock
) -> None:
    live, room, _tokens = setup(store, clock)
    current = room.read()
    waiting = Device("d1", "hash", "now", admitted=False)
    choosing = replace(waiting, admitted=True)
    for device in (waiting, choosing):
        state = device_state(live.session, current, device, live.timer(), "nl")
        assert set(state) == {"v", "status", "lang", "device", "me"}
        assert "Grenzen" not in json.dumps(state)

"""Every screen as it looks, at a fixed size, with a frozen clock.

Regenerate on purpose after a visual change:
    pytest tests/test_snapshots.py --snapshot-update
and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from sessie_tui.app import SessieApp
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.live_network import LiveNetwork
from sessie_tui.methods import MethodLibrary
from sessie_tui.room.state import DeviceRole, RoomFile
from sessie_tui.sample import load_sample_data
from sessie_tui.storage.store import Store

from conftest import TIMEZONE, acknowledge_all

MakeApp = Callable[..., SessieApp]
NewSession = Callable[..., LiveSession]
SIZE = (80, 24)


STABLE_FRAMES = 3
"""The picture is taken once this many frames in a row were the same."""
MAX_FRAMES = 40


async def settle(pilot: Pilot[None]) -> None:
    """Let the screen finish, with no blinking cursor in the picture.

    Some of a screen is drawn a few frames after it is mounted (the footer follows the
    bindings a moment later, a list its highlighted row): on a loaded machine one pause
    is not always enough, so the screen is watched until it stays the same.
    """
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
    previous, same = "", 0
    for _ in range(MAX_FRAMES):
        shot = pilot.app.export_screenshot()
        same = same + 1 if shot == previous else 0
        if same >= STABLE_FRAMES:
            return
        previous = shot
        await pilot.pause(0.02)


def press_then_settle(*keys: str) -> Callable[[Pilot[None]], object]:
    async def run(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        await settle(pilot)

    return run


def running_session(live: LiveSession, clock: FakeClock, phase: int, seconds: float) -> None:
    acknowledge_all(live)
    live.go_to_phase(phase)
    live.toggle_clock()
    clock.advance(seconds)


def test_home_empty(snap_compare: Callable[..., bool], make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=settle)


def test_home_with_sessions(
    snap_compare: Callable[..., bool], make_app: MakeApp, new_session: NewSession
) -> None:
    new_session(session_id="20261123-test")
    new_session(session_id="20261012-oud", date="2026-10-12", topic="Ouders betrekken").end()
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=settle)


def test_method_picker(snap_compare: Callable[..., bool], make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=press_then_settle("n"))


def test_setup(
    snap_compare: Callable[..., bool], make_app: MakeApp, new_session: NewSession
) -> None:
    live = new_session()
    assert snap_compare(make_app(open_session=live.id), terminal_size=SIZE, run_before=settle)


def test_confidentiality(
    snap_compare: Callable[..., bool], make_app: MakeApp, new_session: NewSession
) -> None:
    live = new_session()
    live.acknowledge("p-an")
    live.acknowledge("p-bart")
    assert snap_compare(
        make_app(open_session=live.id), terminal_size=SIZE, run_before=press_then_settle("ctrl+n")
    )


@pytest.mark.parametrize(
    ("phase", "seconds"),
    [
        (2, 125),  # the questions, the clock running
        (2, 9 * 60 + 15),  # less than a minute left: the warning
        (6, 11 * 60 + 23),  # the advice round, in overtime, the case holder silent
    ],
    ids=["running", "warning", "overtime-silent-case-holder"],
)
def test_phase_clock(
    snap_compare: Callable[..., bool],
    make_app: MakeApp,
    new_session: NewSession,
    clock: FakeClock,
    phase: int,
    seconds: float,
) -> None:
    live = new_session()
    running_session(live, clock, phase=phase, seconds=seconds)
    assert snap_compare(make_app(open_session=live.id), terminal_size=SIZE, run_before=settle)


def test_phase_writing_a_note_with_the_notes_shown(
    snap_compare: Callable[..., bool],
    make_app: MakeApp,
    new_session: NewSession,
    clock: FakeClock,
) -> None:
    live = new_session()
    running_session(live, clock, phase=2, seconds=200)
    live.add_note(NoteDraft("Wat gebeurde er net voor?", NoteKind.QUESTION, "p-sofie", "p-dries"))
    app = make_app(open_session=live.id)
    assert snap_compare(app, terminal_size=SIZE, run_before=press_then_settle("l", "n", "H", "o"))


def shared_room(live: LiveSession, monkeypatch: pytest.MonkeyPatch) -> RoomFile:
    """Shared with a fixed secret and code (the picture must not change from run to run),
    a phone that chose its name and a laptop waiting to be admitted."""
    from sessie_tui.room import state

    monkeypatch.setattr(state, "new_secret", lambda: "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    monkeypatch.setattr(state, "new_code", lambda: "K7PQ2M")
    room = RoomFile(live.store, live.id, live.now)
    room.start_share()
    room.record_listening("0.0.0.0", 8421, ["http://192.168.1.20:8421"], os.getpid())
    phone, _ = room.join("phone")
    room.claim(phone.id, "p-dries", DeviceRole.PARTICIPANT)
    room.join("laptop", admitted=False)
    return room


@pytest.mark.parametrize("size", [SIZE, (160, 45)], ids=["80x24", "160x45"])
def test_share_panel(
    snap_compare: Callable[..., bool],
    make_app: MakeApp,
    new_session: NewSession,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    live = new_session()
    shared_room(live, monkeypatch)
    app = make_app(open_session=live.id)
    assert snap_compare(app, terminal_size=size, run_before=press_then_settle("ctrl+r"))


def test_phase_shared_with_the_room(
    snap_compare: Callable[..., bool],
    make_app: MakeApp,
    new_session: NewSession,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    live = new_session()
    running_session(live, clock, phase=2, seconds=200)
    room = shared_room(live, monkeypatch)
    room.set_ready(2, "p-dries", True)
    app = make_app(open_session=live.id)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_end(
    snap_compare: Callable[..., bool],
    make_app: MakeApp,
    new_session: NewSession,
    clock: FakeClock,
) -> None:
    live = new_session()
    running_session(live, clock, phase=0, seconds=310)
    live.next_phase()
    clock.advance(420)
    live.end()
    assert snap_compare(make_app(open_session=live.id), terminal_size=SIZE, run_before=settle)


def test_report(
    snap_compare: Callable[..., bool],
    make_app: MakeApp,
    new_session: NewSession,
    clock: FakeClock,
) -> None:
    live = new_session()
    running_session(live, clock, phase=0, seconds=310)
    live.end()
    assert snap_compare(
        make_app(open_session=live.id), terminal_size=SIZE, run_before=press_then_settle("v")
    )


def test_help(
    snap_compare: Callable[..., bool],
    make_app: MakeApp,
    new_session: NewSession,
    clock: FakeClock,
) -> None:
    live = new_session()
    running_session(live, clock, phase=1, seconds=60)
    assert snap_compare(
        make_app(open_session=live.id), terminal_size=SIZE, run_before=press_then_settle("f1")
    )


@pytest.mark.parametrize("screen", ["home", "phase"])
def test_in_english(
    snap_compare: Callable[..., bool],
    make_app: MakeApp,
    new_session: NewSession,
    clock: FakeClock,
    screen: str,
) -> None:
    live = new_session()
    running_session(live, clock, phase=2, seconds=30)
    app = make_app(lang="en", open_session=live.id if screen == "phase" else None)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


@pytest.mark.parametrize("view", ["1", "2", "3"], ids=["meetings", "expectations", "actions"])
def test_network_overview(
    snap_compare: Callable[..., bool], make_app: MakeApp, store: Store, view: str
) -> None:
    load_sample_data(store)
    app = make_app()
    assert snap_compare(app, terminal_size=SIZE, run_before=press_then_settle("w", "enter", view))


def test_network_members(
    snap_compare: Callable[..., bool], make_app: MakeApp, store: Store
) -> None:
    load_sample_data(store)
    app = make_app()
    assert snap_compare(app, terminal_size=SIZE, run_before=press_then_settle("w", "enter", "l"))


def test_look_back_of_the_sample_network(
    snap_compare: Callable[..., bool],
    make_app: MakeApp,
    store: Store,
    clock: FakeClock,
    methods: MethodLibrary,
) -> None:
    load_sample_data(store)
    network = LiveNetwork(store, "zoco-oost-vlaanderen", clock)
    session_id = network.new_meeting(methods.get("incidentmethode-terugblik"), "nl", TIMEZONE)
    live = LiveSession(store, session_id, clock)
    acknowledge_all(live)
    live.start()
    app = make_app(open_session=session_id)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)

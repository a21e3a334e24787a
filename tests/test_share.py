"""The join panel on the projector: the QR code scans to the link, the devices are managed."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from qr_camera import decoded
from rich.style import Style

from sessie_tui.app import SessieApp
from sessie_tui.live import LiveSession
from sessie_tui.room.state import RoomFile
from sessie_tui.screens.dialogs import Choose, Confirm
from sessie_tui.screens.leaving import WhatLeaves
from sessie_tui.screens.share import ShareScreen
from sessie_tui.widgets.qr import QRCode

MakeApp = Callable[..., SessieApp]
NewSession = Callable[..., LiveSession]
LAN = "http://192.168.1.20:5555"


def shared(live: LiveSession) -> RoomFile:
    """The room shared as a server would share it (this test process stands in for it)."""
    room = RoomFile(live.store, live.id, live.now)
    room.start_share()
    room.record_listening("0.0.0.0", 5555, [LAN, "http://10.0.0.7:5555"], os.getpid())
    return room


def region_lines(app: SessieApp, widget: QRCode) -> list[str]:
    """The cells of the screen where the widget is, as drawn."""
    region = widget.region
    strips = app.screen._compositor.render_strips()
    return [strip.text[region.x : region.right] for strip in strips[region.y : region.bottom]]


def code_styles(app: SessieApp, widget: QRCode) -> set[Style]:
    region = widget.region
    styles = set()
    for strip in app.screen._compositor.render_strips()[region.y : region.bottom]:
        x = 0
        for segment in strip:
            inside = region.x <= x < region.right
            if inside and "█" in segment.text and segment.style is not None:
                styles.add(Style(color=segment.style.color, bgcolor=segment.style.bgcolor))
            x += segment.cell_length
    return styles


@pytest.mark.parametrize(("size", "half"), [((160, 45), False), ((80, 24), True)])
async def test_the_projected_code_scans_to_the_join_link(
    make_app: MakeApp, new_session: NewSession, size: tuple[int, int], half: bool
) -> None:
    live = new_session()
    room = shared(live)
    share = room.read().share
    assert share is not None
    app = make_app(open_session=live.id, theme="projector-donker")
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ShareScreen)
        qr = app.screen.query_one(QRCode)
        lines = region_lines(app, qr)
        assert decoded(lines) == [share.join_url(LAN)]
        drawing = qr.drawing
        assert drawing is not None and drawing.half is half
        # Black on white whatever the theme: a light-on-dark code many phones do not read.
        assert code_styles(app, qr) == {Style(color="#000000", bgcolor="#ffffff")}
        text = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        # What a phone types instead: each address with the short code.
        assert f"192.168.1.20:5555/C/{share.code}" in text
        assert f"10.0.0.7:5555/C/{share.code}" in text


async def wait_for(pilot: object, condition: Callable[[], bool], seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await pilot.pause(0.1)  # type: ignore[attr-defined]
    raise AssertionError("not within the time")


async def test_devices_are_admitted_released_and_removed(
    make_app: MakeApp, new_session: NewSession
) -> None:
    live = new_session()
    room = shared(live)
    waiting, _ = room.join("phone", admitted=False)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        text = str(app.screen.query_one("#share-devices-title").render())
        assert "1 wachten" in text
        await pilot.press("a")  # admit the waiting phone
        await wait_for(pilot, lambda: room.read().live_devices()[0].admitted)
        room.claim(waiting.id, "p-dries", room.read().live_devices()[0].role)
        await wait_for(pilot, lambda: "Dries Maes" in _table_text(app))
        await pilot.press("r")  # release the name: Dries can choose again
        await wait_for(pilot, lambda: room.read().live_devices()[0].participant is None)
        assert "nog niet gekozen" in _table_text(app)
        await pilot.press("x")  # remove: asked first
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("left", "enter")
        await wait_for(pilot, lambda: not room.read().live_devices())
        code = room.read().share.code  # type: ignore[union-attr]
        await pilot.press("c")
        await wait_for(pilot, lambda: room.read().share.code != code)  # type: ignore[union-attr]
        assert room.read().share.code in str(app.screen.query_one("#share-code").render())  # type: ignore[union-attr]


def _table_text(app: SessieApp) -> str:
    table = app.screen.query_one("#share-devices")
    return " ".join(str(cell) for row in range(table.row_count) for cell in table.get_row_at(row))  # type: ignore[attr-defined]


FAKE_SERVER = """
import os, sys, time
from pathlib import Path
from sessie_tui.room.state import RoomFile
from sessie_tui.screens.dialogs import Choose, Confirm
from sessie_tui.storage.store import Store

room = RoomFile(Store(Path(sys.argv[1])), sys.argv[2], lambda: "2026-11-23T10:00:00+01:00")
if sys.argv[3] == "fail":
    sys.stderr.write("starting\\nerror: port 8000 is in use\\n")
    sys.exit(1)
room.start_share()
room.record_listening(sys.argv[3], 4242, [f"http://{sys.argv[3]}:4242"], os.getpid())
while room.read().shared:
    time.sleep(0.05)
"""


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """`sessie-tui serve` as part A builds it, in a few lines: it shares and listens
    (or fails, for host "fail"); the command the app would run is recorded."""
    import sys

    from sessie_tui.room import launch

    asked: list[list[str]] = []
    real = launch.server_command

    def command(store_root, lang, session_id, host):  # type: ignore[no-untyped-def]
        asked.append(real(store_root, lang, session_id, host))
        return [sys.executable, "-c", FAKE_SERVER, str(store_root), session_id, host]

    monkeypatch.setattr(launch, "server_command", command)
    return asked


async def test_sharing_starts_the_server_and_quitting_stops_it(
    make_app: MakeApp, new_session: NewSession, fake_server: list[list[str]]
) -> None:
    live = new_session()
    app = make_app(open_session=live.id)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, Choose)  # where from? this computer, or the room
        assert "onversleuteld" in str(app.screen.query_one(".dialog-question").render())
        await pilot.press("down", "enter")  # the room's network
        await pilot.pause()
        assert isinstance(app.screen, WhatLeaves)  # what the room will see, from where
        leaving = "\n".join(app.screen.lines)
        assert "Els Janssens" in leaving and "onversleuteld" in leaving
        await pilot.press("left", "enter")  # yes: share
        await wait_for(pilot, lambda: app.screen.query_one(QRCode).link != "")
        assert fake_server[0][-8:] == [
            "serve",
            live.id,
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--quiet",
            "--stop-with-parent",  # the server ends with the app, also a killed one
        ]
        assert fake_server[0][1:3] == ["-m", "sessie_tui"]
        process = app.room_servers.started[live.id].process
        assert process.poll() is None
    # Quitting: the share stops (its secret ends) and the server with it.
    assert not RoomFile(live.store, live.id, live.now).read().shared
    assert process.poll() is not None


async def test_stopping_the_share_is_asked_and_ends_the_server(
    make_app: MakeApp, new_session: NewSession, fake_server: list[list[str]]
) -> None:
    live = new_session()
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("enter", "left", "enter")  # this computer only; yes, share
        await wait_for(pilot, lambda: app.screen.query_one(QRCode).link != "")
        assert "127.0.0.1" in app.screen.query_one(QRCode).link
        process = app.room_servers.started[live.id].process
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("left", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ShareScreen | Confirm))
        assert not RoomFile(live.store, live.id, live.now).read().shared
        assert process.poll() is not None


async def test_a_server_that_fails_is_said_with_its_reason(
    make_app: MakeApp,
    new_session: NewSession,
    fake_server: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sessie_tui.room import launch

    monkeypatch.setattr(launch, "LOOPBACK", "fail")
    monkeypatch.setattr("sessie_tui.screens.share.LOOPBACK", "fail")
    live = new_session()
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("enter", "left", "enter")
        state = app.screen.query_one("#share-state")
        await wait_for(pilot, lambda: "lukte niet" in str(state.render()))
        assert "port 8000 is in use" in str(state.render())
        # The server's log is private, like the store: what it says may name the session.
        log = app.room_servers.started[live.id].log
        assert log.stat().st_mode & 0o777 == 0o600


@pytest.mark.slow
@pytest.mark.parametrize("size", [(160, 45), (80, 24)])
def test_a_screenshot_of_the_real_terminal_scans_to_the_join_link(
    new_session: NewSession, size: tuple[int, int]
) -> None:
    """The app in a real terminal (a pseudo-terminal read by pyte): the whole screen,
    as a camera would see it, decodes to the link; the code's cells are black on white."""
    from terminal import Terminal

    live = new_session()
    share = shared(live).read().share
    assert share is not None
    with Terminal(live.store.root, live.id, size=size) as room:
        room.wait_for("Verder")
        room.type(b"\x12")  # ctrl+r
        room.wait_for(share.code)
        screen = room.settle().splitlines()
        assert decoded(screen) == [share.join_url(LAN)]
        cells = [
            cell
            for row in room.screen.buffer.values()
            for cell in row.values()
            if cell.data in "█▀▄"
        ]
        assert cells and {(c.fg, c.bg) for c in cells} == {("000000", "ffffff")}


async def test_a_share_still_starting_is_waited_for_not_asked_again(
    make_app: MakeApp,
    new_session: NewSession,
    fake_server: list[list[str]],
) -> None:
    """Esc while the server starts, then ctrl+r again: the same server, not a second one."""
    live = new_session()
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("enter", "left", "enter", "escape")  # this computer; back at once
        await pilot.pause()
        assert not isinstance(app.screen, ShareScreen)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ShareScreen)  # no question: it is on its way
        await wait_for(pilot, lambda: app.screen.query_one(QRCode).link != "")
        assert len(fake_server) == 1

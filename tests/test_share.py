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
        assert LAN in text and "http://10.0.0.7:5555" in text
        assert share.code in text

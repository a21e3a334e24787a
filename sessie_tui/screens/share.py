"""The room: share the session with the laptops and phones in it, and see who joined.

Not shared yet: the facilitator chooses where the room can join from (this computer
only, or the room's network, said plainly to be unencrypted HTTP), and the app starts
the share's server as a process of its own (`room/launch.py`). Shared: the join panel,
the one thing on the projector then: the QR code as large as fits, the addresses, the
short code to type, and the devices that joined, whom the facilitator admits,
releases or removes. Everything here is read from the room file, which the server
and the phones change too: the screen follows it by its revision.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.widgets import Header

from .. import commands
from ..i18n import t, translate
from ..live import LiveSession
from ..report.leaving import describe, room_leaving
from ..room.launch import EVERY_INTERFACE, LOOPBACK, Servers
from ..room.state import Device, DeviceRole, Room
from ..widgets.key_bar import KeyBar
from ..widgets.plain import Static
from ..widgets.qr import QRCode
from ..widgets.table import DataTable, OrderedTable
from ..widgets.text import plain
from .base import SessieScreen
from .dialogs import Choose, Confirm
from .leaving import WhatLeaves

FOLLOW_SECONDS = 0.25
START_SECONDS = 15.0
"""How long the server may take to listen before the screen says it did not start."""
DEVICE_ACTIONS = frozenset({"admit_device", "release_device", "remove_device"})
SHARE_ACTIONS = frozenset({"new_code", "stop_sharing"})
KINDS = frozenset({"phone", "tablet", "laptop"})
"""The kinds of device the server tells apart; anything else is shown as it came."""


def servers_of(app: object) -> Servers:
    """The share servers the app started (kept on the app: quitting stops them)."""
    return app.room_servers  # type: ignore[attr-defined, no-any-return]


def stop_sharing(app: object, live: LiveSession) -> None:
    """Stop the session's share (every token ends) and the server this app started."""
    live.stop_serving_room(servers_of(app))


def device_name(live: LiveSession, device: Device) -> str:
    if device.participant is None:
        return t("share.no_name_yet")
    return live.session.name_of(device.participant)


class ShareScreen(SessieScreen):
    AUTO_FOCUS = "#share-devices"
    BINDINGS = commands.bindings(
        commands.ADMIT_DEVICE,
        commands.RELEASE_DEVICE,
        commands.REMOVE_DEVICE,
        commands.NEW_CODE,
        commands.STOP_SHARING,
        commands.BACK,
    )

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live
        self.room_file = live.room_file()
        self.room = Room()
        self._rev: str | None = None
        self._read = False
        self._starting_since: float | None = None
        self._problem = ""
        self._devices_drawn: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="share"):
            yield QRCode(id="share-qr")
            with Vertical(id="share-info"):
                yield Static("", id="share-state", classes="section-title")
                yield Static("", id="share-addresses")
                yield Static("", id="share-code")
                yield Static("", id="share-devices-title", classes="section-title")
                yield OrderedTable(id="share-devices", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#share-devices", DataTable).add_columns(
            t("share.col.name"), t("share.col.role")
        )
        self._follow()
        if servers_of(self.app).running(self.live.id) and not self.shared:
            self._starting_since = time.monotonic()  # started a moment ago: still coming
        elif not self.shared:
            self._forget_dead_share()
            self._ask_where()
        self.set_interval(FOLLOW_SECONDS, self._follow)

    # -- the state of the share ----------------------------------------------------------

    @property
    def shared(self) -> bool:
        """Shared and listening: there is a panel to show."""
        share = self.room.share
        return self.room.shared and share is not None and bool(share.urls)

    def _forget_dead_share(self) -> None:
        """A share whose server died without stopping it: stopped now, so that a new
        one can start (its secret must not outlive its server)."""
        share = self.room.share
        if share is not None and share.active and not share.server_alive():
            self.attempt(self.room_file.stop_share)
            self._follow()

    def _ask_where(self) -> None:
        options: list[tuple[str, object]] = [
            (t("share.where_here"), LOOPBACK),
            (t("share.where_room"), EVERY_INTERFACE),
        ]

        def chosen(host: object) -> None:
            if isinstance(host, str):
                self._confirm_what_leaves(host)
            else:
                self.app.pop_screen()

        self.app.push_screen(Choose(t("share.where_question"), options, LOOPBACK), chosen)

    def _confirm_what_leaves(self, host: str) -> None:
        """What the room will see, and from where, before the share starts."""
        lang = self.context.lang
        where = t("share.where_here") if host == LOOPBACK else t("share.where_room")
        leaving = room_leaving(self.live.session, lang)
        lines = describe(leaving, lang, [translate("leaving.room_where", lang, where=where)])

        def accepted(sure: bool | None) -> None:
            if sure:
                self._start(host)
            else:
                self.app.pop_screen()

        self.app.push_screen(WhatLeaves(lines, yes=t("share.leaving_yes")), accepted)

    def _start(self, host: str) -> None:
        try:
            self.live.serve_room(servers_of(self.app), self.context.lang, host)
        except OSError as error:
            self._problem = t("share.failed", reason=str(error))
        else:
            self._starting_since = time.monotonic()
            self._problem = ""
        self._show()

    def _follow(self) -> None:
        rev = self.live.room_rev()
        if rev != self._rev or not self._read:
            self._rev, self._read = rev, True
            done = self.attempt_for(self.room_file.read)
            if done is not None:
                self.room = done.value
        if self._starting_since is not None:
            failed = servers_of(self.app).failed(self.live.id)
            if self.shared:
                self._starting_since = None
            elif failed is not None:
                self._starting_since = None
                self._problem = t("share.failed", reason=failed or t("share.no_reason"))
            elif time.monotonic() - self._starting_since > START_SECONDS:
                self._starting_since = None
                self._problem = t("share.failed", reason=t("share.too_slow"))
        self._show()

    # -- showing it ----------------------------------------------------------------------

    def _show(self) -> None:
        share = self.room.share
        qr = self.query_one(QRCode)
        if self.shared and share is not None:
            qr.show(share.join_url(share.urls[0]))
            self.query_one("#share-state", Static).update(t("share.join_how"))
            self.query_one("#share-addresses", Static).update(self._addresses_to_type())
            self.query_one("#share-code", Static).update(self._code_line())
        else:
            qr.show("")
            if self._problem:
                state = plain(self._problem, style="bold")
            elif self._starting_since is not None:
                state = Text(t("share.starting"))
            else:
                state = Text(t("share.not_shared"))
            self.query_one("#share-state", Static).update(state)
            self.query_one("#share-addresses", Static).update("")
            self.query_one("#share-code", Static).update("")
        if self._show_devices():
            self.refresh_bindings()

    def _code_valid(self) -> bool:
        share = self.room.share
        return share is not None and share.code_open(time.time())

    def _addresses_to_type(self) -> Text:
        """What a phone types instead of scanning: the address with the short code (the
        facilitator then admits the device); the address alone says nothing to a browser."""
        share = self.room.share
        assert share is not None
        if not self._code_valid():
            return Text("\n").join(plain(url) for url in share.urls)
        lines = []
        for url in share.urls:
            line = plain(f"{url.removeprefix('http://')}/C/")
            line.append(share.code, style="bold")
            lines.append(line)
        return Text("\n").join(lines)

    def _code_line(self) -> Text:
        share = self.room.share
        assert share is not None
        if not self._code_valid():
            return Text(t("share.code_expired"))
        left = share.code_expires - time.time()
        line = Text(t("share.code") + " ")
        line.append(share.code, style="bold")
        line.append(" " + t("share.code_left", minutes=max(1, round(left / 60))))
        return line

    def _show_devices(self) -> bool:
        """The devices' list, redrawn only when it changed (this runs four times a
        second: a redrawn list and footer every time would flicker on the projector);
        True if it was."""
        devices = self.room.live_devices() if self.shared else []
        drawn = (self.shared, tuple((d, device_name(self.live, d)) for d in devices))
        if drawn == self._devices_drawn:
            return False
        self._devices_drawn = drawn
        waiting = sum(1 for d in devices if not d.admitted)
        title = t("share.devices", count=len(devices))
        if waiting:
            title += "  ·  " + t("share.waiting", count=waiting)
        self.query_one("#share-devices-title", Static).update(title if self.shared else "")
        table = self.query_one("#share-devices", DataTable)
        table.display = self.shared
        selected = self._selected()
        table.clear()
        for device in devices:
            name = Text()
            if not device.admitted:  # marked where the eye starts: the facilitator admits it
                name.append(t("share.waiting_mark"), style="bold reverse")
                name.append(" ")
            name.append_text(plain(device_name(self.live, device)))
            # The kind of device, and the role where it is not the usual one: short enough
            # for the column beside the code at 80 columns.
            kind = t(f"share.kind.{device.kind}") if device.kind in KINDS else device.kind
            if device.role is DeviceRole.NOTE_TAKER:
                kind += " · " + t("share.role.note_taker")
            table.add_row(name, plain(kind), key=device.id)
        ids = [d.id for d in devices]
        if selected is not None and selected.id in ids:
            table.move_cursor(row=ids.index(selected.id))
        return True

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()  # the keys offered follow the device highlighted

    def _selected(self) -> Device | None:
        table = self.query_one("#share-devices", DataTable)
        if table.row_count == 0 or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return next((d for d in self.room.live_devices() if d.id == key), None)

    # -- keys ----------------------------------------------------------------------------

    def applies(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in DEVICE_ACTIONS:
            device = self._selected() if self.shared else None
            if device is None:
                return False
            if action == "admit_device":
                return not device.admitted
            if action == "release_device":
                return device.participant is not None
            return True
        if action in SHARE_ACTIONS:
            return self.shared
        return True

    def _change(self, change: object) -> None:
        self.attempt(change)  # type: ignore[arg-type]
        self._rev = None
        self._follow()

    def action_admit_device(self) -> None:
        device = self._selected()
        if device is not None:
            self._change(lambda: self.room_file.admit(device.id))

    def action_release_device(self) -> None:
        device = self._selected()
        if device is not None:
            self._change(lambda: self.room_file.release(device.id))

    def action_remove_device(self) -> None:
        device = self._selected()
        if device is None:
            return

        def remove(sure: bool | None) -> None:
            if sure:
                self._change(lambda: self.room_file.remove(device.id))

        name = device_name(self.live, device)
        self.app.push_screen(Confirm(t("share.remove_question", name=name)), remove)

    def action_new_code(self) -> None:
        self._change(self.room_file.new_code)

    def action_stop_sharing(self) -> None:
        def stop(sure: bool | None) -> None:
            if sure:
                self._change(lambda: stop_sharing(self.app, self.live))
                self.notify(t("share.stopped"))
                self.app.pop_screen()

        self.app.push_screen(Confirm(t("share.stop_question")), stop)

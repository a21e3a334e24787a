"""The note-taker's Textual view in a browser, behind the same checks as the rest.

What textual-serve's `Server.handle_websocket` does, after the share's own checks (host,
device token, origin) and only for a note-taker device: one `notes` process per socket,
`--as` the device's own participant, relayed to textual-serve's `textual.js`. Its
script, its stylesheet and the fonts are served from here (textual-serve's page loads a
font from an internet host, and builds its URLs from the address it was bound to).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from .server import DEVICE
from .state import Device, DeviceRole

if TYPE_CHECKING:
    from .server import RoomServer

log = logging.getLogger("sessie_tui.room")

SERVE_STATIC = Path(textual_serve.__file__).parent / "static"
HERE = Path(__file__).parent
TERMINAL_FILES = {
    "textual.js": (SERVE_STATIC / "js" / "textual.js", "text/javascript"),
    "xterm.css": (SERVE_STATIC / "css" / "xterm.css", "text/css"),
    "terminal.css": (HERE / "terminal.css", "text/css"),
    "RobotoMono.ttf": (SERVE_STATIC / "fonts" / "RobotoMono-VariableFont_wght.ttf", "font/ttf"),
    "RobotoMono-Italic.ttf": (
        SERVE_STATIC / "fonts" / "RobotoMono-Italic-VariableFont_wght.ttf",
        "font/ttf",
    ),
}


def _int(text: str, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(text)))
    except ValueError:
        return default


def add_routes(app: web.Application, server: RoomServer) -> None:
    def note_taker(request: web.Request) -> Device:
        device: Device = request[DEVICE]
        if device.role is not DeviceRole.NOTE_TAKER or device.participant is None:
            raise web.HTTPForbidden(text="role", content_type="text/plain")
        if server.terminal_command is None:
            raise web.HTTPNotFound(text="not found", content_type="text/plain")
        return device

    async def page(request: web.Request) -> web.StreamResponse:
        note_taker(request)
        # Built from the request's own Host (checked already): right whichever address
        # the device used, never the address the server was bound to.
        socket_url = f"ws://{request.headers['Host']}/terminal/ws"
        return server.page("terminal.html", socket_url=socket_url)

    async def static(request: web.Request) -> web.StreamResponse:
        note_taker(request)
        found = TERMINAL_FILES.get(request.match_info["name"])
        if found is None:
            raise web.HTTPNotFound(text="not found", content_type="text/plain")
        path, content_type = found
        return web.FileResponse(path, headers={"Content-Type": content_type})

    async def socket(request: web.Request) -> web.StreamResponse:
        device = note_taker(request)
        name = await server.in_store(lambda: server.live.session.name_of(device.participant))
        assert server.terminal_command is not None
        command = server.terminal_command(name)
        connection = await server.open_socket(request, device, terminal=True)
        websocket = connection.ws

        async def close() -> None:
            """textual-serve awaits a close that gives nothing back; aiohttp's says if it closed."""
            await websocket.close()

        width = _int(request.query.get("width", "80"), 80, 20, 400)
        height = _int(request.query.get("height", "24"), 24, 10, 200)
        service = AppService(
            command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=DownloadManager(),
        )
        try:
            await service.start(width, height)
            try:
                await _relay(websocket, service)
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:
            log.exception("note-taker terminal")
        finally:
            await server.drop(connection)
        return websocket

    app.router.add_get("/terminal", page)
    app.router.add_get("/terminal/ws", socket)
    app.router.add_get("/terminal/static/{name}", static)


async def _relay(websocket: web.WebSocketResponse, service: AppService) -> None:
    """textual-serve's `_process_messages`, refusing what is not well formed."""
    async for message in websocket:
        if message.type is not WSMsgType.TEXT:
            continue
        try:
            envelope = message.json()
        except ValueError:
            continue
        if not isinstance(envelope, list) or not envelope:
            continue
        kind = envelope[0]
        data = envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            width = _int(str(data.get("width", 80)), 80, 20, 400)
            height = _int(str(data.get("height", 24)), 24, 10, 200)
            await service.set_terminal_size(width, height)
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()

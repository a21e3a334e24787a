"""Servers for the phone page's browser test (`test_room_browser.py`) and the benchmark.

`FixtureRoom` stands in for `sessie-tui serve` until the share's real server is merged:
it renders the package's own templates (`sessie_tui/room/page.py`) under the HTTP
contract of issue 11's design (the headers, the join link exchanged for a cookie, the
Host, Origin and csrf checks, `/ws` pushing the state JSON, the API answers) with just
enough of a meeting behind it: one written phase, a running clock, a reveal. It lives
in the tests, never in the package.

`ServeRoom` is the real thing: `sessie-tui --db STORE serve SESSION --host 127.0.0.1
--port 0 --quiet` as a subprocess, joined by the link in the room file. `room_server()`
picks the real one as soon as the package has it (`SESSIE_ROOM_SERVER=serve` or
`fixture` overrides).

Both offer the same: `start() -> join URL`, `reveal()`, `end()`, `stop()`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import importlib.util
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from sessie_tui.i18n import translate
from sessie_tui.room.page import render, static_file

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
COOKIE = "sessie_device"
PEOPLE = (
    ("p-an", "An Peeters", "facilitator"),
    ("p-bart", "Bart De Smet", "case_holder"),
    ("p-sofie", "Sofie Claes", "note_taker"),
    ("p-dries", "Dries Maes", "participant"),
    ("p-els", "Els Janssens", "participant"),
)


def csrf(token: str) -> str:
    return hmac.new(token.encode(), b"csrf", hashlib.sha256).hexdigest()


class FixtureRoom:
    """A meeting in its written question round, served on loopback in a thread."""

    def __init__(
        self,
        lang: str = "nl",
        topic: str = "Grenzen stellen <b>aan</b> ouders",
        *,
        evaluation: bool = False,
    ) -> None:
        self.lang = lang
        self.topic = topic
        self.evaluation = evaluation
        """In the evaluation phase (ballots) rather than a written question round (cards)."""
        self.secret = secrets.token_hex(16).upper()
        self.code = "K7MPQ2"
        self.devices: dict[str, str | None] = {}  # token -> participant id
        self.waiting: set[str] = set()  # tokens joined by the short code, not yet admitted
        self.ballots: dict[str, tuple[int, str]] = {}
        self.evaluation_closed = False
        self.notes: list[dict[str, str]] = []
        self.cards: dict[str, str] = {}
        self.ready: set[str] = set()
        self.revealed = False
        self.status = "running"
        self.started = time.monotonic()
        self.sockets: list[tuple[web.WebSocketResponse, str]] = []
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None

    # --- what the test does -----------------------------------------------------

    def start(self) -> str:
        ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fixture server did not start")
        return f"http://127.0.0.1:{self.port}/J/{self.secret}"

    def reveal(self) -> None:
        self._call(self._reveal())

    def end(self) -> None:
        self._call(self._end())

    def code_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/C/{self.code}"

    def admit_all(self) -> None:
        self.waiting.clear()

    def close_evaluation(self) -> None:
        self._call(self._close_evaluation())

    def drop_sockets(self) -> None:
        """Close every socket, as a Wi-Fi hiccup would: the pages must reconnect."""
        self._call(self._drop())

    def stop(self) -> None:
        if self._loop is None:
            return
        self._call(self._shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def _call(self, coroutine: Any) -> None:
        assert self._loop is not None
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(10)

    async def _reveal(self) -> None:
        self.revealed = True
        await self._push()

    async def _end(self) -> None:
        self.status = "ended"
        await self._push()

    async def _close_evaluation(self) -> None:
        self.evaluation_closed = True
        await self._push()

    async def _drop(self) -> None:
        for socket, _ in list(self.sockets):
            await socket.close()

    async def _shutdown(self) -> None:
        for socket, _ in list(self.sockets):
            await socket.close()
        assert self._runner is not None
        await self._runner.cleanup()

    # --- the server ---------------------------------------------------------------

    def _serve(self, ready: threading.Event) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._bind())
        ready.set()
        self._loop.run_forever()

    async def _bind(self) -> None:
        app = web.Application(middlewares=[self._guard], client_max_size=16 * 1024)
        app.router.add_get("/J/{secret}", self._join)
        app.router.add_get("/C/{code}", self._join_by_code)
        app.router.add_get("/", self._index)
        app.router.add_post("/claim", self._claim)
        app.router.add_post("/leave", self._leave)
        app.router.add_get("/ws", self._socket)
        app.router.add_post("/api/card", self._card)
        app.router.add_post("/api/card/withdraw", self._withdraw)
        app.router.add_post("/api/ready", self._ready)
        app.router.add_post("/api/ballot", self._ballot)
        app.router.add_post("/api/note", self._note)
        app.router.add_get("/static/{name}", self._static)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """The design's order of checks: Host, credential, then Origin and csrf."""
        if request.host != f"127.0.0.1:{self.port}":
            return self._refuse()
        if not request.path.upper().startswith(("/J/", "/C/")):
            token = request.cookies.get(COOKIE, "")
            if token not in self.devices:
                return self._refuse()
            origin_checked = request.method == "POST" or request.path == "/ws"
            if origin_checked and request.headers.get("Origin") != f"http://{request.host}":
                return self._refuse()
            if request.method == "POST":
                given = request.headers.get("X-Sessie-Csrf")
                if given is None and request.content_type != "application/json":
                    given = str((await request.post()).get("csrf", ""))
                if not hmac.compare_digest(given or "", csrf(token)):
                    return self._refuse()
        response = await handler(request)
        response.headers.update(HEADERS)
        return response

    @staticmethod
    def _refuse() -> web.Response:
        return web.Response(status=403, headers=HEADERS)

    async def _join(self, request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.match_info["secret"].upper(), self.secret):
            return self._refuse()
        return self._new_device(admitted=True)

    async def _join_by_code(self, request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.match_info["code"].upper(), self.code):
            return self._refuse()
        return self._new_device(admitted=False)

    def _new_device(self, *, admitted: bool) -> web.Response:
        token = secrets.token_urlsafe(32)
        self.devices[token] = None
        if not admitted:
            self.waiting.add(token)
        response = web.Response(status=303, headers={"Location": "/"})
        response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
        return response

    async def _index(self, request: web.Request) -> web.Response:
        token = request.cookies[COOKIE]
        me = self.devices[token]
        if token in self.waiting:
            html = render("waiting.html", lang=self.lang, csrf=csrf(token))
        elif me is None:
            held = {pid for pid in self.devices.values() if pid}
            people = [
                {"id": pid, "name": name, "role": role, "taken": pid in held}
                for pid, name, role in PEOPLE
            ]
            html = render("choose.html", lang=self.lang, csrf=csrf(token), participants=people)
        else:
            state = self.state(token)
            html = render(
                "room.html", lang=self.lang, csrf=csrf(token), me=state["me"], state=state
            )
        return web.Response(text=html, content_type="text/html")

    async def _claim(self, request: web.Request) -> web.Response:
        chosen = str((await request.post()).get("participant", ""))
        held = set(self.devices.values())
        if chosen in {pid for pid, _, _ in PEOPLE} and chosen not in held:
            self.devices[request.cookies[COOKIE]] = chosen
        return web.Response(status=303, headers={"Location": "/"})

    async def _leave(self, request: web.Request) -> web.Response:
        self.devices[request.cookies[COOKIE]] = None
        return web.Response(status=303, headers={"Location": "/"})

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(heartbeat=20)
        await socket.prepare(request)
        token = request.cookies[COOKIE]
        self.sockets.append((socket, token))
        await socket.send_str(json.dumps(self.state(token)))
        async for message in socket:
            if message.type is WSMsgType.ERROR:
                break
        self.sockets.remove((socket, token))
        return socket

    async def _api(self, request: web.Request) -> tuple[str, dict[str, Any]] | web.Response:
        try:
            data = await request.json()
        except (ValueError, UnicodeDecodeError):
            return web.json_response({"error": "bad request"}, status=400)
        if self.status == "ended":
            error = translate("page.ended.heading", self.lang)
            return web.json_response({"error": error}, status=409)
        participant = self.devices[request.cookies[COOKIE]]
        if participant is None or not isinstance(data, dict):
            return web.json_response({"error": "bad request"}, status=400)
        return participant, data

    async def _card(self, request: web.Request) -> web.Response:
        checked = await self._api(request)
        if isinstance(checked, web.Response):
            return checked
        participant, data = checked
        text = str(data.get("text", "")).strip()
        if not text:
            return web.json_response({"error": "Een lege kaart bewaart niets."}, status=400)
        if self.revealed:
            return web.json_response({"error": "De kaarten zijn al getoond."}, status=409)
        self.cards[participant] = text
        await self._push()
        return web.json_response({"ok": True})

    async def _withdraw(self, request: web.Request) -> web.Response:
        checked = await self._api(request)
        if isinstance(checked, web.Response):
            return checked
        self.cards.pop(checked[0], None)
        await self._push()
        return web.json_response({"ok": True})

    async def _ready(self, request: web.Request) -> web.Response:
        checked = await self._api(request)
        if isinstance(checked, web.Response):
            return checked
        participant, data = checked
        if data.get("ready") is True:
            self.ready.add(participant)
        else:
            self.ready.discard(participant)
        await self._push()
        return web.json_response({"ok": True})

    async def _ballot(self, request: web.Request) -> web.Response:
        checked = await self._api(request)
        if isinstance(checked, web.Response):
            return checked
        _, data = checked
        score, remark = data.get("score"), data.get("remark", "")
        if type(score) is not int or not 1 <= score <= 5 or not isinstance(remark, str):
            return web.json_response({"error": "Kies een score van 1 tot 5."}, status=400)
        self.ballots[request.cookies[COOKIE]] = (score, remark)
        await self._push()
        return web.json_response({"ok": True})

    async def _note(self, request: web.Request) -> web.Response:
        checked = await self._api(request)
        if isinstance(checked, web.Response):
            return checked
        participant, data = checked
        if dict((pid, role) for pid, _, role in PEOPLE)[participant] != "note_taker":
            return web.json_response({"error": "Alleen notulisten."}, status=409)
        self.notes.append({"kind": str(data.get("kind")), "text": str(data.get("text"))})
        return web.json_response({"ok": True})

    async def _static(self, request: web.Request) -> web.Response:
        found = static_file(request.match_info["name"])
        if found is None:
            return web.Response(status=404)
        content, content_type = found
        return web.Response(body=content, headers={"Content-Type": content_type})

    async def _push(self) -> None:
        for socket, token in list(self.sockets):
            if not socket.closed:
                await socket.send_str(json.dumps(self.state(token)))

    # --- the state JSON of the design, for one device ---------------------------------

    def state(self, token: str) -> dict[str, Any]:
        participant = self.devices[token]
        names = {pid: name for pid, name, _ in PEOPLE}
        roles = {pid: role for pid, _, role in PEOPLE}
        left = 600 - (time.monotonic() - self.started)
        card = self.cards.get(participant or "")
        ballot = self.ballots.get(token)
        scores = [score for score, _ in self.ballots.values()]
        role = roles.get(participant or "")
        state: dict[str, Any] = {
            "v": 1,
            "status": self.status,
            "lang": self.lang,
            "session": {"topic": self.topic},
            "phase": {
                "index": 2,
                "total": 7,
                "number": 3,
                "title": "Vragen opschrijven",
                "rule": "Iedereen schrijft eerst, alleen, één vraag op — nog geen adviezen",
                "kind": "questioning",
                "written": True,
                "silent": "Bart De Smet (inbrenger) luistert en reageert niet.",
            },
            "clock": {
                "state": "running",
                "seconds": round(left, 1),
                "counts": "down",
                "running": True,
            },
            "speaker": None,
            "me": {
                "name": names.get(participant or "", ""),
                "role": "note_taker" if role == "note_taker" else "participant",
                "ready": participant in self.ready,
                "card": {"text": card} if card is not None else None,
                "ballot": {"score": ballot[0], "remark": ballot[1]} if ballot else None,
            },
            "written": {"count": len(self.cards), "of": len(PEOPLE), "revealed": self.revealed},
            "cards": (
                [{"text": text, "name": names[pid]} for pid, text in self.cards.items()]
                if self.revealed
                else []
            ),
            "ready": {"count": len(self.ready), "of": len(PEOPLE)},
            "evaluation": None,
        }
        if self.evaluation:
            closed = self.evaluation_closed
            state["phase"] = {
                **state["phase"],
                "index": 6,
                "number": 7,
                "title": "Evaluatie",
                "rule": "Hoe was deze bijeenkomst?",
                "kind": "evaluation",
                "written": False,
                "silent": None,
            }
            state["written"] = None
            state["evaluation"] = {
                "open": not closed,
                "answered": len(scores),
                "of": len(PEOPLE),
                "closed": closed,
                "mean": round(sum(scores) / len(scores), 2) if closed and scores else None,
                "distribution": [scores.count(n) for n in range(1, 6)] if closed else None,
            }
        return state


class ServeRoom:
    """`sessie-tui serve` in a process of its own, on a session in a written phase.

    Needs the share's server (part A) and the reveal (part C) of issue 11."""

    def __init__(self, folder: Path, lang: str = "nl") -> None:
        self.folder = folder
        self.lang = lang
        self.store_path = folder / "store"
        self.session_id = "20261123-room"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        from sessie_tui.domain.clock import SystemClock
        from sessie_tui.domain.participants import Attendance, Participant, Role
        from sessie_tui.domain.session import SessionInfo
        from sessie_tui.live import LiveSession, create_session
        from sessie_tui.methods import load_methods
        from sessie_tui.room.state import read_room
        from sessie_tui.storage.store import Store

        store = Store(self.store_path)
        # The first phase written first (write, then reveal), whatever the method data says.
        method = load_methods().get("incidentmethode")
        first = replace(method.phases[0], written=True, written_names=True)
        method = replace(method, phases=(first, *method.phases[1:]))
        people = [
            Participant(pid, name, Role(role), Attendance.PRESENT) for pid, name, role in PEOPLE
        ]
        create_session(
            store,
            method=method,
            clock=SystemClock(),
            lang=self.lang,
            info=SessionInfo(topic="Grenzen stellen <b>aan</b> ouders", date="2026-11-23"),
            participants=people,
            session_id=self.session_id,
        )
        live = LiveSession(store, self.session_id, SystemClock())
        for person in people:
            live.acknowledge(person.id)
        live.start()
        live.toggle_clock()  # the phase's clock running, as the facilitator's space starts it
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sessie_tui", "--db", str(self.store_path), "--lang",
             self.lang, "serve", self.session_id, "--host", "127.0.0.1", "--port", "0",
             "--quiet"],
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            room = read_room(store, self.session_id)
            if room.share is not None and room.share.urls:
                return room.share.join_url(room.share.urls[0])
            time.sleep(0.1)
        raise RuntimeError("sessie-tui serve wrote no address to the room file")

    def reveal(self) -> None:
        from sessie_tui.domain.clock import SystemClock
        from sessie_tui.live import LiveSession
        from sessie_tui.room.state import RoomFile
        from sessie_tui.storage.store import Store

        store = Store(self.store_path)
        live = LiveSession(store, self.session_id, SystemClock())

        def now() -> str:
            return datetime.now(UTC).isoformat(timespec="seconds")

        live.reveal_cards(RoomFile(store, self.session_id, now))  # type: ignore[attr-defined]

    def end(self) -> None:
        from sessie_tui.domain.clock import SystemClock
        from sessie_tui.live import LiveSession
        from sessie_tui.storage.store import Store

        LiveSession(Store(self.store_path), self.session_id, SystemClock()).end()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def real_server_present() -> bool:
    """The share's server (part A of issue 11) and the reveal (part C) are in the package."""
    from sessie_tui.live import LiveSession

    return importlib.util.find_spec("sessie_tui.room.server") is not None and hasattr(
        LiveSession, "reveal_cards"
    )


def room_server(folder: Path, lang: str = "nl") -> FixtureRoom | ServeRoom:
    """`sessie-tui serve` once it exists, else the fixture; SESSIE_ROOM_SERVER=serve or
    =fixture chooses."""
    choice = os.environ.get("SESSIE_ROOM_SERVER") or (
        "serve" if real_server_present() else "fixture"
    )
    if choice == "serve":
        return ServeRoom(folder, lang)
    return FixtureRoom(lang)

"""The share's server: the room's devices join a session over HTTP, safely.

One process per shared session (`sessie-tui serve`). Every request passes, in order:

1. **Host**: one of the addresses the share listens on, with its port (DNS rebinding);
2. **credential**: the join secret in `/J/<secret>`, the short code in `/C/<code>`, or the
   `sessie_device` cookie naming a live device token of the room file;
3. for WebSockets and POSTs, **Origin** equal to the request's own origin, and for POSTs
   the CSRF token of the device (`X-Sessie-Csrf`, or the form field `csrf`).

A refusal is a 403 with nothing of the session in it. Every answer carries a strict
Content-Security-Policy, a same-origin referrer policy, nosniff, no-store.

The room file and the session file are the one truth: the server follows both by their
revision tokens and pushes each socket its device's state (`view.py`). Store access runs
in one worker thread, off the event loop; each socket is written by its own task with a
timeout, so a slow device never holds up the others, and no lock is held while sending.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import signal
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

from ..domain.clock import Clock, SystemClock, to_iso
from ..domain.notes import NoteKind
from ..domain.session import RuleViolation, Session, SessionStatus
from ..domain.timer import PhaseTimer
from ..errors import UserFacingError
from ..i18n import translate
from ..live import LiveSession, NoteDraft
from ..storage.store import Store
from . import guards, page
from .addresses import IPAddress, Listening, in_url, served_addresses
from .state import Device, DeviceRole, Room, RoomFile, Share, read_room, same
from .view import device_state, speaks_as_note_taker

log = logging.getLogger("sessie_tui.room")

COOKIE = "sessie_device"
CSRF_HEADER = "X-Sessie-Csrf"
POLL_SECONDS = 0.2
CLOCK_PUSH_SECONDS = 5.0
SEND_TIMEOUT = 2.0
ENDED_GRACE_SECONDS = 3.0

JOIN_PATH = re.compile(r"^/[Jj]/([A-Za-z0-9]{1,64})/?$")
CODE_PATH = re.compile(r"^/[Cc]/([A-Za-z0-9]{1,16})/?$")

T = TypeVar("T")
DEVICE = web.RequestKey("device", Device)
TOKEN = web.RequestKey("token", str)


def refused(reason: str = "forbidden") -> web.HTTPForbidden:
    """A bare 403: nothing in the answer, not even why (that goes to the server's log)."""
    log.info("refused: %s", reason)
    return web.HTTPForbidden(text="")


def see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


def api_error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


@dataclass
class Connection:
    """One open socket of a device, and the latest state waiting to be sent on it."""

    ws: web.WebSocketResponse
    device_id: str
    token: str
    terminal: bool = False
    waiting: asyncio.Queue[str] = field(default_factory=lambda: asyncio.Queue(maxsize=1))
    writer: asyncio.Task[None] | None = None

    def offer(self, text: str) -> None:
        """The newest state replaces one not yet sent: a slow device skips, never queues."""
        if self.waiting.full():
            self.waiting.get_nowait()
        self.waiting.put_nowait(text)


class RoomServer:
    def __init__(
        self,
        store: Store,
        session_id: str,
        lang: str,
        allowed_hosts: frozenset[str],
        *,
        clock: Clock | None = None,
        terminal_command: Callable[[str], str] | None = None,
    ) -> None:
        self.store = store
        self.session_id = session_id
        self.lang = lang
        self.allowed_hosts = allowed_hosts
        self.live = LiveSession(store, session_id, clock or SystemClock())
        self.room_file = RoomFile(store, session_id, self.live.now)
        self.terminal_command = terminal_command
        """The shell command of a note-taker's terminal, for a participant name."""
        self.connections: list[Connection] = []
        self.stopped = asyncio.Event()
        self._store_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self._room: tuple[str | None, Room] | None = None
        self._device_rate = guards.RateLimit(guards.DEVICE_REQUESTS_PER_SECOND, 1.0)
        self._code_rate = guards.RateLimit(
            guards.CODE_TRIES_PER_ADDRESS, guards.CODE_WINDOW_SECONDS
        )
        self._code_rate_all = guards.RateLimit(
            guards.CODE_TRIES_OVERALL, guards.CODE_WINDOW_SECONDS
        )
        self._ending: asyncio.TimerHandle | None = None
        self._ending_task: asyncio.Future[None] | None = None
        self._follower: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    # -- the store, off the event loop ---------------------------------------------------

    async def in_store(self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._store_thread, work)

    def _read_room(self) -> Room:
        rev = self.store.room_rev(self.session_id)
        if self._room is None or self._room[0] != rev or rev is None:
            self._room = (rev, read_room(self.store, self.session_id))
        return self._room[1]

    def _fresh(self) -> tuple[Room, Session, PhaseTimer]:
        """The room and the session as on disk now, and the current phase's clock (all
        read in the store's thread, so that nothing changes under the loop's feet)."""
        try:
            self.live.refresh()
        except UserFacingError as problem:  # a damaged file: the last good state is kept
            log.warning("session: %s", problem.message(self.lang))
        return self._read_room(), self.live.session, self.live.timer()

    # -- the application -----------------------------------------------------------------

    def make_app(self) -> web.Application:
        from . import terminal

        app = web.Application(
            middlewares=[self.check_host, self.check_credential, self.check_origin],
            client_max_size=guards.MAX_BODY,
        )
        app.on_response_prepare.append(self._security_headers)
        app.router.add_get("/J/{secret}", self.join_by_secret)
        app.router.add_get("/j/{secret}", self.join_by_secret)
        app.router.add_get("/C/{code}", self.join_by_code)
        app.router.add_get("/c/{code}", self.join_by_code)
        app.router.add_get("/", self.index)
        app.router.add_post("/claim", self.claim)
        app.router.add_post("/leave", self.leave)
        app.router.add_get("/ws", self.state_socket)
        app.router.add_post("/api/card", self.api(self._card))
        app.router.add_post("/api/card/withdraw", self.api(self._withdraw))
        app.router.add_post("/api/ready", self.api(self._ready))
        app.router.add_post("/api/ballot", self.api(self._ballot))
        app.router.add_post("/api/note", self.api(self._note, note_takers_only=True))
        app.router.add_post("/api/case", self.api(self._propose_case))
        app.router.add_post("/api/case/vote", self.api(self._vote_case))
        app.router.add_get("/static/{path:.+}", self.static_file)
        terminal.add_routes(app, self)
        app.on_shutdown.append(self._close_all)
        return app

    @staticmethod
    async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
        terminal_page = request.path == "/terminal"
        response.headers["Content-Security-Policy"] = (
            guards.TERMINAL_CSP if terminal_page else guards.CSP
        )
        response.headers.update(guards.SECURITY_HEADERS)

    # -- the checks, in order ------------------------------------------------------------

    @web.middleware
    async def check_host(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        host = request.headers.get("Host", "").lower()
        if host not in self.allowed_hosts:
            raise refused("host")
        return await handler(request)

    @web.middleware
    async def check_credential(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        room = await self.in_store(self._read_room)
        share = room.share
        if share is None or not share.active or self.stopped.is_set():
            raise refused("not shared")
        joining = JOIN_PATH.match(request.path)
        if joining:
            if not share.secret or not same(joining.group(1).upper(), share.secret):
                raise refused("secret")
            return await handler(request)
        by_code = CODE_PATH.match(request.path)
        if by_code:
            address = request.remote or "?"
            if not (self._code_rate.allow(address) and self._code_rate_all.allow("all")):
                raise web.HTTPTooManyRequests(text="too many tries", content_type="text/plain")
            if not share.code_valid(by_code.group(1), time.time()):
                raise refused("code")
            return await handler(request)
        token = request.cookies.get(COOKIE, "")
        device = room.device_by_token(token) if token else None
        if device is None:
            raise refused("device")
        # What a device changes is limited; what it reads (the page, its files, a reload)
        # is not: a page load is several requests at once.
        if request.method == "POST" and not self._device_rate.allow(device.id):
            if request.path.startswith("/api/"):
                return api_error(429, self.say(RuleViolation("room_server.too_many")))
            raise web.HTTPTooManyRequests(text="too many requests", content_type="text/plain")
        request[DEVICE] = device
        request[TOKEN] = token
        return await handler(request)

    @web.middleware
    async def check_origin(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        upgrade = request.headers.get("Upgrade", "").lower() == "websocket"
        if request.method == "POST" or upgrade:
            origin = request.headers.get("Origin", "").lower()
            if origin != f"http://{request.headers.get('Host', '').lower()}":
                raise refused("origin")
        if request.method == "POST":
            if request.content_length is not None and request.content_length > guards.MAX_BODY:
                return api_error(413, self.say(RuleViolation("room_server.too_large")))
            given = request.headers.get(CSRF_HEADER)
            if given is None and request.content_type == "application/x-www-form-urlencoded":
                form = await request.post()
                given = str(form.get("csrf", ""))
            token = request.get(TOKEN)
            if token is None or not guards.csrf_valid(token, given or ""):
                raise refused("csrf")
        return await handler(request)

    def say(self, error: UserFacingError) -> str:
        return error.message(self.lang)

    # -- joining -------------------------------------------------------------------------

    async def join_by_secret(self, request: web.Request) -> web.StreamResponse:
        return await self._join(request, admitted=True)

    async def join_by_code(self, request: web.Request) -> web.StreamResponse:
        return await self._join(request, admitted=False)

    async def _join(self, request: web.Request, admitted: bool) -> web.StreamResponse:
        """A new device with its token in an HttpOnly cookie; the link or code is spent
        on this browser (opening it again keeps the device it already is)."""
        known = request.cookies.get(COOKIE, "")
        room = await self.in_store(self._read_room)
        if known and room.device_by_token(known) is not None:
            raise web.HTTPSeeOther("/")
        kind = guards.device_kind(request.headers.get("User-Agent", ""))
        try:
            _device, token = await self.in_store(
                lambda: self.room_file.join(kind, admitted=admitted)
            )
        except RuleViolation as refusal:
            return web.Response(status=409, text=self.say(refusal), content_type="text/plain")
        response = see_other("/")
        response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
        return response

    # -- pages ---------------------------------------------------------------------------

    def page(self, template: str, status: int = 200, **context: Any) -> web.Response:
        text = page.environment().get_template(template).render(lang=self.lang, **context)
        return web.Response(status=status, text=text, content_type="text/html", charset="utf-8")

    async def index(self, request: web.Request) -> web.StreamResponse:
        device: Device = request[DEVICE]
        return await self._index_page(request, device)

    async def _index_page(
        self, request: web.Request, device: Device, error: str = "", status: int = 200
    ) -> web.Response:
        room, session, timer = await self.in_store(self._fresh)
        t = page.translator(self.lang)
        csrf = guards.csrf_token(request[TOKEN])
        if not device.admitted:
            return self.page("waiting.html", status, t=t, csrf=csrf)
        if device.participant is None:
            people = [
                {
                    "id": person.id,
                    "name": person.name,
                    "role": person.role.value,
                    "taken": (holder := room.holder_of(person.id)) is not None
                    and holder.id != device.id,
                }
                for person in session.present()
            ]
            return self.page(
                "choose.html", status, t=t, csrf=csrf, participants=people, error=error
            )
        state = device_state(session, room, device, timer, self.lang)
        return self.page("room.html", status, t=t, csrf=csrf, me=state["me"], state=state)

    async def claim(self, request: web.Request) -> web.StreamResponse:
        device: Device = request[DEVICE]
        form = await request.post()
        wanted = str(form.get("participant", ""))

        def claim() -> None:
            self.live.refresh()
            participant = self.live.session.participants.get(wanted)
            if participant is None or not participant.present:
                raise RuleViolation("room_server.not_present")
            role = (
                DeviceRole.NOTE_TAKER
                if speaks_as_note_taker(self.live.session, wanted)
                else DeviceRole.PARTICIPANT
            )
            self.room_file.claim(device.id, wanted, role)

        try:
            await self.in_store(claim)
        except RuleViolation as refusal:
            return await self._index_page(request, device, self.say(refusal), status=409)
        raise web.HTTPSeeOther("/")

    async def leave(self, request: web.Request) -> web.StreamResponse:
        device: Device = request[DEVICE]
        await self.in_store(lambda: self.room_file.release(device.id))
        raise web.HTTPSeeOther("/")

    async def static_file(self, request: web.Request) -> web.StreamResponse:
        found = page.static_file(request.match_info["path"])
        if found is None:
            raise web.HTTPNotFound(text="not found", content_type="text/plain")
        body, content_type = found
        return web.Response(body=body, headers={"Content-Type": content_type})

    # -- the API -------------------------------------------------------------------------

    def api(
        self,
        action: Callable[[Device, str, dict[str, Any]], None],
        *,
        note_takers_only: bool = False,
    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def handle(request: web.Request) -> web.StreamResponse:
            device: Device = request[DEVICE]
            if note_takers_only and device.role is not DeviceRole.NOTE_TAKER:
                raise refused("role")
            if not device.admitted or device.participant is None:
                return api_error(409, self.say(RuleViolation("room_server.no_name")))
            try:
                body = await request.json()
            except web.HTTPRequestEntityTooLarge:
                return api_error(413, self.say(RuleViolation("room_server.too_large")))
            except (ValueError, UnicodeDecodeError):
                return api_error(400, self.say(RuleViolation("room_server.bad_json")))
            if not isinstance(body, dict):
                return api_error(400, self.say(RuleViolation("room_server.bad_json")))

            def work() -> None:
                action(device, request[TOKEN], body)

            try:
                await self.in_store(work)
            except _BadRequest as bad:
                return api_error(400, self.say(bad.error))
            except RuleViolation as refusal:
                return api_error(409, self.say(refusal))
            self.wake()
            return web.json_response({"ok": True})

        return handle

    # Each intention is the session's (live.py): it checks the meeting as stored now
    # (running, the phase written or the evaluation, the writer present), then the room.

    def _card(self, device: Device, token: str, body: dict[str, Any]) -> None:
        self.live.write_card(self.room_file, device.participant or "", _field(body, "text", str))

    def _withdraw(self, device: Device, token: str, body: dict[str, Any]) -> None:
        self.live.withdraw_card(self.room_file, device.participant or "")

    def _ready(self, device: Device, token: str, body: dict[str, Any]) -> None:
        self.live.set_ready(self.room_file, device.participant or "", _field(body, "ready", bool))

    def _ballot(self, device: Device, token: str, body: dict[str, Any]) -> None:
        score = _field(body, "score", int)
        remark = _field(body, "remark", str, default="")
        self.live.cast_ballot(self.room_file, token, score, remark)

    def _propose_case(self, device: Device, token: str, body: dict[str, Any]) -> None:
        """A case proposed from the proposer's own device, in the phase that collects them."""
        participant = device.participant or ""
        self.live.open_for_room(participant)
        self.live.propose_case(
            participant,
            _field(body, "title", str),
            _field(body, "urgency", int),
            _field(body, "kind", str),
        )

    def _vote_case(self, device: Device, token: str, body: dict[str, Any]) -> None:
        """A dot given (or, with `"back": true`, taken back) from the voter's own device."""
        participant = device.participant or ""
        self.live.open_for_room(participant)
        change = -1 if _field(body, "back", bool, default=False) else 1
        self.live.vote_case(participant, _field(body, "proposal", str), change)

    def _note(self, device: Device, token: str, body: dict[str, Any]) -> None:
        text = _field(body, "text", str)
        kind_name = _field(body, "kind", str, default=NoteKind.NOTE.value)
        try:
            kind = NoteKind(kind_name)
        except ValueError:
            raise _BadRequest(RuleViolation("room_server.bad_kind", kind=kind_name)) from None
        participant = device.participant or ""
        self.live.open_for_room(participant)
        if not speaks_as_note_taker(self.live.session, participant):
            raise RuleViolation("room_server.not_note_taker")
        name = self.live.session.name_of(participant)
        self.live.add_note(NoteDraft(text=text, kind=kind, author=name))

    # -- following the meeting -----------------------------------------------------------

    async def state_socket(self, request: web.Request) -> web.StreamResponse:
        device: Device = request[DEVICE]
        connection = await self.open_socket(request, device)
        try:
            await self.push(connection)
            async for message in connection.ws:
                if message.type is WSMsgType.ERROR:
                    break
                # Nothing is received but pings: anything else is ignored.
        finally:
            await self.drop(connection)
        return connection.ws

    async def open_socket(
        self, request: web.Request, device: Device, *, terminal: bool = False
    ) -> Connection:
        mine = [c for c in self.connections if c.device_id == device.id]
        if len(mine) >= guards.MAX_SOCKETS_PER_DEVICE:
            raise web.HTTPTooManyRequests(text="too many sockets", content_type="text/plain")
        ws = web.WebSocketResponse(heartbeat=20, max_msg_size=64 * 1024 if terminal else 4096)
        await ws.prepare(request)
        connection = Connection(ws, device.id, request[TOKEN], terminal=terminal)
        self.connections.append(connection)
        if not terminal:
            connection.writer = asyncio.create_task(self._write(connection))
        return connection

    async def drop(self, connection: Connection) -> None:
        if connection in self.connections:
            self.connections.remove(connection)
        if connection.writer is not None:
            connection.writer.cancel()
        if not connection.ws.closed:
            with contextlib.suppress(TimeoutError, ConnectionError, RuntimeError):
                await asyncio.wait_for(connection.ws.close(), SEND_TIMEOUT)

    async def _write(self, connection: Connection) -> None:
        while True:
            text = await connection.waiting.get()
            try:
                await asyncio.wait_for(connection.ws.send_str(text), SEND_TIMEOUT)
            except (TimeoutError, ConnectionError, RuntimeError):
                # Too slow or gone: this device is dropped, the others go on.
                connection.writer = None
                await self.drop(connection)
                return

    async def push(self, connection: Connection | None = None) -> None:
        """Send the current state to one socket, or to every one; close the sockets of
        devices that are gone; stop when the share stopped."""
        room, session, timer = await self.in_store(self._fresh)
        if not room.shared:
            await self.stop()
            return
        if session.status is SessionStatus.ENDED and self._ending is None:
            loop = asyncio.get_running_loop()
            self._ending = loop.call_later(ENDED_GRACE_SECONDS, self._end_share)
        for each in [connection] if connection else list(self.connections):
            device = room.device_by_token(each.token)
            if device is None or (each.terminal and device.role is not DeviceRole.NOTE_TAKER):
                await self.drop(each)
                continue
            if not each.terminal:
                state = device_state(session, room, device, timer, self.lang)
                each.offer(json.dumps(state, ensure_ascii=False))

    def wake(self) -> None:
        """A change made here: follow it at once rather than at the next poll."""
        self._wake.set()

    def start_following(self) -> None:
        """Once the share is started: follow the session and the room from now on."""
        self._follower = asyncio.create_task(self.follow())

    async def follow(self) -> None:
        """One poller for every socket: the revision tokens every POLL_SECONDS, and the
        clock every few seconds."""
        last: tuple[str | None, str | None] | None = None
        pushed = 0.0
        while not self.stopped.is_set():
            try:
                revs = await self.in_store(
                    lambda: (
                        self.store.session_rev(self.session_id),
                        self.store.room_rev(self.session_id),
                    )
                )
                if revs != last or time.monotonic() - pushed >= CLOCK_PUSH_SECONDS:
                    last, pushed = revs, time.monotonic()
                    await self.push()
            except Exception:  # one bad moment must not stop following the meeting
                log.exception("following the session")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)
            self._wake.clear()

    def _end_share(self) -> None:
        """The meeting ended: a few seconds for the ended state to reach every device,
        then the share stops (connections closed, the secret no longer valid)."""
        self._ending_task = asyncio.ensure_future(self._stop_after_end())

    def stop_by_signal(self) -> None:
        self._ending_task = asyncio.ensure_future(self._stop_after_end())

    async def _stop_after_end(self) -> None:
        await self.in_store(self.room_file.stop_share)
        await self.stop()

    async def stop(self) -> None:
        if self.stopped.is_set():
            return
        self.stopped.set()
        await self._close_all()

    async def _close_all(self, app: web.Application | None = None) -> None:
        for connection in list(self.connections):
            await self.drop(connection)

    def close(self) -> None:
        if self._follower is not None:
            self._follower.cancel()
        self._store_thread.shutdown(wait=False)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class _BadRequest(Exception):
    def __init__(self, error: RuleViolation) -> None:
        super().__init__(error.key)
        self.error = error


_MISSING = object()


def _field(body: dict[str, Any], name: str, kind: type, default: Any = _MISSING) -> Any:
    """A field of a JSON body, of the right type (a bool is not a number here)."""
    value = body.get(name, default)
    if (
        value is _MISSING
        or not isinstance(value, kind)
        or (kind is int and isinstance(value, bool))
    ):
        raise _BadRequest(RuleViolation("room_server.bad_field", field=name))
    return value


# -- running a share ------------------------------------------------------------------------


class ShareRefused(Exception):
    """The share cannot start: one line for the user (exit status 2)."""


@dataclass
class Started:
    """A share that is being served: its secrets and where it listens."""

    share: Share
    listening: Listening


STDIN = 0


def watch_parent(loop: asyncio.AbstractEventLoop, server: RoomServer) -> None:
    """For a server the facilitator's app started (`--stop-with-parent`): standard input
    is a pipe that only the app holds open, and never writes to. Its end means the app
    is gone, also killed or crashed: the share stops as on ctrl+c (every device's token
    ends) rather than serve the room with no one in front of it. A server started from
    a shell is never told to watch: a terminal or /dev/null as input stops nothing."""

    def readable() -> None:
        try:
            if os.read(STDIN, 512):
                return  # nothing is ever written; whatever is, is ignored
        except BlockingIOError:
            return
        except OSError:
            pass
        loop.remove_reader(STDIN)
        log.warning("the app that started this share is gone: the share stops")
        server.stop_by_signal()

    loop.add_reader(STDIN, readable)


async def run_share(
    store: Store,
    session_id: str,
    lang: str,
    host: IPAddress,
    port: int,
    *,
    announce: Callable[[Started], None],
    terminal_command: Callable[[str], str] | None = None,
    stop_with_parent: bool = False,
) -> None:
    """Share the session until the share stops (in the room file, by a signal, at the
    end of the meeting, or with `stop_with_parent` when standard input ends). Refused,
    with `ShareRefused`, when a live process shares it already or the address cannot
    be bound."""
    clock = SystemClock()
    live_room = read_room(store, session_id)
    if live_room.shared and live_room.share is not None:
        if live_room.share.server_alive() and live_room.share.pid != os.getpid():
            raise ShareRefused(
                translate("room_server.already_shared", lang, pid=live_room.share.pid)
            )
        # A share left behind by a process that is gone: stopped, then started anew.
        RoomFile(store, session_id, lambda: to_iso(clock.time(), "UTC")).stop_share()
    server = RoomServer(
        store, session_id, lang, frozenset(), clock=clock, terminal_command=terminal_command
    )
    runner = web.AppRunner(server.make_app(), handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host=host.compressed, port=port)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        server.close()
        where = f"{in_url(host)}:{port}"
        raise ShareRefused(
            translate("room_server.cannot_listen", lang, where=where, reason=error.strerror or "")
        ) from None
    bound_port = runner.addresses[0][1]
    listening = Listening(served_addresses(host), bound_port)
    server.allowed_hosts = listening.allowed_hosts()
    share = server.room_file.start_share()
    server.room_file.record_listening(host.compressed, bound_port, listening.urls(), os.getpid())
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, server.stop_by_signal)
    if stop_with_parent:
        watch_parent(loop, server)
    server.start_following()
    announce(Started(share, listening))
    try:
        await server.stopped.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        if stop_with_parent:
            loop.remove_reader(STDIN)
        room = read_room(store, session_id)
        if room.shared and room.share is not None and room.share.pid == os.getpid():
            server.room_file.stop_share()
        await server._close_all()
        await runner.cleanup()
        server.close()

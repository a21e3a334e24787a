"""A shared session, its share's server listening on loopback, and devices that join it.

Used by the refusal tests and the benchmark: every request goes through a real
listening socket (aiohttp's `TestServer` bound to 127.0.0.1, or a `sessie-tui serve`
process), never through a handler called directly.
"""

from __future__ import annotations

import asyncio
import json
import socket
from dataclasses import dataclass, replace
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer

from sessie_tui.domain.clock import Clock, SystemClock
from sessie_tui.domain.participants import Attendance, Participant, Role
from sessie_tui.domain.session import SessionInfo
from sessie_tui.live import LiveSession, create_session
from sessie_tui.methods import load_methods
from sessie_tui.room import guards
from sessie_tui.room.addresses import Listening, parse_host
from sessie_tui.room.server import COOKIE, CSRF_HEADER, RoomServer
from sessie_tui.room.state import RoomFile, Share
from sessie_tui.storage.store import Store

SESSION_ID = "20261123-room"
TOPIC = "Grenzen stellen in de klas"
PEOPLE = (
    ("p-an", "An Peeters", Role.FACILITATOR),
    ("p-bart", "Bart De Smet", Role.CASE_HOLDER),
    ("p-sofie", "Sofie Claes", Role.NOTE_TAKER),
    ("p-dries", "Dries Maes", Role.PARTICIPANT),
    ("p-els", "Els Janssens", Role.PARTICIPANT),
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def written_session(store: Store, clock: Clock, *, people: int = 0) -> LiveSession:
    """A running meeting whose first phase is written first (write, then reveal), with
    five present people, and `people` more participants when asked (for 30 devices)."""
    method = load_methods().get("incidentmethode")
    first = replace(method.phases[0], written=True, written_names=True)
    method = replace(method, phases=(first, *method.phases[1:]))
    everyone = [Participant(pid, name, role, Attendance.PRESENT) for pid, name, role in PEOPLE]
    everyone += [Participant(f"p-{n}", f"Deelnemer {n}") for n in range(people)]
    create_session(
        store,
        method=method,
        clock=clock,
        lang="nl",
        info=SessionInfo(topic=TOPIC, date="2026-11-23"),
        participants=everyone,
        session_id=SESSION_ID,
        timezone="Europe/Brussels",
    )
    live = LiveSession(store, SESSION_ID, clock)
    for person in everyone:
        live.acknowledge(person.id)
    live.start()
    return live


@dataclass
class Phone:
    """One device of the room, joined by the link: its token, and requests as its page
    would make them (same origin, its CSRF token)."""

    share: RunningShare
    token: str

    @property
    def cookie(self) -> dict[str, str]:
        return {"Cookie": f"{COOKIE}={self.token}"}

    def headers(self, **extra: str) -> dict[str, str]:
        return {
            **self.cookie,
            "Origin": self.share.origin,
            CSRF_HEADER: guards.csrf_token(self.token),
            **extra,
        }

    async def post(self, path: str, body: Any = None, **headers: str) -> aiohttp.ClientResponse:
        data = json.dumps({} if body is None else body)
        response = await self.share.http.post(
            self.share.url(path),
            data=data,
            headers={"Content-Type": "application/json", **self.headers(**headers)},
            allow_redirects=False,
        )
        await response.read()
        return response

    async def claim(self, participant: str) -> aiohttp.ClientResponse:
        response = await self.share.http.post(
            self.share.url("/claim"),
            data={"participant": participant, "csrf": guards.csrf_token(self.token)},
            headers={**self.cookie, "Origin": self.share.origin},
            allow_redirects=False,
        )
        await response.read()
        return response

    async def socket(self) -> aiohttp.ClientWebSocketResponse:
        return await self.share.http.ws_connect(
            self.share.url("/ws"), headers={**self.cookie, "Origin": self.share.origin}
        )


@dataclass
class RunningShare:
    live: LiveSession
    room: RoomFile
    share: Share
    server: RoomServer
    test_server: TestServer
    http: aiohttp.ClientSession
    port: int

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.origin}{path}"

    async def join(self, participant: str | None = None, *, by_code: bool = False) -> Phone:
        path = f"/C/{self.share.code}" if by_code else f"/J/{self.share.secret}"
        response = await self.http.get(self.url(path), allow_redirects=False)
        assert response.status == 303, await response.text()
        token = response.cookies[COOKIE].value
        phone = Phone(self, token)
        if participant is not None:
            claimed = await phone.claim(participant)
            assert claimed.status == 303, await claimed.text()
        return phone

    async def close(self) -> None:
        await self.server.stop()
        await self.http.close()
        await self.test_server.close()
        self.server.close()


async def start_share(store: Store, live: LiveSession, lang: str = "en") -> RunningShare:
    """Share the session and serve it on 127.0.0.1, on a real port."""
    port = free_port()
    room = RoomFile(store, live.id, live.now)
    share = room.start_share()
    listening = Listening((parse_host("127.0.0.1"),), port)
    room.record_listening("127.0.0.1", port, listening.urls(), 0)
    server = RoomServer(
        store,
        live.id,
        lang,
        listening.allowed_hosts(),
        clock=SystemClock(),
        terminal_command=lambda name: "true",
    )
    test_server = TestServer(server.make_app(), host="127.0.0.1", port=port)
    await test_server.start_server()
    server.start_following()
    http = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
    return RunningShare(live, room, share, server, test_server, http, port)


async def next_state(ws: aiohttp.ClientWebSocketResponse, timeout: float = 3.0) -> dict[str, Any]:
    message = await asyncio.wait_for(ws.receive(), timeout)
    assert message.type is aiohttp.WSMsgType.TEXT, message
    return json.loads(message.data)

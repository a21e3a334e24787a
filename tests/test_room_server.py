"""The share's server refuses what it must, through a real socket on loopback.

Each test talks HTTP to a server listening on 127.0.0.1 (see `room_helpers`): no secret,
a wrong one, a removed device, a stopped share, a forged Host, a foreign Origin, a
missing CSRF token, too much, too fast, malformed; and what a device may do.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from room_helpers import (
    TOPIC,
    Phone,
    RunningShare,
    free_port,
    next_state,
    start_share,
    written_session,
)

from sessie_tui.domain.clock import SystemClock
from sessie_tui.i18n import translate
from sessie_tui.room import guards
from sessie_tui.room.server import COOKIE, SEND_TIMEOUT
from sessie_tui.room.state import Room, ballot_key
from sessie_tui.storage.store import Store

HEADERS = {
    "Content-Security-Policy": guards.CSP,
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@pytest.fixture
async def share(tmp_path: Path) -> AsyncIterator[RunningShare]:
    store = Store(tmp_path / "store")
    running = await start_share(store, written_session(store, SystemClock()))
    yield running
    await running.close()


async def status_and_body(response: aiohttp.ClientResponse) -> tuple[int, str]:
    return response.status, await response.text()


def assert_refused(status: int, body: str) -> None:
    assert status == 403
    assert body == ""  # nothing else in the answer


# -- the way in ------------------------------------------------------------------------------


async def test_without_the_secret_everything_is_refused(share: RunningShare) -> None:
    for path in ("/", "/ws", "/static/room.css", "/terminal", "/api/card", "/J/", "/C/"):
        response = await share.http.get(share.url(path), allow_redirects=False)
        assert_refused(*await status_and_body(response))
    response = await share.http.post(share.url("/api/card"), json={"text": "x"})
    assert_refused(*await status_and_body(response))


async def test_a_wrong_secret_or_code_is_refused(share: RunningShare) -> None:
    wrong = "A" * 26 if share.share.secret != "A" * 26 else "B" * 26
    for path in (f"/J/{wrong}", f"/j/{wrong.lower()}", "/C/ZZZZZZ"):
        response = await share.http.get(share.url(path), allow_redirects=False)
        assert_refused(*await status_and_body(response))
    response = await share.http.get(share.url("/"), headers={"Cookie": f"{COOKIE}=forged"})
    assert_refused(*await status_and_body(response))


async def test_the_link_gives_a_device_cookie_that_only_the_page_can_use(
    share: RunningShare,
) -> None:
    response = await share.http.get(share.url(f"/J/{share.share.secret}"), allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/"
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
    assert share.share.secret not in cookie.value
    # The link in lower case (as typed) works too.
    lower = await share.http.get(
        share.url(f"/j/{share.share.secret.lower()}"), allow_redirects=False
    )
    assert lower.status == 303


async def test_a_removed_device_is_refused_at_once(share: RunningShare) -> None:
    phone = await share.join("p-dries")
    assert (await share.http.get(share.url("/"), headers=phone.cookie)).status == 200
    device = share.room.read().device_by_token(phone.token)
    assert device is not None
    share.room.remove(device.id)
    assert_refused(
        *await status_and_body(await share.http.get(share.url("/"), headers=phone.cookie))
    )
    assert (await phone.post("/api/ready", {"ready": True})).status == 403


async def test_a_removed_devices_socket_is_closed(share: RunningShare) -> None:
    phone = await share.join("p-dries")
    ws = await phone.socket()
    await next_state(ws)
    device = share.room.read().device_by_token(phone.token)
    assert device is not None
    share.room.remove(device.id)
    message = await asyncio.wait_for(_until_closed(ws), 3)
    assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)


async def _until_closed(ws: aiohttp.ClientWebSocketResponse) -> aiohttp.WSMessage:
    while True:
        message = await ws.receive()
        if message.type is not aiohttp.WSMsgType.TEXT:
            return message


async def test_a_stopped_share_refuses_and_closes_every_socket(share: RunningShare) -> None:
    phone = await share.join("p-dries")
    other = await share.join("p-els")
    sockets = [await phone.socket(), await other.socket()]
    for ws in sockets:
        await next_state(ws)
    share.room.stop_share()
    for ws in sockets:
        message = await asyncio.wait_for(_until_closed(ws), 3)
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    for path in ("/", f"/J/{share.share.secret}"):
        response = await share.http.get(share.url(path), headers=phone.cookie)
        assert_refused(*await status_and_body(response))
    await asyncio.wait_for(share.server.stopped.wait(), 2)


async def test_a_forged_host_is_refused_even_with_a_device(share: RunningShare) -> None:
    phone = await share.join("p-dries")
    for host in (f"evil.example:{share.port}", "127.0.0.1", "127.0.0.1:1", "", "localhost:80"):
        response = await share.http.get(share.url("/"), headers={**phone.cookie, "Host": host})
        assert_refused(*await status_and_body(response))
    response = await share.http.get(
        share.url(f"/J/{share.share.secret}"), headers={"Host": "rebind.example"}
    )
    assert_refused(*await status_and_body(response))
    ok = await share.http.get(
        share.url("/"), headers={**phone.cookie, "Host": f"localhost:{share.port}"}
    )
    assert ok.status == 200


# -- origin and CSRF -------------------------------------------------------------------------


async def test_a_socket_with_a_foreign_or_no_origin_is_refused(share: RunningShare) -> None:
    phone = await share.join("p-dries")
    for origin in ("http://evil.example", f"http://127.0.0.1:{share.port + 1}", "null", None):
        headers = dict(phone.cookie)
        if origin is not None:
            headers["Origin"] = origin
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await share.http.ws_connect(share.url("/ws"), headers=headers)
        assert refused.value.status == 403


async def test_a_page_from_another_port_cannot_open_the_socket(share: RunningShare) -> None:
    """Another port on loopback is another origin: a page served there, in the same
    browser (which sends the device cookie along: same site), gets no socket."""
    other_port = free_port()
    page = web.Application()

    async def hostile(request: web.Request) -> web.Response:
        script = f"new WebSocket('ws://127.0.0.1:{share.port}/ws')"
        return web.Response(text=f"<script>{script}</script>", content_type="text/html")

    page.router.add_get("/", hostile)
    runner = web.AppRunner(page)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", other_port)
    await site.start()
    try:
        served = await share.http.get(f"http://127.0.0.1:{other_port}/")
        assert "WebSocket" in await served.text()
        phone = await share.join("p-dries")
        # What the browser sends for that page's socket: its own origin, and the cookie.
        headers = {**phone.cookie, "Origin": f"http://127.0.0.1:{other_port}"}
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await share.http.ws_connect(share.url("/ws"), headers=headers)
        assert refused.value.status == 403
        posted = await phone.post("/api/ready", {"ready": True}, Origin=headers["Origin"])
        assert posted.status == 403
    finally:
        await runner.cleanup()
    assert share.room.read().ready_in(0) == set()


async def test_a_post_from_another_origin_or_without_csrf_is_refused(share: RunningShare) -> None:
    phone = await share.join("p-dries")
    other = await share.join("p-els")
    cases = [
        {"Origin": "http://evil.example"},
        {"X-Sessie-Csrf": ""},
        {"X-Sessie-Csrf": guards.csrf_token(other.token)},  # another device's token
    ]
    for headers in cases:
        response = await phone.post("/api/ready", {"ready": True}, **headers)
        assert_refused(response.status, await response.text())
    no_origin = await share.http.post(
        share.url("/api/ready"),
        json={"ready": True},
        headers={**phone.cookie, "X-Sessie-Csrf": guards.csrf_token(phone.token)},
    )
    assert no_origin.status == 403
    # The forms: the name is claimed only with the page's own token.
    forged = await share.http.post(
        share.url("/claim"),
        data={"participant": "p-bart"},
        headers={**phone.cookie, "Origin": share.origin},
        allow_redirects=False,
    )
    assert forged.status == 403
    assert share.room.read().ready_in(0) == set()
    assert share.room.read().holder_of("p-bart") is None


async def test_every_answer_carries_the_security_headers(share: RunningShare) -> None:
    phone = await share.join("p-dries")
    answers = [
        await share.http.get(share.url("/")),  # 403
        await share.http.get(share.url(f"/J/{share.share.secret}"), allow_redirects=False),
        await share.http.get(share.url("/"), headers=phone.cookie),  # 200
        await share.http.get(share.url("/static/none.css"), headers=phone.cookie),  # 404
        await phone.post("/api/ready", {"ready": True}),
    ]
    for response in answers:
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (response.status, name)
    assert "frame-ancestors 'none'" in guards.CSP


async def test_pages_escape_what_people_typed(share: RunningShare) -> None:
    share.live.update_participant("p-els", name="<script>alert(1)</script>")
    phone = await share.join()
    page = await (await share.http.get(share.url("/"), headers=phone.cookie)).text()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page.replace('<script src="/static/room.js"></script>', "")


# -- limits ----------------------------------------------------------------------------------


async def test_an_oversized_body_is_refused_with_413(share: RunningShare) -> None:
    phone = await share.join("p-dries")
    response = await phone.post("/api/card", {"text": "x" * (guards.MAX_BODY + 10)})
    assert response.status == 413
    assert share.room.read().written_count(0) == 0


async def test_a_burst_gets_429_while_another_device_is_served(share: RunningShare) -> None:
    flooder = await share.join("p-dries")
    calm = await share.join("p-els")
    statuses = [(await flooder.post("/api/ready", {"ready": True})).status for _ in range(15)]
    assert 429 in statuses and statuses.count(200) <= guards.DEVICE_REQUESTS_PER_SECOND
    answer = await calm.post("/api/ready", {"ready": True})
    assert answer.status == 200
    assert (await flooder.post("/api/ready", {"ready": True})).status == 429


async def test_malformed_json_is_a_400_with_a_message(share: RunningShare) -> None:
    phone = await share.join("p-dries")
    for body in ("{not json", "[1, 2]", '"text"'):
        response = await share.http.post(
            share.url("/api/card"),
            data=body,
            headers={"Content-Type": "application/json", **phone.headers()},
        )
        assert response.status == 400
        assert "JSON" in (await response.json())["error"]
    wrong_type = await phone.post("/api/ready", {"ready": "yes"})
    assert wrong_type.status == 400
    assert "ready" in (await wrong_type.json())["error"]


async def test_a_device_has_at_most_three_sockets(share: RunningShare) -> None:
    phone = await share.join("p-dries")
    sockets = [await phone.socket() for _ in range(guards.MAX_SOCKETS_PER_DEVICE)]
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await phone.socket()
    assert refused.value.status == 429
    for ws in sockets:
        await ws.close()


# -- who is who ------------------------------------------------------------------------------


async def test_one_name_is_held_by_one_device(share: RunningShare) -> None:
    first = await share.join("p-dries")
    second = await share.join()
    page = await (await share.http.get(share.url("/"), headers=second.cookie)).text()
    # A name held elsewhere is shown, but cannot be chosen (and the page says why).
    assert 'value="p-dries" disabled' in page and 'value="p-els">' in page
    taken = await second.claim("p-dries")
    assert taken.status == 409
    assert 'value="p-dries" disabled' in await taken.text()  # the choice again
    holder = share.room.read().holder_of("p-dries")
    assert holder is not None and holder == share.room.read().device_by_token(first.token)


async def test_the_role_comes_from_the_session_never_from_the_request(
    share: RunningShare,
) -> None:
    participant = await share.join("p-dries")
    response = await share.http.post(
        share.url("/claim"),
        data={"participant": "p-dries", "role": "note_taker", "csrf": "x"},
        headers={**participant.cookie, "Origin": share.origin},
    )
    assert response.status == 403
    refused = await participant.post("/api/note", {"text": "I am the note-taker now"})
    assert refused.status == 403
    note_taker = await share.join("p-sofie")
    written = await note_taker.post("/api/note", {"text": "Bart vertelt", "kind": "note"})
    assert written.status == 200, await written.text()
    share.live.refresh()
    notes = list(share.live.session.live_notes())
    assert [(n.text, n.author) for n in notes] == [("Bart vertelt", "Sofie Claes")]


async def test_a_participant_device_reaches_no_facilitator_control(share: RunningShare) -> None:
    phone = await share.join("p-dries")
    before = share.live.session.current_phase
    for path in ("/api/phase", "/api/next", "/api/end", "/api/clock", "/api/delete", "/api/reveal"):
        response = await phone.post(path, {"phase": 3})
        assert response.status in (404, 405), path
    terminal = await share.http.get(share.url("/terminal"), headers=phone.cookie)
    assert terminal.status == 403
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await share.http.ws_connect(
            share.url("/terminal/ws"), headers={**phone.cookie, "Origin": share.origin}
        )
    share.live.refresh()
    assert share.live.session.current_phase == before
    assert share.live.session.status.value == "running"


async def test_a_device_by_code_waits_to_be_admitted_and_sees_nothing(
    share: RunningShare,
) -> None:
    phone = await share.join(by_code=True)
    page = await (await share.http.get(share.url("/"), headers=phone.cookie)).text()
    assert TOPIC not in page and "Dries" not in page
    ws = await phone.socket()
    state = await next_state(ws)
    assert state["device"] == {"admitted": False, "chosen": False}
    assert "session" not in state and "phase" not in state
    assert (await phone.claim("p-dries")).status == 409
    device = share.room.read().device_by_token(phone.token)
    assert device is not None
    share.room.admit(device.id)
    assert (await phone.claim("p-dries")).status == 303
    await ws.close()


# -- the meeting through the devices ---------------------------------------------------------


async def test_written_cards_stay_sealed_from_the_other_devices(share: RunningShare) -> None:
    writer = await share.join("p-dries")
    reader = await share.join("p-els")
    ws = await reader.socket()
    await next_state(ws)
    assert (await writer.post("/api/card", {"text": "Vraag het aan de ouders"})).status == 200
    state = await next_state(ws)
    while state["written"]["count"] != 1:
        state = await next_state(ws)
    assert "Vraag het aan de ouders" not in str(state)
    assert state["cards"] == [] and state["me"]["card"] is None
    mine = await writer.socket()
    own = await next_state(mine)
    assert own["me"]["card"] == {"text": "Vraag het aan de ouders"}
    await ws.close()
    await mine.close()


async def test_a_phase_change_reaches_the_socket_within_a_second(share: RunningShare) -> None:
    phone = await share.join("p-dries")
    ws = await phone.socket()
    first = await next_state(ws)
    assert first["phase"]["index"] == 0
    share.live.next_phase()
    loop = asyncio.get_running_loop()
    started = loop.time()
    state = first
    while state["phase"]["index"] == 0:
        state = await next_state(ws)
    assert loop.time() - started < 1.0
    assert state["phase"]["index"] == 1
    await ws.close()


async def test_after_the_end_writes_are_refused_and_the_share_stops(
    share: RunningShare, monkeypatch: pytest.MonkeyPatch
) -> None:
    note_taker = await share.join("p-sofie")
    phone = await share.join("p-dries")
    ws = await phone.socket()
    await next_state(ws)
    share.live.end()
    state = await next_state(ws)
    while state["status"] != "ended":
        state = await next_state(ws)
    for device, path, body in (
        (note_taker, "/api/note", {"text": "te laat"}),
        (phone, "/api/card", {"text": "te laat"}),
        (phone, "/api/ready", {"ready": True}),
    ):
        response = await device.post(path, body)
        assert response.status == 409
        assert (await response.json())["error"] == translate("notes.meeting_ended", "en")
    await asyncio.wait_for(share.server.stopped.wait(), 6)
    assert not share.room.read().shared
    assert (await share.http.get(share.url("/"), headers=phone.cookie)).status == 403


# -- the note-taker's terminal ---------------------------------------------------------------


async def test_the_note_takers_terminal_page_names_no_other_host(share: RunningShare) -> None:
    note_taker = await share.join("p-sofie")
    page = await share.http.get(share.url("/terminal"), headers=note_taker.cookie)
    assert page.status == 200
    text = await page.text()
    # The socket's address from the request's own Host; every other URL relative.
    assert f'data-session-websocket-url="ws://127.0.0.1:{share.port}/terminal/ws"' in text
    assert re.findall(r"(?:https?|wss?)://[^\"' ]+", text) == [
        f"ws://127.0.0.1:{share.port}/terminal/ws"
    ]
    assert "<script>" not in text and "<style>" not in text  # nothing inline
    for name in ("textual.js", "xterm.css", "terminal.css", "RobotoMono.ttf"):
        asset = await share.http.get(
            share.url(f"/terminal/static/{name}"), headers=note_taker.cookie
        )
        assert asset.status == 200, name
        body = await asset.read()
        if name.endswith(".css"):  # fonts and images from this share only
            assert b"@import" not in body
            assert all(
                not u.startswith((b"http", b"//"))
                for u in re.findall(rb"url\(\s*['\"]?([^)'\"]*)", body)
            )
    other = await share.http.get(
        share.url("/terminal"), headers={**note_taker.cookie, "Host": f"localhost:{share.port}"}
    )
    assert f"ws://localhost:{share.port}/terminal/ws" in await other.text()


async def test_a_device_that_does_not_read_holds_up_no_other(share: RunningShare) -> None:
    stuck = await share.join("p-dries")
    calm = await share.join("p-els")
    stuck_ws = await stuck.socket()
    await next_state(stuck_ws)
    calm_ws = await calm.socket()
    await next_state(calm_ws)
    # The stuck device's socket never takes another byte: each send to it hangs.
    connection = next(
        c for c in share.server.connections if c.token == stuck.token and not c.terminal
    )

    async def hang(text: str) -> None:
        await asyncio.Event().wait()

    connection.ws.send_str = hang  # type: ignore[method-assign]
    share.live.next_phase()
    loop = asyncio.get_running_loop()
    started = loop.time()
    state = await next_state(calm_ws)
    while state["phase"]["index"] != 1:
        state = await next_state(calm_ws)
    assert loop.time() - started < 1.0
    # Dropped once the send times out (not a fixed wait: as soon as it is gone).
    deadline = loop.time() + SEND_TIMEOUT + 0.5
    while connection in share.server.connections and loop.time() < deadline:
        await asyncio.sleep(0.05)
    assert connection not in share.server.connections  # dropped, not waited for
    share.live.next_phase()
    state = await next_state(calm_ws)
    while state["phase"]["index"] != 2:
        state = await next_state(calm_ws)
    await calm_ws.close()


# -- the case round from the devices -----------------------------------------------------------


async def test_a_case_is_proposed_and_voted_for_from_the_devices(share: RunningShare) -> None:
    """Through the real server: the credential, origin and CSRF checks of every POST."""
    from sessie_tui.methods import load_methods

    live = share.live
    method = load_methods().get("incidentmethode-open")
    live._write(live._header(method=method.to_data()))  # the same people, a case round now
    live.go_to_phase(1)
    dries = await share.join("p-dries")
    els = await share.join("p-els")
    body = {"title": "Ouder dreigt met klacht", "urgency": 3, "kind": "relation"}
    assert (await dries.post("/api/case", body)).status == 200
    bad = {**body, "urgency": 7}
    refused = await els.post("/api/case", bad)
    assert refused.status == 409
    assert "1, 2 or 3, not 7" in await refused.text()
    # Without the device's CSRF token the server refuses before anything is stored.
    forged = await share.http.post(
        share.url("/api/case"), json=body, headers={**els.cookie, "Origin": share.origin}
    )
    assert forged.status == 403
    live.refresh()
    [proposal] = live.session.case_round.open_proposals()
    assert (proposal.proposer, proposal.title, proposal.urgency) == (
        "p-dries",
        "Ouder dreigt met klacht",
        3,
    )
    assert (await els.post("/api/case/vote", {"proposal": proposal.id})).status == 409
    page = await (await share.http.get(share.url("/"), headers=els.cookie)).text()
    assert 'id="case-form"' in page and "Ouder dreigt met klacht" in page
    live.go_to_phase(2)
    ws = await els.socket()
    state = await next_state(ws)
    assert state["case_round"]["choosing"] and state["case_round"]["dots_left"] == 1
    assert (await els.post("/api/case/vote", {"proposal": proposal.id})).status == 200
    live.refresh()
    assert live.session.case_round.tally()[proposal.id] == 1
    state = await next_state(ws)
    while state["case_round"]["dots_left"] != 0:
        state = await next_state(ws)
    assert state["case_round"]["proposals"][0]["my_dots"] == 1
    await ws.close()


# -- the anonymous evaluation ------------------------------------------------------------------


def to_the_evaluation(share: RunningShare) -> None:
    from sessie_tui.domain.method import PhaseKind

    phases = share.live.session.phases
    share.live.go_to_phase(next(i for i, p in enumerate(phases) if p.kind is PhaseKind.EVALUATION))


async def answer(phone: Phone, score: int, remark: str) -> None:
    response = await phone.post("/api/ballot", {"score": score, "remark": remark})
    assert response.status == 200, await response.text()


async def test_a_participant_who_joins_again_answers_once_the_later_answer_counts(
    share: RunningShare,
) -> None:
    """Released by the facilitator, then back on another device with a new token: still
    one ballot for this person (their later answer), and the room counts one."""
    to_the_evaluation(share)
    first = await share.join("p-dries")
    await answer(first, 2, "Eerst zo")
    device = share.room.read().device_by_token(first.token)
    assert device is not None
    share.room.release(device.id)
    second = await share.join("p-dries")
    await answer(second, 5, "Toch zo")

    room = share.room.read()
    assert [(b.score, b.remark) for b in room.ballots] == [(5, "Toch zo")]
    assert room.distribution() == [0, 0, 0, 0, 1] and room.mean() == 5
    ws = await second.socket()
    state = await next_state(ws)
    assert state["evaluation"]["answered"] == 1
    assert state["me"]["ballot"] == {"score": 5, "remark": "Toch zo"}
    await ws.close()
    assert share.live.close_room_evaluation(share.room) == 1  # one person, one answer kept


async def test_once_closed_nothing_in_the_room_file_leads_from_a_person_to_an_answer(
    share: RunningShare,
) -> None:
    """What an attacker holding the room file after the evaluation could compute: the
    keys the ballots had while it was open are gone, and so is the meeting's key that
    made them from a participant's id; the answers are in score order, not answer order."""
    to_the_evaluation(share)
    answers = {"p-els": (5, "Els haar antwoord"), "p-dries": (1, "Dries zijn antwoord")}
    for person, (score, remark) in answers.items():
        await answer(await share.join(person), score, remark)
    path = share.live.store.rooms_dir / f"{share.live.id}.json"
    while_open = Room.from_tables(json.loads(path.read_bytes())["tables"])
    open_keys = [ballot.key for ballot in while_open.ballots]
    assert len(open_keys) == 2

    share.live.close_room_evaluation(share.room)

    closed = path.read_bytes()
    for key in open_keys:
        assert key.encode() not in closed
    meeting_key = while_open.ballot_secret
    assert meeting_key is not None and meeting_key.encode() not in closed
    room = share.room.read()
    assert room.ballot_secret is None
    assert room.ballot_of("p-dries") is None and room.ballot_of("p-els") is None
    assert [(b.score, b.remark) for b in room.ballots] == [
        (1, "Dries zijn antwoord"),
        (5, "Els haar antwoord"),
    ]
    candidates = {ballot_key(meeting_key, person) for person in answers}
    assert not candidates & {b.key for b in room.ballots}

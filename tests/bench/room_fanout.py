"""The benchmark's room figure: a phase change reaching every one of 30 connected devices.

A real `sessie-tui serve` process on loopback shares a running meeting of 30 present
people; 30 devices join by the link, each claims a name and opens the state socket.
Then the facilitator's side moves the phase (`LiveSession.go_to_phase`, as the app
does) again and again; for each move and each device, the time from just before the
move until that device receives a state with the new phase. Run on its own with
`.venv/bin/python tests/bench/room_fanout.py [--changes N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))  # the tests' helpers: the same session as the tests

from room_helpers import SESSION_ID, written_session  # noqa: E402

from sessie_tui.domain.clock import SystemClock  # noqa: E402
from sessie_tui.room import guards  # noqa: E402
from sessie_tui.room.server import COOKIE, CSRF_HEADER  # noqa: E402
from sessie_tui.room.state import MAX_DEVICES, read_room  # noqa: E402
from sessie_tui.storage.store import Store  # noqa: E402

DEVICES = MAX_DEVICES


async def _devices(base: str, secret: str, people: list[str], http: aiohttp.ClientSession):
    sockets = []
    for person in people:
        joined = await http.get(f"{base}/J/{secret}", allow_redirects=False)
        token = joined.cookies[COOKIE].value
        cookie = {"Cookie": f"{COOKIE}={token}"}
        claimed = await http.post(
            f"{base}/claim",
            data={"participant": person},
            headers={**cookie, "Origin": base, CSRF_HEADER: guards.csrf_token(token)},
            allow_redirects=False,
        )
        assert claimed.status == 303, await claimed.text()
        ws = await http.ws_connect(f"{base}/ws", headers={**cookie, "Origin": base})
        await ws.receive()  # the state on connect
        sockets.append(ws)
    return sockets


async def _arrival(ws: aiohttp.ClientWebSocketResponse, phase: int, started: float) -> float:
    while True:
        message = await ws.receive()
        if message.type is not aiohttp.WSMsgType.TEXT:
            raise RuntimeError(f"socket closed: {message}")
        if json.loads(message.data)["phase"]["index"] == phase:
            return time.perf_counter() - started


async def _measure(store_path: Path, changes: int) -> list[float]:
    store = Store(store_path)
    live = written_session(store, SystemClock(), people=DEVICES - 5)
    people = [p.id for p in live.session.present()][:DEVICES]
    command = [sys.executable, "-m", "sessie_tui", "--db", str(store_path), "serve", SESSION_ID]
    server = subprocess.Popen([*command, "--port", "0", "--quiet"], env=os.environ)
    try:
        share = None
        for _ in range(200):
            share = read_room(store, SESSION_ID).share
            if share is not None and share.urls and share.pid == server.pid:
                break
            time.sleep(0.05)
        assert share is not None and share.urls, "the share did not start"
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar()
        ) as http:
            sockets = await _devices(share.urls[0], share.secret, people, http)
            rng = random.Random(11)
            times: list[float] = []
            for change in range(changes):
                # Moves at random moments: the poll's phase is not the benchmark's.
                await asyncio.sleep(0.3 + rng.random() * 0.3)
                target = 1 if change % 2 == 0 else 0
                started = time.perf_counter()
                live.go_to_phase(target)
                times += await asyncio.gather(*(_arrival(ws, target, started) for ws in sockets))
            for ws in sockets:
                await ws.close()
            return times
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)


def measure_room_fanout(workdir: Path, changes: int) -> list[float]:
    """Seconds from each move to each device's state with it: DEVICES x changes figures."""
    folder = workdir / "room-fanout"
    folder.mkdir(parents=True, exist_ok=True)
    return asyncio.run(_measure(folder / "store", changes))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sessie-room-") as workdir:
        times = sorted(measure_room_fanout(Path(workdir), args.changes))
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"{len(times)} arrivals: median {times[len(times) // 2] * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

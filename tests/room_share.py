"""The real share for the phone page's browser test (`test_room_browser.py`) and the
benchmark: `sessie-tui serve` in a process of its own, on a session in a real store.

`ServeRoom` makes the session (five people present, the meeting running, the clock
running) and starts `sessie-tui --db STORE serve SESSION --host 127.0.0.1 --port 0
--quiet`; the join link is read back from the room file. What the facilitator does
(reveal, close the evaluation, end the meeting, admit a device) goes through the same
`LiveSession` and `RoomFile` intentions the facilitator's app calls; what a test checks
afterwards (cards, ballots, notes) is read from the store. Nothing here imitates the
server.

`Relay` is a plain TCP relay in front of the server, which a test can cut: the real
connection between the browser and the server drops, as on a Wi-Fi hiccup.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from sessie_tui.domain.clock import SystemClock
from sessie_tui.domain.method import PhaseKind
from sessie_tui.domain.notes import Note
from sessie_tui.domain.participants import Attendance, Participant, Role
from sessie_tui.domain.session import SessionInfo
from sessie_tui.live import LiveSession, create_session
from sessie_tui.methods import load_methods
from sessie_tui.room.state import Ballot, Card, Room, RoomFile, read_room
from sessie_tui.storage.store import Store

PEOPLE = (
    ("p-an", "An Peeters", "facilitator"),
    ("p-bart", "Bart De Smet", "case_holder"),
    ("p-sofie", "Sofie Claes", "note_taker"),
    ("p-dries", "Dries Maes", "participant"),
    ("p-els", "Els Janssens", "participant"),
)
TOPIC = "Grenzen stellen <b>aan</b> ouders"
START_SECONDS = 20


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ServeRoom:
    """`sessie-tui serve` on a running meeting: in its first phase, made a written one
    (write first, reveal together), or with `evaluation=True` in its evaluation phase."""

    def __init__(self, folder: Path, lang: str = "nl", *, evaluation: bool = False) -> None:
        self.folder = folder
        self.lang = lang
        self.evaluation = evaluation
        self.store = Store(folder / "store")
        self.session_id = "20261123-room"
        self.process: subprocess.Popen[bytes] | None = None
        self.base = ""
        """The address the server listens on, `http://127.0.0.1:<port>`."""

    # -- the meeting and its share -------------------------------------------------------

    def start(self) -> str:
        """Make the meeting, start the share; the join link."""
        # The first phase written first (write, then reveal), whatever the method data says.
        method = load_methods().get("incidentmethode")
        first = replace(method.phases[0], written=True, written_names=True)
        method = replace(method, phases=(first, *method.phases[1:]))
        people = [
            Participant(pid, name, Role(role), Attendance.PRESENT) for pid, name, role in PEOPLE
        ]
        create_session(
            self.store,
            method=method,
            clock=SystemClock(),
            lang=self.lang,
            info=SessionInfo(topic=TOPIC, date="2026-11-23"),
            participants=people,
            session_id=self.session_id,
        )
        live = self.live()
        for person in people:
            live.acknowledge(person.id)
        live.start()
        if self.evaluation:
            kinds = [phase.kind for phase in live.session.phases]
            live.go_to_phase(kinds.index(PhaseKind.EVALUATION))
        live.toggle_clock()  # the phase's clock running, as the facilitator's space starts it
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sessie_tui", "--db", str(self.store.root), "--lang",
             self.lang, "serve", self.session_id, "--host", "127.0.0.1", "--port", "0",
             "--quiet"],
        )  # fmt: skip
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            share = self.room().share
            if share is not None and share.urls:
                self.base = share.urls[0].rstrip("/")
                return share.join_url(self.base)
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError("sessie-tui serve wrote no address to the room file")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    @property
    def port(self) -> int:
        return urlsplit(self.base).port or 80

    def code_url(self) -> str:
        share = self.room().share
        assert share is not None
        return f"{self.base}/C/{share.code}"

    # -- what the facilitator does, through the app's own intentions ------------------------

    def live(self) -> LiveSession:
        return LiveSession(self.store, self.session_id, SystemClock())

    def room_file(self) -> RoomFile:
        return RoomFile(self.store, self.session_id, now)

    def reveal(self) -> None:
        self.live().reveal_cards(self.room_file())

    def close_evaluation(self) -> None:
        self.live().close_room_evaluation(self.room_file())

    def end(self) -> None:
        self.live().end()

    def admit_all(self) -> None:
        room_file = self.room_file()
        for device in room_file.read().live_devices():
            if not device.admitted:
                room_file.admit(device.id)

    # -- what was stored ----------------------------------------------------------------

    def room(self) -> Room:
        return read_room(self.store, self.session_id)

    def cards(self) -> list[Card]:
        return self.room().cards

    def ballots(self) -> list[Ballot]:
        return self.room().ballots

    def notes(self) -> list[Note]:
        return list(self.live().session.notes.values())


class Relay:
    """Browser -> 127.0.0.1:<relay port> -> the server, byte for byte, until `cut()`.

    The browser is told (Chromium's `--host-resolver-rules`) that `localhost:<server
    port>` lives at the relay, so its Host and Origin stay `localhost:<server port>`,
    which the server accepts for a share on loopback."""

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.every: list[socket.socket] = []
        """Every socket it opened, cut or not, to close at the end."""
        self.accepted = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def resolver_rule(self) -> str:
        return f"--host-resolver-rules=MAP localhost:{self.target[1]} 127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self.connections += [client, server]
                self.every += [client, server]
                self.accepted += 1
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            Relay._shut(sink)

    @staticmethod
    def _shut(end: socket.socket) -> None:
        with contextlib.suppress(OSError):
            end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """Every connection through the relay is dropped at once (new ones still pass)."""
        with self._lock:
            cut, self.connections = self.connections, []
        for end in cut:
            self._shut(end)

    def close(self) -> None:
        self.listener.close()
        self.cut()
        with self._lock:
            for end in self.every:
                end.close()

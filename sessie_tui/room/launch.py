"""Starting the share's server from the facilitator's app, and stopping it again.

The server is always a process of its own (`sessie-tui serve`): the app spawns it
detached from the terminal (no standard output: the terminal is the app's), its errors
go to a log file, and the addresses it listens on come back through the room file
(`share.urls`). The app keeps the processes it started, so that quitting or ending the
meeting stops the share and ends them; a server outlives no app that is killed or
crashes either (its lifeline, see `Servers.start`). Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..storage.atomic import ensure_private_dir
from ..storage.store import Store
from .state import RoomFile

LOOPBACK = "127.0.0.1"
EVERY_INTERFACE = "0.0.0.0"
STOP_SECONDS = 3.0
"""How long a server is given to close its connections before it is killed."""
STOP_WITH_PARENT = "--stop-with-parent"
"""`sessie-tui serve`'s option for a server the app starts: stop when its input ends."""


def server_command(store_root: Path, lang: str, session_id: str, host: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sessie_tui",
        "--db",
        str(store_root),
        "--lang",
        lang,
        "serve",
        session_id,
        "--host",
        host,
        "--port",
        "0",
        "--quiet",
        STOP_WITH_PARENT,
    ]


def last_line(log: Path) -> str:
    """The last line the server wrote to its log: why it stopped, if it did."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1].strip() if lines else ""


@dataclass
class Started:
    """A share's server process the app started, with its log."""

    session_id: str
    process: subprocess.Popen[bytes]
    log: Path
    now: Callable[[], str]
    """The session's time stamps, for the room file when the share stops."""
    lifeline: int
    """The app's end of the pipe that is the server's standard input (never written)."""


@dataclass
class Servers:
    """The share servers this app started, by session."""

    log_dir: Path
    started: dict[str, Started] = field(default_factory=dict)

    def start(
        self, store: Store, lang: str, session_id: str, host: str, now: Callable[[], str]
    ) -> Started:
        ensure_private_dir(self.log_dir)
        log = self.log_dir / f"serve-{session_id}.log"
        # Private like the store: what a server says may name the session.
        descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        # The server's lifeline: its standard input is a pipe whose one writing end this
        # app holds and never writes. However the app ends (quit, crash, SIGKILL, its
        # terminal closed), the system closes that end; the server reads end-of-file and
        # stops the share. No pid is watched (a pid can be reused), nothing is polled.
        # os.pipe() gives non-inheritable ends: no other child keeps the lifeline open.
        reading, lifeline = os.pipe()
        try:
            with open(descriptor, "wb") as errors:
                process = subprocess.Popen(
                    server_command(store.root, lang, session_id, host),
                    stdin=reading,
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                    # Its own session: a ctrl+c in the terminal is the app's, not the server's.
                    start_new_session=True,
                )
        except BaseException:
            os.close(lifeline)
            raise
        finally:
            os.close(reading)
        started = Started(session_id, process, log, now, lifeline)
        self.started[session_id] = started
        return started

    def running(self, session_id: str) -> bool:
        started = self.started.get(session_id)
        return started is not None and started.process.poll() is None

    def failed(self, session_id: str) -> str | None:
        """None while the server runs (or was never started here); else its last words."""
        started = self.started.get(session_id)
        if started is None or started.process.poll() is None:
            return None
        return last_line(started.log)

    def stop(self, store: Store, session_id: str, now: Callable[[], str]) -> None:
        """Stop the share (every device's token ends) and the server, if started here."""
        RoomFile(store, session_id, now).stop_share()
        started = self.started.pop(session_id, None)
        if started is None:
            return
        # SIGTERM: the server closes every connection and exits; a stuck one is killed.
        if started.process.poll() is None:
            started.process.terminate()
            try:
                started.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                started.process.kill()
                started.process.wait()
        with contextlib.suppress(OSError):
            os.close(started.lifeline)

    def stop_all(self, store: Store) -> None:
        """Quitting: every share this app started stops, and its server with it."""
        for started in list(self.started.values()):
            self.stop(store, started.session_id, started.now)

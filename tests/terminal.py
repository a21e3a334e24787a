"""The app in a real terminal: a pseudo-terminal, Textual's own driver, keys as bytes.

The Pilot hands keys to the app one at a time. A terminal does not: tmux,
SSH and a fast typist deliver several keys in one read, and the app must
still take them in order. `Terminal` starts the app in a process of its own on
a pseudo-terminal of a fixed size, writes keys as the bytes a terminal sends
(all of one `type` call in a single write), and reads the screen back through
pyte, a terminal emulator.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyte

KEYS = {
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "left": b"\x1b[D",
    "right": b"\x1b[C",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "space": b" ",
    "ctrl+n": b"\x0e",
    "ctrl+o": b"\x0f",
    "ctrl+t": b"\x14",
    "ctrl+s": b"\x13",
}

APP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sessie_tui.app import create_app
    from sessie_tui.config import Config
    from sessie_tui.storage.store import Store

    store, session, lang = sys.argv[1], sys.argv[2] or None, sys.argv[3]
    app = create_app(
        store=Store(Path(store)), config=Config(lang=lang, timezone="Europe/Brussels"),
        open_session=session,
    )
    app.run()
    """
)


def keys(*parts: str) -> bytes:
    """Text and key names as a terminal sends them: `keys("n", "hallo", "enter")`."""
    return b"".join(KEYS.get(part, part.encode()) for part in parts)


class Terminal:
    def __init__(
        self, store: Path, session: str = "", *, size: tuple[int, int] = (80, 24), lang: str = "nl"
    ) -> None:
        columns, rows = size
        self.screen = pyte.Screen(columns, rows)
        self._stream = pyte.ByteStream(self.screen)
        self._lock = threading.Lock()
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "", "LINES": ""}
        self.process = subprocess.Popen(
            [sys.executable, "-c", APP, str(store), session, lang],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={key: value for key, value in env.items() if value},
            start_new_session=True,
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self._stream.feed(data)

    def text(self) -> str:
        with self._lock:
            return "\n".join(self.screen.display)

    def wait_for(self, *texts: str, timeout: float = 20.0) -> str:
        """The screen once it shows every one of `texts`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.text()
            if all(text in shown for text in texts):
                return shown
            time.sleep(0.05)
        raise AssertionError(f"never showed {texts!r}; the screen:\n{self.text()}")

    def settle(self, quiet: float = 0.6, timeout: float = 15.0) -> str:
        """The screen once it has stopped changing for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        last, since = self.text(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.text()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return now
        return last

    def type(self, data: bytes) -> None:
        """Everything in one write: the app reads it as one burst."""
        os.write(self._master, data)

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self._master)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def eventually(check: Callable[[], object], timeout: float = 30.0) -> None:
    """Wait until `check()` holds (a loaded machine may take its time); else raise."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check() is not False:
                return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        else:
            if time.monotonic() > deadline:
                raise AssertionError(f"{check.__name__} did not hold within {timeout} s")
        time.sleep(0.1)

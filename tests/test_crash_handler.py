"""An unexpected error (a bug) never puts a traceback on the projector, and loses nothing typed.

The bug is made by hand: a `LiveSession` method that raises what no screen
expects. The app must stop with one plain sentence naming a private log (0600,
in a 0700 folder) that holds the traceback, and the note being typed must be
in a private recovery file.
"""

from __future__ import annotations

import errno
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sessie_tui.app import SessieApp
from sessie_tui.live import LiveSession
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.storage.errors import WriteFailed

from conftest import acknowledge_all
from driving import type_text

SECRET = "Bart twijfelt aan zijn directeur"
BUG = "a bug nobody expected"

NewSession = Callable[..., LiveSession]


@pytest.fixture
def log_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setenv("SESSIE_TUI_LOG", str(folder))
    return folder


def _broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError(BUG)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_bug_while_saving_a_note_keeps_the_note_and_shows_no_traceback(
    new_session: NewSession,
    make_app: Callable[..., SessieApp],
    log_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.start()
    monkeypatch.setattr(LiveSession, "add_note", _broken)
    app = make_app(open_session=live.id)
    # Textual keeps the exception for run_test to raise: a test sees its bugs.
    with pytest.raises(RuntimeError, match=BUG):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PhaseScreen)
            await pilot.press("n")
            await type_text(pilot, SECRET)
            await pilot.press("enter")
            await pilot.pause()

    assert app.return_code == 1
    logs = list(log_dir.glob("crash-*.log"))
    assert len(logs) == 1
    assert _mode(log_dir) == 0o700 and _mode(logs[0]) == 0o600
    details = logs[0].read_text()
    assert "Traceback" in details and BUG in details and "add_note" in details
    recovered = list(log_dir.glob("recovered-*.txt"))
    assert len(recovered) == 1 and _mode(recovered[0]) == 0o600
    assert SECRET in recovered[0].read_text()

    # Textual printed nothing (its traceback shows local variables: the note's text).
    shown = capfd.readouterr()
    assert "Traceback" not in shown.out + shown.err and SECRET not in shown.out + shown.err
    # What the command line says once the terminal is back: one plain sentence.
    message = app.crash_message
    assert message is not None and "\n" not in message
    assert str(logs[0]) in message and str(recovered[0]) in message
    assert "Traceback" not in message and SECRET not in message and BUG not in message


def test_a_bug_in_a_command_is_one_line_naming_the_log(tmp_path: Path) -> None:
    """`sessie-tui list` with the store made to fail in a way no one planned for."""
    logs = tmp_path / "logs"
    program = (
        "import sys\n"
        "from sessie_tui import cli\n"
        "from sessie_tui.storage.store import Store\n"
        "def broken(*args, **kwargs):\n"
        f"    raise RuntimeError({BUG!r})\n"
        "Store.list_sessions = broken\n"
        "sys.exit(cli.run(['list']))\n"
    )
    env = {
        "SESSIE_TUI_DB": str(tmp_path / "store"),
        "SESSIE_TUI_CONFIG": str(tmp_path / "config"),
        "SESSIE_TUI_LOG": str(logs),
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    (log,) = logs.glob("crash-*.log")
    assert str(log) in lines[0]
    assert _mode(log) == 0o600
    assert BUG in log.read_text() and "Traceback" in log.read_text()


async def test_a_bug_keeps_the_notes_waiting_in_the_outbox_too(
    new_session: NewSession,
    make_app: Callable[..., SessieApp],
    log_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.start()
    waiting = "wachtende notitie: de schijf was vol"

    def full_disk(self: LiveSession, *args: object, **kwargs: object) -> None:
        raise WriteFailed(Path("sessions/x.json"), OSError(errno.ENOSPC, "No space left"))

    monkeypatch.setattr(LiveSession, "add_note", full_disk)
    app = make_app(open_session=live.id)
    with pytest.raises(RuntimeError, match=BUG):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await type_text(pilot, waiting)
            await pilot.press("enter")  # the disk is full: the note waits in the outbox
            await pilot.pause()
            monkeypatch.setattr(LiveSession, "add_note", _broken)
            await pilot.pause(3)  # the outbox tries again by itself, and meets a bug
    (recovered,) = log_dir.glob("recovered-*.txt")
    assert waiting in recovered.read_text()

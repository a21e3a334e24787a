"""sessie-tui in the browser: textual-serve on loopback, and a warning for anything else."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sessie_tui import cli


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """Local addresses listening on `port`, from /proc/net/tcp and tcp6 (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.slow
def test_serve_answers_on_loopback_only(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sessie_tui",
            "--db",
            str(tmp_path / "store"),
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ,
    )
    try:
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "sessie-tui" in page
        if Path("/proc/net/tcp").exists():
            assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=15)
    assert "http://127.0.0.1:" in out
    assert "OPGELET" not in err


def test_serving_beyond_loopback_warns_that_anyone_can_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[tuple[str, str, int]] = []

    class FakeServer:
        def __init__(self, command: str, host: str, port: int, title: str) -> None:
            started.append((command, host, port))

        def serve(self) -> None:
            pass

    import textual_serve.server

    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    status = cli.run(["--db", str(tmp_path / "s"), "--lang", "en", "serve", "--host", "0.0.0.0"])
    assert status == 0
    err = capsys.readouterr().err
    assert "0.0.0.0" in err and "confidential" in err
    (command, host, port) = started[0]
    assert (host, port) == ("0.0.0.0", 8000)
    assert "--db" in command and str(tmp_path / "s") in command


def test_the_browser_tabs_run_sessie_tui_on_the_same_store(tmp_path: Path) -> None:
    env = cli.Environment(tmp_path / "my store", tmp_path / "cfg", cli.Config(), [])
    command = cli.serve_command(env, notes=True)
    assert command.endswith(" notes")
    assert "'" + str(tmp_path / "my store") + "'" in command  # quoted for the shell


def test_a_port_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    assert cli.run(["--db", str(tmp_path / "s"), "serve", "--port", "70000"]) == 2

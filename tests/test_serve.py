"""`sessie-tui serve`: a share of one session, in a process of its own, on loopback by default.

The process is started as a user would; what it prints, where it listens, what the room
file says, and how it stops (a signal, the share stopped from elsewhere).
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from room_helpers import SESSION_ID, free_port, written_session

from sessie_tui import cli
from sessie_tui.domain.clock import SystemClock
from sessie_tui.room.addresses import Listening, parse_host, served_addresses
from sessie_tui.room.launch import Servers
from sessie_tui.room.state import RoomFile, Share, read_room
from sessie_tui.storage.store import Store


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


def serve(store: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sessie_tui", "--db", str(store), "--lang", "en", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ,
    )


def wait_listening(store: Store, process: subprocess.Popen[str], seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        share = read_room(store, SESSION_ID).share
        if share is not None and share.pid == process.pid and share.urls:
            return
        if process.poll() is not None:
            raise AssertionError(process.communicate())
        time.sleep(0.1)
    raise AssertionError("the share did not start")


def stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return process.communicate(timeout=15)


def one_line_error(status: int, err: str) -> str:
    assert status == cli.EXIT_USAGE
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def running(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store")
    written_session(store, SystemClock())
    return store


@pytest.mark.slow
def test_serve_shares_the_running_session_on_loopback_only(running: Store) -> None:
    port = free_port()
    process = serve(running.root, "--port", str(port))
    try:
        wait_listening(running, process)
        share = read_room(running, SESSION_ID).share
        assert share is not None and share.urls == (f"http://127.0.0.1:{port}",)
        assert share.host == "127.0.0.1" and share.port == port
        if Path("/proc/net/tcp").exists():
            assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
        assert refused.value.code == 403
    finally:
        out, err = stop(process)
    assert process.returncode == 0, err
    assert f"http://127.0.0.1:{port}" in out
    assert f"/J/{share.secret}" in out and share.code in out
    assert "WARNING" not in err
    assert not read_room(running, SESSION_ID).shared  # the signal stopped the share


@pytest.mark.slow
def test_a_share_stopped_elsewhere_ends_the_server(running: Store) -> None:
    process = serve(running.root, SESSION_ID, "--port", "0", "--quiet")
    try:
        wait_listening(running, process)
        RoomFile(running, SESSION_ID, lambda: "2026-11-23T10:00:00+01:00").stop_share()
        process.wait(timeout=10)
    finally:
        out, _err = stop(process)
    assert process.returncode == 0
    assert out == ""  # --quiet: the facilitator's app reads the room file


@pytest.mark.slow
def test_a_second_server_for_a_live_share_is_refused(running: Store) -> None:
    first = serve(running.root, "--port", "0", "--quiet")
    try:
        wait_listening(running, first)
        second = serve(running.root, "--port", "0")
        _out, err = second.communicate(timeout=30)
        line = one_line_error(second.returncode, err)
        assert str(first.pid) in line
        assert first.poll() is None
    finally:
        stop(first)


@pytest.mark.slow
def test_a_port_in_use_is_one_line(running: Store) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = serve(running.root, "--port", str(port))
        _out, err = process.communicate(timeout=30)
    line = one_line_error(process.returncode, err)
    assert f"127.0.0.1:{port}" in line
    assert not read_room(running, SESSION_ID).shared


@pytest.mark.slow
def test_ipv6_addresses_are_printed_in_brackets(running: Store) -> None:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    process = serve(running.root, "--host", "::1", "--port", "0")
    try:
        wait_listening(running, process)
        share = read_room(running, SESSION_ID).share
        assert share is not None
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://[::1]:{share.port}/", timeout=5)
        assert refused.value.code == 403  # reached, and refused without the secret
    finally:
        out, _err = stop(process)
    assert f"http://[::1]:{share.port}" in out
    assert re.search(r"HTTP://\[::1\]:\d+/J/[A-Z0-9]{26}", out)


# -- a server started by the facilitator's app ----------------------------------------------

APP = """
import subprocess, sys, time
from pathlib import Path
from sessie_tui.room.launch import Servers
from sessie_tui.storage.store import Store

servers = Servers(Path(sys.argv[2]))
servers.start(Store(Path(sys.argv[1])), "en", sys.argv[3], "127.0.0.1", lambda: "2026-11-23T10:00")
# Another child, given every descriptor that may be inherited: it must not hold the
# server's lifeline open after the app is gone.
other = subprocess.Popen(["sleep", "120"], close_fds=False)
print(other.pid, flush=True)
time.sleep(120)
"""


def ended(pid: int) -> bool:
    """Whether the process exited (gone, or a zombie nobody reaped: this is not its parent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def wait_shared(store: Store, seconds: float = 15) -> Share:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        share = read_room(store, SESSION_ID).share
        if share is not None and share.urls:
            return share
        time.sleep(0.1)
    raise AssertionError("the share did not start")


def join_status(share: Share) -> int:
    """What the join link gets now (303: a device cookie; 403: refused)."""
    connection = http.client.HTTPConnection("127.0.0.1", share.port, timeout=5)
    try:
        connection.request("GET", f"/J/{share.secret}", headers={"Host": f"127.0.0.1:{share.port}"})
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.slow
def test_a_server_started_by_the_app_stops_the_share_when_the_app_is_killed(
    running: Store, tmp_path: Path
) -> None:
    app = subprocess.Popen(
        [sys.executable, "-c", APP, str(running.root), str(tmp_path / "log"), SESSION_ID],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert app.stdout is not None
    other = int(app.stdout.readline())
    share = None
    try:
        share = wait_shared(running)
        assert join_status(share) == 303
        app.kill()  # SIGKILL: the app gets no chance to stop anything
        app.wait(10)
        deadline = time.monotonic() + 5
        while not ended(share.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ended(share.pid), "the server serves on with no app in front of it"
        assert not ended(other)  # the other child lives on, and held no end of the pipe
        assert not read_room(running, SESSION_ID).shared  # every token ended
        with pytest.raises(ConnectionRefusedError):
            join_status(share)
    finally:
        app.kill()
        app.wait(10)
        left = [other] if share is None or ended(share.pid) else [other, share.pid]
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.slow
def test_the_app_still_stops_its_server_itself(running: Store, tmp_path: Path) -> None:
    servers = Servers(tmp_path / "log")
    started = servers.start(running, "en", SESSION_ID, "127.0.0.1", lambda: "2026-11-23T10:00")
    share = wait_shared(running)
    assert join_status(share) == 303
    servers.stop(running, SESSION_ID, lambda: "2026-11-23T10:05")
    assert started.process.returncode == 0
    assert not read_room(running, SESSION_ID).shared
    with pytest.raises(OSError):
        os.fstat(started.lifeline)  # the app's end of the pipe is closed, not leaked


@pytest.mark.slow
def test_a_users_serve_does_not_stop_at_the_end_of_its_input(running: Store) -> None:
    """Started from a shell, or with its input from /dev/null: it serves until stopped."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sessie_tui", "--db", str(running.root), "serve", "--port", "0",
         "--quiet"],
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        share = wait_shared(running)
        time.sleep(1.0)
        assert process.poll() is None and read_room(running, SESSION_ID).shared
        assert join_status(share) == 303
    finally:
        process.terminate()
        process.wait(15)


def test_the_apps_own_option_is_not_in_the_users_help() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "sessie_tui", "serve", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--quiet" in shown and "parent" not in shown


@pytest.mark.parametrize("host", ["", "  ", "not-an-address", "300.1.1.1", "127.0.0.1:80"])
def test_an_empty_or_invalid_host_is_one_line(
    running: Store, host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.run(["--db", str(running.root), "--lang", "en", "serve", "--host", host])
    line = one_line_error(status, capsys.readouterr().err)
    assert "not an address to listen on" in line
    assert not read_room(running, SESSION_ID).shared


def test_a_port_out_of_range_is_a_usage_error(running: Store) -> None:
    assert cli.run(["--db", str(running.root), "serve", "--port", "70000"]) == 2


def test_without_a_session_and_none_running_it_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.run(["--db", str(tmp_path / "empty"), "--lang", "en", "serve"])
    assert "no session is running" in one_line_error(status, capsys.readouterr().err)


# -- the addresses -----------------------------------------------------------------------------


def test_every_interface_is_printed_for_0_0_0_0_and_loopback_last() -> None:
    machine = [ipaddress.ip_address(a) for a in ("127.0.0.1", "192.168.1.20", "10.0.0.5", "::1")]
    addresses = served_addresses(parse_host("0.0.0.0"), machine)
    listening = Listening(addresses, 8000)
    assert listening.urls() == [
        "http://192.168.1.20:8000",
        "http://10.0.0.5:8000",
        "http://127.0.0.1:8000",
    ]
    assert not listening.loopback_only
    assert listening.to_print() == ["http://192.168.1.20:8000", "http://10.0.0.5:8000"]
    assert listening.allowed_hosts() == {
        "192.168.1.20:8000",
        "10.0.0.5:8000",
        "127.0.0.1:8000",
        "localhost:8000",
    }


def test_ipv6_in_urls_and_hosts_is_bracketed() -> None:
    machine = [ipaddress.ip_address(a) for a in ("::1", "2001:db8::7", "192.168.1.20")]
    listening = Listening(served_addresses(parse_host("::"), machine), 8000)
    assert "http://[2001:db8::7]:8000" in listening.urls()
    assert "[2001:db8::7]:8000" in listening.allowed_hosts()
    assert Listening((parse_host("[::1]"),), 80).urls() == ["http://[::1]:80"]


def test_a_lan_address_is_served_alone() -> None:
    listening = Listening(served_addresses(parse_host("192.168.1.20")), 8000)
    assert listening.urls() == ["http://192.168.1.20:8000"]
    assert listening.allowed_hosts() == {"192.168.1.20:8000"}  # no localhost


def test_on_port_80_the_host_without_a_port_is_the_shares_too() -> None:
    listening = Listening((parse_host("192.168.1.20"),), 80)
    assert listening.allowed_hosts() == {"192.168.1.20:80", "192.168.1.20"}
    assert "192.168.1.20" not in Listening((parse_host("192.168.1.20"),), 8000).allowed_hosts()

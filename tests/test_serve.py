"""`sessie-tui serve`: a share of one session, in a process of its own, on loopback by default.

The process is started as a user would; what it prints, where it listens, what the room
file says, and how it stops (a signal, the share stopped from elsewhere).
"""

from __future__ import annotations

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
from sessie_tui.room.state import RoomFile, read_room
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

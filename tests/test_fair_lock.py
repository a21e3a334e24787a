"""The store's lock (sessie_tui/storage/fairlock.py): exclusive across processes and
threads, served in turn, freed by the kernel when a holder is killed, private.

Holders and waiters in other processes are small Python children that take the
lock, say so on stdout, and hold it until told (a line on stdin) or killed.
"""

from __future__ import annotations

import os
import select
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sessie_tui.storage.fairlock import LockTimeout, lock_files, make_lock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="record locks: Unix only")

CHILD = """
import sys, time
from pathlib import Path
from sessie_tui.storage.fairlock import make_lock
lock = make_lock(Path(sys.argv[1]), timeout=float(sys.argv[2]))
print("asking", flush=True)
lock.acquire()
print("held", time.monotonic(), flush=True)
sys.stdin.readline()
lock.release()
print("released", time.monotonic(), flush=True)
"""


class Child:
    """Another process that takes the lock and holds it until `let_go()` or `kill()`."""

    def __init__(self, path: Path, timeout: float = 15.0) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(timeout)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._said = b""
        assert self.line() == "asking"

    def _fd(self) -> int:
        assert self.proc.stdout is not None
        return self.proc.stdout.fileno()  # read unbuffered: select() sees all there is

    def line(self, within: float = 30.0) -> str:
        """Its next line; failing (not hanging) if it says nothing `within` seconds."""
        deadline = time.monotonic() + within
        while b"\n" not in self._said:
            left = deadline - time.monotonic()
            assert left > 0 and select.select([self._fd()], [], [], left)[0], (
                f"the child said nothing in {within} s"
            )
            chunk = os.read(self._fd(), 4096)
            assert chunk, "the child ended"
            self._said += chunk
        line, _, self._said = self._said.partition(b"\n")
        return line.decode().strip()

    def silent(self, seconds: float) -> bool:
        return not self._said and not select.select([self._fd()], [], [], seconds)[0]

    def holds(self) -> float:
        """Wait until it holds the lock; when it got it (time.monotonic)."""
        word, _, when = self.line().partition(" ")
        assert word == "held", word
        return float(when)

    def let_go(self) -> float:
        assert self.proc.stdin is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        word, _, when = self.line().partition(" ")
        assert word == "released", word
        self.proc.wait(timeout=30)
        return float(when)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)


def queued(path: Path, count: int) -> None:
    """Wait until `count` tickets have been taken (the queue's counter, bytes 0-7)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            raw = path.with_suffix(".queue").read_bytes()[:8]
        except FileNotFoundError:  # not made yet: the first one has not asked
            raw = b""
        if len(raw) == 8 and int.from_bytes(raw, "little") >= count:
            return
        assert time.monotonic() < deadline, f"{count} tickets never taken"
        time.sleep(0.01)


@contextmanager
def children() -> Iterator[list[Child]]:
    started: list[Child] = []
    try:
        yield started
    finally:
        for child in started:
            if child.proc.poll() is None:
                child.kill()


def acquire_timed(path: Path, timeout: float = 2.0) -> float:
    """Take the lock at `path` (LockTimeout if it stays held `timeout` s); how long it took."""
    lock = make_lock(path, timeout=timeout)
    start = time.monotonic()
    lock.acquire()
    took = time.monotonic() - start
    lock.release()
    return took


def test_a_killed_holder_frees_the_lock_at_once(tmp_path: Path) -> None:
    path = tmp_path / "s.lock"
    with children() as started:
        holder = Child(path)
        started.append(holder)
        holder.holds()
        holder.kill()
        assert acquire_timed(path) < 1.0
    # Nothing left behind blocks anyone: the files stay, free, and private.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in lock_files(path))


def test_a_waiter_killed_in_the_queue_lets_no_one_past_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "s.lock"
    with children() as started:
        holder = Child(path)
        started.append(holder)
        holder.holds()
        doomed = Child(path)  # queued behind the holder
        started.append(doomed)
        queued(path, 2)
        later = Child(path)  # queued behind the doomed one
        started.append(later)
        queued(path, 3)
        doomed.kill()
        # Its place in the queue is free, the lock is not: the later one still waits.
        assert later.silent(0.5)
        let_go = holder.let_go()
        assert later.holds() >= let_go
        later.let_go()


def test_waiters_are_served_in_the_order_they_came(tmp_path: Path) -> None:
    path = tmp_path / "s.lock"
    with children() as started:
        holder = Child(path)
        started.append(holder)
        holder.holds()
        queue = []
        for count in range(2, 6):
            queue.append(Child(path))
            started.append(queue[-1])
            queued(path, count)  # in the queue before the next one asks
        holder.let_go()
        served = []
        for child in queue:
            served.append(child.holds())
            child.let_go()
        assert served == sorted(served)


def test_threads_of_one_process_exclude_each_other(tmp_path: Path) -> None:
    path = tmp_path / "s.lock"
    inside, most = [0], [0]
    guard = threading.Lock()

    def work() -> None:
        lock = make_lock(path, timeout=15)  # each its own object, as each Store has
        for _ in range(30):
            lock.acquire()
            with guard:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.001)
            with guard:
                inside[0] -= 1
            lock.release()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert most == [1]


def test_the_holding_thread_may_take_it_again(tmp_path: Path) -> None:
    """The store takes a file's lock again to set the file aside when it is damaged."""
    lock = make_lock(tmp_path / "s.lock", timeout=15)
    lock.acquire()
    lock.acquire()
    lock.release()
    with children() as started:
        other = Child(tmp_path / "s.lock")
        started.append(other)
        queued(tmp_path / "s.lock", 2)
        assert other.silent(0.5)
        lock.release()
        other.holds()
        other.let_go()


def test_a_stuck_holder_times_out_the_waiter(tmp_path: Path) -> None:
    path = tmp_path / "s.lock"
    with children() as started:
        holder = Child(path)
        started.append(holder)
        holder.holds()
        lock = make_lock(path, timeout=1.0)
        start = time.monotonic()
        with pytest.raises(LockTimeout):
            lock.acquire()
        assert 1.0 <= time.monotonic() - start < 3.0
        holder.let_go()
        # Giving up left nothing held: the next one gets it at once.
        assert acquire_timed(path) < 1.0


def test_a_long_queue_that_moves_never_times_out(tmp_path: Path) -> None:
    """The timeout is for a stuck holder: behind several saves that each take a while,
    a waiter waits longer than the timeout in all, and does not give up."""
    path, timeout, hold = tmp_path / "s.lock", 1.0, 0.4
    with children() as started:
        ahead = []
        for count in range(1, 5):
            ahead.append(Child(path))
            started.append(ahead[-1])
            queued(path, count)  # in the queue before the next one asks
        ahead[0].holds()

        def serve_in_turn() -> None:
            for index, child in enumerate(ahead):
                if index:
                    child.holds()
                time.sleep(hold)
                child.let_go()

        serving = threading.Thread(target=serve_in_turn)
        serving.start()
        waited = acquire_timed(path, timeout)
        serving.join(timeout=30)
    assert waited > timeout


def test_the_lock_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from sessie_tui.storage.fairlock import make_lock\n"
        "os.umask(0)\n"
        "lock = make_lock(Path(sys.argv[1]), 15)\n"
        "lock.acquire(); lock.release()\n"
    )
    path = tmp_path / "s.lock"
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    for lock_file in lock_files(path):
        assert stat.S_IMODE(os.stat(lock_file).st_mode) == 0o600

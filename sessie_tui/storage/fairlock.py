"""A lock between processes (and threads) that serves waiting writers in turn.

Why not a plain lock file: filelock polls (a waiter tries again every few
milliseconds), and even the kernel's blocking `flock` wakes every waiter at
once when the lock is let go, and whoever runs first wins. Measured with four
processes saving notes at full speed on a loaded 2-core machine: while one
writer waited, up to 188 (filelock polling every 2 ms) or 64 (blocking flock)
saves of the others went first, and it waited seconds; past the timeout a
save failed with `StoreBusy`.

Here waiting writers queue, with tickets:

    <name>.lock    the lock itself: `flock` on the whole file. It alone keeps
                   writers apart (and an older sessie-tui, which takes the
                   same flock, stays out too).
    <name>.queue   the ticket counter (bytes 0-7), the ticket last served
                   (8-15), and from byte 16 on one byte per ticket, held (a
                   record lock, `lockf`) by that ticket's writer from taking
                   the ticket until it lets go of the lock.

A writer takes the next ticket and holds its byte, waits until the byte of
the ticket before it is free (that writer let go, or died), then takes the
lock, which is free by then: a writer lets go of the lock before its byte.
So each waiter waits behind at most one save of every other writer.

Every lock here is the kernel's: a process that is killed loses them all at
once, and no file is left that blocks anyone. A waiter killed while queued
frees its byte early: the one behind it then waits on the lock itself, once
out of turn; the lock still keeps them apart.

A waiter gives up (`LockTimeout`) only when nobody has taken the lock for
`timeout` seconds, that is when the holder is stuck, never because the
queue is long.
"""

from __future__ import annotations

import contextlib
import os
import struct
import threading
import time
from pathlib import Path

from .atomic import FILE_MODE

try:
    import fcntl
except ImportError:  # Windows: no record locks; filelock's polling lock instead
    fcntl = None  # type: ignore[assignment]

COUNTER = 0
SERVED = 8
SLOTS = 16
_WORD = struct.Struct("<Q")
_MAX_TICKET = 1 << 60
"""Tickets wrap here (never in practice; a garbled counter must not overflow an offset)."""
CHECK_EVERY = 0.2
"""How often a waiter looks whether the lock has changed hands: for the timeout only."""
RETRY_SECONDS = 0.0005
"""The pause between tries where a waiter cannot block: the ticket counter (held for
microseconds) and, rarely, the lock after a waiter ahead of it was killed."""


class LockTimeout(Exception):
    """Nobody took the lock for the whole timeout: its holder is stuck."""


class _Shared:
    """One lock's state in this process, shared by its threads.

    Record locks belong to a process, not to a descriptor: another thread of
    the same process would be granted a byte this process holds, and closing
    any descriptor of the file drops all of the process's locks on it. So each
    process keeps one descriptor per file, and its threads take turns
    (`turn`) before they join the queue. Re-entrant per thread: the store
    takes a file's lock again to set that file aside when it is damaged.
    """

    def __init__(self) -> None:
        self.turn = threading.Lock()
        self.owner: int | None = None
        self.depth = 0
        self.ticket = 0
        self.descriptors: dict[Path, int] = {}


_registry: dict[Path, _Shared] = {}
_registry_guard = threading.Lock()


def _shared(path: Path) -> _Shared:
    with _registry_guard:
        shared = _registry.get(path)
        if shared is None:
            shared = _registry[path] = _Shared()
        return shared


def _forget_after_fork() -> None:
    """A forked child starts with no locks: its parent's descriptors and turns are not its own."""
    global _registry, _registry_guard
    for shared in _registry.values():
        for fd in shared.descriptors.values():
            with contextlib.suppress(OSError):
                os.close(fd)
    _registry, _registry_guard = {}, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


def _open_current(shared: _Shared, path: Path) -> int:
    """This process's descriptor of `path`, opened anew if the file was replaced or removed."""
    fd = shared.descriptors.get(path)
    if fd is not None:
        try:
            on_disk, held = os.stat(path), os.fstat(fd)
            if (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino):
                return fd
        except FileNotFoundError:
            pass
        del shared.descriptors[path]
        with contextlib.suppress(OSError):
            os.close(fd)
    # O_CREAT takes 0600 as the most it may be; the umask can only narrow it.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    shared.descriptors[path] = fd
    return fd


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk, held = os.stat(path), os.fstat(fd)
    except FileNotFoundError:
        return False
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


def _try_record(fd: int, offset: int, length: int = 1, *, shared: bool = False) -> bool:
    kind = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    try:
        fcntl.lockf(fd, kind | fcntl.LOCK_NB, length, offset)
    except (BlockingIOError, PermissionError):  # EAGAIN, or EACCES on some systems
        return False
    return True


def _unlock_record(fd: int, offset: int, length: int = 1) -> None:
    fcntl.lockf(fd, fcntl.LOCK_UN, length, offset)


class _Progress:
    """Whether the lock is changing hands: the deadline moves with every new holder."""

    def __init__(self, queue_fd: int, timeout: float) -> None:
        self._fd = queue_fd
        self._timeout = timeout
        self._seen = self._served()
        self._since = self._looked = time.monotonic()

    def _served(self) -> bytes:
        return os.pread(self._fd, _WORD.size, SERVED)

    def check(self) -> None:
        now = time.monotonic()
        if now - self._looked < CHECK_EVERY:
            return
        self._looked = now
        served = self._served()
        if served != self._seen:
            self._seen, self._since = served, now
        elif now - self._since > self._timeout:
            raise LockTimeout


class FairLock:
    """Exclusive, first come first served, across processes and threads.

    `path` is the lock file; the queue is kept beside it (`.queue`). Both are
    made 0600.
    """

    def __init__(self, path: Path, timeout: float) -> None:
        # One entry per file in this process, however the store's folder was named.
        self.path = path.resolve()
        self.queue_path = self.path.with_suffix(".queue")
        self.timeout = timeout

    def acquire(self) -> None:
        shared = _shared(self.path)
        me = threading.get_ident()
        if shared.owner == me:
            shared.depth += 1
            return
        if not shared.turn.acquire(timeout=self.timeout):
            raise LockTimeout
        try:
            shared.ticket = self._acquire_among_processes(shared)
        except BaseException:
            shared.turn.release()
            raise
        shared.owner, shared.depth = me, 1

    def release(self) -> None:
        shared = _shared(self.path)
        if shared.owner != threading.get_ident():
            raise RuntimeError("release of a lock this thread does not hold")
        shared.depth -= 1
        if shared.depth:
            return
        shared.owner = None
        try:
            # The lock first, then the byte: whoever the byte lets through finds the lock free.
            fcntl.flock(shared.descriptors[self.path], fcntl.LOCK_UN)
            _unlock_record(shared.descriptors[self.queue_path], SLOTS + shared.ticket)
        finally:
            shared.turn.release()

    # -- the steps -----------------------------------------------------------------------

    def _acquire_among_processes(self, shared: _Shared) -> int:
        queue = _open_current(shared, self.queue_path)
        progress = _Progress(queue, self.timeout)
        ticket = self._take_ticket(queue, progress)
        try:
            if ticket:
                self._wait_until_free(queue, SLOTS + ticket - 1, progress)
            self._take_lock(shared, progress)
        except BaseException:
            _unlock_record(queue, SLOTS + ticket)  # the writers behind may go on
            raise
        os.pwrite(queue, _WORD.pack(ticket), SERVED)  # progress, for the waiters' timeout
        return ticket

    def _take_ticket(self, queue: int, progress: _Progress) -> int:
        """The next ticket, its byte held by this process."""
        while True:
            while not _try_record(queue, COUNTER, _WORD.size):
                progress.check()
                time.sleep(RETRY_SECONDS)
            try:
                raw = os.pread(queue, _WORD.size, COUNTER)
                ticket = _WORD.unpack(raw)[0] % _MAX_TICKET if len(raw) == _WORD.size else 0
                os.pwrite(queue, _WORD.pack(ticket + 1), COUNTER)
                # Held by someone only if the counter went back (a crash of the machine
                # before the counter reached the disk): then take the next one.
                mine = _try_record(queue, SLOTS + ticket)
            finally:
                _unlock_record(queue, COUNTER, _WORD.size)
            if mine:
                return ticket

    def _wait_until_free(self, queue: int, offset: int, progress: _Progress) -> None:
        """Wait until the writer ahead lets go of its byte, woken by the kernel at once.

        The blocking wait runs in a helper thread so that this one can watch the
        timeout. If this one gives up, the helper is left waiting; it holds
        nothing, and it lets go of the byte as soon as it gets it.
        """
        if _try_record(queue, offset, shared=True):
            _unlock_record(queue, offset)
            return
        done = threading.Event()
        failed: list[OSError] = []

        def wait() -> None:
            try:
                fcntl.lockf(queue, fcntl.LOCK_SH, 1, offset)
                _unlock_record(queue, offset)
            except OSError as error:  # EDEADLK, ENOLCK: fall back to trying
                failed.append(error)
            finally:
                done.set()

        threading.Thread(target=wait, name="sessie-tui lock waiter", daemon=True).start()
        while not done.wait(CHECK_EVERY):
            progress.check()
        if failed:
            while not _try_record(queue, offset, shared=True):
                progress.check()
                time.sleep(RETRY_SECONDS)
            _unlock_record(queue, offset)

    def _take_lock(self, shared: _Shared, progress: _Progress) -> None:
        """The lock itself; free at once unless a waiter ahead was killed (or an older
        sessie-tui holds it)."""
        while True:
            fd = _open_current(shared, self.path)
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    progress.check()
                    time.sleep(RETRY_SECONDS)
            if _same_file(fd, self.path):
                return
            # The file was removed (its session deleted) while we waited: a new
            # writer would lock the new file, so this one must as well.
            fcntl.flock(fd, fcntl.LOCK_UN)


class PollingLock:
    """Where there are no record locks (Windows): filelock, trying every few ms."""

    def __init__(self, path: Path, timeout: float) -> None:
        from filelock import FileLock

        self._lock = FileLock(path, timeout=timeout, mode=FILE_MODE)

    def acquire(self) -> None:
        from filelock import Timeout

        try:
            self._lock.acquire(poll_interval=0.002)
        except Timeout:
            raise LockTimeout from None

    def release(self) -> None:
        self._lock.release()


StoreLock = FairLock | PollingLock


def make_lock(path: Path, timeout: float) -> StoreLock:
    return FairLock(path, timeout) if fcntl is not None else PollingLock(path, timeout)


def lock_files(path: Path) -> tuple[Path, ...]:
    """The files a lock at `path` keeps, for removing them with what they guard."""
    return (path, path.with_suffix(".queue"))

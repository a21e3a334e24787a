"""A separate process that writes notes to a session, for the multi-process tests.

    python note_writer.py STORE SESSION COUNT TAG [--ack-file FILE] [--timings FILE]

Writes COUNT notes "TAG-0", "TAG-1", ... as fast as it can. With --ack-file,
appends each note's text to FILE after its save returned, so a test that
kills this process knows which saves had completed. With --timings, writes to
FILE at the end, one line per take of the session file's lock: when the save
called for it, when it joined the lock's queue, when it got it and when it let
go (`time.monotonic()`, the same clock in every process on the machine), so a
test can see who overtook whom.

Joined the queue: the moment the lock starts trying for a ticket. Between the
call and that moment the writer only runs a few lines of Python, but on a busy
machine the scheduler may leave it off the CPU there for tens of milliseconds
(measured: up to 40 ms); the other writers meanwhile save and come back, and
no lock can put in line a writer that has not yet asked it. Got it: the moment
the lock's last step returned, for the same reason (a writer kept off the CPU
after getting the lock would seem to get it later than it did).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sessie_tui.domain.clock import SystemClock
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.storage.document import DocumentFile
from sessie_tui.storage.fairlock import FairLock
from sessie_tui.storage.store import Store


def record_lock_times(session_path: Path, into: list[tuple[float, ...]]) -> None:
    """Wrap the store's lock, in this process only, to note when each take of it happened."""
    original = DocumentFile.locked
    steps = _record_lock_steps()

    @contextmanager
    def timed(self: DocumentFile) -> Iterator[None]:
        if self.path != session_path:
            with original(self):
                yield
            return
        lock_path = self._lock.path
        steps.pop(lock_path, None)
        called = time.monotonic()
        with original(self):
            # Taken again by the thread that holds it (setting a damaged file aside), the
            # lock queues for nothing: then it was asked for and taken at the call.
            queued, taken = steps.get(lock_path, (called, called))
            try:
                yield
            finally:
                into.append((called, queued, taken, time.monotonic()))

    DocumentFile.locked = timed  # type: ignore[method-assign]


def _record_lock_steps() -> dict[Path, tuple[float, float]]:
    """Per lock file, when the lock last took its ticket (joined the queue) and when it then held
    the lock (this writer has one thread)."""
    steps: dict[Path, tuple[float, float]] = {}
    queued: dict[Path, float] = {}
    take_ticket, take_lock = FairLock._take_ticket, FairLock._take_lock

    def timed_ticket(self: FairLock, *args: Any) -> int:
        # In the queue once the ticket is taken: before, the writer is still waiting its
        # turn at the ticket counter (a few microseconds' hold, tried again every
        # RETRY_SECONDS), where a writer that asks a moment later may get there first.
        ticket = take_ticket(self, *args)
        queued[self.path] = time.monotonic()
        return ticket

    def timed_lock(self: FairLock, *args: Any) -> None:
        take_lock(self, *args)
        steps[self.path] = (queued[self.path], time.monotonic())

    FairLock._take_ticket = timed_ticket  # type: ignore[method-assign]
    FairLock._take_lock = timed_lock  # type: ignore[method-assign]
    return steps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store")
    parser.add_argument("session")
    parser.add_argument("count", type=int)
    parser.add_argument("tag")
    parser.add_argument("--ack-file")
    parser.add_argument("--timings")
    args = parser.parse_args()
    store = Store(Path(args.store))
    times: list[tuple[float, ...]] = []
    if args.timings:
        record_lock_times(store.session_path(args.session), times)
    live = LiveSession(store, args.session, SystemClock())
    ack = os.open(args.ack_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT) if args.ack_file else None
    print("ready", flush=True)
    for index in range(args.count):
        text = f"{args.tag}-{index}"
        live.add_note(NoteDraft(text, author=args.tag))
        if ack is not None:
            os.write(ack, f"{text}\n".encode())
    if args.timings:
        lines = "".join(" ".join(repr(moment) for moment in take) + "\n" for take in times)
        Path(args.timings).write_text(lines)


if __name__ == "__main__":
    main()

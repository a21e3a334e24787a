"""A separate process that writes notes to a session, for the multi-process tests.

    python note_writer.py STORE SESSION COUNT TAG [--ack-file FILE] [--timings FILE]

Writes COUNT notes "TAG-0", "TAG-1", ... as fast as it can. With --ack-file,
appends each note's text to FILE after its save returned, so a test that
kills this process knows which saves had completed. With --timings, writes to
FILE at the end, one line per take of the session file's lock, when it was
asked for, taken and let go (`time.monotonic()`, the same clock in every
process on the machine), so a test can see who overtook whom.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sessie_tui.domain.clock import SystemClock
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.storage.document import DocumentFile
from sessie_tui.storage.store import Store


def record_lock_times(session_path: Path, into: list[tuple[float, float, float]]) -> None:
    """Wrap the store's lock, in this process only, to note when each take of it happened."""
    original = DocumentFile.locked

    @contextmanager
    def timed(self: DocumentFile) -> Iterator[None]:
        if self.path != session_path:
            with original(self):
                yield
            return
        asked = time.monotonic()
        with original(self):
            taken = time.monotonic()
            try:
                yield
            finally:
                into.append((asked, taken, time.monotonic()))

    DocumentFile.locked = timed  # type: ignore[method-assign]


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
    times: list[tuple[float, float, float]] = []
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
        lines = "".join(f"{asked!r} {taken!r} {released!r}\n" for asked, taken, released in times)
        Path(args.timings).write_text(lines)


if __name__ == "__main__":
    main()

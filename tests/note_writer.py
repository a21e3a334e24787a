"""A separate process that writes notes to a session, for the multi-process tests.

    python note_writer.py STORE SESSION COUNT TAG [--ack-file FILE]

Writes COUNT notes "TAG-0", "TAG-1", ... as fast as it can. With --ack-file,
appends each note's text to FILE after its save returned, so a test that
kills this process knows which saves had completed.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from sessie_tui.domain.clock import SystemClock
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.storage.store import Store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store")
    parser.add_argument("session")
    parser.add_argument("count", type=int)
    parser.add_argument("tag")
    parser.add_argument("--ack-file")
    args = parser.parse_args()
    live = LiveSession(Store(Path(args.store)), args.session, SystemClock())
    ack = os.open(args.ack_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT) if args.ack_file else None
    print("ready", flush=True)
    for index in range(args.count):
        text = f"{args.tag}-{index}"
        live.add_note(NoteDraft(text, author=args.tag))
        if ack is not None:
            os.write(ack, f"{text}\n".encode())


if __name__ == "__main__":
    main()

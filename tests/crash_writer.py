"""A process that keeps writing to one session until it is killed, for the crash suite.

    python crash_writer.py STORE SESSION ROUND SEED [--others-done N]
                           [--linger-every K --linger-ms MS] [--slow-fsync-ms MS] [--tui]
    python crash_writer.py --serve

Writes as fast as it can through the real application layer (`LiveSession`):
notes "note ROUND-0", "note ROUND-1", ..., and every fourth write something
else, in turn: an edit of one of its own notes, a move to another phase, an
evaluation (--others-done says where in that turn to begin; the choices
within, which note, which score, follow SEED). Around every write it prints a
line to stdout, written at once (no buffer to lose):

    ready                           the session is open; writing starts
    try note TEXT                   about to save a note
    done note ID TEXT               its save returned: the note is on disk
    try edit ID / done edit ID                       the same for an edit ...
    try phase N / done phase N                       ... a move to phase N
    try eval PERSON SCORE / done eval PERSON SCORE   ... an evaluation

So whoever kills this process knows every write that completed, and the one
(at most) that was under way.

Windows can be widened, in this process only (never in sessie_tui):
--linger-every K waits --linger-ms after the save of every K-th note returned
and before saying "done" (the note is on disk but not reported), and
--slow-fsync-ms makes each fsync of a file that long, as a slow disk would
(a temporary file stays in the folder meanwhile).

With --tui it runs the real app instead, headless, in the note-taker's view,
and types notes "tui ROUND-N" as a fast typist would: each note's keys in one
burst, then Enter. A note is reported once it is in the screen's session,
which happens only after its save returned.

A writer stops by itself after --max-seconds (60), so that none can outlive a
test that was interrupted.

With --serve it is a fork server: it imports sessie_tui (and the app) once,
says "serving", then for each request on stdin, a JSON object
{"argv": [...], "out": FILE, "err": FILE}, forks a writer process with those
arguments and its stdout and stderr in those files, says "started PID", waits
for it to end (killed, mostly) and says "ended PID STATUS". A kill then costs
a fork instead of a Python start-up with all the imports.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import itertools
import json
import os
import random
import stat
import sys
import time
import traceback
from pathlib import Path

from sessie_tui.domain.clock import SystemClock
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.storage.store import Store

EDITED = " edited"
NOTE_TAKER = "Sofie Claes"
OTHER_EVERY = 4
"""Of every four writes (the second, the sixth, ...) one is not a new note but, in turn:"""
OTHER_KINDS = ("edit", "phase", "eval")


def say(line: str) -> None:
    """One line on stdout in one write(): nothing is held back in a buffer."""
    os.write(1, f"{line}\n".encode())


def slow_fsync(milliseconds: float) -> None:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            time.sleep(milliseconds / 1000)
        real_fsync(fd)

    os.fsync = fsync


def write_forever(live: LiveSession, args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    mine: list[str] = []  # this process's notes, not yet edited
    present = [p.id for p in live.session.present()]
    notes = others = 0
    step = 1
    deadline = time.monotonic() + args.max_seconds
    for index in itertools.count():
        if time.monotonic() > deadline:
            return
        kind = "note"
        if index % OTHER_EVERY == 1:  # after a note: there is one to edit
            kind = OTHER_KINDS[(args.others_done + others) % len(OTHER_KINDS)]
            others += 1
        if kind == "edit":
            note_id = mine.pop(rng.randrange(len(mine)))
            say(f"try edit {note_id}")
            live.edit_note(note_id, live.session.notes[note_id].text + EDITED)
            say(f"done edit {note_id}")
        elif kind == "phase":
            phase = live.session.current_phase
            if not 0 <= phase + step < len(live.session.phases):
                step = -step
            say(f"try phase {phase + step}")
            live.go_to_phase(phase + step)
            say(f"done phase {phase + step}")
        elif kind == "eval":
            person, score = rng.choice(present), rng.randint(1, 5)
            say(f"try eval {person} {score}")
            live.record_evaluation(person, score)
            say(f"done eval {person} {score}")
        else:
            text = f"note {args.round}-{notes}"
            say(f"try note {text}")
            note = live.add_note(NoteDraft(text, author="crash-writer"))
            if args.linger_every and notes % args.linger_every == args.linger_every - 1:
                time.sleep(args.linger_ms / 1000)
            say(f"done note {note.id} {text}")
            mine.append(note.id)
            notes += 1


async def type_forever(args: argparse.Namespace) -> None:
    from textual import events

    from sessie_tui.app import create_app
    from sessie_tui.config import Config
    from sessie_tui.screens.notes import NotesScreen

    app = create_app(
        store=Store(args.store),
        config=Config(),
        open_session=args.session,
        notes=True,
        author=NOTE_TAKER,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        while not isinstance(app.screen, NotesScreen):
            await pilot.pause(0.01)
        live = app.screen.live
        say("ready")
        count = 0
        deadline = time.monotonic() + args.max_seconds
        while time.monotonic() < deadline:
            text = f"tui {args.round}-{count}"
            say(f"try note {text}")
            for key in (*text, "enter"):
                name = {" ": "space", "-": "minus"}.get(key, key)
                app.post_message(events.Key(name, key if len(key) == 1 else None))
            while (
                note := next((n for n in live.session.notes.values() if n.text == text), None)
            ) is None:
                await pilot.pause(0.005)
            say(f"done note {note.id} {text}")
            count += 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store", type=Path)
    parser.add_argument("session")
    parser.add_argument("round", type=int)
    parser.add_argument("seed", type=int)
    parser.add_argument("--others-done", type=int, default=0)
    parser.add_argument("--linger-every", type=int, default=0)
    parser.add_argument("--linger-ms", type=float, default=0.0)
    parser.add_argument("--slow-fsync-ms", type=float, default=0.0)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--tui", action="store_true")
    args = parser.parse_args(argv)
    if args.slow_fsync_ms:
        slow_fsync(args.slow_fsync_ms)
    if args.tui:
        asyncio.run(type_forever(args))
        return
    live = LiveSession(Store(args.store), args.session, SystemClock())
    say("ready")
    write_forever(live, args)


def serve() -> None:
    # Imported once here rather than in every writer: that is what a fork saves.
    for module in ("sessie_tui.app", "sessie_tui.screens.notes", "textual.events"):
        importlib.import_module(module)

    say("serving")
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            run_forked(request)
        say(f"started {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"ended {pid} {status}")


def run_forked(request: dict[str, str]) -> None:
    """In the forked writer: its own stdin, stdout and stderr, then the writer; never returns."""
    code = 0
    try:
        for fd, path, flags in (
            (0, os.devnull, os.O_RDONLY),
            (1, request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
            (2, request["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
        ):
            opened = os.open(path, flags, 0o600)
            os.dup2(opened, fd)
            os.close(opened)
        main(list(request["argv"]))
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        main()

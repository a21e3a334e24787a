"""A focused measure of a note's save (issue 15): how its cost grows with the session.

    .venv/bin/python tests/bench/saves.py            # p50/p95 of notes 1-100 and 901-1000
    .venv/bin/python tests/bench/saves.py --strace   # the system calls of one save, counted

One meeting of 1,000 notes through the real `LiveSession` API, as in `run.py`'s long
meeting (a new store in a temporary folder). `--strace` runs this script again under
`strace -f` after 500 notes and counts the calls made between two markers that
bracket one `add_note` (a failed `openat` of a path that does not exist).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # beside this file: the benchmark's meeting, drafts and statistics

from sessie_tui.domain.clock import SystemClock
from sessie_tui.storage.document import DocumentFile
from sessie_tui.storage.store import Store

MARK = "/nonexistent-sessie-tui-save-mark"
TRACED = "openat,read,write,fsync,fdatasync,rename,renameat,renameat2"


class WriteTimer:
    """CPU spent in `DocumentFile._write` (encoding and the atomic write), per save."""

    def __init__(self) -> None:
        self.cpu = 0.0
        real = DocumentFile._write

        def timed(document: DocumentFile, *args: object, **kwargs: object) -> object:
            start = time.thread_time()
            try:
                return real(document, *args, **kwargs)
            finally:
                self.cpu += time.thread_time() - start

        DocumentFile._write = timed  # type: ignore[method-assign]


def long_meeting(folder: Path) -> tuple[run.Timings, list[float]]:
    method = run.load_methods().get(run.METHOD_ID)
    rng = random.Random(run.SEED + 2)
    clock = SystemClock()
    day = run.today(clock)
    live = run.new_meeting(Store(folder), method, clock, rng, "bench-long", day, 7)
    counts = tuple(
        n * run.LONG_MEETING_NOTES // run.NOTES_PER_PAST_SESSION for n in run.PHASE_NOTES
    )
    timings = run.Timings()
    writes = WriteTimer()
    outside: list[float] = []

    class Counted(run.Timings):
        def time(self, call: Callable[[], object]) -> None:
            before = writes.cpu
            super().time(call)
            outside.append(self.cpu[-1] - (writes.cpu - before))

    timings = Counted()
    run.hold_meeting(live, counts, rng, timings=timings)
    return timings, outside


def one_traced_save(folder: Path, notes_before: int) -> None:
    """`notes_before` notes, then one more between the markers."""
    method = run.load_methods().get(run.METHOD_ID)
    rng = random.Random(run.SEED + 3)
    clock = SystemClock()
    day = run.today(clock)
    live = run.new_meeting(Store(folder), method, clock, rng, "bench-trace", day, 7)
    run.acknowledged_in_questioning(live, run_clock=True)
    for _ in range(notes_before):
        live.add_note(run.draft_for(live, run.QUESTIONING_PHASE, rng, day))
    draft = run.draft_for(live, run.QUESTIONING_PHASE, rng, day)
    for mark in ("begin", "end"):
        with contextlib.suppress(OSError):
            os.open(f"{MARK}-{mark}", os.O_RDONLY)
        if mark == "begin":
            live.add_note(draft)


def count_syscalls(notes_before: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "strace.log"
        subprocess.run(
            [
                "strace",
                "-f",
                "-e",
                f"trace={TRACED}",
                "-o",
                str(log),
                sys.executable,
                __file__,
                "--traced-child",
                str(notes_before),
                folder,
            ],
            check=True,
        )
        lines = log.read_text().splitlines()
    begin = next(i for i, line in enumerate(lines) if f"{MARK}-begin" in line)
    end = next(i for i, line in enumerate(lines) if f"{MARK}-end" in line)
    counts: collections.Counter[str] = collections.Counter()
    read_bytes = 0
    for line in lines[begin + 1 : end]:
        found = re.search(r"\b(\w+)\(", line)
        if found:
            counts[found.group(1)] += 1
            result = re.search(r"= (\d+)$", line)
            if found.group(1) == "read" and result:
                read_bytes += int(result.group(1))
    print(
        f"one save after {notes_before} notes: "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        + f"; {read_bytes} bytes read"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--strace", action="store_true")
    parser.add_argument("--traced-child", nargs=2)
    args = parser.parse_args()
    if args.traced_child:
        one_traced_save(Path(args.traced_child[1]) / "store", int(args.traced_child[0]))
        return 0
    if args.strace:
        for before in (10, 500):
            count_syscalls(before)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        timings, outside = long_meeting(Path(folder) / "store")
    for label, part in (("notes 1-100", slice(0, 100)), ("notes 901-1000", slice(900, 1000))):
        wall, cpu, own = timings.wall[part], timings.cpu[part], outside[part]
        print(
            f"{label}: p50 {run.ms(run.median(wall))}, p95 {run.ms(run.p95(wall))}"
            f" (CPU p50 {run.ms(run.median(cpu))}, p95 {run.ms(run.p95(cpu))};"
            f" CPU outside the file write p50 {run.ms(run.median(own))},"
            f" p95 {run.ms(run.p95(own))})"
        )
    first, last = run.p95(timings.wall[:100]), run.p95(timings.wall[900:])
    print(f"p95 ratio last/first: {last / first:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

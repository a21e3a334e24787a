"""Writers racing for one session's lock on a busy machine, and how fairly they were served.

Used by tests/test_many_writers.py and the benchmark (tests/bench/run.py).
Each writer is a real process (tests/note_writer.py) that records, for every
take of the session's lock, when the save called for it, when it joined the
lock's queue, when it got it and when it let go.

Fairness is counted from joining the queue, not from the call: in between, a
writer on a busy machine can be kept off the CPU for tens of milliseconds
before it has asked the lock anything (measured: up to 40 ms, with no lock
contended), and the others' saves in that time are the scheduler's doing, not
the lock's. Counted from the call, 4 writers were seen "overtaken" by 4 to 7.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
BURNER = """
import time
end = time.monotonic() + {seconds}
while time.monotonic() < end:
    pass
"""


@contextmanager
def machine_loaded(processes: int | None = None, seconds: float = 600.0) -> Iterator[None]:
    """Busy processes, one per core unless told, for as long as the block runs.

    Each stops by itself after `seconds`, so that none outlives an interrupted run.
    """
    count = processes if processes is not None else os.cpu_count() or 2
    code = BURNER.format(seconds=seconds)
    burners = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(count)]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
        for burner in burners:
            burner.wait()


@dataclass(frozen=True)
class Take:
    """One take of the lock: called for, queued for, taken, let go (time.monotonic seconds)."""

    writer: int
    called: float
    queued: float
    taken: float
    released: float

    @property
    def wait(self) -> float:
        return self.taken - self.queued

    @property
    def hold(self) -> float:
        return self.released - self.taken


def writers_command(store: Path, session_id: str, count: int, tag: str, timings: Path) -> list[str]:
    return [
        sys.executable,
        str(HERE / "note_writer.py"),
        str(store),
        session_id,
        str(count),
        tag,
        "--timings",
        str(timings),
    ]


def run_writers(
    store: Path, session_id: str, writers: int, notes_each: int, workdir: Path
) -> list[Take]:
    """`writers` processes that each save `notes_each` notes at full speed; every take."""
    files = [workdir / f"timings-{index}.txt" for index in range(writers)]
    procs = [
        subprocess.Popen(
            writers_command(store, session_id, notes_each, f"w{index}", files[index]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for index in range(writers)
    ]
    errors = [proc.communicate(timeout=900)[1] for proc in procs]
    failed = [
        (proc.returncode, error[-2000:])
        for proc, error in zip(procs, errors, strict=True)
        if proc.returncode
    ]
    assert not failed, f"a writer failed: {failed}"
    takes = []
    for index, path in enumerate(files):
        for line in path.read_text().splitlines():
            called, queued, taken, released = (float(value) for value in line.split())
            takes.append(Take(index, called, queued, taken, released))
    return takes


@dataclass(frozen=True)
class Fairness:
    writers: int
    saves: int
    saves_per_second: float
    max_wait: dict[int, float]
    """Per writer, the longest it waited for the lock (seconds)."""
    max_overtaken: int
    """The most takes by others that fell between one writer's joining the queue and its
    getting the lock. Served in order, it is at most one per other writer: writers - 1."""
    max_overtaken_from_call: int
    """The same counted from the save's call, for comparison: the scheduler's delays too."""
    worst_wait_in_saves: float
    """The longest wait, measured in the others' saves: how many of the longest save
    (hold of the lock) it would take. In order, no more than writers - 1, plus the
    rest of the save under way when it asked."""
    longest_save: float

    def summary(self) -> str:
        waits = ", ".join(f"{wait * 1000:.0f}" for wait in self.max_wait.values())
        return (
            f"{self.writers} writers, {self.saves} saves, {self.saves_per_second:.0f} saves/s; "
            f"max wait per writer (ms) {waits}; longest save {self.longest_save * 1000:.0f} ms; "
            f"worst wait = {self.worst_wait_in_saves:.1f} longest saves; "
            f"most overtaken by {self.max_overtaken} "
            f"({self.max_overtaken_from_call} counted from the call)"
        )


def most_overtaken(takes: Sequence[Take], since: Callable[[Take], float]) -> int:
    """The most takes by others that got the lock after `since(take)` and before `take` did."""
    return max(
        sum(
            1
            for other in takes
            if other.writer != take.writer and since(take) < other.taken < take.taken
        )
        for take in takes
    )


def fairness(takes: Sequence[Take]) -> Fairness:
    writers = sorted({take.writer for take in takes})
    longest_save = max(take.hold for take in takes)
    span = max(take.released for take in takes) - min(take.called for take in takes)
    return Fairness(
        writers=len(writers),
        saves=len(takes),
        saves_per_second=len(takes) / span,
        max_wait={w: max(t.wait for t in takes if t.writer == w) for w in writers},
        max_overtaken=most_overtaken(takes, lambda take: take.queued),
        max_overtaken_from_call=most_overtaken(takes, lambda take: take.called),
        worst_wait_in_saves=max(take.wait for take in takes) / longest_save,
        longest_save=longest_save,
    )

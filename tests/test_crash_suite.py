"""The crash suite (issue 6): kill a writing process again and again; nothing saved is lost.

A real process (tests/crash_writer.py) writes to one session through the real
application layer as fast as it can: notes, and every fourth write an edit, a
move to another phase or an evaluation. It reports every write before it
starts ("try") and after it returned ("done"). The test kills it with SIGKILL
at a moment drawn from a seeded random generator, then checks the store as a
user would find it:

* the store opens (a fresh `Store` and `LiveSession`, and the CLI's `list`
  and `export` in a process of their own), the session file parses, the
  catalog lists the session, no file was moved aside as damaged, and no lock
  is left held;
* every write reported "done" is on disk: each note exactly once, with its
  text (and edit), the phase moves and the evaluations;
* nothing else is: the one write under way at the kill may be there or not
  (saved but not yet reported is fine), no note appears twice, and the
  number of notes never goes down from one round to the next.

Then a new writer carries on in the same store, with whatever the killed one
left behind (temporary files, lock files). Three kinds of kill, shuffled over
the rounds:

* at random: a random moment after the writer is ready;
* mid-write: as soon as the writer's temporary file appears in the sessions
  folder, that is between creating it and renaming it over the session file
  (the writer's fsync is slowed down so the window is wide enough to hit);
* after the save: once a note is in the session file but before the writer
  reports it (the writer waits a while there).

Five stores (seeds) of twelve kills each, and one of five kills of the real
app, headless, in the note-taker's view while notes are typed fast. The first
writer of each store is a fresh `python crash_writer.py`; the others are
forked from a server that has done the imports already (tens of kills with a
Python start-up each would not fit in a CI run).

A seed makes the plan reproducible (the kinds, the delays, the writer's
choices), not the exact instruction the kill lands on. Every failure message
names the seed and the round; CRASH_SEEDS=7,8 runs other seeds.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest
from filelock import FileLock, Timeout

from sessie_tui.domain.clock import SystemClock
from sessie_tui.live import LiveSession
from sessie_tui.storage.store import Store

from conftest import acknowledge_all
from driving import cli

NewSession = Callable[..., LiveSession]

WRITER = Path(__file__).parent / "crash_writer.py"
EDITED = " edited"  # what crash_writer.py appends to a note it edits
SEEDS = [int(seed) for seed in os.environ.get("CRASH_SEEDS", "1,2,3,4,5").split(",")]
PLAN = ["random"] * 5 + ["mid-write"] * 4 + ["after-save"] * 3
"""The kills of one store (one seed), in an order shuffled by the seed."""
TUI_PLAN = ["random"] * 3 + ["mid-write"] * 2
TUI_SEED = 6
RANDOM_KILL_SECONDS, TUI_RANDOM_KILL_SECONDS = 0.3, 1.0
"""Random kills land up to this long after the writer is ready (the app types slower)."""
SLOW_FSYNC_MS = 10
LINGER_EVERY, LINGER_MS = 4, 400
PROGRESS_SECONDS = 10.0
"""How long a new writer may take to get going: less than the store's lock timeout (15 s),
so a lock left held by a killed writer shows up as a failure, not as a slow test."""
TEMP_FILE = re.compile(r"^\..+\.(\d+)\.[0-9a-f]+\.tmp$")
NOTE_TEXT = re.compile(r"^(?:note|tui) \d+-\d+$")


# -- what a writer said ------------------------------------------------------------------


@dataclass
class Write:
    kind: str  # note, edit, phase, eval
    args: list[str]
    done: bool = False
    note_id: str = ""

    def __str__(self) -> str:
        return f"{self.kind} {' '.join(self.args)}"


def parse_report(text: str) -> list[Write]:
    """The writes a writer reported, in order; the last one may not be done."""
    writes: list[Write] = []
    lines = text.split("\n")[:-1]  # a line cut off by the kill was never said
    for line in lines:
        word, _, rest = line.partition(" ")
        if word == "try":
            kind, _, args = rest.partition(" ")
            assert not writes or writes[-1].done, f"two writes under way at once: {line!r}"
            writes.append(Write(kind, args.split(" ")))
        elif word == "done":
            kind, _, args = rest.partition(" ")
            last = writes[-1]
            assert last.kind == kind and not last.done, f"'done' without 'try': {line!r}"
            last.done = True
            if kind == "note":
                last.note_id, _, note_text = args.partition(" ")
                assert note_text == " ".join(last.args), line
        else:
            assert line == "ready", f"the writer said something unexpected: {line!r}"
    return writes


# -- the store as found after a kill ------------------------------------------------------


def strict_json(raw: bytes) -> Any:
    """Parse JSON, refusing a key twice in one object (json.loads would keep the last)."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = Counter(key for key, _ in items)
        twice = [key for key, count in keys.items() if count > 1]
        assert not twice, f"keys twice in one JSON object: {twice[:10]}"
        return dict(items)

    return json.loads(raw, object_pairs_hook=pairs)


@dataclass
class OnDisk:
    """A session file's content, as far as the writers touch it."""

    notes: dict[str, str]  # id -> text
    phase_moves: list[int]  # the phase each move went to, in order
    evaluations: dict[str, int]  # participant -> score
    duplicates: list[str]


def part_files(path: Path, document: Any) -> list[Path]:
    """The parts a session file names (`storage/parts.py`), read here on their own
    terms: a file beside it, named by the BLAKE2b hash of its bytes."""
    parts = document["sessie_tui"].get("parts", {})
    return [
        path.with_name(f"{path.name}.part-{name}") for names in parts.values() for name in names
    ]


def whole_tables(path: Path) -> tuple[Any, dict[str, Any]]:
    """A session file's header and tables, every part named in it joined in, in order;
    an assertion fails if a named part is missing or not what its name says."""
    document = strict_json(path.read_bytes())
    tables = document["tables"]
    for table, names in document["sessie_tui"].get("parts", {}).items():
        joined: dict[str, Any] = {}
        for name in names:
            part = path.with_name(f"{path.name}.part-{name}")
            raw = part.read_bytes()
            assert hashlib.blake2b(raw, digest_size=16).hexdigest() == name, part
            docs = strict_json(raw)
            assert not joined.keys() & docs.keys(), f"document ids twice in {part}"
            joined.update(docs)
        assert not joined.keys() & tables.get(table, {}).keys(), f"ids twice in {path}"
        tables[table] = {**joined, **tables.get(table, {})}
    return document, tables


def session_bytes(path: Path) -> bytes:
    """The session file's bytes and those of every part it names (polled while a writer
    runs: a part it has just replaced may be gone, and is then looked for again)."""
    raw = path.read_bytes()
    try:
        return raw + b"".join(part.read_bytes() for part in part_files(path, strict_json(raw)))
    except FileNotFoundError:
        return raw


def read_session_file(path: Path) -> OnDisk:
    document, tables = whole_tables(path)
    assert document["sessie_tui"]["format"] == "session", document["sessie_tui"]
    docs = list(tables.get("notes", {}).values())
    ids = Counter(doc["id"] for doc in docs)
    texts = Counter(doc["text"].removesuffix(EDITED) for doc in docs)
    people = Counter(doc["participant"] for doc in tables.get("evaluations", {}).values())
    duplicates = [
        *(f"note id {key} x{n}" for key, n in ids.items() if n > 1),
        *(f"note text {key!r} x{n}" for key, n in texts.items() if n > 1),
        *(f"evaluation of {key} x{n}" for key, n in people.items() if n > 1),
    ]
    events = sorted(tables.get("events", {}).items(), key=lambda item: int(item[0]))
    return OnDisk(
        notes={doc["id"]: doc["text"] for doc in docs},
        phase_moves=[doc["to"] for _, doc in events if doc.get("type") == "phase"],
        evaluations={
            doc["participant"]: doc["score"] for doc in tables.get("evaluations", {}).values()
        },
        duplicates=duplicates,
    )


def temp_files(store: Path) -> dict[Path, int]:
    """Temporary files in the store's folders, with the process id in their names."""
    found = {}
    for folder in (store, store / "sessions"):
        for entry in os.scandir(folder):
            match = TEMP_FILE.match(entry.name)
            if match:
                found[Path(entry.path)] = int(match.group(1))
    return found


def held_locks(store: Path) -> list[str]:
    """Lock files nobody can take right now: a killed process's lock must be free."""
    held = []
    for lock_file in sorted((store / ".locks").iterdir()):
        try:
            with FileLock(lock_file, timeout=2):
                pass
        except Timeout:
            held.append(lock_file.name)
    return held


# -- what must be on disk ------------------------------------------------------------------


@dataclass
class Expected:
    """Everything known to be on disk: what was there after the last round, and since then
    what a writer reported done."""

    notes: dict[str, str] = field(default_factory=dict)
    phase_moves: list[int] = field(default_factory=list)
    evaluations: dict[str, int] = field(default_factory=dict)

    def check(self, writes: list[Write], disk: OnDisk) -> tuple[list[str], bool]:
        """Problems found, and whether the write under way at the kill is on disk."""
        notes, moves, scores = dict(self.notes), list(self.phase_moves), dict(self.evaluations)
        for write in writes:
            if not write.done:
                continue
            if write.kind == "note":
                notes[write.note_id] = " ".join(write.args)
            elif write.kind == "edit":
                notes[write.args[0]] += EDITED
            elif write.kind == "phase":
                moves.append(int(write.args[0]))
            elif write.kind == "eval":
                scores[write.args[0]] = int(write.args[1])
        pending = writes[-1] if writes and not writes[-1].done else None
        problems = [f"duplicated: {', '.join(disk.duplicates[:20])}"] if disk.duplicates else []

        missing = sorted(
            (text for note_id, text in notes.items() if note_id not in disk.notes), key=_order
        )
        if missing:
            problems.append(f"{len(missing)} saved notes missing: {', '.join(missing[:20])}")
        extra = {i: text for i, text in disk.notes.items() if i not in notes}
        pending_note = pending is not None and pending.kind == "note"
        pending_saved = pending_note and list(extra.values()) == [" ".join(pending.args)]
        if extra and not pending_saved:
            texts = sorted(extra.values(), key=_order)
            problems.append(f"notes nobody was writing: {', '.join(texts[:20])}")

        edit = pending.args[0] if pending is not None and pending.kind == "edit" else None
        wrong = []
        for note_id, text in notes.items():
            found = disk.notes.get(note_id, text)
            if found != text and not (note_id == edit and found == text + EDITED):
                wrong.append(f"{note_id}: {found!r} instead of {text!r}")
        if wrong:
            problems.append(f"notes with the wrong text: {'; '.join(wrong[:20])}")
        edit_saved = edit is not None and disk.notes.get(edit) == notes.get(edit, "") + EDITED

        move = [int(pending.args[0])] if pending is not None and pending.kind == "phase" else []
        if disk.phase_moves not in (moves, moves + move):
            problems.append(
                f"phase moves {disk.phase_moves[-10:]} (last 10) instead of {moves[-10:]}"
                + (f" or {[*moves, *move][-10:]}" if move else "")
            )
        move_saved = bool(move) and disk.phase_moves == moves + move

        score = (
            {pending.args[0]: int(pending.args[1])}
            if pending is not None and pending.kind == "eval"
            else {}
        )
        if disk.evaluations not in (scores, {**scores, **score}):
            problems.append(f"evaluations {disk.evaluations} instead of {scores}")
        score_saved = bool(score) and scores != disk.evaluations == {**scores, **score}

        return problems, pending_saved or edit_saved or move_saved or score_saved

    def take(self, disk: OnDisk) -> None:
        self.notes, self.phase_moves = dict(disk.notes), list(disk.phase_moves)
        self.evaluations = dict(disk.evaluations)


def _order(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text))


# -- one round: start a writer, kill it, look ------------------------------------------------


@dataclass
class Kill:
    round: int
    mode: str
    after: float = 0.0  # seconds after the writer was started
    writes: list[Write] = field(default_factory=list)
    temp_left: bool = False
    under_way: str = ""  # the write in progress at the kill, if any
    saved_unreported: bool = False
    first_write: float = 0.0  # seconds from the writer's "ready" to its first "done"
    notes: int = 0  # on disk after the kill


class Writer:
    """A writer process and what it said: its stdout goes to a file (a pipe could fill up
    and stall it), read here as it grows."""

    pid: int

    def __init__(self, folder: Path, round_: int) -> None:
        self.out = folder / f"writer-{round_}.out"
        self.err = folder / f"writer-{round_}.err"
        self.out.touch()
        self._reader = self.out.open("rb")
        self._said = ""
        self.started = time.monotonic()

    def report(self) -> str:
        """All the writer said so far."""
        self._said += self._reader.read().decode("ascii")
        return self._said

    def has_ended(self) -> bool:
        raise NotImplementedError

    def wait_ended(self) -> None:
        """Until the process is gone: its files closed, its locks released."""
        raise NotImplementedError

    def wait_for(self, what: str, ready: Callable[[], bool], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if self.has_ended():
                raise AssertionError(
                    f"the writer ended by itself waiting for {what}:\n"
                    f"{self.err.read_text()[-3000:]}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"no {what} within {timeout} s (a lock left held?); the writer said:\n"
                    f"{self.report()[-500:]}\n{self.err.read_text()[-3000:]}"
                )
            time.sleep(0.0002)

    def kill(self) -> float:
        """SIGKILL, now; the seconds since the writer was started."""
        os.kill(self.pid, signal.SIGKILL)
        after = time.monotonic() - self.started
        self.wait_ended()
        return after

    @contextmanager
    def running(self) -> Iterator[Writer]:
        try:
            yield self
        finally:
            if not self.has_ended():
                os.kill(self.pid, signal.SIGKILL)
            self.wait_ended()
            self._reader.close()


class FreshWriter(Writer):
    """`python crash_writer.py ARGS`: a new interpreter that imports everything itself."""

    def __init__(self, args: list[str], folder: Path, round_: int) -> None:
        super().__init__(folder, round_)
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, str(WRITER), *args], stdout=out, stderr=err
            )
        self.pid = self.process.pid

    def has_ended(self) -> bool:
        return self.process.poll() is not None

    def wait_ended(self) -> None:
        self.process.wait(timeout=30)


class ForkServer:
    """`python crash_writer.py --serve`: forks writers that need not import anything."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WRITER), "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self._unread = b""
        self.ended: set[int] = set()
        assert self.next_line(60) == "serving"

    def next_line(self, timeout: float) -> str | None:
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while b"\n" not in self._unread:
            left = deadline - time.monotonic()
            if not select.select([self.process.stdout], [], [], max(left, 0))[0]:
                return None
            chunk = os.read(self.process.stdout.fileno(), 4096)
            assert chunk, f"the fork server stopped (exit {self.process.wait(timeout=30)})"
            self._unread += chunk
        line, _, self._unread = self._unread.partition(b"\n")
        return line.decode()

    def start(self, args: list[str], out: Path, err: Path) -> int:
        assert self.process.stdin is not None
        request = {"argv": args, "out": str(out), "err": str(err)}
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        self.process.stdin.flush()
        word, _, pid = (self.next_line(60) or "").partition(" ")
        assert word == "started", word
        return int(pid)

    def has_ended(self, pid: int, timeout: float = 0) -> bool:
        if pid not in self.ended and (line := self.next_line(timeout)) is not None:
            word, ended, _ = line.split(" ")
            assert word == "ended", line
            self.ended.add(int(ended))
        return pid in self.ended

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


class ForkedWriter(Writer):
    """A writer forked by the fork server: a process of its own, started in milliseconds."""

    def __init__(self, server: ForkServer, args: list[str], folder: Path, round_: int) -> None:
        super().__init__(folder, round_)
        self.server = server
        self.pid = server.start(args, self.out, self.err)

    def has_ended(self) -> bool:
        return self.server.has_ended(self.pid)

    def wait_ended(self) -> None:
        assert self.server.has_ended(self.pid, timeout=30), f"writer {self.pid} still alive"


@pytest.fixture
def fork_server() -> Iterator[ForkServer]:
    server = ForkServer()
    try:
        yield server
    finally:
        server.close()


class CrashSuite:
    """Rounds of: start a writer on the store, kill it, check the store."""

    def __init__(
        self,
        store: Path,
        session_id: str,
        folder: Path,
        seed: int,
        fork_server: ForkServer | None = None,
    ) -> None:
        self.store, self.session_id, self.folder, self.seed = store, session_id, folder, seed
        self.fork_server = fork_server
        self.rng = random.Random(seed)
        self.session_file = store / "sessions" / f"{session_id}.json"
        self.expected = Expected()
        self.expected.take(read_session_file(self.session_file))
        self.kills: list[Kill] = []

    def fail(self, kill: Kill, problems: list[str]) -> NoReturn:
        lines = "\n  ".join(problems)
        when = (
            f"{kill.mode} kill {kill.after:.3f} s after the start, under way: "
            f"{kill.under_way or 'nothing'}"
            if kill.after
            else f"before its {kill.mode} kill"
        )
        pytest.fail(
            f"seed {self.seed}, round {kill.round} ({when}):\n  {lines}\n"
            f"(rerun with CRASH_SEEDS={self.seed}; the writers' reports are in {self.folder})",
            pytrace=False,
        )

    def run(self, plan: list[str], tui: bool = False) -> list[Kill]:
        """Kill a writer for each kind of kill in `plan`, in an order of the seed's choosing."""
        plan = self.rng.sample(plan, len(plan))
        for round_, mode in enumerate(plan):
            kill = self.kill_a_writer(round_, mode, tui)
            self.kills.append(kill)
            # The CLI costs a Python start-up twice: after the last kill only.
            self.look(kill, with_cli=round_ == len(plan) - 1)
        return self.kills

    def start_writer(self, args: list[str], round_: int) -> Writer:
        """The first writer a fresh interpreter, the others forked (given a fork server)."""
        if self.fork_server is None or round_ == 0:
            return FreshWriter(args, self.folder, round_)
        return ForkedWriter(self.fork_server, args, self.folder, round_)

    def kill_a_writer(self, round_: int, mode: str, tui: bool) -> Kill:
        kill = Kill(round_, mode)
        args = [str(self.store), self.session_id, str(round_), str(self.rng.randrange(2**32))]
        others = sum(w.done and w.kind != "note" for k in self.kills for w in k.writes)
        args += ["--others-done", str(others), *(["--tui"] if tui else [])]
        if mode == "mid-write":
            args += ["--slow-fsync-ms", str(SLOW_FSYNC_MS)]
        if mode == "after-save":
            args += ["--linger-every", str(LINGER_EVERY), "--linger-ms", str(LINGER_MS)]
        delay = self.rng.uniform(0, TUI_RANDOM_KILL_SECONDS if tui else RANDOM_KILL_SECONDS)
        before = set(temp_files(self.store))
        writer = self.start_writer(args, round_)
        with writer.running():
            try:
                self.wait_and_kill(writer, mode, delay, kill)
                kill.writes = parse_report(writer.report())
            except AssertionError as error:
                self.fail(kill, [str(error)])
        if kill.writes and not kill.writes[-1].done:
            kill.under_way = str(kill.writes[-1])
        kill.temp_left = any(
            owner == writer.pid
            for path, owner in temp_files(self.store).items()
            if path not in before
        )
        return kill

    def wait_and_kill(self, writer: Writer, mode: str, delay: float, kill: Kill) -> None:
        writer.wait_for("'ready'", lambda: writer.report().startswith("ready\n"), 60)
        if mode == "random":
            time.sleep(delay)
            kill.after = writer.kill()
            return
        # The other kills wait for a first write: a new writer must get going.
        ready = time.monotonic()
        writer.wait_for("first write", lambda: "\ndone " in writer.report(), PROGRESS_SECONDS)
        kill.first_write = time.monotonic() - ready
        if mode == "mid-write":
            time.sleep(delay / 3)
            writer.wait_for(
                "temporary file",
                lambda: writer.pid in temp_files(self.store).values(),
                PROGRESS_SECONDS,
            )
        elif mode == "after-save":
            # A note the writer lingers over once it is saved: kill once it is in the file.
            def saved_not_reported() -> bool:
                report = writer.report()
                last = report[:-1].rpartition("\n")[2] if report.endswith("\n") else ""
                match = re.fullmatch(r"try note (note \d+-(\d+))", last)
                if match is None or int(match.group(2)) % LINGER_EVERY != LINGER_EVERY - 1:
                    return False
                return f'"{match.group(1)}"'.encode() in session_bytes(self.session_file)

            writer.wait_for("a saved note", saved_not_reported, PROGRESS_SECONDS)
        kill.after = writer.kill()

    def look(self, kill: Kill, with_cli: bool) -> None:
        """Open the store as a user would after the crash, and compare with the reports."""
        problems: list[str] = []
        try:
            disk = read_session_file(self.session_file)
        except (OSError, ValueError, KeyError, AssertionError) as error:
            self.fail(kill, [f"the session file does not read: {error!r}"])
        try:
            catalog = strict_json((self.store / "catalog.json").read_bytes())
            listed = [entry["id"] for entry in catalog["tables"]["sessions"].values()]
        except (OSError, ValueError, KeyError, AssertionError) as error:
            listed = [f"nothing: it does not read ({error!r})"]
        if listed.count(self.session_id) != 1:
            problems.append(f"the catalog lists {listed}")
        if held := held_locks(self.store):
            problems.append(f"locks still held after the kill: {held}")

        found, kill.saved_unreported = self.expected.check(kill.writes, disk)
        problems += found
        if len(disk.notes) < len(self.expected.notes):
            problems.append(
                f"fewer notes than before: {len(disk.notes)} < {len(self.expected.notes)}"
            )
        if not all(NOTE_TEXT.match(text.removesuffix(EDITED)) for text in disk.notes.values()):
            problems.append("a note's text is not one a writer wrote")

        store = Store(self.store)
        try:
            live = LiveSession(store, self.session_id, SystemClock())
        except Exception as error:
            problems.append(f"the session does not open: {error!r}")
        else:
            if set(live.session.notes) != set(disk.notes):
                problems.append("the opened session's notes differ from the file's")
            if live.session.current_phase != (disk.phase_moves or [0])[-1]:
                problems.append(f"opened in phase {live.session.current_phase}")
        if self.session_id not in [entry.id for entry in store.list_sessions()]:
            problems.append("the store does not list the session")
        if store.problems or store.damaged_dir.exists():
            problems.append(f"files moved aside as damaged: {store.problems}")
        if with_cli:
            problems += self.look_with_cli(disk)
        if problems:
            self.fail(kill, problems)
        self.expected.take(disk)
        kill.notes = len(disk.notes)

    def look_with_cli(self, disk: OnDisk) -> list[str]:
        """`sessie-tui list` and `sessie-tui export`, in a process of their own."""
        problems = []
        listing = cli("--db", str(self.store), "list")
        if listing.returncode != 0 or self.session_id not in listing.stdout:
            problems.append(f"`list` fails: {listing.returncode} {listing.stdout}{listing.stderr}")
        export = cli("--db", str(self.store), "export", self.session_id, "-o", "-")
        if export.returncode != 0:
            problems.append(f"`export` fails: {export.returncode} {export.stderr}")
        in_report = Counter(re.findall(r"(?:note|tui) \d+-\d+(?: edited)?", export.stdout))
        if in_report != Counter(disk.notes.values()):
            problems.append(
                f"`export` shows other notes than the file holds: "
                f"{sorted(set(in_report) ^ set(disk.notes.values()), key=_order)[:20]}"
            )
        return problems


def running_session(new_session: NewSession) -> LiveSession:
    live = new_session()
    acknowledge_all(live)
    live.start()
    return live


def summary(kills: list[Kill]) -> str:
    kinds = Counter(w.kind for k in kills for w in k.writes if w.done)
    return (
        f"{len(kills)} kills: {sum(k.temp_left for k in kills)} left a temporary file, "
        f"{sum(bool(k.under_way) for k in kills)} during a write, "
        f"{sum(k.saved_unreported for k in kills)} after a save before its report; "
        f"writes done: {dict(kinds)}, {kills[-1].notes} notes in the end; a new writer's "
        f"first write at most {max(k.first_write for k in kills):.2f} s after 'ready'"
    )


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_killed_writers_lose_and_duplicate_nothing(
    seed: int, new_session: NewSession, store: Store, tmp_path: Path, fork_server: ForkServer
) -> None:
    live = running_session(new_session)
    kills = CrashSuite(store.root, live.id, tmp_path, seed, fork_server).run(PLAN)
    print(f"seed {seed}: {summary(kills)}")

    # The kills did land where they matter, not only between writes.
    assert any(k.temp_left for k in kills), f"seed {seed}: no kill in the middle of a write"
    assert any(k.saved_unreported for k in kills), f"seed {seed}: no kill between save and report"
    done = [w for k in kills for w in k.writes if w.done]
    assert {w.kind for w in done} == {"note", "edit", "phase", "eval"}, summary(kills)


@pytest.mark.slow
def test_killed_app_loses_and_duplicates_none_of_the_typed_notes(
    new_session: NewSession, store: Store, tmp_path: Path, fork_server: ForkServer
) -> None:
    live = running_session(new_session)
    suite = CrashSuite(store.root, live.id, tmp_path, TUI_SEED, fork_server)
    kills = suite.run(TUI_PLAN, tui=True)
    print(f"app: {summary(kills)}")

    assert any(k.temp_left for k in kills), "no kill of the app in the middle of a write"
    # The mid-write kills wait for a first note: at least those were saved and checked.
    assert sum(w.done for k in kills for w in k.writes) >= TUI_PLAN.count("mid-write")

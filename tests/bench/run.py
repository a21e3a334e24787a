"""The benchmark of issue 6: start-up, saving a note, export, the clock's drift, memory.

    /work/dev/bin/python tests/bench/run.py            # the full run (about 3 minutes)
    /work/dev/bin/python tests/bench/run.py --quick    # for development: not for the README

(any environment with sessie-tui installed will do, e.g. `.venv/bin/python`.)

Outside the test suite: pytest does not collect this folder's files (none is
named test_*.py). Everything happens in a temporary folder; nothing touches
the user's store or config.

What it does, in order:

1. Builds two stores: an *empty* one (no past sessions; only the running
   session of today that the phase screen opens) and a *large* one (the same,
   plus 500 past sessions with 100 notes each, 50,000 notes, dates over ~10
   years). One realistic past meeting is held through the real `LiveSession`
   API on a fake clock, and its tables are copied with new ids and shifted
   dates, written with `Store.create_session`.
2. Start-up and peak memory: fresh child processes (child.py) start the real
   app (`create_app`) headless at 120x40 and print a marker once the home
   screen, or a session's phase screen, is mounted and idle; the time from
   Popen to the marker (python start-up and imports included) is compared
   with the same for a minimal Textual app (Header, TextArea, Footer). Runs
   are interleaved round-robin after one discarded warm-up round; medians.
   Each child reports its ru_maxrss at the end.
3. Saving a note: `LiveSession.add_note`, what Enter in the note composer
   calls, returns after the session file is written atomically and fsynced.
   A new session of today (12 people, acknowledged, questioning phase, clock
   running) gets 200 notes in each store, the two stores alternating note by
   note so background noise hits both alike. Separately, a "long meeting":
   one session receiving 1,000 notes across all phases.
4. Export of that 1,000-note session for both audiences: the CLI's path
   (read and parse the session file, then `session_report_source(...).build`),
   `build_report` alone, and the `sessie-tui export` command as a process.
5. The clock's drift: the real app on a phase screen, the clock started with
   the space key, running >= 60 s (10 s with --quick) with nothing else
   running in this benchmark; the app's `live.timer().elapsed()` is compared
   with time.monotonic() over the same interval, and the big digits with the
   expected remaining time.

Seeded random numbers make the stores and the note texts the same on every
run (ids that sessie-tui itself draws, such as note ids, differ).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import io
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sessie_tui.domain.clock import Clock, FakeClock, SystemClock
from sessie_tui.domain.method import Method, PhaseKind
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Attendance, Participant, Role
from sessie_tui.domain.session import Session, SessionInfo
from sessie_tui.live import SPEAKER_WITH_TURN, LiveSession, NoteDraft, create_session
from sessie_tui.methods import load_methods
from sessie_tui.report import Audience, build_report
from sessie_tui.storage.atomic import ensure_private_dir, write_atomic
from sessie_tui.storage.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
import room_page  # beside this file: the phone page's figure (issue 11)

HERE = Path(__file__).resolve().parent
CHILD = HERE / "child.py"
TIMEZONE = "Europe/Brussels"
ZONE = ZoneInfo(TIMEZONE)
METHOD_ID = "incidentmethode"
SEED = 20261123

PAST_SESSIONS = 500
NOTES_PER_PAST_SESSION = 100
MEETING_NOTES = 200
LONG_MEETING_NOTES = 1000
LONG_TAIL = (900, 1000)
"""The notes of the long meeting whose p95 is reported (0-based, end excluded)."""
WRITERS, WRITER_NOTES = 4, 150
EXPORT_RUNS = 7
EXPORT_PROCESS_RUNS = 3
STARTUP_REPS = 7
DRIFT_SECONDS = 60.0
ROOM_CHANGES = 30
"""Phase changes pushed to the 30 devices of a share (issue 11)."""
QUICK_DRIFT_SECONDS = 10.0
QUICK_REPS = 3

# Goals stated in issue 6.
GOAL_NOTE_P95_MS = 5.0
GOAL_NOTE_RATIO = 1.2
GOAL_DRIFT_MS = 50.0

# incidentmethode's nine phases; 100 notes per past meeting, spread as a meeting goes.
PHASE_NOTES = (6, 14, 24, 6, 12, 8, 20, 8, 2)
QUESTIONING_PHASE = 2
ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

PEOPLE = (
    ("An Peeters", Role.FACILITATOR),
    ("Bart Verhaegen", Role.CASE_HOLDER),
    ("Sofie Lambrecht", Role.NOTE_TAKER),
    ("Dries Claes", Role.PARTICIPANT),
    ("Els Janssens", Role.PARTICIPANT),
    ("Emre Yildiz", Role.PARTICIPANT),
    ("Filip Maes", Role.PARTICIPANT),
    ("Griet Wouters", Role.PARTICIPANT),
    ("Ilse Van den Broeck", Role.PARTICIPANT),
    ("Katrien De Backer", Role.PARTICIPANT),
    ("Nathalie Verstraete", Role.PARTICIPANT),
    ("Yasmina El Amrani", Role.PARTICIPANT),
)
TOPICS = (
    "Grenzen stellen",
    "Samenwerken met ouders",
    "Schoolverzuim aanpakken",
    "Een leerling met faalangst",
    "Conflict in het zorgteam",
    "Melding van zorgen over thuis",
    "Terug naar school na een lange afwezigheid",
    "Pesten in de klas",
)

# Sentences of 30 to 90 characters; notes are made of them (60 to 200 characters).
SENTENCES = (
    "De leerling komt sinds de herfstvakantie bijna elke maandag te laat.",
    "Moeder belde twee keer naar het secretariaat, vader was onbereikbaar.",
    "In de klasraad werd afgesproken om eerst met de leerling zelf te praten.",
    "Het CLB is op de hoogte maar heeft nog geen dossier geopend.",
    "De klastitularis voelt zich alleen gelaten in deze situatie.",
    "Er is een taalbarrière: de ouders spreken weinig Nederlands.",
    "Bart twijfelt of hij de directie al moet inlichten.",
    "Tijdens de speeltijd zoekt ze vooral het gezelschap van leerkrachten.",
    "Vorig jaar liep een gelijkaardig traject goed af met een tolk.",
    "De zorgcoördinator heeft al drie gesprekken gehad, zonder verslag.",
    "Het leerlingvolgsysteem toont een daling vanaf januari.",
    "Er is een vermoeden van mantelzorg voor een jongere broer.",
    "Hij zegt zelf dat alles goed gaat en wil geen extra begeleiding.",
    "De groep herkent het spanningsveld tussen zorg en regels.",
    "Iemand merkt op dat het gesprek steeds over de ouders gaat.",
    "Belangrijk: niets hiervan wordt buiten deze groep besproken.",
)
QUESTIONS = (
    "Wat heb je precies tegen de ouders gezegd tijdens het eerste gesprek?",
    "Hoe reageerde de klastitularis toen je het aankaartte?",
    "Waarom heb je toen niet meteen het CLB erbij gehaald?",
    "Wie op school kent de leerling het best?",
    "Wat zou er gebeuren als je niets doet tot de kerstvakantie?",
    "Heeft de leerling zelf al gezegd wat hij nodig heeft?",
    "Welke afspraken bestaan er op school rond laattijdigheid?",
    "Wanneer merkte je voor het eerst dat er iets niet klopte?",
)
ADVICE = (
    "Ik zou een vast aanspreekpunt voor de leerling afspreken.",
    "Misschien helpt een gesprek met een tolk erbij, op een neutrale plek.",
    "Leg de afspraken schriftelijk vast en deel ze met het hele team.",
    "Vraag het CLB om mee aan tafel te zitten bij het volgende gesprek.",
)


# -- small helpers --------------------------------------------------------------------------


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def p95(values: Iterable[float]) -> float:
    data = sorted(values)
    if len(data) < 2:
        return data[0]
    return statistics.quantiles(data, n=100, method="inclusive")[94]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def say(text: str) -> None:
    print(text, flush=True)


class Stopwatch:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    def __call__(self) -> float:
        return time.perf_counter() - self.start


@dataclass
class Timings:
    wall: list[float] = field(default_factory=list)
    """perf_counter seconds: what the person at the keyboard waits."""
    cpu: list[float] = field(default_factory=list)
    """thread_time seconds: the part spent computing (not waiting for the disk)."""

    def time(self, call: Callable[[], object]) -> None:
        cpu, wall = time.thread_time(), time.perf_counter()
        call()
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.thread_time() - cpu)


# -- the machine ----------------------------------------------------------------------------


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def file_system(path: Path) -> str:
    """The type of the file system `path` is on (Linux: from /proc/self/mounts)."""
    best, kind = "", "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/mounts").read_text().splitlines():
            parts = line.split()
            mount = parts[1].replace("\\040", " ")
            inside = str(path) == mount or str(path).startswith(mount.rstrip("/") + "/")
            if inside and len(mount) >= len(best):
                best, kind = mount, f"{parts[2]} ({parts[0]} on {mount})"
    return kind


def machine(workdir: Path) -> list[tuple[str, str]]:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = f"{os.cpu_count()} logical" + (f", {affinity} usable" if affinity else "")
    return [
        ("CPU", cpu_model()),
        ("cores", cores),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("Textual", importlib.metadata.version("textual")),
        ("sessie-tui", importlib.metadata.version("sessie-tui")),
        ("OS", platform.platform()),
        ("kernel", platform.release()),
        ("temp folder", f"{workdir}: {file_system(workdir)}"),
        ("load average", load_average()),
    ]


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except (OSError, AttributeError):
        return "n/a"


# -- realistic content ----------------------------------------------------------------------


def note_text(rng: random.Random, ending: str = "") -> str:
    """60 to 200 characters: context sentences, then `ending` (a question, advice) if any."""
    target = rng.randint(60, 200)
    pieces = [ending] if ending else []
    while sum(len(p) + 1 for p in pieces) - 1 < target:
        pieces.insert(0, rng.choice(SENTENCES))
    while len(" ".join(pieces)) > 200 and len(pieces) > 1:
        pieces.pop(0)
    text = " ".join(pieces)
    assert 60 <= len(text) <= 200, text
    return text


def people(rng: random.Random) -> list[Participant]:
    return [
        Participant(f"{rng.getrandbits(48):012x}", name, role, Attendance.PRESENT)
        for name, role in PEOPLE
    ]


def today(clock: Clock) -> date:
    return datetime.fromtimestamp(clock.time(), ZONE).date()


def session_id(day: date, rng: random.Random, taken: set[str]) -> str:
    while True:
        candidate = f"{day:%Y%m%d}-" + "".join(rng.choice(ID_ALPHABET) for _ in range(4))
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def new_meeting(
    store: Store,
    method: Method,
    clock: Clock,
    rng: random.Random,
    sid: str,
    day: date,
    number: int,
) -> LiveSession:
    create_session(
        store,
        method=method,
        clock=clock,
        lang="nl",
        info=SessionInfo(
            network="Lerend netwerk Zorgcoördinatoren Oost-Vlaanderen",
            topic=rng.choice(TOPICS),
            date=day.isoformat(),
            place="CLB Gent, zaal 2",
            number=number,
        ),
        participants=people(rng),
        session_id=sid,
        timezone=TIMEZONE,
    )
    return LiveSession(store, sid, clock, rng=random.Random(rng.random()))


def acknowledged_in_questioning(live: LiveSession, *, run_clock: bool) -> None:
    """12 people acknowledged, the questioning round open, its clock running or not."""
    for person in live.session.present():
        live.acknowledge(person.id)
    live.go_to_phase(QUESTIONING_PHASE)
    if run_clock:
        live.toggle_clock()


def draft_for(live: LiveSession, phase: int, rng: random.Random, today_: date) -> NoteDraft:
    """A note as it is typically written in a phase of this kind."""
    session = live.session
    kind = session.phases[phase].kind
    author = session.people(Role.NOTE_TAKER)[0].id
    holder = session.case_holder
    others = [p.id for p in session.present() if holder is None or p.id != holder.id]
    roll = rng.random()
    if kind is PhaseKind.QUESTIONING and roll < 0.6:
        text = note_text(rng, rng.choice(QUESTIONS))
        return NoteDraft(text, NoteKind.QUESTION, author=author, speaker=SPEAKER_WITH_TURN)
    if kind is PhaseKind.ADVICE and roll < 0.7:
        text = note_text(rng, rng.choice(ADVICE))
        return NoteDraft(text, NoteKind.ADVICE, author=author, speaker=SPEAKER_WITH_TURN)
    if kind is PhaseKind.REFLECTION and roll < 0.4:
        due = (today_ + timedelta(days=rng.choice((7, 14, 28)))).isoformat()
        owner = rng.choice(others)
        return NoteDraft(note_text(rng), NoteKind.ACTION, author=author, owner=owner, due=due)
    if roll > 0.9:
        return NoteDraft(note_text(rng), NoteKind.QUOTE, author=author, speaker=rng.choice(others))
    if roll > 0.8:
        return NoteDraft(note_text(rng), NoteKind.DECISION, author=author)
    return NoteDraft(note_text(rng), NoteKind.NOTE, author=author)


def hold_meeting(
    live: LiveSession,
    counts: tuple[int, ...],
    rng: random.Random,
    *,
    between: Callable[[], None] = lambda: None,
    timings: Timings | None = None,
) -> None:
    """A whole meeting through the real API: every phase, its notes, reflection, evaluation."""
    session = live.session
    assert len(counts) == len(session.phases), "one count per phase of the method"
    for person in session.present():
        live.acknowledge(person.id)
    live.toggle_clock()
    day = today(live.clock)
    for phase, count in enumerate(counts):
        if phase:
            live.go_to_phase(phase)
        kind = live.session.phases[phase].kind
        for index in range(count):
            between()
            draft = draft_for(live, phase, rng, day)
            if timings is None:
                live.add_note(draft)
            else:
                timings.time(lambda draft=draft: live.add_note(draft))
            if draft.kind.is_contribution and index % 2:
                live.next_speaker()
        if kind is PhaseKind.REFLECTION:
            advice = [n for n in live.session.live_notes() if n.kind is NoteKind.ADVICE]
            for note in advice[::3]:
                live.set_taken_along(note.id, True)
            live.update_info(takeaway=note_text(rng))
        if kind is PhaseKind.EVALUATION:
            for person in live.session.present():
                live.record_evaluation(person.id, rng.randint(3, 5), rng.choice(("", "Fijn.")))
    live.end()


# -- building the stores --------------------------------------------------------------------

TEMPLATE_START = datetime(2016, 1, 11, 19, 0, tzinfo=ZONE)
TIME_KEYS = frozenset({"at", "created_at", "ended_at", "deleted_at", "replaced_at"})


def shifted(value: Any, delta: timedelta) -> Any:
    """Every stored time in `value` moved by `delta` (ISO texts, epoch seconds, due dates)."""
    if isinstance(value, list):
        return [shifted(item, delta) for item in value]
    if not isinstance(value, dict):
        return value
    result = {}
    for key, item in value.items():
        if key in TIME_KEYS and isinstance(item, str) and item:
            item = (datetime.fromisoformat(item) + delta).astimezone(ZONE).isoformat()
        elif key == "at" and isinstance(item, int | float) and not isinstance(item, bool):
            item = item + delta.total_seconds()
        elif key == "due" and isinstance(item, str) and item:
            item = (date.fromisoformat(item) + delta).isoformat()
        elif isinstance(item, dict | list) and key not in ("method", "agreement"):
            item = shifted(item, delta)
        result[key] = item
    return result


def past_template(workdir: Path, method: Method, rng: random.Random) -> dict[str, Any]:
    """One realistic finished 100-note meeting, held through the real API on a fake clock."""
    store = Store(workdir / "template-store")
    clock = FakeClock(start=TEMPLATE_START.timestamp())
    sid = session_id(TEMPLATE_START.date(), rng, set())
    live = new_meeting(store, method, clock, rng, sid, TEMPLATE_START.date(), 1)
    hold_meeting(live, PHASE_NOTES, rng, between=lambda: clock.advance(rng.uniform(15, 75)))
    tables = store.read_session(sid)
    assert len(tables["notes"]) == NOTES_PER_PAST_SESSION
    return json.loads(json.dumps(tables))


def past_copy(
    template: dict[str, Any], sid: str, day: date, number: int, rng: random.Random
) -> dict[str, Any]:
    """The template meeting as another meeting: new id and note ids, its own date and topic."""
    delta = timedelta(days=(day - TEMPLATE_START.date()).days)
    tables = shifted(template, delta)
    header = tables["session"]["1"]
    header["id"] = sid
    header["info"] = {
        **header["info"],
        "date": day.isoformat(),
        "number": number,
        "topic": rng.choice(TOPICS),
    }
    for doc in tables["notes"].values():
        doc["id"] = f"{rng.getrandbits(48):012x}"
    return tables


@dataclass
class Stores:
    empty: Path
    large: Path
    startup_session: dict[str, str] = field(default_factory=dict)
    """Per store: the running session of today the phase screen opens."""
    drift_session: str = ""
    past_session: str = ""
    build_seconds: dict[str, float] = field(default_factory=dict)
    large_bytes: int = 0


def running_session_of_today(store: Store, method: Method, rng: random.Random, sid: str) -> None:
    """Mid-meeting: 12 people acknowledged, in the questioning round, 20 notes, clock paused."""
    clock = SystemClock()
    live = new_meeting(store, method, clock, rng, sid, today(clock), 4)
    acknowledged_in_questioning(live, run_clock=False)
    for _ in range(20):
        live.add_note(draft_for(live, QUESTIONING_PHASE, rng, today(clock)))


def build_stores(workdir: Path, method: Method) -> Stores:
    rng = random.Random(SEED)
    ids: set[str] = set()
    stores = Stores(workdir / "empty-store", workdir / "large-store")
    day = today(SystemClock())

    watch = Stopwatch()
    template = past_template(workdir, method, rng)
    stores.build_seconds["template meeting (real API, fake clock)"] = watch()

    watch = Stopwatch()
    large = Store(stores.large)
    for number in range(1, PAST_SESSIONS + 1):
        past_day = day - timedelta(days=7 * number - rng.randint(0, 2))
        sid = session_id(past_day, rng, ids)
        large.create_session(sid, past_copy(template, sid, past_day, number, rng))
        stores.past_session = stores.past_session or sid
    stores.build_seconds[f"{PAST_SESSIONS} copies (Store.create_session)"] = watch()

    watch = Stopwatch()
    for name, path in (("empty", stores.empty), ("large", stores.large)):
        sid = session_id(day, rng, ids)
        running_session_of_today(Store(path), method, rng, sid)
        stores.startup_session[name] = sid
    stores.drift_session = session_id(day, rng, ids)
    drift = new_meeting(large, method, SystemClock(), rng, stores.drift_session, day, 5)
    acknowledged_in_questioning(drift, run_clock=False)
    stores.build_seconds["today's sessions (real API)"] = watch()

    # The catalog as a new process sees it: every session listed, every note there.
    fresh = Store(stores.large)
    listed = fresh.list_sessions()
    past = [entry for entry in listed if entry.date < day.isoformat()]
    assert len(past) == PAST_SESSIONS, f"the catalog lists {len(past)} past sessions"
    assert len(listed) == PAST_SESSIONS + 2
    notes = sum(len(fresh.read_session(entry.id).get("notes", {})) for entry in past)
    assert notes == PAST_SESSIONS * NOTES_PER_PAST_SESSION, notes
    assert Store(stores.empty).list_sessions()[0].id == stores.startup_session["empty"]
    stores.large_bytes = sum(p.stat().st_size for p in fresh.sessions_dir.iterdir())
    return stores


# -- child processes ------------------------------------------------------------------------


@dataclass
class ChildResult:
    ready: float
    """Seconds from Popen to the READY line."""
    peak_kb: int
    """The child's own peak resident memory (VmHWM; see child.peak_rss_kb)."""
    maxrss_kb: int
    """ru_maxrss as the child saw it: on Linux inflated by the parent (see child.py)."""
    drift: dict[str, Any] | None = None


def child_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env["SESSIE_TUI_DB"] = str(workdir / "env-store")
    env["SESSIE_TUI_CONFIG"] = str(workdir / "env-config")
    env["SESSIE_TUI_CACHE"] = str(workdir / "env-cache")
    env["TZ"] = TIMEZONE
    # As on a user's machine: compiled modules are cached after the first start (the
    # discarded warm-up round), for Textual and sessie-tui alike (__pycache__ is ignored
    # by git). An environment that forbids writing them (PYTHONDONTWRITEBYTECODE) would
    # time the compiler on every start of an editable install instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(
    workdir: Path, mode: str, store: Path | None, session: str = "-", seconds: float = 0.0
) -> ChildResult:
    command = [sys.executable, str(CHILD), mode, str(store or "-"), session, str(seconds)]
    with tempfile.TemporaryFile("w+") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            cwd=workdir,
            env=child_env(workdir),
        )
        assert process.stdout is not None
        ready = None
        for line in process.stdout:
            if line.strip() == "READY":
                ready = time.perf_counter() - started
                break
        # Not communicate(): with a timeout it reads the pipe past what is buffered here.
        rest = process.stdout.read()
        process.wait()
        errors.seek(0)
        if process.returncode != 0 or ready is None:
            raise RuntimeError(f"child {mode} failed ({process.returncode}):\n{errors.read()}")
    peak = maxrss = 0
    drift = None
    for line in rest.splitlines():
        if line.startswith("RSS "):
            peak, maxrss = (int(part) for part in line.split()[1:3])
        elif line.startswith("DRIFT "):
            drift = json.loads(line[len("DRIFT ") :])
    return ChildResult(ready, peak, maxrss, drift)


STARTUP_CASES = ("minimal", "home-empty", "home-large", "phase-empty", "phase-large")
STARTUP_GOAL = 1.3
"""Issue 15: each screen, each store, at most this many times the minimal app's start."""


def startup_child(workdir: Path, stores: Stores, case: str) -> ChildResult:
    if case == "minimal":
        return run_child(workdir, "minimal", None)
    mode, which = case.split("-")
    path = stores.empty if which == "empty" else stores.large
    session = stores.startup_session[which] if mode == "phase" else "-"
    return run_child(workdir, mode, path, session)


def measure_startup(workdir: Path, stores: Stores, reps: int) -> dict[str, list[ChildResult]]:
    """Round-robin over the cases, the order rotating each round; round 0 is a warm-up."""
    results: dict[str, list[ChildResult]] = {case: [] for case in STARTUP_CASES}
    for round_ in range(reps + 1):
        shift = round_ % len(STARTUP_CASES)
        for case in STARTUP_CASES[shift:] + STARTUP_CASES[:shift]:
            result = startup_child(workdir, stores, case)
            if round_:
                results[case].append(result)
        say(f"  start-up round {round_}/{reps}{' (warm-up, discarded)' if not round_ else ''}")
    return results


# -- saving notes, in this process ----------------------------------------------------------


def measure_meeting(stores: Stores, method: Method) -> dict[str, Timings]:
    """200 notes into a new session of today in each store, alternating note by note.

    Under "floor": after each pair, `write_atomic` alone of as many bytes as the session
    file has then, in a folder of its own: what durability costs on this disk right now.
    """
    rng = random.Random(SEED + 1)
    clock = SystemClock()
    day = today(clock)
    ids = {entry.id for entry in Store(stores.large).list_sessions()}
    lives: dict[str, LiveSession] = {}
    for name, path in (("empty", stores.empty), ("large", stores.large)):
        sid = session_id(day, rng, ids)
        lives[name] = new_meeting(Store(path), method, clock, random.Random(SEED), sid, day, 6)
        acknowledged_in_questioning(lives[name], run_clock=True)
    drafts = [draft_for(lives["empty"], QUESTIONING_PHASE, rng, day) for _ in range(MEETING_NOTES)]
    timings = {name: Timings() for name in (*lives, "floor")}
    scratch = ensure_private_dir(stores.empty.parent / "floor")
    for index, draft in enumerate(drafts):
        order = ("empty", "large") if index % 2 == 0 else ("large", "empty")
        for name in order:
            live = lives[name]
            timings[name].time(lambda live=live, draft=draft: live.add_note(draft))
            if draft.kind.is_contribution and index % 3 == 2:
                live.next_speaker()  # not timed: the facilitator's key, not Enter
        payload = b" " * lives["empty"].store.session_path(lives["empty"].id).stat().st_size
        timings["floor"].time(lambda payload=payload: write_atomic(scratch / "s.json", payload))
    for name, live in lives.items():
        assert len(live.session.notes) == MEETING_NOTES, name
    return timings


def measure_long_meeting(stores: Stores, method: Method) -> tuple[str, Timings]:
    """One session receiving 1,000 notes over all its phases (in the empty store); then ended."""
    rng = random.Random(SEED + 2)
    clock = SystemClock()
    day = today(clock)
    sid = session_id(day, rng, {entry.id for entry in Store(stores.empty).list_sessions()})
    live = new_meeting(Store(stores.empty), method, clock, rng, sid, day, 7)
    counts = tuple(n * LONG_MEETING_NOTES // NOTES_PER_PAST_SESSION for n in PHASE_NOTES)
    timings = Timings()
    hold_meeting(live, counts, rng, timings=timings)
    assert len(timings.wall) == LONG_MEETING_NOTES
    return sid, timings


# -- export ---------------------------------------------------------------------------------


def measure_export(workdir: Path, store_path: Path, sid: str) -> dict[str, dict[str, float]]:
    """Median seconds per audience: the CLI's export in this process, build_report alone,
    and `sessie-tui export` as a process of its own (python start-up included)."""
    from sessie_tui import cli

    session = Session.from_tables(Store(store_path).read_session(sid))
    results: dict[str, dict[str, float]] = {}
    for audience in (Audience.PARTICIPANTS, Audience.ABSENTEES):
        out = workdir / f"verslag-{audience.value}.md"
        argv = ["--db", str(store_path), "--config", str(workdir / "env-config")]
        argv += ["--lang", "nl", "export", sid, "--audience", audience.value]
        in_process, report_only, process = [], [], []
        for _ in range(EXPORT_RUNS):
            # cli.run is `sessie-tui export`: open the store, read and parse the session
            # file, build the report, write it (atomically, fsynced).
            watch = Stopwatch()
            # Its summary of what leaves (on stderr) is for a user, not for this table.
            told = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(told):
                status = cli.run([*argv, "-o", str(out), "--force"])
            in_process.append(watch())
            if status != 0:
                raise RuntimeError(
                    f"sessie-tui export failed with status {status}:\n{told.getvalue()}"
                )
            watch = Stopwatch()
            build_report(session, SystemClock(), "nl", audience)
            report_only.append(watch())
        for _ in range(EXPORT_PROCESS_RUNS):
            command = [sys.executable, "-m", "sessie_tui", *argv, "-o", "-"]
            watch = Stopwatch()
            done = subprocess.run(
                command, capture_output=True, cwd=workdir, env=child_env(workdir), check=False
            )
            process.append(watch())
            if done.returncode != 0:
                raise RuntimeError(done.stderr.decode(errors="replace"))
        results[audience.value] = {
            "in_process": median(in_process),
            "report_only": median(report_only),
            "process": median(process),
            "kb": out.stat().st_size / 1000,
        }
    return results


def measure_writers(stores: Stores, method: Method, workdir: Path) -> Any:
    """Four processes (tests/note_writer.py) saving notes to one session at full speed,
    one busy process per core beside them: how long each waited for the lock (issue 12)."""
    sys.path.insert(0, str(HERE.parent))  # shared with tests/test_many_writers.py
    from writers_under_load import fairness, machine_loaded, run_writers

    rng, clock = random.Random(SEED + 3), SystemClock()
    ids = {entry.id for entry in Store(stores.empty).list_sessions()}
    sid = session_id(today(clock), rng, ids)
    new_meeting(Store(stores.empty), method, clock, rng, sid, today(clock), 7)
    with machine_loaded():
        folder = ensure_private_dir(workdir / "writers")
        takes = run_writers(stores.empty, sid, WRITERS, WRITER_NOTES, folder)
    return fairness(takes)


# -- the table ------------------------------------------------------------------------------


@dataclass
class Row:
    measure: str
    store: str
    figure: str
    goal: str = "—"
    result: str = "info"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_table(rows: list[Row]) -> None:
    headers = Row("Measure", "Store", "Figure", "Goal", "Result")
    cells = [headers, *rows]
    widths = [
        max(len(getattr(row, name)) for row in cells)
        for name in ("measure", "store", "figure", "goal", "result")
    ]

    def line(row: Row) -> str:
        values = (row.measure, row.store, row.figure, row.goal, row.result)
        return " | ".join(value.ljust(width) for value, width in zip(values, widths, strict=True))

    say(line(headers))
    say("-+-".join("-" * width for width in widths))
    for row in rows:
        say(line(row))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 s drift run, 3 repetitions")
    parser.add_argument("--reps", type=int, help=f"start-up repetitions (default {STARTUP_REPS})")
    parser.add_argument("--drift-seconds", type=float, help="length of the drift run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    reps = args.reps or (QUICK_REPS if args.quick else STARTUP_REPS)
    drift_seconds = args.drift_seconds or (QUICK_DRIFT_SECONDS if args.quick else DRIFT_SECONDS)
    total = Stopwatch()
    workdir = Path(tempfile.mkdtemp(prefix="sessie-bench-")).resolve()
    try:
        return run(workdir, reps, drift_seconds, quick=args.quick, total=total)
    finally:
        if args.keep:
            say(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def startup_rows(startup: dict[str, list[ChildResult]]) -> list[Row]:
    def spread(case: str) -> str:
        values = [r.ready for r in startup[case]]
        return f"{median(values):.3f} s ({min(values):.2f}-{max(values):.2f})"

    base = median(r.ready for r in startup["minimal"])
    rows = [Row("Start-up: minimal Textual app", "—", spread("minimal"))]
    for case in STARTUP_CASES[1:]:
        screen, store = case.split("-")
        ratio = median(r.ready for r in startup[case]) / base
        figure = f"{spread(case)} = {ratio:.2f}x minimal"
        goal = f"<= {STARTUP_GOAL}x"
        rows.append(
            Row(f"Start-up: {screen} screen", store, figure, goal, verdict(ratio <= STARTUP_GOAL))
        )
    peak = median(r.peak_kb for r in startup["minimal"]) / 1024
    rows.append(Row("Peak memory: minimal Textual app", "—", f"{peak:.1f} MB"))
    for case, label in (
        ("home-empty", "Peak memory: home screen"),
        ("home-large", "Peak memory: home screen"),
        ("phase-large", "Peak memory: home, then phase screen"),
    ):
        value = median(r.peak_kb for r in startup[case]) / 1024
        rows.append(Row(label, case.split("-")[1], f"{value:.1f} MB = {value / peak:.2f}x minimal"))
    return rows


def note_rows(meeting: dict[str, Timings], long_meeting: Timings) -> list[Row]:
    rows = []
    for name in ("empty", "large"):
        wall, cpu = meeting[name].wall, meeting[name].cpu
        rows.append(Row("Save a note: median", name, f"{ms(median(wall))} (CPU {ms(median(cpu))})"))
        value = p95(wall)
        rows.append(
            Row(
                "Save a note: p95",
                name,
                f"{ms(value)} (CPU {ms(p95(cpu))})",
                f"< {GOAL_NOTE_P95_MS:g} ms",
                verdict(value * 1000 < GOAL_NOTE_P95_MS),
            )
        )
    for label, stat in (("median", median), ("p95", p95)):
        ratio = stat(meeting["large"].wall) / stat(meeting["empty"].wall)
        rows.append(
            Row(
                f"Save a note: {label}, large/empty",
                "both",
                f"{ratio:.2f}x",
                f"<= {GOAL_NOTE_RATIO:g}x",
                verdict(ratio <= GOAL_NOTE_RATIO),
            )
        )
    floor = meeting["floor"].wall
    rows.append(
        Row(
            "Disk floor (info): write_atomic alone",
            "—",
            f"median {ms(median(floor))}, p95 {ms(p95(floor))}",
        )
    )
    low, high = LONG_TAIL
    first, last = long_meeting.wall[:100], long_meeting.wall[low:high]
    rows.append(
        Row(
            f"Long meeting: p95, notes {low + 1}-{high}",
            "empty",
            f"{ms(p95(last))} (CPU {ms(p95(long_meeting.cpu[low:high]))}; "
            f"notes 1-100: {ms(p95(first))})",
            f"< {GOAL_NOTE_P95_MS:g} ms",
            verdict(p95(last) * 1000 < GOAL_NOTE_P95_MS),
        )
    )
    # Issue 15: a save's cost no longer grows with the meeting (the session's older
    # notes stand in sealed parts, `storage/parts.py`).
    growth = p95(last) / p95(first)
    rows.append(
        Row(
            f"Long meeting: p95, notes {low + 1}-{high} / notes 1-100",
            "empty",
            f"{growth:.2f}x",
            f"<= {GOAL_NOTE_RATIO:g}x",
            verdict(growth <= GOAL_NOTE_RATIO),
        )
    )
    return rows


def export_rows(export: dict[str, dict[str, float]]) -> list[Row]:
    return [
        Row(
            f"Export {LONG_MEETING_NOTES} notes: {audience}",
            "empty",
            f"{ms(figures['in_process'])} (report alone {ms(figures['report_only'])}; "
            f"as a process {figures['process']:.2f} s; {figures['kb']:.0f} kB)",
        )
        for audience, figures in export.items()
    ]


def drift_rows(drift: dict[str, Any]) -> list[Row]:
    drift_ms = drift["drift_ms"]
    agrees = drift["agrees_end"] and drift["agrees_after_repaint"] and not drift["disagreements"]
    return [
        Row(
            f"Clock drift over {drift['seconds']:.1f} s",
            "large",
            f"{abs(drift_ms):.1f} ms (timer {drift['app_elapsed']:.3f} s, "
            f"wall {drift['seconds']:.3f} s)",
            f"< {GOAL_DRIFT_MS:g} ms",
            verdict(abs(drift_ms) < GOAL_DRIFT_MS),
        ),
        Row(
            "Clock digits vs expected remaining",
            "large",
            f"shows {drift['digits_after_repaint']}, expected "
            f"{drift['expected_after_repaint']}; {drift['disagreements']} of "
            f"{drift['samples']} samples off",
            "to the second",
            verdict(agrees),
        ),
    ]


def run(workdir: Path, reps: int, drift_seconds: float, *, quick: bool, total: Stopwatch) -> int:
    os.environ["TZ"] = TIMEZONE
    time.tzset()
    method = load_methods().get(METHOD_ID)
    say("sessie-tui benchmark (issue 6)" + ("  [QUICK RUN: not for the README]" if quick else ""))
    for name, value in machine(workdir):
        say(f"  {name + ':':<14}{value}")
    loads = {"start": load_average()}

    say("\nBuilding the stores ...")
    stores = build_stores(workdir, method)
    for name, seconds in stores.build_seconds.items():
        say(f"  {name}: {seconds:.1f} s")
    say(
        f"  large store: {PAST_SESSIONS} past sessions, "
        f"{PAST_SESSIONS * NOTES_PER_PAST_SESSION:,} notes, "
        f"{stores.large_bytes / 1e6:.1f} MB of session files; the catalog lists all"
    )
    opened = run_child(workdir, "ended", stores.large, stores.past_session)
    say(f"  opened past session {stores.past_session} in the app: EndScreen, {opened.ready:.2f} s")

    say(f"\nStart-up and memory: {reps} repetitions of 5 cases, in fresh processes ...")
    loads["start-up"] = load_average()
    startup = measure_startup(workdir, stores, reps)

    say(f"\nSaving notes: {MEETING_NOTES} notes into a new session in each store ...")
    loads["notes"] = load_average()
    meeting = measure_meeting(stores, method)
    say(f"Saving notes: a long meeting of {LONG_MEETING_NOTES} notes ...")
    long_id, long_meeting = measure_long_meeting(stores, method)

    say(f"\nExport of the {LONG_MEETING_NOTES}-note session ...")
    export = measure_export(workdir, stores.empty, long_id)

    say(f"\n{WRITERS} writers, {WRITER_NOTES} notes each, at once on a loaded machine ...")
    writers = measure_writers(stores, method, workdir)

    from room_fanout import DEVICES, measure_room_fanout

    changes = 6 if quick else ROOM_CHANGES
    say(f"\nThe room: {changes} phase changes to {DEVICES} devices on a `serve` process ...")
    loads["room"] = load_average()
    fanout = measure_room_fanout(workdir, changes)

    say(f"\nThe clock: {drift_seconds:.0f} s on the phase screen, nothing else running ...")
    loads["clock"] = load_average()
    drift = run_child(workdir, "drift", stores.large, stores.drift_session, drift_seconds).drift
    assert drift is not None

    import room_reveal

    say(f"\nThe reveal: {room_reveal.CARDS} sealed cards on the projector at once ...")
    reveal = room_reveal.measure(QUICK_REPS if quick else room_reveal.REPS)

    say("\nThe phone page: joined by its link in Chromium at 390x844 ...")
    page = room_page.measure(QUICK_REPS if quick else room_page.REPS)
    loads["end"] = load_average()

    rows = startup_rows(startup) + note_rows(meeting, long_meeting)
    rows += export_rows(export) + drift_rows(drift)
    rows.append(
        Row(
            f"{WRITERS} writers under load",
            "empty",
            f"{writers.saves_per_second:.0f} saves/s; max wait per writer "
            + ", ".join(f"{wait * 1000:.0f}" for wait in writers.max_wait.values())
            + f" ms; at most {writers.max_overtaken} saves of others first",
            f"<= {WRITERS - 1} first",
            verdict(writers.max_overtaken <= WRITERS - 1),
        )
    )
    rows.append(
        Row(
            f"Phase change to every one of {DEVICES} connected devices (p95)",
            "—",
            f"p95 {ms(p95(fanout))}, median {ms(median(fanout))}, max {ms(max(fanout))}",
            "<= 1 s",
            verdict(p95(fanout) <= 1.0),
        )
    )
    rows.append(
        Row(
            f"Reveal of {room_reveal.CARDS} cards on the projector (v to all shown)",
            "—",
            f"median {ms(median(reveal))}, max {ms(max(reveal))}",
            "<= 1 s",
            verdict(max(reveal) <= 1.0),
        )
    )
    rows.append(Row("Phone page ready after the link is opened", "—", room_page.summary(page)))
    say(f"\nResults ({'QUICK RUN, ' if quick else ''}medians unless stated)\n")
    print_table(rows)
    maxrss = median(r.maxrss_kb for r in startup["minimal"]) / 1024
    say(
        f"""
Start-up: median (min-max) of {reps} runs per case after a warm-up round; time from Popen
  to the screen mounted and idle (python start-up and imports included), headless, 120x40.
  'empty': no past sessions, only the running session of today that the phase screen
  opens. 'large': {PAST_SESSIONS} past sessions, {PAST_SESSIONS * NOTES_PER_PAST_SESSION:,} \
notes, and that session.
Peak memory: the child's own VmHWM. (ru_maxrss said {maxrss:.0f} MB even for the minimal
  app: on Linux it keeps the peak of the forked parent across exec.)
Save a note: LiveSession.add_note until the session file is fsynced; {MEETING_NOTES} notes
  per store, the stores alternating note by note; CPU = thread time of the same calls.
Export: `sessie-tui export` in this process (cli.run: read, parse, build, write), median of
  {EXPORT_RUNS}; report alone = build_report on the loaded session; as a process: median of
  {EXPORT_PROCESS_RUNS}.
{WRITERS} writers: processes saving {WRITER_NOTES} notes each to one session at once, one
  spinning process per core beside them; "saves of others first": the most takes of the lock
  by other writers while one waited (in turn: one each at most); longest save \
{ms(writers.longest_save)}.
Room: a `sessie-tui serve` process on loopback, {DEVICES} devices joined by the link, each
  on its state socket; from just before `go_to_phase` (the save included) until each device
  holds the new phase; {len(fanout)} arrivals.
Clock: the app's phase timer against time.monotonic() from just before the space key; the
  benchmark runs nothing else meanwhile; the press itself took {drift["press_ms"]:.0f} ms \
(key to idle).
Phone page: link = the join link opened until the name page has loaded (redirect
  included); name = a name tapped until the page shows the meeting pushed on its socket;
  a fresh Chromium (390x844) and share for each run, neither started on the clock.
Load average (1, 5, 15 min) on {os.cpu_count()} cores: """
        + "; ".join(f"{stage} {value}" for stage, value in loads.items())
        + f"\nTotal run time: {total():.0f} s"
    )
    busiest = max(float(value.split()[0]) for value in loads.values() if value != "n/a")
    if busiest >= (os.cpu_count() or 1):
        say(
            f"WARNING: the machine was busy (1-minute load up to {busiest:.1f} on "
            f"{os.cpu_count()} cores, this benchmark counting for about 1): timings, p95 "
            "most of all, are inflated. For the README, run again on a quiet machine."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Import accepts only what the app can run.

Crafted archives that are well-typed but mean nothing the app can run (a time
zone that is no zone, a time outside the calendar, an id twice, a reference to
nobody) are refused with one line naming the field, and the store is left as
it was. And the other way round, a property: whatever archive `import`
accepts exports for both audiences, opens on every screen and takes a new
note. The same gate guards the store: a hand-edited session file that says
such things is set aside as damaged, never opened into a crash.
"""

from __future__ import annotations

import asyncio
import copy
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sessie_tui.app import create_app
from sessie_tui.cli import run
from sessie_tui.config import Config
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.session import PhaseChange, RuleViolation, SessionStatus
from sessie_tui.errors import UserFacingError
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.paths import bundled
from sessie_tui.report import Audience, build_report, session_report_source
from sessie_tui.storage.archive import ArchiveError, import_archive, read_network_archive
from sessie_tui.storage.errors import DamagedFile
from sessie_tui.storage.store import Store

from conftest import TIMEZONE
from driving import cli, type_text

SAMPLES = bundled("sample_data") / "sessions"
NETWORKS = bundled("sample_data") / "networks"
NEW_NOTE = "Een nieuwe notitie na het inlezen"


def sample(name: str = "20261012-demo") -> dict[str, Any]:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def store_bytes(root: Path) -> dict[str, bytes]:
    """Every file in the store with its bytes (locks aside): to see that nothing changed."""
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(archive: dict[str, Any]) -> None:
        target: Any = archive
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _append(table: str, record: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable:
    return lambda archive: archive[table].append(record(archive))


TIMER = {"type": "timer", "phase": 0, "action": "adjust", "at": 1791824400.0, "seconds": 60.0}
TURN = {"type": "turn", "phase": 1, "action": "next", "at": "2026-10-12T19:10:00+02:00"}

BAD = [
    ("zone-not-a-zone", _set(("session", "timezone"), "Mars/Olympus"), "session.timezone"),
    ("zone-a-path", _set(("session", "timezone"), "../../../etc/passwd"), "session.timezone"),
    ("ended-unparseable", _set(("session", "ended_at"), "gisteren"), "session.ended_at"),
    (
        "sharing-answered-unparseable",
        _set(("session", "info", "share_case_question_at"), "gisteren"),
        "session.info.share_case_question_at",
    ),
    (
        "takeaway-answered-unparseable",
        _set(("session", "info", "share_takeaway_at"), "12:00"),
        "session.info.share_takeaway_at",
    ),
    (
        "created-year-9999",
        _set(("session", "created_at"), "9999-12-31T23:00:00+01:00"),
        "session.created_at",
    ),
    (
        "time-without-offset",
        _set(("notes", 0, "created_at"), "2026-10-12T19:00:50"),
        "notes[1].created_at",
    ),
    ("timer-far-future", _set(("events", 0, "at"), 1e15), "events[1].at"),
    ("timer-before-1970", _set(("events", 0, "at"), -86400.0), "events[1].at"),
    (
        "timer-adjust-of-ages",
        _append("events", lambda a: {**TIMER, "seconds": 1e300}),
        "events[30].seconds",
    ),
    ("timer-in-no-phase", _append("events", lambda a: {**TIMER, "phase": 40}), "events[30].phase"),
    ("turn-in-no-phase", _append("events", lambda a: {**TURN, "phase": 40}), "events[30].phase"),
    (
        "turn-order-nobody",
        _append("events", lambda a: {**TURN, "action": "order", "order": ["niemand"]}),
        "events[30].order",
    ),
    (
        "note-id-twice",
        _append("notes", lambda a: dict(a["notes"][0], text="tweede")),
        "notes[38].id",
    ),
    (
        "participant-id-twice",
        _append("participants", lambda a: dict(a["participants"][0], name="X")),
        "participants[13].id",
    ),
    ("note-in-no-phase", _set(("notes", 0, "phase"), 40), "notes[1].phase"),
    ("speaker-nobody", _set(("notes", 0, "speaker"), "niemand"), "notes[1].speaker"),
    ("hint-unknown", _set(("notes", 0, "hints"), ["verzonnen"]), "notes[1].hints"),
    ("due-not-a-date", _set(("notes", 0, "due"), "morgen"), "notes[1].due"),
    ("elapsed-5000-digits", _set(("notes", 0, "elapsed"), int("9" * 4000)), "notes[1].elapsed"),
    (
        "evaluation-by-nobody",
        _set(("evaluations", 0, "participant"), "niemand"),
        "evaluations[1].participant",
    ),
    (
        "evaluation-twice",
        _append("evaluations", lambda a: dict(a["evaluations"][0])),
        "evaluations[11].participant",
    ),
    (
        "acknowledgement-by-nobody",
        _set(("acknowledgements", 0, "participant"), "niemand"),
        "acknowledgements[1].participant",
    ),
    (
        "meeting-number-too-high",
        _set(("session", "info", "number"), 100_000),
        "session.info.number",
    ),
    (
        "meeting-date-impossible",
        _set(("session", "info", "date"), "2026-02-30"),
        "session.info.date",
    ),
]


@pytest.mark.parametrize(("change", "field"), [case[1:] for case in BAD], ids=[c[0] for c in BAD])
def test_an_archive_that_means_nothing_runnable_is_refused_by_field(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], field: str
) -> None:
    archive = sample()
    change(archive)
    path = tmp_path / "archief.json"
    path.write_text(json.dumps(archive), encoding="utf-8")
    store = Store(tmp_path / "store")
    Store(store.root).list_sessions()  # the store exists: its bytes are compared
    before = store_bytes(store.root)
    with pytest.raises(ArchiveError) as refused:
        import_archive(store, path)
    message = refused.value.message("en")
    assert f": {field}: " in message and "\n" not in message
    assert store_bytes(store.root) == before


def _deep(tmp_path: Path) -> Path:
    path = tmp_path / "diep.json"
    text = json.dumps(sample())
    path.write_text(text.replace('"overrides": []', '"overrides": ' + "[" * 50_000 + "]" * 50_000))
    return path


def _digits(tmp_path: Path) -> Path:
    path = tmp_path / "cijfers.json"
    path.write_text(json.dumps(sample()).replace('"elapsed": 50.0', '"elapsed": ' + "9" * 5000, 1))
    return path


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pijp.json"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (_deep, "nested too deeply"),
        (_digits, "too many digits"),
        (_fifo, "named pipe"),
        (lambda tmp_path: Path("/dev/zero"), "device"),
        (lambda tmp_path: tmp_path, "folder"),
    ],
    ids=["deep-nesting", "5000-digits", "fifo", "dev-zero", "folder"],
)
def test_files_that_are_no_archive_are_refused_in_one_line_by_the_command(
    tmp_path: Path, make: Callable[[Path], Path], said: str
) -> None:
    root = tmp_path / "store"
    Store(root).list_sessions()
    before = store_bytes(root)
    done = cli("--db", str(root), "--lang", "en", "import", str(make(tmp_path)))
    assert done.returncode == 1
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and said in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert store_bytes(root) == before


def test_a_hand_edited_store_file_that_means_nothing_runnable_is_set_aside(
    tmp_path: Path, clock: FakeClock
) -> None:
    archive = sample()
    path = tmp_path / "archief.json"
    path.write_text(json.dumps(archive), encoding="utf-8")
    store = Store(tmp_path / "store")
    session = import_archive(store, path)
    file = store.session_path(session.id)
    edited = file.read_text().replace('"timezone":"Europe/Brussels"', '"timezone":"Mars/Olympus"')
    assert edited != file.read_text()
    file.write_text(edited)
    with pytest.raises(DamagedFile) as damaged:
        LiveSession(Store(store.root), session.id, clock)
    assert "timezone" in damaged.value.message("en")
    assert damaged.value.moved_to is not None and damaged.value.moved_to.read_text() == edited
    assert not file.exists()


ANSWER = {"member": "niemand", "at": "2026-12-01T20:00:00+01:00"}
NETWORK_BAD = [
    ("member-id-twice", _append("members", lambda a: {**a["members"][0]}), "members[13].id"),
    ("track-date-impossible", _set(("track", 0, "date"), "2026-02-30"), "track[1].date"),
    ("track-number-twice", _append("track", lambda a: dict(a["track"][0])), "track[7].number"),
    ("created-no-time", _set(("network", "created_at"), "ooit"), "network.created_at"),
    ("by-nobody", _append("final_evaluation", lambda a: ANSWER), "final_evaluation[1].member"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"), [case[1:] for case in NETWORK_BAD], ids=[c[0] for c in NETWORK_BAD]
)
def test_a_network_that_means_nothing_runnable_is_refused_by_field(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], field: str
) -> None:
    """The same gate for a network's file: what the app would trip over is named."""
    archive = json.loads((NETWORKS / "zoco-oost-vlaanderen.json").read_text(encoding="utf-8"))
    change(archive)
    path = tmp_path / "netwerk.json"
    path.write_text(json.dumps(archive), encoding="utf-8")
    with pytest.raises(ArchiveError) as refused:
        read_network_archive(path)
    assert f": {field}: " in refused.value.message("en")


def test_a_fifo_in_place_of_a_session_file_is_named_not_waited_for(tmp_path: Path) -> None:
    """Reading a named pipe waits for a writer forever: `list` and `export` would hang."""
    path = tmp_path / "archief.json"
    path.write_text(json.dumps(sample()), encoding="utf-8")
    store = Store(tmp_path / "store")
    session = import_archive(store, path)
    file = store.session_path(session.id)
    file.unlink()
    os.mkfifo(file)
    for command in (["list"], ["export", session.id, "-o", "-"]):
        done = cli("--db", str(store.root), "--lang", "en", *command)  # a hang fails by timeout
        assert done.returncode == 1
        assert "named pipe" in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr


# -- the property ---------------------------------------------------------------------------

ZONES = ["Europe/Brussels", "UTC", "America/St_Johns", "Asia/Kathmandu", "Etc/GMT+12"]
JUNK_ZONES = ["Mars/Olympus", "", "UTC+5", "../x", "Europe/Brussels\x00", "europe/brussels", "CET "]


def iso_times() -> st.SearchStrategy[str]:
    offsets = st.sampled_from(["+01:00", "+02:00", "Z", "", "-11:30", "+14:00"])
    return st.builds(
        lambda year, rest, offset: f"{year:04d}{rest}{offset}",
        st.integers(1, 9999),
        st.sampled_from(["-10-12T19:00:50", "-02-29T00:00:00", "-12-31T23:59:59.999999", "-01-01"]),
        offsets,
    ) | st.sampled_from(["gisteren", "", "2026-13-01T00:00:00+01:00", "1e9"])


def values(archive: dict[str, Any], like: Any) -> st.SearchStrategy[Any]:
    """Values to put where `like` stands: mostly of its type (to pass the type checks and
    reach the checks of meaning), now and then anything."""
    ids = [p["id"] for p in archive["participants"]] + [n["id"] for n in archive["notes"]]
    texts = st.one_of(
        iso_times(),
        st.sampled_from(ZONES + JUNK_ZONES),
        st.sampled_from([*ids, "niemand", ""]),
        st.text(max_size=20),
    )
    numbers = st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(min_value=-1e10, max_value=1e13),
        st.integers(-3, 40),
        st.integers(-(10**30), 10**30),
    )
    lists = st.lists(st.sampled_from([*ids, "closed", "why", "x"]), max_size=3)
    if isinstance(like, str):
        typed = texts
    elif isinstance(like, bool):
        typed = st.booleans()
    elif isinstance(like, int | float):
        typed = numbers
    elif isinstance(like, list):
        typed = lists
    else:
        typed = texts | numbers
    anything = st.one_of(texts, numbers, lists, st.booleans(), st.none())
    return st.one_of(typed, typed, typed, typed, typed, anything)


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in an archive that holds a value, the texts of the method's phases aside."""
    if path[:3] == ("session", "method", "phases") and len(path) > 5:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    else:
        yield path


def get(archive: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        archive = archive[key]
    return archive


def put(archive: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        archive = archive[key]
    archive[path[-1]] = value


@st.composite
def archives(draw: st.DrawFn) -> dict[str, Any]:
    """A sample meeting, its status drawn, a few values replaced, records doubled or dropped."""
    archive = sample(draw(st.sampled_from(["20261012-demo", "20260914-demo", "20260608-demo"])))
    status = draw(st.sampled_from(["setup", "running", "ended"]))
    archive["session"]["status"] = status
    if status != "ended":
        archive["session"].pop("ended_at", None)
    for _ in range(draw(st.integers(0, 3))):
        what = draw(st.sampled_from(["replace", "replace", "double", "drop"]))
        table = draw(st.sampled_from(["participants", "notes", "events", "evaluations"]))
        if what == "replace":
            places = [p for p in leaves(archive) if p not in (("format",), ("version",))]
            place = draw(st.sampled_from(places))
            put(archive, place, draw(values(archive, get(archive, place))))
        elif archive[table] and what == "double":
            record = copy.deepcopy(draw(st.sampled_from(archive[table])))
            if "id" in record and draw(st.booleans()):
                record["id"] = f"kopie-{len(archive[table])}"  # a second record, not a second id
            archive[table].append(record)
        elif archive[table]:
            archive[table].pop(draw(st.integers(0, len(archive[table]) - 1)))
    return archive


def imported(archive: dict[str, Any], folder: Path) -> tuple[Store, str] | None:
    """The archive imported into a fresh store; None (with the store untouched) if refused."""
    store = Store(folder / "store")
    store.list_sessions()
    before = store_bytes(store.root)
    path = folder / "archief.json"
    path.write_text(json.dumps(archive), encoding="utf-8")
    try:
        session = import_archive(store, path)
    except ArchiveError as refusal:
        assert "\n" not in refusal.message("nl")
        assert store_bytes(store.root) == before
        return None
    return store, session.id


def _with(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    archive = sample()
    change(archive)
    return archive


# What the app crashed on before import checked meaning: tried first, every run.
CRASHED_BEFORE = [
    _with(_set(("session", "timezone"), "Mars/Olympus")),
    _with(_set(("session", "ended_at"), "gisteren")),
    _with(_set(("events", 0, "at"), 1e15)),
]


PROPERTY = settings(
    max_examples=int(os.environ.get("ARCHIVE_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@PROPERTY
@example(archive=CRASHED_BEFORE[0])
@example(archive=CRASHED_BEFORE[1])
@example(archive=CRASHED_BEFORE[2])
@given(archive=archives())
def test_every_archive_import_accepts_exports_for_both_audiences_and_takes_a_note(
    archive: dict[str, Any],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        result = imported(archive, Path(folder))
        if result is None:
            return
        store, session_id = result
        clock = FakeClock()
        live = LiveSession(Store(store.root), session_id, clock)
        for audience in Audience:
            for lang in ("nl", "en"):
                assert build_report(live.session, clock, lang, audience)
        for audience in Audience:  # and as `sessie-tui export` writes it
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                status = run(["--db", str(store.root), "export", session_id, "-o", "-",
                              "--audience", audience.value])  # fmt: skip
            assert status == 0 and out.getvalue(), err.getvalue()
        for phase in range(len(live.session.phases)):
            live.timer(phase).remaining()
        if live.session.status is SessionStatus.ENDED:  # the facilitator reopens it first
            with pytest.raises(RuleViolation, match="ended"):
                live.add_note(NoteDraft(NEW_NOTE, author="p-nieuw"))
            live.reopen()
        note = live.add_note(NoteDraft(NEW_NOTE, author="p-nieuw"))
        again = LiveSession(Store(store.root), session_id, clock)  # and it reads back
        assert again.session.notes[note.id].text == NEW_NOTE


async def _every_screen(store: Store, session_id: str) -> None:
    from sessie_tui.screens.confidentiality import ConfidentialityScreen
    from sessie_tui.screens.end import EndScreen
    from sessie_tui.screens.notes import NotesScreen
    from sessie_tui.screens.phase import PhaseScreen
    from sessie_tui.screens.report import ReportScreen
    from sessie_tui.screens.setup import SetupScreen

    clock = FakeClock()
    app = create_app(store=store, config=Config(lang="nl", timezone=TIMEZONE), clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the home screen lists it
        live = LiveSession(store, session_id, clock)
        source = session_report_source(live.session, clock, "nl")
        screens = [SetupScreen(live), ConfidentialityScreen(live), EndScreen(live)]
        screens += [ReportScreen(source, audience) for audience in Audience]
        for screen in screens:
            await app.push_screen(screen)
            await pilot.pause()
            app.pop_screen()
        for phase in range(len(live.session.phases)):
            # Each phase's screen, as the facilitator sees it when the session stands there.
            live.session.phase_changes.append(PhaseChange(live.now(), phase))
            for screen in (PhaseScreen(live), NotesScreen(live, "p-nieuw")):
                await app.push_screen(screen)
                await pilot.pause()
                app.pop_screen()
        live.refresh()
        if live.session.status is SessionStatus.ENDED:  # the facilitator reopens it first
            live.reopen()
        await app.push_screen(PhaseScreen(LiveSession(store, session_id, clock)))
        await pilot.pause()
        await pilot.press("n")
        await type_text(pilot, NEW_NOTE)
        await pilot.press("enter")
        await pilot.pause()
    texts = [note.text for note in LiveSession(store, session_id, clock).session.notes.values()]
    assert NEW_NOTE in texts


SCREENS = settings(PROPERTY, max_examples=int(os.environ.get("ARCHIVE_SCREEN_EXAMPLES", "4")))
"""Each example drives the app through a score of screens: a few seconds each, more on a
loaded machine. `ARCHIVE_SCREEN_EXAMPLES=50` runs a longer search."""


@pytest.mark.slow  # runs the app on every screen, for many archives
@SCREENS
@example(archive=CRASHED_BEFORE[0])
@example(archive=CRASHED_BEFORE[1])
@example(archive=CRASHED_BEFORE[2])
@given(archive=archives())
def test_every_archive_import_accepts_opens_on_every_screen_and_takes_a_note(
    archive: dict[str, Any],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        result = imported(archive, Path(folder))
        if result is None:
            return
        store, session_id = result
        try:
            asyncio.run(_every_screen(Store(store.root), session_id))
        except UserFacingError as error:  # said on screen is fine; a crash is not
            pytest.fail(f"unexpected refusal: {error}")

"""A failed save (issue 12): an outbox, not a merge; quitting keeps what is unsaved.

Saves are made to fail the way `test_damaged_stores` does (a full disk, a
read-only sessions folder: as root, permission bits would not stop a write).
Each note typed while the store cannot be written waits in a visible outbox,
the field free at once; once the store can be written again the notes are
saved by themselves, in order, each once, with the time they were typed.
Quitting with anything unsaved asks first and keeps it in a private recovery
file that the next start offers to restore. A session file removed or
garbled under the running app is written anew from what the app holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from test_damaged_stores import DAMAGES, damage, full_disk, kept, refuse_writes_in

from sessie_tui.app import SessieApp, create_app
from sessie_tui.config import Config
from sessie_tui.domain.clock import FakeClock
from sessie_tui.live import LiveSession
from sessie_tui.screens import writing
from sessie_tui.screens.dialogs import Choose, Confirm
from sessie_tui.screens.notes import NotesScreen
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.screens.session_picker import SessionPicker
from sessie_tui.storage import atomic
from sessie_tui.storage.store import Store

from conftest import acknowledge_all
from driving import notifications, type_text

NewSession = Callable[..., LiveSession]
MakeApp = Callable[..., SessieApp]
QUESTIONS = 2
FAILURES = [
    pytest.param(lambda mp, store: full_disk(mp), id="full-disk"),
    pytest.param(lambda mp, store: refuse_writes_in(mp, store.sessions_dir), id="read-only"),
]


def stored_notes(store: Store, session_id: str, clock: FakeClock) -> list[tuple[str, str, int]]:
    """(text, created_at, phase) of every note, as a fresh process reads them."""
    live = LiveSession(Store(store.root), session_id, clock)
    return [(n.text, n.created_at, n.phase) for n in live.session.live_notes()]


def shown_text(app: SessieApp, selector: str) -> str:
    widget = app.screen.query_one(selector)
    return str(widget.render()) if widget.display else ""


@pytest.fixture
def running(new_session: NewSession) -> LiveSession:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(QUESTIONS)
    return live


@pytest.mark.parametrize("simulate", FAILURES)
async def test_notes_typed_while_saves_fail_wait_and_are_saved_each_once_in_order(
    running: LiveSession,
    store: Store,
    clock: FakeClock,
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
    simulate: Callable[[pytest.MonkeyPatch, Store], None],
) -> None:
    path = store.session_path(running.id)
    before = path.read_bytes()
    app = make_app(open_session=running.id)
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        field = app.screen.query_one("#note-input")
        simulate(monkeypatch, store)
        await pilot.press("n")
        await type_text(pilot, "B")
        typed_b = running.now()
        await pilot.press("enter")
        await pilot.pause()
        assert field.value == ""  # type: ignore[attr-defined]
        assert "1 notitie wacht om bewaard te worden" in shown_text(app, "#note-outbox")
        clock.advance(30)
        await type_text(pilot, "C")
        typed_c = running.now()
        await pilot.press("enter")
        await pilot.pause()
        assert field.value == ""  # type: ignore[attr-defined]
        waiting = shown_text(app, "#note-outbox")
        assert "2 notities wachten om bewaard te worden" in waiting
        assert "B" in waiting and "C" in waiting
        assert path.read_bytes() == before
        assert len([m for m in shown if str(path) in m]) == 1  # said once, not at every try
        clock.advance(30)
        monkeypatch.undo()  # room again, writable again
        await pilot.pause(2.5)  # the outbox is tried again by itself
        assert shown_text(app, "#note-outbox") == ""
    assert stored_notes(store, running.id, clock) == [
        ("B", typed_b, QUESTIONS),
        ("C", typed_c, QUESTIONS),
    ]


async def test_a_save_that_reached_the_disk_before_its_error_is_not_saved_twice(
    running: LiveSession,
    store: Store,
    clock: FakeClock,
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_fsync_dir = atomic.fsync_dir
    failures = [OSError(5, "Input/output error")]

    def fails_once_after_writing(folder: Path) -> None:
        real_fsync_dir(folder)
        if failures:  # the note is on disk; the error comes after
            raise failures.pop()

    monkeypatch.setattr(atomic, "fsync_dir", fails_once_after_writing)
    # Only the next note tries the outbox again: a periodic retry falling between the
    # failure and the look at the screen (likely on a loaded machine) would empty it.
    monkeypatch.setattr(writing, "RETRY_SECONDS", 3600.0)
    app = make_app(open_session=running.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await type_text(pilot, "Eenmaal")
        await pilot.press("enter")
        await pilot.pause()
        assert "1 notitie wacht" in shown_text(app, "#note-outbox")
        await type_text(pilot, "Daarna")
        await pilot.press("enter")
        await pilot.pause()
        assert shown_text(app, "#note-outbox") == ""
    assert [text for text, _, _ in stored_notes(store, running.id, clock)] == [
        "Eenmaal",
        "Daarna",
    ]


async def test_the_note_takers_view_never_says_saved_beside_an_error(
    running: LiveSession, store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(
        store=Store(store.root), config=Config(), clock=clock, notes=True, author="Sofie Claes"
    )
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionPicker)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        await type_text(pilot, "eerste")
        await pilot.press("enter")
        await pilot.pause()
        assert "✓ Bewaard" in shown_text(app, "#note-status")
        full_disk(monkeypatch)
        await type_text(pilot, "tweede")
        await pilot.press("enter")
        await pilot.pause()
        assert "✓" not in shown_text(app, "#note-status")
        assert "Niet bewaard" in shown_text(app, "#note-status")
        assert "1 notitie wacht" in shown_text(app, "#note-outbox")
        assert len([m for m in shown if "De schijf is vol" in m]) == 1  # said once
        assert app.screen.query_one("#note-input").value == ""  # type: ignore[attr-defined]
        monkeypatch.undo()
        await pilot.pause(2.5)
        assert "✓ Bewaard" in shown_text(app, "#note-status")
    texts = [text for text, _, _ in stored_notes(store, running.id, clock)]
    assert texts == ["eerste", "tweede"]


async def test_quitting_with_unsaved_notes_asks_keeps_them_privately_and_the_next_start_restores(
    running: LiveSession,
    store: Store,
    clock: FakeClock,
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(open_session=running.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        refuse_writes_in(monkeypatch, store.sessions_dir)
        await pilot.press("n")
        await type_text(pilot, "in de wachtrij")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "nog in het veld")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)  # asked, not quit
        question = str(app.screen.query_one(".dialog-question").render())
        assert "2 notities zijn nog niet bewaard" in question
        await pilot.press("right", "enter")
        await pilot.pause()
    assert app.return_code is not None  # it quit
    folder = store.root / "recovery"
    (kept_file,) = folder.iterdir()
    assert folder.stat().st_mode & 0o777 == 0o700
    assert kept_file.stat().st_mode & 0o777 == 0o600
    texts = [note["text"] for note in json.loads(kept_file.read_bytes())["notes"]]
    assert texts == ["in de wachtrij", "nog in het veld"]
    monkeypatch.undo()
    assert stored_notes(store, running.id, clock) == []

    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, Choose)  # offered at start
        await pilot.press("enter")  # restore (the first choice)
        await pilot.pause()
        await pilot.press("ctrl+q")  # nothing unsaved: quits without asking
        await pilot.pause()
    assert again.return_code is not None
    assert [text for text, _, phase in stored_notes(store, running.id, clock)] == [
        "in de wachtrij",
        "nog in het veld",
    ]
    assert {phase for _, _, phase in stored_notes(store, running.id, clock)} == {QUESTIONS}
    assert list(folder.iterdir()) == []  # handled: removed


@pytest.mark.parametrize("how", ["removed", "garbled"])
async def test_a_session_file_removed_or_garbled_under_the_app_is_written_anew(
    running: LiveSession, store: Store, clock: FakeClock, make_app: MakeApp, how: str
) -> None:
    path = store.session_path(running.id)
    app = make_app(open_session=running.id)
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await type_text(pilot, "eerder")
        await pilot.press("enter")
        await pilot.pause()
        if how == "removed":
            path.unlink()
        else:
            bad = damage(path, DAMAGES["garbage"][0])
        await pilot.pause(1.2)  # a few ticks of the phase screen
        assert isinstance(app.screen, PhaseScreen)
        await type_text(pilot, "daarna")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#note-input").value == ""  # type: ignore[attr-defined]
        assert shown_text(app, "#note-outbox") == ""
    told = [m for m in shown if str(path) in m and "opnieuw geschreven" in m]
    assert len(told) == 1
    if how == "garbled":
        assert kept(store, path.name) == [bad]
        assert "beschadigd" in told[0] and str(store.root / "damaged") in told[0]
    live = LiveSession(Store(store.root), running.id, clock)
    assert [n.text for n in live.session.live_notes()] == ["eerder", "daarna"]
    assert live.session.current_phase == QUESTIONS
    assert len(live.session.present()) == len(running.session.present())


async def test_a_waiting_note_outlives_its_phase_screen_and_keeps_its_phase(
    running: LiveSession,
    store: Store,
    clock: FakeClock,
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(open_session=running.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = app.screen
        full_disk(monkeypatch)
        await pilot.press("n")
        await type_text(pilot, "nog in de vragenronde")
        await pilot.press("enter")
        await pilot.pause()
        monkeypatch.undo()
        await pilot.press("escape", "pagedown")  # on to the next phase at once
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen) and app.screen is not first
        assert app.screen.phase_index == QUESTIONS + 1
        await pilot.pause(2.5)
        assert shown_text(app, "#note-outbox") == ""
    assert [(text, phase) for text, _, phase in stored_notes(store, running.id, clock)] == [
        ("nog in de vragenronde", QUESTIONS)
    ]


async def test_when_the_store_cannot_keep_them_the_state_folder_does(
    running: LiveSession,
    store: Store,
    clock: FakeClock,
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    app = make_app(open_session=running.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        with monkeypatch.context() as failing:
            refuse_writes_in(failing, store.sessions_dir)
            refuse_writes_in(failing, store.root / "recovery")
            await pilot.press("n")
            await type_text(pilot, "bewaar me ergens")
            await pilot.press("enter", "ctrl+q")
            await pilot.pause()
            assert isinstance(app.screen, Confirm)
            await pilot.press("right", "enter")
            await pilot.pause()
    assert app.return_code is not None
    (kept_file,) = (tmp_path / "state").rglob("*.json")
    assert kept_file.stat().st_mode & 0o777 == 0o600
    assert kept_file.parent.stat().st_mode & 0o777 == 0o700
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, Choose)
        await pilot.press("enter")
        await pilot.pause()
    assert [text for text, _, _ in stored_notes(store, running.id, clock)] == ["bewaar me ergens"]
    assert not kept_file.exists()


async def test_leaving_the_session_with_a_note_waiting_keeps_it_aside(
    running: LiveSession, store: Store, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(open_session=running.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        full_disk(monkeypatch)
        await pilot.press("n")
        await type_text(pilot, "niet kwijt")
        await pilot.press("enter")
        await pilot.pause()
        monkeypatch.undo()
        refuse_writes_in(monkeypatch, store.sessions_dir)  # still not writable
        await pilot.press("escape", "escape")  # out of the field, then back to the list
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("left", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, PhaseScreen)
    (kept_file,) = (store.root / "recovery").iterdir()
    assert [note["text"] for note in json.loads(kept_file.read_bytes())["notes"]] == ["niet kwijt"]

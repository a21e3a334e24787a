"""Note-takers beside the facilitator: following the session, writing, owning their notes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.widgets import DataTable

from sessie_tui.app import create_app
from sessie_tui.config import Config
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.session import RuleViolation
from sessie_tui.live import SPEAKER_WITH_TURN, LiveSession, NoteDraft
from sessie_tui.screens.dialogs import Confirm, Prompt
from sessie_tui.screens.notes import NotesScreen
from sessie_tui.screens.session_picker import SessionPicker
from sessie_tui.storage.store import Store

from conftest import acknowledge_all

NewSession = Callable[..., LiveSession]


def two_terminals(new_session: NewSession, store: Store, clock: FakeClock):
    facilitator = new_session()
    acknowledge_all(facilitator)
    facilitator.start()
    note_taker = LiveSession(Store(store.root), facilitator.id, clock)
    return facilitator, note_taker


def test_a_note_lands_where_the_session_is_even_if_the_writer_has_not_looked(
    new_session: NewSession, store: Store, clock: FakeClock
) -> None:
    facilitator, note_taker = two_terminals(new_session, store, clock)
    facilitator.toggle_clock()
    facilitator.go_to_phase(2)
    clock.advance(75)
    facilitator.next_speaker()  # An has asked; now Sofie
    # The note-taker's process has not refreshed: it still thinks phase 1, nobody speaking.
    assert note_taker.session.current_phase == 0
    note = note_taker.add_note(
        NoteDraft("Wat deed je toen?", NoteKind.QUESTION, "p-sofie", SPEAKER_WITH_TURN)
    )
    assert (note.phase, note.speaker, round(note.elapsed)) == (2, "p-sofie", 75)
    assert note.created_at.startswith("2026-11-23T09:01:15+01:00")  # the facilitator's zone


def test_the_case_holder_is_refused_for_a_stale_writer_too(
    new_session: NewSession, store: Store, clock: FakeClock
) -> None:
    facilitator, note_taker = two_terminals(new_session, store, clock)
    facilitator.go_to_phase(6)  # the advice round: the case holder is silent
    with pytest.raises(RuleViolation):
        note_taker.add_note(NoteDraft("Ik zou...", NoteKind.ADVICE, "p-sofie", "p-bart"))


def test_only_the_author_changes_a_note_and_the_earlier_text_is_kept(
    new_session: NewSession, store: Store, clock: FakeClock
) -> None:
    facilitator, note_taker = two_terminals(new_session, store, clock)
    mine = note_taker.add_note(NoteDraft("eerste", author="p-sofie"))
    theirs = facilitator.add_note(NoteDraft("van An", author="p-an"))
    note_taker.edit_note(mine.id, "tweede", editor="p-sofie")
    note_taker.edit_note(mine.id, "derde", editor="p-sofie")
    with pytest.raises(RuleViolation):
        note_taker.edit_note(theirs.id, "overschreven", editor="p-sofie")
    with pytest.raises(RuleViolation):
        note_taker.delete_note(theirs.id, editor="p-sofie")
    facilitator.refresh()
    edited = facilitator.session.notes[mine.id]
    assert edited.text == "derde"
    assert [r.text for r in edited.history] == ["eerste", "tweede"]
    assert facilitator.session.notes[theirs.id].text == "van An"


def test_an_edit_works_on_the_stored_note_not_a_stale_copy(
    new_session: NewSession, store: Store, clock: FakeClock
) -> None:
    facilitator, note_taker = two_terminals(new_session, store, clock)
    note = note_taker.add_note(NoteDraft("advies", NoteKind.ADVICE, "p-sofie", "p-els"))
    facilitator.refresh()
    facilitator.set_taken_along(note.id, True)
    note_taker.edit_note(note.id, "advies, scherper", editor="p-sofie")  # not refreshed
    facilitator.refresh()
    stored = facilitator.session.notes[note.id]
    assert stored.taken_along and stored.text == "advies, scherper"


async def test_the_note_takers_view_follows_the_facilitator(
    new_session: NewSession, store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    facilitator, _ = two_terminals(new_session, store, clock)
    app = create_app(
        store=Store(store.root), config=Config(), clock=clock, notes=True, author="Sofie Claes"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionPicker)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        assert "Fase 1/9" in str(screen.query_one("#follow-phase").render())
        facilitator.go_to_phase(2)
        await pilot.pause(0.5)  # within a second
        assert "Fase 3/9" in str(screen.query_one("#follow-phase").render())
        assert "An Peeters" in str(screen.query_one("#follow-now").render())
        await pilot.press(*"Hoe ging dat?", "enter")
        await pilot.pause()
        facilitator.refresh()
        (note,) = list(facilitator.session.live_notes(2))
        assert (note.kind, note.speaker, note.author) == (NoteKind.QUESTION, "p-an", "p-sofie")
        # Own notes: the list, an edit, a deletion.
        await pilot.press("escape")
        assert isinstance(screen.focused, DataTable)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        await pilot.press("ctrl+u", *"Hoe ging dat verder?", "enter")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("left", "enter")
        await pilot.pause()
    facilitator.refresh()
    note = facilitator.session.notes[note.id]
    assert note.deleted and note.text == "Hoe ging dat verder?"
    assert [r.text for r in note.history] == ["Hoe ging dat?"]


async def test_the_note_taker_cannot_steer_the_session(
    new_session: NewSession, store: Store, clock: FakeClock
) -> None:
    facilitator, _ = two_terminals(new_session, store, clock)
    app = create_app(
        store=Store(store.root),
        config=Config(),
        clock=clock,
        notes=True,
        author="Sofie Claes",
        open_session=facilitator.id,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape", "space", "right", "plus", "t", "e")
        await pilot.pause()
    facilitator.refresh()
    assert facilitator.session.current_phase == 0
    assert not facilitator.session.timer_events
    assert not facilitator.session.turns(0).spoken


async def test_keys_that_arrive_in_one_burst_make_each_note_once(
    new_session: NewSession, store: Store, clock: FakeClock
) -> None:
    """Over SSH, in a browser tab or from tmux, keys come in bursts: Enter must still end
    the note it follows, not the whole burst (which was saved once per Enter)."""
    facilitator, _ = two_terminals(new_session, store, clock)
    app = create_app(
        store=Store(store.root), config=Config(), clock=clock, notes=True, author="Sofie Claes"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the session in progress
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        for text in ("eerste", "tweede", "derde"):
            for key in (*text, "enter"):
                app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause(0.3)
        # As a terminal sends it: line breaks as carriage returns.
        app.post_message(events.Paste("een alinea\ruit een mail\r\nin drie regels"))
        await pilot.press("enter")
        await pilot.pause()
    facilitator.refresh()
    assert [note.text for note in facilitator.session.live_notes()] == [
        "eerste",
        "tweede",
        "derde",
        "een alinea\nuit een mail\nin drie regels",  # a paste keeps all its lines
    ]

"""The facilitator's keys in the room: turns, hints, refusals, reflection, evaluation, bell."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sessie_tui.app import SessieApp
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.screens.action_point import ActionPointDialog
from sessie_tui.screens.dialogs import Choose, Prompt
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.storage.store import Store

from conftest import acknowledge_all
from driving import notifications, type_text

MakeApp = Callable[..., SessieApp]
NewSession = Callable[..., LiveSession]
QUESTIONS, ADVICE, REFLECTION, EVALUATION = 2, 6, 7, 8


def stored(store: Store, live: LiveSession) -> LiveSession:
    return LiveSession(Store(store.root), live.id, live.clock)


def at_phase(new_session: NewSession, phase: int) -> LiveSession:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(phase)
    return live


async def test_turns_move_with_the_keys_and_questions_go_to_the_speaker(
    make_app: MakeApp, new_session: NewSession, store: Store
) -> None:
    live = at_phase(new_session, QUESTIONS)
    app = make_app(open_session=live.id)
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "An Peeters" in str(app.screen.query_one("#speaker-now").render())
        await pilot.press("n")
        await type_text(pilot, "Heb je al overwogen te bellen?")
        await pilot.press("enter")
        await pilot.pause()
        # Flagged, not blocked: said under the note field, where no toast covers the
        # field or the queue of speakers at 80x24.
        status = str(app.screen.query_one("#note-status").render())
        assert "verborgen advies" in status
        assert not any("verborgen advies" in message for message in shown)
        await pilot.press("escape", "t")  # stop writing, next speaker
        await pilot.pause()
        assert "Sofie Claes" in str(app.screen.query_one("#speaker-now").render())
        await pilot.press("s", "a")  # Sofie skips; Dries goes to the back
        await pilot.pause()
    session = stored(store, live).session
    (question,) = list(session.live_notes(QUESTIONS))
    assert (question.kind, question.speaker) == (NoteKind.QUESTION, "p-an")
    assert question.hints == ("closed", "hidden_advice")
    queue = session.turns(QUESTIONS)
    assert (queue.spoken, queue.skipped, queue.waiting) == (
        ["p-an"],
        ["p-sofie"],
        ["p-els", "p-dries"],
    )


async def test_the_case_holder_is_refused_in_the_advice_round(
    make_app: MakeApp, new_session: NewSession, store: Store
) -> None:
    live = at_phase(new_session, ADVICE)
    app = make_app(open_session=live.id)
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        # Whoever has the turn, no one in particular, An, then Bart: the case holder.
        await pilot.press("home", "down", "down", "down", "enter")
        await pilot.pause()
        await type_text(pilot, "Ik zou het anders doen")
        await pilot.press("enter")
        await pilot.pause()
        field = app.screen.query_one("#note-input")
        assert field.value == "Ik zou het anders doen"  # kept for the user, not lost  # type: ignore[attr-defined]
    assert list(stored(store, live).session.live_notes(ADVICE)) == []
    assert any("Bart De Smet" in m and "reageert niet" in m for m in shown)


async def test_reflection_marks_advice_takeaway_and_action_points(
    make_app: MakeApp, new_session: NewSession, store: Store
) -> None:
    live = at_phase(new_session, ADVICE)
    live.add_note(NoteDraft("Bel de ouders", NoteKind.ADVICE, "p-sofie", "p-els"))
    live.add_note(NoteDraft("Vraag het CLB", NoteKind.ADVICE, "p-sofie", "p-dries"))
    live.next_phase()
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "m")  # take along the second advice
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        await type_text(pilot, "Eerst luisteren")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#no")  # not for those who were absent
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionPointDialog)
        await type_text(pilot, "Ouders bellen")
        await pilot.press("tab", "tab")  # the owner proposed is the case holder
        await type_text(pilot, "30/11/2026")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
    session = stored(store, live).session
    taken = [n.text for n in session.live_notes() if n.taken_along]
    assert taken == ["Vraag het CLB"]
    assert session.info.takeaway == "Eerst luisteren"
    (action,) = [n for n in session.live_notes() if n.kind is NoteKind.ACTION]
    assert (action.text, action.owner, action.due) == ("Ouders bellen", "p-bart", "2026-11-30")
    assert action.phase == REFLECTION


async def test_evaluation_records_a_score_and_remark_per_present_participant(
    make_app: MakeApp, new_session: NewSession, store: Store
) -> None:
    live = at_phase(new_session, EVALUATION)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "5")  # An 4, Bart 5; the cursor moves on by itself
        await pilot.press("up", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        await type_text(pilot, "Sterk")
        await pilot.press("enter")
        await pilot.pause()
        summary = str(app.screen.query_one("#evaluation-summary").render())
        assert "4,5" in summary and "2 van 5" in summary
    evaluations = stored(store, live).session.evaluations
    assert {p: (e.score, e.remark) for p, e in evaluations.items()} == {
        "p-an": (4, ""),
        "p-bart": (5, "Sterk"),
    }


async def test_the_bell_rings_once_at_zero_and_can_be_switched_off(
    make_app: MakeApp, new_session: NewSession, clock: FakeClock
) -> None:
    live = at_phase(new_session, 3)  # two minutes
    live.toggle_clock()
    app = make_app(open_session=live.id)
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(110)
        await pilot.pause(0.3)
        assert rings == []
        clock.advance(20)
        await pilot.pause(0.3)
        clock.advance(30)
        await pilot.pause(0.3)
        assert rings == [1]
        assert "+0:" in app.screen.query_one("#clock-digits").value  # type: ignore[attr-defined]
        await pilot.press("b")  # the bell off for next time
        await pilot.pause()
        assert app.context.config.bell is False


async def test_the_owner_list_stays_inside_the_dialog_at_80x24(
    make_app: MakeApp, new_session: NewSession
) -> None:
    live = new_session()
    for name in ("Ilse", "Katrien", "Nathalie", "Pieter", "Yasmina", "Emre", "Griet"):
        live.add_participant(name)  # a room of twelve, as in the demo
    acknowledge_all(live)
    live.go_to_phase(REFLECTION)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionPointDialog)
        await pilot.press("tab", "enter")  # to the owner, open the list
        await pilot.pause()
        overlay = app.screen.query_one("#action-owner > SelectOverlay")
        assert overlay.display and overlay.region.height > 0
        footer_row = app.size.height - 1
        assert overlay.region.bottom <= footer_row, overlay.region
        assert app.screen.query_one("#dialog").region.contains_region(overlay.region)


async def test_a_turn_phase_is_laid_out_for_the_window_from_its_first_frame(
    make_app: MakeApp, new_session: NewSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = at_phase(new_session, QUESTIONS - 1)
    app = make_app(open_session=live.id)
    first_layouts: list[set[str]] = []
    refresh_layout = PhaseScreen._refresh_layout

    def spy(screen: PhaseScreen, *args: object, **kwargs: object) -> None:
        first_layouts.append(set(screen.classes))
        refresh_layout(screen, *args, **kwargs)  # type: ignore[arg-type]

    # The first layout of each phase screen is what the first frame shows.
    monkeypatch.setattr(PhaseScreen, "_refresh_layout", spy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first_layouts.clear()
        await pilot.press("right")  # into the questioning round, with its turns
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen) and app.screen.phase_index == QUESTIONS
    assert first_layouts, "no layout seen"
    assert {"-narrow", "-short"} <= first_layouts[0], first_layouts[0]


async def test_a_fair_order_once_someone_has_spoken_says_why_it_is_refused(
    make_app: MakeApp, new_session: NewSession, store: Store
) -> None:
    live = at_phase(new_session, QUESTIONS)
    app = make_app(open_session=live.id)
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t", "o")  # the first speaker has spoken; then a new order
        await pilot.pause()
    assert any("ligt vast" in message for message in shown), shown
    assert stored(store, live).session.turns(QUESTIONS).spoken == ["p-an"]


async def test_the_notes_panel_follows_the_newest_note_and_stays_open(
    make_app: MakeApp, new_session: NewSession, store: Store
) -> None:
    live = at_phase(new_session, QUESTIONS)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        other = stored(store, live)  # a note-taker at another terminal
        for number in range(1, 16):
            other.add_note(NoteDraft(f"notitie nummer {number}", NoteKind.NOTE, author="p-sofie"))
        await pilot.pause(0.6)  # a tick or two: the panel reads the store
        await pilot.pause()
        panel = app.screen.query_one("#notes-panel")
        shown = app.screen.query_one("#notes-list")
        assert panel.scroll_y == panel.max_scroll_y > 0
        assert "notitie nummer 15" in str(shown.render())
        await pilot.press("shift+up")
        await pilot.pause()
        assert panel.scroll_y < panel.max_scroll_y
        await pilot.press("right")  # the next phase: the panel is still open
        await pilot.pause()
        assert app.screen.query_one("#notes-panel").display

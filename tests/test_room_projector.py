"""The projector while the room is shared: counts, never texts; reveal; one truth for
every view (the stored phase and status); the note-taker's view at the end."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from dataclasses import replace

from sessie_tui.app import SessieApp, create_app
from sessie_tui.config import Config
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.method import PhaseKind
from sessie_tui.domain.session import SessionInfo
from sessie_tui.live import LiveSession, create_session
from sessie_tui.methods import MethodLibrary
from sessie_tui.room.state import RoomFile
from sessie_tui.screens.dialogs import Choose
from sessie_tui.screens.end import EndScreen
from sessie_tui.screens.notes import NotesScreen
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.storage.store import Store

from conftest import TIMEZONE, acknowledge_all, participants

MakeApp = Callable[..., SessieApp]
SECRET = "Ik zou de ouders meteen bellen"


def written_session(store: Store, clock: FakeClock, methods: MethodLibrary) -> LiveSession:
    """The incident method with its written rounds marked "write first, reveal together";
    the case holder listens in silence in the second one."""
    method = methods.get("incidentmethode")
    phases = tuple(
        replace(p, written=True, written_names=False, case_holder_silent=i > 0)
        if p.kind is PhaseKind.WRITTEN_ROUND
        else p
        for i, p in enumerate(method.phases)
    )
    create_session(
        store,
        method=replace(method, phases=phases),
        clock=clock,
        lang="nl",
        info=SessionInfo(topic="Grenzen", date="2026-11-23"),
        participants=participants(),
        session_id="20261123-room",
        timezone=TIMEZONE,
    )
    live = LiveSession(store, "20261123-room", clock)
    acknowledge_all(live)
    return live


def written_phase(live: LiveSession) -> int:
    return max(i for i, p in enumerate(live.session.phases) if p.written)


def share(live: LiveSession) -> RoomFile:
    room = RoomFile(live.store, live.id, live.now)
    room.start_share()
    room.record_listening("127.0.0.1", 4242, ["http://127.0.0.1:4242"], os.getpid())
    return room


async def wait_for(pilot: object, condition: Callable[[], bool], seconds: float = 1.0) -> None:
    """Within `seconds`: what "follows within a second" means.

    Once it holds, the screen is let settle: a condition met by a screen that has
    only just replaced another (a phase change) can be seen before that screen has
    mounted, and a test that ends then tears it down while Textual's Header still
    has its title to set (NoMatches at shutdown: CI failed on it once).
    """
    for _ in range(int(seconds / 0.05)):
        if condition():
            await pilot.pause()  # type: ignore[attr-defined]
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    assert condition()


def screen_lines(app: SessieApp) -> list[str]:
    """The screen as it is drawn, one string per row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def status_line(app: SessieApp) -> str:
    return str(app.screen.query_one("#note-status").render())


async def test_the_room_line_counts_writers_and_ready_ones_and_shows_no_text(
    make_app: MakeApp, store: Store, clock: FakeClock, methods: MethodLibrary
) -> None:
    live = written_session(store, clock, methods)
    phase = written_phase(live)
    live.go_to_phase(phase)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "⌂" not in status_line(app)  # not shared: no room line
        room = share(live)
        room.write_card(phase, "p-dries", SECRET)
        room.write_card(phase, "p-els", "Ik zou eerst luisteren")
        room.set_ready(phase, "p-els", True)
        # Five present; the case holder (Bart) listens in silence here: four write.
        await wait_for(pilot, lambda: "2 van 4 geschreven" in status_line(app))
        assert any(
            "⌂ 2 van 4 geschreven, zonder namen · 1 van 5 klaar" in line
            for line in screen_lines(app)
        )
        assert "zonder namen" in status_line(app)  # as the method says, until changed
        assert not any(SECRET in line for line in screen_lines(app))
        await pilot.press("l")  # the notes panel: no card in it before the reveal
        await pilot.pause()
        assert not any("bellen" in line for line in screen_lines(app))
        await pilot.press("h")  # names shown after all
        await wait_for(pilot, lambda: "met namen" in status_line(app))
        assert room.read().phases[phase].names_shown is True


async def test_the_anonymous_evaluation_is_counted_then_summed_up(
    make_app: MakeApp, new_session: Callable[..., LiveSession]
) -> None:
    live = new_session()
    acknowledge_all(live)
    evaluation = next(
        i for i, p in enumerate(live.session.phases) if p.kind is PhaseKind.EVALUATION
    )
    live.go_to_phase(evaluation)
    room = share(live)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for person, score in zip(("p-dries", "p-els", "p-sofie"), (4, 5, 3), strict=True):
            room.cast_ballot(person, score, "")
        await wait_for(pilot, lambda: "3 van 5 antwoorden" in status_line(app))
        assert "gemiddeld" not in status_line(app)  # open: no result yet
        room.close_evaluation()
        await wait_for(pilot, lambda: "gemiddeld 4,0" in status_line(app))
        # Whole on the screen at 80 columns, not cut off at its end.
        assert any("gemiddeld 4,0 (1:0 2:0 3:1 4:1 5:1)" in line for line in screen_lines(app))


async def test_revealing_shows_every_card_at_once_without_names(
    make_app: MakeApp, store: Store, clock: FakeClock, methods: MethodLibrary
) -> None:
    live = written_session(store, clock, methods)
    phase = written_phase(live)
    live.go_to_phase(phase)
    room = share(live)
    room.write_card(phase, "p-dries", SECRET)
    room.write_card(phase, "p-els", "Ik zou eerst luisteren")
    app = make_app(open_session=live.id)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await wait_for(pilot, lambda: SECRET in "\n".join(screen_lines(app)), seconds=5)
        lines = "\n".join(screen_lines(app))
        assert SECRET in lines and "Ik zou eerst luisteren" in lines
        assert "Dries Maes" not in lines and "Els Janssens" not in lines
        assert "(onthuld)" in status_line(app)
    assert room.read().revealed(phase)


async def test_the_evaluation_key_closes_the_anonymous_evaluation(
    make_app: MakeApp, new_session: Callable[..., LiveSession]
) -> None:
    live = new_session()
    acknowledge_all(live)
    evaluation = next(
        i for i, p in enumerate(live.session.phases) if p.kind is PhaseKind.EVALUATION
    )
    live.go_to_phase(evaluation)
    room = share(live)
    room.cast_ballot("p-dries", 4, "Fijn")
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await wait_for(pilot, lambda: "gemiddeld 4,0" in status_line(app))
    assert room.read().evaluation_closed_at is not None


# -- one truth for every view ------------------------------------------------------------


def other_view(live: LiveSession) -> LiveSession:
    """A second facilitator view: another LiveSession on the same store, as another process."""
    return LiveSession(Store(live.store.root), live.id, live.clock)


async def test_a_view_follows_the_stored_phase_and_moves_on_from_it(
    make_app: MakeApp, new_session: Callable[..., LiveSession]
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(7)  # phase 8
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.phase_index == 7  # type: ignore[attr-defined]
        other_view(live).go_to_phase(6)  # view 1 moves back to phase 7
        await wait_for(pilot, lambda: getattr(app.screen, "phase_index", None) == 6)
        assert isinstance(app.screen, PhaseScreen)
        await pilot.press("right")  # view 2 moves to 8, from 7
        await pilot.pause()
        assert app.screen.phase_index == 7  # type: ignore[attr-defined]
    assert other_view(live).session.current_phase == 7


async def test_a_move_on_a_stale_screen_is_made_from_the_stored_phase(
    make_app: MakeApp, new_session: Callable[..., LiveSession]
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(7)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PhaseScreen)
        screen.refresh_live = lambda: False  # type: ignore[method-assign]  # the tick has not looked yet
        other_view(live).go_to_phase(6)
        del screen.refresh_live  # the key reads the store itself
        await pilot.press("right")
        await pilot.pause()
    assert other_view(live).session.current_phase == 7  # from 7 to 8, not from 8 to 9


async def test_a_view_goes_to_the_end_when_another_ended_the_meeting(
    make_app: MakeApp, new_session: Callable[..., LiveSession]
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(3)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        other_view(live).end()
        await wait_for(pilot, lambda: isinstance(app.screen, EndScreen))
        await pilot.pause()  # drawn whole before the app closes


def notes_app(store: Store, clock: FakeClock, session_id: str, author: str) -> SessieApp:
    return create_app(
        store=Store(store.root),
        config=Config(),
        clock=clock,
        notes=True,
        author=author,
        open_session=session_id,
    )


async def test_the_note_takers_view_says_the_meeting_ended(
    new_session: Callable[..., LiveSession], store: Store, clock: FakeClock
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(3)
    app = notes_app(store, clock, live.id, "Sofie Claes")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        other_view(live).end()
        follow = app.screen.query_one("#follow-phase")
        await wait_for(pilot, lambda: "De bijeenkomst is afgelopen" in str(follow.render()))


async def test_a_note_after_the_end_is_refused_with_that_message(
    new_session: Callable[..., LiveSession], store: Store, clock: FakeClock
) -> None:
    from driving import notifications, type_text

    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(3)
    app = notes_app(store, clock, live.id, "Sofie Claes")
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        other_view(live).end()
        clock.advance(5)  # typed after the end (one typed before it is still kept)
        await pilot.pause(0.5)
        await type_text(pilot, "Te laat")
        await pilot.press("enter")
        await pilot.pause(0.5)
    assert any("afgelopen" in message for message in shown)
    assert not any(n.text == "Te laat" for n in other_view(live).session.notes.values())


# -- notes --as NAME ---------------------------------------------------------------------


async def test_notes_as_an_unknown_name_says_so_and_asks(
    new_session: Callable[..., LiveSession], store: Store, clock: FakeClock
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(3)
    app = notes_app(store, clock, live.id, "Anyone")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        question = str(app.screen.query_one(".dialog-question").render())
        assert "«Anyone» is geen deelnemer" in question
        await pilot.press("down", "enter")  # the second present: Bart
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NotesScreen) and screen.author == "p-bart"
        await pilot.press(*"Een vraag", "enter")
        await pilot.pause()
    (note,) = other_view(live).session.notes.values()
    assert note.author == "p-bart"


async def test_notes_as_a_participant_by_name_opens_at_once(
    new_session: Callable[..., LiveSession], store: Store, clock: FakeClock
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(3)
    app = notes_app(store, clock, live.id, "sofie claes")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen) and app.screen.author == "p-sofie"


async def test_two_facilitator_views_never_disagree_for_long(
    make_app: MakeApp, new_session: Callable[..., LiveSession]
) -> None:
    """Two apps on one store (the projector and a second facilitator's terminal)."""
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(7)
    first = make_app(open_session=live.id)
    second = create_app(  # a store of its own, as in another process
        store=Store(live.store.root),
        config=Config(lang="nl", timezone=TIMEZONE),
        clock=live.clock,
        open_session=live.id,
    )
    async with first.run_test(size=(80, 24)) as one, second.run_test(size=(80, 24)) as two:
        await one.pause()
        await two.pause()
        await one.press("left")  # view 1 moves to phase 7
        await wait_for(two, lambda: getattr(second.screen, "phase_index", None) == 6)
        await two.press("right")  # view 2 moves on to 8, from 7
        await wait_for(one, lambda: getattr(first.screen, "phase_index", None) == 7)
        assert getattr(second.screen, "phase_index", None) == 7
    assert other_view(live).session.current_phase == 7


async def test_ending_the_meeting_stops_the_share(
    make_app: MakeApp, new_session: Callable[..., LiveSession]
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(3)
    room = share(live)
    room.join("phone")
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("left", "enter")  # yes, end it
        await wait_for(pilot, lambda: isinstance(app.screen, EndScreen))
        await pilot.pause()
    # The secret and every device's token stop working.
    assert not room.read().shared and not room.read().live_devices()


async def test_quitting_as_another_view_moves_the_phase_tells_of_no_error(
    make_app: MakeApp, new_session: Callable[..., LiveSession]
) -> None:
    """The app quits right as the screen of the phase another view moved to is shown,
    before that screen has done its first work: its widgets (and Textual's Header
    with a title still to set) are taken down under it. No crash is told."""
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(7)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        other_view(live).go_to_phase(6)
        for _ in range(3000):  # no pause for the screen to settle: quit as it is shown
            if getattr(app.screen, "phase_index", None) == 6:
                break
            await asyncio.sleep(0.001)
        assert getattr(app.screen, "phase_index", None) == 6
    assert app.crash_message is None and not app.return_code

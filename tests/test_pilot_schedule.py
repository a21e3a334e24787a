"""The whole meeting on time, driven as a user: the start and end on the preparation,
the ahead/behind line beside the phase clock, and the terminal window's title."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from sessie_tui.app import SessieApp
from sessie_tui.domain.clock import FakeClock
from sessie_tui.live import LiveSession
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.screens.setup import SetupScreen
from sessie_tui.storage.store import Store
from sessie_tui.terminal_title import POP_TITLE, PUSH_TITLE, TerminalTitle
from sessie_tui.widgets.schedule import ScheduleLine

from conftest import acknowledge_all
from driving import notifications, type_text

MakeApp = Callable[..., SessieApp]
NewSession = Callable[..., LiveSession]
MIN = 60


async def test_the_start_and_end_are_typed_as_times_and_saved_at_once(
    make_app: MakeApp, new_session: NewSession, clock: FakeClock
) -> None:
    live = new_session()
    app = make_app(open_session=live.id)
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        screen.query_one("#field-start_time").focus()
        await type_text(pilot, "19u30")
        await pilot.press("tab")
        await pilot.pause()
        # An empty end is the start plus the method's 74 minutes, and says so.
        end = screen.query_one("#field-end_time")
        assert end.placeholder.startswith("20:44")  # type: ignore[attr-defined]
        await type_text(pilot, "25:00")
        await pilot.press("tab")
        await pilot.pause()
        assert shown[-1].startswith("Einduur: '25:00' is geen uur")
        saved = LiveSession(Store(live.store.root), live.id, clock).session.info
        assert (saved.start_time, saved.end_time) == ("19:30", "")

        end.focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "21u")
        await pilot.press("tab")
        await pilot.pause()
    saved = LiveSession(Store(live.store.root), live.id, clock).session.info
    assert (saved.start_time, saved.end_time) == ("19:30", "21:00")


def schedule_line(app: SessieApp) -> tuple[str, bool]:
    line = app.screen.query_one(ScheduleLine)
    return str(line.render()), line.has_class("-late")


async def test_a_meeting_run_behind_shows_it_beside_the_clock_and_in_the_title(
    make_app: MakeApp, new_session: NewSession, clock: FakeClock
) -> None:
    # The fake clock stands at the planned start, 09:00; 74 minutes planned in 80.
    live = new_session(start_time="09:00", end_time="10:20")
    acknowledge_all(live)
    live.start()
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, PhaseScreen)
        await pilot.press("space")
        await pilot.pause(0.3)
        assert schedule_line(app) == ("op schema", False)
        assert app.terminal_title.shown == "Bezinning op een incident · 5:00 — sessie-tui"

        clock.advance(8 * MIN)  # three minutes over, but within the end
        await pilot.pause(0.3)
        assert schedule_line(app) == ("3 min achter", False)
        assert app.terminal_title.shown == "Bezinning op een incident · +3:00 — sessie-tui"

        await pilot.press("space")  # a pause of ten minutes
        clock.advance(10 * MIN)
        await pilot.pause(0.3)
        text, late = schedule_line(app)
        assert late
        # Not by colour alone: a sign, and what to do about it.
        assert text == "⚠ 13 min achter · Kort Reactie van de inbrenger in met 7 min"

        await pilot.press("right")
        await pilot.pause(0.3)
        assert app.screen.phase_index == 1  # type: ignore[attr-defined]
        assert app.terminal_title.shown.startswith("Casusinbreng: het incident · 10:00")
    assert app.terminal_title.shown == "sessie-tui"  # no stale phase after quitting


async def test_ahead_of_schedule_in_english(
    make_app: MakeApp, new_session: NewSession, clock: FakeClock
) -> None:
    live = new_session(start_time="09:00")
    acknowledge_all(live)
    live.start()
    live.toggle_clock()
    clock.advance(2 * MIN)  # the first phase of five minutes done in two
    live.next_phase()
    app = make_app(lang="en", open_session=live.id)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause(0.3)
        assert schedule_line(app) == ("3 min ahead", False)


def test_the_title_is_written_to_the_terminal_and_given_back_on_quit() -> None:
    written: list[str] = []
    driver = SimpleNamespace(is_headless=False, is_web=False, write=written.append)
    title = TerminalTitle(SimpleNamespace(_driver=driver))  # type: ignore[arg-type]
    title.begin()
    title.show("Vragenronde · 3:12")
    title.show("Vragenronde · 3:12")  # unchanged: not written again
    title.show("Vragen\x1b]0;evil\x07ronde · 3:11")  # a method file's title is never an escape
    title.end()
    assert written == [
        PUSH_TITLE,
        "\x1b]0;sessie-tui\x07",
        "\x1b]0;Vragenronde · 3:12 — sessie-tui\x07",
        "\x1b]0;Vragen␛]0;evil␇ronde · 3:11 — sessie-tui\x07",
        "\x1b]0;sessie-tui\x07",
        POP_TITLE,
    ]


def test_a_screen_that_leaves_late_leaves_the_next_ones_title() -> None:
    """A phase move: the new phase screen may show its title before the old one is gone;
    the old one takes down only a title it showed itself."""
    written: list[str] = []
    driver = SimpleNamespace(is_headless=False, is_web=False, write=written.append)
    title = TerminalTitle(SimpleNamespace(_driver=driver))  # type: ignore[arg-type]
    old, new = object(), object()
    title.show("Vragenronde · 0:12", owner=old)
    title.show("Adviesronde · 10:00", owner=new)
    title.release(old)
    assert title.shown == "Adviesronde · 10:00 — sessie-tui"
    title.release(new)
    assert title.shown == "sessie-tui"

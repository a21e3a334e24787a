"""Practice mode: rehearse a method on a clock where a minute passes in a second."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

from sessie_tui.app import SessieApp
from sessie_tui.domain.clock import FakeClock
from sessie_tui.live import LiveSession
from sessie_tui.sample import create_practice_session
from sessie_tui.screens.method_picker import MethodPicker
from sessie_tui.screens.setup import SetupScreen
from sessie_tui.storage.store import Store

from conftest import acknowledge_all

MakeApp = Callable[..., SessieApp]


def test_a_practice_session_runs_sixty_times_faster_and_says_so(
    store: Store, clock: FakeClock
) -> None:
    session_id = create_practice_session(store, clock, "nl")
    live = LiveSession(store, session_id, clock)
    assert live.session.practice
    assert len(live.session.participants) == 12
    acknowledge_all(live)
    live.toggle_clock()
    clock.advance(5)
    assert round(live.timer().elapsed()) == 300
    # Reopened later, it reads the same fast time.
    again = LiveSession(Store(store.root), session_id, clock)
    assert round(again.timer().elapsed()) == 300


def test_practice_sessions_are_left_out_of_list_unless_asked(
    store: Store, clock: FakeClock, new_session: Callable[..., LiveSession]
) -> None:
    real = new_session()
    practice = create_practice_session(store, clock, "nl")

    def listed(*extra: str) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-m", "sessie_tui", "--db", str(store.root), "list", *extra],
            capture_output=True,
            text=True,
            env=os.environ,
            check=True,
        )
        return [line.split("\t")[0] for line in result.stdout.splitlines()]

    assert listed() == [real.id]
    assert sorted(listed("--all")) == sorted([real.id, practice])


async def test_practice_from_the_home_screen(make_app: MakeApp, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, MethodPicker)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.live.session.practice
        assert app.screen.live.session.method.id != "incidentmethode"

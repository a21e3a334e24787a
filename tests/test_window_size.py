"""Below 80 by 24 the app says to enlarge the window, and comes back by itself."""

from __future__ import annotations

from collections.abc import Callable

from sessie_tui.app import SessieApp
from sessie_tui.screens.home import HomeScreen
from sessie_tui.screens.too_small import TooSmallScreen

MakeApp = Callable[..., SessieApp]


async def test_a_small_window_asks_to_be_enlarged(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        for size in ((79, 24), (100, 22), (60, 10)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen), size
        message = str(app.screen.query_one("#too-small").render())
        assert "80 × 24" in message and "60 × 10" in message
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 2


async def test_a_small_window_from_the_start(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

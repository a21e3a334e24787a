"""Starting the app with the user's own files: a broken one is named, never fatal."""

from __future__ import annotations

from pathlib import Path

from sessie_tui.app import create_app
from sessie_tui.config import Config
from sessie_tui.domain.clock import FakeClock
from sessie_tui.screens.home import HomeScreen
from sessie_tui.screens.method_picker import MethodPicker
from sessie_tui.storage.store import Store

from driving import notifications

BROKEN_METHOD = """
id = "mijn-methode"
source = "eigen"
title = { nl = "Mijn methode" }
[[phases]]
kind = "questioning"
minutes = "tien"
title = { nl = "Vragen" }
rule = { nl = "Open vragen" }
"""


async def test_a_broken_user_method_is_named_and_the_app_runs(tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    (config_dir / "methods").mkdir(parents=True)
    broken = config_dir / "methods" / "mijn-methode.toml"
    broken.write_text(BROKEN_METHOD, encoding="utf-8")
    app = create_app(
        store=Store(tmp_path / "store"),
        config=Config(),
        config_dir=config_dir,
        clock=FakeClock(),
    )
    messages = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # The methods are read when a method is to be chosen, not at start ...
        assert app.context.library is None
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MethodPicker)
        # ... and where one is missing from the list, the list says why.
        assert any(str(broken) in m and "phases[0].minutes" in m for m in messages), messages
        assert "incidentmethode" in app.context.methods.methods
        assert "mijn-methode" not in app.context.methods.methods


async def test_an_unknown_theme_falls_back_with_a_message(tmp_path: Path) -> None:
    app = create_app(
        store=Store(tmp_path / "store"), config=Config(theme="bestaat-niet"), clock=FakeClock()
    )
    messages = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "projector-donker"
        assert any("bestaat-niet" in message for message in messages)

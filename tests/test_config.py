"""Settings: read leniently, written precisely, keys remappable by command id."""

from __future__ import annotations

from pathlib import Path

from sessie_tui.app import create_app
from sessie_tui.config import Config, load_config
from sessie_tui.domain.clock import FakeClock
from sessie_tui.paths import config_file
from sessie_tui.screens.dialogs import Choose
from sessie_tui.screens.method_picker import MethodPicker
from sessie_tui.storage.store import Store


def test_a_broken_setting_costs_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('lang = "fr"\nbell = "ja"\ntheme = "projector-licht"\n[keys]\nhelp = 3\n')
    loaded = load_config(path)
    assert loaded.config.theme == "projector-licht"
    assert loaded.config.lang == "nl" and loaded.config.bell is True
    problems = " ".join(loaded.problems)
    assert "lang" in problems and "bell" in problems and "keys.help" in problems
    assert str(path) in problems


def test_invalid_toml_falls_back_and_says_where(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("lang = \n")
    loaded = load_config(path)
    assert loaded.config == Config()
    assert str(path) in loaded.problems[0]


async def test_keys_can_be_remapped_by_command_id(tmp_path: Path) -> None:
    app = create_app(
        store=Store(tmp_path / "store"),
        config=Config(keys={"new_session": "f9"}),
        clock=FakeClock(),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, MethodPicker)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, MethodPicker)


async def test_the_chosen_theme_is_remembered_but_a_one_off_language_is_not(
    tmp_path: Path,
) -> None:
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    config_file(config_dir).write_text('lang = "nl"\n')
    app = create_app(
        store=Store(tmp_path / "store"),
        config=Config(lang="en"),  # as from --lang en
        config_dir=config_dir,
        clock=FakeClock(),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        await pilot.press("home", "down", "enter")  # hoog-contrast, projector-donker, -licht
        await pilot.pause()
        assert app.theme == "projector-donker"
    saved = load_config(config_file(config_dir)).config
    assert saved.theme == "projector-donker"
    assert saved.lang == "nl"

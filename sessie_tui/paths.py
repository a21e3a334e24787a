"""Every place sessie-tui reads or writes, in one module.

The store (`--db`, `SESSIE_TUI_DB`) defaults to the platform's user data
folder; the config folder (`--config`, `SESSIE_TUI_CONFIG`) to the platform's
user config folder. Tests point both at temporary folders, so they never touch
a real home directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "sessie-tui"
STORE_ENV = "SESSIE_TUI_DB"
CONFIG_ENV = "SESSIE_TUI_CONFIG"
LOG_ENV = "SESSIE_TUI_LOG"
CACHE_ENV = "SESSIE_TUI_CACHE"


def store_dir(option: str | None = None) -> Path:
    """The store folder: the `--db` option, else `SESSIE_TUI_DB`, else the user data folder."""
    chosen = option or os.environ.get(STORE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return platformdirs.user_data_path(APP_NAME) / "store"


def config_dir(option: str | None = None) -> Path:
    chosen = option or os.environ.get(CONFIG_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return platformdirs.user_config_path(APP_NAME)


def log_dir() -> Path:
    """Where an unexpected error's details go: `SESSIE_TUI_LOG`, else the user log folder."""
    chosen = os.environ.get(LOG_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return platformdirs.user_log_path(APP_NAME)


def cache_dir() -> Path:
    """What can be made again, kept to start faster: `SESSIE_TUI_CACHE`, else the user
    cache folder."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return platformdirs.user_cache_path(APP_NAME)


def config_file(folder: Path) -> Path:
    return folder / "config.toml"


def user_methods_dir(folder: Path) -> Path:
    return folder / "methods"


def user_themes_dir(folder: Path) -> Path:
    return folder / "themes"


def bundled(name: str) -> Path:
    """A top-level data folder of the project (`themes`, `sample_data`).

    A wheel carries them inside the package (`sessie_tui/_bundled/`); an
    editable install or a source checkout finds them beside the package.
    """
    packaged = Path(__file__).resolve().parent / "_bundled" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / name

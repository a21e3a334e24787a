"""The parsed-TOML cache: read from its JSON twin, never stale, never in the way."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from sessie_tui import i18n
from sessie_tui.json_twin import load_toml, twin_path

SOURCE = b'[app]\ntitle = "Intervisie \xc3\xa9\xc3\xa9n"\n[numbers]\nlist = [1, 2.5, true]\n'


def test_the_first_read_parses_and_keeps_a_private_twin() -> None:
    assert load_toml(SOURCE) == tomllib.loads(SOURCE.decode())
    twin = twin_path("toml", SOURCE)
    assert twin.is_file()
    assert stat.S_IMODE(twin.stat().st_mode) == 0o600
    assert stat.S_IMODE(twin.parent.stat().st_mode) == 0o700


def test_the_next_read_comes_from_the_twin() -> None:
    load_toml(SOURCE)
    # Marked, so that only a read of the twin can return this.
    twin_path("toml", SOURCE).write_text('{"from": "the twin"}', encoding="utf-8")
    assert load_toml(SOURCE) == {"from": "the twin"}


def test_an_edited_file_is_another_twin_never_a_stale_one() -> None:
    load_toml(SOURCE)
    edited = SOURCE.replace(b"Intervisie", b"Intervision")
    assert twin_path("toml", edited) != twin_path("toml", SOURCE)
    assert load_toml(edited)["app"]["title"].startswith("Intervision")


def test_a_damaged_twin_is_parsed_again_and_replaced() -> None:
    load_toml(SOURCE)
    twin_path("toml", SOURCE).write_bytes(b'{"app": ')
    assert load_toml(SOURCE) == tomllib.loads(SOURCE.decode())
    assert load_toml(SOURCE) == tomllib.loads(SOURCE.decode())


def test_a_broken_file_raises_as_parsing_would_and_is_not_kept() -> None:
    broken = b"title = \n"
    with pytest.raises(tomllib.TOMLDecodeError):
        load_toml(broken)
    assert not twin_path("toml", broken).exists()


def test_a_date_is_parsed_but_not_kept_as_json_cannot_hold_it() -> None:
    dated = b"day = 2026-12-02\n"
    assert str(load_toml(dated)["day"]) == "2026-12-02"
    assert not twin_path("toml", dated).exists()


def test_a_cache_that_cannot_be_written_only_costs_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("")
    monkeypatch.setenv("SESSIE_TUI_CACHE", str(in_the_way))
    assert load_toml(SOURCE) == tomllib.loads(SOURCE.decode())


def test_the_catalogs_read_from_their_twins_equal_the_toml(tmp_path: Path) -> None:
    for lang in i18n.LANGUAGES:
        i18n.catalog.cache_clear()
        parsed = i18n.catalog(lang)
        i18n.catalog.cache_clear()
        assert i18n.catalog(lang) == parsed
        assert len(list((tmp_path / "env-cache" / "toml").iterdir())) >= 1
    assert os.environ["SESSIE_TUI_CACHE"] == str(tmp_path / "env-cache")


GLYPHS = """
import json, sys
from sessie_tui.widgets.big_font import _figlet_glyphs
glyphs = {name: _figlet_glyphs(name) for name in ("5x7", "6x10")}
print(json.dumps({"glyphs": glyphs, "figlet_imported": "pyfiglet" in sys.modules}))
"""


def test_the_big_letters_come_from_their_twin_without_importing_figlet() -> None:
    """The FIGlet package costs some 30 ms to import: once its fonts have twins, a start
    reads the twins, and gets the glyphs the package would give."""
    import json
    import subprocess
    import sys

    import pyfiglet

    def start() -> dict[str, object]:
        out = subprocess.run(
            [sys.executable, "-c", GLYPHS], capture_output=True, text=True, check=True
        ).stdout
        return json.loads(out)

    first, second = start(), start()
    assert first["figlet_imported"] is True
    assert second["figlet_imported"] is False
    expected = {
        name: {str(code): rows for code, rows in pyfiglet.FigletFont(name).chars.items()}
        for name in ("5x7", "6x10")
    }
    assert first["glyphs"] == second["glyphs"] == expected


def test_a_twin_is_written_without_waiting_for_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache: no fsync (a start should not wait for the disk for it); a user's data
    always waits (the store's own writes are the crash suite's)."""
    from sessie_tui.storage import atomic

    synced: list[object] = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd))
    monkeypatch.setattr(atomic, "fsync_dir", lambda folder: synced.append(folder))
    load_toml(SOURCE)
    assert twin_path("toml", SOURCE).is_file()
    assert synced == []
    atomic.write_atomic(twin_path("toml", SOURCE).with_name("data.json"), b"{}")
    assert len(synced) == 2

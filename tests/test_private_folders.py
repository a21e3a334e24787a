"""Folders are private whatever the umask; an open store folder is named, not changed;
a damaged file is kept as its bytes, never as a link."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from sessie_tui.app import create_app
from sessie_tui.config import Config, save_config
from sessie_tui.domain.clock import FakeClock
from sessie_tui.storage.store import Store

from driving import cli, notifications


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture(params=[0o000, 0o022, 0o277], ids=["umask-000", "umask-022", "umask-277"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    before = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(before)


def test_every_folder_the_store_makes_is_0700_also_missing_parents(
    tmp_path: Path, umask: int
) -> None:
    root = tmp_path / "nieuw" / "diep" / "store"
    store = Store(root)
    store.create_network("n", {"network": {"1": {"id": "n"}}})
    (store.sessions_dir / "20261123-abcd.json").write_bytes(b"{kapot")
    store.list_sessions()  # sets the damaged file aside: the damaged/ folder is made

    inside = ("sessions", "networks", "damaged", ".locks")
    made = [tmp_path / "nieuw", tmp_path / "nieuw" / "diep", root, *(root / f for f in inside)]
    assert store.damaged_dir.is_dir()
    assert {str(folder): oct(mode(folder)) for folder in made} == {
        str(folder): "0o700" for folder in made
    }
    assert [type(problem).__name__ for problem in store.problems] == ["DamagedFile"]


def test_the_config_folder_and_its_parents_are_0700(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "config" / "sessie-tui" / "config.toml"
    save_config(path, Config())
    assert mode(tmp_path / "config") == mode(path.parent) == 0o700
    assert mode(path) == 0o600


def test_a_store_folder_open_to_others_is_named_at_start_and_left_as_it_is(
    tmp_path: Path,
) -> None:
    root = tmp_path / "gedeeld"
    root.mkdir()
    root.chmod(0o755)

    listed = cli("--db", str(root), "list")

    assert listed.returncode == 0, listed.stderr
    assert str(root) in listed.stderr and "0755" in listed.stderr
    assert mode(root) == 0o755  # not changed behind the user's back
    assert mode(root / "sessions") == 0o700  # what the app makes itself is private


async def test_the_home_screen_warns_about_an_open_store_folder(tmp_path: Path) -> None:
    root = tmp_path / "gedeeld"
    root.mkdir()
    root.chmod(0o750)
    app = create_app(store=Store(root), config=Config(lang="en"), clock=FakeClock())
    messages = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any(str(root) in m and "0750" in m and "chmod 700" in m for m in messages)
    assert mode(root) == 0o750


def test_a_symlinked_damaged_file_is_kept_as_its_bytes(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    outside = tmp_path / "elders.json"
    outside.write_bytes(b'{"sessie_tui": kapot')
    (store.sessions_dir / "20261123-abcd.json").symlink_to(outside)

    store.list_sessions()

    kept = list(store.damaged_dir.iterdir())
    assert len(kept) == 1 and not kept[0].is_symlink()
    assert kept[0].read_bytes() == b'{"sessie_tui": kapot'
    assert kept[0].stat().st_ino != outside.stat().st_ino  # a copy, not the same file
    assert mode(kept[0]) == 0o600
    assert outside.read_bytes() == b'{"sessie_tui": kapot'  # what it pointed at is left alone
    assert not (store.sessions_dir / "20261123-abcd.json").exists()


def test_a_hard_linked_damaged_file_is_kept_as_a_copy_of_its_own(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    elsewhere = tmp_path / "elders.json"
    elsewhere.write_bytes(b"{kapot")
    os.link(elsewhere, store.sessions_dir / "20261123-abcd.json")

    store.list_sessions()

    (kept,) = store.damaged_dir.iterdir()
    assert kept.stat().st_nlink == 1  # a change made through the other name cannot reach it
    elsewhere.write_bytes(b"{anders")
    assert kept.read_bytes() == b"{kapot"

"""The command line, run as a user would: a real process, its output and exit status."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sessie_tui.cli import run
from sessie_tui.live import LiveSession
from sessie_tui.storage.store import Store

from driving import cli

NewSession = Callable[..., LiveSession]


def test_list_prints_one_session_per_line_id_first(new_session: NewSession, store: Store) -> None:
    new_session(session_id="20261123-aaaa")
    new_session(session_id="20261012-bbbb", date="2026-10-12")
    result = cli("--db", str(store.root), "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["20261123-aaaa", "20261012-bbbb"]
    assert "Grenzen stellen" in lines[0]


def test_the_store_can_be_chosen_by_environment_variable(
    new_session: NewSession, store: Store
) -> None:
    new_session(session_id="20261123-env")
    result = cli("list", env={"SESSIE_TUI_DB": str(store.root)})
    assert result.stdout.startswith("20261123-env")


def test_options_work_after_the_command_too(new_session: NewSession, store: Store) -> None:
    new_session(session_id="20261123-late")
    result = cli("list", "--db", str(store.root), "--lang", "en")
    assert "in preparation" in result.stdout


def test_export_writes_a_private_report_and_never_overwrites_unasked(
    new_session: NewSession, store: Store, tmp_path: Path
) -> None:
    live = new_session()
    target = tmp_path / "uit" / "verslag.md"
    target.parent.mkdir()
    first = cli("--db", str(store.root), "export", live.id, "-o", str(target))
    assert first.returncode == 0, first.stderr
    assert "# Verslag intervisie" in target.read_text(encoding="utf-8")
    assert "maandag 23 november 2026" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.write_text("mijn aanpassingen")
    again = cli("--db", str(store.root), "export", live.id, "-o", str(target))
    assert again.returncode == 1
    assert "--force" in again.stderr
    assert target.read_text() == "mijn aanpassingen"
    forced = cli("--db", str(store.root), "export", live.id, "-o", str(target), "--force")
    assert forced.returncode == 0
    assert "# Verslag intervisie" in target.read_text(encoding="utf-8")


def test_export_without_a_file_writes_beside_the_user(
    new_session: NewSession, store: Store, tmp_path: Path
) -> None:
    live = new_session()
    result = cli("--db", str(store.root), "export", live.id[:8], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (written,) = tmp_path.glob("verslag-*.md")
    assert written.name == f"verslag-2026-11-23-{live.id}.md"


def test_export_in_english(new_session: NewSession, store: Store) -> None:
    live = new_session()
    result = cli("--db", str(store.root), "--lang", "en", "export", live.id, "-o", "-")
    assert "Monday 23 November 2026" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("export", "bestaat-niet"),
        ("archive", "bestaat-niet", "-o", "x.json"),
        ("--lang", "fr", "list"),
        ("vergaderen",),
        ("export",),
        ("list", "--onbekend"),
    ],
)
def test_a_wrong_argument_or_id_gives_one_clear_line_and_status_2(
    store: Store, args: tuple[str, ...]
) -> None:
    result = cli("--db", str(store.root), *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("sessie-tui: ")
    assert "Traceback" not in result.stderr


def test_an_unknown_id_is_named_in_the_message(store: Store) -> None:
    result = cli("--db", str(store.root), "export", "20991231-zzzz")
    assert "20991231-zzzz" in result.stderr
    assert "sessie-tui list" in result.stderr


def test_a_store_path_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "bestand"
    not_a_folder.write_text("x")
    result = cli("--db", str(not_a_folder), "list")
    assert result.returncode == 1
    assert str(not_a_folder) in result.stderr
    assert "Traceback" not in result.stderr


def test_a_damaged_session_is_reported_and_the_rest_listed(
    new_session: NewSession, store: Store
) -> None:
    new_session(session_id="20261123-goed")
    damaged = new_session(session_id="20261124-kapot")
    store.session_path(damaged.id).write_bytes(b"\x00\x01 not json")
    (store.root / "catalog.json").unlink()
    result = cli("--db", str(store.root), "list")
    assert result.returncode == 1  # something was damaged; the others are still listed
    assert result.stdout.startswith("20261123-goed")
    assert "20261124-kapot" in result.stderr
    assert "damaged" in result.stderr or "beschadigd" in result.stderr
    kept = list((store.root / "damaged").iterdir())
    assert [path.read_bytes() for path in kept] == [b"\x00\x01 not json"]


def test_archive_and_import_round_trip_to_the_same_report(
    new_session: NewSession, store: Store, tmp_path: Path
) -> None:
    live = new_session()
    archive = tmp_path / "sessie.json"
    assert cli("--db", str(store.root), "archive", live.id, "-o", str(archive)).returncode == 0
    other = tmp_path / "andere-opslag"
    imported = cli("--db", str(other), "import", str(archive))
    assert imported.returncode == 0, imported.stderr
    before = cli("--db", str(store.root), "export", live.id, "-o", "-").stdout
    after = cli("--db", str(other), "export", live.id, "-o", "-").stdout
    assert before == after
    again = cli("--db", str(other), "import", str(archive))
    assert again.returncode == 1
    assert live.id in again.stderr


def test_run_returns_the_status_without_exiting(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--db", str(store.root), "export", "nope"]) == 2
    assert "nope" in capsys.readouterr().err


def test_output_into_a_reader_that_stopped_is_no_error(tmp_path: Path) -> None:
    """`sessie-tui methods | head -1`: the reader leaves early; the command says nothing."""
    command = [sys.executable, "-m", "sessie_tui", "--db", str(tmp_path / "store"), "methods"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # gone before the first line is written
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert errors == ""

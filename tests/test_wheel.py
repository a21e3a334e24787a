"""A non-editable install finds everything it needs: methods, themes, sample data, texts.

Builds the wheel, installs it into a folder of its own, and runs it from
another folder, so nothing can come from the source tree by accident.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("sessie_tui-*.whl")
    return built


def test_the_wheel_carries_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [
        "sessie_tui/app.tcss",
        "sessie_tui/i18n/nl.toml",
        "sessie_tui/i18n/en.toml",
        "sessie_tui/methods/incidentmethode.toml",
        "sessie_tui/_bundled/sample_data/sessions/20261123-demo.json",
    ]
    assert [name for name in expected if name not in names] == []
    assert any(n.startswith("sessie_tui/_bundled/themes/") and n.endswith(".toml") for n in names)
    assert not any(n.startswith("tests/") for n in names)


def test_the_installed_app_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    script = (
        "import sessie_tui, sys\n"
        "from pathlib import Path\n"
        "assert Path(sessie_tui.__file__).is_relative_to(Path(sys.argv[1])), sessie_tui.__file__\n"
        "from sessie_tui.methods import load_methods\n"
        "from sessie_tui.paths import bundled\n"
        "from sessie_tui.sample import load_sample_data\n"
        "from sessie_tui.storage.store import Store\n"
        "assert len(load_methods().methods) >= 5\n"
        "assert list(bundled('themes').glob('*.toml'))\n"
        "print(load_sample_data(Store(Path('store'))))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    ready = subprocess.run(
        [sys.executable, "-c", script, str(site)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert ready.returncode == 0, ready.stderr
    assert ready.stdout.strip() == "20261123-demo"
    listed = subprocess.run(
        [sys.executable, "-m", "sessie_tui", "--db", "store", "list"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert listed.stdout.splitlines()[0].startswith("20261123-demo")
    exported = subprocess.run(
        [sys.executable, "-m", "sessie_tui", "--db", "store", "export", "20261012-demo"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert exported.returncode == 0, exported.stderr
    assert (elsewhere / "verslag-2026-10-12-20261012-demo.md").exists()

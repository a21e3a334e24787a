"""The README tells the truth: its commands are the ones CI runs, its tables match the code."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sessie_tui.methods import load_methods

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_after(marker: str) -> str:
    lines = README.split(f"<!-- {marker} -->", 1)[1].strip().splitlines()
    assert lines[0].startswith("```")
    return lines[1]


def test_the_quick_start_is_two_commands() -> None:
    demo, test = command_after("demo-command"), command_after("test-command")
    assert demo.endswith("sessie-tui demo")
    assert "pytest" in test
    assert "[test]" in test
    # The types are checked before the tests, so CI fails on a type error too.
    assert ".venv/bin/mypy && " in test


def test_ci_runs_the_readme_test_command_exactly() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    extract = script.split("command=", 1)[1].split("\n", 1)[0]
    found = subprocess.run(
        ["bash", "-c", f'cd {ROOT} && command={extract} && printf %s "$command"'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert found == command_after("test-command")


def test_the_readme_lists_every_bundled_method_with_its_minutes() -> None:
    for method in load_methods().in_order():
        total = f"{method.planned_minutes:g}" if method.planned_minutes else ""
        if method.has_untimed_phases:
            total = f"{total} + untimed" if total else "untimed"
        assert f"| `{method.id}.toml` | {total} |" in README, method.id

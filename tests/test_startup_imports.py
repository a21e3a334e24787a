"""Start-up imports only what the first screen needs (issue 15).

Structural, not timed: a fresh interpreter imports what a start imports, and the
modules only a later command or screen uses (the room's server, the QR code, the
report builders, the big font) must not be among them. Each costs tens of
milliseconds before the first paint, in front of the room.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

# What no start-up needs: the room's web server and its page, the QR code, the builders
# of the reports (the package itself is light: `ReportSource`, `attribution`).
LATER = (
    "aiohttp",
    "jinja2",
    "segno",
    "pyfiglet",
    "sessie_tui.room.server",
    "sessie_tui.room.page",
    "sessie_tui.room.terminal",
    "sessie_tui.report.verslag",
    "sessie_tui.report.absentees",
    "sessie_tui.report.network_report",
    "sessie_tui.report.export",
)

# The command line also serves `list`, `export` and the rest without a screen: no Textual,
# no report package, no room at all.
CLI_LATER = (*LATER, "textual", "sessie_tui.report", "sessie_tui.room", "sessie_tui.live")


def loaded_after(statement: str, prefixes: tuple[str, ...]) -> list[str]:
    script = (
        f"{statement}\n"
        "import sys\n"
        f"prefixes = {prefixes!r}\n"
        "print(' '.join(sorted(m for m in sys.modules\n"
        "    if any(m == p or m.startswith(p + '.') for p in prefixes))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_the_command_line_imports_nothing_heavy() -> None:
    assert loaded_after("import sessie_tui.cli", CLI_LATER) == []


@pytest.mark.parametrize(
    "screen",
    ["sessie_tui.screens.home", "sessie_tui.screens.phase", "sessie_tui.screens.session_picker"],
)
def test_the_first_screens_import_nothing_for_later(screen: str) -> None:
    statement = f"import sessie_tui.cli, sessie_tui.app, {screen}"
    assert loaded_after(statement, LATER) == []

"""Start-up imports only what the first screen needs (issue 15).

Structural, not timed: a fresh interpreter imports what a start imports, and the
modules only a later command or screen uses (the room's server, the QR code, the
report builders, the big font) must not be among them. Each costs tens of
milliseconds before the first paint, in front of the room.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sessie_tui.live import LiveSession

from conftest import TIMEZONE, acknowledge_all

# What no start-up needs: the room (its model, server and page), the QR code, the reports.
LATER = (
    "aiohttp",
    "jinja2",
    "segno",
    "pyfiglet",
    "sessie_tui.room",
    "sessie_tui.report",
    # Textual's multi-line field: only forms have one (see widgets/text_area.py).
    "textual.widgets._text_area",
    # The case form and the privacy check's word lists: with the form, or the first note.
    "sessie_tui.screens.case_form",
    "sessie_tui.domain.privacy",
)

# Tables too wait for a screen or panel that shows one (see widgets/table.py).
TABLES = ("sessie_tui.widgets.table", "textual.widgets._data_table")

# The command line also serves `list`, `export` and the rest without a screen: no Textual,
# no report package, no room at all.
CLI_LATER = (*LATER, "textual", "sessie_tui.live")


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
    [
        "sessie_tui.screens.home",
        "sessie_tui.screens.phase",
        "sessie_tui.screens.session_picker",
        "sessie_tui.screens.setup",  # where `sessie-tui demo` opens
    ],
)
def test_the_first_screens_import_nothing_for_later(screen: str) -> None:
    statement = f"import sessie_tui.cli, sessie_tui.app, {screen}"
    assert loaded_after(statement, LATER) == []


OPEN_SESSION = """
import asyncio, sys
from pathlib import Path
from sessie_tui.app import create_app
from sessie_tui.config import Config
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.storage.store import Store

async def main():
    app = create_app(store=Store(Path(sys.argv[1])), config=Config(timezone=sys.argv[3]),
                     open_session=sys.argv[2])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen), app.screen
        app.screen.query_one("#note-status")  # composed and mounted
        panel = app.screen._panel_kind()
    print(" ".join(sorted(m for m in sys.modules if m.startswith(("sessie_tui", "textual.w")))))
    print(repr(panel))

asyncio.run(main())
"""


OTHER_PHASES_PANELS = tuple(
    f"sessie_tui.widgets.{name}"
    for name in ("reflection", "evaluation", "expectations", "look_back", "case_round")
)


def test_opening_a_session_never_shared_leaves_the_room_and_the_reports_unread(
    new_session: Callable[..., LiveSession], tmp_path: Path
) -> None:
    """Most meetings are never shared: their phase screen has no use for the room's
    model (six records to build before the first paint), nor for any report, nor
    for the panels of phases other than the one it opens on."""
    live = new_session()
    acknowledge_all(live)
    live.start()
    result = subprocess.run(
        [sys.executable, "-c", OPEN_SESSION, str(tmp_path / "store"), live.id, TIMEZONE],
        capture_output=True,
        text=True,
        check=True,
    )
    modules, panel = result.stdout.splitlines()
    loaded = modules.split()
    assert "sessie_tui.screens.phase" in loaded
    assert [m for m in loaded if m.startswith(("sessie_tui.room", "sessie_tui.report"))] == []
    assert panel == "''"  # the introductions: a phase without a panel
    assert [m for m in loaded if m.startswith(OTHER_PHASES_PANELS)] == []
    assert [m for m in loaded if m.startswith(TABLES)] == []

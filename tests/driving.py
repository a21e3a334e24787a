"""How the tests drive the app as a user: keys through the Pilot, commands in a process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from sessie_tui.app import SessieApp


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type text key by key, as on a keyboard (a space is the key "space")."""
    await pilot.press(*["space" if char == " " else char for char in text])


def notifications(app: SessieApp) -> list[str]:
    """Every message the app shows from now on, in order."""
    shown: list[str] = []
    notify = app.notify

    def recording(message: str, *args: Any, **kwargs: Any) -> None:
        shown.append(message)
        notify(message, *args, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return shown


def cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`sessie-tui ARGS` in a real process, as typed in a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "sessie_tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=60,
    )

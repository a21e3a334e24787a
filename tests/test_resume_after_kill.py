"""Kill the app in the middle of a phase; open the session again; nothing is lost.

The app runs in a real process (headless), driven by keys as in the room; the
test kills it with SIGKILL and opens the store again.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sessie_tui.domain.clock import SystemClock
from sessie_tui.live import LiveSession
from sessie_tui.storage.store import Store

from conftest import acknowledge_all

NewSession = Callable[..., LiveSession]

DRIVER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from sessie_tui.app import create_app
    from sessie_tui.config import Config
    from sessie_tui.storage.store import Store

    async def main():
        app = create_app(store=Store(Path(sys.argv[1])), config=Config(), open_session=sys.argv[2])
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("right", "right")      # on to the questions
            await pilot.press("space")               # the clock runs
            for text in ("eerste", "tweede", "derde"):
                await pilot.press("n", *text, "enter", "escape")
            await pilot.pause()
            print("notes saved", flush=True)
            await asyncio.sleep(60)                  # killed long before this ends

    asyncio.run(main())
    """
)


@pytest.mark.slow
def test_killed_in_a_phase_reopens_in_that_phase_with_every_note(
    new_session: NewSession, store: Store
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.start()
    launched = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(store.root), live.id],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "notes saved"
    started = time.monotonic()
    time.sleep(1.5)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    killed_after = time.monotonic() - started

    reopened = LiveSession(Store(Path(store.root)), live.id, SystemClock())
    session = reopened.session
    assert session.current_phase == 2
    assert [n.text for n in session.live_notes()] == ["eerste", "tweede", "derde"]
    assert all(n.phase == 2 for n in session.live_notes())
    timer = reopened.timer()
    assert timer.running  # nobody paused it: the clock kept running while the app was dead
    remaining = timer.remaining()
    since_launch = time.monotonic() - launched
    assert remaining is not None
    # The time that really passed counts, kill and restart included: at least from the
    # saved notes to the kill, at most since the app was launched (not a timed guess).
    assert killed_after <= 600 - remaining <= since_launch

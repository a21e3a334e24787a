"""The benchmark's child process: one app start, timed by the parent (see run.py).

    python child.py MODE STORE SESSION [SECONDS]

MODE is one of:

    minimal   a minimal Textual app (Header, TextArea, Footer); STORE and SESSION unused
    home      sessie-tui on STORE, home screen
    phase     sessie-tui on STORE, opening SESSION (a running session): its PhaseScreen
    ended     sessie-tui on STORE, opening SESSION (an ended session): its EndScreen
    drift     as `phase`, then start the clock with the space key and let the app run
              SECONDS, comparing its phase timer with time.monotonic()

Prints `READY` (flushed) the moment the screen is mounted and idle; the parent
times from its Popen to that line. At the end it prints `RSS <kB>` (peak
resident memory, ru_maxrss) and, for `drift`, `DRIFT <json>`.

Imports are made inside `main`, per mode, so that each mode pays only for
what a real start of that kind imports (python start-up and imports are part
of start-up). Not a test module: pytest does not collect it.
"""

from __future__ import annotations

import asyncio
import json
import math
import resource
import sys
import time
from pathlib import Path
from typing import Any

SIZE = (120, 40)
TIMEZONE = "Europe/Brussels"
SCREEN_TIMEOUT = 30.0
SAMPLE_EVERY = 1.0


def peak_rss_kb() -> int:
    """This process image's peak resident memory in kB (Linux: VmHWM).

    Not ru_maxrss alone: on Linux an exec keeps the high-water mark of the
    image it replaces, here the forked copy of the parent (the benchmark, with
    its large store in memory), so ru_maxrss says more about the parent than
    about the app. VmHWM belongs to the new image only. Elsewhere: ru_maxrss.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss // 1024 if sys.platform == "darwin" else maxrss


def ready() -> None:
    print("READY", flush=True)


def minimal_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, TextArea

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield TextArea()
            yield Footer()

    return Minimal()


def sessie_app(store: str, session: str | None) -> Any:
    # As `sessie-tui` does (cli._run_app): the cycle collector waits for the first screen.
    from sessie_tui import collection

    collection.pause()
    from sessie_tui.app import create_app
    from sessie_tui.config import Config
    from sessie_tui.storage.store import Store

    return create_app(
        store=Store(Path(store)),
        config=Config(lang="nl", timezone=TIMEZONE),
        open_session=session,
    )


async def wait_for_screen(app: Any, pilot: Any, screen_type: type) -> None:
    deadline = time.monotonic() + SCREEN_TIMEOUT
    while not isinstance(app.screen, screen_type):
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {screen_type.__name__}, on {app.screen!r}")
        await pilot.pause(0.005)
    await pilot.pause()


def expected_digits(remaining: float) -> str:
    """What the clock should show for `remaining` seconds (before overtime)."""
    from sessie_tui.domain.clock import minutes_seconds

    return minutes_seconds(math.ceil(max(remaining, 0)))


async def measure_drift(app: Any, pilot: Any, seconds: float) -> dict[str, Any]:
    """Start the clock as the facilitator does (space), then compare it with the wall clock."""
    from sessie_tui.screens.phase import TICK_SECONDS
    from sessie_tui.widgets.big_digits import BigDigits

    screen = app.screen
    live = screen.live
    timer = live.timer(screen.phase_index)
    if timer.running or timer.elapsed() != 0:
        raise SystemExit("the drift session's clock must be stopped at zero")
    allowed = timer.allowed()
    before = time.monotonic()
    await pilot.press("space")
    after = time.monotonic()
    if not live.timer(screen.phase_index).running:
        raise SystemExit("space did not start the clock")

    def shown() -> str:
        return screen.query_one(BigDigits).value

    def agrees(digits: str, wall: float) -> bool:
        # The screen repaints every TICK_SECONDS: what it shows may be one tick old.
        lag = TICK_SECONDS + 0.05
        return digits in {expected_digits(allowed - wall), expected_digits(allowed - wall + lag)}

    samples = disagreements = 0
    seen: set[str] = set()
    while time.monotonic() - before < seconds:
        await asyncio.sleep(min(SAMPLE_EVERY, seconds - (time.monotonic() - before)))
        wall = time.monotonic() - before
        digits = shown()
        seen.add(digits)
        samples += 1
        disagreements += not agrees(digits, wall)
    # The end: the timer and the wall clock read at the same moment.
    wall = time.monotonic() - before
    elapsed = live.timer(screen.phase_index).elapsed()
    digits = shown()
    # And once more after a certain repaint, to the second.
    await pilot.pause(TICK_SECONDS * 2)
    wall_after = time.monotonic() - before
    digits_after = shown()
    return {
        "seconds": wall,
        "app_elapsed": elapsed,
        "drift_ms": (elapsed - wall) * 1000,
        "press_ms": (after - before) * 1000,
        "allowed": allowed,
        "digits_end": digits,
        "expected_end": expected_digits(allowed - wall),
        "agrees_end": agrees(digits, wall),
        "digits_after_repaint": digits_after,
        "expected_after_repaint": expected_digits(allowed - wall_after),
        "agrees_after_repaint": agrees(digits_after, wall_after),
        "samples": samples,
        "disagreements": disagreements,
        "distinct_digits": len(seen),
    }


async def run(mode: str, store: str, session: str, seconds: float) -> dict[str, Any] | None:
    if mode == "minimal":
        app = minimal_app()
        async with app.run_test(headless=True, size=SIZE) as pilot:
            await pilot.pause()
            ready()
        return None
    if mode in ("home", "ended"):
        app = sessie_app(store, None if mode == "home" else session)
        async with app.run_test(headless=True, size=SIZE) as pilot:
            # Only the screen waited for: the app imports it anyway, and no other (the
            # end screen's reports are no part of a start on the home screen).
            if mode == "home":
                from sessie_tui.screens.home import HomeScreen as awaited
            else:
                from sessie_tui.screens.end import EndScreen as awaited  # type: ignore[assignment]

            await wait_for_screen(app, pilot, awaited)
            ready()
        return None
    app = sessie_app(store, session)
    async with app.run_test(headless=True, size=SIZE) as pilot:
        from sessie_tui.screens.phase import PhaseScreen

        await wait_for_screen(app, pilot, PhaseScreen)
        ready()
        if mode == "drift":
            return await measure_drift(app, pilot, seconds)
    return None


def main() -> None:
    mode, store, session = sys.argv[1:4]
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    if mode not in {"minimal", "home", "phase", "ended", "drift"}:
        raise SystemExit(f"unknown mode {mode!r}")
    result = asyncio.run(run(mode, store, session, seconds))
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"RSS {peak_rss_kb()} {maxrss}", flush=True)
    if result is not None:
        print("DRIFT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()

"""Benchmark: the phone page ready on a phone-sized browser after the link is opened.

    .venv/bin/python tests/bench/room_page.py     # against `sessie-tui serve`

Part of `run.py`'s table too. Each repetition: a fresh headless Chromium (its own
profile) at 390x844, started before the clock runs; then

  link   opening the join link (`/J/<secret>`, answered 303 with the device cookie) until
         the page to choose one's name has loaded (the browser's own navigation timing:
         the redirect included, up to the load event's end);
  name   tapping one's name (POST /claim, 303) until the page shows the meeting as
         pushed on its WebSocket (`room.js` stamps the moment of its first rendered state);
  total  the two together: what a participant waits, taps aside.

Guarded: without Debian's chromium and chromedriver it prints "skipped: no chromium".
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent.parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from room_browser import chromium_present, phone_browser  # noqa: E402
from room_share import ServeRoom  # noqa: E402

REPS = 5


def one_join(driver: Any, join_url: str, name: str) -> tuple[float, float]:
    """(link, name) in ms for one fresh browser."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(join_url)  # returns once the load event has fired
    link = driver.execute_script(
        "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd;"
    )
    button = driver.find_element(By.XPATH, f"//button[.//span[normalize-space()='{name}']]")
    button.click()
    live = WebDriverWait(driver, 20, poll_frequency=0.02).until(
        lambda d: d.execute_script(
            "return document.body.dataset.page === 'room' && document.body.dataset.liveAt;"
        )
    )
    return float(link), float(live)


def measure(reps: int = REPS) -> dict[str, list[float]] | str:
    """The timings of `reps` joins, or why they were skipped."""
    if not chromium_present():
        return "skipped: no chromium"
    timings: dict[str, list[float]] = {"link": [], "name": [], "total": []}
    with tempfile.TemporaryDirectory(prefix="sessie-bench-page-") as folder:
        for rep in range(reps + 1):
            # A new share and a new browser each time (neither started on the clock):
            # every phone comes to the meeting for the first time.
            server = ServeRoom(Path(folder) / f"r{rep}")
            try:
                join_url = server.start()
                with phone_browser() as driver:
                    link, name = one_join(driver, join_url, "Dries Maes")
            finally:
                server.stop()
            if rep == 0:
                continue  # warm-up: the first run of the browser and the disk
            timings["link"].append(link)
            timings["name"].append(name)
            timings["total"].append(link + name)
    return timings


def summary(timings: dict[str, list[float]] | str) -> str:
    if isinstance(timings, str):
        return timings
    return "; ".join(
        f"{label} {statistics.median(values):.0f} ms ({min(values):.0f}-{max(values):.0f})"
        for label, values in timings.items()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=REPS)
    args = parser.parse_args()
    started = time.monotonic()
    timings = measure(args.reps)
    print("Page ready on a 390x844 browser after the link is opened:")
    print(f"  median (min-max) of {args.reps}: {summary(timings)}")
    print(f"  ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

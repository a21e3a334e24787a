"""The benchmark's reveal figure: 30 sealed cards shown on the projector at once.

A running meeting in a written phase, shared with 30 devices (through the room file,
as the server records them); each device's participant has written a card. The
facilitator's app (headless, 160x45, the real screens) is on the phase screen; the
time is from the `v` key until every one of the 30 cards is on the screen, which
includes saving them into the session as notes. Run on its own with
`.venv/bin/python tests/bench/room_reveal.py [--reps N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))  # the tests' helpers: the same session as the tests

from room_helpers import SESSION_ID, written_session  # noqa: E402

from sessie_tui.app import create_app  # noqa: E402
from sessie_tui.config import Config  # noqa: E402
from sessie_tui.domain.clock import SystemClock  # noqa: E402
from sessie_tui.room.state import MAX_DEVICES, DeviceRole, RoomFile  # noqa: E402
from sessie_tui.storage.store import Store  # noqa: E402

CARDS = MAX_DEVICES
REPS = 5


def _sealed_meeting(store_path: Path) -> list[str]:
    """The meeting with its 30 cards written; the texts, to find them on the screen."""
    store = Store(store_path)
    live = written_session(store, SystemClock(), people=CARDS - 5)
    room = RoomFile(store, SESSION_ID, live.now)
    room.start_share()
    texts = []
    for number, person in enumerate(list(live.session.present())[:CARDS]):
        device, _token = room.join("phone")
        room.claim(device.id, person.id, DeviceRole.PARTICIPANT)
        texts.append(f"kaartje {number:02d}: ik zou eerst luisteren")
        live.write_card(room, person.id, texts[-1])
    return texts


async def _reveal_once(store_path: Path, texts: list[str]) -> float:
    app = create_app(store=Store(store_path), config=Config(), open_session=SESSION_ID)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        await pilot.press("v")
        while True:
            shown = "\n".join(str(widget.render()) for widget in app.screen.query("#notes-list"))
            if all(text in shown for text in texts):
                return time.perf_counter() - started
            if time.perf_counter() - started > 30:
                raise RuntimeError("the cards did not all show within 30 s")
            await pilot.pause(0.005)


def measure(reps: int = REPS) -> list[float]:
    """Seconds from `v` to all 30 cards on the projector, once per fresh meeting."""
    times = []
    for _ in range(reps):
        with tempfile.TemporaryDirectory(prefix="sessie-reveal-") as folder:
            texts = _sealed_meeting(Path(folder))
            times.append(asyncio.run(_reveal_once(Path(folder), texts)))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=REPS)
    times = measure(parser.parse_args().reps)
    print(
        f"reveal of {CARDS} cards on the projector: median {statistics.median(times) * 1000:.0f} ms"
        f", max {max(times) * 1000:.0f} ms over {len(times)} runs"
    )


if __name__ == "__main__":
    main()

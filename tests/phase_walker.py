"""A separate process that keeps moving a session through its phases, for the load tests.

    python phase_walker.py STORE SESSION STOP_FILE

Walks forward and back through the phases (the clock running along) until
STOP_FILE exists, then prints how many phase changes it made.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sessie_tui.domain.clock import SystemClock
from sessie_tui.live import LiveSession
from sessie_tui.storage.store import Store


def main() -> None:
    store, session_id, stop = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    live = LiveSession(Store(store), session_id, SystemClock())
    live.override_gate("load test")
    live.toggle_clock()
    changes, step = 0, 1
    while not stop.exists():
        live.refresh()
        phase = live.session.current_phase
        if not 0 <= phase + step < len(live.session.phases):
            step = -step
        live.go_to_phase(phase + step)
        changes += 1
        time.sleep(0.01)
    print(changes)


if __name__ == "__main__":
    main()

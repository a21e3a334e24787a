"""The cycle collector waits while the app starts, and runs again once its first screen stands.

In a child process each: the collector's state belongs to the whole process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def child(code: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_nothing_changes_unless_paused() -> None:
    seen = child(
        """
        import gc, json
        from sessie_tui import collection
        collection.resume()
        print(json.dumps({"enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}))
        """
    )
    assert seen == {"enabled": True, "frozen": 0}


def test_paused_then_resumed_collects_freezes_and_runs_again() -> None:
    seen = child(
        """
        import gc, json
        from sessie_tui import collection
        collection.pause()
        paused = not gc.isenabled()
        class Cycle:
            pass
        for _ in range(1000):  # garbage only the collector can free
            a, b = Cycle(), Cycle()
            a.other, b.other = b, a
            del a, b
        before = sum(isinstance(o, Cycle) for o in gc.get_objects())
        collection.resume()
        after = sum(isinstance(o, Cycle) for o in gc.get_objects())
        print(json.dumps({"paused": paused, "before": before, "after": after,
                          "enabled": gc.isenabled(), "frozen": gc.get_freeze_count() > 0}))
        """
    )
    assert seen == {"paused": True, "before": 2000, "after": 0, "enabled": True, "frozen": True}


@pytest.mark.slow  # the app in a process of its own
def test_the_app_lets_the_collector_run_once_its_first_screen_stands(tmp_path: Path) -> None:
    seen = child(
        f"""
        import asyncio, gc, json
        from pathlib import Path
        from sessie_tui import collection
        from sessie_tui.app import COLLECT_AFTER_SECONDS, create_app
        from sessie_tui.config import Config
        from sessie_tui.storage.store import Store

        async def main():
            collection.pause()
            app = create_app(store=Store(Path({str(tmp_path)!r}) / "store"), config=Config())
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                at_first_screen = gc.isenabled()
                await pilot.pause(COLLECT_AFTER_SECONDS + 0.5)
                return {{"at_first_screen": at_first_screen, "later": gc.isenabled()}}

        print(json.dumps(asyncio.run(main())))
        """
    )
    assert seen == {"at_first_screen": False, "later": True}

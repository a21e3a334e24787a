"""Python's cycle collector, held back while the app starts.

A start makes some 100,000 objects the collector tracks, most of them living as long as
the app does: modules, classes, the first screen's widgets. Python's cycle collector walks
them again and again while they are being made; on a start that was some 80 ms,
one full pass of about 40 ms among them, where a bare Textual app spends 30 ms
(issue 15). The command line holds the collector back until the first screen
stands (`pause`); the app then collects once, moves what is left out of the
collector's way for good (`gc.freeze`: what a start makes is what the app keeps),
and lets it run as usual (`resume`). Reference counting frees everything else
all along: only cycles wait, and only for that second.

Nothing here happens unless `pause` was called: the tests, which make many apps
in one process, leave the collector alone.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Hold the cycle collector back, until `resume` (the app's first screen stands)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Collect what the start left, keep the rest out of later passes, run as usual."""
    global _paused
    if not _paused:
        return
    _paused = False
    gc.collect()
    gc.freeze()
    gc.enable()

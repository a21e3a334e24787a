"""Start-up as a person sees it: `sessie-tui` in a real terminal (tmux), against a minimal
Textual app in the same terminal, in one run.

    .venv/bin/python tests/bench/tmux_startup.py [ROUNDS]     # default 7 rounds

Needs tmux. Each case is started with `exec` in a fresh tmux window of 120x40; the
pane is read (`tmux capture-pane`) as fast as tmux answers, and the start-up is the
time from the command to the last change of the pane before it stays still for
`QUIET` seconds: the screen has settled. The cases take turns round by round (the
order rotating, a first round discarded), medians are printed, and each as a ratio
to the minimal app (Header, TextArea, Footer) of the same run.

The cases: the home screen on an empty store and on the benchmark's large store (500
past sessions, 50,000 notes: `run.build_stores`), and `sessie-tui demo` (the sample
data loaded into an empty store, the meeting that is ready opened). Complements
`run.py`, which times the start headless, to the moment the screen is mounted and
idle, and includes the phase screen.
"""

from __future__ import annotations

import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench

QUIET = 1.2
"""Seconds the pane must stay the same for the screen to count as settled."""
SIZE = (120, 40)
SESSION = "sessie-startup"
MINIMAL = """
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, TextArea

class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield TextArea()
        yield Footer()

Minimal().run()
"""


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def settle(command: str) -> float:
    """Seconds from starting `command` in a fresh pane to its last change before stillness."""
    tmux("kill-session", "-t", SESSION)
    tmux("new-session", "-d", "-s", SESSION, "-x", str(SIZE[0]), "-y", str(SIZE[1]), "sh")
    time.sleep(0.3)
    tmux("send-keys", "-t", SESSION, f"clear; exec {command}", "Enter")
    started = time.perf_counter()
    last, changed = tmux("capture-pane", "-p", "-t", SESSION), started
    while time.perf_counter() - changed < QUIET:
        shown = tmux("capture-pane", "-p", "-t", SESSION)
        if shown != last:
            last, changed = shown, time.perf_counter()
    tmux("kill-session", "-t", SESSION)
    return changed - started


def main() -> int:
    if shutil.which("tmux") is None:
        print("tmux is needed for this measure")
        return 1
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory(prefix="sessie-tmux-bench-") as folder:
        work = Path(folder)
        minimal = work / "minimal.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        print("Building the stores ...", flush=True)
        stores = bench.build_stores(work, bench.load_methods().get(bench.METHOD_ID))
        sessie = Path(sys.executable).with_name("sessie-tui")
        env = (
            f"env TZ={bench.TIMEZONE} SESSIE_TUI_CONFIG={shlex.quote(str(work / 'config'))} "
            f"SESSIE_TUI_CACHE={shlex.quote(str(work / 'cache'))}"
        )

        def app(store: Path, *args: str) -> str:
            return f"{env} {shlex.quote(str(sessie))} --db {shlex.quote(str(store))} " + " ".join(
                args
            )

        cases = {
            "minimal": f"{env} {shlex.quote(sys.executable)} {shlex.quote(str(minimal))}",
            "home-empty": app(work / "empty-home"),
            "home-large": app(stores.large),
            "demo": app(work / "demo", "demo"),
        }
        names = list(cases)
        seconds: dict[str, list[float]] = {name: [] for name in names}
        for round_ in range(rounds + 1):
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:
                took = settle(cases[name])
                if round_:
                    seconds[name].append(took)
            print(f"  round {round_}/{rounds}{' (warm-up, discarded)' if not round_ else ''}")
        base = statistics.median(seconds["minimal"])
        print(f"\nSettled in tmux at {SIZE[0]}x{SIZE[1]}, medians of {rounds} rounds:")
        for name in names:
            median = statistics.median(seconds[name])
            spread = f"{min(seconds[name]):.2f}-{max(seconds[name]):.2f} s"
            print(f"  {name:11} {median:5.2f} s = {median / base:4.2f}x minimal  ({spread})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

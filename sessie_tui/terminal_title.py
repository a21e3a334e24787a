"""The terminal window's title: the phase and its time left, seen from another window.

A facilitator who switches to a slide or a mail still sees in the task bar or the
tab "Vragenronde · 3:12 — sessie-tui". Textual 8.2.8 sets no terminal title (the
header's `App.title` is drawn inside the window; Textual issue #1782 asks for the
terminal's and is open), so the title is written the way Textual writes its own
escapes (`App.copy_to_clipboard`): through the app's driver, the one writer of the
terminal. The sequence itself is Rich's (`Control.title`). On a headless or web
driver there is no window: the title is only kept, for tests and the next frame.

The title before the app started is pushed on the terminal's title stack (xterm's
window operations 22 and 23, which Rich does not offer) and popped on quit; a
terminal without that stack keeps the app's own name, never a stale phase.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.control import Control

from .textsafety import make_visible

if TYPE_CHECKING:
    from textual.app import App

PUSH_TITLE = "\x1b[22;0t"
POP_TITLE = "\x1b[23;0t"
APP_NAME = "sessie-tui"


def window_title(what: str) -> str:
    """`Vragenronde · 3:12 — sessie-tui`: what the window shows first, the app last."""
    return f"{what} — {APP_NAME}" if what else APP_NAME


class TerminalTitle:
    """Writes the window title when it changes (the clock ticks five times a second)."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self.shown = ""
        """The title last written: what the window says now."""
        self._owner: object | None = None
        """Who showed it (a phase screen), so that only they take it down."""

    def _write(self, data: str) -> None:
        # Textual has no public way to the terminal (see the module's docstring).
        driver = self._app._driver
        if driver is not None and not driver.is_headless and not driver.is_web:
            driver.write(data)

    def begin(self) -> None:
        """Keep the terminal's own title to give back at the end; show the app's name."""
        self._write(PUSH_TITLE)
        self.show("")

    def show(self, what: str, owner: object | None = None) -> None:
        """The window says `what` (user text included: made visible, never an escape)."""
        self._owner = owner
        title = window_title(make_visible(" ".join(what.split())))
        if title != self.shown:
            self.shown = title
            self._write(str(Control.title(title)))

    def release(self, owner: object) -> None:
        """The app's name again, if `owner` showed the title last. A phase screen that
        leaves after the next one came (a phase move) leaves that one's title alone."""
        if self._owner is owner:
            self.show("")

    def end(self) -> None:
        """On quit: the app's name, then the terminal's own title back where it can."""
        self.show("")
        self._write(POP_TITLE)

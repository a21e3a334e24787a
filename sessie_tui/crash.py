"""What happens on an unexpected error (a bug): nothing typed is lost, nothing private is shown.

The details (the traceback, never the values of local variables) go to a
private log file, and whatever was being typed goes to a private recovery
file beside it (both 0600, in a 0700 folder: the platform's user log folder,
or `SESSIE_TUI_LOG`). What is said to the user, on the projected screen or on
a terminal, is one plain sentence naming those files. Both the app's error
hook and the command line's last net come here; neither imports the other.
"""

from __future__ import annotations

import os
import platform
import secrets
import sys
import time
import traceback
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from . import __version__
from .domain.record import record
from .i18n import t
from .paths import log_dir
from .storage.atomic import DIR_MODE, write_atomic
from .textsafety import make_visible


@record
class Typed:
    """Text someone had typed into a field when the error came."""

    where: str
    text: str


@record
class CrashRecord:
    """Where an unexpected error left its details and what was being typed."""

    log: Path | None
    """The details; None if not even the log folder could be written."""
    recovery: Path | None
    """What was being typed; None when nothing was (or it could not be written)."""

    def message(self) -> str:
        """One plain sentence for the room, naming where things went."""
        if self.log is None:
            text = t("crash.unlogged")
        elif self.recovery is None:
            text = t("crash.logged", log=str(self.log))
        else:
            text = t("crash.logged_recovered", log=str(self.log), recovery=str(self.recovery))
        return make_visible(text)


def _private_folder() -> Path:
    folder = log_dir()
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    # mkdir's mode yields to the umask, and a folder made earlier keeps its own.
    os.chmod(folder, DIR_MODE)
    return folder


def _details(error: BaseException) -> str:
    # The plain traceback: file, line and code. No local variables: they would
    # hold note texts and names, and a log is sent along with a bug report.
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    return (
        f"sessie-tui {__version__}, Python {platform.python_version()} on {sys.platform}\n"
        f"{time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n\n" + "".join(lines)
    )


def record_crash(error: BaseException, typed: Sequence[Typed] = ()) -> CrashRecord:
    """Write the details and what was typed; never raises (it runs when something already did)."""
    stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"
    try:
        folder = _private_folder()
        log = folder / f"crash-{stamp}.log"
        write_atomic(log, _details(error).encode("utf-8", "backslashreplace"), replace=False)
    except Exception:
        return CrashRecord(None, None)
    recovery: Path | None = None
    kept = [item for item in typed if item.text.strip()]
    if kept:
        body = "\n\n".join(f"[{item.where}]\n{item.text}" for item in kept) + "\n"
        with suppress(Exception):
            path = folder / f"recovered-{stamp}.txt"
            write_atomic(path, body.encode("utf-8", "backslashreplace"), replace=False)
            recovery = path
    return CrashRecord(log, recovery)

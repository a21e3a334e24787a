"""A session's info fields, saved while they are typed.

Shortly after the last key, when the field is left and before its screen
closes: nothing typed is lost. What is saved is read from the fields
themselves at that moment, not pieced together from change events, so keys
that arrive in a burst (SSH, tmux, a fast typist) are all in it. A field
that must be read (a date, a time, a number) is checked first; what cannot be
read is not saved and stays waiting in its field, and the message names it.
While typing goes on the check is quiet (half a date is no mistake yet);
leaving the field or closing the screen says what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.timer import Timer

from ..domain.record import record
from ..i18n import t
from ..live import LiveSession
from .base import SessieModal, SessieScreen

SAVE_DELAY = 0.4


@record
class Reading:
    """How a typed field becomes the stored value; `parse` gives None for what is not one."""

    parse: Callable[[str], object | None]
    error: str
    """The catalog key of the message, given `{value}`: it names the field."""
    empty: object = ""
    """What an emptied field stores."""


class TypedInfo:
    """Saves fields of `live.session.info` for the screen they are typed on."""

    def __init__(
        self,
        screen: SessieScreen | SessieModal,
        live: LiveSession,
        readings: Mapping[str, Reading] | None = None,
    ) -> None:
        self._screen = screen
        self._live = live
        self._readings = readings or {}
        self._fields: dict[str, Callable[[], str]] = {}
        self._saved: dict[str, str] = {}
        """Each field's text as it was last saved (or shown): only a change is written."""
        self._waiting: list[str] = []
        self._told: dict[str, str] = {}
        """What each field held when it was last said to be wrong: said once, not at every step."""
        self._timer: Timer | None = None

    def watch(self, name: str, read: Callable[[], str]) -> None:
        """Save info field `name` from what `read` gives: the text of its widget."""
        self._fields[name] = read
        self._saved[name] = read()

    def typed(self, name: str) -> None:
        """A field changed: save it shortly."""
        if name not in self._fields:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._screen.set_timer(SAVE_DELAY, lambda: self.flush(quiet=True))

    @property
    def waiting(self) -> list[str]:
        """Fields holding what could not be saved at the last try (a date that is none)."""
        return list(self._waiting)

    def flush(self, *, quiet: bool = False, insist: bool = False) -> bool:
        """Save what was typed; False when a field holds something that cannot be saved.

        `quiet` says nothing of what cannot be saved; `insist` says it again, as the
        reason a screen does not close.
        """
        changes: dict[str, object] = {}
        texts: dict[str, str] = {}
        waiting = []
        for name, read in self._fields.items():
            text = read()
            if text == self._saved[name]:
                continue
            reading = self._readings.get(name)
            if reading is None:
                changes[name] = text
            elif not text.strip():
                changes[name] = reading.empty
            elif (value := reading.parse(text.strip())) is not None:
                changes[name] = value
            else:
                waiting.append(name)
                if not quiet and (insist or self._told.get(name) != text):
                    self._told[name] = text
                    self._screen.notify(t(reading.error, value=text), severity="error", timeout=8)
                continue
            texts[name] = text
        self._waiting = waiting
        if changes:
            if not self._screen.attempt(lambda: self._live.update_info(**changes)):
                # Refused (too long, the disk): it stays in its field, to be saved again.
                self._waiting += list(changes)
                return False
            self._saved.update(texts)
        return not self._waiting

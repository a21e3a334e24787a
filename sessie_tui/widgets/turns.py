"""The turn queue as the room sees it: who speaks now, who is next, who has spoken.

The line naming the current speaker is always shown and wraps rather than
being cut; in a tall window the name is drawn large, for the back of the room.
The full list shows beside the clock in a wide but low window; elsewhere a
single "next" line takes its place.
"""

from __future__ import annotations

from enum import Enum

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message

from .. import commands
from ..domain.clock import minutes_seconds
from ..domain.record import record
from ..domain.session import Session
from ..domain.turns import TurnQueue
from ..i18n import t
from ..textsafety import make_visible
from .big_text import BigContent, BigText
from .plain import Static


@record
class TurnView:
    """Everything the panel shows at one moment; derived, never stored."""

    queue: TurnQueue
    names: dict[str, str]
    used: dict[str, int]
    quota: int | None
    slice_left: float | None

    @classmethod
    def of(cls, session: Session, phase: int, elapsed: float) -> TurnView:
        spec = session.phases[phase]
        queue = session.turns(phase)
        everyone = queue.waiting + queue.spoken + queue.skipped
        turns = spec.turns
        slice_seconds = turns.slice_minutes * 60 if turns and turns.slice_minutes else None
        return cls(
            queue=queue,
            names={person: make_visible(session.name_of(person)) for person in everyone},
            used={person: session.contributions(phase, person) for person in everyone},
            quota=turns.quota if turns else None,
            slice_left=queue.slice_left(slice_seconds, elapsed),
        )

    def usage(self, person: str) -> str:
        used = self.used.get(person, 0)
        if self.quota:
            return t("turns.quota", used=used, quota=self.quota)
        return t("turns.count", used=used) if used else ""

    def now_line(self) -> Text:
        current = self.queue.current
        if current is None:
            key = "turns.all_done" if self.queue.finished else "turns.none"
            return Text(t(key), style="bold")
        line = Text(f"▶ {t('turns.now')} ", style="bold")
        line.append(self.names[current], style="bold reverse")
        details = [part for part in (self.usage(current), self._slice()) if part]
        if details:
            line.append("  " + " · ".join(details), style="bold")
        return line

    def now_content(self) -> BigContent:
        """The current speaker for the room: the name large where there is room."""
        current = self.queue.current
        if current is None:
            return BigContent("", self.now_line())
        details = " · ".join(part for part in (self.usage(current), self._slice()) if part)
        return BigContent(
            self.names[current],
            self.now_line(),
            above=Text(f"▶ {t('turns.now')}", style="bold"),
            below=Text(details, style="bold") if details else None,
        )

    def _slice(self) -> str:
        if self.slice_left is None:
            return ""
        if self.slice_left < 0:
            return t("turns.slice_over", time=minutes_seconds(-self.slice_left))
        return t("turns.slice_left", time=minutes_seconds(self.slice_left))

    def next_line(self) -> Text:
        upcoming = [self.names[p] for p in self.queue.upcoming]
        line = Text(t("turns.next") + " ", style="bold")
        line.append(", ".join(upcoming) if upcoming else "—")
        if self.queue.spoken:
            line.append("  ·  " + t("turns.spoken_count", count=len(self.queue.spoken)))
        return line

    def list_text(self) -> Text:
        text = Text()
        rows = [("▶" if p == self.queue.current else " ", p) for p in self.queue.waiting]
        rows += [("✓", p) for p in self.queue.spoken]
        rows += [("–", p) for p in self.queue.skipped]
        for mark, person in rows:
            style = "bold" if mark == "▶" else ("dim" if mark != " " else "")
            text.append(f"{mark} {self.names[person]}", style=style)
            usage = self.usage(person)
            if usage:
                text.append(f"  {usage}", style="dim")
            text.append("\n")
        text.append(t("turns.legend"), style="dim italic")
        return text


class TurnMove(Enum):
    """What the facilitator does to the queue; the value is the live session's intention."""

    NEXT = "next_speaker"
    SKIP = "skip_speaker"
    PUT_BACK = "put_back_speaker"
    SHUFFLE = "shuffle_turns"


class TurnPanel(Vertical, can_focus=True):
    """Who speaks, who is next; its keys (`t s a o`) move the queue while it has focus,
    through the screen (`Moved`)."""

    BINDINGS = commands.bindings(
        commands.NEXT_SPEAKER,
        commands.SKIP_SPEAKER,
        commands.PUT_BACK_SPEAKER,
        commands.SHUFFLE_TURNS,
    )

    class Moved(Message):
        def __init__(self, move: TurnMove) -> None:
            super().__init__()
            self.move = move

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: TurnView | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        queue = self._view.queue if self._view is not None else None
        if queue is None:
            return False
        if action == TurnMove.SHUFFLE.value:
            # Also once someone has spoken: the refusal says why, the key is not mute.
            return len(queue.waiting) + len(queue.spoken) + len(queue.skipped) > 1
        return queue.current is not None

    def action_next_speaker(self) -> None:
        self.post_message(self.Moved(TurnMove.NEXT))

    def action_skip_speaker(self) -> None:
        self.post_message(self.Moved(TurnMove.SKIP))

    def action_put_back_speaker(self) -> None:
        self.post_message(self.Moved(TurnMove.PUT_BACK))

    def action_shuffle_turns(self) -> None:
        self.post_message(self.Moved(TurnMove.SHUFFLE))

    def compose(self) -> ComposeResult:
        yield BigText(id="speaker-now")
        yield Static("", id="speaker-next")
        yield Static("", id="speaker-list")

    def show(self, view: TurnView) -> None:
        before = self._view.queue if self._view is not None else None
        self._view = view
        if before != view.queue:  # which keys work follows the queue
            self.refresh_bindings()
        self.query_one("#speaker-now", BigText).show(view.now_content())
        self.query_one("#speaker-next", Static).update(view.next_line())
        self.query_one("#speaker-list", Static).update(view.list_text())

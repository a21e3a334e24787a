"""The keys of the screen, on one line at the bottom: one widget, drawn as text.

What Textual's `Footer` shows, without its cost. The `Footer` composes a widget
per key and composes them all again whenever the screen's bindings change (the
focus moves, a panel opens, a phase turns), each new key styled on its own: on a
start that was a tenth of a second, a quarter of the whole start (issue 15). Here
the line is text, worked out from `Screen.active_bindings` when it is drawn; a
change of bindings is a repaint.

Like the compact footer: the key in bold, its label after it; keys of one group
side by side (`+-`, or spaced for letters: `g o x`) before the group's label; a
key whose action cannot run now is dimmed. A click on a key presses it.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import ActiveBinding
from textual.widget import Widget

from ..domain.record import record

if TYPE_CHECKING:
    from textual.screen import Screen


@record
class KeySpan:
    """Where a key stands on the bar: cells `start` up to `end`."""

    start: int
    end: int
    key: str
    display: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: tuple[KeySpan, ...] = ()
        self._line: Text | None = None
        """The line as last worked out; None when the bindings or the styles changed."""

    @property
    def spans(self) -> tuple[KeySpan, ...]:
        """The keys on the bar as last drawn, left to right (cropped ones included)."""
        return self._spans

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self._line = None
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line = None  # another theme: other colours for the keys

    def _shown(self) -> list[ActiveBinding]:
        """The keys to show: one per action (its first binding), in the screen's order."""
        by_action: dict[str, ActiveBinding] = {}
        for active in self.screen.active_bindings.values():
            if active.binding.show and active.binding.action not in by_action:
                by_action[active.binding.action] = active
        return list(by_action.values())

    def render(self) -> Text:
        # Worked out once per change: the screen is painted several times as it starts.
        if self._line is None:
            self._line = self._worked_out()
        return self._line

    def _worked_out(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        dim = Style(dim=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[KeySpan] = []

        def add_key(item: ActiveBinding) -> None:
            display = self.app.get_key_display(item.binding)
            start = line.cell_len
            line.append(display, key_style if item.enabled else key_style + dim)
            key = item.binding.key.split(",")[0].strip()
            spans.append(KeySpan(start, line.cell_len, key, display, item.enabled))

        def add_label(text: str, enabled: bool) -> None:
            if text:
                line.append(" ")
                line.append(text, description_style if enabled else description_style + dim)

        for group, members in groupby(self._shown(), lambda item: item.binding.group):
            items = list(members)
            if line.cell_len:
                line.append(" ")
            if group is None or len(items) == 1:
                for index, item in enumerate(items):
                    if index:
                        line.append(" ")
                    add_key(item)
                    add_label(item.binding.description, item.enabled)
                continue
            for index, item in enumerate(items):
                if index and not group.compact:
                    line.append(" ")
                add_key(item)
            add_label(group.description, any(item.enabled for item in items))
        self._spans = tuple(spans)
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it; on a dimmed key it rings the bell."""
        for span in self._spans:
            if span.start <= event.x < span.end:
                event.stop()
                if span.enabled:
                    self.app.simulate_key(span.key)
                else:
                    self.app.bell()
                return

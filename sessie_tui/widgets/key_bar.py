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


Chunk = tuple[Text, list[KeySpan]]
"""A key, or a group of keys, with its label: where each key stands within it."""


HELP_KEY = "f1"
"""The key that lists every key: kept on the bar when others do not fit."""
ELLIPSIS = "…"


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
        self._line_width = 0

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
        if self._line is None or self._line_width != self.size.width:
            self._line_width = self.size.width
            self._line = self._fitted(self._chunks(), self._line_width)
        return self._line

    def on_resize(self) -> None:
        self._line = None

    def _chunks(self) -> list[Chunk]:
        """The keys as the bar shows them, one piece per key or group of keys, each with
        where its keys stand within it."""
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        dim = Style(dim=True)
        chunks: list[Chunk] = []

        def new_chunk() -> Chunk:
            chunk: Chunk = (Text(end=""), [])
            chunks.append(chunk)
            return chunk

        def add_key(line: Text, spans: list[KeySpan], item: ActiveBinding) -> None:
            display = self.app.get_key_display(item.binding)
            start = line.cell_len
            line.append(display, key_style if item.enabled else key_style + dim)
            key = item.binding.key.split(",")[0].strip()
            spans.append(KeySpan(start, line.cell_len, key, display, item.enabled))

        def add_label(line: Text, text: str, enabled: bool) -> None:
            if text:
                line.append(" ")
                line.append(text, description_style if enabled else description_style + dim)

        for group, members in groupby(self._shown(), lambda item: item.binding.group):
            items = list(members)
            if group is None or len(items) == 1:
                for item in items:
                    line, spans = new_chunk()
                    add_key(line, spans, item)
                    add_label(line, item.binding.description, item.enabled)
                continue
            line, spans = new_chunk()
            for index, item in enumerate(items):
                if index and not group.compact:
                    line.append(" ")
                add_key(line, spans, item)
            add_label(line, group.description, any(item.enabled for item in items))
        return chunks

    def _fitted(self, chunks: list[Chunk], width: int) -> Text:
        """The pieces on one line. Where they do not all fit, pieces go from the right,
        whole, before the help key, which stays: what does not fit is in its list (and in
        the command palette), and a key cut in half is no key. `…` says that some went."""
        helps = {i for i, (_, spans) in enumerate(chunks) if any(s.key == HELP_KEY for s in spans)}
        kept = list(range(len(chunks)))

        def length(cut: bool) -> int:
            cells = sum(chunks[i][0].cell_len for i in kept) + max(len(kept) - 1, 0)
            return cells + (len(ELLIPSIS) + 1 if cut else 0)

        cut = False
        while width > 0 and length(cut) > width:
            droppable = [i for i in kept if i not in helps]
            if not droppable:
                break
            kept.remove(droppable[-1])
            cut = True
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[KeySpan] = []
        for position, index in enumerate(kept):
            if position:
                line.append(" ")
            if cut and index in helps:
                line.append(ELLIPSIS + " ")
                cut = False  # said once
            start = line.cell_len
            text, chunk_spans = chunks[index]
            line.append_text(text)
            spans.extend(
                KeySpan(start + span.start, start + span.end, span.key, span.display, span.enabled)
                for span in chunk_spans
            )
        if cut:
            line.append(" " + ELLIPSIS)
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

"""The command palette (ctrl+p) offers exactly the commands that apply right now.

It reads the screen's active bindings, the same ones the footer shows, so
a command is in the palette when and only when its key works. Each entry
shows its key, so the palette also teaches the keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from rich.align import Align
from rich.text import Text
from textual.binding import ActiveBinding
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.markup import escape
from textual.screen import Screen
from textual.widgets.option_list import Option

from .domain.record import record
from .i18n import t

KEY_STYLE = "bold"


@record
class AvailableCommand:
    """A command as the palette and the help list show it on the current screen."""

    id: str
    label: str
    help: str
    key: str
    active: ActiveBinding


def available_commands(screen: Screen[Any]) -> Iterator[AvailableCommand]:
    """The app's own commands usable on `screen` now, each once, in binding order,
    with every key that runs it ("del x"): a key that works is never left unlisted."""
    first: dict[str, ActiveBinding] = {}
    keys: dict[str, list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.id or not active.enabled:
            continue
        first.setdefault(binding.id, active)
        shown = keys.setdefault(binding.id, [])
        display = screen.app.get_key_display(binding)
        if display not in shown:
            shown.append(display)
    for command_id, active in first.items():
        yield AvailableCommand(
            id=command_id,
            label=t(f"cmd.{command_id}"),
            help=t(f"help.{command_id}"),
            key=" ".join(keys[command_id]),
            active=active,
        )


def entry_text(command: AvailableCommand) -> str:
    return f"{command.label}  [{command.key}]"


def entry(text: str, matcher: Matcher | None = None) -> Text:
    """A palette entry as literal text: the palette reads a str as markup, and would eat
    "[n]"; the letters the search matched are highlighted as Textual does."""
    shown = Text(text, end="")
    label_end = text.rfind("  [")
    shown.stylize(KEY_STYLE, label_end + 2)
    if matcher is not None:
        _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
        for offset in offsets:
            if not text[offset].isspace():
                shown.stylize("reverse", offset, offset + 1)
    return shown


class ScreenCommands(Provider):
    def _hits(self) -> Iterator[tuple[AvailableCommand, str]]:
        for command in available_commands(self.screen):
            if command.id != "palette":
                yield command, entry_text(command)

    def _run(self, command: AvailableCommand) -> Any:
        return partial(self.app.run_action, command.active.binding.action, command.active.node)

    async def discover(self) -> Hits:
        for command, text in self._hits():
            yield DiscoveryHit(entry(text), self._run(command), text, escape(command.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, text in self._hits():
            score = max(matcher.match(text), matcher.match(command.help) * 0.5)
            if score > 0:
                shown = entry(text, matcher)
                yield Hit(score, shown, self._run(command), text, escape(command.help))


class SessiePalette(CommandPalette):
    """Textual's palette, in the interface's language."""

    def __init__(self) -> None:
        super().__init__(placeholder=t("palette.placeholder"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's, which writes "No matches found" in English whatever the language.

        A private method, overridden because Textual has no public setting for that
        text (listed, with the reason, in `tests/test_textual_public_api.py`).
        """
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                message = Align.center(Text(t("palette.no_matches"), style="not bold"))
                self.query_one(CommandList).add_option(
                    Option(message, disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)

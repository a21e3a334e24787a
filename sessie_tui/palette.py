"""The command palette (ctrl+p) offers exactly the commands that apply right now.

It reads the screen's active bindings, the same ones the footer shows, so
a command is in the palette when and only when its key works.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.binding import ActiveBinding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from .i18n import t


@dataclass(frozen=True)
class AvailableCommand:
    id: str
    label: str
    help: str
    key: str
    active: ActiveBinding


def available_commands(screen: Screen[Any]) -> Iterator[AvailableCommand]:
    """The app's own commands usable on `screen` now, each once, in binding order."""
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.id or binding.id in seen or not active.enabled:
            continue
        seen.add(binding.id)
        yield AvailableCommand(
            id=binding.id,
            label=t(f"cmd.{binding.id}"),
            help=t(f"help.{binding.id}"),
            key=screen.app.get_key_display(binding),
            active=active,
        )


class ScreenCommands(Provider):
    def _hits(self) -> Iterator[tuple[AvailableCommand, str]]:
        for command in available_commands(self.screen):
            if command.id != "palette":
                yield command, f"{command.label}  [{command.key}]"

    def _run(self, command: AvailableCommand) -> Any:
        return partial(self.app.run_action, command.active.binding.action, command.active.node)

    async def discover(self) -> Hits:
        for command, text in self._hits():
            yield DiscoveryHit(text, self._run(command), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, text in self._hits():
            score = max(matcher.match(text), matcher.match(command.help) * 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(text), self._run(command), help=command.help)

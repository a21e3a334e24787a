"""F1: every key that works on the screen beneath, with what it does."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen

from .. import commands
from ..i18n import t
from ..palette import available_commands
from ..widgets.plain import Static, literal
from .base import SessieModal


class HelpScreen(SessieModal):
    BINDINGS = commands.bindings(commands.CANCEL)

    def __init__(self, beneath: Screen[Any]) -> None:
        super().__init__()
        self._beneath = beneath

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="help"):
            yield Static(t("help.title"), classes="dialog-title")
            yield Static(self._table(), id="keys")
            yield Static(t("help.footer"), classes="dialog-hint")

    def _table(self) -> Table:
        table = Table(box=None, expand=True, header_style="bold", pad_edge=False)
        # A Rich table reads a str cell as markup: every cell goes in as literal text.
        table.add_column(literal(t("help.key")), no_wrap=True, style="bold")
        table.add_column(literal(t("help.command")), no_wrap=True)
        table.add_column(literal(t("help.what")), ratio=1)
        for command in available_commands(self._beneath):
            # The id under the name: it is what config.toml's [keys] table remaps.
            name = Text.assemble(command.label, "\n", (command.id, "dim"))
            table.add_row(literal(command.key), name, literal(command.help))
        return table

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#dialog"))

    def action_cancel(self) -> None:
        self.dismiss(None)

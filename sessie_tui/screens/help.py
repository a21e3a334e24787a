"""F1: every key that works on the screen beneath, with what it does."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from .. import commands
from ..i18n import t
from ..palette import available_commands
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
        table.add_column(t("help.key"), no_wrap=True, style="bold")
        table.add_column(t("help.command"), no_wrap=True)
        table.add_column(t("help.what"), ratio=1)
        for command in available_commands(self._beneath):
            table.add_row(command.key, command.label, command.help)
        return table

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#dialog"))

    def action_cancel(self) -> None:
        self.dismiss(None)

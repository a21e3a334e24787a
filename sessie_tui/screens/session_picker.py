"""Which session to take notes in: the sessions in progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Header, OptionList
from textual.widgets.option_list import Option

from .. import commands
from ..catalog import CatalogEntry
from ..i18n import t
from ..widgets.in_order import OrderedOptionList
from ..widgets.key_bar import KeyBar
from ..widgets.plain import Static
from ..widgets.text import plain
from .base import SessieScreen


def in_progress(entries: list[CatalogEntry]) -> list[CatalogEntry]:
    return [entry for entry in entries if entry.status == "running"]


class SessionPicker(SessieScreen):
    """Opens the note-taker's view of the chosen session."""

    BINDINGS = commands.bindings(commands.CHOOSE)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="picker"):
            yield Static(t("picker.title"), classes="screen-title")
            yield OrderedOptionList(id="running")
            yield Static(t("picker.none"), id="none-running")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_sessions()

    def on_screen_resume(self) -> None:
        self.show_sessions()

    def show_sessions(self) -> None:
        listed = self.attempt_for(self.context.sessions.sessions)
        self.report_store_problems()
        entries = in_progress(listed.value if listed else [])
        options = self.query_one("#running", OptionList)
        options.clear_options()
        for entry in entries:
            label = " — ".join(p for p in (entry.topic, entry.network) if p) or entry.id
            options.add_option(Option(plain(f"{entry.date}  {label}  ({entry.id})"), id=entry.id))
        options.display = bool(entries)
        self.query_one("#none-running").display = not entries
        if entries:
            options.highlighted = 0
            self.set_focus(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.sessie.open_notes(event.option.id)

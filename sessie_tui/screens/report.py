"""The report before it is written: preview, file name, export and copy."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Label, Markdown, Static

from .. import commands
from ..i18n import t
from ..live import LiveSession
from ..report.export import default_report_name, write_report
from ..report.verslag import participants_report
from .base import SessieScreen
from .dialogs import Confirm


class ReportScreen(SessieScreen):
    BINDINGS = commands.bindings(commands.EXPORT, commands.COPY, commands.BACK)

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live
        self._text = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="report"):
            yield Static(t("report_screen.title"), classes="screen-title")
            with Horizontal(id="report-options"):
                yield Label(t("report_screen.path"), classes="field-label")
                yield Input(
                    value=str(self.context.report_dir / default_report_name(self.live.session)),
                    id="report-path",
                    compact=True,
                )
            with VerticalScroll(id="report-preview"):
                yield Markdown("", id="report-markdown")
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        self._text = participants_report(self.live.session, self.context.clock, self.context.lang)
        await self.query_one("#report-markdown", Markdown).update(self._text)
        self.query_one("#report-preview").focus()

    def _path(self) -> Path:
        return Path(self.query_one("#report-path", Input).value.strip()).expanduser()

    def _write(self, force: bool) -> None:
        path = self._path()
        if self.attempt(lambda: write_report(path, self._text, force=force)):
            self.notify(t("report_screen.written", path=str(path)), timeout=8)

    def action_export(self) -> None:
        path = self._path()
        if not path.name:
            self.notify(t("report_screen.no_path"), severity="error")
            return
        if path.exists():

            def overwrite(sure: bool | None) -> None:
                if sure:
                    self._write(force=True)

            self.app.push_screen(Confirm(t("report_screen.overwrite", path=str(path))), overwrite)
            return
        self._write(force=False)

    def action_copy_report(self) -> None:
        # The terminal's clipboard escape (OSC 52): it also works over SSH.
        self.app.copy_to_clipboard(self._text)
        self.notify(t("report_screen.copied"))

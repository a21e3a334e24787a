"""The report before it is written: for whom, a preview, the file, export and copy."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, Markdown

from .. import commands
from ..i18n import t
from ..report import Audience, ReportSource
from ..report.export import write_report
from ..widgets.plain import Label, Static
from ..widgets.safe_input import SafeInput
from ..widgets.text import plain
from .base import SessieScreen
from .dialogs import Confirm


class ReportScreen(SessieScreen):
    BINDINGS = commands.bindings(commands.AUDIENCE, commands.EXPORT, commands.COPY, commands.BACK)

    def __init__(self, source: ReportSource, audience: Audience = Audience.PARTICIPANTS) -> None:
        super().__init__()
        self.source = source
        self.audience = audience
        self._text = ""
        self._proposed = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="report"):
            yield Static(
                plain(t("report_screen.title_of", title=self.source.title)), classes="screen-title"
            )
            with Horizontal(id="report-audience"):
                yield Label(t("report_screen.audience"), classes="field-label")
                yield Static("", id="audience")
            with Horizontal(id="report-options"):
                yield Label(t("report_screen.path"), classes="field-label")
                yield SafeInput(id="report-path", compact=True)
            with VerticalScroll(id="report-preview"):
                yield Markdown("", id="report-markdown")
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        await self._show()
        self.set_focus(self.query_one("#report-preview"))

    async def _show(self) -> None:
        context = self.context
        self._text = self.source.build(self.audience)
        self.query_one("#audience", Static).update(t(f"report_screen.for.{self.audience.value}"))
        path_input = self.query_one("#report-path", Input)
        # Follow the audience in the proposed name, unless the user typed their own.
        if not path_input.value or path_input.value == self._proposed:
            name = self.source.file_name(self.audience)
            self._proposed = str(context.report_dir / name)
            path_input.value = self._proposed
        await self.query_one("#report-markdown", Markdown).update(self._text)

    async def action_switch_audience(self) -> None:
        others = [a for a in Audience if a is not self.audience]
        self.audience = others[0]
        await self._show()

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

"""The report before it is written: for whom, a preview, the file, export and copy."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Input, Markdown

from .. import commands
from ..domain.privacy import Label as DetailLabel
from ..i18n import t, tn
from ..live import LiveSession
from ..pseudonymise import chosen, flagged_details
from ..report import Audience, ReportSource
from ..report.drafts import Draft, write_drafts
from ..report.export import write_report
from ..report.leaving import describe, recipients_lines, to_file, without_address_line
from ..widgets.key_bar import KeyBar
from ..widgets.plain import Label, Static
from ..widgets.privacy_flag import label_text
from ..widgets.safe_input import SafeInput
from ..widgets.text import plain, plain_lines
from .base import SessieScreen
from .dialogs import Confirm
from .leaving import WhatLeaves
from .privacy import PseudonymiseDialog

WEB_PAGE_SUFFIXES = (".html", ".htm")


def fold_path(path: str, width: int) -> list[str]:
    """A path cut into lines of at most `width` cells, after the last `/` that fits."""
    lines: list[str] = []
    while cell_len(path) > width > 0:
        cut = width
        while cell_len(path[:cut]) > width:
            cut -= 1
        slash = path.rfind("/", 0, cut)
        if slash > 0:
            cut = slash + 1
        lines.append(path[:cut])
        path = path[cut:]
    return [*lines, path]


class ReportScreen(SessieScreen):
    BINDINGS = commands.bindings(
        commands.AUDIENCE,
        commands.EXPORT,
        commands.DRAFTS,
        commands.COPY,
        commands.PSEUDONYMISE,
        commands.BACK,
    )

    def __init__(
        self,
        source: ReportSource,
        audience: Audience = Audience.PARTICIPANTS,
        live: LiveSession | None = None,
    ) -> None:
        super().__init__()
        self.source = source
        self.live = live
        """The session reported on, to pseudonymise (none for a network's report)."""
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
            # The whole path, wrapped, when the field is too narrow to show it at once.
            yield Static("", id="report-full-path")
            yield Static("", id="report-privacy")
            with VerticalScroll(id="report-preview"):
                yield Markdown("", id="report-markdown")
        yield KeyBar()

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
            # Keep the file name in view: a long folder scrolls off to the left instead.
            path_input.cursor_position = len(self._proposed)
        self.call_after_refresh(self._fit_path)
        self._show_privacy()
        await self.query_one("#report-markdown", Markdown).update(self._text)
        # Again once the preview is laid out: on the first show the field had no size yet.
        self.call_after_refresh(self._fit_path)

    def _show_privacy(self) -> None:
        """How many details the guard flags in the session: beside the report, never in it."""
        line = self.query_one("#report-privacy", Static)
        line.display = self.live is not None
        if self.live is not None:
            count = len(flagged_details(self.live.session))
            key = self.app.get_key_display(commands.PSEUDONYMISE.binding())
            line.update(tn("privacy.summary", count, keys=key) if count else t("privacy.none"))

    def _fit_path(self) -> None:
        """Once the field has its size: its end in view, and the whole path below if needed."""
        path_input = self.query_one("#report-path", Input)
        if path_input.cursor_position == len(path_input.value):
            end = cell_len(path_input.value) + 1 - path_input.content_size.width
            path_input.scroll_to(x=max(0, end), animate=False, immediate=True, force=True)
        self._show_full_path()

    def _show_full_path(self) -> None:
        path_input = self.query_one("#report-path", Input)
        full_path = self.query_one("#report-full-path", Static)
        too_long = cell_len(path_input.value) >= path_input.content_size.width
        full_path.display = too_long
        if too_long:
            width = self.query_one("#report").content_size.width - 2
            full_path.update(plain_lines("\n".join(fold_path(path_input.value, width))))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "report-path":
            self._show_full_path()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_path)

    async def action_switch_audience(self) -> None:
        others = [a for a in Audience if a is not self.audience]
        self.audience = others[0]
        await self._show()

    def _path(self) -> Path:
        return Path(self.query_one("#report-path", Input).value.strip()).expanduser()

    def _file_text(self, path: Path) -> str:
        """The markdown, or the web page for a name that ends in `.html` (prints to PDF)."""
        if path.suffix.lower() in WEB_PAGE_SUFFIXES:
            return self.source.html(self.audience)
        return self._text

    def _write(self, path: Path, force: bool) -> None:
        text = self._file_text(path)
        if self.attempt(lambda: write_report(path, text, force=force)):
            self.notify(t("report_screen.written", path=str(path)), timeout=8)

    def applies(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drafts":
            return self.source.drafts is not None
        if action == "pseudonymise":
            return self.live is not None
        return True

    def action_export(self) -> None:
        path = self._path()
        if not path.name:
            self.notify(t("report_screen.no_path"), severity="error")
            return
        lines = describe(self.source.leaves(self.audience), self.context.lang, [])
        lines.append(to_file(str(path), self.context.lang))

        def accepted(sure: bool | None) -> None:
            if sure:
                self._write_asking(path)

        self.app.push_screen(WhatLeaves(lines), accepted)

    def _write_asking(self, path: Path) -> None:
        """Write; over an existing file only once the facilitator said so."""
        if path.exists():

            def overwrite(sure: bool | None) -> None:
                if sure:
                    self._write(path, force=True)

            self.app.push_screen(Confirm(t("report_screen.overwrite", path=str(path))), overwrite)
            return
        self._write(path, force=False)

    def action_drafts(self) -> None:
        """Both reports as e-mail drafts, beside the file above; nothing is sent."""
        if self.source.drafts is None:
            self.notify(t("report_screen.no_drafts"), severity="warning")
            return
        folder = self._path().parent
        done = self.attempt_for(lambda: self.source.drafts(folder))  # type: ignore[misc]
        if done is None:
            return
        drafts: list[Draft] = done.value
        lang = self.context.lang
        lines: list[str] = []
        for draft in drafts:
            to = draft.to.name if draft.to else None
            where = recipients_lines(to, [r.name for r in draft.blind], lang)
            if draft.addressees.without_address:
                where.append(without_address_line(draft.addressees.without_address, lang))
            where.append(to_file(str(draft.path), lang))
            lines += [*describe(self.source.leaves(draft.audience), lang, where), ""]

        def accepted(sure: bool | None) -> None:
            if sure:
                self._write_drafts_asking(drafts)

        self.app.push_screen(WhatLeaves(lines[:-1]), accepted)

    def _write_drafts_asking(self, drafts: list[Draft]) -> None:
        existing = [str(d.path) for d in drafts if d.path.exists()]
        if existing:

            def overwrite(sure: bool | None) -> None:
                if sure:
                    self._write_drafts(drafts, force=True)

            question = t("report_screen.drafts_overwrite", paths=", ".join(existing))
            self.app.push_screen(Confirm(question), overwrite)
            return
        self._write_drafts(drafts, force=False)

    def _write_drafts(self, drafts: list[Draft], force: bool) -> None:
        if self.attempt(lambda: write_drafts(drafts, force=force)):
            paths = ", ".join(str(d.path) for d in drafts)
            self.notify(t("report_screen.drafts_written", paths=paths), timeout=10)
            for draft in drafts:
                if draft.addressees.without_address:
                    line = without_address_line(draft.addressees.without_address, self.context.lang)
                    self.notify(line, severity="warning", timeout=15)

    def action_pseudonymise(self) -> None:
        live = self.live
        if live is None:
            return
        live.refresh()
        details = flagged_details(live.session)
        if not details:
            self.notify(t("privacy.none"))
            return
        labels = {label: label_text(label) for label in DetailLabel}

        def replace(replacements: dict[str, str], sure: bool | None) -> None:
            done = sure and self.attempt_for(lambda: live.pseudonymise(replacements))
            if done:
                self.notify(t("privacy.done", count=done.value))
                self.source = self.sessie.session_report(live)
                self.run_worker(self._show(), exclusive=True)

        def chosen_ones(kept: set[str] | None) -> None:
            if kept is None:
                return
            replacements = chosen(details, kept, labels)
            if not replacements:
                self.notify(t("privacy.nothing"))
                return
            question = t("privacy.confirm", count=len(replacements))
            self.app.push_screen(Confirm(question), lambda sure: replace(replacements, sure))

        self.app.push_screen(PseudonymiseDialog(details), chosen_ones)

    def action_copy_report(self) -> None:
        # The terminal's clipboard escape (OSC 52): it also works over SSH.
        self.app.copy_to_clipboard(self._text)
        self.notify(t("report_screen.copied"))

"""The list of flagged details before they are replaced: keep or replace, each.

Opened from the report screen (`p`). Every detail the privacy guard found in the
session is one row, with its kind, the text as typed, the label it becomes and how
often it occurs; the line below the list shows where it was first found, to judge
it by. Every detail is replaced unless the facilitator keeps it (`space`); `ctrl+s`
goes on (the report screen asks once more before anything is changed), `esc` goes
back without a change. The list lives only on this screen: no report shows it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets.data_table import ColumnKey

from .. import commands
from ..i18n import t
from ..pseudonymise import Detail
from ..widgets.plain import Static
from ..widgets.privacy_flag import label_text
from ..widgets.table import DataTable, OrderedTable
from ..widgets.text import plain
from .base import SessieModal


class PseudonymiseDialog(SessieModal):
    """Dismisses with the texts to keep (a set), or None when cancelled."""

    AUTO_FOCUS = "#privacy-details"
    BINDINGS = commands.bindings(commands.KEEP_DETAIL, commands.REPLACE_DETAILS, commands.CANCEL)

    def __init__(self, details: list[Detail]) -> None:
        super().__init__()
        self.details = details
        self.kept: set[str] = set()
        self._columns: list[ColumnKey] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="wide privacy"):
            yield Static(t("privacy.title"), classes="dialog-title")
            yield Static(t("privacy.intro"), classes="dialog-question")
            yield OrderedTable(id="privacy-details", cursor_type="row", zebra_stripes=True)
            yield Static("", id="privacy-context")
            yield Static(t("privacy.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one("#privacy-details", DataTable)
        self._columns = table.add_columns(
            t("privacy.col.choice"),
            t("privacy.col.detail"),
            t("privacy.col.label"),
            t("privacy.col.count"),
            t("privacy.col.kind"),
        )
        for index, detail in enumerate(self.details):
            table.add_row(*self._cells(detail), key=str(index))
        self._show_context()

    def _cells(self, detail: Detail) -> list[object]:
        kept = detail.text in self.kept
        choice = t("privacy.choice_keep") if kept else t("privacy.choice_replace")
        return [
            ("○ " if kept else "● ") + choice,
            plain(detail.text),
            label_text(detail.label),
            str(detail.count),
            t(f"privacy.kind.{detail.kind.value}"),
        ]

    def _selected(self) -> Detail | None:
        table = self.query_one("#privacy-details", DataTable)
        if not self.details or table.cursor_row < 0:
            return None
        return self.details[min(table.cursor_row, len(self.details) - 1)]

    def _show_context(self) -> None:
        detail = self._selected()
        line = plain(f"{t('privacy.col.context')}: …{detail.context}…") if detail else plain("")
        self.query_one("#privacy-context", Static).update(line)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_context()

    def action_toggle_keep(self) -> None:
        detail = self._selected()
        if detail is None:
            return
        self.kept ^= {detail.text}
        table = self.query_one("#privacy-details", DataTable)
        row = str(self.details.index(detail))
        for column, value in zip(self._columns, self._cells(detail), strict=True):
            table.update_cell(row, column, value)

    def action_replace_details(self) -> None:
        self.dismiss(set(self.kept))

    def action_cancel(self) -> None:
        self.dismiss(None)

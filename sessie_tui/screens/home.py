"""Home: the sessions in the store; start a new one or pick one up again."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import Header

from .. import commands
from ..catalog import CatalogEntry
from ..i18n import language, t
from ..widgets.key_bar import KeyBar
from ..widgets.paged_table import PagedTable
from ..widgets.plain import Static
from ..widgets.table import DataTable
from ..widgets.text import plain
from .base import SessieScreen

if TYPE_CHECKING:
    from .method_picker import Picked

DATE_WIDTH = 10
STATUS_WIDTH = 16
RETENTION_AFTER_SECONDS = 0.3
"""When the first list is up, the meetings that soon lose their content are named."""


def status_label(entry: CatalogEntry) -> str:
    label = t(f"status.{entry.status}")
    return f"{label} · {t('status.practice')}" if entry.practice else label


def entry_method_title(entry: CatalogEntry) -> str:
    title = entry.method_title
    return title.get(language()) or title.get("nl") or entry.method_id


class HomeScreen(SessieScreen):
    BINDINGS = commands.bindings(
        commands.NEW_SESSION,
        commands.OPEN_SESSION,
        commands.REPORT,
        commands.PRACTICE,
        commands.NETWORKS,
        commands.DELETE_SESSION,
        commands.SHOW_PRACTICE,
        commands.QUIT_SHOWN,
    )

    def __init__(self) -> None:
        super().__init__()
        self._entries: dict[str, CatalogEntry] = {}
        self._show_practice = True
        self._filled_width: int | None = None
        self._retention_planned = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(t("home.heading"), classes="screen-title")
            yield PagedTable(id="sessions", cursor_type="row", zebra_stripes=True)
            yield Static("", id="session-detail")
            yield Static("", id="retention-soon")
            yield Static(t("home.empty"), id="empty")
        yield KeyBar()

    def on_resize(self) -> None:
        # Only the columns follow the width: the store is read when the screen is shown.
        if self._filled_width not in (None, self.app.size.width):
            self._fill_table(list(self._entries.values()))

    def _columns(self, table: DataTable) -> None:
        """Date and status fixed; the meeting takes the rest of the window's width."""
        table.clear(columns=True)
        padding = 2 * table.cell_padding * 3 + 4  # the cells' and the screen's own
        meeting = max(self.app.size.width - DATE_WIDTH - STATUS_WIDTH - padding, 20)
        table.add_column(t("home.col.date"), key="date", width=DATE_WIDTH)
        table.add_column(t("home.col.meeting"), key="meeting", width=meeting)
        table.add_column(t("home.col.status"), key="status", width=STATUS_WIDTH)

    def on_screen_resume(self) -> None:
        # Covered at once by another screen: the store is read when this one shows.
        # Under a dialog it shows: read now.
        if self.is_active or self.app.screen.is_modal:
            self.refresh_sessions()

    def refresh_sessions(self) -> None:
        listed = self.attempt_for(
            lambda: self.context.sessions.sessions(include_practice=self._show_practice)
        )
        entries = listed.value if listed else []
        self.report_store_problems()
        self._entries = {entry.id: entry for entry in entries}
        self._fill_table(entries)
        if self._retention_planned:
            self._show_retention()
        else:
            # The first time only once the list is on the wall: planning imports the
            # retention rules and the time zones, a fifth of a start for a side note.
            self._retention_planned = True
            self.set_timer(RETENTION_AFTER_SECONDS, self._show_retention)

    def _show_retention(self) -> None:
        """Which meetings lose their case content within a week (see `retention`)."""
        entries = list(self._entries.values())
        catalog = self.context.sessions
        today = catalog.today()
        planned = catalog.retention_plan(entries, self.context.config.retention_days)
        soon = [item for item in planned if item.soon(today)]
        line = self.query_one("#retention-soon", Static)
        line.display = bool(soon)
        if soon:
            meetings = "; ".join(
                f"{self._entries[item.session_id].topic or item.session_id} ({item.removal_date})"
                for item in soon
            )
            line.update(plain(t("retention.home_soon", meetings=meetings)))

    def _fill_table(self, entries: list[CatalogEntry]) -> None:
        self._filled_width = self.app.size.width
        table = self.query_one("#sessions", PagedTable)
        row = table.cursor_row
        self._columns(table)
        # Every session is given; the table adds the rows as they come into view.
        table.set_rows(((entry.id, partial(self._cells, entry)) for entry in entries), reach=row)
        if entries:
            current = min(max(row, 0), len(entries) - 1)
            table.move_cursor(row=current)
            # Now, not when the table says so after its first frame: a detail of two
            # lines then shrank the table, and the screen changed after it first stood.
            self._show_detail(entries[current])
        empty = not entries
        table.display = not empty
        self.query_one("#session-detail").display = not empty
        self.query_one("#empty").display = empty
        if not empty:
            self.set_focus(table)
        self.refresh_bindings()

    @staticmethod
    def _cells(entry: CatalogEntry) -> tuple[str, Text, str]:
        # The topic first: it is what tells the meetings of one network apart.
        meeting = " — ".join(part for part in (entry.topic, entry.network) if part)
        return entry.date, plain(meeting), status_label(entry)

    def _selected(self) -> CatalogEntry | None:
        table = self.query_one("#sessions", DataTable)
        if not self._entries or table.cursor_row < 0 or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return self._entries.get(key or "")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        entry = self._entries.get(event.row_key.value or "")
        if entry is not None:
            self._show_detail(entry)

    def _show_detail(self, entry: CatalogEntry) -> None:
        """The highlighted meeting's network, number, place, method and id, under the list."""
        parts = [entry.network or t("home.no_network")]
        if entry.number:
            parts.append(t("home.meeting_number", number=entry.number))
        if entry.place:
            parts.append(entry.place)
        parts.append(entry_method_title(entry))
        parts.append(f"id {entry.id}")
        self.query_one("#session-detail", Static).update(plain(" · ".join(parts)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_session()

    def applies(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_session", "report", "delete_session"):
            return self._selected() is not None
        return True

    # -- actions -------------------------------------------------------------------------

    def action_new_session(self) -> None:
        from .method_picker import MethodPicker

        self.app.push_screen(MethodPicker(self.context.methods), self._create_with)

    def _create_with(self, picked: Picked | None) -> None:
        if picked is None:
            return
        from .setup import SetupScreen

        context = self.context
        created = self.attempt_for(
            lambda: context.sessions.create_session(
                method=picked.method, lang=context.lang, timezone=context.config.timezone or None
            )
        )
        live = self.sessie.live_session(created.value) if created else None
        if live is not None:
            self.attempt(lambda: picked.record_in(live))
            self.app.push_screen(SetupScreen(live, new=True))

    def action_open_session(self) -> None:
        entry = self._selected()
        if entry is not None:
            self.sessie.open_session(entry.id)
            self._drop_if_set_aside(entry.id)

    def _drop_if_set_aside(self, session_id: str) -> None:
        """A session found damaged on opening is moved aside: the list no longer offers it."""
        if not self.context.sessions.session_exists(session_id):
            self.refresh_sessions()

    def action_report(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        from .report import ReportScreen

        live = self.sessie.live_session(entry.id)
        if live is not None:
            self.app.push_screen(ReportScreen(self.sessie.session_report(live), live=live))
        else:
            self._drop_if_set_aside(entry.id)

    def action_practice(self) -> None:
        """Rehearse a method with the sample network, on a clock sixty times as fast."""

        def rehearse(picked: Picked | None) -> None:
            if picked is None:
                return
            from .setup import SetupScreen

            context = self.context
            created = self.attempt_for(
                lambda: context.sessions.create_practice_session(picked.method, context.lang)
            )
            live = self.sessie.live_session(created.value) if created else None
            if live is not None:
                self.attempt(lambda: picked.record_in(live))
                self.app.push_screen(SetupScreen(live))

        from .method_picker import MethodPicker

        self.app.push_screen(MethodPicker(self.context.methods), rehearse)

    def action_networks(self) -> None:
        from .networks import NetworksScreen

        self.app.push_screen(NetworksScreen())

    def action_delete_session(self) -> None:
        """Delete a session from the store's files, after saying what will be gone."""
        entry = self._selected()
        if entry is None:
            return
        label = " — ".join(p for p in (entry.topic, entry.network) if p) or entry.id
        question = t("home.delete", what=f"{entry.date} {label}", id=entry.id)

        def delete(sure: bool | None) -> None:
            if sure and self.attempt(lambda: self.context.sessions.delete_session(entry.id)):
                self.notify(t("home.deleted", id=entry.id))
            self.refresh_sessions()

        from .dialogs import Confirm

        self.app.push_screen(Confirm(question), delete)

    def action_toggle_practice(self) -> None:
        self._show_practice = not self._show_practice
        self.refresh_sessions()

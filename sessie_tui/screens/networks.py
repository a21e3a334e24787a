"""The learning networks in the store: open one, start one, archive or delete one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import Header

from .. import commands
from ..domain.network import Network, NetworkStatus
from ..errors import UserFacingError
from ..i18n import t
from ..widgets.key_bar import KeyBar
from ..widgets.plain import Static
from ..widgets.table import DataTable, OrderedTable
from ..widgets.text import plain
from .base import SessieScreen
from .dialogs import Confirm, Field, Form


class NetworksScreen(SessieScreen):
    BINDINGS = commands.bindings(
        commands.NEW_NETWORK,
        commands.OPEN_NETWORK,
        commands.ARCHIVE_NETWORK,
        commands.DELETE_NETWORK,
        commands.BACK,
    )

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="networks"):
            yield Static(t("networks.title"), classes="screen-title")
            yield OrderedTable(id="network-list", cursor_type="row", zebra_stripes=True)
            yield Static(t("networks.empty"), id="no-networks")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#network-list", DataTable)
        table.add_columns(
            t("networks.col.name"), t("networks.col.members"), t("networks.col.status")
        )
        self.show_networks()

    def on_screen_resume(self) -> None:
        self.show_networks()

    def _networks(self) -> list[Network]:
        catalog = self.context.sessions
        found = []
        for network_id in catalog.network_ids():
            try:
                found.append(catalog.open_network(network_id).network)
            except UserFacingError as error:
                self.report_error(error)  # the others are still listed
        return sorted(found, key=lambda n: (n.status is NetworkStatus.ARCHIVED, n.name.casefold()))

    def show_networks(self) -> None:
        table = self.query_one("#network-list", DataTable)
        row = table.cursor_row
        table.clear()
        networks = self._networks()
        for network in networks:
            table.add_row(
                plain(network.name),
                str(len(network.members)),
                t(f"networks.status.{network.status.value}"),
                key=network.id,
            )
        if networks:
            table.move_cursor(row=min(max(row, 0), len(networks) - 1))
            self.set_focus(table)
        table.display = bool(networks)
        self.query_one("#no-networks").display = not networks
        self.refresh_bindings()

    def _selected(self) -> str | None:
        table = self.query_one("#network-list", DataTable)
        if not table.display or table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value

    def applies(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_network", "archive_network", "delete_network"):
            return self._selected() is not None
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_network()

    def action_new_network(self) -> None:
        form = Form(
            t("networks.new"),
            [
                Field("name", t("network.field.name")),
                Field("theme", t("network.field.theme")),
                Field("goal", t("network.field.goal")),
            ],
        )

        def create(values: dict[str, str] | None) -> None:
            if values is None:
                return
            context = self.context
            created = self.attempt_for(
                lambda: context.sessions.create_network(
                    name=values["name"],
                    theme=values["theme"],
                    goal=values["goal"],
                    lang=context.lang,
                )
            )
            if created:
                self.sessie.open_network(created.value)

        self.app.push_screen(form, create)

    def action_open_network(self) -> None:
        network_id = self._selected()
        if network_id:
            self.sessie.open_network(network_id)

    def action_archive_network(self) -> None:
        network_id = self._selected()
        if network_id is None:
            return
        live = self.context.sessions.open_network(network_id)
        archived = live.network.status is NetworkStatus.ARCHIVED
        self.attempt(lambda: live.set_archived(not archived))
        self.show_networks()

    def action_delete_network(self) -> None:
        network_id = self._selected()
        if network_id is None:
            return
        live = self.context.sessions.open_network(network_id)
        removal = live.what_delete_removes()
        question = t(
            "networks.delete",
            name=live.network.name,
            sessions=removal.sessions,
            members=removal.members,
        )

        def delete(sure: bool | None) -> None:
            if sure and self.attempt(live.delete):
                self.notify(t("networks.deleted", name=live.network.name))
            self.show_networks()

        self.app.push_screen(Confirm(question), delete)

"""The confidentiality agreement, and each present participant's acknowledgement.

The case cannot be told before everyone present acknowledged, unless the
facilitator overrides; the override is recorded with who was missing.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.widgets import Header

from .. import commands
from ..domain.confidentiality import current_acknowledgements
from ..domain.dates import clock_time
from ..domain.session import participants_in_order
from ..i18n import t
from ..live import LiveSession
from ..widgets.key_bar import KeyBar
from ..widgets.plain import Static
from ..widgets.table import DataTable, OrderedTable
from ..widgets.text import plain, plain_lines
from .base import SessieScreen
from .dialogs import Prompt
from .setup import role_label


class ConfidentialityScreen(SessieScreen):
    BINDINGS = commands.bindings(
        commands.CONTINUE,
        commands.ACKNOWLEDGE,
        commands.on_enter(commands.ACKNOWLEDGE),
        commands.OVERRIDE,
        commands.ROOM,
        commands.BACK,
    )

    def __init__(self, live: LiveSession, *, return_to_phase: bool = False) -> None:
        super().__init__()
        self.live = live
        self._return_to_phase = return_to_phase

    def compose(self) -> ComposeResult:
        session = self.live.session
        yield Header()
        with Vertical(id="confidentiality"):
            yield Static(t("conf.title", version=session.agreement.version), classes="screen-title")
            with VerticalScroll(id="agreement"):
                yield Static(plain_lines(session.agreement.text), id="agreement-text")
            yield Static("", id="ack-status", classes="section-title")
            yield OrderedTable(id="acks", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#acks", DataTable)
        table.add_column(t("setup.col.name"), key="name")
        table.add_column(t("setup.col.role"), key="role")
        table.add_column(t("conf.col.acknowledged"), key="ack")
        self._show()
        self.set_focus(table)

    def _show(self) -> None:
        session = self.live.session
        table = self.query_one("#acks", DataTable)
        row = table.cursor_row
        table.clear()
        standing = current_acknowledgements(session.acknowledgements, session.agreement.version)
        present = [p for p in participants_in_order(session.participants.values()) if p.present]
        for person in present:
            ack = standing.get(person.id)
            mark = (
                Text(f"✓ {clock_time(ack.at, session.timezone)}", style="bold")
                if ack
                else Text("—")
            )
            table.add_row(plain(person.name), role_label(person.role), mark, key=person.id)
        if present:
            table.move_cursor(row=min(max(row, 0), len(present) - 1))
        missing = session.missing_acknowledgements()
        if not missing:
            status = t("conf.all_done")
        elif session.overrides:
            status = t("conf.overridden", count=len(missing))
        else:
            status = t("conf.progress", done=len(present) - len(missing), total=len(present))
        self.query_one("#ack-status", Static).update(status)
        self.refresh_bindings()

    def _selected_id(self) -> str | None:
        table = self.query_one("#acks", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value

    def action_room(self) -> None:
        from .share import ShareScreen  # the room's model and server: with a share only

        self.app.push_screen(ShareScreen(self.live))

    def applies(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "override":
            session = self.live.session
            return bool(session.missing_acknowledgements()) and not session.overrides
        return True

    def action_toggle_acknowledgement(self) -> None:
        person = self._selected_id()
        if person is None:
            return
        session = self.live.session
        standing = current_acknowledgements(session.acknowledgements, session.agreement.version)
        if person in standing:
            self.attempt(lambda: self.live.withdraw_acknowledgement(person))
        else:
            self.attempt(lambda: self.live.acknowledge(person))
        self._show()
        table = self.query_one("#acks", DataTable)
        if person not in standing and table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # A click on a row (Enter is the screen's own key): acknowledges, like space.
        event.stop()
        self.action_toggle_acknowledgement()

    def action_override(self) -> None:
        missing = ", ".join(p.name for p in self.live.session.missing_acknowledgements())

        def override(reason: str | None) -> None:
            if reason is None:
                return
            self.attempt(lambda: self.live.override_gate(reason))
            self._show()

        prompt = Prompt(t("conf.override_question", names=missing), allow_empty=True)
        self.app.push_screen(prompt, override)

    def action_proceed(self) -> None:
        from .phase import PhaseScreen

        session = self.live.session
        gate = session.method.case_gate_index
        if not session.gate_open and gate is not None and gate <= session.current_phase:
            names = ", ".join(p.name for p in session.missing_acknowledgements())
            self.notify(t("rule.gate_closed", names=names), severity="warning", timeout=8)
            return
        if not session.gate_open and gate is not None:
            self.notify(t("conf.case_waits"), timeout=8)
        if not self.attempt(self.live.start):
            return
        if self._return_to_phase:
            self.dismiss_to_phase()
        else:
            self.app.switch_screen(PhaseScreen(self.live))

    def dismiss_to_phase(self) -> None:
        self.app.pop_screen()

    def action_back(self) -> None:
        if self._return_to_phase:
            self.app.pop_screen()
            return
        from .setup import SetupScreen

        self.app.switch_screen(SetupScreen(self.live))

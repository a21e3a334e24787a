"""The final evaluation at the end of a network's track: each member's answers."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import Header

from .. import commands
from ..domain.network import FINAL_QUESTIONS
from ..i18n import t
from ..live_network import LiveNetwork
from ..widgets.fitted_table import FittedTable, Row
from ..widgets.key_bar import KeyBar
from ..widgets.plain import Static
from ..widgets.table import DataTable
from ..widgets.text import plain
from .base import SessieScreen
from .dialogs import Field, Form


class FinalEvaluationScreen(SessieScreen):
    BINDINGS = commands.bindings(commands.FINAL_ANSWER, commands.BACK)

    def __init__(self, live: LiveNetwork) -> None:
        super().__init__()
        self.live = live

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="final"):
            yield Static("", id="final-title", classes="screen-title")
            yield FittedTable(
                [("name", t("setup.col.name"))]
                + [(q, t(f"final.short.{q}")) for q in FINAL_QUESTIONS],
                flexible=dict.fromkeys(FINAL_QUESTIONS, 1),
                id="answers",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_answers()
        self.set_focus(self.query_one("#answers", DataTable))

    def show_answers(self) -> None:
        network = self.live.network
        given = len(network.final_answers)
        self.query_one("#final-title", Static).update(
            plain(t("final.title", name=network.name, given=given, total=len(network.members)))
        )
        rows = []
        for member in network.members.values():
            answer = network.final_answers.get(member.id)
            cells = [plain(getattr(answer, q)) if answer else "—" for q in FINAL_QUESTIONS]
            rows.append(Row([plain(member.name), *cells], key=member.id))
        self.query_one("#answers", FittedTable).fill(rows)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_final_answer()

    def action_final_answer(self) -> None:
        table = self.query_one("#answers", DataTable)
        if table.row_count == 0:
            return
        member_id = (
            table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value or ""
        )
        member = self.live.network.members[member_id]
        answer = self.live.network.final_answers.get(member_id)
        form = Form(
            t("final.form", name=member.name),
            [
                Field(q, t(f"final.question.{q}"), getattr(answer, q) if answer else "")
                for q in FINAL_QUESTIONS
            ],
        )

        def save(values: dict[str, str] | None) -> None:
            if values is not None:
                self.attempt(lambda: self.live.record_final_answer(member_id, **values))
                self.show_answers()
                table.move_cursor(row=min(table.cursor_row + 1, table.row_count - 1))

        self.app.push_screen(form, save)

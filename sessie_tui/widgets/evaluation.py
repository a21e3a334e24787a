"""The evaluation: each present participant's score from 1 to 5 and a remark."""

from __future__ import annotations

from statistics import mean

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ..domain.session import Session
from ..i18n import decimal, t
from .text import plain


def score_summary(session: Session) -> str:
    scores = [e.score for e in session.evaluations.values()]
    if not scores:
        return t("evaluation.none_yet", total=len(session.present()))
    average = decimal(mean(scores))
    return t("evaluation.summary", mean=average, done=len(scores), total=len(session.present()))


class EvaluationPanel(Vertical):
    """Moves with the phase screen's arrow keys; never takes focus from the room's keys."""

    def compose(self) -> ComposeResult:
        yield Static("", id="evaluation-summary", classes="panel-title")
        yield DataTable(id="scores", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#scores", DataTable)
        table.can_focus = False
        table.add_column(t("setup.col.name"), key="name")
        table.add_column(t("evaluation.col.score"), key="score")
        table.add_column(t("evaluation.col.remark"), key="remark")

    def show(self, session: Session) -> None:
        table = self.query_one("#scores", DataTable)
        row = table.cursor_row
        table.clear()
        present = session.present()
        for person in present:
            given = session.evaluations.get(person.id)
            score = "★" * given.score + f" {given.score}" if given else "—"
            remark = plain(given.remark) if given and given.remark else ""
            table.add_row(plain(person.name), score, remark, key=person.id)
        if present:
            table.move_cursor(row=min(max(row, 0), len(present) - 1))
        self.query_one("#evaluation-summary", Static).update(score_summary(session))

    def selected_person(self) -> str | None:
        table = self.query_one("#scores", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    def move(self, rows: int) -> None:
        table = self.query_one("#scores", DataTable)
        table.move_cursor(row=max(0, min(table.cursor_row + rows, table.row_count - 1)))

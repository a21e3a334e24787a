"""The evaluation: each present participant's score from 1 to 5 and a remark."""

from __future__ import annotations

from statistics import mean

from textual.app import ComposeResult

from .. import commands
from ..domain.session import Session
from ..i18n import decimal, t
from .fitted_table import FittedTable, Row
from .list_panel import ListPanel
from .plain import Static
from .text import plain


def score_summary(session: Session) -> str:
    scores = [e.score for e in session.evaluations.values()]
    if not scores:
        return t("evaluation.none_yet", total=len(session.present()))
    average = decimal(mean(scores))
    return t("evaluation.summary", mean=average, done=len(scores), total=len(session.present()))


class EvaluationPanel(ListPanel):
    """Each present participant's score and remark; `1`-`5` score the one on the
    cursor, Enter asks the screen for their remark."""

    TABLE_ID = "scores"
    BINDINGS = commands.bindings(*commands.SCORES, commands.EDIT_REMARK, commands.TAKE_TO_WORK)

    class Scored(ListPanel.RowMessage):
        """The participant `key` gave `score`."""

        def __init__(self, key: str, score: int) -> None:
            super().__init__(key)
            self.score = score

    class RemarkWanted(ListPanel.RowMessage):
        """The remark of the participant `key`: the screen asks for it."""

    class ToWorkWanted(ListPanel.RowMessage):
        """What the participant `key` takes back to work: the screen asks for it."""

    def action_score(self, score: int) -> None:
        key = self.selected_key()
        if key is not None:
            self.post_message(self.Scored(key, score))

    def action_edit_remark(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.post_message(self.RemarkWanted(key))

    def action_edit_to_work(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.post_message(self.ToWorkWanted(key))

    def compose(self) -> ComposeResult:
        yield Static("", id="evaluation-summary", classes="panel-title")
        yield FittedTable(
            [
                ("name", t("setup.col.name")),
                ("score", t("evaluation.col.score")),
                ("remark", t("evaluation.col.remark")),
                ("to_work", t("to_work.col")),
            ],
            flexible={"remark": 1, "to_work": 1},
            id="scores",
        )

    def show(self, session: Session) -> None:
        rows = []
        for person in session.present():
            given = session.evaluations.get(person.id)
            score = "★" * given.score + f" {given.score}" if given else "—"
            remark = plain(given.remark) if given and given.remark else ""
            taken = session.work_takeaways.get(person.id)
            to_work = plain(taken.text) if taken else ""
            rows.append(Row([plain(person.name), score, remark, to_work], key=person.id))
        self.table.fill(rows)
        self.query_one("#evaluation-summary", Static).update(score_summary(session))

"""The first meeting: each present member's expectations and learning goals."""

from __future__ import annotations

from textual.app import ComposeResult

from .. import commands
from ..domain.session import Expectation, Session
from ..i18n import t
from .fitted_table import FittedTable, Row
from .list_panel import ListPanel
from .plain import Static
from .text import plain


def expectations_table(table_id: str) -> FittedTable:
    """Name, expectations, learning goals: in the first meeting and the network's overview."""
    return FittedTable(
        [
            ("name", t("setup.col.name")),
            ("expectations", t("expectations.col.expectations")),
            ("goals", t("expectations.col.goals")),
        ],
        flexible={"expectations": 1, "goals": 1},
        id=table_id,
    )


def expectation_row(name: str, given: Expectation | None, key: str | None = None) -> Row:
    return Row(
        [
            plain(name),
            plain(given.expectations or "—") if given else "—",
            plain(given.learning_goals or "—") if given else "—",
        ],
        key=key,
    )


class ExpectationsPanel(ListPanel):
    """What each present participant expects; Enter asks the screen for the one on the
    cursor."""

    TABLE_ID = "expectations"
    BINDINGS = commands.bindings(commands.RECORD_EXPECTATION)

    class ExpectationWanted(ListPanel.RowMessage):
        """The expectations and goals of the participant `key`: the screen asks."""

    def action_record_expectation(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.post_message(self.ExpectationWanted(key))

    def compose(self) -> ComposeResult:
        yield Static("", id="expectations-summary", classes="panel-title")
        yield expectations_table(self.TABLE_ID)

    def show(self, session: Session) -> None:
        present = session.present()
        self.table.fill(
            [
                expectation_row(person.name, session.expectations.get(person.id), person.id)
                for person in present
            ]
        )
        done = sum(1 for p in present if p.id in session.expectations)
        self.query_one("#expectations-summary", Static).update(
            t("expectations.summary", done=done, total=len(present))
        )

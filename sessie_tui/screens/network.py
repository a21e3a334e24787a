"""One learning network: its meetings over time, its members, and the next meeting.

Four views, each one key away: every meeting (date, case holder, method, how
many were there, the mean evaluation) with the trend of the evaluations; the
members' expectations and learning goals from the first meeting; the action
points still open; and the fair ledger of cases (who brought and discussed
how many, how long ago, who never did) with the size of the case bank. A
warning shows when the group grows beyond the guideline.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import Header, TabbedContent

from .. import commands
from ..domain.case_bank import fair_ledger
from ..domain.network import CarriedAction, given_expectations, mean_score, open_actions
from ..domain.session import Session, SessionStatus
from ..i18n import decimal, language, t, tn
from ..live_network import LiveNetwork
from ..widgets.case_round import ledger_row, ledger_table
from ..widgets.expectations import expectation_row, expectations_table
from ..widgets.fitted_table import FittedTable, Row
from ..widgets.key_bar import KeyBar
from ..widgets.look_back import action_detail, carried_actions_table, carried_row
from ..widgets.plain import Static, TabPane
from ..widgets.score_chart import ScoreChart
from ..widgets.table import DataTable
from ..widgets.text import plain
from .base import SessieScreen
from .dialogs import Field, Form
from .method_picker import MethodPicker, Picked


class NetworkScreen(SessieScreen):
    BINDINGS = commands.bindings(
        commands.NEW_MEETING,
        commands.MEMBERS,
        commands.OPEN_SESSION,
        commands.NETWORK_REPORT,
        commands.EDIT_NETWORK,
        commands.EDIT_TRACK,
        commands.EDIT_AGREEMENT,
        commands.FINAL_EVALUATION,
        commands.SHOW_MEETINGS,
        commands.SHOW_EXPECTATIONS,
        commands.SHOW_OPEN_ACTIONS,
        commands.SHOW_LEDGER,
        commands.BACK,
    )
    TABS = ("meetings", "expectations", "actions", "ledger")

    def __init__(self, live: LiveNetwork) -> None:
        super().__init__()
        self.live = live
        self._meetings: list[Session] = []
        self._open: dict[str, CarriedAction] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="network"):
            yield Static("", id="network-title", classes="screen-title")
            yield Static("", id="network-facts")
            yield Static("", id="network-warnings", classes="warnings")
            with TabbedContent(id="network-tabs"):
                with TabPane(self._tab_title(1, "network.tab.meetings"), id="tab-meetings"):
                    # The figures first: the case holder and the method are cut to fit.
                    yield FittedTable(
                        [
                            ("number", "#"),
                            ("date", t("network.col.date")),
                            ("present", t("network.col.present")),
                            ("score", t("network.col.score")),
                            ("case_holder", t("network.col.case_holder")),
                            ("method", t("network.col.method")),
                        ],
                        flexible={"case_holder": 1, "method": 1},
                        id="meetings",
                    )
                    yield Static("", id="trend-label")
                    yield ScoreChart(id="trend")
                with TabPane(self._tab_title(2, "network.tab.expectations"), id="tab-expectations"):
                    yield Static("", id="no-expectations", classes="empty-view")
                    yield expectations_table("expectations")
                with TabPane(self._tab_title(3, "network.tab.actions"), id="tab-actions"):
                    yield carried_actions_table("open-actions")
                    yield Static("", id="open-action-detail")
                with TabPane(self._tab_title(4, "network.tab.ledger"), id="tab-ledger"):
                    yield ledger_table("ledger")
                    yield Static("", id="ledger-bank")
        yield KeyBar()

    @staticmethod
    def _tab_title(number: int, key: str) -> str:
        return f"{number} {t(key)}"

    def on_mount(self) -> None:
        self.show_network()
        self.set_focus(self.query_one("#meetings", DataTable))

    def on_screen_resume(self) -> None:
        self.live.refresh()
        self.show_network()

    def show_network(self) -> None:
        network = self.live.network
        self._meetings = self.live.meetings()
        self.query_one("#network-title", Static).update(plain(network.name))
        facts = Text()
        for label, value in (
            (t("network.field.theme"), network.theme),
            (t("network.field.goal"), network.goal),
        ):
            if value:
                facts.append(f"{label}: ", style="bold")
                facts.append_text(plain(value))
                facts.append("\n")
        if network.retention_days:
            facts.append(f"{t('network.field.retention')}: ", style="bold")
            facts.append(tn("network.retention_days", network.retention_days) + "\n")
        agreement = network.agreements[-1].version if network.agreements else "—"
        held = sum(1 for meeting in self._meetings if meeting.status is SessionStatus.ENDED)
        facts.append(
            t(
                "network.facts",
                members=len(network.members),
                held=held,
                planned=len(network.track),
                version=agreement,
            )
        )
        self.query_one("#network-facts", Static).update(facts)
        warnings = [t(key, **params) for key, params in network.size_warnings()]
        self.query_one("#network-warnings", Static).update(" · ".join(warnings))
        self._show_meetings()
        self._show_expectations()
        self._show_open_actions()
        self._show_ledger()
        self.refresh_bindings()

    def _show_ledger(self) -> None:
        network = self.live.network
        members = {member.id: member.name for member in network.members.values()}
        rows = fair_ledger(members, self._meetings, network.case_bank)
        self.query_one("#ledger", FittedTable).fill([ledger_row(row) for row in rows])
        waiting = sum(1 for case in network.case_bank.values() if case.open)
        self.query_one("#ledger-bank", Static).update(t("network.ledger.bank", count=waiting))

    def _show_meetings(self) -> None:
        rows = []
        for meeting in self._meetings:
            holder = meeting.case_holder
            score = mean_score(meeting)
            cells = [
                str(meeting.info.number or "—"),
                meeting.info.date,
                str(len(meeting.present())),
                decimal(score) if score is not None else "—",
                plain(holder.name) if holder else "—",
                plain(meeting.method.title.get(language())),
            ]
            rows.append(Row(cells, key=meeting.id))
        self.query_one("#meetings", FittedTable).fill(rows)
        bars = tuple(
            (str(meeting.info.number or "?"), score)
            for meeting in self._meetings
            if (score := mean_score(meeting)) is not None
        )
        self.query_one("#trend-label", Static).update(
            t("network.trend_chart") if bars else t("network.no_scores")
        )
        self.query_one(ScoreChart).bars = bars
        self.query_one(ScoreChart).display = bool(bars)

    def _show_expectations(self) -> None:
        given = given_expectations(self._meetings)
        table = self.query_one("#expectations", FittedTable)
        table.fill([expectation_row(name, expectation) for name, expectation in given])
        table.display = bool(given)
        empty = self.query_one("#no-expectations", Static)
        empty.display = not given
        empty.update(t("network.no_expectations"))

    def _show_open_actions(self) -> None:
        still_open = open_actions(self._meetings)
        self.query_one("#open-actions", FittedTable).fill([carried_row(a) for a in still_open])
        self._open = {action.note.id: action for action in still_open}
        self._show_open_action_detail()
        tabs = self.query_one("#network-tabs", TabbedContent)
        tabs.get_tab("tab-actions").label = self._tab_title(3, "network.tab.actions") + (
            f" ({len(still_open)})"
        )

    def _show_open_action_detail(self) -> None:
        table = self.query_one("#open-actions", FittedTable)
        chosen = None
        if table.row_count:
            key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
            chosen = self._open.get(key or "")
        self.query_one("#open-action-detail", Static).update(action_detail(chosen))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "open-actions":
            self._show_open_action_detail()

    def _selected_meeting(self) -> str | None:
        table = self.query_one("#meetings", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value

    def applies(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_session":
            return self._active_tab() == "meetings" and self._selected_meeting() is not None
        return True

    def _active_tab(self) -> str:
        return self.query_one("#network-tabs", TabbedContent).active.removeprefix("tab-")

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#network-tabs", TabbedContent).active = f"tab-{tab}"

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
        # The keys act on what is shown: the view's table takes the focus.
        table_of = {"meetings": "#meetings", "expectations": "#expectations", "ledger": "#ledger"}
        self.set_focus(self.query_one(table_of.get(self._active_tab(), "#open-actions"), DataTable))
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "meetings":
            self.action_open_session()

    # -- actions -------------------------------------------------------------------------

    def action_open_session(self) -> None:
        session_id = self._selected_meeting()
        if session_id:
            self.sessie.open_session(session_id)

    def action_new_meeting(self) -> None:
        """The next meeting: the first one may use the start method."""
        library = self.context.methods
        first = not self._meetings and "startbijeenkomst" in library.methods
        current = "startbijeenkomst" if first else library.default.id

        def start(picked: Picked | None) -> None:
            if picked is None:
                return
            context = self.context
            created = self.attempt_for(
                lambda: self.live.new_meeting(
                    picked.method, context.lang, context.config.timezone or None
                )
            )
            if created:
                live = self.sessie.live_session(created.value)
                if live is not None:
                    self.attempt(lambda: picked.record_in(live))
                self.sessie.open_session(created.value)

        # The roster is copied into the new meeting, everyone present.
        present = len(self.live.network.members) or None
        self.app.push_screen(MethodPicker(library, current=current, present=present), start)

    def action_members(self) -> None:
        from .members import MembersScreen

        self.app.push_screen(MembersScreen(self.live))

    def action_network_report(self) -> None:
        from ..report.network_report import network_report_source
        from .report import ReportScreen

        source = network_report_source(self.live.network, self._meetings, self.context.lang)
        self.app.push_screen(ReportScreen(source))

    def action_edit_network(self) -> None:
        network = self.live.network
        form = Form(
            t("network.edit"),
            [
                Field("name", t("network.field.name"), network.name),
                Field("theme", t("network.field.theme"), network.theme),
                Field("goal", t("network.field.goal"), network.goal),
                Field(
                    "retention",
                    t("network.field.retention"),
                    str(network.retention_days or ""),
                    placeholder=t("network.retention_placeholder"),
                ),
            ],
        )

        def save(values: dict[str, str] | None) -> None:
            if values is not None:
                retention = values.pop("retention")
                self.attempt(lambda: self.live.update(**values))
                self.attempt(lambda: self.live.set_retention_text(retention))
                self.show_network()

        self.app.push_screen(form, save)

    def action_edit_track(self) -> None:
        dates = "\n".join(meeting.date for meeting in self.live.network.track)
        form = Form(
            t("network.track"),
            [Field("dates", t("network.track_dates"), dates, multiline=True)],
            hint=t("network.track_hint"),
        )

        def save(values: dict[str, str] | None) -> None:
            if values is not None:
                lines = [line for line in values["dates"].replace(",", "\n").split() if line]
                self.attempt(lambda: self.live.set_track(lines))
                self.show_network()

        self.app.push_screen(form, save)

    def action_edit_agreement(self) -> None:
        current = self.live.network.agreements[-1].text if self.live.network.agreements else ""
        form = Form(
            t("network.agreement"),
            [Field("text", t("network.agreement_text"), current, multiline=True)],
            hint=t("network.agreement_hint"),
        )

        def save(values: dict[str, str] | None) -> None:
            if values is None:
                return
            saved = self.attempt_for(lambda: self.live.set_agreement(values["text"]))
            if saved and saved.value is not None:
                self.notify(t("network.agreement_saved", version=saved.value))
            self.show_network()

        self.app.push_screen(form, save)

    def action_final_evaluation(self) -> None:
        from .final_evaluation import FinalEvaluationScreen

        self.app.push_screen(FinalEvaluationScreen(self.live))

"""End of the session: how the time went, phase by phase, and on to the report."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Header

from .. import commands
from ..domain.clock import minutes_seconds
from ..domain.dates import clock_time, long_date
from ..i18n import t
from ..live import LiveSession
from ..widgets.key_bar import KeyBar
from ..widgets.plain import Static
from ..widgets.table import DataTable, OrderedTable
from ..widgets.text import plain
from .base import SessieScreen


class EndScreen(SessieScreen):
    BINDINGS = commands.bindings(commands.REPORT, commands.REOPEN, commands.HOME, commands.BACK)

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="end"):
            yield Static(t("end.title"), classes="screen-title")
            yield Static("", id="end-summary")
            yield OrderedTable(id="phase-times", cursor_type="row", zebra_stripes=True)
            yield Static(t("end.hint"), classes="dialog-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        session = self.live.session
        lang = self.context.lang
        info = session.info
        parts = [p for p in (info.network, info.topic, long_date(info.date, lang)) if p]
        # Network and topic are typed (or imported): shown through `plain`, never raw.
        summary = plain(" · ".join(parts))
        start, end = session.started_at, session.ended_at
        if start is not None and end:
            from ..domain.clock import to_iso

            summary.append(
                "\n"
                + t(
                    "end.times",
                    start=clock_time(to_iso(start, session.timezone), session.timezone),
                    end=clock_time(end, session.timezone),
                )
            )
        if session.practice:
            # A rehearsal is weighed against the plan on the fast clock; what was
            # kept (the real minutes, the times of day) stays real: both are shown.
            summary.append("\n" + t("end.practice", speed=f"{session.clock_speed:g}"))
        self.query_one("#end-summary", Static).update(summary)
        table = self.query_one("#phase-times", DataTable)
        columns = ["#", t("end.col.phase"), t("end.col.planned")]
        if session.practice:
            columns.append(t("end.col.practice_clock"))
        table.add_columns(*columns, t("end.col.actual"), t("end.col.notes"))
        actual = session.actual_seconds(self.context.clock)
        on_the_face = session.clock_face_seconds(self.context.clock)
        for index, phase in enumerate(session.phases):
            planned = minutes_seconds(phase.planned_seconds) if phase.planned_seconds else "—"
            notes = sum(1 for _ in session.live_notes(index))
            cells = [str(index + 1), plain(phase.title.get(lang)), planned]
            if session.practice:
                cells.append(minutes_seconds(on_the_face[index]))
            cells += [minutes_seconds(actual[index]), str(notes)]
            table.add_row(*cells)
        self.set_focus(table)

    def action_report(self) -> None:
        from .report import ReportScreen

        self.app.push_screen(ReportScreen(self.sessie.session_report(self.live), live=self.live))

    def action_reopen(self) -> None:
        from .phase import PhaseScreen

        if self.attempt(self.live.reopen):
            self.app.switch_screen(PhaseScreen(self.live))

    def action_home(self) -> None:
        self.app.pop_screen()

    def action_back(self) -> None:
        self.app.pop_screen()

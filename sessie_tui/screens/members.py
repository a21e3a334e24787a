"""A network's members: add, change, remove, or import them from a spreadsheet's CSV."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import Header

from .. import commands
from ..domain.network import MAX_MEMBERS
from ..domain.roster import RosterImport, read_roster
from ..i18n import t
from ..live_network import LiveNetwork
from ..widgets.fitted_table import FittedTable, Row
from ..widgets.key_bar import KeyBar
from ..widgets.plain import Static
from ..widgets.table import DataTable
from ..widgets.text import plain, plain_lines
from .base import SessieScreen
from .dialogs import Confirm, Field, Form, Prompt

MEMBER_FIELDS = ("name", "organisation", "function", "contact")
MAX_ROSTER_BYTES = 5 * 1024 * 1024


def roster_problems(result: RosterImport) -> Text:
    text = Text()
    for problem in result.problems:
        # A problem quotes the file (a header cell, a value): made visible, never raw.
        text.append_text(plain_lines(t(problem.key, **problem.message_params) + "\n"))
    return text


class MembersScreen(SessieScreen):
    BINDINGS = commands.bindings(
        commands.ADD_MEMBER,
        commands.EDIT_MEMBER,
        commands.on_enter(commands.EDIT_MEMBER),
        commands.REMOVE_MEMBER,
        commands.IMPORT_ROSTER,
        commands.ATTEST_MEMBER,
        commands.BACK,
    )

    def __init__(self, live: LiveNetwork) -> None:
        super().__init__()
        self.live = live

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="members"):
            yield Static("", id="members-title", classes="screen-title")
            yield Static("", id="members-warnings", classes="warnings")
            yield FittedTable(
                [(name, t(f"member.field.{name}")) for name in MEMBER_FIELDS],
                flexible={"organisation": 1, "function": 1, "contact": 1},
                id="member-list",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_members()
        self.set_focus(self.query_one("#member-list", DataTable))

    def show_members(self) -> None:
        network = self.live.network
        self.query_one("#members-title", Static).update(
            plain(t("members.title", name=network.name, count=len(network.members)))
        )
        warnings = [t(key, **params) for key, params in network.size_warnings()]
        self.query_one("#members-warnings", Static).update(" · ".join(warnings))
        self.query_one("#member-list", FittedTable).fill(
            [
                Row([plain(getattr(member, name)) for name in MEMBER_FIELDS], key=member.id)
                for member in network.members.values()
            ]
        )
        self.refresh_bindings()

    def _selected(self) -> str | None:
        table = self.query_one("#member-list", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value

    def applies(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_member", "remove_member", "attest_member"):
            return self._selected() is not None
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_member()

    def _member_form(self, title: str, values: dict[str, str]) -> Form:
        return Form(
            title,
            [
                Field(name, t(f"member.field.{name}"), values.get(name, ""))
                for name in MEMBER_FIELDS
            ],
        )

    def action_add_member(self) -> None:
        def save(values: dict[str, str] | None) -> None:
            if values is not None and self.attempt(lambda: self.live.add_member(**values)):
                self.show_members()
                if len(self.live.network.members) > MAX_MEMBERS:
                    self.notify(
                        t(
                            "network.warn.too_many",
                            count=len(self.live.network.members),
                            max=MAX_MEMBERS,
                        ),
                        severity="warning",
                        timeout=10,
                    )

        self.app.push_screen(self._member_form(t("members.add"), {}), save)

    def action_edit_member(self) -> None:
        member_id = self._selected()
        if member_id is None:
            return
        member = self.live.network.members[member_id]

        def save(values: dict[str, str] | None) -> None:
            if values is not None:
                self.attempt(lambda: self.live.update_member(member_id, **values))
                self.show_members()

        self.app.push_screen(self._member_form(t("members.edit"), member.to_data()), save)

    def action_remove_member(self) -> None:
        member_id = self._selected()
        if member_id is None:
            return
        member = self.live.network.members[member_id]
        meetings = len(self.live.session_ids())
        question = t("members.remove", name=member.name, meetings=meetings)

        def remove(sure: bool | None) -> None:
            lang = self.context.lang
            if not sure:
                self.show_members()
                return
            done = self.attempt_for(lambda: self.live.remove_member(member_id, lang))
            if done is not None:
                # Also what it could not erase: names others share, files it cannot change.
                left = "\n".join(done.value.left_behind(lang))
                self.notify(f"{t('members.removed', name=member.name)}\n{left}", timeout=15)
            self.show_members()

        self.app.push_screen(Confirm(question), remove)

    def action_attest_member(self) -> None:
        """The chosen member's attendance statement, to a private file (asked where)."""
        from ..report.attest import network_statement
        from ..report.attest_render import file_name, render

        member_id = self._selected()
        if member_id is None:
            return
        lang = self.context.lang
        statement = network_statement(self.live.network, self.live.meetings(), member_id, lang)
        text = render(statement)
        proposed = str(self.context.report_dir / file_name(statement))
        name = self.live.network.members[member_id].name

        def chosen(answer: str | None) -> None:
            if answer:
                self._write_statement(Path(answer.strip()).expanduser(), text)

        question = t("attest.save_question", name=name)
        self.app.push_screen(Prompt(question, value=proposed), chosen)

    def _write_statement(self, path: Path, text: str) -> None:
        from ..report.export import write_report

        def write(force: bool) -> None:
            if self.attempt(lambda: write_report(path, text, force=force)):
                self.notify(t("attest.written", path=str(path)), timeout=8)

        if not path.exists():
            write(force=False)
            return

        def overwrite(sure: bool | None) -> None:
            if sure:
                write(force=True)

        self.app.push_screen(Confirm(t("report_screen.overwrite", path=str(path))), overwrite)

    def action_import_roster(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self._import(Path(path.strip()).expanduser())

        self.app.push_screen(Prompt(t("members.import_question"), placeholder="leden.csv"), chosen)

    def _import(self, path: Path) -> None:
        try:
            if path.stat().st_size > MAX_ROSTER_BYTES:
                self.notify(t("roster.too_large", path=str(path)), severity="error")
                return
            data = path.read_bytes()
        except OSError as error:
            self.notify(
                t("archive.unreadable", path=str(path), reason=str(error)), severity="error"
            )
            return
        existing = [member.name for member in self.live.network.members.values()]
        result = read_roster(data, existing)
        if result.ok:
            self._import_rows(result, skip_bad_rows=False)
            return
        good = len(result.rows)
        question = plain_lines(t("members.import_problems", path=str(path), good=good) + "\n\n")
        question.append_text(roster_problems(result))

        def decide(skip: bool | None) -> None:
            if skip:
                self._import_rows(result, skip_bad_rows=True)

        if good:
            self.app.push_screen(
                Confirm(question, yes=t("members.import_good", good=good), no=t("dialog.cancel")),
                decide,
            )
        else:
            self.notify(question.plain, severity="error", timeout=15)

    def _import_rows(self, result: RosterImport, *, skip_bad_rows: bool) -> None:
        imported = self.attempt_for(
            lambda: self.live.import_roster(result, skip_bad_rows=skip_bad_rows)
        )
        if imported:
            self.notify(t("members.imported", count=imported.value), timeout=8)
        self.show_members()

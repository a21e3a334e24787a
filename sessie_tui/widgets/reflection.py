"""The reflection: the advice the case holder takes along, the takeaway, action points."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ..domain.dates import long_date
from ..domain.notes import Note, NoteKind
from ..domain.session import Session
from ..i18n import language, t
from .text import plain


def advice_notes(session: Session) -> list[Note]:
    return [note for note in session.live_notes() if note.kind is NoteKind.ADVICE]


def action_points(session: Session) -> list[Note]:
    return [note for note in session.live_notes() if note.kind is NoteKind.ACTION]


def action_line(session: Session, note: Note) -> Text:
    line = Text("• ")
    line.append_text(plain(note.text))
    extras = [session.name_of(note.owner)] if note.owner else []
    if note.due:
        extras.append(long_date(note.due, language()))
    if extras:
        line.append("  — " + ", ".join(extras), style="italic")
    return line


class ReflectionPanel(Vertical):
    """Moves with the phase screen's arrow keys; never takes focus from the room's keys."""

    def compose(self) -> ComposeResult:
        yield Static(t("reflection.advice_heading"), classes="panel-title")
        yield DataTable(id="advice", cursor_type="row", zebra_stripes=True)
        yield Static("", id="takeaway")
        yield Static("", id="actions")

    def on_mount(self) -> None:
        table = self.query_one("#advice", DataTable)
        table.can_focus = False
        table.add_column(t("reflection.col.from"), key="from")
        table.add_column(t("reflection.col.advice"), key="advice")
        table.add_column(t("reflection.col.taken"), key="taken")

    def show(self, session: Session) -> None:
        table = self.query_one("#advice", DataTable)
        row = table.cursor_row
        table.clear()
        notes = advice_notes(session)
        for note in notes:
            taken = Text("✓ " + t("reflection.taken"), style="bold") if note.taken_along else "—"
            table.add_row(
                plain(session.name_of(note.speaker)), plain(note.text), taken, key=note.id
            )
        if notes:
            table.move_cursor(row=min(max(row, 0), len(notes) - 1))
        else:
            table.add_row("", t("reflection.no_advice"), "")
        takeaway = Text(t("reflection.takeaway") + " ", style="bold")
        takeaway.append_text(plain(session.info.takeaway or "—"))
        self.query_one("#takeaway", Static).update(takeaway)
        actions = Text(t("reflection.actions") + "\n", style="bold")
        for note in action_points(session):
            actions.append_text(action_line(session, note))
            actions.append("\n")
        if not action_points(session):
            actions.append("—")
        self.query_one("#actions", Static).update(actions)

    def selected_advice(self) -> str | None:
        table = self.query_one("#advice", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return key

    def move(self, rows: int) -> None:
        table = self.query_one("#advice", DataTable)
        table.move_cursor(row=max(0, min(table.cursor_row + rows, table.row_count - 1)))

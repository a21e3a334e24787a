"""The reflection: the advice the case holder takes along, the takeaway, action points."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message

from .. import commands
from ..domain.dates import long_date
from ..domain.notes import Note, NoteKind
from ..domain.session import Session
from ..i18n import language, t
from .fitted_table import FittedTable, Row
from .list_panel import ListPanel
from .plain import Static
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


class ReflectionPanel(ListPanel):
    """The advice given, which of it the case holder takes along, their takeaway and the
    action points; `m` marks the advice on the cursor, `k` and `a` ask the screen."""

    TABLE_ID = "advice"
    BINDINGS = commands.bindings(
        commands.TOGGLE_TAKEN_ALONG, commands.EDIT_TAKEAWAY, commands.ADD_ACTION
    )

    class TakenAlongToggled(ListPanel.RowMessage):
        """Taken along, or no longer: the advice note `key`."""

    class TakeawayWanted(Message):
        """The case holder's takeaway: the screen asks for it."""

    class ActionPointWanted(Message):
        """A new action point: the screen asks what, who and by when."""

    def action_toggle_taken_along(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.post_message(self.TakenAlongToggled(key))

    def action_edit_takeaway(self) -> None:
        self.post_message(self.TakeawayWanted())

    def action_add_action(self) -> None:
        self.post_message(self.ActionPointWanted())

    def compose(self) -> ComposeResult:
        yield Static(t("reflection.advice_heading"), classes="panel-title")
        # The mark stays in sight however long the advice: the advice is cut to fit.
        yield FittedTable(
            [
                ("from", t("reflection.col.from")),
                ("advice", t("reflection.col.advice")),
                ("taken", t("reflection.col.taken")),
            ],
            flexible={"from": 1, "advice": 3},
            id="advice",
        )
        yield Static("", id="takeaway")
        yield Static("", id="actions")

    def show(self, session: Session) -> None:
        rows = [
            Row(
                [
                    plain(session.name_of(note.speaker)),
                    plain(note.text),
                    Text("✓ " + t("reflection.taken"), style="bold") if note.taken_along else "—",
                ],
                key=note.id,
            )
            for note in advice_notes(session)
        ]
        self.table.fill(rows or [Row(["", t("reflection.no_advice"), ""])])
        takeaway = Text(t("reflection.takeaway") + " ", style="bold")
        if session.info.takeaway:
            # Before the text: at 80x24 the line is cut at its end.
            shared = session.info.share_takeaway
            consent = "takeaway_shared" if shared else "takeaway_not_shared"
            takeaway.append(t(f"reflection.{consent}") + " ", style="italic")
        takeaway.append_text(plain(session.info.takeaway or "—"))
        self.query_one("#takeaway", Static).update(takeaway)
        points = action_points(session)
        # One line each, cut rather than wrapped: at 80x24 a wrapped owner and date
        # would push every action point but the first out of sight.
        actions = Text(no_wrap=True, overflow="ellipsis", end="")
        actions.append(t("reflection.actions", count=len(points)), style="bold")
        for note in points:
            actions.append("\n")
            actions.append_text(action_line(session, note))
        if not points:
            actions.append(" —")
        self.query_one("#actions", Static).update(actions)

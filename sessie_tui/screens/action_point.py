"""A new action point: what, who will do it, and by when (optional)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select

from .. import commands
from ..domain.dates import parse_date
from ..domain.notes import NoteKind
from ..domain.session import Session
from ..i18n import t
from ..live import NoteDraft
from ..widgets.plain import Label, Static
from ..widgets.safe_input import SafeInput
from ..widgets.text import plain
from .base import SessieModal


class ActionPointDialog(SessieModal):
    """Dismisses with a `NoteDraft` of kind action, or None."""

    BINDINGS = commands.bindings(commands.CANCEL, commands.SAVE_DIALOG)

    def __init__(self, session: Session, author: str, text: str = "") -> None:
        super().__init__()
        self._session = session
        self._author = author
        self._text = text

    def compose(self) -> ComposeResult:
        holder = self._session.case_holder
        with Vertical(id="dialog"):
            yield Static(t("action.title"), classes="dialog-title")
            yield Label(t("action.what"))
            yield SafeInput(
                value=self._text, id="action-text", placeholder=t("action.what_placeholder")
            )
            yield Label(t("action.owner"))
            yield Select(
                [(plain(p.name), p.id) for p in self._session.present()],
                value=holder.id if holder and holder.present else Select.BLANK,
                prompt=t("action.owner_prompt"),
                id="action-owner",
            )
            yield Label(t("action.due"))
            yield SafeInput(id="action-due", placeholder=t("setup.date_placeholder"))
            yield Static(t("action.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#action-text", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "action-due":
            self.action_save_dialog()
        else:
            self.focus_next()

    def action_save_dialog(self) -> None:
        text = self.query_one("#action-text", Input).value
        if not text.strip():
            self.notify(t("action.need_text"), severity="error")
            self.set_focus(self.query_one("#action-text", Input))
            return
        due = self.query_one("#action-due", Input).value.strip()
        if due and parse_date(due) is None:
            self.notify(t("notes.bad_due", value=due), severity="error")
            self.set_focus(self.query_one("#action-due", Input))
            return
        owner = self.query_one("#action-owner", Select).value
        self.dismiss(
            NoteDraft(
                text=text,
                kind=NoteKind.ACTION,
                author=self._author,
                owner=owner if isinstance(owner, str) else None,
                due=due or None,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

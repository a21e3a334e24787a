"""The look-back: last meeting's takeaway, and every action point still open."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult

from .. import commands
from ..domain.session import Session
from ..i18n import t
from .fitted_table import FittedTable, Row
from .list_panel import ListPanel
from .plain import Static
from .table import DataTable
from .text import plain

if TYPE_CHECKING:
    from ..domain.network import CarriedAction, CarriedTakeaway

TAKEAWAY_LINES = 3
"""Last meeting's takeaways shown at once; `p` reaches every one."""


class LookBackPanel(ListPanel):
    """Last meeting's takeaway and the action points still open; `g o x` and Enter
    follow up the one on the cursor (the screen records it)."""

    TABLE_ID = "carried"
    BINDINGS = commands.bindings(
        commands.FOLLOW_UP_DONE,
        commands.FOLLOW_UP_ONGOING,
        commands.FOLLOW_UP_DROPPED,
        commands.FOLLOW_UP_REMARK,
    )

    class FollowedUp(ListPanel.RowMessage):
        """The action point `key` is done, ongoing or dropped (`status`)."""

        def __init__(self, key: str, status: str) -> None:
            super().__init__(key)
            self.status = status

    class RemarkWanted(ListPanel.RowMessage):
        """A remark on the follow-up of the action point `key`: the screen asks."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: dict[str, CarriedAction] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="previous-takeaway")
        yield carried_actions_table(self.TABLE_ID)
        # The chosen action point and its remark in full.
        yield Static("", id="carried-detail")

    def show(
        self,
        previous: Session | None,
        items: list[CarriedAction],
        takeaways: Sequence[CarriedTakeaway] = (),
    ) -> None:
        if previous is None:
            takeaway = Text(t("look_back.no_previous"), style="italic")
        else:
            takeaway = Text(t("look_back.takeaway") + " ", style="bold")
            takeaway.append_text(plain(previous.info.takeaway or "—"))
        # Those not yet asked first; a few lines, so the action points keep their rows.
        waiting = sorted(takeaways, key=lambda item: item.check is not None)
        for item in waiting[:TAKEAWAY_LINES]:
            takeaway.append("\n")
            takeaway.append_text(takeaway_line(item))
        if len(waiting) > TAKEAWAY_LINES:
            more = len(waiting) - TAKEAWAY_LINES
            takeaway.append("\n" + t("to_work.more", count=more), style="italic")
        self.query_one("#previous-takeaway", Static).update(takeaway)
        self._items = {item.note.id: item for item in items}
        self.table.fill([carried_row(item) for item in items])
        self.table.display = bool(items)
        self._show_detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Nothing carried over, nothing to follow up: those keys leave the footer.
        return bool(self._items) or not action.startswith("follow_up")

    def action_follow_up(self, status: str) -> None:
        key = self.selected_key()
        if key in self._items:
            self.post_message(self.FollowedUp(key, status))

    def action_follow_up_remark(self) -> None:
        key = self.selected_key()
        if key in self._items:
            self.post_message(self.RemarkWanted(key))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        item = self._items.get(self.selected_key() or "")
        detail = action_detail(item) if self._items else Text(t("look_back.nothing_open"))
        self.query_one("#carried-detail", Static).update(detail)


def takeaway_line(item: CarriedTakeaway) -> Text:
    """ "Vorige keer nam An mee: … — geprobeerd? ja": said in words, not by colour."""
    tried = t(f"to_work.tried.{item.check.tried.value}") if item.check else "?"
    line = plain(t("to_work.previous", name=item.name, text=item.takeaway.text))
    line.append(" " + t("to_work.tried_now", tried=tried), style="bold")
    return line


def action_detail(item: CarriedAction | None) -> Text:
    """An action point in full, with its remark: the table cuts them to fit."""
    detail = Text()
    if item is not None:
        detail.append_text(plain(item.note.text))
        if item.follow_up and item.follow_up.remark:
            detail.append(f" — {t('look_back.col.remark')}: ", style="bold")
            detail.append_text(plain(item.follow_up.remark))
    return detail


def status_of(item: CarriedAction) -> str:
    """Open until the look-back of a later meeting says otherwise."""
    return t(f"follow_up.{item.follow_up.status.value}" if item.follow_up else "follow_up.open")


def carried_actions_table(table_id: str) -> FittedTable:
    """Action points of earlier meetings: in the look-back and the network's overview.

    What is decided about them first; the free text last, cut to fit.
    """
    return FittedTable(
        [
            ("status", t("look_back.col.status")),
            ("meeting", t("look_back.col.meeting")),
            ("owner", t("look_back.col.owner")),
            ("due", t("network.col.due")),
            ("action", t("look_back.col.action")),
            ("remark", t("look_back.col.remark")),
        ],
        flexible={"action": 3, "remark": 2},
        id=table_id,
    )


def carried_row(item: CarriedAction) -> Row:
    return Row(
        [
            status_of(item),
            str(item.number or "?"),
            plain(item.owner or "—"),
            item.note.due or "—",
            plain(item.note.text),
            plain(item.follow_up.remark if item.follow_up else ""),
        ],
        key=item.note.id,
    )

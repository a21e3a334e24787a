"""The question before anything leaves the machine: what it is, whose names, to whom.

A report, a draft, an archive or a share goes only once the facilitator has read
what it carries and said yes (`report/leaving.py` writes the lines). "No" has the
focus, as in every question of the app.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll

from .. import commands
from ..i18n import t
from ..widgets.in_order import OrderedButton
from ..widgets.plain import Static
from ..widgets.text import plain_lines
from .dialogs import Confirm


class WhatLeaves(Confirm):
    """A yes/no question showing what will leave; dismisses with True to go ahead.

    The arrows up and down scroll the text (left and right still choose the answer),
    so that a long list of names is read to its end at 80x24."""

    BINDINGS = commands.bindings(
        commands.CONFIRM_SWITCH, commands.CONFIRM_NO, commands.LEAVING_UP, commands.LEAVING_DOWN
    )

    def __init__(self, lines: Sequence[str], *, yes: str = "") -> None:
        super().__init__("\n".join(lines), yes=yes or t("report_screen.leaving_yes"))
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="wide"):
            yield Static(t("report_screen.leaving_question"), classes="dialog-title")
            with VerticalScroll(id="leaving-text"):
                # Names and paths hold what people typed: shown as text, never as markup.
                yield Static(plain_lines("\n".join(self.lines)), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield OrderedButton(self._yes, id="yes", variant="primary")
                yield OrderedButton(self._no, id="no")
            yield Static(t("report_screen.leaving_hint"), classes="dialog-hint")

    def action_scroll_leaving(self, lines: int) -> None:
        self.query_one("#leaving-text", VerticalScroll).scroll_relative(y=lines, animate=False)

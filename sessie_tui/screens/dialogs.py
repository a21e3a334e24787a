"""Small modal dialogs: a yes/no question and a one-line text prompt."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, Static

from .. import commands
from ..i18n import t
from ..widgets.text import plain
from .base import SessieModal


class Confirm(SessieModal):
    """Asks a yes/no question; dismisses with True or False."""

    BINDINGS = commands.bindings(commands.CONFIRM_YES, commands.CONFIRM_NO)

    def __init__(self, question: str | Text, *, yes: str = "", no: str = "") -> None:
        super().__init__()
        self._question = question
        self._yes = yes or t("dialog.yes")
        self._no = no or t("dialog.no")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._question, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._yes, id="yes", variant="primary")
                yield Button(self._no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class Prompt(SessieModal):
    """Asks for one line of text; dismisses with the text, or None when cancelled."""

    BINDINGS = commands.bindings(commands.CANCEL)

    def __init__(
        self, question: str, *, value: str = "", placeholder: str = "", allow_empty: bool = False
    ) -> None:
        super().__init__()
        self._question = question
        self._value = value
        self._placeholder = placeholder
        self._allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._question, classes="dialog-question")
            yield Input(value=self._value, placeholder=self._placeholder, id="answer")
            yield Static(t("dialog.prompt_hint"), classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() or self._allow_empty:
            self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Choose(SessieModal):
    """Pick one of a few labelled values; dismisses with the value.

    Cancelling dismisses with `cancelled` (None unless None is itself a choice,
    then pass `Choose.CANCELLED`).
    """

    CANCELLED = object()
    BINDINGS = commands.bindings(commands.CANCEL)

    def __init__(
        self,
        question: str,
        options: list[tuple[str, object]],
        current: object,
        *,
        cancelled: object = None,
    ) -> None:
        super().__init__()
        self._question = question
        self._options = options
        self._current = current
        self._cancelled = cancelled

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._question, classes="dialog-question")
            yield OptionList(*(plain(label) for label, _ in self._options), id="choices")
            yield Static(t("method.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        choices = self.query_one("#choices", OptionList)
        values = [value for _, value in self._options]
        choices.highlighted = values.index(self._current) if self._current in values else 0
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._options[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(self._cancelled)

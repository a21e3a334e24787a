"""Small modal dialogs: a yes/no question, a one-line prompt, a choice and a form."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList

from .. import commands
from ..domain.record import record
from ..i18n import t
from ..textsafety import show_invisible_in_place
from ..widgets.in_order import OrderedButton, OrderedOptionList, TypedInto
from ..widgets.plain import Button, Label, Static
from ..widgets.safe_input import SafeInput
from ..widgets.text import plain, plain_lines
from .base import SessieModal


def as_text(text: str | Text) -> Text:
    """A question or title holds names people typed: never read as markup."""
    return plain_lines(text) if isinstance(text, str) else text


class Confirm(SessieModal):
    """Asks a yes/no question; dismisses with True or False.

    "No" has the focus; yes takes an arrow key to the Yes button, then Enter. A
    letter never answers yes: keys meant as text, arriving a moment after the key
    that opened the question, cannot end or delete anything.
    """

    AUTO_FOCUS = "#no"
    BINDINGS = commands.bindings(commands.CONFIRM_SWITCH, commands.CONFIRM_NO)

    def __init__(self, question: str | Text, *, yes: str = "", no: str = "") -> None:
        super().__init__()
        self._question = question
        self._yes = yes or t("dialog.yes")
        self._no = no or t("dialog.no")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(as_text(self._question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield OrderedButton(self._yes, id="yes", variant="primary")
                yield OrderedButton(self._no, id="no")
            yield Static(t("dialog.confirm_hint"), classes="dialog-hint")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_switch_answer(self) -> None:
        other = "#no" if self.focused is self.query_one("#yes") else "#yes"
        self.set_focus(self.query_one(other, Button))

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
            yield Static(as_text(self._question), classes="dialog-question")
            yield SafeInput(value=self._value, placeholder=self._placeholder, id="answer")
            yield Static(t("dialog.prompt_hint"), classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() or self._allow_empty:
            self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class StoppingOptionList(OrderedOptionList):
    """A list that stops at its first and last option instead of jumping round.

    Jumping from the last name to the first without a sign put notes under the
    wrong name; at an end the cursor stays, and Home and End go there at once.
    """

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()


class Choose(SessieModal):
    """Pick one of a few labelled values; dismisses with the value.

    Cancelling dismisses with `cancelled` (None unless None is itself a choice,
    then pass `Choose.CANCELLED`).
    """

    CANCELLED = object()
    BINDINGS = commands.bindings(commands.CHOOSE, commands.CANCEL)

    def __init__(
        self,
        question: str,
        options: Sequence[tuple[str, object]],
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
            yield Static(as_text(self._question), classes="dialog-question")
            yield StoppingOptionList(*(plain(label) for label, _ in self._options), id="choices")
            yield Static(t("method.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        choices = self.query_one("#choices", OptionList)
        values = [value for _, value in self._options]
        choices.highlighted = values.index(self._current) if self._current in values else 0
        self.set_focus(choices)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._options[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(self._cancelled)


@record
class Field:
    """One field of a form dialog: its key, label, value and placeholder."""

    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    multiline: bool = False


class Form(SessieModal):
    """A few labelled fields; dismisses with {key: text}, or None when cancelled.

    Tab moves between fields; Enter in the last one-line field, or ctrl+s, saves.
    """

    BINDINGS = commands.bindings(commands.CANCEL, commands.SAVE_DIALOG)

    def __init__(self, title: str, fields: list[Field], hint: str = "") -> None:
        super().__init__()
        self._title = title
        self._fields = fields
        self._hint = hint or t("form.hint")

    def compose(self) -> ComposeResult:
        from ..widgets.text_area import OrderedTextArea  # with the first form, not at start

        with Vertical(id="dialog", classes="form"):
            yield Static(as_text(self._title), classes="dialog-title")
            for field in self._fields:
                yield Label(as_text(field.label))
                if field.multiline:
                    # A text area draws its text raw: invisible characters are shown
                    # (and so saved) as their stand-ins, never sent to the terminal.
                    shown = "\n".join(
                        show_invisible_in_place(line) for line in field.value.split("\n")
                    )
                    yield OrderedTextArea(shown, id=f"field-{field.key}", classes="form-area")
                else:
                    # Compact, so that a form of several fields and its hint fit at 80x24.
                    yield SafeInput(
                        value=field.value,
                        placeholder=field.placeholder,
                        id=f"field-{field.key}",
                        compact=True,
                    )
            yield Static(self._hint, classes="dialog-hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(f"#field-{self._fields[0].key}"))

    def values(self) -> dict[str, str]:
        result = {}
        for field in self._fields:
            widget = self.query_one(f"#field-{field.key}")
            result[field.key] = widget.text if isinstance(widget, TypedInto) else widget.value  # type: ignore[attr-defined]
        return result

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        one_line = [f for f in self._fields if not f.multiline]
        if event.input.id == f"field-{one_line[-1].key}":
            self.action_save_dialog()
        else:
            self.focus_next()

    def action_save_dialog(self) -> None:
        self.dismiss(self.values())

    def action_cancel(self) -> None:
        self.dismiss(None)

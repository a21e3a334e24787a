"""Choose the method for a new session, seeing its phases, minutes and source."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .. import commands
from ..domain.method import Method
from ..i18n import language, t
from ..methods import MethodLibrary
from ..widgets.in_order import OrderedOptionList
from ..widgets.plain import Static
from ..widgets.text import plain
from .base import SessieModal


def minutes_label(minutes: float | None) -> str:
    if minutes is None:
        return t("method.untimed")
    return t("method.minutes", minutes=f"{minutes:g}")


def total_minutes(method: Method) -> str | None:
    """`74`, or `25+` when some phases have no set time; None when none has one."""
    if not method.planned_minutes:
        return None
    return f"{method.planned_minutes:g}" + ("+" if method.has_untimed_phases else "")


def method_label(method: Method) -> str:
    """The method's name with its minutes, as in the list: `Balint-methode (25+′)`."""
    minutes = total_minutes(method)
    title = method.title.get(language())
    return f"{title} ({minutes}′)" if minutes else title


def describe(method: Method) -> Text:
    """The method's phases, minutes and source; method files are user text, so no markup."""
    lang = language()
    text = Text()
    text.append_text(plain(method.title.get(lang), style="bold"))
    if method.summary.get(lang):
        text.append("\n\n")
        text.append_text(plain(method.summary.get(lang)))
    text.append("\n")
    for number, phase in enumerate(method.phases, start=1):
        text.append(f"\n{number}. ")
        text.append_text(plain(phase.title.get(lang)))
        text.append(f" ({minutes_label(phase.minutes)})")
        if phase.case_holder_silent:
            text.append(f"  · {t('method.silent')}", style="italic")
    minutes = total_minutes(method)
    total = t("method.total", minutes=minutes) if minutes else t("method.no_total")
    text.append("\n\n" + total + "\n")
    text.append_text(plain(t("method.source", source=method.source)))
    return text


class MethodPicker(SessieModal):
    """Returns the chosen `Method`, or None."""

    BINDINGS = commands.bindings(commands.CHOOSE, commands.CANCEL)

    def __init__(self, library: MethodLibrary, current: str | None = None) -> None:
        super().__init__()
        self._methods = library.in_order()
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="wide"):
            yield Static(t("method.choose"), classes="dialog-title")
            with Horizontal(id="method-body"):
                yield OrderedOptionList(
                    *(Option(plain(method_label(m)), id=m.id) for m in self._methods),
                    id="methods",
                )
                with VerticalScroll(id="method-detail-scroll"):
                    yield Static("", id="method-detail")
            yield Static(t("method.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one("#methods", OptionList)
        ids = [m.id for m in self._methods]
        options.highlighted = ids.index(self._current) if self._current in ids else 0
        self.set_focus(options)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        method = self._methods[event.option_index]
        self.query_one("#method-detail", Static).update(describe(method))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._methods[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)

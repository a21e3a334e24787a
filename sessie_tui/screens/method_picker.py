"""Choose the method for a session with the method chooser: what the facilitator knows
about the case and the meeting above, every method ranked best first below, each with
the reasons it fits or does not, its phases, minutes and source."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from .. import commands
from ..chooser_text import reason_lines
from ..domain.case_kinds import Experience, Goal, QuestionKind
from ..domain.chooser import Needs, Reason, Suggestion, rank_methods
from ..domain.method import Method
from ..domain.record import record
from ..i18n import language, t
from ..methods import MethodLibrary
from ..widgets.cycler import Cycler
from ..widgets.in_order import OrderedOptionList
from ..widgets.plain import Label, Static
from ..widgets.safe_input import SafeInput
from ..widgets.text import plain
from .base import SessieModal, SessieScreen
from .dialogs import Prompt

if TYPE_CHECKING:
    from ..live import LiveSession


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


@record
class Picked:
    """The method chosen, with what the chooser was told and said of it."""

    method: Method
    needs: Needs
    reasons: tuple[Reason, ...]
    rank: int

    def record_in(self, live: LiveSession, reason: str = "") -> None:
        """Make it the session's method, keeping the chooser's reasons for the report."""
        if self.method == live.session.method and self.needs == Needs():
            return  # a new session already has it, and the chooser was told nothing
        live.change_method(
            self.method, reason=reason, needs=self.needs, reasons=self.reasons, rank=self.rank
        )


def change_during_meeting(
    screen: SessieScreen, live: LiveSession, done: Callable[[], None]
) -> None:
    """Choose another method while the meeting runs (`done` after the change). Once the
    case is told the method is fixed: changing it asks why, and the reason is recorded."""
    session = live.session
    present = len(session.present()) or None
    picker = MethodPicker(screen.context.methods, current=session.method.id, present=present)

    def change(picked: Picked, reason: str = "") -> None:
        if screen.attempt(lambda: picked.record_in(live, reason)):
            done()

    def chosen(picked: Picked | None) -> None:
        if picked is None or picked.method.id == live.session.method.id:
            return
        if not live.method_change_needs_reason:
            change(picked)
            return
        lang = language()
        question = t(
            "method.change_reason_question",
            old=live.session.method.title.get(lang),
            new=picked.method.title.get(lang),
        )

        def with_reason(reason: str | None) -> None:
            if reason is not None:
                change(picked, reason)

        screen.app.push_screen(Prompt(question), with_reason)

    screen.app.push_screen(picker, chosen)


def _count(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdecimal() and int(text) >= 1 else None


class MethodPicker(SessieModal):
    """The methods ranked by the chooser, best first, each with its reasons and its
    phases; above them what the facilitator knows (all may stay unknown). Returns
    `Picked`, or None."""

    BINDINGS = commands.bindings(
        commands.CHOOSE, commands.CANCEL, commands.CYCLE_PREVIOUS, commands.CYCLE_NEXT
    )

    def __init__(
        self, library: MethodLibrary, current: str | None = None, present: int | None = None
    ) -> None:
        super().__init__()
        self._library = library
        self._current = current if current in library.methods else library.default.id
        self._present = present
        self._ranking: list[Suggestion] = []
        self._ranked_for = Needs()

    def compose(self) -> ComposeResult:
        unknown = t("chooser.unknown")
        with Vertical(id="dialog", classes="wide chooser"):
            yield Static(t("method.choose"), classes="dialog-title")
            with Grid(id="chooser-needs"):
                yield Label(t("chooser.question"), classes="field-label")
                kinds = [(t(f"question_kind.{k.value}"), k) for k in QuestionKind]
                yield Cycler([(unknown, None), *kinds], id="need-question")
                yield Label(t("chooser.goal"), classes="field-label")
                goals = [(t(f"goal.{g.value}"), g) for g in Goal]
                yield Cycler([(unknown, None), *goals], id="need-goal")
                yield Label(t("chooser.minutes"), classes="field-label")
                yield SafeInput(
                    placeholder=unknown,
                    restrict=r"[0-9]*",
                    max_length=3,
                    id="need-minutes",
                    compact=True,
                )
                yield Label(t("chooser.present"), classes="field-label")
                yield SafeInput(
                    value=str(self._present or ""),
                    placeholder=unknown,
                    restrict=r"[0-9]*",
                    max_length=3,
                    id="need-present",
                    compact=True,
                )
                yield Label(t("chooser.experience"), classes="field-label")
                levels = [(t(f"experience.{e.value}"), e) for e in Experience]
                yield Cycler([(unknown, None), *levels], id="need-experience")
            with Horizontal(id="method-body"):
                yield OrderedOptionList(id="methods")
                with VerticalScroll(id="method-detail-scroll"):
                    yield Static("", id="method-detail")
            yield Static(t("chooser.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self._rank(keep=self._current)
        self.set_focus(self.query_one("#methods", OptionList))
        # Where a method is missing from the list, the list says why: a file of one's own
        # that could not be read is named, with its field (the methods are read only now).
        for problem in self._library.problems:
            self.notify(t("methods.problem", problem=str(problem)), severity="warning", timeout=10)

    # -- what the facilitator knows --------------------------------------------------------

    @property
    def needs(self) -> Needs:
        return Needs(
            question=self.query_one("#need-question", Cycler).value,
            minutes=_count(self.query_one("#need-minutes", Input).value),
            present=_count(self.query_one("#need-present", Input).value),
            experience=self.query_one("#need-experience", Cycler).value,
            goal=self.query_one("#need-goal", Cycler).value,
        )

    def applies(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cycle":
            return isinstance(self.focused, Cycler)
        return True

    def action_cycle(self, delta: int) -> None:
        if isinstance(self.focused, Cycler):
            self.focused.step(delta)

    def on_cycler_changed(self, event: Cycler.Changed) -> None:
        self._rank()

    def on_input_changed(self, event: Input.Changed) -> None:
        # A field also says it changed when it is first filled (the number present):
        # only what the facilitator changed ranks anew, else the highlight stays.
        if self.needs != self._ranked_for:
            self._rank()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.set_focus(self.query_one("#methods", OptionList))

    def action_choose(self) -> None:
        """Enter on the list chooses; elsewhere it goes to the list, ranked anew."""
        focused = self.focused
        if isinstance(focused, OptionList):
            focused.action_select()
        else:
            self.set_focus(self.query_one("#methods", OptionList))

    # -- the ranking -----------------------------------------------------------------------

    def _rank(self, keep: str | None = None) -> None:
        """Rank anew; the best is highlighted (or `keep`, the method the session has)."""
        self._ranked_for = self.needs
        self._ranking = rank_methods(self._library.methods.values(), self._ranked_for, language())
        options = self.query_one("#methods", OptionList)
        options.clear_options()
        options.add_options(
            Option(plain(f"{rank}. {method_label(s.method)}"), id=s.method.id)
            for rank, s in enumerate(self._ranking, start=1)
        )
        ids = [s.method.id for s in self._ranking]
        options.highlighted = ids.index(keep) if keep in ids else 0
        self._show(options.highlighted or 0)

    def _show(self, index: int) -> None:
        suggestion = self._ranking[index]
        text = Text()
        for heading, reasons in reason_lines(suggestion.reasons, language()):
            text.append(f"{heading}: ", style="bold")
            text.append_text(plain(reasons))
            text.append("\n")
        if text.plain:
            text.append("\n")
        text.append_text(describe(suggestion.method))
        self.query_one("#method-detail", Static).update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        suggestion = self._ranking[event.option_index]
        self.dismiss(
            Picked(suggestion.method, self.needs, suggestion.reasons, event.option_index + 1)
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

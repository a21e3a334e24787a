"""The case and the next meeting: one form, opened from preparation and from the phase screen.

It takes the case title, the case holder's question, whether those who were
absent may read that question (asked of the case holder; the answer is kept
with the time it was given, a withdrawal too), and the next meeting's date,
time and place. Like the preparation screen, every field is saved while it
is typed (`TypedInfo`), so Esc only closes: nothing typed is lost. The
generic `Form` dialog hands its values over only when it is saved and
knows no yes/no, hence a form of its own, in the same style.

Keys may come in a burst (SSH, tmux, a fast typist): Tab, Enter and space
move on or answer as they arrive (priority bindings), and closing waits for
the keys the field in use has not yet taken, so every one is saved.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, TextArea

from .. import commands
from ..domain.dates import clock_time, parse_clock_time, parse_date
from ..i18n import t
from ..live import LiveSession
from ..textsafety import show_invisible_in_place
from ..widgets.plain import Label, Static
from ..widgets.privacy_flag import note_flag
from ..widgets.safe_input import SafeInput
from ..widgets.text import plain
from ..widgets.text_area import OrderedTextArea
from .base import SessieModal
from .typed_info import Reading, TypedInfo

CASE_FIELDS = ("case_title", "case_question")
NEXT_MEETING_FIELDS = ("next_meeting_date", "next_meeting_time", "next_meeting_place")
READINGS = {
    "next_meeting_date": Reading(parse_date, "case.bad_next_date"),
    "next_meeting_time": Reading(parse_clock_time, "case.bad_next_time"),
}


class CaseForm(SessieModal):
    """Dismisses with None once everything typed is saved."""

    BINDINGS = commands.bindings(
        commands.CLOSE_FORM,
        commands.SAVE_DIALOG,
        commands.SUBMIT_FIELD,
        commands.TOGGLE_FIELD,
    )

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live
        self._has_case = live.session.method.has_case
        self._fields = (CASE_FIELDS if self._has_case else ()) + NEXT_MEETING_FIELDS
        self._typed = TypedInfo(self, live, READINGS)
        self._closing = False

    def _holder_name(self) -> str:
        holder = self.live.session.case_holder
        return holder.name if holder else t("case.the_case_holder")

    def compose(self) -> ComposeResult:
        info = self.live.session.info
        with VerticalScroll(id="dialog", classes="form case-form") as dialog:
            dialog.can_focus = False  # Tab goes from field to field, not to the frame
            title = t("case.title") if self._has_case else t("case.next_meeting")
            yield Static(title, classes="dialog-title")
            if self._has_case:
                yield Label(t("case.case_title"))
                yield SafeInput(
                    value=info.case_title,
                    placeholder=t("case.case_title_placeholder"),
                    id="field-case_title",
                    compact=True,
                )
                yield Label(t("case.question"))
                # A text area draws its text raw: invisible characters are shown (and
                # so saved) as their stand-ins, never sent to the terminal (as in Form).
                shown = "\n".join(
                    show_invisible_in_place(line) for line in info.case_question.split("\n")
                )
                yield OrderedTextArea(
                    shown,
                    id="field-case_question",
                    classes="case-question",
                    compact=True,
                    placeholder=t("case.question_placeholder"),
                )
                # The privacy guard's flag on the title and question: beside them, never blocking.
                yield Static("", id="case-privacy")
                yield Static(plain(t("case.share_question", name=self._holder_name())))
                with Horizontal(classes="case-share"):
                    yield Checkbox(
                        plain(t("case.share_agreed", name=self._holder_name())),
                        value=info.share_case_question,
                        id="share-case-question",
                        compact=True,
                    )
                    yield Static("", id="share-answered")
            if self._has_case:
                yield Label(t("case.next_meeting"), classes="case-next-label")
            with Grid(id="next-meeting-fields"):
                for name in NEXT_MEETING_FIELDS:
                    yield Label(t(f"case.{name}"), classes="field-label")
                    yield SafeInput(
                        value=getattr(info, name),
                        placeholder=t(f"case.{name}_placeholder"),
                        id=f"field-{name}",
                        compact=True,
                    )
            yield Static(t("case.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        for name in self._fields:
            widget = self.query_one(f"#field-{name}")
            self._typed.watch(name, partial(_text_of, widget))
        self._show_answer()
        self._show_privacy()
        first = "#field-case_title" if self._has_case else "#field-next_meeting_date"
        self.query_one(first).focus()

    def _show_answer(self) -> None:
        info = self.live.session.info
        if not self._has_case:
            return
        # Said in words: a checkbox's mark alone is hard to read from the back of the room.
        answer = Text(t("case.share_yes" if info.share_case_question else "case.share_no"))
        answer.stylize("bold")
        if info.share_case_question_at:
            time = clock_time(info.share_case_question_at, self.live.session.timezone)
            answer.append("  ·  " + t("case.answered_at", time=time), style="dim")
        self.query_one("#share-answered", Static).update(answer)

    def _show_privacy(self) -> None:
        if not self._has_case:
            return
        typed = " \n".join(_text_of(self.query_one(f"#field-{name}")) for name in CASE_FIELDS)
        flag = note_flag(self.live.session, typed)
        line = self.query_one("#case-privacy", Static)
        line.display = bool(flag)
        line.update(plain(flag, style="bold"))

    # -- saving ------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._typed.typed((event.input.id or "").removeprefix("field-"))
        self._show_privacy()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._typed.typed("case_question")
        self._show_privacy()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._save_answer(event.value)  # a click; the keys save it as they toggle it

    def _toggle(self, box: Checkbox) -> None:
        box.toggle()
        # At once, not when the change message comes round: the form may close before that.
        self._save_answer(box.value)

    def _save_answer(self, agreed: bool) -> None:
        if agreed != self.live.session.info.share_case_question:
            self.attempt(lambda: self.live.update_info(share_case_question=agreed))
        self._show_answer()

    def on_descendant_blur(self) -> None:
        self._typed.flush()

    # -- keys ------------------------------------------------------------------------------

    def applies(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit_field":
            return not isinstance(self.focused, TextArea)  # there Enter starts a new line
        if action == "toggle_field":
            return isinstance(self.focused, Checkbox)  # elsewhere space is typed
        return True

    def action_submit_field(self) -> None:
        """Enter: the yes/no answers; a field moves on; the last one closes the form."""
        focused = self.focused
        if isinstance(focused, Checkbox):
            self._toggle(focused)
        elif focused is not None and focused.id == f"field-{self._fields[-1]}":
            self.action_close_form()
        else:
            self.focus_next()

    def action_toggle_field(self) -> None:
        if isinstance(self.focused, Checkbox):
            self._toggle(self.focused)

    def action_close_form(self) -> None:
        # After the keys the field in use still has to take: they are part of what it holds.
        if not self._closing:
            self._closing = True
            (self.focused or self).call_later(self._close)

    def action_save_dialog(self) -> None:
        self.action_close_form()

    def _close(self) -> None:
        """Close once everything is saved; a field that cannot be saved is named and kept."""
        self._closing = False
        if self._typed.flush(insist=True):
            self.dismiss(None)
            return
        waiting = self._typed.waiting
        if waiting:
            self.query_one(f"#field-{waiting[0]}").focus()


def _text_of(widget: Widget) -> str:
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Input):
        return widget.value
    raise TypeError(f"{widget!r} is no text field")

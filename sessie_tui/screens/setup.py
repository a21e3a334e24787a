"""Setup: network, topic, date and place; the participants, their roles and presence.

Every field is saved while it is typed (shortly after the last key, and at
once on Enter or when the field is left), so nothing entered here is lost.
The case and the next meeting are in a form of their own (`CaseForm`), which
the phase screen opens too.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.coordinate import Coordinate
from textual.widget import Widget
from textual.widgets import Header, Input

from .. import commands
from ..domain.dates import parse_clock_time, parse_date
from ..domain.network import MAX_MEMBERS
from ..domain.participants import Attendance, Participant, Role
from ..domain.schedule import default_end_time
from ..domain.session import MAX_MEETING_NUMBER
from ..i18n import t
from ..live import LiveSession
from ..widgets.key_bar import KeyBar
from ..widgets.plain import Label, Static
from ..widgets.safe_input import EntryInput, SafeInput
from ..widgets.table import DataTable, OrderedTable
from ..widgets.text import plain
from .base import SessieScreen
from .dialogs import Choose, Confirm, Prompt
from .method_picker import MethodPicker, Picked, method_label
from .typed_info import Reading, TypedInfo

INFO_FIELDS = ("network", "topic", "date", "place", "start_time", "end_time", "number")
TABLE_ACTIONS = frozenset(
    {"rename_participant", "choose_role", "cycle_attendance", "remove_participant"}
)


def parse_meeting_number(typed: str) -> int | None:
    """The meeting's number within its network, as typed; None when it is not one."""
    if typed.isdecimal() and typed.isascii() and 1 <= int(typed) <= MAX_MEETING_NUMBER:
        return int(typed)
    return None


READINGS = {
    "date": Reading(parse_date, "setup.bad_date"),
    "start_time": Reading(parse_clock_time, "setup.bad_start_time"),
    "end_time": Reading(parse_clock_time, "setup.bad_end_time"),
    "number": Reading(parse_meeting_number, "setup.bad_number", None),
}


def _value_of(field: Input) -> str:
    return field.value


def next_in(options: list, current: object) -> object:
    return options[(options.index(current) + 1) % len(options)]


def role_label(role: Role) -> str:
    return t(f"role.{role.value}")


def attendance_label(attendance: Attendance) -> str:
    return t(f"attendance.{attendance.value}")


class SetupScreen(SessieScreen):
    BINDINGS = commands.bindings(
        commands.CONTINUE,
        commands.EDIT_CASE,
        commands.SUBMIT_FIELD,
        commands.ADD_PARTICIPANT,
        commands.RENAME_PARTICIPANT,
        commands.SET_ROLE,
        commands.CYCLE_ATTENDANCE,
        commands.REMOVE_PARTICIPANT,
        commands.CHANGE_METHOD,
        commands.ROOM,
        commands.BACK,
    )
    ATTENDANCE_ORDER: ClassVar[list[Attendance]] = list(Attendance)

    def __init__(self, live: LiveSession, *, new: bool = False) -> None:
        super().__init__()
        self.live = live
        self._new = new
        self._typed = TypedInfo(self, live, READINGS)

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        info = self.live.session.info
        yield Header()
        with Vertical(id="setup"):
            yield Static("", id="setup-title", classes="screen-title")
            with Grid(id="info-fields"):
                for name in INFO_FIELDS:
                    yield Label(t(f"setup.{name}"), classes="field-label")
                    yield SafeInput(
                        value=str(getattr(info, name) or ""),
                        placeholder=t(f"setup.{name}_placeholder"),
                        id=f"field-{name}",
                        compact=True,
                    )
            yield Static("", id="participants-heading", classes="section-title")
            yield OrderedTable(id="participants", cursor_type="row", zebra_stripes=True)
            yield EntryInput(
                placeholder=t("setup.new_participant"), id="new-participant", compact=True
            )
            yield Static("", id="setup-hint", classes="hint")
            yield Static("", id="setup-warnings", classes="warnings")
        yield KeyBar()

    def on_mount(self) -> None:
        for name in INFO_FIELDS:
            field = self.query_one(f"#field-{name}", Input)
            # Show the beginning of a long value, not its end.
            field.cursor_position = 0
            self._typed.watch(name, partial(_value_of, field))
        table = self.query_one("#participants", DataTable)
        table.add_column(t("setup.col.name"), key="name")
        table.add_column(t("setup.col.role"), key="role")
        table.add_column(t("setup.col.attendance"), key="attendance")
        self._show()
        self._show_default_end()
        if self.live.session.participants:
            self.set_focus(table)
        else:
            self.set_focus(self.query_one("#field-network", Input))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_hint()

    def _show_hint(self) -> None:
        """What to do in the field that has the cursor: the hint speaks of where you are."""
        focused: Widget | None = self.focused
        name = (focused.id or "").removeprefix("field-") if focused else ""
        if name in INFO_FIELDS:
            hint = t("setup.hint.field", field=t(f"setup.{name}"))
        elif focused is not None and focused.id == "participants":
            hint = t("setup.hint.participants")
        elif focused is not None and focused.id == "new-participant":
            hint = t("setup.hint.new_participant")
        else:
            hint = ""
        self.query_one("#setup-hint", Static).update(hint)

    def _show(self, keep: str | None = None) -> None:
        session = self.live.session
        method = session.method
        title = t("setup.title", method=method_label(method))
        self.query_one("#setup-title", Static).update(plain(title))
        table = self.query_one("#participants", DataTable)
        selected = keep or self._selected_id()
        table.clear()
        # In the order they were added: rows must not jump while roles change.
        people = list(session.participants.values())
        for person in people:
            table.add_row(
                plain(person.name),
                role_label(person.role),
                attendance_label(person.attendance),
                key=person.id,
            )
        ids = [p.id for p in people]
        if selected in ids:
            table.move_cursor(row=ids.index(selected))
        # An empty list has nothing to act on: Tab and Enter from the last field go on
        # to the new participant's name, where typing a name is typing, not commands.
        if not people and table.has_focus:
            self.set_focus(self.query_one("#new-participant", Input))
        table.can_focus = bool(people)
        present = len(session.present())
        self.query_one("#participants-heading", Static).update(
            t("setup.participants", total=len(people), present=present)
        )
        self.query_one("#setup-warnings", Static).update(self._warnings())
        self.refresh_bindings()

    def _warnings(self) -> Text:
        session = self.live.session
        problems = []
        if session.method.has_case and not session.people(Role.CASE_HOLDER):
            problems.append(t("setup.warn.no_case_holder"))
        if not session.people(Role.FACILITATOR):
            problems.append(t("setup.warn.no_facilitator"))
        if len(session.participants) > MAX_MEMBERS:
            problems.append(
                t("network.warn.too_many", count=len(session.participants), max=MAX_MEMBERS)
            )
        minimum = session.method.min_participants
        present = len(session.present())
        if minimum and present < minimum:
            problems.append(t("setup.warn.too_few", present=present, minimum=minimum))
        return Text(" · ".join(problems), style="bold")

    def _selected_id(self) -> str | None:
        table = self.query_one("#participants", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value

    def _selected(self) -> Participant | None:
        person = self._selected_id()
        return self.live.session.participants.get(person) if person else None

    def action_room(self) -> None:
        from .share import ShareScreen  # the room's model and server: with a share only

        self.app.push_screen(ShareScreen(self.live))

    def applies(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TABLE_ACTIONS:
            table_focused = self.focused is self.query_one("#participants", DataTable)
            return table_focused and self._selected() is not None
        if action == "add_participant":
            return not isinstance(self.focused, Input)
        if action == "submit_field":
            # The info fields; the new participant's field takes its own Enter.
            return self._focused_info_field()
        return True

    def _focused_info_field(self) -> bool:
        focused = self.focused
        return focused is not None and (focused.id or "").removeprefix("field-") in INFO_FIELDS

    def action_submit_field(self) -> None:
        """Enter in an info field: on to the next (leaving it saves it, or names what is wrong)."""
        self.focus_next()

    # -- saving the fields ---------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self._typed.typed((event.input.id or "").removeprefix("field-"))
        if event.input.id == "field-start_time":
            self._show_default_end()

    def _show_default_end(self) -> None:
        """An empty end is the start plus the method's minutes: the field says which."""
        start = parse_clock_time(self.query_one("#field-start_time", Input).value)
        minutes = self.live.session.method.planned_minutes
        placeholder = t("setup.end_time_placeholder")
        if start is not None and minutes:
            time = default_end_time(start, minutes)
            placeholder = t("setup.end_time_default", time=time, minutes=f"{minutes:g}")
        self.query_one("#field-end_time", Input).placeholder = placeholder

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "new-participant":
            self._add(event.value)

    def on_descendant_blur(self) -> None:
        self.flush()

    def flush(self, *, insist: bool = False) -> bool:
        """Save what was typed; False when a field holds something that cannot be saved."""
        return self._typed.flush(insist=insist)

    # -- participants --------------------------------------------------------------------

    def action_add_participant(self) -> None:
        self.set_focus(self.query_one("#new-participant", Input))

    def _add(self, name: str) -> None:
        if not name.strip():
            return
        if not self.attempt(lambda: self.live.add_participant(name)):
            self.query_one("#new-participant", EntryInput).put_back(name)
            return
        newest = list(self.live.session.participants)[-1]
        self._show(keep=newest)

    def action_rename_participant(self) -> None:
        person = self._selected()
        if person is None:
            return

        def rename(name: str | None) -> None:
            if name is None:
                return
            self.attempt(lambda: self.live.update_participant(person.id, name=name))
            self._show(keep=person.id)

        self.app.push_screen(Prompt(t("setup.rename", name=person.name), value=person.name), rename)

    def action_choose_role(self) -> None:
        person = self._selected()
        if person is None:
            return

        def assign(role: Role | None) -> None:
            if role is not None:
                self.live.set_role(person.id, role)
                self._show(keep=person.id)

        options = [(role_label(role), role) for role in Role]
        self.app.push_screen(
            Choose(t("setup.choose_role", name=person.name), options, person.role), assign
        )

    def action_cycle_attendance(self) -> None:
        person = self._selected()
        if person is not None:
            attendance = next_in(self.ATTENDANCE_ORDER, person.attendance)
            self.live.update_participant(person.id, attendance=attendance)
            self._show(keep=person.id)

    def action_remove_participant(self) -> None:
        person = self._selected()
        if person is None:
            return

        def remove(sure: bool | None) -> None:
            if sure:
                self.live.remove_participant(person.id)
                self._show()

        self.app.push_screen(Confirm(t("setup.remove", name=person.name)), remove)

    def action_edit_case(self) -> None:
        # The form comes with its first use: it brings Textual's TextArea and the privacy
        # check's word lists, which showing the setup screen needs neither of.
        from .case_form import CaseForm

        self.flush()  # what cannot be saved yet stays in its field, and is named
        self.app.push_screen(CaseForm(self.live))

    def action_change_method(self) -> None:
        def change(picked: Picked | None) -> None:
            if picked is None:
                return
            self.attempt(lambda: picked.record_in(self.live))
            self._show()
            self._show_default_end()

        session = self.live.session
        picker = MethodPicker(
            self.context.methods,
            current=session.method.id,
            present=len(session.present()) or None,  # from the roster, as it stands
        )
        self.app.push_screen(picker, change)

    # -- leaving -------------------------------------------------------------------------

    def action_proceed(self) -> None:
        if not self.flush(insist=True):
            return
        if not self.live.session.present():
            self.notify(t("setup.need_people"), severity="error")
            return
        from .confidentiality import ConfidentialityScreen

        self.app.switch_screen(ConfidentialityScreen(self.live))

    def action_back(self) -> None:
        self.flush()
        session = self.live.session
        if (
            self._new
            and not session.participants
            and session.info == type(session.info)(date=session.info.date)
        ):
            # Nothing was entered: the empty session is not worth keeping.
            self.context.sessions.delete_session(session.id)
        self.app.pop_screen()

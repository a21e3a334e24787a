"""Keys live on the widgets that own them; focus decides which work (issue 15).

The phase screen once carried every key of every panel and of the note field,
and switched them on and off through sets of action names in `check_action`.
Now the turns, the reflection, the scores, the expectations and the look-back
carry their own keys, the note composer and its field carry the keys of
writing, and the screen keeps its own (the clock, the phases, the end). The
screen says only what the session's state allows.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable

from textual.binding import Binding
from textual.dom import DOMNode

from sessie_tui import commands
from sessie_tui.app import SessieApp
from sessie_tui.live import LiveSession
from sessie_tui.screens.notes import NotesScreen, OwnNotes
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.widgets.evaluation import EvaluationPanel
from sessie_tui.widgets.expectations import ExpectationsPanel
from sessie_tui.widgets.list_panel import ListPanel
from sessie_tui.widgets.look_back import LookBackPanel
from sessie_tui.widgets.note_composer import (
    ListNoteField,
    NoteComposer,
    NoteField,
    PhaseNoteField,
)
from sessie_tui.widgets.reflection import ReflectionPanel
from sessie_tui.widgets.turns import TurnPanel

from conftest import acknowledge_all

QUESTIONS = 2
OWNERS: dict[type[DOMNode], tuple[commands.Command, ...]] = {
    TurnPanel: (
        commands.NEXT_SPEAKER,
        commands.SKIP_SPEAKER,
        commands.PUT_BACK_SPEAKER,
        commands.SHUFFLE_TURNS,
    ),
    ReflectionPanel: (
        commands.TOGGLE_TAKEN_ALONG,
        commands.EDIT_TAKEAWAY,
        commands.ADD_ACTION,
    ),
    ListPanel: (commands.PANEL_UP, commands.PANEL_DOWN),
    EvaluationPanel: (*commands.SCORES, commands.EDIT_REMARK),
    ExpectationsPanel: (commands.RECORD_EXPECTATION,),
    LookBackPanel: (
        commands.FOLLOW_UP_DONE,
        commands.FOLLOW_UP_ONGOING,
        commands.FOLLOW_UP_DROPPED,
        commands.FOLLOW_UP_REMARK,
    ),
    NoteComposer: (commands.NOTE_KIND, commands.CHOOSE_SPEAKER),
    PhaseNoteField: (commands.STOP_WRITING,),
    ListNoteField: (commands.TO_LIST,),
    OwnNotes: (commands.EDIT_OWN_NOTE, commands.DELETE_OWN_NOTE, commands.WRITE_NOTE),
}


def bound_ids(node: type[DOMNode]) -> set[str]:
    return {b.id for b in Binding.make_bindings(node.BINDINGS) if b.id}


def test_each_widget_carries_its_own_keys_and_the_screens_do_not() -> None:
    for widget, owned in OWNERS.items():
        missing = {command.id for command in owned} - bound_ids(widget)
        assert missing == set(), f"{widget.__name__} lacks its keys {missing}"
    on_widgets = {command.id for owned in OWNERS.values() for command in owned}
    assert bound_ids(NotesScreen) & on_widgets == set()
    # `n` writes a note from anywhere on the phase screen: its own key (on the
    # note-taker's view, the list's).
    assert bound_ids(PhaseScreen) & on_widgets == {commands.WRITE_NOTE.id}


def membership_tests(function: Callable[..., object]) -> list[str]:
    """Every `x in y` in the function: how a set of action names would be consulted."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops)
    ]


def test_the_screens_gate_no_action_through_sets_of_names() -> None:
    assert "check_action" not in vars(PhaseScreen)
    assert "check_action" not in vars(NotesScreen)
    # What is left says what the session's state allows, action by action.
    assert membership_tests(PhaseScreen.applies) == []
    assert "applies" not in vars(NotesScreen)


def test_the_membership_check_would_see_a_set_of_names() -> None:
    writing = frozenset({"stop_writing"})

    def applies(action: str) -> bool:
        return action in writing

    assert membership_tests(applies) == ["action in writing"]


async def test_focus_decides_whether_the_turn_keys_or_the_note_keys_work(
    make_app: Callable[..., SessieApp], new_session: Callable[..., LiveSession]
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.start()
    live.go_to_phase(QUESTIONS)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PhaseScreen)
        assert isinstance(screen.focused, TurnPanel)
        active = {a.binding.id for a in screen.active_bindings.values() if a.enabled}
        assert {"next_speaker", "back"} <= active and "note_kind" not in active

        await pilot.press("n", "t", "s", "escape")
        await pilot.pause()
        assert isinstance(screen.focused, TurnPanel), "Escape gives the keys to the panel"
        assert screen.composer.field.value == "ts"
        assert live.session.turns(QUESTIONS).spoken == []

        await pilot.press("n")
        await pilot.pause()
        assert isinstance(screen.focused, NoteField)
        active = {a.binding.id for a in screen.active_bindings.values() if a.enabled}
        assert {"stop_writing", "note_kind", "choose_speaker"} <= active
        assert not active & {"next_speaker", "back", "start_pause", "write_note"}

        await pilot.press("escape", "t")
        await pilot.pause()
        live.refresh()
        assert len(live.session.turns(QUESTIONS).spoken) == 1
        assert app.screen is screen, "the field's Escape did not leave the meeting"

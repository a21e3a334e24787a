"""Every key a screen reacts to is in F1: the screen's own commands, and Enter on a list.

A focused list (a DataTable, an OptionList) takes Enter for itself; when the
screen acts on what the list then selects, Enter works but used to be in no
footer and no F1 (Enter on the home screen opens the session). Each screen is
opened as a user would meet it, F1 is pressed, and its table is read back.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from rich.table import Table
from rich.text import Text
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static

from sessie_tui.app import SessieApp
from sessie_tui.live import LiveSession
from sessie_tui.live_network import LiveNetwork
from sessie_tui.methods import MethodLibrary
from sessie_tui.room.state import RoomFile
from sessie_tui.screens.confidentiality import ConfidentialityScreen
from sessie_tui.screens.dialogs import Choose, Confirm
from sessie_tui.screens.end import EndScreen
from sessie_tui.screens.final_evaluation import FinalEvaluationScreen
from sessie_tui.screens.help import HelpScreen
from sessie_tui.screens.home import HomeScreen
from sessie_tui.screens.members import MembersScreen
from sessie_tui.screens.method_picker import MethodPicker
from sessie_tui.screens.network import NetworkScreen
from sessie_tui.screens.networks import NetworksScreen
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.screens.report import ReportScreen
from sessie_tui.screens.session_picker import SessionPicker
from sessie_tui.screens.setup import SetupScreen
from sessie_tui.screens.share import ShareScreen
from sessie_tui.widgets.key_bar import KeyBar

from network_helpers import run_meeting

# What a list does with Enter, and the handler by which a screen acts on it.
SELECTING = {
    "select_cursor": "on_data_table_row_selected",
    "select": "on_option_list_option_selected",
}
LISTS = (DataTable, OptionList)
SCREENS = (
    "home",
    "networks",
    "network",
    "members",
    "final_evaluation",
    "confidentiality",
    "end",
    "report",
    "method_picker",
    "session_picker",
    "choose",
    "confirm",
    "setup",
    "reflection",
    "evaluation",
    "share",
)


def reacting_keys(app: SessieApp, screen: Screen[object]) -> set[str]:
    """The keys (as the app displays them) that do something on `screen` now."""
    keys: set[str] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.id and active.enabled:
            keys.add(app.get_key_display(binding))
        elif (
            isinstance(active.node, LISTS)
            and (handler := SELECTING.get(binding.action))
            and hasattr(screen, handler)
        ):
            # The screen acts on the list's choice; our Enter commands show as ⏎.
            keys.add("⏎" if key == "enter" else app.get_key_display(binding))
    return keys


def keys_in_help(app: SessieApp) -> set[str]:
    """Every key in F1's first column ("del x" is two keys)."""
    assert isinstance(app.screen, HelpScreen)
    table = app.screen.query_one("#keys", Static).content
    assert isinstance(table, Table)
    return {key for cell in table.columns[0].cells for key in Text.assemble(cell).plain.split()}


@pytest.fixture
def open_screen(
    make_app: Callable[..., SessieApp],
    new_session: Callable[..., LiveSession],
    network: LiveNetwork,
    methods: MethodLibrary,
) -> Callable[[str], Screen[object] | None]:
    """Each screen with something on it, so its commands apply."""
    for name in ("Annelies Vermeulen", "Bart Verhaegen", "Dries Claes"):
        network.add_member(name)
    ended = run_meeting(network, methods, network.clock, "incidentmethode")
    ended.end()
    running = new_session(session_id="20261124-lopend")
    for person in running.session.present():
        running.acknowledge(person.id)
    running.start()
    fresh = new_session()

    def shared(live: LiveSession) -> LiveSession:
        """Shared, listening, with a device waiting to be admitted."""
        room = RoomFile(live.store, live.id, live.now)
        room.start_share()
        room.record_listening("127.0.0.1", 4242, ["http://127.0.0.1:4242"], os.getpid())
        room.join("phone", admitted=False)
        return live

    def phase(kind: str) -> PhaseScreen:
        phases = [p.kind.value for p in running.session.method.phases]
        running.go_to_phase(phases.index(kind))
        return PhaseScreen(running)

    def make(name: str) -> Screen[object] | None:
        return {
            "home": lambda: None,
            "networks": NetworksScreen,
            "network": lambda: NetworkScreen(network),
            "members": lambda: MembersScreen(network),
            "final_evaluation": lambda: FinalEvaluationScreen(network),
            "confidentiality": lambda: ConfidentialityScreen(fresh),
            "end": lambda: EndScreen(ended),
            "report": lambda: ReportScreen(make_app().session_report(ended)),
            "method_picker": lambda: MethodPicker(methods),
            "session_picker": SessionPicker,
            "choose": lambda: Choose("?", [("a", 1), ("b", 2)], 1),
            "confirm": lambda: Confirm("?"),
            "setup": lambda: SetupScreen(fresh),
            "reflection": lambda: phase("reflection"),
            "evaluation": lambda: phase("evaluation"),
            "share": lambda: ShareScreen(shared(fresh)),
        }[name]()

    return make


@pytest.mark.parametrize("name", SCREENS)
@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_f1_lists_every_key_the_screen_reacts_to(
    make_app: Callable[..., SessieApp],
    open_screen: Callable[[str], Screen[object] | None],
    name: str,
    lang: str,
) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = open_screen(name)
        if screen is not None:
            app.push_screen(screen)
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen) if screen is None else app.screen is screen
        reacting = reacting_keys(app, app.screen)
        await pilot.press("f1")
        await pilot.pause()
        assert reacting - keys_in_help(app) == set()


async def test_enter_on_home_is_in_the_footer_and_opens_the_session(
    make_app: Callable[..., SessieApp], new_session: Callable[..., LiveSession]
) -> None:
    new_session()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = [span.display for span in app.screen.query_one(KeyBar).spans]
        assert "⏎" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "SetupScreen"

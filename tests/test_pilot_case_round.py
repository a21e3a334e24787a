"""The case round on the phase screen, driven from the keyboard as a facilitator would."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import DataTable, Static

from sessie_tui.app import SessieApp
from sessie_tui.domain.case_round import ChoiceMode
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.participants import Role
from sessie_tui.live import LiveSession
from sessie_tui.live_network import LiveNetwork
from sessie_tui.methods import MethodLibrary
from sessie_tui.screens.dialogs import Choose, Confirm, Prompt
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.storage.store import Store
from sessie_tui.widgets.case_round import CaseRoundPanel

from driving import notifications, type_text
from network_helpers import open_meeting

MakeApp = Callable[..., SessieApp]
MEMBERS = ["Annelies", "Bart", "Charlotte", "Dries", "Els", "Filip"]


@pytest.fixture
def network(network: LiveNetwork) -> LiveNetwork:
    """The conftest's network, with the members below."""
    for name in MEMBERS:
        network.add_member(name)
    return network


def table_rows(app: SessieApp) -> list[list[str]]:
    table = app.screen.query_one("#proposals", DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def person(live: LiveSession, name: str) -> str:
    return next(p.id for p in live.session.participants.values() if p.name == name)


async def choose_option(pilot, label: str) -> None:  # type: ignore[no-untyped-def]
    """In a Choose dialog: move to the option with this label, then Enter."""
    dialog = pilot.app.screen
    assert isinstance(dialog, Choose), dialog
    labels = [label for label, _ in dialog._options]
    index = labels.index(label)
    current = dialog.query_one("#choices").highlighted
    key = "down" if index > current else "up"
    for _ in range(abs(index - current)):
        await pilot.press(key)
    await pilot.press("enter")
    await pilot.pause()


async def propose(pilot, who: str, title: str, urgency: int, kind: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("p")
    await pilot.pause()
    await choose_option(pilot, who)
    assert isinstance(pilot.app.screen, Prompt)
    await type_text(pilot, title)
    await pilot.press("enter")
    await pilot.pause()
    await choose_option(pilot, pilot.app.screen._options[urgency - 1][0])
    await choose_option(pilot, kind)


async def vote(pilot, row: int, voter: str) -> None:  # type: ignore[no-untyped-def]
    table = pilot.app.screen.query_one("#proposals", DataTable)
    while table.cursor_row < row:
        await pilot.press("down")
    while table.cursor_row > row:
        await pilot.press("up")
    await pilot.press("v")
    await pilot.pause()
    await choose_option(pilot, voter)


async def test_proposals_typed_by_the_facilitator_are_stored_at_once(
    make_app: MakeApp,
    store: Store,
    clock: FakeClock,
    methods: MethodLibrary,
    network: LiveNetwork,
) -> None:
    live = open_meeting(network, methods, clock)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        assert isinstance(app.screen.focused, CaseRoundPanel)
        await propose(
            pilot, "Bart", "Ouder dreigt met klacht", 3, "een relatie met een cliënt of collega"
        )
        # Stored the moment the last answer is given: another process reads it.
        stored = LiveSession(Store(store.root), live.id, clock).session.case_round
        [proposal] = stored.open_proposals()
        assert (proposal.title, proposal.urgency, proposal.kind.value) == (
            "Ouder dreigt met klacht",
            3,
            "relation",
        )
        assert proposal.proposer == person(live, "Bart")
        assert table_rows(app)[0][:3] == ["!!!", "Ouder dreigt met klacht", "Bart"]
        # Writing a note takes the focus; esc gives it back to the case round's keys.
        await pilot.press("n")
        await type_text(pilot, "p")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen.focused, CaseRoundPanel)


async def test_a_dot_vote_with_a_tie_broken_by_the_facilitator_moves_the_roles(
    make_app: MakeApp,
    store: Store,
    clock: FakeClock,
    methods: MethodLibrary,
    network: LiveNetwork,
) -> None:
    live = open_meeting(network, methods, clock)
    live.set_role(person(live, "Els"), Role.CASE_HOLDER)
    for who, title in (("Bart", "Klacht"), ("Charlotte", "Teamconflict"), ("Dries", "Planning")):
        live.propose_case(person(live, who), title, 2, "problem")
    live.go_to_phase(2)
    app = make_app(open_session=live.id)
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        await pilot.press("backspace")
        await type_text(pilot, "2")
        await pilot.press("enter")
        await pilot.pause()
        # Two dots each: Annelies gives both to "Klacht", Filip one to each of the others.
        await vote(pilot, 0, "Annelies")
        await vote(pilot, 0, "Annelies")
        await vote(pilot, 0, "Annelies")  # a third dot is one too many: said, not stored
        assert any("Alle 2 stippen" in message for message in shown)
        await vote(pilot, 1, "Filip")
        await vote(pilot, 1, "Bart")
        summary = str(app.screen.query_one("#case-round-summary", Static).render())
        assert "gelijkstand tussen 2" in summary
        assert "2 stippen elk" in summary
        await pilot.press("k")
        await pilot.pause()
        await choose_option(pilot, "met stemmen")
        dialog = app.screen
        assert isinstance(dialog, Choose)
        assert "Gelijkstand" in dialog._question
        await choose_option(pilot, "Teamconflict")
        assert isinstance(app.screen, PhaseScreen)
    stored = LiveSession(Store(store.root), live.id, clock).session
    choice = stored.case_round.choice
    assert choice is not None and choice.mode is ChoiceMode.VOTE
    assert stored.case_round.chosen.title == "Teamconflict"
    tied = {stored.case_round.proposals[proposal].title for proposal in choice.tied}
    assert tied == {"Klacht", "Teamconflict"}
    assert stored.case_holder.name == "Charlotte"
    assert stored.participants[person(live, "Els")].role is Role.PARTICIPANT
    assert stored.info.case_title == "Teamconflict"
    # The two not taken wait in the network's bank; the taken one is closed with this meeting.
    bank = LiveNetwork(Store(store.root), network.id, clock).network.case_bank
    status = {case.title: (case.status.value, case.closed_in) for case in bank.values()}
    assert status == {
        "Klacht": ("open", ""),
        "Planning": ("open", ""),
        "Teamconflict": ("taken", live.id),
    }


async def test_the_bank_offers_last_times_cases_again_in_one_key(
    make_app: MakeApp,
    store: Store,
    clock: FakeClock,
    methods: MethodLibrary,
    network: LiveNetwork,
) -> None:
    first = open_meeting(network, methods, clock)
    for who, title in (("Bart", "Klacht"), ("Dries", "Planning")):
        first.propose_case(person(first, who), title, 2, "dilemma")
    first.go_to_phase(2)
    first.choose_case(first.session.case_round.open_proposals()[0].id, ChoiceMode.URGENCY)
    network.bank_round(first.session)
    first.end()
    second = open_meeting(network, methods, clock)
    app = make_app(open_session=second.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [row[1] for row in table_rows(app)] == ["↺ Planning"]
        await pilot.press("enter")
        await pilot.pause()
        assert [row[1:3] for row in table_rows(app)] == [["Planning", "Dries"]]
        ledger = str(app.screen.query_one("#case-round-ledger", Static).render())
        assert "nog nooit: Annelies, Charlotte, Dries" in ledger
        # Taken back for today, it waits in the bank again; from the bank, its proposer
        # withdraws it for good.
        for expected in (["↺ Planning"], []):
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, Confirm)
            await pilot.press("right", "enter")
            await pilot.pause()
            assert [row[1] for row in table_rows(app)] == expected
    stored = LiveSession(Store(store.root), second.id, clock).session.case_round
    [brought] = stored.proposals.values()
    assert brought.bank_id is not None and not brought.open
    bank = LiveNetwork(Store(store.root), network.id, clock).network.case_bank
    assert {case.title: case.status.value for case in bank.values()} == {
        "Klacht": "taken",
        "Planning": "withdrawn",
    }


async def test_the_network_overview_shows_the_ledger_and_the_banks_size(
    make_app: MakeApp,
    store: Store,
    clock: FakeClock,
    methods: MethodLibrary,
    network: LiveNetwork,
) -> None:
    from sessie_tui.screens.network import NetworkScreen

    for winner in ("Bart", "Dries"):
        live = open_meeting(network, methods, clock)
        proposals = {
            name: live.propose_case(person(live, name), f"Casus {name}", 2, "problem")
            for name in (winner, "Els")
        }
        live.go_to_phase(2)
        live.choose_case(proposals[winner].id, ChoiceMode.FACILITATOR)
        network.bank_round(live.session)
        live.end()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(NetworkScreen(network))
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        table = app.screen.query_one("#ledger", DataTable)
        assert app.screen.focused is table
        rows = {
            str(table.get_row_at(r)[0]): [str(c) for c in table.get_row_at(r)[1:]]
            for r in range(table.row_count)
        }
        assert rows["Bart"] == ["1", "1", "bijeenkomst 1 (1 geleden)"]
        assert rows["Dries"] == ["1", "1", "bijeenkomst 2 (de laatste)"]
        assert rows["Els"] == ["2", "0", "nog nooit"]
        # Whoever never held a case comes first.
        assert str(table.get_row_at(0)[0]) in {"Annelies", "Charlotte", "Els", "Filip"}
        bank = str(app.screen.query_one("#ledger-bank", Static).render())
        assert "In de bank: 2 casussen" in bank


async def test_leaving_the_choice_with_no_case_chosen_is_asked_first(
    make_app: MakeApp,
    store: Store,
    clock: FakeClock,
    methods: MethodLibrary,
    network: LiveNetwork,
) -> None:
    """→ in the phase where the case is chosen, with none chosen yet, asks first: a key
    pressed once too often would take the meeting past its choice. "No" has the focus."""
    live = open_meeting(network, methods, clock)
    live.propose_case(person(live, "Bart"), "Klacht", 2, "problem")
    live.go_to_phase(2)

    def stored_phase() -> int:
        return LiveSession(Store(store.root), live.id, clock).session.current_phase

    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        question = app.screen.query_one(".dialog-question", Static)
        assert "geen casus gekozen" in str(question.render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen) and stored_phase() == 2

        await pilot.press("right")
        await pilot.pause()
        await pilot.press("left", "enter")  # to "Ja", and yes
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen) and stored_phase() == 3

        await pilot.press("left")  # back to the choice; chosen now, → moves on at once
        await pilot.pause()
        assert stored_phase() == 2
    live = LiveSession(Store(store.root), live.id, clock)
    live.choose_case(next(iter(live.session.case_round.proposals)), ChoiceMode.FACILITATOR)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen) and stored_phase() == 3

"""A learning network driven from the keyboard: roster, meetings, look-back, the final round."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from sessie_tui.app import SessieApp
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.network import ROTATING_ROLES
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.roster import read_roster
from sessie_tui.domain.session import FollowUpStatus
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.live_network import LiveNetwork
from sessie_tui.methods import MethodLibrary
from sessie_tui.screens.dialogs import Confirm, Form, Prompt
from sessie_tui.screens.final_evaluation import FinalEvaluationScreen
from sessie_tui.screens.members import MembersScreen
from sessie_tui.screens.method_picker import MethodPicker
from sessie_tui.screens.network import NetworkScreen
from sessie_tui.screens.networks import NetworksScreen
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.screens.report import ReportScreen
from sessie_tui.screens.setup import SetupScreen
from sessie_tui.storage.store import Store
from sessie_tui.widgets.look_back import LookBackPanel

from driving import notifications, type_text
from network_helpers import MEMBERS, run_meeting, semicolon_csv_with_broken_lines

MakeApp = Callable[..., SessieApp]


@pytest.fixture
def network(network: LiveNetwork) -> LiveNetwork:
    """The network of the issue: 14 members from a semicolon CSV with three broken lines."""
    network.import_roster(read_roster(semicolon_csv_with_broken_lines()), skip_bad_rows=True)
    return network


def stored(store: Store, network: LiveNetwork) -> LiveNetwork:
    """The network as another process would read it from disk."""
    return LiveNetwork(Store(store.root), network.id, network.clock)


def rows(app: SessieApp, table_id: str) -> list[list[str]]:
    table = app.screen.query_one(table_id, DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def text_of(app: SessieApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def files_containing(store: Store, needle: str) -> list[Path]:
    return [
        path
        for path in Path(store.root).rglob("*")
        if path.is_file() and needle.encode() in path.read_bytes()
    ]


async def open_the_network(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("w")
    await pilot.pause()
    assert isinstance(pilot.app.screen, NetworksScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, NetworkScreen)


def held_meetings(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock, count: int
) -> list[LiveSession]:
    """`count` meetings run and ended, with an action point of the case holder in each."""
    held = []
    for number in range(1, count + 1):
        live = run_meeting(network, methods, clock, "incidentmethode")
        holder = live.session.case_holder
        assert holder is not None
        live.add_note(
            NoteDraft(f"Actie van bijeenkomst {number}", NoteKind.ACTION, owner=holder.id)
        )
        for score, person in enumerate(live.session.present()[:4], start=2):
            live.record_evaluation(person.id, score)
        live.end()
        held.append(live)
    return held


async def test_a_network_is_made_and_its_roster_imported_from_the_keyboard(
    make_app: MakeApp, store: Store, tmp_path: Path
) -> None:
    roster = tmp_path / "leden.csv"
    roster.write_bytes(semicolon_csv_with_broken_lines())
    app = make_app()
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w", "n")
        await pilot.pause()
        assert isinstance(app.screen, Form)
        await type_text(pilot, "Lerend netwerk Zorg")
        await pilot.press("tab")
        await type_text(pilot, "Zorg op school")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NetworkScreen)
        (network_id,) = store.network_ids()
        assert "Lerend netwerk Zorg" in text_of(app, "#network-title")

        await pilot.press("l", "i")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        app.screen.query_one("#answer", Input).value = str(roster)
        await pilot.press("enter")
        await pilot.pause()
        # Three broken lines: nothing is read yet, each is named, the good rows offered.
        assert isinstance(app.screen, Confirm)
        question = str(app.screen.query_one(".dialog-question", Static).render())
        for line in (6, 11, 18):
            assert f"Regel {line}:" in question
        assert "14" in question
        network = LiveNetwork(Store(store.root), network_id, app.context.clock)
        assert network.network.members == {}
        await pilot.press("left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MembersScreen)
        assert "14 leden ingelezen." in shown
        assert [row[0] for row in rows(app, "#member-list")] == [name for name, _ in MEMBERS]
        assert text_of(app, "#members-warnings") == ""

        # Two more: the sixteenth brings the guideline's warning, never a stop.
        for name in ("Olivia Peeters", "Pieter Jan Goossens"):
            await pilot.press("a")
            await pilot.pause()
            await type_text(pilot, name)
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert len(stored(store, network).network.members) == 16
        warning = text_of(app, "#members-warnings")
        assert "16 leden" in warning and "10 tot 15" in warning
        assert any("16 leden" in message for message in shown)


async def test_removing_a_member_asks_what_goes_and_erases_them_from_the_store(
    make_app: MakeApp,
    store: Store,
    clock: FakeClock,
    methods: MethodLibrary,
    network: LiveNetwork,
) -> None:
    live = run_meeting(network, methods, clock, "incidentmethode")
    dries = next(p for p in live.session.participants.values() if p.name == "Dries Claes")
    live.add_note(NoteDraft("Dries Claes belt de ouders.", NoteKind.ACTION, owner=dries.id))
    live.end()
    assert files_containing(store, "Claes")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_network(pilot)
        await pilot.press("l")
        await pilot.pause()
        table = app.screen.query_one("#member-list", DataTable)
        table.move_cursor(row=[name for name, _ in MEMBERS].index("Dries Claes"))
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        question = str(app.screen.query_one(".dialog-question", Static).render())
        assert "Dries Claes" in question and "1 bijeenkomsten" in question
        await pilot.press("n")  # not yet: nothing changes
        await pilot.pause()
        assert len(stored(store, network).network.members) == 14
        await pilot.press("x", "left", "enter")
        await pilot.pause()
        assert len(stored(store, network).network.members) == 13
        assert "Dries Claes" not in [row[0] for row in rows(app, "#member-list")]
    assert files_containing(store, "Claes") == []
    assert files_containing(store, "Dries") == []


async def test_a_new_meeting_proposes_number_date_and_roles_and_the_facilitator_overrides(
    make_app: MakeApp,
    store: Store,
    clock: FakeClock,
    methods: MethodLibrary,
    network: LiveNetwork,
) -> None:
    network.set_track(["12/10/2026", "23/11/2026", "18/01/2027"])
    held = held_meetings(network, methods, clock, 2)
    had_a_role = {
        p.member_id
        for live in held
        for p in live.session.participants.values()
        if p.role in ROTATING_ROLES
    }
    app = make_app()
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_network(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MethodPicker)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.query_one("#field-number", Input).value == "3"
        assert app.screen.query_one("#field-date", Input).value == "2027-01-18"
        session = app.screen.live.session
        assert len(session.present()) == 14  # the roster, everyone present
        proposed = {role: session.people(role) for role in ROTATING_ROLES}
        assert all(len(people) == 1 for people in proposed.values())
        newcomers = {people[0].member_id for people in proposed.values()}
        assert len(newcomers) == 3 and not newcomers & had_a_role  # never had a role first

        # Every proposal can be overridden: here the number.
        number = app.screen.query_one("#field-number", Input)
        number.focus()
        number.value = ""
        await type_text(pilot, "7")
        await pilot.press("enter")
        await pilot.pause()
        assert LiveSession(Store(store.root), session.id, clock).session.info.number == 7
        # Something that is no number is refused by name; the stored one stays.
        number.focus()
        await pilot.press("end", "b", "enter")
        await pilot.pause()
        assert "'7b' is geen nummer van een bijeenkomst" in " ".join(shown)
        assert LiveSession(Store(store.root), session.id, clock).session.info.number == 7


async def test_the_overview_shows_meetings_expectations_and_open_action_points(
    make_app: MakeApp,
    clock: FakeClock,
    methods: MethodLibrary,
    network: LiveNetwork,
) -> None:
    first = run_meeting(network, methods, clock, "startbijeenkomst")
    an = first.session.present()[0]
    first.record_expectation(an.id, "Herkenning bij collega's", "Beter grenzen stellen")
    first.record_evaluation(an.id, 3)
    first.end()
    held_meetings(network, methods, clock, 2)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_network(pilot)
        meetings = rows(app, "#meetings")
        assert [row[0] for row in meetings] == ["1", "2", "3"]
        assert [row[3] for row in meetings] == ["3,0", "3,5", "3,5"]
        assert "3 gehouden" in text_of(app, "#network-facts")
        await pilot.press("2")
        await pilot.pause()
        assert rows(app, "#expectations") == [
            [an.name, "Herkenning bij collega's", "Beter grenzen stellen"]
        ]
        await pilot.press("3")
        await pilot.pause()
        actions = rows(app, "#open-actions")
        assert [row[1] for row in actions] == ["2", "3"]
        # Cut to fit at 80 columns; the chosen one is shown in full beneath.
        for row, number in zip(actions, (1, 2), strict=True):
            assert f"Actie van bijeenkomst {number}".startswith(row[4].removesuffix("…"))
        assert text_of(app, "#open-action-detail") == "Actie van bijeenkomst 1"
        await pilot.press("down")
        assert text_of(app, "#open-action-detail") == "Actie van bijeenkomst 2"
        # Enter opens a meeting only from the list of meetings.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NetworkScreen)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, NetworkScreen)


async def test_the_look_back_marks_action_points_with_a_remark(
    make_app: MakeApp,
    store: Store,
    clock: FakeClock,
    methods: MethodLibrary,
    network: LiveNetwork,
) -> None:
    held_meetings(network, methods, clock, 2)
    live = run_meeting(network, methods, clock, "incidentmethode-terugblik")
    assert live.session.phase.kind.value == "look_back"
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        panel = app.screen.query_one(LookBackPanel)
        carried = rows(app, "#carried")
        for row, number in zip(carried, (1, 2), strict=True):
            assert f"Actie van bijeenkomst {number}".startswith(row[4].removesuffix("…"))
        detail = panel.query_one("#carried-detail", Static)
        assert str(detail.render()) == "Actie van bijeenkomst 1"
        await pilot.press("g", "down", "o", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        await type_text(pilot, "Volgt in januari")
        await pilot.press("enter")
        await pilot.pause()
        assert [row[0] for row in rows(app, "#carried")] == ["gedaan", "bezig"]
        assert "Volgt in januari" in str(panel.query_one("#carried-detail", Static).render())
    follow_ups = LiveSession(Store(store.root), live.id, clock).session.follow_ups
    latest = {f.text: (f.status, f.remark) for f in follow_ups}
    assert latest == {
        "Actie van bijeenkomst 1": (FollowUpStatus.DONE, ""),
        "Actie van bijeenkomst 2": (FollowUpStatus.ONGOING, "Volgt in januari"),
    }


async def test_expectations_and_learning_goals_are_noted_per_person(
    make_app: MakeApp,
    store: Store,
    clock: FakeClock,
    methods: MethodLibrary,
    network: LiveNetwork,
) -> None:
    live = run_meeting(network, methods, clock, "startbijeenkomst")
    live.go_to_phase(1)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for expectation, goal in (("Herkenning", "Rust"), ("Tips", "")):
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, Form)
            await type_text(pilot, expectation)
            await pilot.press("tab")
            await type_text(pilot, goal)
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert "2 van 14" in text_of(app, "#expectations-summary")
    given = LiveSession(Store(store.root), live.id, clock).session.expectations
    first, second = live.session.present()[:2]
    assert (given[first.id].expectations, given[first.id].learning_goals) == ("Herkenning", "Rust")
    assert (given[second.id].expectations, given[second.id].learning_goals) == ("Tips", "")


async def test_the_final_evaluation_goes_into_the_network_report(
    make_app: MakeApp, store: Store, network: LiveNetwork
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_network(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FinalEvaluationScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Form)
        for answer in ("Luisteren", "De checklist", "Vaker samenkomen"):
            await type_text(pilot, answer)
            await pilot.press("tab")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert rows(app, "#answers")[0] == [
            "Annelies Vermeulen",
            "Luisteren",
            "De checklist",
            "Vaker samenkomen",
        ]
        await pilot.press("escape", "v")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        for_members = app.screen.source.build(app.screen.audience)
        assert "Annelies Vermeulen" in for_members.split("## Eindevaluatie")[1]
        await pilot.press("a")
        await pilot.pause()
        for_absentees = app.screen.source.build(app.screen.audience)
        final = for_absentees.split("## Eindevaluatie")[1]
        assert "Vaker samenkomen" in final and "Annelies" not in final
    answers = stored(store, network).network.final_answers
    assert [a.should_change for a in answers.values()] == ["Vaker samenkomen"]


async def test_deleting_a_network_says_what_goes_and_removes_its_files(
    make_app: MakeApp,
    store: Store,
    clock: FakeClock,
    methods: MethodLibrary,
    network: LiveNetwork,
) -> None:
    network.add_member("An Peeters")
    live = run_meeting(network, methods, clock, "incidentmethode")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w", "x")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        question = str(app.screen.query_one(".dialog-question", Static).render())
        assert network.network.name in question
        assert "de 1 bijeenkomsten en de gegevens van de 15 leden" in question
        await pilot.press("left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NetworksScreen)
        assert app.screen.query_one("#no-networks").display
    assert not store.network_exists(network.id)
    assert not store.session_exists(live.id)
    assert files_containing(store, "An Peeters") == []


async def test_the_retention_period_is_set_on_the_network_and_a_wrong_one_is_named(
    make_app: MakeApp, store: Store, network: LiveNetwork
) -> None:
    app = make_app()
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_network(pilot)
        for typed, stored_days in (("dertig", None), ("30", 30)):
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, Form)
            await pilot.press("tab", "tab", "tab", "ctrl+a", "backspace")
            await type_text(pilot, typed)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, NetworkScreen)
            assert LiveNetwork(store, network.id, FakeClock()).network.retention_days == stored_days
        assert any("'dertig' is geen bewaartermijn" in message for message in shown)
        assert "de inhoud blijft 30 dagen na een bijeenkomst" in text_of(app, "#network-facts")

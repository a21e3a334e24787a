"""What goes back to work: noted per person at the evaluation, asked about at the next
meeting's look-back, in the participants' report and (counts only for absentees) the
network report."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from textual.app import App, ComposeResult

from sessie_tui.app import SessieApp
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.fields import FieldError
from sessie_tui.domain.method import PhaseKind
from sessie_tui.domain.network import carried_takeaways
from sessie_tui.domain.session import RuleViolation, Session, Tried
from sessie_tui.live import LiveSession
from sessie_tui.live_network import LiveNetwork
from sessie_tui.methods import MethodLibrary
from sessie_tui.report import Audience
from sessie_tui.report.absentees import absentees_report
from sessie_tui.report.network_report import network_report
from sessie_tui.report.verslag import participants_report
from sessie_tui.screens.dialogs import Choose, Prompt
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.storage.store import Store
from sessie_tui.widgets.look_back import LookBackPanel

from driving import notifications, type_text
from network_helpers import run_meeting

MakeApp = Callable[..., SessieApp]


def phase_of(live: LiveSession, kind: PhaseKind) -> int:
    return next(i for i, p in enumerate(live.session.phases) if p.kind is kind)


def two_members(network: LiveNetwork) -> None:
    network.add_member("Annelies Vermeulen")
    network.add_member("Bart Verhaegen")


def person(live: LiveSession, first_name: str) -> str:
    return next(p.id for p in live.session.present() if p.name.startswith(first_name))


def test_each_present_participant_notes_what_goes_back_to_work(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    two_members(network)
    live = run_meeting(network, methods, clock, "incidentmethode")
    annelies = person(live, "Annelies")
    live.record_work_takeaway(annelies, "  De vijf vragen bij elk intakegesprek  ")
    stored = LiveSession(Store(live.store.root), live.id, clock).session
    assert stored.work_takeaways[annelies].text == "De vijf vragen bij elk intakegesprek"
    live.record_work_takeaway(annelies, "")  # emptied: gone
    stored = LiveSession(Store(live.store.root), live.id, clock).session
    assert annelies not in stored.work_takeaways


def test_a_method_without_reflection_or_evaluation_refuses_it(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    two_members(network)
    live = run_meeting(network, methods, clock, "incidentmethode")
    live.session.method = live.session.method.__class__(
        **{
            **live.session.method.__dict__,
            "phases": tuple(
                p
                for p in live.session.phases
                if p.kind not in (PhaseKind.REFLECTION, PhaseKind.EVALUATION)
            ),
        }
    )
    with pytest.raises(RuleViolation) as refused:
        live.record_work_takeaway(person(live, "Annelies"), "iets")
    assert refused.value.key == "to_work.not_in_method"


def two_meetings(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> tuple[LiveSession, LiveSession]:
    two_members(network)
    first = run_meeting(network, methods, clock, "incidentmethode")
    first.record_work_takeaway(person(first, "Annelies"), "De vijf vragen bij elke intake")
    first.record_work_takeaway(person(first, "Bart"), "Vaker doorvragen")
    first.end()
    clock.advance(14 * 24 * 3600)
    second = run_meeting(network, methods, clock, "incidentmethode-terugblik")
    return first, second


def test_the_next_meeting_asks_whether_it_was_tried_and_the_reports_say_so(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    first, second = two_meetings(network, methods, clock)
    carried = carried_takeaways(network.meetings(), second.session)
    assert sorted(item.name for item in carried) == ["Annelies Vermeulen", "Bart Verhaegen"]
    second.record_takeaway_tried(first.session, person(first, "Annelies"), Tried.YES)
    second.record_takeaway_tried(first.session, person(first, "Bart"), Tried.PARTLY)
    second.record_takeaway_tried(first.session, person(first, "Bart"), Tried.NO)  # changed
    second.end()

    stored = LiveSession(Store(second.store.root), second.id, clock).session
    assert {c.tried for c in stored.takeaway_checks.values()} == {Tried.YES, Tried.NO}
    minutes = participants_report(first.session, clock, "nl")
    assert "## Wat ieder meeneemt naar het werk" in minutes
    assert "**Annelies Vermeulen:** De vijf vragen bij elke intake" in minutes
    assert "geprobeerd? nee" in participants_report(stored, clock, "nl")
    # Those who were absent read how many, not what.
    absent = absentees_report(first.session, clock, "nl")
    assert "2 deelnemers namen iets mee naar het eigen werk." in absent
    assert "De vijf vragen" not in absent and "doorvragen" not in absent

    meetings = network.meetings()
    members = network_report(network.network, meetings, "nl", Audience.PARTICIPANTS)
    absentees = network_report(network.network, meetings, "nl", Audience.ABSENTEES)
    counts = "2 voornemens meegenomen naar het werk; bij 2 werd de volgende keer gevraagd"
    assert counts in members and counts in absentees
    assert "1 ja, 0 deels" in absentees
    assert "De vijf vragen bij elke intake" in members
    # Those who were absent read how many, never what anyone took along.
    assert "De vijf vragen" not in absentees and "doorvragen" not in absentees


async def test_the_facilitator_notes_it_per_person_and_asks_at_the_look_back(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock, make_app: MakeApp
) -> None:
    two_members(network)
    first = run_meeting(network, methods, clock, "incidentmethode")
    first.go_to_phase(phase_of(first, PhaseKind.EVALUATION))
    app = make_app(open_session=first.id)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, PhaseScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        await type_text(pilot, "Vaker doorvragen")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
    stored = LiveSession(Store(first.store.root), first.id, clock).session
    assert [t.text for t in stored.work_takeaways.values()] == ["Vaker doorvragen"]
    first.refresh()
    first.end()

    clock.advance(14 * 24 * 3600)
    second = run_meeting(network, methods, clock, "incidentmethode-terugblik")
    app = make_app(open_session=second.id)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, PhaseScreen)
        panel = app.screen.query_one(LookBackPanel)
        shown = str(panel.query_one("#previous-takeaway").render())
        assert "Vorige keer nam" in shown and "Vaker doorvragen — geprobeerd? ?" in shown
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        await pilot.press("home", "down", "enter")  # ja, deels: partly
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        await pilot.pause(0.3)
        shown = str(panel.query_one("#previous-takeaway").render())
        assert "geprobeerd? deels" in shown
    stored = LiveSession(Store(second.store.root), second.id, clock).session
    assert [c.tried for c in stored.takeaway_checks.values()] == [Tried.PARTLY]


async def test_the_first_phase_asks_when_the_method_has_no_look_back(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock, make_app: MakeApp
) -> None:
    two_members(network)
    first = run_meeting(network, methods, clock, "incidentmethode")
    first.record_work_takeaway(person(first, "Bart"), "Vaker doorvragen")
    first.end()
    clock.advance(14 * 24 * 3600)
    second = run_meeting(network, methods, clock, "incidentmethode")
    app = make_app(open_session=second.id)
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, PhaseScreen) and app.screen.phase_index == 0
        await pilot.pause()
        assert shown[-1].startswith("Vorige keer namen 1 deelnemers iets mee")
        assert "doorvragen" not in shown[-1]
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        await pilot.press("home", "enter")  # ja
        await pilot.pause()
    stored = LiveSession(Store(second.store.root), second.id, clock).session
    assert [c.tried for c in stored.takeaway_checks.values()] == [Tried.YES]


def test_a_takeaway_of_no_participant_is_named_when_the_file_is_read(
    new_session: Callable[..., LiveSession],
) -> None:
    live = new_session()
    tables = copy.deepcopy(live._tables or {})
    at = live.now()
    tables["work_takeaways"] = {"1": {"participant": "nobody", "text": "iets", "at": at}}
    with pytest.raises(FieldError) as refused:
        Session.from_tables(tables)
    assert "work_takeaways[1]" in str(refused.value) and "nobody" in str(refused.value)


async def test_the_look_back_shows_a_few_takeaways_and_counts_the_rest(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    for name in ("An Aerts", "Bart Bos", "Cis Claes", "Dirk Dams", "Els Engels"):
        network.add_member(name)
    first = run_meeting(network, methods, clock, "incidentmethode")
    for index, participant in enumerate(first.session.present()):
        first.record_work_takeaway(participant.id, f"voornemen {index}")
    first.end()
    second = run_meeting(network, methods, clock, "incidentmethode-terugblik")
    second.record_takeaway_tried(first.session, participant.id, Tried.YES)
    carried = carried_takeaways(network.meetings(), second.session)

    class Panel(App[None]):
        def compose(self) -> ComposeResult:
            yield LookBackPanel()

    app = Panel()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(LookBackPanel)
        panel.show(first.session, [], carried)
        await pilot.pause()
        shown = str(panel.query_one("#previous-takeaway").render())
    assert shown.count("— geprobeerd?") == 3
    assert "en nog 2 (p)" in shown
    assert "voornemen 4" not in shown  # the one already asked about waits below

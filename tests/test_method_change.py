"""Once the case is told, the method is fixed: changing it asks for a reason, recorded.

Through `LiveSession` (what the screens call), the stored file read back, the
participants' report, and the screens driven by keys: the picker with the chooser
in preparation, and the change during the meeting with its reason.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Input, OptionList

from sessie_tui.domain.case_kinds import QuestionKind
from sessie_tui.domain.chooser import Needs, rank_methods
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.method import PhaseKind
from sessie_tui.domain.session import RuleViolation, Session, SessionStatus
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.methods import MethodLibrary
from sessie_tui.report.absentees import absentees_report
from sessie_tui.report.verslag import participants_report
from sessie_tui.screens.dialogs import Prompt
from sessie_tui.screens.method_picker import MethodPicker
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.screens.setup import SetupScreen
from sessie_tui.storage.store import Store
from sessie_tui.widgets.cycler import Cycler

from conftest import acknowledge_all
from driving import type_text

NewSession = Callable[..., LiveSession]


def stored(live: LiveSession) -> Session:
    return Session.from_tables(Store(live.store.root).read_session(live.id))


def told(live: LiveSession) -> LiveSession:
    """The incident method past its case presentation (phase 2), with a note there."""
    acknowledge_all(live)
    live.start()
    live.go_to_phase(1)
    live.add_note(NoteDraft("het incident"))
    live.go_to_phase(2)
    return live


# -- the rule ----------------------------------------------------------------------------


def test_in_preparation_the_method_changes_freely(
    new_session: NewSession, methods: MethodLibrary
) -> None:
    live = new_session()
    live.change_method(methods.get("balint"))
    assert live.session.method == methods.get("balint")
    assert stored(live).method_changes == []


def test_once_the_case_is_told_a_change_without_reason_is_refused(
    new_session: NewSession, methods: MethodLibrary
) -> None:
    live = told(new_session())
    assert live.method_change_needs_reason
    with pytest.raises(RuleViolation) as refused:
        live.change_method(methods.get("balint"), reason="   ")
    assert refused.value.key == "rule.method_change_reason"
    assert stored(live).method.id == "incidentmethode"


def test_a_change_after_the_case_keeps_what_was_held_and_records_why(
    new_session: NewSession, methods: MethodLibrary, clock: FakeClock
) -> None:
    live = told(new_session())
    incident, balint = methods.get("incidentmethode"), methods.get("balint")
    clock.advance(600)
    live.change_method(balint, reason="Het blijkt een vraag over de relatie met een ouder")
    session = stored(live)
    # The phases held (written round, case told, questions) stay with their notes...
    assert session.phases[:3] == incident.phases[:3]
    assert [n.text for n in session.live_notes(1)] == ["het incident"]
    assert session.current_phase == 2
    # ...then Balint's phases after its case is told: its case is told already.
    after = [p.kind for p in balint.phases].index(PhaseKind.CASE_PRESENTATION) + 1
    assert session.phases[3:] == balint.phases[after:]
    assert session.method.id == "balint"
    (change,) = session.method_changes
    assert (change.from_id, change.to_id) == ("incidentmethode", "balint")
    assert change.reason == "Het blijkt een vraag over de relatie met een ouder"
    assert change.case_told and change.at == live.now()


def test_before_the_case_is_told_a_running_meeting_changes_without_reason(
    new_session: NewSession, methods: MethodLibrary
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.start()  # the incident method's written round: the case is not told yet
    assert not live.method_change_needs_reason
    live.change_method(methods.get("vijfstappenmethode"))
    session = stored(live)
    assert session.phases == (
        methods.get("incidentmethode").phases[:1] + methods.get("vijfstappenmethode").phases
    )
    (change,) = session.method_changes
    assert not change.case_told and change.reason == ""


def test_an_ended_meeting_keeps_its_method(new_session: NewSession, methods: MethodLibrary) -> None:
    live = told(new_session())
    live.end()
    with pytest.raises(RuleViolation) as refused:
        live.change_method(methods.get("balint"), reason="te laat")
    assert refused.value.key == "rule.method_fixed"


# -- the report ------------------------------------------------------------------------


def test_the_report_shows_the_method_with_the_choosers_reasons_and_the_change(
    new_session: NewSession, methods: MethodLibrary, clock: FakeClock
) -> None:
    live = new_session()
    needs = Needs(QuestionKind.PROBLEM, minutes=75, present=5)
    best = rank_methods(methods.methods.values(), needs)[0]
    live.change_method(best.method, needs=needs, reasons=best.reasons, rank=1)
    report = participants_report(stored(live), clock, "nl")
    section = report.split("## Keuze van de methode", 1)[1].split("\n## ", 1)[0]
    assert f"**Methode:** {best.method.title.nl}" in section
    assert (
        "**Gevraagd aan de methodekiezer:** een probleem om op te lossen; 75 min; 5 aanwezig"
        in (section)
    )
    assert "**Voor:** past bij een probleem om op te lossen" in section
    assert "Plaats in de rangschikking: 1" in section

    live = told(live) if best.method.id == "incidentmethode" else live
    acknowledge_all(live)
    live.start()
    gate = live.session.method.case_gate_index or 0
    live.go_to_phase(gate + 1)
    clock.advance(300)
    live.change_method(methods.get("balint"), reason="Toch een <relatie>vraag")
    report = participants_report(stored(live), clock, "nl")
    section = report.split("## Keuze van de methode", 1)[1].split("\n## ", 1)[0]
    assert f"van {best.method.title.nl} naar Balint-methode; reden: Toch een \\<relatie>vraag" in (
        section.replace("\\\n", " ")
    )
    # The absentees read neither the reasons nor why it changed.
    absent = absentees_report(stored(live), clock, "nl")
    assert "relatie>vraag" not in absent and "methodekiezer" not in absent


def test_a_report_without_the_chooser_has_no_such_section(
    new_session: NewSession, clock: FakeClock
) -> None:
    assert "Keuze van de methode" not in participants_report(new_session().session, clock, "nl")


# -- the screens -------------------------------------------------------------------------


async def test_the_picker_ranks_what_the_facilitator_knows_and_records_it(
    make_app: Callable[..., object], new_session: NewSession
) -> None:
    live = new_session()  # five present
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:  # type: ignore[attr-defined]
        assert isinstance(app.screen, SetupScreen)  # type: ignore[attr-defined]
        await pilot.press("ctrl+o")
        await pilot.pause()
        picker = app.screen  # type: ignore[attr-defined]
        assert isinstance(picker, MethodPicker)
        assert picker.query_one("#need-present", Input).value == "5"  # from the roster
        # From the list, back up to the kind of question; → turns it to "relation".
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab")
        assert isinstance(picker.focused, Cycler) and picker.focused.id == "need-question"
        for _ in range(list(QuestionKind).index(QuestionKind.RELATION) + 1):
            await pilot.press("right")
        await pilot.press("tab", "tab")
        await type_text(pilot, "45")
        await pilot.press("enter")  # on to the ranking
        await pilot.pause()
        options = picker.query_one("#methods", OptionList)
        assert picker.focused is options
        first = options.get_option_at_index(0)
        assert first.id == "balint" and str(first.prompt).startswith("1. Balint")
        detail = str(picker.query_one("#method-detail").render())
        assert "voor: past bij een relatie met een cliënt of collega; vanaf 5" in detail
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)  # type: ignore[attr-defined]
    session = stored(live)
    assert session.method.id == "balint"
    choice = session.method_choice
    assert choice is not None and choice.rank == 1
    assert choice.needs == Needs(QuestionKind.RELATION, minutes=45, present=5)


async def test_changing_the_method_after_the_case_asks_why(
    make_app: Callable[..., object], new_session: NewSession
) -> None:
    live = told(new_session())
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:  # type: ignore[attr-defined]
        assert isinstance(app.screen, PhaseScreen)  # type: ignore[attr-defined]
        await pilot.press("ctrl+k")
        await pilot.pause()
        picker = app.screen  # type: ignore[attr-defined]
        assert isinstance(picker, MethodPicker)
        options = picker.query_one("#methods", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        for _ in range(ids.index("balint") - ids.index("incidentmethode")):
            await pilot.press("down")
        for _ in range(ids.index("incidentmethode") - ids.index("balint")):
            await pilot.press("up")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)  # type: ignore[attr-defined]
        await pilot.press("enter")  # no reason: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, Prompt)  # type: ignore[attr-defined]
        await type_text(pilot, "Een relatievraag")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)  # type: ignore[attr-defined]
        assert app.screen.live.session.method.id == "balint"  # type: ignore[attr-defined]
    session = stored(live)
    assert session.status is SessionStatus.RUNNING
    assert [c.reason for c in session.method_changes] == ["Een relatievraag"]

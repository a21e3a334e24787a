"""Phase flow, the acknowledgement gate and the silent case holder, through LiveSession."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Attendance, Role
from sessie_tui.domain.session import RuleViolation, SessionStatus
from sessie_tui.live import LiveSession, NoteDraft

from conftest import acknowledge_all

NewSession = Callable[..., LiveSession]


def test_a_new_session_is_in_setup_at_its_first_phase(new_session: NewSession) -> None:
    live = new_session()
    assert live.session.status is SessionStatus.SETUP
    assert live.session.current_phase == 0
    assert len(live.session.present()) == 5


def test_the_case_cannot_be_told_before_everyone_present_acknowledged(
    new_session: NewSession,
) -> None:
    live = new_session()
    live.go_to_phase(0)  # the written round before the case is allowed
    with pytest.raises(RuleViolation) as refused:
        live.go_to_phase(1)
    assert refused.value.key == "rule.gate_closed"
    assert "Bart De Smet" in refused.value.params["names"]
    for person in live.session.present()[:-1]:
        live.acknowledge(person.id)
    with pytest.raises(RuleViolation):
        live.next_phase()
    live.acknowledge(live.session.present()[-1].id)
    live.next_phase()
    assert live.session.current_phase == 1


def test_absent_and_excused_people_need_not_acknowledge(new_session: NewSession) -> None:
    live = new_session()
    acknowledge_all(live)
    assert live.session.gate_open
    missing = {p.attendance for p in live.session.participants.values()} - {Attendance.PRESENT}
    assert missing == {Attendance.ABSENT, Attendance.EXCUSED}


def test_acknowledgements_are_recorded_with_time_and_version(
    new_session: NewSession, clock: FakeClock
) -> None:
    live = new_session()
    clock.advance(125)
    live.acknowledge("p-dries")
    ack = live.session.acknowledgements[-1]
    assert (ack.participant, ack.version) == ("p-dries", live.session.agreement.version)
    assert ack.at.startswith("2026-11-23T09:02:05")
    reloaded = LiveSession(live.store, live.id, clock)
    assert reloaded.session.acknowledgements == live.session.acknowledgements


def test_a_method_that_opens_with_the_case_cannot_start_before_the_acknowledgements(
    new_session: NewSession,
) -> None:
    """A look-back tells last time's case: the first phase is already behind the gate."""
    live = new_session("incidentmethode-terugblik")
    for start in (live.start, live.toggle_clock):
        with pytest.raises(RuleViolation) as refused:
            start()
        assert refused.value.key == "rule.gate_closed"
    assert live.session.status is SessionStatus.SETUP
    acknowledge_all(live)
    live.toggle_clock()
    assert live.session.status is SessionStatus.RUNNING


def test_a_withdrawn_acknowledgement_closes_the_gate_again_and_stays_on_record(
    new_session: NewSession,
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.withdraw_acknowledgement("p-els")
    assert not live.session.gate_open
    assert [p.id for p in live.session.missing_acknowledgements()] == ["p-els"]
    assert len(live.session.acknowledgements) == 6


def test_the_facilitator_can_override_and_the_override_is_recorded(
    new_session: NewSession,
) -> None:
    live = new_session()
    live.acknowledge("p-an")
    live.override_gate("Els komt later")
    override = live.session.overrides[0]
    assert override.by == "p-an"
    assert set(override.missing) == {"p-bart", "p-sofie", "p-dries", "p-els"}
    assert override.reason == "Els komt later"
    live.go_to_phase(1)
    assert live.session.current_phase == 1


def test_next_and_previous_phase_stay_within_the_method(new_session: NewSession) -> None:
    live = new_session()
    acknowledge_all(live)
    assert not live.previous_phase()
    for _ in range(len(live.session.phases) - 1):
        assert live.next_phase()
    assert live.session.is_last_phase
    assert not live.next_phase()
    assert live.previous_phase()
    with pytest.raises(RuleViolation):
        live.go_to_phase(99)


def test_a_running_clock_moves_along_to_the_next_phase(
    new_session: NewSession, clock: FakeClock
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.toggle_clock()
    clock.advance(290)
    live.next_phase()
    clock.advance(30)
    assert live.timer(0).elapsed() == 290
    assert not live.timer(0).running
    assert live.timer(1).running
    assert live.timer(1).remaining() == 600 - 30


def test_a_paused_clock_stays_paused_in_the_next_phase(new_session: NewSession) -> None:
    live = new_session()
    acknowledge_all(live)
    live.next_phase()
    assert not live.timer(1).running


def test_notes_are_tagged_with_phase_author_and_time(
    new_session: NewSession, clock: FakeClock
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.next_phase()
    live.toggle_clock()
    clock.advance(252)
    note = live.add_note(NoteDraft("Het incident speelde in mei.", author="p-sofie"))
    assert (note.phase, note.author, note.kind) == (1, "p-sofie", NoteKind.NOTE)
    assert note.elapsed == 252
    assert note.created_at.startswith("2026-11-23T09:04:12")


def test_empty_and_oversized_notes_are_refused_without_cutting(new_session: NewSession) -> None:
    live = new_session()
    with pytest.raises(RuleViolation) as empty:
        live.add_note(NoteDraft("   "))
    assert empty.value.key == "notes.empty"
    with pytest.raises(RuleViolation) as long:
        live.add_note(NoteDraft("x" * 200_001))
    assert long.value.key == "input.too_long"
    assert list(live.session.live_notes()) == []


def test_a_hundred_thousand_character_paste_is_kept_whole(new_session: NewSession) -> None:
    live = new_session()
    text = "é" * 100_000
    note = live.add_note(NoteDraft(text))
    reloaded = LiveSession(live.store, live.id, live.clock)
    assert reloaded.session.notes[note.id].text == text


def test_the_case_holder_is_refused_in_a_phase_where_they_are_silent(
    new_session: NewSession,
) -> None:
    live = new_session()
    acknowledge_all(live)
    advice = next(i for i, p in enumerate(live.session.phases) if p.kind == "advice")
    live.go_to_phase(advice)
    with pytest.raises(RuleViolation) as refused:
        live.add_note(NoteDraft("Ik zou...", kind=NoteKind.ADVICE, speaker="p-bart"))
    assert refused.value.key == "rule.case_holder_silent"
    assert list(live.session.live_notes(advice)) == []
    live.add_note(NoteDraft("Praat met de ouders.", kind=NoteKind.ADVICE, speaker="p-dries"))
    assert len(list(live.session.live_notes(advice))) == 1


def test_there_is_one_case_holder(new_session: NewSession) -> None:
    live = new_session()
    live.set_role("p-dries", Role.CASE_HOLDER)
    holders = live.session.people(Role.CASE_HOLDER)
    assert [p.id for p in holders] == ["p-dries"]
    assert live.session.participants["p-bart"].role is Role.PARTICIPANT


def test_ending_stops_the_clock_and_keeps_the_end_time(
    new_session: NewSession, clock: FakeClock
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.toggle_clock()
    clock.advance(120)
    live.end()
    clock.advance(600)
    assert live.session.status is SessionStatus.ENDED
    assert live.session.ended_at is not None and live.session.ended_at.startswith(
        "2026-11-23T09:02"
    )
    assert live.timer(0).elapsed() == 120


def test_edits_keep_the_earlier_text_and_deletes_only_mark(new_session: NewSession) -> None:
    live = new_session()
    note = live.add_note(NoteDraft("eerste versie"))
    live.edit_note(note.id, "tweede versie")
    edited = live.session.notes[note.id]
    assert edited.text == "tweede versie"
    assert [r.text for r in edited.history] == ["eerste versie"]
    live.delete_note(note.id)
    assert live.session.notes[note.id].deleted
    assert list(live.session.live_notes()) == []


def test_the_method_can_change_only_during_setup(new_session: NewSession, methods: object) -> None:
    live = new_session()
    live.change_method(methods.get("balint"))  # type: ignore[attr-defined]
    assert live.session.method.id == "balint"
    acknowledge_all(live)  # Balint tells the case from its first phase on
    live.start()
    with pytest.raises(RuleViolation):
        live.change_method(methods.get("incidentmethode"))  # type: ignore[attr-defined]


def test_a_session_with_a_method_without_summary_opens_again(
    store: object, clock: FakeClock, methods: object
) -> None:
    from dataclasses import replace

    from sessie_tui.domain.localized import Localized
    from sessie_tui.live import create_session

    bare = replace(methods.default, summary=Localized("", ""))  # type: ignore[attr-defined]
    create_session(store, method=bare, clock=clock, lang="nl", session_id="20261123-bare")  # type: ignore[arg-type]
    reopened = LiveSession(store, "20261123-bare", clock)  # type: ignore[arg-type]
    assert reopened.session.method.summary == Localized("", "")

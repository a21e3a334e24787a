"""Speaking in turn: the queue, who is in it, fair random orders, quotas and time slices."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

import pytest

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.localized import Localized
from sessie_tui.domain.method import PhaseKind, PhaseSpec, TurnOrder, TurnSpec
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Attendance, Participant, Role
from sessie_tui.domain.session import RuleViolation
from sessie_tui.domain.turns import TurnAction, TurnEvent, TurnQueue, fair_order, speakers_for
from sessie_tui.live import LiveSession, NoteDraft, create_session
from sessie_tui.methods import MethodLibrary
from sessie_tui.storage.store import Store

from conftest import acknowledge_all, participants

NewSession = Callable[..., LiveSession]
TEXT = Localized("x", "x")


def phase(kind: PhaseKind, silent: bool = False, turns: TurnSpec | None = None) -> PhaseSpec:
    return PhaseSpec(kind, TEXT, TEXT, 10, silent, turns)


def event(action: TurnAction, elapsed: float = 0, order: tuple[str, ...] = ()) -> TurnEvent:
    return TurnEvent(action, "2026-11-23T09:00:00+01:00", elapsed, order)


def test_next_skip_and_put_back_move_the_queue() -> None:
    queue = TurnQueue.replay(
        [
            event(TurnAction.ORDER, order=("an", "bart", "chris", "dries")),
            event(TurnAction.NEXT, 60),  # An has spoken
            event(TurnAction.SKIP, 70),  # Bart passes
            event(TurnAction.BACK, 80),  # Chris goes to the back
        ]
    )
    assert queue.current == "dries"
    assert queue.upcoming == ["chris"]
    assert queue.spoken == ["an"]
    assert queue.skipped == ["bart"]
    assert queue.started_at == 80
    assert not queue.finished


def test_a_time_slice_runs_with_the_phase_clock() -> None:
    queue = TurnQueue.replay([event(TurnAction.ORDER, 30, ("an", "bart"))])
    assert queue.slice_left(120, elapsed_now=100) == 50
    queue.apply(event(TurnAction.NEXT, 100))
    assert queue.slice_left(120, elapsed_now=100) == 120
    assert queue.slice_left(None, elapsed_now=100) is None


def people() -> list[Participant]:
    return [
        Participant("an", "An", Role.FACILITATOR),
        Participant("bart", "Bart", Role.CASE_HOLDER),
        Participant("chris", "Chris", Role.NOTE_TAKER),
        Participant("dries", "Dries"),
        Participant("els", "Els", attendance=Attendance.ABSENT),
        Participant("filip", "Filip", Role.OBSERVER),
    ]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (phase(PhaseKind.INTRODUCTIONS), ["an", "bart", "chris", "dries"]),
        (phase(PhaseKind.QUESTIONING), ["an", "chris", "dries"]),
        (phase(PhaseKind.ADVICE, silent=True), ["an", "chris", "dries"]),
        (phase(PhaseKind.EVALUATION, turns=TurnSpec()), ["an", "bart", "chris", "dries"]),
    ],
)
def test_who_takes_a_turn(spec: PhaseSpec, expected: list[str]) -> None:
    assert [p.id for p in speakers_for(spec, people())] == expected


def test_a_random_order_never_lets_the_last_opener_open_again() -> None:
    speakers = ["an", "bart", "chris", "dries"]
    rng = random.Random(7)
    openers: list[str] = []
    for _ in range(500):
        order = fair_order(speakers, openers, rng)
        assert sorted(order) == sorted(speakers)
        if openers:
            assert order[0] != openers[-1]
        openers.append(order[0])
    # ...and it is still random: everyone opens now and then.
    assert set(openers) == set(speakers)


def test_a_single_speaker_may_open_again() -> None:
    assert fair_order(["an"], ["an"], random.Random(1)) == ("an",)


def test_entering_a_turn_phase_sets_its_order_without_the_case_holder(
    new_session: NewSession,
) -> None:
    live = new_session()
    acknowledge_all(live)
    questions = next(i for i, p in enumerate(live.session.phases) if p.kind == "questioning")
    live.go_to_phase(questions)
    queue = live.session.turns(questions)
    assert queue.current == "p-an"
    assert queue.waiting == ["p-an", "p-sofie", "p-dries", "p-els"]  # no Bart: case holder


def test_turns_are_stored_and_survive_a_reload(new_session: NewSession, clock: FakeClock) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(2)
    live.toggle_clock()
    clock.advance(90)
    live.next_speaker()
    live.skip_speaker()
    again = LiveSession(live.store, live.id, clock)
    queue = again.session.turns(2)
    assert (queue.spoken, queue.skipped, queue.current) == (["p-an"], ["p-sofie"], "p-dries")
    assert queue.started_at == 90


def test_shuffling_is_fair_across_the_session_and_only_before_anyone_spoke(
    new_session: NewSession, clock: FakeClock
) -> None:
    live = new_session()
    live.rng = random.Random(3)
    acknowledge_all(live)
    live.go_to_phase(2)
    openers = []
    for _ in range(30):
        live.shuffle_turns()
        current = live.session.turns(2).current
        if openers:
            assert current != openers[-1]
        openers.append(current)
    live.next_speaker()
    with pytest.raises(RuleViolation):
        live.shuffle_turns()


def test_quota_used_counts_each_speakers_contributions(new_session: NewSession) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(2)
    for text in ("Wat gebeurde er?", "Hoe reageerde je?"):
        live.add_note(NoteDraft(text, NoteKind.QUESTION, "p-sofie", speaker="p-dries"))
    live.add_note(NoteDraft("een gewone notitie", NoteKind.NOTE, "p-sofie", speaker="p-dries"))
    assert live.session.contributions(2, "p-dries") == 2
    assert live.session.contributions(2, "p-els") == 0


def test_questions_get_their_hints_stored(new_session: NewSession) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(2)
    note = live.add_note(
        NoteDraft("Heb je al overwogen om de directeur te bellen?", NoteKind.QUESTION, "p-sofie")
    )
    assert note.hints == ("closed", "hidden_advice")
    plain = live.add_note(NoteDraft("Wat gebeurde er toen?", NoteKind.QUESTION, "p-sofie"))
    assert plain.hints == ()


def test_a_method_without_why_questions_flags_them(
    new_session: NewSession, methods: object
) -> None:
    live = new_session(method_id="consultancy-protocol")
    acknowledge_all(live)
    phases = live.session.phases
    clarifying = next(i for i, p in enumerate(phases) if not p.why_questions)
    live.go_to_phase(clarifying)
    note = live.add_note(NoteDraft("Waarom koos je daarvoor?", NoteKind.QUESTION, "p-sofie"))
    assert "why" in note.hints


def test_a_random_order_method_is_shuffled_on_entry(
    store: Store, clock: FakeClock, methods: MethodLibrary
) -> None:
    method = methods.default
    spec = method.phases[2]
    shuffled = replace(spec, turns=TurnSpec(order=TurnOrder.RANDOM))
    method = replace(method, phases=(*method.phases[:2], shuffled, *method.phases[3:]))
    orders = set()
    for seed in range(6):
        session_id = f"20261123-rnd{seed}"
        create_session(
            store,
            method=method,
            clock=clock,
            lang="nl",
            participants=participants(),
            session_id=session_id,
            timezone="Europe/Brussels",
        )
        live = LiveSession(store, session_id, clock, rng=random.Random(seed))
        acknowledge_all(live)
        live.go_to_phase(2)
        order = tuple(live.session.turns(2).waiting)
        assert sorted(order) == ["p-an", "p-dries", "p-els", "p-sofie"]
        orders.add(order)
    assert len(orders) > 1

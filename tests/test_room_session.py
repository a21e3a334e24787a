"""The session side of the room: sealed cards revealed as notes, the anonymous
evaluation kept in the session, the end refusing notes, moves from the stored phase.

The devices' intentions (`LiveSession.write_card`, `cast_ballot`, ...) are called here
as the room's server calls them; the room file is the real one in a temporary store.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.method import Method, PhaseKind, method_from_data
from sessie_tui.domain.network import mean_score
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.session import RuleViolation, SessionInfo, SessionStatus
from sessie_tui.live import LiveSession, NoteDraft, create_session
from sessie_tui.methods import MethodLibrary, load_methods
from sessie_tui.outbox import Outbox
from sessie_tui.report.absentees import absentees_report
from sessie_tui.report.verslag import participants_report
from sessie_tui.room.state import DeviceRole, RoomFile
from sessie_tui.storage.archive import archive_from_tables, tables_from_archive
from sessie_tui.storage.store import Store

from conftest import TIMEZONE, acknowledge_all, participants

WRITE_ROUND = 5
"""The incident method's "what would you do?": everyone writes first."""
EVALUATION = 8

PHASE = {"title": {"nl": "Fase", "en": "Phase"}, "rule": {"nl": "Regel", "en": "Rule"}}
WRITTEN_METHOD = {
    "schema": 1,
    "id": "schriftelijk",
    "title": {"nl": "Schriftelijk", "en": "Written"},
    "source": "test",
    "phases": [
        {**PHASE, "kind": "questioning", "written": True, "written_names": False},
        {**PHASE, "kind": "advice", "written": True, "case_holder_silent": True},
        {**PHASE, "kind": "evaluation"},
    ],
}


def room_of(live: LiveSession) -> RoomFile:
    return RoomFile(live.store, live.id, live.now)


def running(new_session: Callable[..., LiveSession], phase: int = WRITE_ROUND) -> LiveSession:
    live = new_session()
    acknowledge_all(live)
    live.start()
    live.go_to_phase(phase)
    return live


def written_session(store: Store, clock: FakeClock) -> LiveSession:
    create_session(
        store,
        method=method_from_data(WRITTEN_METHOD),
        clock=clock,
        lang="nl",
        info=SessionInfo(date="2026-11-23"),
        participants=participants(),
        session_id="20261123-schrift",
        timezone=TIMEZONE,
    )
    live = LiveSession(store, "20261123-schrift", clock)
    live.start()
    return live


def device_for(room: RoomFile, participant: str) -> str:
    if not room.read().shared:
        room.start_share()
    device, token = room.join("phone")
    room.claim(device.id, participant, DeviceRole.PARTICIPANT)
    return token


# -- writing and revealing ---------------------------------------------------------------


def test_revealed_cards_become_notes_by_their_writer_at_the_time_written(
    new_session: Callable[..., LiveSession], clock: FakeClock
) -> None:
    live = running(new_session)
    room = room_of(live)
    written_at = live.now()
    live.write_card(room, "p-dries", "Ik zou eerst met de ouders praten")
    clock.advance(30)
    live.write_card(room, "p-els", "Ik zou de leerling zelf laten kiezen")
    clock.advance(60)

    assert live.reveal_cards(room) == 2

    notes = sorted(live.session.live_notes(WRITE_ROUND), key=lambda n: n.created_at)
    cards = {card.id: card for card in room.read().cards}
    assert [(n.kind, n.author, n.speaker, n.text) for n in notes] == [
        (NoteKind.NOTE, "Dries Maes", "p-dries", "Ik zou eerst met de ouders praten"),
        (NoteKind.NOTE, "Els Janssens", "p-els", "Ik zou de leerling zelf laten kiezen"),
    ]
    assert notes[0].created_at == written_at
    assert set(cards) == {n.id for n in notes}  # note id = card id
    assert room.read().revealed(WRITE_ROUND)
    assert room.read().phases[WRITE_ROUND].names_shown is True  # the method's default
    # Also on disk, for every other view.
    stored = LiveSession(Store(live.store.root), live.id, clock).session
    assert {n.id for n in stored.live_notes(WRITE_ROUND)} == set(cards)


def test_a_second_reveal_after_a_crash_in_between_saves_no_card_twice(
    new_session: Callable[..., LiveSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    live = running(new_session)
    room = room_of(live)
    live.write_card(room, "p-dries", "Bellen")
    live.write_card(room, "p-els", "Wachten")

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # killed between the session's write and the room's

    monkeypatch.setattr(RoomFile, "mark_revealed", crash)
    with pytest.raises(KeyboardInterrupt):
        live.reveal_cards(room)
    monkeypatch.undo()
    assert room.read().sealed_cards(WRITE_ROUND)  # not marked: still sealed in the room

    assert live.reveal_cards(room) == 2

    texts = [n.text for n in live.session.live_notes(WRITE_ROUND)]
    assert sorted(texts) == ["Bellen", "Wachten"]
    with pytest.raises(RuleViolation) as again:
        live.reveal_cards(room)
    assert again.value.key == "room.already_revealed"


def test_revealing_outside_a_written_phase_or_with_nothing_sealed_is_refused(
    new_session: Callable[..., LiveSession],
) -> None:
    live = running(new_session, phase=2)
    room = room_of(live)
    with pytest.raises(RuleViolation) as outside:
        live.reveal_cards(room)
    assert outside.value.key == "room.not_written_phase"

    live.go_to_phase(WRITE_ROUND)
    live.write_card(room, "p-dries", "Iets")
    live.withdraw_card(room, "p-dries")
    with pytest.raises(RuleViolation) as empty:
        live.reveal_cards(room)
    assert empty.value.key == "room.nothing_to_reveal"
    assert not list(live.session.live_notes(WRITE_ROUND))


def test_cards_take_the_kind_of_their_phase_and_a_silent_case_holder_never_speaks(
    store: Store, clock: FakeClock
) -> None:
    live = written_session(store, clock)
    room = room_of(live)
    live.write_card(room, "p-dries", "Heb je met de ouders gepraat?")
    assert live.reveal_cards(room) == 1
    question = next(live.session.live_notes(0))
    assert question.kind is NoteKind.QUESTION
    assert question.hints  # the classifier looked at it, as at a typed question

    live.next_phase()  # advice, the case holder silent
    with pytest.raises(RuleViolation) as silent:
        live.write_card(room, "p-bart", "Mijn eigen advies")
    assert silent.value.key == "rule.case_holder_silent"
    # A card the case holder wrote before becoming the case holder is kept, as a note.
    room.write_card(1, "p-bart", "Mijn eigen advies")
    live.write_card(room, "p-els", "Praat met de directie")
    assert live.reveal_cards(room) == 2

    kinds = {n.text: (n.kind, n.speaker, n.author) for n in live.session.live_notes(1)}
    assert kinds == {
        "Mijn eigen advies": (NoteKind.NOTE, None, "Bart De Smet"),
        "Praat met de directie": (NoteKind.ADVICE, "p-els", "Els Janssens"),
    }


def test_names_shown_follow_the_method_then_the_facilitator_then_the_call(
    store: Store, clock: FakeClock
) -> None:
    live = written_session(store, clock)
    room = room_of(live)
    live.write_card(room, "p-dries", "Wat wil je bereiken?")
    live.reveal_cards(room)
    assert room.read().phases[0].names_shown is False  # written_names = false

    live.next_phase()
    room.show_names(1, False)  # the facilitator chose, before revealing
    live.write_card(room, "p-els", "Praat erover")
    live.reveal_cards(room)
    assert room.read().phases[1].names_shown is False

    other = running_copy(live)
    other.go_to_phase(0)
    with pytest.raises(RuleViolation):
        other.reveal_cards(room)  # revealed already
    assert room.read().phases[0].names_shown is False


def running_copy(live: LiveSession) -> LiveSession:
    return LiveSession(Store(live.store.root), live.id, live.clock)


def test_an_explicit_choice_of_names_wins(store: Store, clock: FakeClock) -> None:
    live = written_session(store, clock)
    room = room_of(live)
    live.write_card(room, "p-dries", "Wat wil je bereiken?")
    live.reveal_cards(room, names_shown=True)
    assert room.read().phases[0].names_shown is True


def test_a_card_is_refused_outside_a_running_written_phase_or_from_someone_absent(
    new_session: Callable[..., LiveSession],
) -> None:
    live = new_session()
    room = room_of(live)
    refusals = []

    def refused(write: Callable[[], object]) -> None:
        with pytest.raises(RuleViolation) as refusal:
            write()
        refusals.append(refusal.value.key)

    refused(lambda: live.write_card(room, "p-dries", "te vroeg"))
    acknowledge_all(live)
    live.start()
    live.go_to_phase(2)
    refused(lambda: live.write_card(room, "p-dries", "geen schrijfronde"))
    live.go_to_phase(WRITE_ROUND)
    refused(lambda: live.write_card(room, "p-filip", "afwezig"))
    refused(lambda: live.write_card(room, "p-nobody", "onbekend"))
    live.end()
    refused(lambda: live.write_card(room, "p-dries", "te laat"))
    refused(lambda: live.set_ready(room, "p-dries", True))

    assert refusals == [
        "room.not_started",
        "room.not_written_phase",
        "room.not_present",
        "room.not_present",
        "notes.meeting_ended",
        "notes.meeting_ended",
    ]
    assert room.read().cards == []


def test_a_ready_signal_lands_in_the_stored_phase(
    new_session: Callable[..., LiveSession], clock: FakeClock
) -> None:
    live = running(new_session, phase=2)
    server_view = running_copy(live)  # the server's own LiveSession, a step behind
    live.next_phase()
    server_view.set_ready(room_of(server_view), "p-dries", True)
    assert room_of(live).read().ready_in(3) == {"p-dries"}


# -- the anonymous evaluation ------------------------------------------------------------


def evaluated(new_session: Callable[..., LiveSession]) -> tuple[LiveSession, RoomFile]:
    live = running(new_session, phase=EVALUATION)
    room = room_of(live)
    answers = {"p-dries": (4, "Nuttig"), "p-els": (2, "Te lang"), "p-sofie": (5, "")}
    for person, (score, remark) in answers.items():
        live.cast_ballot(room, device_for(room, person), score, remark)
    return live, room


def test_ballots_are_cast_only_in_the_evaluation_by_a_device_with_a_name(
    new_session: Callable[..., LiveSession],
) -> None:
    live = running(new_session, phase=2)
    room = room_of(live)
    token = device_for(room, "p-dries")
    keys = []
    with pytest.raises(RuleViolation) as early:
        live.cast_ballot(room, token, 4)
    keys.append(early.value.key)
    live.go_to_phase(EVALUATION)
    nameless = room.join("phone")[1]
    for attempt in (
        lambda: live.cast_ballot(room, nameless, 4),
        lambda: live.cast_ballot(room, "forged", 4),
        lambda: live.cast_ballot(room, token, True),  # type: ignore[arg-type]
    ):
        with pytest.raises(RuleViolation) as refusal:
            attempt()
        keys.append(refusal.value.key)
    assert keys == [
        "room.not_evaluation",
        "room.no_name",
        "room.device_gone",
        "evaluation.score_range",
    ]
    assert room.read().ballots == []
    live.cast_ballot(room, token, 4)
    assert room.read().distribution() == [0, 0, 0, 1, 0]


def test_closing_keeps_the_ballots_in_the_session_without_name_or_time_once(
    new_session: Callable[..., LiveSession], clock: FakeClock
) -> None:
    live, room = evaluated(new_session)

    assert live.close_room_evaluation(room) == 3
    assert live.close_room_evaluation(room) == 3  # once more: the same, never twice

    assert room.read().evaluation_closed_at is not None
    stored = Store(live.store.root).read_session(live.id)["anonymous_evaluations"]
    assert sorted(stored.values(), key=lambda d: d["score"]) == [
        {"score": 2, "remark": "Te lang"},
        {"score": 4, "remark": "Nuttig"},
        {"score": 5, "remark": ""},
    ]  # a score and a remark: no participant, no device, no time
    reloaded = running_copy(live).session
    assert sorted(a.score for a in reloaded.anonymous_evaluations) == [2, 4, 5]
    assert reloaded.evaluations == {}  # the facilitator-entered scores are apart
    with pytest.raises(RuleViolation) as closed:
        live.cast_ballot(room, device_for(room, "p-an"), 3)
    assert closed.value.key == "room.evaluation_closed"


def test_the_report_has_the_distribution_and_the_remarks_without_names(
    new_session: Callable[..., LiveSession], clock: FakeClock
) -> None:
    live, room = evaluated(new_session)
    live.record_evaluation("p-an", 3, "Goed voorbereid")  # entered by the facilitator
    live.close_room_evaluation(room)
    session = live.session

    report = participants_report(session, clock, "nl")
    section = report[report.index("## Evaluatie") :]
    assert "Gemiddelde score 3,5 van 5 (4 van 5 aanwezigen)" in section
    assert "3 van die scores werden anoniem gegeven" in section
    assert "**anoniem:** Nuttig" in section and "**anoniem:** Te lang" in section
    assert "**An Peeters:** Goed voorbereid" in section
    for name in ("Dries", "Els", "Sofie"):
        assert name not in section

    absent = absentees_report(session, clock, "nl")
    assert "Gemiddelde score 3,5 van 5 (4 van 5 aanwezigen)" in absent
    for remark in ("Nuttig", "Te lang", "Goed voorbereid"):
        assert remark not in absent  # numbers only, as for the facilitator's scores
    assert mean_score(session) == 3.5  # the network's overview counts them too


def test_ending_the_meeting_keeps_the_ballots_not_yet_closed(
    new_session: Callable[..., LiveSession],
) -> None:
    live, room = evaluated(new_session)
    live.end()
    assert sorted(a.score for a in running_copy(live).session.anonymous_evaluations) == [2, 4, 5]
    assert room.read().evaluation_closed_at is not None


def test_anonymous_answers_travel_in_an_archive_and_a_bad_score_is_refused(
    new_session: Callable[..., LiveSession],
) -> None:
    live, room = evaluated(new_session)
    live.close_room_evaluation(room)
    archive = archive_from_tables(live.store.read_session(live.id))
    session, _ = tables_from_archive(json.loads(json.dumps(archive)))
    assert sorted(a.remark for a in session.anonymous_evaluations) == ["", "Nuttig", "Te lang"]
    archive["anonymous_evaluations"][0]["score"] = 6
    with pytest.raises(Exception, match="score"):
        tables_from_archive(archive)


# -- the end -----------------------------------------------------------------------------


def test_after_the_end_notes_are_refused_also_from_a_terminal_that_did_not_see_it(
    new_session: Callable[..., LiveSession], clock: FakeClock
) -> None:
    live = running(new_session, phase=2)
    note_taker = running_copy(live)
    kept = note_taker.add_note(NoteDraft("Voor het einde", author="Sofie Claes"))
    typed_before = NoteDraft("Getypt voor het einde", author="Sofie Claes").stamped(note_taker)
    clock.advance(5)
    live.end()
    clock.advance(5)
    assert note_taker.session.status is SessionStatus.RUNNING  # its view is behind

    keys = []
    for intention in (
        lambda: note_taker.add_note(NoteDraft("Na het einde", author="Sofie Claes")),
        lambda: note_taker.edit_note(kept.id, "Gewijzigd", editor="Sofie Claes"),
        lambda: note_taker.delete_note(kept.id, editor="Sofie Claes"),
    ):
        with pytest.raises(RuleViolation) as refusal:
            intention()
        keys.append(refusal.value.message("nl"))
    assert keys == ["De bijeenkomst is afgelopen; de gespreksleider kan ze heropenen."] * 3

    # A note typed before the end that waited (a failing disk) still belongs to the meeting.
    note_taker.add_note(typed_before)
    texts = {n.text for n in running_copy(live).session.live_notes()}
    assert texts == {"Voor het einde", "Getypt voor het einde"}

    live.reopen()
    note_taker.add_note(NoteDraft("Na het heropenen", author="Sofie Claes"))


def test_a_note_waiting_in_the_outbox_after_the_end_waits_instead_of_being_dropped(
    new_session: Callable[..., LiveSession], clock: FakeClock
) -> None:
    live = running(new_session, phase=2)
    live.end()
    clock.advance(5)
    outbox = Outbox()
    outbox.add(live, NoteDraft("Na het einde getypt").stamped(live), 2)
    outbox.add(live, NoteDraft("Nog een").stamped(live), 2)

    sent = outbox.send(live)

    assert sent.refused == [] and sent.saved == []
    assert sent.error is not None and sent.error.key == "notes.meeting_ended"
    assert [w.draft.text for w in outbox] == ["Na het einde getypt", "Nog een"]
    live.reopen()
    assert [n.text for n in outbox.send(live).saved] == ["Na het einde getypt", "Nog een"]


# -- moves from the stored phase ---------------------------------------------------------


def test_a_stale_view_moves_on_from_the_stored_phase(
    new_session: Callable[..., LiveSession],
) -> None:
    projector = running(new_session, phase=2)
    served = running_copy(projector)
    projector.next_phase()  # to 3; the served view still shows 2
    assert served.session.current_phase == 2

    assert served.next_phase()
    assert running_copy(projector).session.current_phase == 4  # from 3, not to 3 again

    projector.go_to_phase(6)
    assert served.previous_phase()
    assert running_copy(projector).session.current_phase == 5


def test_a_running_clock_moves_along_from_the_stored_phase(
    new_session: Callable[..., LiveSession], clock: FakeClock
) -> None:
    projector = running(new_session, phase=2)
    served = running_copy(projector)
    projector.next_phase()
    projector.toggle_clock()  # the clock of phase 3 runs
    clock.advance(60)

    served.go_to_phase(5)

    fresh = running_copy(projector)
    assert not fresh.timer(3).running  # paused where the meeting was
    assert fresh.timer(5).running


def test_a_stale_view_starts_and_stops_the_clock_of_the_stored_phase(
    new_session: Callable[..., LiveSession], clock: FakeClock
) -> None:
    projector = running(new_session, phase=2)
    served = running_copy(projector)
    projector.next_phase()

    served.toggle_clock()
    assert running_copy(projector).timer(3).running
    clock.advance(60)
    served_again = running_copy(projector)
    projector.next_phase()  # the clock moves along to 4
    served_again.end()  # from a view that still shows 3

    fresh = running_copy(projector)
    assert not fresh.timer(4).running and fresh.timer(4).elapsed() == 0
    assert not fresh.timer(2).running


def test_a_move_checks_the_stored_phase_under_the_lock_and_computes_anew(
    new_session: Callable[..., LiveSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    projector = running(new_session, phase=2)
    served = running_copy(projector)
    projector.next_phase()
    calls = []
    real_refresh = served.refresh

    def late_refresh() -> bool:
        calls.append(1)
        # The first time, the other view's move lands just after this one looked.
        return False if len(calls) == 1 else real_refresh()

    monkeypatch.setattr(served, "refresh", late_refresh)
    served.next_phase()
    assert len(calls) == 2
    assert running_copy(projector).session.current_phase == 4


def test_a_move_that_never_catches_up_says_so_and_moves_nothing(
    new_session: Callable[..., LiveSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    projector = running(new_session, phase=2)
    served = running_copy(projector)
    projector.next_phase()
    monkeypatch.setattr(served, "refresh", lambda: False)  # it never sees the move

    with pytest.raises(RuleViolation) as stale:
        served.go_to_phase(6)

    assert stale.value.key == "rule.moved_meanwhile"
    assert running_copy(projector).session.current_phase == 3


# -- the method data ---------------------------------------------------------------------


def test_the_methods_mark_their_written_rounds(methods: MethodLibrary) -> None:
    def written(method: Method) -> list[str]:
        return [p.title.en for p in method.phases if p.written]

    assert written(methods.get("incidentmethode")) == ["Written round: what would you do?"]
    assert written(methods.get("balint")) == ["First associations", "Individual judgement"]
    # Only written rounds and questions or advice are written: a phase that is
    # spoken (or a silent reflection by one person) is never.
    for method in methods.in_order():
        for phase in method.phases:
            if phase.written:
                assert phase.kind in (
                    PhaseKind.WRITTEN_ROUND,
                    PhaseKind.QUESTIONING,
                    PhaseKind.ADVICE,
                )


def test_a_users_method_file_runs_a_written_round_with_names_hidden(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "methods"
    folder.mkdir()
    phases = "".join(
        f"""
[[phases]]
kind = "{kind}"
{keys}
title = {{ nl = "Fase", en = "Phase" }}
rule = {{ nl = "Regel", en = "Rule" }}
"""
        for kind, keys in (
            ("questioning", "written = true\nwritten_names = false"),
            ("evaluation", ""),
        )
    )
    (folder / "eigen.toml").write_text(
        'schema = 1\nid = "eigen"\nsource = "eigen"\n'
        'title = { nl = "Eigen", en = "Own" }\n' + phases
    )
    method = load_methods(folder).get("eigen")
    create_session(
        store, method=method, clock=clock, lang="nl", participants=participants(), session_id="s"
    )
    live = LiveSession(store, "s", clock)
    live.start()
    room = room_of(live)
    live.write_card(room, "p-els", "Wat wil je bereiken?")

    assert live.reveal_cards(room) == 1

    assert room.read().phases[0].names_shown is False
    assert next(live.session.live_notes(0)).kind is NoteKind.QUESTION

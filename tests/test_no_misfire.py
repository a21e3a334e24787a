"""No keystroke misfires: keys typed right behind a key that opens a field land in it.

Through the real terminal driver (see `terminal.py`): each burst is written
to the terminal at once, the way tmux, SSH or a fast typist deliver it. The
letters in the bursts are the phase screen's own commands ("e" ends, "t"
gives the turn, "j" said yes, "s" skips, "x" deletes): in a field they are text.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sessie_tui.domain.method import PhaseKind
from sessie_tui.domain.session import SessionStatus
from sessie_tui.live import LiveSession
from sessie_tui.storage.store import Store

from conftest import acknowledge_all
from terminal import Terminal, eventually, keys

NewSession = Callable[..., LiveSession]
pytestmark = pytest.mark.slow


def running_in(live: LiveSession, kind: PhaseKind) -> LiveSession:
    acknowledge_all(live)
    live.start()
    phase = next(i for i, p in enumerate(live.session.phases) if p.kind is kind)
    if phase:
        live.go_to_phase(phase)
    return live


def stored(store: Store, live: LiveSession) -> LiveSession:
    return LiveSession(store, live.id, live.clock)


def test_keys_behind_n_are_the_note_never_commands(new_session: NewSession, store: Store) -> None:
    live = running_in(new_session(), PhaseKind.QUESTIONING)
    with Terminal(store.root, live.id) as room:
        room.wait_for("Fase 3/9")
        room.type(keys("n", "ej test", "enter", "nog een: stop, einde", "enter"))
        eventually(lambda: len(list(stored(store, live).session.live_notes(2))) == 2)
        room.type(keys("escape"))  # alone: ESC and a letter in one read are alt+letter
        room.settle()
        room.type(keys("n", "ejtsax", "enter"))
        eventually(lambda: len(list(stored(store, live).session.live_notes(2))) == 3)
        screen = room.settle()
    session = stored(store, live).session
    assert [note.text for note in session.live_notes(2)] == [
        "ej test",
        "nog een: stop, einde",
        "ejtsax",
    ]
    assert session.status is SessionStatus.RUNNING
    assert not session.timer_events, "a key of the note reached the clock"
    assert not session.turns(2).spoken, "a key of the note gave the turn on"
    assert "afronden" not in screen


def test_escape_and_a_letter_in_one_read_are_both_taken(
    new_session: NewSession, store: Store
) -> None:
    """A terminal sends alt+l as ESC and l, so the two typed in one burst arrive as
    alt+l. No screen has an alt key: it is `esc` (the note field left), then `l`
    (the notes shown), not a lost key and a letter in the field."""
    live = running_in(new_session(), PhaseKind.QUESTIONING)
    with Terminal(store.root, live.id) as room:
        room.wait_for("Fase 3/9")
        room.type(keys("n", "eerste", "enter", "escape", "l"))
        shown = room.wait_for("Notities per fase", "eerste")
        room.type(keys("n", "tweede", "enter"))
        eventually(lambda: len(list(stored(store, live).session.live_notes(2))) == 2)
    assert "Notities per fase" in shown
    assert [note.text for note in stored(store, live).session.live_notes(2)] == [
        "eerste",
        "tweede",
    ]


@pytest.mark.parametrize(
    ("kind", "opener", "burst", "saved"),
    [
        (PhaseKind.REFLECTION, "k", "ik neem het mee: eerst luisteren", "takeaway"),
        (PhaseKind.REFLECTION, "a", "bel de ouders", "action"),
        (PhaseKind.REFLECTION, "a", "plan een gesprek", "action-ctrl+s"),
        (PhaseKind.EVALUATION, "enter", "sterk: het tempo", "remark"),
    ],
)
def test_keys_behind_a_key_that_opens_a_dialog_land_in_it(
    new_session: NewSession, store: Store, kind: PhaseKind, opener: str, burst: str, saved: str
) -> None:
    live = running_in(new_session(), kind)
    if kind is PhaseKind.EVALUATION:
        first = live.session.present()[0].id
        live.record_evaluation(first, 4)
    with Terminal(store.root, live.id) as room:
        room.wait_for("Fase")
        if saved == "action":  # the text, who (the case holder, proposed), by when (none)
            room.type(keys(opener, burst, "enter", "tab", "enter"))
        else:
            room.type(keys(opener, burst, "ctrl+s" if saved.endswith("ctrl+s") else "enter"))

        def saved_as_typed() -> None:
            session = stored(store, live).session
            if saved == "takeaway":
                assert session.info.takeaway == burst
            elif saved.startswith("action"):
                actions = [n.text for n in session.live_notes() if n.kind.value == "action"]
                assert actions == [burst]
            else:
                assert [e.remark for e in session.evaluations.values()] == [burst]
            assert session.status is SessionStatus.RUNNING

        eventually(saved_as_typed)


def test_a_letter_never_confirms_ending(new_session: NewSession, store: Store) -> None:
    live = running_in(new_session(), PhaseKind.QUESTIONING)
    with Terminal(store.root, live.id) as room:
        room.wait_for("Fase 3/9")
        room.type(keys("e", "jyJY"))  # the question, and letters right behind it
        room.wait_for("afronden")
        room.settle()
        assert "afronden" in room.text(), "a letter answered the question"
        assert stored(store, live).session.status is SessionStatus.RUNNING
        room.type(keys("enter"))  # "no" had the focus: Enter says no
        eventually(lambda: "afronden" not in room.text())
        assert stored(store, live).session.status is SessionStatus.RUNNING
        room.type(keys("e", "left", "enter"))  # yes, chosen on purpose
        room.wait_for("Gepland")
    assert stored(store, live).session.status is SessionStatus.ENDED


def test_escape_twice_does_not_leave_the_meeting(new_session: NewSession, store: Store) -> None:
    live = running_in(new_session(), PhaseKind.ADVICE)
    with Terminal(store.root, live.id) as room:
        room.wait_for("Fase")
        room.type(keys("n", "half getypt", "escape", "escape"))
        room.wait_for("overzicht")  # the question, not the list of sessions
        room.type(keys("j", "escape"))
        eventually(lambda: "overzicht" not in room.text() and "Fase 7/9" in room.text())
        room.type(keys("escape", "left", "enter"))
        home = room.wait_for("Grenzen stellen")  # the list of sessions shows topics
    assert "Fase 7/9" not in home
    assert stored(store, live).session.status is SessionStatus.RUNNING


def test_keys_behind_a_phase_move_reach_the_new_phase(
    new_session: NewSession, store: Store
) -> None:
    live = running_in(new_session(), PhaseKind.QUESTIONING)
    with Terminal(store.root, live.id) as room:
        room.wait_for("Fase 3/9")
        room.type(keys("right", "n", "in fase vier", "enter"))

        def in_phase_four() -> None:
            session = stored(store, live).session
            assert session.current_phase == 3
            assert [note.text for note in session.live_notes(3)] == ["in fase vier"]

        eventually(in_phase_four)


def test_keys_behind_add_participant_are_the_name(new_session: NewSession, store: Store) -> None:
    live = new_session()
    with Terminal(store.root, live.id) as room:
        room.wait_for("Voorbereiding")
        room.type(keys("a", "Rita Xavier", "enter", "Jens Raes", "enter"))

        def both_added() -> None:
            names = [p.name for p in stored(store, live).session.participants.values()]
            assert names[-2:] == ["Rita Xavier", "Jens Raes"]

        eventually(both_added)


def test_enter_opens_the_row_the_arrows_moved_to(new_session: NewSession, store: Store) -> None:
    for number, topic in enumerate(("Eerste", "Tweede", "Derde")):
        new_session(session_id=f"2026112{number}-s", topic=topic)
    with Terminal(store.root) as room:
        home = room.wait_for("Eerste", "Tweede", "Derde")
        rows = [
            line
            for line in home.splitlines()
            if any(t in line for t in ("Eerste", "Tweede", "Derde"))
        ]
        room.type(keys("down", "down", "enter"))
        opened = room.wait_for("Voorbereiding", "Onderwerp")
    third = next(t for t in ("Eerste", "Tweede", "Derde") if t in rows[2])
    assert third in opened


def test_keys_behind_a_chosen_answer_go_to_the_next_question(
    new_session: NewSession, store: Store
) -> None:
    """A case proposed in one burst: who (a choice), then its title (a question opened by
    that answer), then how urgent and what kind. The title's first letter is the title's."""
    live = running_in(new_session(method_id="incidentmethode-open"), PhaseKind.CASE_COLLECTION)
    with Terminal(store.root, live.id) as room:
        room.wait_for("Fase")
        room.type(keys("p", "down", "enter", "Ouder dreigt met klacht", "enter", "enter", "enter"))

        def proposed() -> None:
            round_ = stored(store, live).session.case_round
            assert [p.title for p in round_.open_proposals()] == ["Ouder dreigt met klacht"]

        eventually(proposed)

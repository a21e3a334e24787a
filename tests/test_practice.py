"""Practice mode: rehearse a method on a clock where a minute passes in a second."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from textual.widgets import DataTable, Static

from sessie_tui.app import SessieApp
from sessie_tui.domain.clock import FakeClock, to_iso
from sessie_tui.domain.dates import clock_time
from sessie_tui.domain.network import (
    look_back_items,
    mean_score,
    next_meeting_number,
    open_actions,
    propose_roles,
)
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Role
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.live_network import LiveNetwork
from sessie_tui.report import Audience, build_report
from sessie_tui.report.network_report import network_report
from sessie_tui.sample import create_practice_session, load_sample_data
from sessie_tui.screens.end import EndScreen
from sessie_tui.screens.method_picker import MethodPicker
from sessie_tui.screens.network import NetworkScreen
from sessie_tui.screens.setup import SetupScreen
from sessie_tui.storage.store import Store
from sessie_tui.widgets.score_chart import ScoreChart

from conftest import acknowledge_all

MakeApp = Callable[..., SessieApp]
SAMPLE_NETWORK = "zoco-oost-vlaanderen"


def test_a_practice_session_runs_sixty_times_faster_and_says_so(
    store: Store, clock: FakeClock
) -> None:
    session_id = create_practice_session(store, clock, "nl")
    live = LiveSession(store, session_id, clock)
    assert live.session.practice
    assert len(live.session.participants) == 12
    acknowledge_all(live)
    live.toggle_clock()
    clock.advance(5)
    assert round(live.timer().elapsed()) == 300
    # Reopened later, it reads the same fast time.
    again = LiveSession(Store(store.root), session_id, clock)
    assert round(again.timer().elapsed()) == 300


def test_practice_sessions_are_left_out_of_list_unless_asked(
    store: Store, clock: FakeClock, new_session: Callable[..., LiveSession]
) -> None:
    real = new_session()
    practice = create_practice_session(store, clock, "nl")

    def listed(*extra: str) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-m", "sessie_tui", "--db", str(store.root), "list", *extra],
            capture_output=True,
            text=True,
            env=os.environ,
            check=True,
        )
        return [line.split("\t")[0] for line in result.stdout.splitlines()]

    assert listed() == [real.id]
    assert sorted(listed("--all")) == sorted([real.id, practice])


async def test_practice_from_the_home_screen(make_app: MakeApp, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, MethodPicker)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.live.session.practice
        assert app.screen.live.session.method.id != "incidentmethode"


# -- a rehearsal beside a real network -------------------------------------------------


def rehearse(store: Store, clock: FakeClock, case_holder_member: str) -> LiveSession:
    """A practice session of the sample network, run and ended: an action, scores, roles."""
    live = LiveSession(store, create_practice_session(store, clock, "nl"), clock)
    holder = next(p for p in live.session.present() if p.member_id == case_holder_member)
    live.set_role(holder.id, Role.CASE_HOLDER)
    acknowledge_all(live)
    live.toggle_clock()
    live.add_note(NoteDraft("Oefenactie bellen", NoteKind.ACTION, owner=holder.id))
    for person in live.session.present()[:3]:
        live.record_evaluation(person.id, 1)
    live.end()
    return live


async def test_a_practice_session_stays_out_of_its_network(
    make_app: MakeApp, store: Store, clock: FakeClock
) -> None:
    ready_id = load_sample_data(store)
    network = LiveNetwork(store, SAMPLE_NETWORK, clock)
    meetings = network.meetings()
    members = network.network.members
    rotation = propose_roles(network.network, meetings, members)
    reports = {a: network_report(network.network, meetings, "nl", a) for a in Audience}

    practice = rehearse(store, clock, rotation[Role.CASE_HOLDER])

    after = network.meetings()
    assert [m.id for m in after] == [m.id for m in meetings]
    assert practice.id not in {m.id for m in after}
    # The role rotation, the next number and the look-back do not see the rehearsal.
    assert propose_roles(network.network, after, members) == rotation
    assert next_meeting_number(after) == next_meeting_number(meetings)
    ready = next(m for m in after if m.id == ready_id)
    carried = [item.note.text for item in look_back_items(after, ready)]
    assert "Oefenactie bellen" not in carried
    assert [a.note.text for a in open_actions(after)] == [
        a.note.text for a in open_actions(meetings)
    ]
    # The network report, for both audiences, is what it was.
    for audience, before in reports.items():
        assert network_report(network.network, after, "nl", audience) == before
    # The overview: no row and no bar for the rehearsal.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NetworkScreen)
        table = screen.query_one("#meetings", DataTable)
        assert table.row_count == len(meetings)
        bars = screen.query_one(ScoreChart).bars
        assert "?" not in [label for label, _ in bars]
        assert len(bars) == sum(1 for m in meetings if mean_score(m) is not None)


# -- the fast clock is the phase clock's only ----------------------------------------------


def test_practice_keeps_real_times_in_what_it_writes_down(store: Store, clock: FakeClock) -> None:
    live = LiveSession(store, create_practice_session(store, clock, "nl"), clock)
    acknowledge_all(live)
    started = clock.time()
    live.toggle_clock()
    clock.advance(10)  # ten real seconds: ten minutes on the practice clock
    assert round(live.timer().elapsed()) == 600
    note = live.add_note(NoteDraft("Tien seconden ver", NoteKind.NOTE, author="p-x"))
    assert note.created_at == to_iso(clock.time(), live.session.timezone)
    assert note.elapsed == pytest.approx(10)
    clock.advance(20)
    live.end()
    session = LiveSession(Store(store.root), live.id, clock).session
    assert session.started_at == pytest.approx(started)
    assert session.ended_at == to_iso(clock.time(), session.timezone)
    assert session.actual_seconds(clock)[0] == pytest.approx(30)
    assert session.clock_face_seconds(clock)[0] == pytest.approx(1800)
    report = build_report(session, clock, "nl", Audience.PARTICIPANTS)
    assert "0:10 · notitie" in report  # ten seconds into the phase, not ten minutes
    assert "10:00" not in report
    begin = clock_time(to_iso(started, session.timezone), session.timezone)
    assert begin in report


async def test_the_end_of_a_rehearsal_shows_real_and_practice_clock_minutes(
    make_app: MakeApp, store: Store, clock: FakeClock
) -> None:
    live = LiveSession(store, create_practice_session(store, clock, "nl"), clock)
    acknowledge_all(live)
    started = clock.time()
    live.toggle_clock()
    clock.advance(5)  # five minutes on the practice clock
    live.end()
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EndScreen)
        table = screen.query_one("#phase-times", DataTable)
        labels = [str(column.label) for column in table.columns.values()]
        assert labels[3:5] == ["Oefenklok", "Werkelijk"]
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[3:5] == ["5:00", "0:05"]
        summary = str(screen.query_one("#end-summary", Static).render())
        assert "60 keer sneller" in summary
        start = clock_time(to_iso(started, live.session.timezone), live.session.timezone)
        assert f"Van {start} tot" in summary

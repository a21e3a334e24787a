"""A facilitator runs a whole session with the keyboard alone, as in the room."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from sessie_tui.app import SessieApp
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.participants import Role
from sessie_tui.domain.session import Session, SessionStatus
from sessie_tui.screens.confidentiality import ConfidentialityScreen
from sessie_tui.screens.dialogs import Choose, Confirm
from sessie_tui.screens.end import EndScreen
from sessie_tui.screens.home import HomeScreen
from sessie_tui.screens.leaving import WhatLeaves
from sessie_tui.screens.method_picker import MethodPicker
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.screens.report import ReportScreen
from sessie_tui.screens.setup import SetupScreen
from sessie_tui.storage.store import Store

from driving import type_text

MakeApp = Callable[..., SessieApp]


async def choose_role(pilot: Pilot[None], app: SessieApp, role: Role) -> None:
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(app.screen, Choose)
    await pilot.press("home")  # the list opens on the current role
    for _ in range(list(Role).index(role)):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


def stored(store: Store) -> Session:
    (entry,) = Store(store.root).list_sessions()
    return Session.from_tables(Store(store.root).read_session(entry.id))


async def test_a_whole_session_from_setup_to_export(
    make_app: MakeApp, store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_app(report_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MethodPicker)
        await pilot.press("enter")  # the default method is highlighted first
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)

        # The fields, each saved as it is typed.
        await type_text(pilot, "LN Zorg")
        await pilot.press("tab")
        await type_text(pilot, "Grenzen")
        await pilot.press("tab")
        await type_text(pilot, "23/11/2026")
        await pilot.press("tab")
        await type_text(pilot, "Gent")
        # Past the start, the end and the meeting's number to the new participant's
        # name: the empty list of participants is no stop (typing there would be
        # commands, not a name).
        await pilot.press("tab", "tab", "tab", "tab")
        for name in ("An", "Bart", "Sofie", "Dries"):
            await type_text(pilot, name)
            await pilot.press("enter")
            await pilot.pause()
        info = stored(store).info
        assert (info.network, info.topic, info.date, info.place) == (
            "LN Zorg",
            "Grenzen",
            "2026-11-23",
            "Gent",
        )
        assert len(stored(store).participants) == 4

        # Roles, on the participants table: rows stay in the order they were added.
        await pilot.press("shift+tab")
        table = app.screen.query_one("#participants", DataTable)
        assert app.screen.focused is table
        assert table.cursor_row == 3  # on the person added last
        await pilot.press("up", "up", "up")
        await choose_role(pilot, app, Role.FACILITATOR)  # An
        await pilot.press("down")
        await choose_role(pilot, app, Role.CASE_HOLDER)  # Bart
        await pilot.press("down")
        await choose_role(pilot, app, Role.NOTE_TAKER)  # Sofie
        roles = {p.name: p.role for p in stored(store).participants.values()}
        assert roles == {
            "An": Role.FACILITATOR,
            "Bart": Role.CASE_HOLDER,
            "Sofie": Role.NOTE_TAKER,
            "Dries": Role.PARTICIPANT,
        }

        # Confidentiality: each present participant acknowledges.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ConfidentialityScreen)
        await pilot.press("space", "space", "space")
        await pilot.pause()
        assert len(stored(store).missing_acknowledgements()) == 1
        await pilot.press("space")
        await pilot.pause()
        assert stored(store).gate_open

        # The phases, with the clock.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        await pilot.press("space")
        clock.advance(200)
        await pilot.press("plus")
        await pilot.press("n")
        await type_text(pilot, "Incident")
        await pilot.press("enter", "escape")
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        assert app.screen.phase_index == 1
        clock.advance(400)
        phases = len(stored(store).phases)
        for _ in range(phases - 1):
            await pilot.press("right")
            await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)

        session = stored(store)
        assert session.status is SessionStatus.ENDED
        assert [n.text for n in session.live_notes()] == ["Incident"]
        note = next(session.live_notes())
        assert (note.phase, session.name_of(note.author), note.elapsed) == (0, "Sofie", 200)
        assert session.timer(0, clock).allowed() == 6 * 60
        assert round(session.timer(1, clock).elapsed()) == 400

        # The report: preview, the proposed file, export.
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        target = Path(app.screen.query_one("#report-path", Input).value)
        assert target.parent == tmp_path
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WhatLeaves)  # what leaves, accepted first
        await pilot.press("left", "enter")
        await pilot.pause()
        report = target.read_text(encoding="utf-8")
        assert "maandag 23 november 2026" in report
        assert "Incident" in report
        assert stat.S_IMODE(target.stat().st_mode) == 0o600

        # A second export asks before it overwrites.
        target.write_text("eigen tekst")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and not isinstance(app.screen, WhatLeaves)
        await pilot.press("n")
        await pilot.pause()
        assert target.read_text() == "eigen tekst"


async def test_resume_opens_the_session_where_it_stands(
    make_app: MakeApp, new_session: Callable[..., object], clock: FakeClock
) -> None:
    from conftest import acknowledge_all

    live = new_session()
    acknowledge_all(live)  # type: ignore[arg-type]
    live.toggle_clock()  # type: ignore[attr-defined]
    live.go_to_phase(2)  # type: ignore[attr-defined]
    clock.advance(90)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        assert app.screen.phase_index == 2
        digits = app.screen.query_one("#clock-digits")
        assert digits.value == "8:30"  # type: ignore[attr-defined]


async def test_names_typed_in_one_burst_each_add_one_participant(
    make_app: MakeApp, store: Store
) -> None:
    """Keys in a burst (SSH, a browser tab): each Enter adds the name it follows, once."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        app.screen.query_one("#new-participant").focus()
        await pilot.pause()
        for name in ("An Peeters", "Bart Claes", "Sofie Maes"):
            for key in (*name, "enter"):
                app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause(0.3)
    assert [p.name for p in stored(store).participants.values()] == [
        "An Peeters",
        "Bart Claes",
        "Sofie Maes",
    ]

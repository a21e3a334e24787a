"""See what leaves: before a report, a draft or an archive is written, it says what goes.

On the report screen a question shows which report, how many notes of which kinds,
which names and to whom; nothing is written until the facilitator says yes, and a
file that exists is replaced only after a second, explicit yes. The command line
prints the same lines on stderr as it writes.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from test_drafts import network_meeting
from textual.widgets import Input

from sessie_tui.app import SessieApp
from sessie_tui.cli import run
from sessie_tui.domain.clock import FakeClock
from sessie_tui.live_network import LiveNetwork
from sessie_tui.methods import MethodLibrary
from sessie_tui.screens.dialogs import Confirm
from sessie_tui.screens.leaving import WhatLeaves
from sessie_tui.screens.report import ReportScreen
from sessie_tui.storage.store import Store


def leaving_text(app: SessieApp) -> str:
    screen = app.screen
    assert isinstance(screen, WhatLeaves)
    return "\n".join(screen.lines)


async def open_report(pilot: object, app: SessieApp) -> ReportScreen:
    await pilot.press("v")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, ReportScreen)
    return app.screen


async def test_export_says_what_leaves_and_writes_only_after_yes(
    make_app: Callable[..., SessieApp],
    network: LiveNetwork,
    methods: MethodLibrary,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    live = network_meeting(network, methods, clock)
    tmp_path = tmp_path / "verslagen"
    tmp_path.mkdir()
    app = make_app(open_session=live.id, report_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_report(pilot, app)
        await pilot.press("a", "ctrl+s")  # the absentees' report
        await pilot.pause()
        said = leaving_text(app)
        assert "Wat vertrekt: het verslag voor wie afwezig was." in said
        assert "Notities: 1 × actiepunt." in said and "vertrouwelijk" not in said
        assert "Charlotte Peeters" in said  # the names it holds (the attendance list)
        assert str(tmp_path) in said
        # At 80x24 the answer stays in view, however long the list.
        yes = app.screen.query_one("#yes")
        assert yes.region.bottom <= 24 and yes.region.height > 0
        await pilot.press("n")
        await pilot.pause()
        assert list(tmp_path.iterdir()) == []  # no: nothing written
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("left", "enter")
        await pilot.pause()
        (written,) = tmp_path.iterdir()
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        await pilot.press("a", "ctrl+s")  # the participants' report
        await pilot.pause()
        said = leaving_text(app)
        assert "het verslag voor de deelnemers" in said and "1 × vertrouwelijk" in said


async def test_the_drafts_key_says_who_gets_what_and_never_overwrites_unasked(
    make_app: Callable[..., SessieApp],
    network: LiveNetwork,
    methods: MethodLibrary,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    live = network_meeting(network, methods, clock)
    tmp_path = tmp_path / "verslagen"
    tmp_path.mkdir()
    app = make_app(open_session=live.id, report_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_report(pilot, app)
        await pilot.press("m")
        await pilot.pause()
        said = leaving_text(app)
        # The facilitator in To; the others present with an address in Bcc.
        assert "Aan: Annelies Vermeulen (jijzelf als gespreksleider" in said
        assert "Aan 1 adressen, als Bcc (niemand ziet de anderen): Bart Verhaegen." in said
        assert "als Bcc (niemand ziet de anderen): Dries Claes, Filip Maes." in said
        assert "Zonder adres (1), bezorg het hen zelf: Charlotte Peeters." in said
        assert "Zonder adres (1), bezorg het hen zelf: Els Janssens." in said
        assert said.count("Wat vertrekt:") == 2
        # At 80x24 the two reports' lines go on below: the arrows read them to the end.
        text = app.screen.query_one("#leaving-text")
        assert text.max_scroll_y > 0
        await pilot.press(*["down"] * 12)
        await pilot.pause()
        assert text.scroll_y == text.max_scroll_y
        await pilot.press("left", "enter")
        await pilot.pause()
        drafts = sorted(tmp_path.glob("*.eml"))
        assert len(drafts) == 2
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in drafts)
        before = {p: p.read_bytes() for p in drafts}
        clock.advance(60)  # a later Date: a replaced draft would differ
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and not isinstance(app.screen, WhatLeaves)
        await pilot.press("n")
        await pilot.pause()
        assert {p: p.read_bytes() for p in drafts} == before
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("left", "enter")
        await pilot.pause()
        await pilot.press("left", "enter")  # yes, overwrite
        await pilot.pause()
        assert {p: p.read_bytes() for p in drafts} != before


async def test_a_network_report_has_no_drafts_key(
    make_app: Callable[..., SessieApp], network: LiveNetwork
) -> None:
    from sessie_tui.report.network_report import network_report_source

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ReportScreen(network_report_source(network.network, [], "nl")))
        await pilot.pause()
        assert "drafts" not in {b.binding.action for b in app.screen.active_bindings.values()}
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)


@pytest.mark.parametrize("command", ["export", "archive"])
def test_the_command_line_says_what_leaves_on_stderr(
    network: LiveNetwork,
    methods: MethodLibrary,
    clock: FakeClock,
    store: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    live = network_meeting(network, methods, clock)
    target = tmp_path / "uit.json"
    assert run(["--db", str(store.root), command, live.id, "-o", str(target)]) == 0
    said = capsys.readouterr()
    assert "Wat vertrekt:" in said.err and "Wat vertrekt:" not in said.out
    assert "1 × vertrouwelijk" in said.err and "Charlotte Peeters" in said.err
    assert str(target) in said.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    before = target.read_bytes()
    assert run(["--db", str(store.root), command, live.id, "-o", str(target)]) == 1
    assert str(target) in capsys.readouterr().err  # the file is named
    assert target.read_bytes() == before


def test_a_report_to_stdout_says_so_on_stderr(
    network: LiveNetwork,
    methods: MethodLibrary,
    clock: FakeClock,
    store: Store,
    capsys: pytest.CaptureFixture[str],
) -> None:
    live = network_meeting(network, methods, clock)
    argv = ["--db", str(store.root), "export", live.id, "--audience", "absentees", "-o", "-"]
    assert run(argv) == 0
    said = capsys.readouterr()
    assert "Wat vertrekt: het verslag voor wie afwezig was." in said.err
    assert "Naar de standaarduitvoer" in said.err and "Wat vertrekt" not in said.out


async def test_a_file_name_ending_in_html_gets_the_web_page(
    make_app: Callable[..., SessieApp],
    network: LiveNetwork,
    methods: MethodLibrary,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    live = network_meeting(network, methods, clock)
    app = make_app(open_session=live.id, report_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_report(pilot, app)
        field = screen.query_one("#report-path", Input)
        field.value = str(tmp_path / "verslag.html")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("left", "enter")
        await pilot.pause()
    page = (tmp_path / "verslag.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1>Verslag intervisie</h1>" in page

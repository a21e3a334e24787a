"""The report screen: choose the audience, preview, export, copy, all from the keyboard."""

from __future__ import annotations

import html
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from sessie_tui.app import SessieApp
from sessie_tui.domain.notes import NoteKind
from sessie_tui.i18n import t
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.live_network import LiveNetwork
from sessie_tui.report import Audience, build_report
from sessie_tui.report.network_report import network_report_source
from sessie_tui.screens.report import ReportScreen

from conftest import acknowledge_all


async def test_absentees_report_from_the_screen(
    make_app: Callable[..., SessieApp],
    new_session: Callable[..., LiveSession],
    tmp_path: Path,
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(4)
    live.add_note(NoteDraft("Enkel voor ons", NoteKind.CONFIDENTIAL, "p-sofie"))
    live.add_note(NoteDraft("Wat we leerden", NoteKind.ACTION, "p-sofie"))
    live.end()
    app = make_app(open_session=live.id, report_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert screen.audience is Audience.PARTICIPANTS
        await pilot.press("a")
        await pilot.pause()
        assert screen.audience is Audience.ABSENTEES
        path = Path(screen.query_one("#report-path", Input).value)
        assert path.name.endswith("-afwezigen.md")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("left", "enter")  # what leaves: accepted
        await pilot.pause()
        written = path.read_text(encoding="utf-8")
        assert "Wat we leerden" in written and "Enkel voor ons" not in written
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.clipboard == written
        assert written == build_report(live.session, app.context.clock, "nl", Audience.ABSENTEES)


async def test_file_names_follow_the_language(
    make_app: Callable[..., SessieApp],
    new_session: Callable[..., LiveSession],
    tmp_path: Path,
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.end()
    app = make_app(lang="en", open_session=live.id, report_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        path = app.screen.query_one("#report-path", Input)
        assert Path(path.value).name == f"report-2026-11-23-{live.id}.md"
        await pilot.press("a")
        await pilot.pause()
        assert Path(path.value).name == f"report-2026-11-23-{live.id}-absentees.md"


def test_network_report_file_names_follow_the_language(network: LiveNetwork) -> None:
    source = network_report_source(network.network, [], "en")
    assert source.file_name(Audience.PARTICIPANTS) == f"network-report-{network.id}.md"
    assert source.file_name(Audience.ABSENTEES) == f"network-report-{network.id}-absentees.md"
    dutch = network_report_source(network.network, [], "nl")
    assert dutch.file_name(Audience.ABSENTEES) == f"netwerkverslag-{network.id}-afwezigen.md"


def screen_lines(app: SessieApp) -> list[str]:
    """The text on the terminal, row by row and column by column, as the user sees it."""
    cell = r'x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    cell += r'clip-path="url\(#terminal-(?:\w+-)?line-(\d+)\)"'
    rows: dict[int, list[str]] = {}
    for x, row, text in re.findall(cell + r">([^<]*)</text>", app.export_screenshot()):
        line = rows.setdefault(int(row), [" "] * app.size.width)
        column = round(float(x) / 12.2)  # the width of a cell in Textual's screenshots
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if column + offset < len(line):
                line[column + offset] = char
    return ["".join(rows.get(row, [])) for row in range(app.size.height)]


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_at_80x24_the_file_name_and_the_audience_are_whole(
    make_app: Callable[..., SessieApp],
    new_session: Callable[..., LiveSession],
    tmp_path: Path,
    lang: str,
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.end()
    deep = tmp_path.joinpath("een", "heel", "lange", "map", "voor", "de", "verslagen", "van")
    app = make_app(lang=lang, open_session=live.id, report_dir=deep)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        for audience in Audience:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReportScreen) and screen.audience is audience
            lines = screen_lines(app)
            shown = " ".join(" ".join(lines).split())
            name = screen.source.file_name(audience)
            assert str(deep / name) in shown.replace("/ ", "/"), "the whole path, folded at a /"
            field = next(line for line in lines if line.strip().startswith(t("report_screen.path")))
            assert name in field, "the file name in view in the field itself"
            assert t(f"report_screen.for.{audience.value}") in shown
            await pilot.press("a")

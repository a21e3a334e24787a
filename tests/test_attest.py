"""The attendance statement: facts only, a fingerprint, and a check against the store.

A network holds two meetings with a unique marker in every field that could carry the
case (topic, place, case title and question, every kind of note, the takeaway, an
evaluation remark, the next meeting's place) and in every member's name, one of them
hostile Markdown and HTML. A statement for one member must hold their name and their
meetings' facts and none of those markers; a tampered statement must be refused.
"""

from __future__ import annotations

import hashlib
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from sessie_tui.app import SessieApp
from sessie_tui.cli import run
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Attendance
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.live_network import LiveNetwork
from sessie_tui.methods import MethodLibrary
from sessie_tui.report.attest import (
    AttestRefused,
    find_member,
    network_statement,
    session_statement,
)
from sessie_tui.report.attest_render import render
from sessie_tui.report.attest_verify import visible_items
from sessie_tui.screens.dialogs import Prompt
from sessie_tui.screens.members import MembersScreen
from sessie_tui.storage.store import Store

from conftest import TIMEZONE
from driving import cli

# Each test holds two whole meetings first (some two hundred saves, each flushed to disk).
pytestmark = pytest.mark.slow

HOSTILE = "Zoë <b>MARKNAMEZOE</b> | *x* [a](http://e.be) &amp;"
"""A member's name that is Markdown and HTML: it must stay text in both formats."""


@dataclass
class Held:
    network: LiveNetwork
    meetings: list[LiveSession]
    secrets: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)
    """Marker in the name -> the member's full name."""

    @property
    def store(self) -> Store:
        return self.network.store


def _hold(
    network: LiveNetwork,
    methods: MethodLibrary,
    clock: FakeClock,
    secrets: set[str],
    away: dict[str, Attendance],
) -> LiveSession:
    session_id = network.new_meeting(methods.get("incidentmethode"), "nl", TIMEZONE)
    live = LiveSession(network.store, session_id, clock)
    number = live.session.info.number
    fields = ("topic", "place", "case_title", "case_question", "next_meeting_place")
    info = {name: f"MARK{name.upper()}{number}X" for name in fields}
    secrets |= set(info.values())
    live.update_info(**info)
    for person in list(live.session.participants.values()):
        if person.name in away:
            live.update_participant(person.id, attendance=away[person.name])
    for person in live.session.present():
        live.acknowledge(person.id)
    clock.advance(600)
    live.start()
    live.toggle_clock()  # the first phase's clock: the meeting's start
    for index in range(len(live.session.phases)):
        live.go_to_phase(index)
        clock.advance(300)
        for kind in NoteKind:
            marker = f"MARKNOTE{kind.value.upper()}{number}P{index}X"
            secrets.add(marker)
            live.add_note(NoteDraft(marker, kind, author=live.session.present()[0].id))
    takeaway, remark = f"MARKTAKEAWAY{number}X", f"MARKREMARK{number}X"
    secrets |= {takeaway, remark}
    live.record_takeaway(takeaway)
    live.record_evaluation(live.session.present()[0].id, 4, remark)
    clock.advance(125)
    live.end()
    return live


@pytest.fixture
def held(network: LiveNetwork, methods: MethodLibrary, clock: FakeClock) -> Held:
    result = Held(network, [])
    for first, last in (("Anna", "A"), ("Bert", "B"), ("Cas", "C"), ("Dina", "D")):
        marker = f"MARKNAME{last}X"
        result.names[marker] = f"{first} {marker}"
        network.add_member(f"{first} {marker}")
    network.add_member(HOSTILE)
    result.names["MARKNAMEZOE"] = HOSTILE
    result.meetings.append(_hold(network, methods, clock, result.secrets, {}))
    clock.advance(7 * 24 * 3600)
    away = {"Cas MARKNAMECX": Attendance.ABSENT, "Dina MARKNAMEDX": Attendance.EXCUSED}
    result.meetings.append(_hold(network, methods, clock, result.secrets, away))
    return result


def _attest(held: Held, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    status = run(["--db", str(held.store.root), "attest", *args])
    out, err = capsys.readouterr()
    return status, out, err


# -- what a statement holds -------------------------------------------------------------


@pytest.mark.parametrize("form", ["md", "html"])
@pytest.mark.parametrize("scope", ["network", "meeting"])
def test_one_members_statement_holds_nothing_of_the_case_the_notes_or_anyone_else(
    held: Held, form: str, scope: str, capsys: pytest.CaptureFixture[str]
) -> None:
    of = ["--network", held.network.id] if scope == "network" else [held.meetings[1].id]
    status, out, err = _attest(
        held, *of, "--member", "Bert MARKNAMEBX", "--format", form, capsys=capsys
    )
    assert status == 0, err
    assert "MARKNAMEBX" in out
    assert "maandag 30 november 2026" in out
    assert ("maandag 23 november 2026" in out) == (scope == "network")
    leaked = {marker for marker in held.secrets if marker in out}
    assert leaked == set()
    others = {marker for marker in held.names if marker != "MARKNAMEBX" and marker in out}
    assert others == set()
    assert "MARK" not in out.replace("MARKNAMEBX", "")


def test_a_meeting_statement_lists_who_attended_only(
    held: Held, capsys: pytest.CaptureFixture[str]
) -> None:
    second = held.meetings[1]
    status, out, err = _attest(held, second.id, capsys=capsys)
    assert status == 0, err
    listed = {marker for marker in held.names if marker in out}
    assert listed == {"MARKNAMEAX", "MARKNAMEBX", "MARKNAMEZOE"}
    assert {marker for marker in held.secrets if marker in out} == set()


def test_the_times_are_the_meetings_start_and_end_and_the_duration_between(
    held: Held, capsys: pytest.CaptureFixture[str]
) -> None:
    first = held.meetings[0].session
    statement = session_statement(first)
    (meeting,) = statement.meetings
    # The clock started 10 minutes after 09:00 and the meeting ended 9 phases x 5 min
    # and 2 min 5 s later: the end's minute is what is shown, and the duration with it.
    assert (meeting.start, meeting.end) == ("2026-11-23T09:10", "2026-11-23T09:57")
    assert meeting.minutes == 47 == (len(first.phases) * 300 + 125) // 60
    text = render(statement)
    assert "| 09:10 | 09:57 | 47 min |" in text


def test_a_hostile_name_stays_text_in_markdown_and_html(held: Held) -> None:
    network, meetings = held.network.network, held.network.meetings()
    statement = network_statement(network, meetings, find_member(network, HOSTILE))
    markdown, page = render(statement, "md"), render(statement, "html")
    assert "<b>" not in markdown and "<b>" not in page
    assert "&lt;b&gt;MARKNAMEZOE&lt;/b&gt;" in page
    assert 'href="' not in page
    for form, text in (("md", markdown), ("html", page)):  # read back as a reader sees it
        assert HOSTILE in [item.text for item in visible_items(text, form)]


@pytest.mark.parametrize("who", [None, HOSTILE])
def test_a_statement_passes_markdownlint_rules(held: Held, who: str | None) -> None:
    from pymarkdown.api import PyMarkdownApi

    network, meetings = held.network.network, held.network.meetings()
    member = find_member(network, who) if who else None
    markdown = render(network_statement(network, meetings, member))
    result = PyMarkdownApi().disable_rule_by_identifier("md013").scan_string(markdown)
    assert result.scan_failures == []


def test_the_fingerprint_is_of_the_facts_not_of_the_text(held: Held) -> None:
    network, meetings = held.network.network, held.network.meetings()
    member = find_member(network, "Anna MARKNAMEAX")
    dutch = network_statement(network, meetings, member, "nl")
    english = network_statement(network, meetings, member, "en")
    assert dutch.fingerprint() == english.fingerprint()
    assert dutch.fingerprint() == hashlib.sha256(dutch.canonical()).hexdigest()
    for text in (render(dutch, "md"), render(dutch, "html"), render(english, "html")):
        assert dutch.fingerprint() in text
    other = network_statement(network, meetings, find_member(network, "Bert MARKNAMEBX"))
    assert other.fingerprint() != dutch.fingerprint()


# -- files and verification -------------------------------------------------------------


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_statement_written_to_a_file_is_private_and_verifies(
    held: Held, form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"attest.{form}"
    status, _, err = _attest(
        held, held.meetings[0].id, "--member", "anna  MARKNAMEax",
        "-o", str(target), capsys=capsys,
    )  # fmt: skip
    assert status == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") == (form == "html")
    status, out, err = _attest(held, "--verify", str(target), capsys=capsys)
    assert status == 0, out + err
    assert "klopt met de gegevens" in out


def test_markdown_and_html_of_the_same_facts_share_one_fingerprint(
    held: Held, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = []
    for form in ("md", "html"):
        target = tmp_path / f"attest.{form}"
        _attest(held, "--network", "zorg", "-o", str(target), capsys=capsys)
        _, out, _ = _attest(held, "--verify", str(target), capsys=capsys)
        printed.append(re.findall(r"[0-9a-f]{64}", out))
    assert printed[0] == printed[1] and len(printed[0]) == 1


def test_a_file_is_never_overwritten_without_force(
    held: Held, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "attest.md"
    target.write_text("mijn eigen tekst")
    status, _, err = _attest(held, held.meetings[0].id, "-o", str(target), capsys=capsys)
    assert status == 1 and "--force" in err
    assert target.read_text() == "mijn eigen tekst"
    status, _, _ = _attest(held, held.meetings[0].id, "-o", str(target), "--force", capsys=capsys)
    assert status == 0
    assert "SHA-256" in target.read_text(encoding="utf-8")


TAMPERING = {
    "date": ("maandag 23 november 2026", "dinsdag 24 november 2026"),
    "duration": ("47 min", "97 min"),
    "name": ("Anna MARKNAMEAX", "Anna MARKNAMEQX"),
}


@pytest.mark.parametrize("form", ["md", "html"])
@pytest.mark.parametrize("what", [*TAMPERING, "fingerprint"])
def test_a_tampered_statement_is_refused_naming_what_differs(
    held: Held, form: str, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"attest.{form}"
    _attest(held, held.meetings[0].id, "-o", str(target), capsys=capsys)
    text = target.read_text(encoding="utf-8")
    if what == "fingerprint":
        real = re.search(r"[0-9a-f]{64}", text)[0]  # type: ignore[index]
        before, after = real, ("0" if real[0] != "0" else "1") + real[1:]
    else:
        before, after = TAMPERING[what]
    assert before in text
    target.write_text(text.replace(before, after, 1), encoding="utf-8")
    status, out, err = _attest(held, "--verify", str(target), capsys=capsys)
    assert status == 1, out + err
    assert "klopt NIET" in out
    assert f"'{after}'" in out or f" {after}," in out  # the changed value is named
    assert before in out  # beside what the store says


def test_a_changed_layout_is_refused_too(
    held: Held, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "attest.html"
    _attest(held, held.meetings[0].id, "-o", str(target), capsys=capsys)
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("<td>", '<td style="display:none">', 1), encoding="utf-8")
    status, out, _ = _attest(held, "--verify", str(target), capsys=capsys)
    assert status == 1 and "opmaak" in out


def test_a_statement_stops_matching_when_the_store_changes(
    held: Held, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "attest.md"
    _attest(held, "--network", "zorg", "--member", "Anna MARKNAMEAX", "-o", str(target),
            capsys=capsys)  # fmt: skip
    member = find_member(held.network.network, "Anna MARKNAMEAX")
    held.network.update_member(member, name="Anna Anders")  # renamed on the roster since
    status, out, _ = _attest(held, "--verify", str(target), capsys=capsys)
    assert status == 1
    assert "Anna Anders" in out and "MARKNAMEAX" in out


# -- what the command refuses -----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ((), "zeg waarvan"),
        (("--verify", "README.md", "--member", "Anna"), "--verify controleert"),
        (("FIRST", "--member", "Niemand Anders"), "geen deelnemer"),
        (("SECOND", "--member", "Cas MARKNAMECX"), "was afwezig"),
        (("SECOND", "--member", "Dina MARKNAMEDX"), "was verontschuldigd"),
        (("--network", "zorg", "--member", "Niemand"), "geen deelnemer 'Niemand'"),
        (("--network", "nergens"), "geen netwerk"),
        (("SECOND", "--format", "pdf"), "'pdf' bestaat niet"),
    ],
)
def test_wrong_arguments_are_one_line_and_status_2(
    held: Held, args: tuple[str, ...], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = {"FIRST": held.meetings[0].id, "SECOND": held.meetings[1].id}
    status, out, err = _attest(held, *(ids.get(arg, arg) for arg in args), capsys=capsys)
    assert status == 2, out + err
    assert said in err and len(err.strip().splitlines()) == 1
    assert out == ""


def test_a_meeting_not_yet_ended_has_no_statement(
    held: Held, methods: MethodLibrary, capsys: pytest.CaptureFixture[str]
) -> None:
    session_id = held.network.new_meeting(methods.get("incidentmethode"), "nl", TIMEZONE)
    status, _, err = _attest(held, session_id, capsys=capsys)
    assert status == 2 and "nog niet afgesloten" in err
    with pytest.raises(AttestRefused):
        session_statement(LiveSession(held.store, session_id, FakeClock()).session)


@pytest.mark.parametrize(
    "content",
    [b"# Een verslag\n\nGewoon een tekst.\n", b"\xff\xfe not utf-8", b"<html><p>x</p></html>"],
)
def test_a_file_that_is_no_statement_is_one_line_and_status_2(
    held: Held, content: bytes, tmp_path: Path
) -> None:
    target = tmp_path / "iets.md"
    target.write_bytes(content)
    result = cli("--db", str(held.store.root), "attest", "--verify", str(target))
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "geen attest van sessie-tui" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_is_said_plainly(held: Held, tmp_path: Path) -> None:
    result = cli("--db", str(held.store.root), "attest", "--verify", str(tmp_path / "weg.md"))
    assert result.returncode == 2
    assert result.stderr.strip().endswith("weg.md bestaat niet.")


# -- from the members screen ------------------------------------------------------------


async def test_t_on_the_members_screen_writes_the_chosen_members_statement(
    held: Held,
    make_app: Callable[..., SessieApp],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = make_app(report_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter", "l")
        await pilot.pause()
        assert isinstance(app.screen, MembersScreen)
        table = app.screen.query_one("#member-list", DataTable)
        table.move_cursor(row=1)  # the roster's order: Bert is second
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        target = tmp_path / "attest-lerend-netwerk-zorgcoordinatoren-bert-marknamebx.md"
        assert app.screen.query_one(Input).value == str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MembersScreen)
    text = target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "MARKNAMEBX" in text and "MARKNAMEAX" not in text
    status, out, _ = _attest(held, "--verify", str(target), capsys=capsys)
    assert status == 0, out

"""One gate for text to a terminal: nothing typed reaches it as a command.

Hostile text (a screen clear, a clipboard write, a window title, a link, a bell,
a C1 CSI, a bidi override, NUL) is put in every field of a network and a meeting.
Every screen is then drawn as the driver would write it to the terminal, and
every command's output is read as the bytes a shell would receive; both are
scanned for the user's payload. Textual writes escape sequences of its own
(colours, cursor moves), so the app's output is scanned for the markers only a
user's text could bring: a user's ESC is followed by their payload.
"""

from __future__ import annotations

import ast
import inspect
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from test_phase_kinds import all_kinds_method
from textual.app import ComposeResult

import sessie_tui
from sessie_tui import cli, live_network
from sessie_tui.app import SessieApp
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.localized import Localized
from sessie_tui.domain.method import Method
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.roster import read_roster
from sessie_tui.domain.session import SessionInfo
from sessie_tui.live import LiveSession, NoteDraft, create_session
from sessie_tui.live_network import LiveNetwork, create_network
from sessie_tui.methods import load_methods
from sessie_tui.storage.store import Store

from conftest import TIMEZONE, acknowledge_all, participants

CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;aGFjaw==\x07"
TITLE = "\x1b]0;pwned\x07"
LINK = "\x1b]8;;https://evil.example\x07klik\x1b]8;;\x07"
HOSTILE = f"X{CLEAR}{CLIPBOARD}{TITLE}{LINK}\x07\x9b2J\u202eabc\x00"
"""Every attack in one text; each field holds it (after a word, so it is never empty)."""

USER_MARKERS = ("\x1b[2J", "\x1b]52", "\x1b]0;", "\x1b]8;;https://evil", "\x07", "\x00")
"""What only the user's text brings into the app's output: Textual's own links end in ST."""
CONTROL_CHARACTERS = [chr(c) for c in range(0x80, 0xA0)] + [
    *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
]


def raw_in(output: str, *, textual_escapes: bool) -> list[str]:
    """The hostile characters and sequences found in `output`."""
    found = [marker for marker in USER_MARKERS if marker in output]
    found += [char for char in CONTROL_CHARACTERS if char in output]
    if not textual_escapes and "\x1b" in output:
        found.append("\x1b")
    return found


def hostile(word: str) -> str:
    return f"{word} {HOSTILE}"


def hostile_argument(word: str) -> str:
    """Hostile text as a command line can carry it: everything but NUL."""
    return hostile(word).replace("\x00", "")


def hostile_network(store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> str:
    """A network with hostile text everywhere, its name too (as an older store may hold:
    a new name with a control character is refused)."""
    with monkeypatch.context() as patch:
        patch.setattr(live_network, "first_invisible", lambda _: None, raising=False)
        network_id = create_network(
            store,
            name=hostile("Netwerk"),
            theme=hostile("Thema"),
            goal=hostile("Doel"),
            clock=clock,
            lang="nl",
        )
    live = LiveNetwork(store, network_id, clock)
    for who in ("Ann", "Bert", "Cis"):
        live.add_member(hostile(who), hostile("Org"), hostile("Functie"), hostile("Contact"))
    return network_id


def hostile_meeting(store: Store, clock: FakeClock, network_id: str) -> LiveSession:
    """A meeting of the network with hostile info, notes and remarks, still running."""
    network = LiveNetwork(store, network_id, clock)
    session_id = network.new_meeting(load_methods().get("incidentmethode"), "nl", TIMEZONE)
    live = LiveSession(store, session_id, clock)
    live.update_info(
        topic=hostile("Onderwerp"), place=hostile("Plaats"), case_title=hostile("Casus")
    )
    for person in live.session.present():
        live.acknowledge(person.id)
    live.start()
    speaker = live.session.present()[0].id
    live.add_note(NoteDraft(hostile("Notitie"), NoteKind.NOTE, hostile("Schrijver"), speaker))
    live.add_note(NoteDraft(hostile("Actie"), NoteKind.ACTION, owner=speaker))
    live.record_takeaway(hostile("Meeneem"))
    return live


def hostile_method() -> Method:
    """A phase of every kind, from a method file someone wrote: hostile titles and rules."""
    method = all_kinds_method()
    phases = tuple(
        replace(
            phase,
            title=Localized(hostile(phase.title.nl), hostile(phase.title.en)),
            rule=Localized(hostile(phase.rule.nl), hostile(phase.rule.en)),
        )
        for phase in method.phases
    )
    return replace(method, title=Localized(hostile("Methode"), hostile("Method")), phases=phases)


def all_kinds_meeting(store: Store, clock: FakeClock) -> LiveSession:
    """A meeting with a phase of every kind, and hostile text in what each kind shows."""
    create_session(
        store,
        method=hostile_method(),
        clock=clock,
        lang="nl",
        info=SessionInfo(
            network=hostile("Netwerk"),
            topic=hostile("Onderwerp"),
            date="2026-11-23",
            place=hostile("Plaats"),
            case_question=hostile("Vraag"),
        ),
        participants=participants(),
        session_id="20261123-kinds",
        timezone=TIMEZONE,
    )
    live = LiveSession(store, "20261123-kinds", clock)
    guest = live.add_participant(hostile("Gast")).id
    acknowledge_all(live)
    live.update_info(takeaway=hostile("Meeneem"))
    live.record_expectation(guest, hostile("Verwachting"), hostile("Doel"))
    live.add_note(NoteDraft(hostile("Vraag"), NoteKind.QUESTION, hostile("Schrijver"), guest))
    advice = live.add_note(NoteDraft(hostile("Advies"), NoteKind.ADVICE, guest, guest))
    live.set_taken_along(advice.id, True)
    live.add_note(NoteDraft(hostile("Actie"), NoteKind.ACTION, guest, owner=guest))
    live.record_evaluation(guest, 4, hostile("Opmerking"))
    for index in range(len(live.session.phases)):
        live.add_note(NoteDraft(hostile("Notitie"), NoteKind.NOTE, guest, guest), phase=index)
    return live


@pytest.fixture
def hostile_store(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, LiveSession]:
    network_id = hostile_network(store, clock, monkeypatch)
    return network_id, hostile_meeting(store, clock, network_id)


def guest_of(live: LiveSession) -> str:
    return live.session.present()[0].id


# -- the app ---------------------------------------------------------------------------


def written(app: SessieApp) -> str:
    """What the driver would write to the terminal for the screen as it stands."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert update is not None
    return update.render_segments(app.console)


async def test_no_screen_sends_what_someone_typed_to_the_terminal(
    make_app: Callable[..., SessieApp],
    hostile_store: tuple[str, LiveSession],
    store: Store,
    clock: FakeClock,
) -> None:
    from sessie_tui.screens.action_point import ActionPointDialog
    from sessie_tui.screens.case_form import CaseForm
    from sessie_tui.screens.confidentiality import ConfidentialityScreen
    from sessie_tui.screens.dialogs import Choose, Confirm, Prompt
    from sessie_tui.screens.end import EndScreen
    from sessie_tui.screens.final_evaluation import FinalEvaluationScreen
    from sessie_tui.screens.members import MembersScreen
    from sessie_tui.screens.network import NetworkScreen
    from sessie_tui.screens.networks import NetworksScreen
    from sessie_tui.screens.notes import NotesScreen
    from sessie_tui.screens.phase import PhaseScreen
    from sessie_tui.screens.report import ReportScreen
    from sessie_tui.screens.session_picker import SessionPicker
    from sessie_tui.screens.setup import SetupScreen

    network_id, live = hostile_store
    network = LiveNetwork(store, network_id, clock)
    app = make_app()
    screens: dict[str, str] = {}
    async with app.run_test(size=(120, 40)) as pilot:

        async def show(name: str, screen: object, *keys: str) -> None:
            await app.push_screen(screen)  # type: ignore[arg-type]
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            screens[name] = written(app)

        await pilot.pause()
        screens["home"] = written(app)
        await show("networks", NetworksScreen())
        await show("network", NetworkScreen(network))
        for tab in ("expectations", "actions"):
            app.screen.action_show_tab(tab)  # type: ignore[attr-defined]
            await pilot.pause()
            screens[f"network {tab}"] = written(app)
        await show("members", MembersScreen(network))
        await show("final evaluation", FinalEvaluationScreen(network))
        await show("setup", SetupScreen(live))
        await show("case form", CaseForm(live))
        await show("confidentiality", ConfidentialityScreen(live))
        kinds = all_kinds_meeting(store, clock)
        for index, phase in enumerate(kinds.session.phases):
            kinds.go_to_phase(index)
            await show(f"phase {phase.kind.value}", PhaseScreen(kinds), "l")
            app.pop_screen()
        for index in range(len(live.session.phases)):
            live.go_to_phase(index)
            await show(f"incident phase {index + 1}", PhaseScreen(live), "l")
            app.pop_screen()
        await show("action point", ActionPointDialog(live.session, guest_of(live), HOSTILE))
        await show("prompt", Prompt(hostile("Vraag"), placeholder=hostile("Voorbeeld")))
        await show("notes", NotesScreen(live, live.session.present()[0].id))
        await show("session picker", SessionPicker())
        await show("confirm", Confirm(hostile("Vraag")))
        await show("choose", Choose(hostile("Kies"), [(hostile("Optie"), 1)], None))
        app.notify(hostile("Melding"), title=hostile("Titel"))
        live.end()
        await show("end", EndScreen(live))
        await show("report", ReportScreen(app.session_report(live)))
    assert len(screens) > 40
    # Every screen had hostile text to show, and showed it as stand-ins (not nothing).
    assert [name for name, output in screens.items() if "␛" not in output] == []
    leaks = {name: raw_in(out, textual_escapes=True) for name, out in screens.items()}
    assert {name: found for name, found in leaks.items() if found} == {}
    # Not hidden either: the user sees the stand-in where the escape was.
    assert "␛]52;c;aGFjaw==" in screens["end"]


# -- the command line ------------------------------------------------------------------


def run(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """`sessie-tui ARGS` as a shell runs it: the bytes it writes, not decoded."""
    return subprocess.run(
        [sys.executable, "-m", "sessie_tui", "--db", str(root), *args],
        capture_output=True,
        timeout=60,
    )


@pytest.mark.slow  # every command in a process of its own
def test_no_command_sends_what_someone_typed_to_the_terminal(
    hostile_store: tuple[str, LiveSession], store: Store, tmp_path: Path
) -> None:
    network_id, live = hostile_store
    roster = tmp_path / "leden.csv"
    roster.write_text(f"naam;organisatie\n{hostile('Dirk')};Org\nAnn {HOSTILE};x\n")
    archive = tmp_path / "archief.json"
    commands = [
        ("list",),
        ("list", "--all"),
        ("export", live.id, "-o", "-"),
        ("export", live.id, "-o", "-", "--audience", "absentees"),
        ("export", "--network", network_id, "-o", "-"),
        ("export", live.id, "-o", str(tmp_path / f"verslag{hostile_argument('')}.md")),
        ("export", hostile_argument("onbekend"), "-o", "-"),
        ("archive", live.id, "-o", str(archive)),
        ("import", str(archive)),
        ("delete", live.id),
        ("network", "list"),
        ("network", "create", hostile_argument("Nieuw")),
        ("network", "create", "Nieuw", "--subject", hostile_argument("Thema")),
        ("network", "roster", network_id, str(roster)),
        ("network", "remove-member", network_id, hostile_argument("Ann")),
        ("network", "remove-member", network_id, hostile_argument("Onbekend")),
        ("network", "delete", network_id),
        ("network", "delete", hostile_argument("onbekend")),
        ("notes", hostile_argument("onbekend")),
    ]
    leaks = {}
    for args in commands:
        done = run(store.root, *args)
        output = (done.stdout + done.stderr).decode("utf-8")
        if found := raw_in(output, textual_escapes=False):
            leaks[" ".join(args)] = found
    assert leaks == {}


def test_a_network_name_with_a_control_character_is_refused_with_one_line(
    store: Store,
) -> None:
    done = run(store.root, "network", "create", hostile_argument("Netwerk"))
    assert done.returncode == 1
    assert done.stderr.decode().count("\n") == 1
    assert "U+001B" in done.stderr.decode()
    assert store.network_ids() == []


# -- rosters ---------------------------------------------------------------------------


def test_a_long_value_without_quotes_is_named_too_long_not_an_open_quote() -> None:
    long = "y" * 140_000
    result = read_roster(f"naam;organisatie\nAn;CLB\nBob;{long}\nCis;CLB\n".encode())
    assert [(p.line, p.key) for p in result.problems] == [(3, "roster.field_too_long")]
    assert result.problems[0].params["length"] == "140000"
    assert [row.name for row in result.rows] == ["An", "Cis"]  # the rest is still read


def test_a_quote_left_open_over_the_limit_is_still_named_so() -> None:
    long = "y" * 140_000
    result = read_roster(f'naam;organisatie\nAn;CLB\nBob;"{long}\nCis;CLB\n'.encode())
    assert [(p.line, p.key) for p in result.problems] == [(3, "roster.unclosed_quote")]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_roster_without_a_byte_order_mark_is_read(codec: str) -> None:
    result = read_roster("naam;organisatie\nAn Peeters;CLB Gent\n".encode(codec))
    assert result.problems == ()
    assert [(row.name, row.organisation) for row in result.rows] == [("An Peeters", "CLB Gent")]


def test_messages_about_a_file_never_echo_nul_bytes(store: Store, tmp_path: Path) -> None:
    network_id = create_network(store, name="Net", clock=FakeClock(), lang="nl")
    odd = tmp_path / "leden.csv"  # a NUL in a header cell: quoted by the message
    odd.write_bytes(b"na\x00am;org\x00\nAn;C\x00LB\n")
    archive = tmp_path / "archief.json"
    archive.write_bytes(json.dumps({"a": 1}).encode("utf-16-le"))
    for args in (("network", "roster", network_id, str(odd)), ("import", str(archive))):
        done = run(store.root, *args)
        assert done.returncode != 0
        assert b"\x00" not in done.stdout + done.stderr, args


async def test_a_screen_that_forgets_plain_still_sends_nothing_raw(
    make_app: Callable[..., SessieApp],
) -> None:
    """The last net: Textual's own Static, given raw text, as a future screen might."""
    from textual.screen import Screen
    from textual.widgets import Static as RawStatic

    class Careless(Screen[None]):
        def compose(self) -> ComposeResult:
            yield RawStatic(hostile("Vergeten"), markup=False)
            yield RawStatic(f"{hostile('Breed')}界界 einde", markup=False)

    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        await app.push_screen(Careless())
        await pilot.pause()
        output = written(app)
        lines = [strip.cell_length for strip in app.screen._compositor.render_strips()]
    assert raw_in(output, textual_escapes=True) == []
    assert "Vergeten" in output and "界界 einde" in output
    assert set(lines) == {100}  # every line as wide as the screen: nothing shifted


def calls_in(path: Path) -> list[str]:
    """The functions and methods `path` calls that write to a terminal."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("print", "write", "pprint"):
                found.append(f"{path.name}:{node.lineno} {name}")
    return found


def test_the_command_line_writes_only_through_its_gate() -> None:
    """`say_out` and `say_err` are the only writers: a `print` added later would skip
    the gate (a name typed with an escape sequence would reach the shell)."""
    package = Path(sessie_tui.__file__).parent
    writers = calls_in(package / "cli.py") + calls_in(package / "argument_errors.py")
    gate = inspect.getsource(cli.say_out) + inspect.getsource(cli.say_err)
    assert len(writers) == 2 and gate.count(".write(") == 2, writers

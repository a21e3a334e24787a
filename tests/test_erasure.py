"""Removing a member erases the person from every byte of the store, however written.

A hard name ("Zoë Van den Broeck-Çelik": accents, a particle, a hyphen) is written
into notes, remarks, takeaways, action points, network texts and a session outside
any network in every form a room uses: capitals, lower case, without accents,
decomposed (NFD), with a double space, by surname or first name alone, and under
the name she had before a rename. After `network remove-member --yes` every file
under the store is read, normalised on its own (not with the app's code) and
searched for every form.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable

from sessie_tui.app import SessieApp
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Attendance, Participant, Role
from sessie_tui.domain.session import Session, SessionInfo
from sessie_tui.live import LiveSession, NoteDraft, create_session
from sessie_tui.live_network import LiveNetwork, create_network
from sessie_tui.methods import MethodLibrary
from sessie_tui.screens.dialogs import Confirm
from sessie_tui.screens.members import MembersScreen
from sessie_tui.screens.networks import NetworksScreen
from sessie_tui.storage.parts import PART_MARK, PART_SIZE
from sessie_tui.storage.store import Store

from driving import cli, notifications
from network_helpers import run_meeting

BEFORE = "Zoë Van den Broeck"
NAME = "Zoë Van den Broeck-Çelik"
NFD = unicodedata.normalize("NFD", NAME)
VARIANTS = [
    NAME,
    NAME.upper(),
    NAME.lower(),
    "Zoe Van den Broeck-Celik",  # without accents
    NFD,  # decomposed: "e" and a combining diaeresis
    "Zoë  Van den Broeck-Çelik",  # a double space
    "Zoë Van den\nBroeck-Çelik",  # a line break
    "Zoë Van den Broeck Çelik",  # no hyphen
    "zoë van den broeck‐çelik",  # a Unicode hyphen
    "Van den Broeck-Çelik",  # the surname alone
    "ÇELIK",  # half of a double surname
    "Zoë",  # the first name alone
    "ZOE",
    BEFORE,  # the name before the rename
]
LABEL = "[verwijderd lid]"


def normalised(text: str) -> str:
    """The test's own folding: decomposed, no marks, no case, one kind of separator."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.split(r"[\s\-\u2010-\u2015]+", text)).strip()


SEARCHED = sorted({normalised(v) for v in VARIANTS} | {"zoe", "celik", "broeck"})


def mentions(text: str) -> list[str]:
    folded = normalised(text)
    return [word for word in SEARCHED if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded)]


def texts_in(raw: bytes) -> list[str]:
    """A file's bytes as UTF-8 and, where they are JSON, every text in them (a JSON
    file may write a letter as an escape, or a line break as two characters)."""
    text = raw.decode("utf-8", "replace")
    found = [text]
    try:
        data = json.loads(text)
    except ValueError:
        return found

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                found.append(key)
                walk(item)

    walk(data)
    return found


def mentions_in_store(root: Path) -> dict[str, list[str]]:
    """Every file under the store (hidden ones and leftovers too) that mentions her."""
    hits = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() or path.is_symlink():
            found = mentions(str(path.relative_to(root)))
            if path.is_file():
                found += [m for text in texts_in(path.read_bytes()) for m in mentions(text)]
            if found:
                hits[str(path.relative_to(root))] = sorted(set(found))
    return hits


def dead_pid() -> int:
    """The id of a process that has ended: what a killed writer leaves in a temp name."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def leave_temp_copy(path: Path) -> Path:
    """What a writer killed between writing its temporary file and renaming it leaves."""
    temp = path.with_name(f".{path.name}.{dead_pid()}.0badc0de.tmp")
    temp.write_bytes(path.read_bytes())
    return temp


def person(live: LiveSession, name: str) -> str:
    return next(p.id for p in live.session.participants.values() if p.name == name)


def fill_meeting(live: LiveSession, zoe: str, variants: list[str]) -> None:
    """Her name in a note, a question, a remark, a takeaway and an action point."""
    others = [p.id for p in live.session.participants.values() if p.id != zoe]
    live.go_to_phase(2)
    for index, variant in enumerate(variants):
        live.add_note(NoteDraft(f"{variant} vertelt over de klas ({index})", author=others[0]))
    live.add_note(NoteDraft(f"Wat zou {variants[0]} doen?", NoteKind.QUESTION, others[1]))
    for index in range(PART_SIZE):  # her notes above now stand in a part (`parts.py`)
        live.add_note(NoteDraft(f"Een gewone notitie ({index})", author=others[1]))
    edited = live.add_note(NoteDraft(f"Eerste versie over {variants[-1]}", author=others[0]))
    live.edit_note(edited.id, "Een nieuwe versie zonder naam", others[0])
    live.add_note(NoteDraft(f"{variants[1]} belt de ouders", NoteKind.ACTION, others[0], owner=zoe))
    live.update_info(takeaway=f"Het idee van {variants[2]}", place=f"Bij {variants[-1]} thuis")
    live.record_evaluation(others[0], 4, f"Dank aan {variants[3]}")
    live.record_evaluation(zoe, 5, "Goed gesprek")
    live.end()


def build_store(store: Store, methods: MethodLibrary, clock: FakeClock) -> tuple[str, str]:
    """Two networks and a session outside any network, all mentioning her; returns the
    network she is removed from and her member id there."""
    first = LiveNetwork(
        store, create_network(store, name="Netwerk Oost", clock=clock, lang="nl"), clock
    )
    zoe = first.add_member(BEFORE, "CLB Gent", "zorgcoördinator", "zoe@example.be")
    for name in ("An Peeters", "Bart De Smet", "Sofie Claes"):
        first.add_member(name)
    meeting = run_meeting(first, methods, clock, "incidentmethode")
    fill_meeting(meeting, person(meeting, BEFORE), [BEFORE, BEFORE.upper(), "zoe", "Zoë"])
    first.update_member(zoe.id, name=NAME)  # she married: the roster takes the new name
    meeting = run_meeting(first, methods, clock, "incidentmethode")
    fill_meeting(meeting, person(meeting, NAME), VARIANTS)
    first.update(name="Netwerk Oost", theme=f"Met {NFD}", goal="Leren van elkaar")
    first.set_agreement(f"Wat {NAME.lower()} vertelt, blijft hier.")

    second = LiveNetwork(
        store,
        create_network(store, name="Netwerk West", clock=clock, lang="nl", theme=VARIANTS[5]),
        clock,
    )
    second.add_member(NAME, "CLB Gent")  # the same person, in a network of her own
    colleague = second.add_member("Jonas Willems")
    second.record_final_answer(
        colleague.id,
        learned=f"Van {VARIANTS[9]} leerde ik veel",
        will_use="ÇELIK's checklist",
        should_change="meer tijd",
    )
    alone = create_session(
        store,
        method=methods.get("incidentmethode"),
        clock=clock,
        lang="nl",
        info=SessionInfo(topic=f"Casus van {VARIANTS[3]}", date="2026-11-23"),
        participants=[
            Participant("p-1", "Mira Jacobs", Role.FACILITATOR, Attendance.PRESENT),
            Participant("p-2", VARIANTS[2], Role.CASE_HOLDER, Attendance.PRESENT),
        ],
    )
    live = LiveSession(store, alone, clock)
    live.start()
    live.add_note(NoteDraft(f"{BEFORE} en {VARIANTS[6]} en {VARIANTS[10]}", author="p-1"))
    leave_temp_copy(store.session_path(alone))
    leave_temp_copy(store.session_path(meeting.id))
    leave_temp_copy(store.networks_dir / f"{first.id}.json")
    return first.id, zoe.id


def test_the_cli_erases_every_form_of_her_name_from_every_byte_of_the_store(
    store: Store, methods: MethodLibrary, clock: FakeClock
) -> None:
    network_id, _ = build_store(store, methods, clock)
    before = mentions_in_store(store.root)
    assert any("sessions/." in path for path in before)  # the leftovers hold her too
    assert any(PART_MARK in path for path in before)  # and the parts of the long meetings
    assert set(before[next(p for p in before if p.startswith("networks/netwerk-west"))]) >= {
        "zoe",
        "celik",
    }

    removed = cli("--db", str(store.root), "network", "remove-member", network_id, NAME, "--yes")

    assert removed.returncode == 0, removed.stderr
    assert mentions_in_store(store.root) == {}
    assert "geëxporteerde verslagen en archieven" in removed.stderr  # what it cannot reach
    # The store still works, and each meeting keeps its shape.
    again = Store(store.root)
    sessions = [again.load_session(e.id, Session.from_tables) for e in again.list_sessions()]
    assert len(sessions) == 3 and again.problems == []
    assert all(len(s.participants) in (2, 4) for s in sessions)
    assert sum(LABEL in {p.name for p in s.participants.values()} for s in sessions) == 3
    assert any(LABEL in note.text for s in sessions for note in s.notes.values())


def test_a_first_name_someone_else_has_is_not_erased_alone_and_is_named(
    store: Store, network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    zoe = network.add_member(NAME)
    network.add_member("Zoë Peeters")
    network.add_member("Ilse Van den Broeck")
    meeting = run_meeting(network, methods, clock, "incidentmethode")
    meeting.go_to_phase(2)
    author = person(meeting, "Zoë Peeters")
    meeting.add_note(NoteDraft(f"{NAME.upper()} en Zoë Peeters: Zoë vroeg het", author=author))
    meeting.add_note(NoteDraft("Çelik en Ilse Van den Broeck kwamen later", author=author))

    erasure = network.remove_member(zoe.id, "nl")

    notes = {
        n.text for n in LiveSession(Store(store.root), meeting.id, clock).session.notes.values()
    }
    assert notes == {
        f"{LABEL} en Zoë Peeters: Zoë vroeg het",
        f"{LABEL} en Ilse Van den Broeck kwamen later",
    }
    assert set(erasure.withheld) == {"Zoë", "Van den Broeck"}
    said = "\n".join(erasure.left_behind("nl"))
    assert "Zoë" in said and "Van den Broeck" in said


def test_a_former_name_is_remembered_and_erased_where_no_meeting_recorded_it(
    store: Store, network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    member = network.add_member(BEFORE)
    network.update_member(member.id, name=NAME, organisation="CLB Eeklo")
    assert network.network.members[member.id].former_names == (BEFORE,)
    outside = create_session(
        store, method=methods.get("incidentmethode"), clock=clock, lang="nl", info=SessionInfo()
    )
    LiveSession(store, outside, clock).update_info(topic=f"Het verhaal van {BEFORE} (2025)")

    network.remove_member(member.id, "nl")

    topic = Store(store.root).read_session(outside)["session"]["1"]["info"]["topic"]
    assert topic == f"Het verhaal van {LABEL} (2025)"


def test_what_cannot_be_changed_is_named_a_set_aside_copy(
    store: Store, network: LiveNetwork, clock: FakeClock
) -> None:
    member = network.add_member(NAME)
    kept = store.damaged_dir / "20261123-abcd.json.20261123-120000.abcdef.damaged"
    store.damaged_dir.mkdir(mode=0o700)
    kept.write_bytes(f'{{"tables": {{"notes": "{NFD} zei iets'.encode())
    other = store.damaged_dir / "n.json.20261123-120000.abcdef.damaged"
    other.write_bytes(f"Notities van {NAME.upper()}".encode("utf-16"))

    erasure = network.remove_member(member.id, "nl")

    assert erasure.unreachable == (kept, other)
    assert str(kept) in "\n".join(erasure.left_behind("en"))


def test_deleting_a_session_removes_the_temporary_copies_a_killed_writer_left(
    store: Store, network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    network.add_member(NAME)
    meeting = run_meeting(network, methods, clock, "incidentmethode")
    meeting.update_info(topic=f"De casus van {NAME}")
    temp = leave_temp_copy(store.session_path(meeting.id))
    catalog_temp = leave_temp_copy(store.root / "catalog.json")
    young = os.stat(temp).st_mtime  # seconds old, where the store waited ten minutes

    deleted = cli("--db", str(store.root), "delete", meeting.id, "--yes")

    assert deleted.returncode == 0, deleted.stderr
    assert young and not temp.exists() and not catalog_temp.exists()
    assert mentions_in_store(store.root).keys() <= {f"networks/{network.id}.json"}


def test_the_cli_finds_the_member_however_her_name_is_typed(
    store: Store, network: LiveNetwork
) -> None:
    network.add_member(NAME)
    asked = cli("--db", str(store.root), "network", "remove-member", network.id, NFD.upper())
    assert asked.returncode == 2, asked.stderr  # only says what it would do, without --yes
    assert NAME in asked.stdout
    again = cli(
        "--db", str(store.root), "network", "remove-member", network.id, "zoe  van DEN broeck celik"
    )
    assert again.returncode == 2 and NAME in again.stdout, again.stderr


async def test_the_members_screen_erases_her_and_says_what_it_left(
    make_app: Callable[..., SessieApp],
    store: Store,
    network: LiveNetwork,
    methods: MethodLibrary,
    clock: FakeClock,
) -> None:
    network.add_member(BEFORE)
    network.add_member("Zoë Peeters")
    meeting = run_meeting(network, methods, clock, "incidentmethode")
    meeting.go_to_phase(2)
    author = person(meeting, "Zoë Peeters")
    meeting.add_note(NoteDraft(f"{NFD.lower()} en {NAME.upper()}", author=author))
    zoe = next(m.id for m in network.network.members.values() if m.name == BEFORE)
    network.update_member(zoe, name=NAME)
    app = make_app()
    messages = notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, NetworksScreen)
        await pilot.press("enter", "l")
        await pilot.pause()
        assert isinstance(app.screen, MembersScreen)
        app.screen.query_one("#member-list", DataTable).move_cursor(row=0)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("left", "enter")
        await pilot.pause()
        again = LiveNetwork(Store(store.root), network.id, clock).network
        assert [m.name for m in again.members.values()] == ["Zoë Peeters"]
    said = "\n".join(messages)
    assert "Zoë" in said and "ook iemand anders" in said and "buiten de opslag" in said.lower()
    left = mentions_in_store(store.root)
    # Only the other Zoë is left: her first name, in her own records and the note she wrote.
    assert {word for words in left.values() for word in words} == {"zoe"}

"""A sealed card is readable nowhere before the reveal; a person's cards go when they are
erased; a deleted session takes its room file (and a killed writer's copies) along.

Cards live in the room file only until the facilitator reveals them: these tests read
every other place a text could surface — the `l` panel, the note-taker's view, both
reports, `sessie-tui list`, `export` and `archive` of the running session, the session
file's bytes — and find a sealed card in none, while a note typed beside it is there.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sessie_tui.app import create_app
from sessie_tui.config import Config
from sessie_tui.domain.clock import FakeClock
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.live_network import LiveNetwork
from sessie_tui.methods import MethodLibrary
from sessie_tui.report.absentees import absentees_report
from sessie_tui.report.verslag import participants_report
from sessie_tui.room.state import DeviceRole, RoomFile
from sessie_tui.screens.notes import NotesScreen
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.storage.store import Store

from conftest import acknowledge_all
from driving import cli
from network_helpers import run_meeting

WRITE_ROUND = 5
SEALED = "Verzegeldkaartje"
"""One word: found whole in a screenshot's text as in a file."""
TYPED = "Gewonenotitie"
"""A note typed beside it, the control: every place searched does show notes."""


def sealed_meeting(new_session: Callable[..., LiveSession]) -> tuple[LiveSession, RoomFile]:
    live = new_session()
    acknowledge_all(live)
    live.start()
    live.go_to_phase(WRITE_ROUND)
    room = RoomFile(live.store, live.id, live.now)
    live.write_card(room, "p-dries", f"{SEALED} over de ouders")
    live.add_note(NoteDraft(f"{TYPED} over de ouders", author="p-sofie"))
    live.update_info(share_case_question=True, case_question="Hoe begin ik?")
    return live, room


def test_a_sealed_card_is_in_no_report_no_store_file_and_no_command_output(
    new_session: Callable[..., LiveSession], store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    live, room = sealed_meeting(new_session)
    db = str(store.root)
    archive, report = tmp_path / "a.json", tmp_path / "verslag.md"

    assert cli("--db", db, "archive", live.id, "-o", str(archive)).returncode == 0
    assert cli("--db", db, "export", live.id, "-o", str(report)).returncode == 0
    absentees = cli("--db", db, "export", live.id, "--audience", "absentees", "-o", "-")
    outputs = {
        "session file": store.session_path(live.id).read_text(),
        "participants": participants_report(live.session, clock, "nl"),
        "absentees": absentees_report(live.session, clock, "nl"),
        "list": cli("--db", db, "list").stdout,
        "export": report.read_text(),
        "export absentees": absentees.stdout,
        "archive": archive.read_text(),
    }

    assert all(SEALED not in text for text in outputs.values()), [
        where for where, text in outputs.items() if SEALED in text
    ]
    assert TYPED in outputs["participants"] and TYPED in outputs["archive"]
    assert SEALED in store.rooms_dir.joinpath(f"{live.id}.json").read_text()  # only there
    assert "Hoe begin ik?" in outputs["absentees"]  # what absentees may read, they read

    live.reveal_cards(room)
    assert SEALED in participants_report(live.session, clock, "nl")  # revealed: a note now


async def test_a_sealed_card_is_not_in_the_notes_panel_nor_the_note_takers_view(
    new_session: Callable[..., LiveSession], store: Store, clock: FakeClock
) -> None:
    live, _room = sealed_meeting(new_session)
    facilitator = create_app(
        store=Store(store.root), config=Config(lang="nl"), clock=clock, open_session=live.id
    )
    async with facilitator.run_test(size=(160, 45)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(facilitator.screen, PhaseScreen)
        panel = str(facilitator.screen.query_one("#notes-list").render())
        screen = facilitator.export_screenshot()
    assert TYPED in panel and TYPED in screen
    assert SEALED not in panel and SEALED not in screen

    note_taker = create_app(
        store=Store(store.root), config=Config(), clock=clock, notes=True, author="Sofie Claes"
    )
    async with note_taker.run_test(size=(160, 45)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(note_taker.screen, NotesScreen)
        seen = note_taker.export_screenshot()
    assert TYPED in seen and SEALED not in seen


def test_erasing_a_member_removes_her_cards_devices_and_ready_signals_from_the_room(
    store: Store, network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    zoe = network.add_member("Zoë Van den Broeck")
    network.add_member("Jonas Willems")
    meeting = run_meeting(network, methods, clock, "incidentmethode")
    people = {p.name: p.id for p in meeting.session.participants.values()}
    meeting.go_to_phase(WRITE_ROUND)
    room = RoomFile(store, meeting.id, meeting.now)
    room.start_share()
    device, token = room.join("phone")
    room.claim(device.id, people["Zoë Van den Broeck"], DeviceRole.PARTICIPANT)
    meeting.write_card(room, people["Zoë Van den Broeck"], "Mijn eigen aanpak met de klas")
    meeting.write_card(room, people["Jonas Willems"], "Ik zou doen wat Zoë voorstelde")
    meeting.set_ready(room, people["Zoë Van den Broeck"], True)

    network.remove_member(zoe.id, "nl")

    left = room.read()
    assert [c.text for c in left.cards] == ["Ik zou doen wat [verwijderd lid] voorstelde"]
    assert left.devices == [] and left.ready_in(WRITE_ROUND) == set()
    assert left.device_by_token(token) is None
    raw = (store.rooms_dir / f"{meeting.id}.json").read_text()
    assert "Zoë" not in raw and "Mijn eigen aanpak" not in raw


def test_deleting_a_session_deletes_its_room_file_and_the_copies_a_killed_writer_left(
    new_session: Callable[..., LiveSession], store: Store
) -> None:
    live, _room = sealed_meeting(new_session)
    room_file = store.rooms_dir / f"{live.id}.json"
    leftover = room_file.with_name(f".{room_file.name}.{dead_pid()}.0badc0de.tmp")
    leftover.write_bytes(room_file.read_bytes())

    store.delete_session(live.id)

    assert not room_file.exists() and not leftover.exists()


def test_a_killed_writers_copy_of_a_room_file_is_cleaned_like_any_other(
    new_session: Callable[..., LiveSession], store: Store
) -> None:
    live, _room = sealed_meeting(new_session)
    room_file = store.rooms_dir / f"{live.id}.json"
    leftover = room_file.with_name(f".{room_file.name}.{dead_pid()}.0badc0de.tmp")
    leftover.write_bytes(room_file.read_bytes())

    assert store.remove_temp_leftovers() == 1
    assert not leftover.exists() and room_file.exists()


def dead_pid() -> int:
    """The id of a process that has ended."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid

"""Retention (issue 14): a meeting's case content is removed from the store's files
once its retention period is over; attendance, acknowledgements, evaluation
figures and action points stay.

A network keeps content 30 days; its meetings were held 40 and 10 days before
today (the fake clock's 2026-11-23). Every byte of the store is searched for what
must be gone; what must stay is read back as a fresh process reads it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from sessie_tui.app import SessieApp
from sessie_tui.cli import run
from sessie_tui.domain.case_kinds import QuestionKind
from sessie_tui.domain.case_round import ChoiceMode
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.method import PhaseKind
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.retention import Retention, removal_date
from sessie_tui.domain.roster import read_roster
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.live_network import LiveNetwork
from sessie_tui.methods import MethodLibrary
from sessie_tui.report.verslag import participants_report
from sessie_tui.retention import plan, purge, today
from sessie_tui.room.state import DeviceRole, RoomFile
from sessie_tui.storage.parts import PART_MARK, PART_SIZE
from sessie_tui.storage.recovery import pending, write_recovery
from sessie_tui.storage.store import Store

from conftest import acknowledge_all
from network_helpers import semicolon_csv_with_broken_lines

NewSession = Callable[..., LiveSession]
WRITE_ROUND = 5
OLD_DATE = "2026-10-14"  # 40 days before the fake clock's today
RECENT_DATE = "2026-11-13"  # 10 days before
CASE_TEXTS = (
    "ZAAKTITEL",
    "HULPVRAAG",
    "NOTITIETEKST",
    "KAARTJE",
    "OPMERKING",
    "MEENEMEN",
    "NAARHETWERK",
)
ACTION = "ACTIEPUNT blijft staan"


def held(
    new_session: NewSession,
    session_id: str,
    date: str,
    network: LiveNetwork | None,
    clock: FakeClock,
    tag: str = "",
) -> LiveSession:
    """An ended meeting with every kind of case content, each text marked by `tag`."""
    extra = {"network_id": network.id} if network else {}
    live = new_session(session_id=session_id, date=date, **extra)
    live.update_info(case_title=f"ZAAKTITEL{tag}", case_question=f"HULPVRAAG{tag}")
    acknowledge_all(live)
    live.start()
    live.add_note(NoteDraft(f"NOTITIETEKST{tag}", NoteKind.NOTE))
    for number in range(PART_SIZE):  # the notes above then stand in a part (`parts.py`)
        live.add_note(NoteDraft(f"NOTITIETEKST{tag} {number}", NoteKind.NOTE))
    live.add_note(NoteDraft(f"NOTITIETEKST{tag} vraag", NoteKind.QUESTION))
    live.add_note(NoteDraft(f"{ACTION}{tag}", NoteKind.ACTION, owner="p-bart"))
    live.go_to_phase(WRITE_ROUND)
    room = RoomFile(live.store, live.id, live.now)
    room.start_share()
    device, _ = room.join("phone")
    room.claim(device.id, "p-dries", DeviceRole.PARTICIPANT)
    live.write_card(room, "p-dries", f"KAARTJE{tag} nooit onthuld")
    live.record_evaluation("p-els", 4, f"OPMERKING{tag}")
    live.record_takeaway(f"MEENEMEN{tag}")
    live.go_to_phase(len(live.session.phases) - 1)  # the evaluation
    live.record_work_takeaway("p-dries", f"NAARHETWERK{tag}")
    room.stop_share()
    live.end()
    clock.advance(1)
    return live


def store_bytes(store: Store) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(store.root.rglob("*")) if p.is_file())


@pytest.fixture
def thirty_days(network: LiveNetwork) -> LiveNetwork:
    network.set_retention(30)
    return network


def test_content_past_its_period_is_gone_from_every_byte_and_the_figures_stay(
    new_session: NewSession, store: Store, clock: FakeClock, thirty_days: LiveNetwork
) -> None:
    held(new_session, "20261014-old", OLD_DATE, thirty_days, clock, tag="-OUD")
    held(new_session, "20261113-new", RECENT_DATE, thirty_days, clock, tag="-NIEUW")

    assert len([p for p in store.sessions_dir.iterdir() if PART_MARK in p.name]) == 2
    purged = purge(store, None, clock)

    assert purged.sessions == ("20261014-old",)
    everything = store_bytes(store)
    for text in CASE_TEXTS:
        assert f"{text}-OUD".encode() not in everything, text
        assert f"{text}-NIEUW".encode() in everything, text  # 10 days old: kept
    fresh = LiveSession(Store(store.root), "20261014-old", clock).session
    assert fresh.content_removed_at
    assert [n.text for n in fresh.live_notes()] == [f"{ACTION}-OUD"]
    assert [(e.participant, e.score) for e in fresh.evaluations.values()] == [("p-els", 4)]
    assert len(fresh.acknowledgements) == len(fresh.present()) == 5
    assert {p.id: p.attendance.value for p in fresh.participants.values()}["p-filip"] == "absent"


def test_a_second_purge_changes_nothing_and_a_running_meeting_is_never_touched(
    new_session: NewSession, store: Store, clock: FakeClock, thirty_days: LiveNetwork
) -> None:
    held(new_session, "20261014-old", OLD_DATE, thirty_days, clock)
    running = new_session(
        session_id="20261010-open",
        date="2026-10-10",
        network_id=thirty_days.id,
        case_title="LOOPT NOG",
    )
    acknowledge_all(running)
    running.start()
    purge(store, None, clock)
    before = store_bytes(store)

    again = purge(store, None, clock)

    assert again.sessions == ()
    assert store_bytes(store) == before
    assert b"LOOPT NOG" in before


def test_the_config_is_the_default_and_a_network_setting_goes_first(
    new_session: NewSession, store: Store, clock: FakeClock, network: LiveNetwork
) -> None:
    held(new_session, "20261014-alone", OLD_DATE, None, clock)  # outside any network
    held(new_session, "20261015-net", "2026-10-15", network, clock)
    assert plan(store, None) == []  # nothing set: everything kept
    network.set_retention(60)

    planned = plan(store, 30)

    assert planned == [
        Retention("2026-11-13", "20261014-alone", OLD_DATE, 30),
        Retention("2026-12-14", "20261015-net", "2026-10-15", 60),
    ]
    assert [item.due(today(clock)) for item in planned] == [True, False]
    assert removal_date("2026-01-31", 30) == "2026-03-02"


def test_copies_that_still_hold_the_content_go_too(
    new_session: NewSession, store: Store, clock: FakeClock, thirty_days: LiveNetwork
) -> None:
    held(new_session, "20261014-old", OLD_DATE, thirty_days, clock)
    held(new_session, "20261113-new", RECENT_DATE, thirty_days, clock)
    old_copy = write_recovery(store.root, "20261014-old", [{"text": "NOTITIETEKST herstel"}])
    new_copy = write_recovery(store.root, "20261113-new", [{"text": "blijft"}])

    purged = purge(store, None, clock)

    assert purged.copies >= 1
    assert not old_copy.exists() and new_copy.exists()
    assert pending(store.root) == [new_copy]


def test_store_files_stay_private(
    new_session: NewSession, store: Store, clock: FakeClock, thirty_days: LiveNetwork
) -> None:
    held(new_session, "20261014-old", OLD_DATE, thirty_days, clock)
    purge(store, None, clock)
    for path in store.root.rglob("*.json"):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


def test_the_report_says_the_content_went_and_when(
    new_session: NewSession, store: Store, clock: FakeClock, thirty_days: LiveNetwork
) -> None:
    held(new_session, "20261014-old", OLD_DATE, thirty_days, clock)
    purge(store, None, clock)
    session = LiveSession(store, "20261014-old", clock).session
    report = participants_report(session, clock, "nl")
    assert "werd verwijderd op" in report and "2026" in report
    assert "NOTITIETEKST" not in report and "ZAAKTITEL" not in report
    assert ACTION in report


def test_cli_purge_dry_run_says_what_goes_when_and_changes_nothing(
    new_session: NewSession,
    store: Store,
    clock: FakeClock,
    network: LiveNetwork,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    held(new_session, "20261014-old", OLD_DATE, network, clock)
    held(new_session, "20261113-new", RECENT_DATE, network, clock)
    config = ["--db", str(store.root), "--config", str(tmp_path / "config")]
    assert run([*config, "network", "retention", network.id, "30"]) == 0
    before = store_bytes(store)

    assert run([*config, "purge", "--dry-run"]) == 0

    out = capsys.readouterr().out
    assert "20261014-old" in out and "2026-11-13" in out  # due since
    assert "20261113-new" in out and "2026-12-13" in out  # goes then
    assert store_bytes(store) == before


def test_cli_refuses_a_retention_that_is_no_number_of_days(
    store: Store, network: LiveNetwork, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = ["--db", str(store.root), "--config", str(tmp_path / "config")]
    for bad in ("0", "-3", "dertig"):
        assert run([*config, "network", "retention", network.id, bad]) == 2
        assert f"'{bad}' is geen bewaartermijn" in capsys.readouterr().err
    assert run([*config, "network", "retention", network.id, "off"]) == 0
    assert LiveNetwork(store, network.id, FakeClock()).network.retention_days is None


async def test_the_app_purges_at_start_and_home_warns_a_week_ahead(
    new_session: NewSession,
    store: Store,
    clock: FakeClock,
    thirty_days: LiveNetwork,
    make_app: Callable[..., SessieApp],
) -> None:
    held(new_session, "20261014-old", OLD_DATE, thirty_days, clock)
    held(new_session, "20261027-soon", "2026-10-27", thirty_days, clock, tag="-SOON")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # Not before the first screen has settled: a start is not slowed by it.
        assert not LiveSession(store, "20261014-old", clock).session.content_removed_at
        for _ in range(100):
            if LiveSession(store, "20261014-old", clock).session.content_removed_at:
                break
            await pilot.pause(0.05)
        warning = app.screen.query_one("#retention-soon")
        assert warning.display
        assert "2026-11-26" in str(warning.render())  # 27 Oct + 30 days: within the week
    assert b"ZAAKTITEL-SOON" in store_bytes(store)
    assert LiveSession(store, "20261014-old", clock).session.content_removed_at


def test_a_case_round_keeps_who_brought_what_and_loses_its_titles(
    store: Store, clock: FakeClock, thirty_days: LiveNetwork, methods: MethodLibrary
) -> None:
    thirty_days.import_roster(read_roster(semicolon_csv_with_broken_lines()), skip_bad_rows=True)
    session_id = thirty_days.new_meeting(
        methods.get("incidentmethode-open"), "nl", "Europe/Brussels"
    )
    live = LiveSession(store, session_id, clock)
    live.update_info(date=OLD_DATE)
    acknowledge_all(live)
    live.start()
    kinds = [phase.kind for phase in live.session.phases]
    live.go_to_phase(kinds.index(PhaseKind.CASE_COLLECTION))
    people = live.session.present()
    taken = live.propose_case(people[0].id, "GEKOZEN-TITEL", 3, QuestionKind.RELATION)
    live.propose_case(people[1].id, "WACHTENDE-TITEL", 1, QuestionKind.PROBLEM)
    live.go_to_phase(kinds.index(PhaseKind.CASE_CHOICE))
    live.choose_case(taken.id, ChoiceMode.FACILITATOR)
    thirty_days.bank_round(live.session)
    live.end()

    purge(store, None, clock)

    assert b"GEKOZEN-TITEL" not in store_bytes(store)
    # Still waiting in the network's bank for a next case round: kept, there only.
    holding = [p.name for p in store.root.rglob("*.json") if b"WACHTENDE-TITEL" in p.read_bytes()]
    assert holding == [f"{thirty_days.id}.json"]
    proposals = LiveSession(store, session_id, clock).session.case_round.proposals.values()
    assert sorted(p.proposer for p in proposals) == sorted(p.id for p in people[:2])
    bank = LiveNetwork(store, thirty_days.id, clock).network.case_bank.values()
    assert {case.member for case in bank} == {people[0].member_id, people[1].member_id}

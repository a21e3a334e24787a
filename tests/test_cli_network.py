"""The network commands, run as a user would: create, roster, report, remove, delete."""

from __future__ import annotations

import stat
from pathlib import Path

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.live import NoteDraft
from sessie_tui.live_network import LiveNetwork
from sessie_tui.methods import MethodLibrary
from sessie_tui.storage.store import Store

from driving import cli
from network_helpers import MEMBERS, run_meeting, semicolon_csv_with_broken_lines


def a_roster(tmp_path: Path) -> Path:
    path = tmp_path / "leden.csv"
    path.write_bytes(semicolon_csv_with_broken_lines())
    return path


def test_a_network_is_created_and_listed(store: Store) -> None:
    made = cli(
        "--db", str(store.root), "network", "create", "Lerend netwerk Zorg", "--subject", "Zorg"
    )
    assert made.returncode == 0, made.stderr
    network_id = made.stdout.strip()
    assert store.network_exists(network_id)
    listed = cli("--db", str(store.root), "network", "list")
    assert listed.stdout.split("\t")[:3] == [network_id, "Lerend netwerk Zorg", "0"]


def test_a_roster_with_broken_lines_is_refused_until_asked_for_the_good_rows(
    store: Store, tmp_path: Path
) -> None:
    roster = a_roster(tmp_path)
    cli("--db", str(store.root), "network", "create", "Zorg")
    refused = cli("--db", str(store.root), "network", "roster", "zorg", str(roster))
    assert refused.returncode == 1
    for line in (6, 11, 18):
        assert f"Regel {line}:" in refused.stderr
    assert "Er is niets ingelezen" in refused.stderr
    (network_id,) = store.network_ids()
    assert LiveNetwork(store, network_id, FakeClock()).network.members == {}
    imported = cli(
        "--db", str(store.root), "network", "roster", "Zorg", str(roster), "--skip-bad-rows"
    )
    assert imported.returncode == 0, imported.stderr
    assert "14 leden ingelezen." in imported.stdout
    members = LiveNetwork(Store(store.root), network_id, FakeClock()).network.members
    assert [m.name for m in members.values()] == [name for name, _ in MEMBERS]


def test_the_network_report_for_both_audiences_is_private_to_the_user(
    store: Store,
    network: LiveNetwork,
    methods: MethodLibrary,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    network.add_member("An Peeters")
    network.add_member("Bart De Smet")
    live = run_meeting(network, methods, clock, "incidentmethode")
    an = next(p for p in live.session.participants.values() if p.name == "An Peeters")
    live.add_note(NoteDraft("An Peeters belt de ouders", NoteKind.ACTION, owner=an.id))
    live.record_evaluation(an.id, 4)
    live.end()
    for audience, name in (("participants", "leden.md"), ("absentees", "afwezigen.md")):
        target = tmp_path / name
        written = cli(
            "--db",
            str(store.root),
            "export",
            "--network",
            network.network.name,
            "--audience",
            audience,
            "-o",
            str(target),
        )
        assert written.returncode == 0, written.stderr
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    for_members = (tmp_path / "leden.md").read_text(encoding="utf-8")
    for_absentees = (tmp_path / "afwezigen.md").read_text(encoding="utf-8")
    assert "An Peeters belt de ouders" in for_members
    assert "Openstaande actiepunten" in for_absentees
    after_the_roster = for_absentees.split("## Bijeenkomsten")[1]
    assert "An Peeters" not in after_the_roster and "belt de ouders" in after_the_roster


def test_removing_a_member_needs_yes_and_then_erases_the_name(
    store: Store, network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    network.add_member("An Peeters")
    network.add_member("Bart De Smet")
    run_meeting(network, methods, clock, "incidentmethode").end()
    asked = cli("--db", str(store.root), "network", "remove-member", network.id, "an peeters")
    assert asked.returncode == 2
    assert "An Peeters" in asked.stdout and "1 bijeenkomsten" in asked.stdout
    assert b"An Peeters" in b"".join(p.read_bytes() for p in store.root.rglob("*.json"))
    removed = cli(
        "--db", str(store.root), "network", "remove-member", network.id, "An Peeters", "--yes"
    )
    assert removed.returncode == 0, removed.stderr
    for path in Path(store.root).rglob("*"):
        if path.is_file():
            assert b"Peeters" not in path.read_bytes(), path


def test_a_session_and_a_network_are_deleted_only_with_yes(
    store: Store, network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    network.add_member("An Peeters")
    first = run_meeting(network, methods, clock, "incidentmethode")
    first.end()
    second = run_meeting(network, methods, clock, "incidentmethode")
    asked = cli("--db", str(store.root), "delete", first.id)
    assert asked.returncode == 2 and store.session_exists(first.id)
    deleted = cli("--db", str(store.root), "delete", first.id, "--yes")
    assert deleted.returncode == 0, deleted.stderr
    assert not store.session_exists(first.id)
    asked = cli("--db", str(store.root), "network", "delete", network.id)
    assert asked.returncode == 2
    assert "1 bijeenkomsten" in asked.stdout and store.network_exists(network.id)
    gone = cli("--db", str(store.root), "network", "delete", network.id, "--yes")
    assert gone.returncode == 0, gone.stderr
    assert not store.network_exists(network.id) and not store.session_exists(second.id)
    leftovers = b"".join(p.read_bytes() for p in store.root.rglob("*") if p.is_file())
    assert b"An Peeters" not in leftovers


def test_an_unknown_network_is_named_in_one_line(store: Store) -> None:
    result = cli("--db", str(store.root), "export", "--network", "Nergens")
    assert result.returncode == 2
    assert "Nergens" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_damaged_network_file_is_named_and_the_others_still_work(
    store: Store, network: LiveNetwork
) -> None:
    broken = store.networks_dir / "kapot.json"
    broken.write_text('{"network": {"1": {"name": ', encoding="utf-8")
    listed = cli("--db", str(store.root), "network", "list")
    assert listed.returncode == 1
    assert listed.stdout.startswith(network.id)
    assert "kapot" in listed.stderr
    report = cli("--db", str(store.root), "export", "--network", network.id, "-o", "-")
    assert report.returncode == 0, report.stderr
    asked = cli("--db", str(store.root), "export", "--network", "kapot", "-o", "-")
    assert asked.returncode != 0 and "kapot" in asked.stderr

"""The case round: proposals, votes, the choice, the bank, the ledger and the reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sessie_tui.domain.audience import Audience
from sessie_tui.domain.case_bank import fair_ledger, offered
from sessie_tui.domain.case_round import ChoiceMode
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.participants import Attendance, Role
from sessie_tui.domain.session import RuleViolation
from sessie_tui.live import LiveSession
from sessie_tui.live_network import LiveNetwork
from sessie_tui.methods import MethodLibrary
from sessie_tui.report.absentees import absentees_report
from sessie_tui.report.network_report import network_report
from sessie_tui.report.verslag import participants_report
from sessie_tui.storage.store import Store

from driving import cli
from network_helpers import open_meeting

MEMBERS = ["Annelies", "Bart", "Charlotte", "Dries", "Els", "Filip", "Griet"]


def who(live: LiveSession, name: str) -> str:
    return next(p.id for p in live.session.participants.values() if p.name == name)


@pytest.fixture
def members(network: LiveNetwork) -> LiveNetwork:
    for name in MEMBERS:
        network.add_member(name)
    return network


def test_proposals_are_checked_and_only_made_where_cases_are_collected(
    members: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    live = open_meeting(members, methods, clock)
    bart = who(live, "Bart")
    for title, urgency, kind, key in (
        ("", 2, "problem", "case_round.title_required"),
        ("Twee\nregels", 2, "problem", "case_round.one_line"),
        ("Klacht", 4, "problem", "case_round.bad_urgency"),
        ("Klacht", 2, "gossip", "case_round.bad_kind"),
    ):
        with pytest.raises(RuleViolation) as refused:
            live.propose_case(bart, title, urgency, kind)
        assert refused.value.key == key
    live.update_participant(who(live, "Els"), attendance=Attendance.ABSENT)
    with pytest.raises(RuleViolation) as refused:
        live.propose_case(who(live, "Els"), "Klacht", 2, "problem")
    assert refused.value.key == "case_round.not_present"
    proposal = live.propose_case(bart, "Klacht", 2, "problem")
    with pytest.raises(RuleViolation) as refused:
        live.vote_case(bart, proposal.id)  # votes wait for the choosing phase
    assert refused.value.key == "case_round.not_choosing"
    live.go_to_phase(2)
    with pytest.raises(RuleViolation) as refused:
        live.propose_case(bart, "Nog een", 2, "problem")
    assert refused.value.key == "case_round.not_proposing"


def test_one_vote_each_moves_and_dots_are_counted(
    members: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    live = open_meeting(members, methods, clock)
    first = live.propose_case(who(live, "Bart"), "Klacht", 1, "problem")
    second = live.propose_case(who(live, "Dries"), "Planning", 3, "dilemma")
    live.go_to_phase(2)
    annelies = who(live, "Annelies")
    live.vote_case(annelies, first.id)
    live.vote_case(annelies, second.id)  # one vote each: it moves
    assert live.session.case_round.tally() == {first.id: 0, second.id: 1}
    live.set_case_dots(3)
    assert live.vote_case(annelies, first.id) == 1
    assert live.vote_case(annelies, first.id) == 0
    with pytest.raises(RuleViolation) as refused:
        live.vote_case(annelies, first.id)
    assert refused.value.key == "case_round.no_dots_left"
    assert live.vote_case(annelies, second.id, -1) == 1
    assert live.session.case_round.tally() == {first.id: 2, second.id: 0}
    assert [p.title for p in live.session.case_round.leaders(ChoiceMode.URGENCY)] == ["Planning"]


def test_the_choice_is_recorded_and_the_roles_move(
    members: LiveNetwork, methods: MethodLibrary, clock: FakeClock, store: Store
) -> None:
    live = open_meeting(members, methods, clock)
    live.set_role(who(live, "Griet"), Role.CASE_HOLDER)
    live.update_info(case_question="Wat doe ik?", share_case_question=True)
    proposal = live.propose_case(who(live, "Dries"), "Planning", 3, "dilemma")
    live.go_to_phase(2)
    clock.advance(90)
    live.choose_case(proposal.id, ChoiceMode.URGENCY)
    stored = LiveSession(Store(store.root), live.id, clock).session
    choice = stored.case_round.choice
    assert choice is not None and (choice.proposal, choice.mode) == (
        proposal.id,
        ChoiceMode.URGENCY,
    )
    assert choice.at == live.now()
    assert stored.case_holder.name == "Dries"
    assert stored.participants[who(live, "Griet")].role is Role.PARTICIPANT
    assert (stored.info.case_title, stored.info.case_kind) == ("Planning", "dilemma")
    # Griet's consent to share her question is not Dries's: withdrawn, the text kept.
    assert not stored.info.share_case_question
    assert stored.info.case_question == "Wat doe ik?"


def test_three_meetings_fill_and_empty_the_bank_and_the_ledger(
    members: LiveNetwork, methods: MethodLibrary, clock: FakeClock, store: Store
) -> None:
    """Five proposals and a dot vote; the two not taken come back; the ledger after three."""
    taken = []
    for round_number, (proposers, winner) in enumerate(
        (
            (["Annelies", "Bart", "Charlotte", "Dries", "Els"], "Bart"),
            ([], "Annelies"),
            (["Filip"], "Filip"),
        )
    ):
        live = open_meeting(members, methods, clock)
        for name in proposers:
            live.propose_case(who(live, name), f"Casus van {name}", 2, "problem")
        if round_number == 1:
            # The bank offers the four not taken; Annelies brings hers in again.
            offered_now = offered(members.network.case_bank, live.session)
            assert len(offered_now) == 4
            again = next(case for case in offered_now if case.title == "Casus van Annelies")
            live.propose_case(who(live, "Annelies"), again.title, 2, "problem", again.id)
        live.go_to_phase(2)
        chosen = next(
            p
            for p in live.session.case_round.open_proposals()
            if live.session.name_of(p.proposer) == winner
        )
        live.choose_case(chosen.id, ChoiceMode.FACILITATOR)
        members.bank_round(live.session)
        live.end()
        taken.append(live.id)
        clock.advance(3600)
    bank = members.network.case_bank
    waiting = sorted(case.title for case in bank.values() if case.open)
    assert waiting == ["Casus van Charlotte", "Casus van Dries", "Casus van Els"]
    rows = {
        row.name: (row.brought, row.taken, row.last_number)
        for row in fair_ledger(
            {m.id: m.name for m in members.network.members.values()},
            members.meetings(),
            bank,
        )
    }
    assert rows["Bart"] == (1, 1, 1)
    assert rows["Filip"] == (1, 1, 3)
    assert rows["Griet"] == (0, 0, None)
    report = network_report(members.network, members.meetings(), "nl", Audience.PARTICIPANTS)
    assert "Casussen die in de bank wachten: 3." in report
    for title in waiting:
        assert title not in report  # never a title of a case not taken
    assert "| Griet | 0 | 0 | nooit |" in report
    absent = network_report(members.network, members.meetings(), "nl", Audience.ABSENTEES)
    # For those absent the ledger is counts only: no name next to who brought what.
    ledger = absent.split("## Wie bracht een casus in")[1].split("##")[0]
    assert "3 leden brachten al een casus in die besproken werd; 4 nog nooit." in ledger
    assert not any(name in ledger for name in MEMBERS)
    assert "Casussen die in de bank wachten: 3." in ledger
    # The same ledger from the command line, one member a line.
    listed = cli("--db", str(store.root), "network", "ledger", members.id)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert "Filip\t1\t1\tbijeenkomst 3 (de laatste)" in lines
    assert "Bart\t1\t1\tbijeenkomst 1 (2 geleden)" in lines
    assert lines[-1].startswith("In de bank: 3 casussen")


def test_reports_show_the_round_to_participants_and_only_a_count_to_absentees(
    members: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    live = open_meeting(members, methods, clock)
    titles = ["GEHEIM-EEN", "GEHEIM-TWEE", "GEHEIM-DRIE"]
    proposals = [
        live.propose_case(who(live, name), title, 2, "relation")
        for name, title in zip(("Bart", "Dries", "Els"), titles, strict=True)
    ]
    live.go_to_phase(2)
    live.vote_case(who(live, "Annelies"), proposals[0].id)
    live.vote_case(who(live, "Filip"), proposals[1].id)
    live.choose_case(proposals[1].id, ChoiceMode.VOTE, (proposals[0].id, proposals[1].id))
    full = participants_report(live.session, clock, "nl")
    assert "## Inbrengronde" in full
    for title in titles:
        assert title in full
    assert "Gekozen: GEHEIM-TWEE van Dries, met stemmen (1 per persoon)" in full
    assert "Bij gelijkstand (GEHEIM-EEN, GEHEIM-TWEE) besliste de gespreksleider." in full
    absent = absentees_report(live.session, clock, "nl")
    assert "Er werden 3 casussen ingebracht" in absent
    for title in titles:
        assert title not in absent
    live.update_info(case_question="Hoe spreek ik de ouder aan?", share_case_question=True)
    assert "Hoe spreek ik de ouder aan?" in absentees_report(live.session, clock, "nl")


BANK_WRITER = """
import sys
from pathlib import Path
from sessie_tui.domain.clock import SystemClock
from sessie_tui.live import LiveSession
from sessie_tui.live_network import LiveNetwork
from sessie_tui.storage.store import Store
store = Store(Path(sys.argv[1]))
live = LiveSession(store, sys.argv[2], SystemClock())
network = LiveNetwork(store, sys.argv[3], SystemClock())
print(network.bank_round(live.session))
"""


def test_the_bank_is_written_by_another_process_atomically(
    members: LiveNetwork, methods: MethodLibrary, clock: FakeClock, store: Store, tmp_path: Path
) -> None:
    live = open_meeting(members, methods, clock)
    first = live.propose_case(who(live, "Bart"), "Klacht", 2, "problem")
    live.propose_case(who(live, "Dries"), "Planning", 2, "problem")
    live.go_to_phase(2)
    live.choose_case(first.id, ChoiceMode.FACILITATOR)
    script = tmp_path / "bank_writer.py"
    script.write_text(BANK_WRITER)
    done = subprocess.run(
        [sys.executable, str(script), str(store.root), live.id, members.id],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "2"
    # Read anew from disk in this process; a second run changes nothing.
    members.refresh()
    assert {c.title: c.status.value for c in members.network.case_bank.values()} == {
        "Klacht": "taken",
        "Planning": "open",
    }
    assert members.bank_round(live.session) == 0
    assert not list(store.root.rglob("*.tmp*"))


def test_a_meeting_in_preparation_counts_for_no_one_in_the_ledger(
    members: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    held = open_meeting(members, methods, clock)
    held.set_role(who(held, "Bart"), Role.CASE_HOLDER)
    held.end()
    planned_id = members.new_meeting(methods.get("incidentmethode"), "nl", "Europe/Brussels")
    planned = LiveSession(members.store, planned_id, clock)
    assert planned.session.case_holder is not None  # proposed by rotation, not yet held
    names = {m.id: m.name for m in members.network.members.values()}
    rows = {row.name: row for row in fair_ledger(names, members.meetings(), {})}
    assert rows["Bart"].taken == 1 and rows["Bart"].meetings_ago == 0
    assert rows[planned.session.case_holder.name].never

"""A learning network across its meetings, as the issue checks it, from a real CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.network import look_back_items, open_actions, previous_meeting
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Role
from sessie_tui.domain.roster import read_roster
from sessie_tui.domain.session import FollowUpStatus, RuleViolation
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.live_network import LiveNetwork, RosterRefused
from sessie_tui.methods import MethodLibrary
from sessie_tui.report import Audience
from sessie_tui.report.network_report import network_report
from sessie_tui.storage.store import Store

from network_helpers import MEMBERS, run_meeting, semicolon_csv_with_broken_lines


def test_a_roster_with_broken_lines_is_refused_whole_then_imported_on_request(
    network: LiveNetwork,
) -> None:
    result = read_roster(semicolon_csv_with_broken_lines())
    assert result.delimiter == ";" and result.encoding == "cp1252"
    assert [problem.line for problem in result.problems] == [6, 11, 18]
    with pytest.raises(RosterRefused) as refused:
        network.import_roster(result)
    assert "6, 11, 18" in refused.value.message("nl")
    assert network.network.members == {}  # nothing half-imported
    assert network.import_roster(result, skip_bad_rows=True) == 14
    assert [m.name for m in network.network.members.values()] == [name for name, _ in MEMBERS]
    assert network.network.size_warnings() == []


def test_a_sixteenth_member_brings_the_warning_never_a_stop(network: LiveNetwork) -> None:
    network.import_roster(read_roster(semicolon_csv_with_broken_lines()), skip_bad_rows=True)
    network.add_member("Olivia Peeters")
    assert network.network.size_warnings() == []
    network.add_member("Pieter-Jan Goossens")
    ((key, params),) = network.network.size_warnings()
    assert key == "network.warn.too_many" and params == {"count": 16, "max": 15}
    with pytest.raises(RuleViolation):
        network.add_member("pieter-jan  goossens")  # the same person, differently typed


def test_four_meetings_rotate_roles_and_carry_action_points(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    network.import_roster(read_roster(semicolon_csv_with_broken_lines()), skip_bad_rows=True)
    network.set_track(["12/10/2026", "23/11/2026", "18/01/2027", "15/03/2027"])
    held: list[dict[Role, str]] = []
    actions: dict[str, str] = {}
    for number, method_id in enumerate(
        [
            "startbijeenkomst",
            "incidentmethode",
            "incidentmethode-terugblik",
            "incidentmethode-terugblik",
        ],
        start=1,
    ):
        live = run_meeting(network, methods, clock, method_id)
        session = live.session
        assert (session.info.number, session.info.network_id) == (number, network.id)
        assert session.info.date == network.network.track[number - 1].date
        assert len(session.participants) == 14 and len(session.present()) == 14
        roles = {
            role: person.member_id
            for role in (Role.CASE_HOLDER, Role.FACILITATOR, Role.NOTE_TAKER)
            for person in session.people(role)
        }
        # The first meeting tells no case: nobody is proposed as its case holder.
        assert (Role.CASE_HOLDER in roles) == (number > 1)
        assert len(set(roles.values())) == len(roles)  # one person, one role
        held.append(roles)
        meetings = network.meetings()
        if number == 1:
            # The first meeting: introductions, then everyone's expectations.
            for person in session.present()[:3]:
                live.record_expectation(person.id, "Leren van collega's", "Rustiger overleg")
        else:
            current = next(m for m in meetings if m.id == session.id)
            items = look_back_items(meetings, current)
            assert previous_meeting(meetings, current) is not None or number == 2
            if number == 3:
                assert sorted(i.note.text for i in items) == ["Actie 2a", "Actie 2b"]
                by_text = {i.note.text: i for i in items}
                live.record_follow_up(
                    by_text["Actie 2a"].note,
                    by_text["Actie 2a"].session_id,
                    FollowUpStatus.DONE,
                    "gebeld",
                )
                live.record_follow_up(
                    by_text["Actie 2b"].note,
                    by_text["Actie 2b"].session_id,
                    FollowUpStatus.ONGOING,
                    "volgt nog",
                )
            if number == 4:
                # Done stays behind; ongoing carries forward until closed.
                assert [i.note.text for i in items] == ["Actie 2b"]
            if number == 2:
                for text in ("Actie 2a", "Actie 2b"):
                    note = live.add_note(
                        NoteDraft(text, NoteKind.ACTION, owner=roles[Role.CASE_HOLDER])
                    )
                    actions[text] = note.id
        for person in session.present()[:5]:
            live.record_evaluation(person.id, 3 + number % 3)
        live.end()
    # Roles rotate: nobody holds a rotating role twice while others never had it.
    case_holders = [meeting[Role.CASE_HOLDER] for meeting in held[1:]]
    assert len(set(case_holders)) == 3
    everyone = [member for meeting in held for member in meeting.values()]
    assert len(everyone) == len(set(everyone)) == 11
    meetings = network.meetings()
    assert [m.info.number for m in meetings] == [1, 2, 3, 4]
    assert [a.note.text for a in open_actions(meetings)] == ["Actie 2b"]


def test_the_network_report_for_both_audiences(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    network.import_roster(read_roster(semicolon_csv_with_broken_lines()), skip_bad_rows=True)
    first = run_meeting(network, methods, clock, "startbijeenkomst")
    annelies = next(p for p in first.session.present() if p.name == "Annelies Vermeulen")
    first.record_expectation(annelies.id, "Dat Dries Claes zijn aanpak deelt", "Beter luisteren")
    first.record_evaluation(annelies.id, 4, "fijn")
    first.end()
    network.record_final_answer(
        annelies.member_id or "",
        learned="Luisteren",
        will_use="De checklist",
        should_change="Minder",
    )
    meetings = network.meetings()
    members = network_report(network.network, meetings, "nl", Audience.PARTICIPANTS)
    absentees = network_report(network.network, meetings, "nl", Audience.ABSENTEES)
    assert "Annelies Vermeulen" in members and "Beter luisteren" in members
    assert "Dat Dries Claes zijn aanpak deelt" in members
    # For absentees: the member list stays; no name stands next to what someone said.
    lists_members = absentees.split("## Bijeenkomsten")[0]
    after_members = absentees.split("## Bijeenkomsten")[1]
    assert "Annelies Vermeulen" in lists_members
    assert "Annelies" not in after_members and "Dries" not in after_members
    assert "Beter luisteren" in after_members and "De checklist" in after_members


def test_removing_a_member_erases_their_name_from_every_file(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock, store: Store
) -> None:
    network.import_roster(read_roster(semicolon_csv_with_broken_lines()), skip_bad_rows=True)
    live = run_meeting(network, methods, clock, "incidentmethode")
    dries = next(p for p in live.session.participants.values() if p.name == "Dries Claes")
    live.go_to_phase(2)
    live.add_note(NoteDraft("Dries Claes vraagt door over de ouders", author=dries.id))
    live.add_note(NoteDraft("Wat deed je toen?", NoteKind.QUESTION, dries.id, dries.id))
    live.record_evaluation(dries.id, 5, "Dries was tevreden")
    live.end()
    network.record_final_answer(dries.member_id or "", learned="x", will_use="y", should_change="z")

    network.remove_member(dries.member_id or "", "nl")

    for path in Path(store.root).rglob("*"):
        if path.is_file():
            content = path.read_bytes().decode("utf-8", "replace")
            assert "Dries" not in content, path
            assert "Claes" not in content, path
    again = LiveSession(Store(store.root), live.id, clock)
    assert "[verwijderd lid]" in {p.name for p in again.session.participants.values()}
    assert len(again.session.participants) == 14  # the meeting keeps its shape
    assert len(network.network.members) == 13


def test_deleting_a_network_deletes_its_meetings(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock, store: Store
) -> None:
    network.add_member("An Peeters")
    live = run_meeting(network, methods, clock, "incidentmethode")
    removal = network.what_delete_removes()
    assert (removal.sessions, removal.members) == (1, 1)
    network.delete()
    assert not store.network_exists(network.id)
    assert not store.session_exists(live.id)
    assert [e.id for e in store.list_sessions()] == []


def test_a_changed_agreement_is_a_new_version_and_sessions_name_it(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    network.add_member("An Peeters")
    assert network.set_agreement(network.network.agreements[-1].text) is None
    assert network.set_agreement("Wat hier gezegd wordt, blijft hier. Echt.") == 2
    live = run_meeting(network, methods, clock, "incidentmethode")
    assert live.session.agreement.version == f"{network.id}-v2"
    assert {ack.version for ack in live.session.acknowledgements} == {f"{network.id}-v2"}


def test_only_action_points_get_a_status_and_expectations_need_their_round(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock
) -> None:
    network.add_member("An Peeters")
    network.add_member("Bart De Smet")
    first = run_meeting(network, methods, clock, "incidentmethode")
    remark = first.add_note(NoteDraft("Een gewone notitie"))
    action = first.add_note(NoteDraft("Een actiepunt", NoteKind.ACTION))
    someone = first.session.present()[0].id
    with pytest.raises(RuleViolation) as refused:
        first.record_expectation(someone, "Leren", "Luisteren")
    assert refused.value.key == "expectations.not_in_method"
    first.end()
    second = run_meeting(network, methods, clock, "incidentmethode-terugblik")
    with pytest.raises(RuleViolation) as refused:
        second.record_follow_up(remark, first.id, FollowUpStatus.DONE)
    assert refused.value.key == "look_back.not_an_action"
    own = second.add_note(NoteDraft("Nieuw actiepunt", NoteKind.ACTION))
    with pytest.raises(RuleViolation):
        second.record_follow_up(own, second.id, FollowUpStatus.DONE)  # not an earlier meeting
    second.record_follow_up(action, first.id, FollowUpStatus.DONE)
    assert [f.status for f in second.session.follow_ups] == [FollowUpStatus.DONE]

"""The absentees' report leaks nothing: markers in every field, searched for afterwards.

Every text field of a session gets a unique marker. The participants' report
must hold every marker that is live; the absentees' report must hold none of
the confidential ones (every note but the action points: questions and advice
retell the case), the question and the takeaway only with the case holder's
consent, and a name only in the attendance list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from sessie_tui.app import SessieApp
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.method import PhaseKind
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Attendance, Participant, Role
from sessie_tui.domain.session import Session, SessionInfo
from sessie_tui.live import LiveSession, NoteDraft, create_session
from sessie_tui.methods import MethodLibrary
from sessie_tui.report import Audience, build_report
from sessie_tui.screens.dialogs import Confirm, Prompt
from sessie_tui.storage.store import Store

from conftest import TIMEZONE, acknowledge_all
from driving import type_text


@dataclass
class Markers:
    allowed: set[str] = field(default_factory=set)
    """May reach the absentees."""
    secret: set[str] = field(default_factory=set)
    """Must never reach the absentees."""
    names: set[str] = field(default_factory=set)
    """Only in the attendance list."""
    count: int = 0

    def new(self, kind: str) -> str:
        self.count += 1
        return f"MARK{kind}{self.count:03d}X"


def build(
    store: Store, clock: FakeClock, methods: MethodLibrary, method_id: str, share: bool
) -> tuple[LiveSession, Markers]:
    marks = Markers()
    names = {
        role: marks.new("NAME")
        for role in (Role.FACILITATOR, Role.CASE_HOLDER, Role.NOTE_TAKER, Role.PARTICIPANT)
    }
    absent = marks.new("NAME")
    marks.names |= {*names.values(), absent}
    people = [
        Participant(f"p{index}", name, role) for index, (role, name) in enumerate(names.items())
    ] + [Participant("p9", absent, Role.PARTICIPANT, Attendance.ABSENT)]
    info = {name: marks.new(name.upper()) for name in ("network", "topic", "place")}
    marks.allowed |= set(info.values())
    secret_info = {"case_title": marks.new("CASETITLE")}
    marks.secret |= set(secret_info.values())
    question = marks.new("QUESTION")
    (marks.allowed if share else marks.secret).add(question)
    takeaway = marks.new("TAKEAWAY")
    (marks.allowed if share else marks.secret).add(takeaway)
    next_meeting = marks.new("NEXT")
    marks.allowed.add(next_meeting)
    session_id = f"20261123-{method_id[:6]}{int(share)}"
    create_session(
        store,
        method=methods.get(method_id),
        clock=clock,
        lang="nl",
        info=SessionInfo(
            date="2026-11-23",
            case_question=question,
            share_case_question=share,
            takeaway=takeaway,
            share_takeaway=share,
            next_meeting_date="2026-12-14",
            next_meeting_time="19:30",
            next_meeting_place=next_meeting,
            **info,
            **secret_info,
        ),
        participants=people,
        session_id=session_id,
        timezone=TIMEZONE,
    )
    live = LiveSession(store, session_id, clock)
    live.acknowledge("p0")
    reason = marks.new("REASON")
    marks.secret.add(reason)
    live.override_gate(reason)
    live.start()
    speaker = "p3"
    for index in range(len(live.session.phases)):
        live.go_to_phase(index)
        clock.advance(30)
        for kind in NoteKind:
            marker = marks.new(kind.value.upper())
            # Only an action point reaches the absentees, from whichever phase.
            (marks.allowed if kind is NoteKind.ACTION else marks.secret).add(marker)
            owner = "p1" if kind is NoteKind.ACTION else None
            live.add_note(
                NoteDraft(marker, kind, author="p2", speaker=speaker, owner=owner, due="2026-12-01")
            )
        edited = live.add_note(NoteDraft(marks.new("EDITEDAWAY"), author="p2"))
        marks.secret.add(edited.text)
        live.edit_note(edited.id, "later tekst")
        deleted = live.add_note(NoteDraft(marks.new("DELETED"), author="p2"))
        marks.secret.add(deleted.text)
        live.delete_note(deleted.id)
    for person in ("p0", "p1", "p2", "p3"):
        remark = marks.new("REMARK")
        marks.secret.add(remark)
        live.record_evaluation(person, 4, remark)
    live.end()
    return live, marks


def markers_in(text: str) -> set[str]:
    return set(re.findall(r"MARK[A-Z_]+\d{3}X", text.replace("\\", "")))


def attendance_section(report: str) -> str:
    start = report.index("## Aanwezigheid")
    return report[start : report.index("\n## ", start + 1)]


@pytest.mark.parametrize("share", [True, False], ids=["consent", "no-consent"])
@pytest.mark.parametrize("method_id", ["incidentmethode", "incidentmethode-terugblik", "balint"])
def test_nothing_confidential_reaches_the_absentees(
    store: Store, clock: FakeClock, methods: MethodLibrary, method_id: str, share: bool
) -> None:
    live, marks = build(store, clock, methods, method_id, share)
    for lang in ("nl", "en"):
        absentees = build_report(live.session, clock, lang, Audience.ABSENTEES)
        found = markers_in(absentees)
        assert found & marks.secret == set()
        assert marks.allowed - marks.names <= found  # and what may be shared is there
    absentees = build_report(live.session, clock, "nl", Audience.ABSENTEES)
    outside = absentees.replace(attendance_section(absentees), "")
    assert markers_in(outside) & marks.names == set(), "a name next to content"
    assert marks.names <= markers_in(attendance_section(absentees))
    assert ("Een casus uit de praktijk." in absentees) is not share
    assert "Tijdsverloop" not in absentees, "no timing table for absentees"


def test_the_participants_get_everything_that_is_live(
    store: Store, clock: FakeClock, methods: MethodLibrary
) -> None:
    live, marks = build(store, clock, methods, "incidentmethode", share=False)
    report = build_report(live.session, clock, "nl", Audience.PARTICIPANTS)
    found = markers_in(report)
    gone = {m for m in marks.secret if "EDITEDAWAY" in m or "DELETED" in m}
    assert (marks.allowed | marks.secret | marks.names) - gone <= found
    assert found & gone == set()


def test_questions_and_their_hints_stay_with_the_participants(
    store: Store, clock: FakeClock, methods: MethodLibrary
) -> None:
    live, _ = build(store, clock, methods, "incidentmethode", share=True)
    questions = next(
        i for i, p in enumerate(live.session.phases) if p.kind is PhaseKind.QUESTIONING
    )
    live.reopen()
    live.go_to_phase(questions)
    live.add_note(NoteDraft("Heb je al overwogen te bellen?", NoteKind.QUESTION, "p2"))
    participants = build_report(live.session, clock, "nl", Audience.PARTICIPANTS)
    absentees = build_report(live.session, clock, "nl", Audience.ABSENTEES)
    assert "verborgen advies" in participants
    assert "Heb je al overwogen te bellen?" in participants
    assert "verborgen advies" not in absentees and "⚑" not in absentees
    assert "overwogen" not in absentees


def advice_session(store: Store, clock: FakeClock, methods: MethodLibrary) -> LiveSession:
    create_session(
        store,
        method=methods.default,
        clock=clock,
        lang="nl",
        participants=[
            Participant("p1", "Dries Claes", Role.CASE_HOLDER),
            Participant("p2", "An Peeters"),
        ],
        session_id="20261123-advice",
        timezone=TIMEZONE,
    )
    live = LiveSession(store, "20261123-advice", clock)
    live.override_gate()
    live.start()
    return live


def test_advice_reaches_the_absentees_as_numbers_per_phase_only(
    store: Store, clock: FakeClock, methods: MethodLibrary
) -> None:
    live = advice_session(store, clock, methods)
    advice_round = next(i for i, p in enumerate(live.session.phases) if p.kind is PhaseKind.ADVICE)
    phases = [advice_round - 1, advice_round]  # the written round, then the advice round
    texts = ["Bel de vader zelf op", "Waarom weigert de klastitularis?", "Laat de CLB-medewerker"]
    notes = []
    for phase, text in zip([phases[0], phases[1], phases[1]], texts, strict=True):
        live.go_to_phase(phase)
        notes.append(live.add_note(NoteDraft(text, NoteKind.ADVICE, "p2", speaker="p2")))
    live.set_taken_along(notes[2].id, True)
    absentees = build_report(live.session, clock, "nl", Audience.ABSENTEES)
    assert not any(text in absentees for text in texts)
    assert "Er werden 3 adviezen gegeven. De inbrenger neemt er 1 van mee." in absentees
    first, second = (live.session.phases[i].title.get("nl") for i in phases[:2])
    assert f"**{first}:** 1 advies" in absentees.replace("\\", "")
    assert f"**{second}:** 2 adviezen" in absentees.replace("\\", "")
    english = build_report(live.session, clock, "en", Audience.ABSENTEES)
    assert "3 pieces of advice were given. The case holder takes 1 of them along." in english


def test_the_takeaway_needs_consent_for_the_text_it_was_given_for(
    store: Store, clock: FakeClock, methods: MethodLibrary
) -> None:
    live = advice_session(store, clock, methods)

    def absentees() -> str:
        return build_report(live.session, clock, "nl", Audience.ABSENTEES)

    live.record_takeaway("Eerst luisteren, dan plannen.")
    assert "Eerst luisteren" not in absentees()  # not asked yet: not shared
    clock.advance(60)
    live.record_takeaway_consent(True)
    assert live.session.info.share_takeaway_at == live.now()
    assert "**Wat de inbrenger meeneemt:** Eerst luisteren, dan plannen." in absentees()
    live.record_takeaway("Eerst luisteren, dan plannen.")  # the same text keeps its consent
    assert "Eerst luisteren" in absentees()
    live.record_takeaway("Dries belt morgen.")  # a new text is not what they agreed to
    assert not live.session.info.share_takeaway
    assert "belt morgen" not in absentees()
    live.record_takeaway_consent(False)
    assert "belt morgen" not in absentees()
    assert "Dries belt morgen." in build_report(live.session, clock, "nl", Audience.PARTICIPANTS)


async def test_the_case_holder_is_asked_after_the_takeaway_and_the_answer_is_kept(
    make_app: Callable[..., SessieApp],
    new_session: Callable[..., LiveSession],
    store: Store,
    clock: FakeClock,
) -> None:
    live = new_session()
    acknowledge_all(live)
    reflection = next(
        i for i, p in enumerate(live.session.phases) if p.kind is PhaseKind.REFLECTION
    )
    live.go_to_phase(reflection)
    app = make_app(open_session=live.id)

    def stored() -> Session:
        return LiveSession(Store(store.root), live.id, clock).session

    async with app.run_test(size=(80, 24)) as pilot:
        for text, answer in (("Eerst luisteren", "#yes"), ("Eerst bellen", "#no")):
            await pilot.press("k")
            await pilot.pause()
            assert isinstance(app.screen, Prompt)
            await pilot.press("ctrl+u")
            await type_text(pilot, text)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, Confirm)
            assert stored().info.takeaway == text  # saved before the question
            clock.advance(90)
            await pilot.click(answer)
            await pilot.pause()
            session = stored()
            assert session.info.share_takeaway is (answer == "#yes")
            assert session.info.share_takeaway_at == live.now()  # when they answered
            absentees = build_report(session, clock, "nl", Audience.ABSENTEES)
            assert (text in absentees) is (answer == "#yes")


def test_names_written_inside_notes_are_masked_for_absentees(
    store: Store, clock: FakeClock, methods: MethodLibrary
) -> None:
    create_session(
        store,
        method=methods.default,
        clock=clock,
        lang="nl",
        participants=[
            Participant("p1", "Dries Claes", Role.CASE_HOLDER),
            Participant("p2", "An Peeters"),
        ],
        session_id="20261123-names",
        timezone=TIMEZONE,
    )
    live = LiveSession(store, "20261123-names", clock)
    live.override_gate()
    live.go_to_phase(4)
    live.add_note(
        NoteDraft(
            "Dries Claes twijfelt; Dries wil eerst bellen. An knikt. Andries ook.",
            NoteKind.ACTION,
        )
    )
    report = build_report(live.session, clock, "nl", Audience.ABSENTEES)
    line = next(line for line in report.splitlines() if "twijfelt" in line)
    assert "Dries" not in line.replace("Andries", "")
    assert "Andries" in line  # a whole word only
    assert "An knikt" in line  # first names under three letters are left alone


def test_the_participants_read_whether_and_when_the_takeaway_may_be_shared(
    store: Store, clock: FakeClock, methods: MethodLibrary
) -> None:
    live = advice_session(store, clock, methods)
    live.record_takeaway("Eerst luisteren.")
    report = build_report(live.session, clock, "en", Audience.PARTICIPANTS)
    assert "Eerst luisteren.\n\nNot for those who were absent." in report
    clock.advance(11 * 3600 + 15 * 60)
    live.record_takeaway_consent(True)
    report = build_report(live.session, clock, "nl", Audience.PARTICIPANTS)
    assert "De inbrenger ging om 20:15 akkoord dat wie afwezig was dit mag lezen." in report

"""The participants' report: what it holds, and that it is clean markdown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from markdown_it import MarkdownIt
from pymarkdown.api import PyMarkdownApi

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Attendance, Role
from sessie_tui.domain.session import Session
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.report.verslag import participants_report
from sessie_tui.sample import sample_archives
from sessie_tui.storage.archive import read_archive

from conftest import acknowledge_all

NewSession = Callable[..., LiveSession]


def lint(markdown: str) -> list[str]:
    result = PyMarkdownApi().disable_rule_by_identifier("md013").scan_string(markdown)
    return [f"{f.line_number}: {f.rule_id} {f.rule_description}" for f in result.scan_failures]


def headings(markdown: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [
        (token.tag, tokens[index + 1].content)
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


@pytest.fixture(scope="module")
def finished_sample() -> Session:
    (path,) = [p for p in sample_archives() if "20261012" in p.name]
    session, _ = read_archive(path)
    return session


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_sample_report_is_clean_markdown(finished_sample: Session, lang: str) -> None:
    report = participants_report(finished_sample, FakeClock(), lang)
    assert lint(report) == []
    assert report.endswith("\n") and not report.endswith("\n\n")


def test_the_report_holds_the_meeting(finished_sample: Session) -> None:
    report = participants_report(finished_sample, FakeClock(), "nl")
    info = finished_sample.info
    for expected in (info.network, info.topic, "maandag 12 oktober 2026", info.place):
        assert expected in report.replace("\\", "")
    assert "Aanwezig:" in report and "Afwezig:" in report and "Verontschuldigd:" in report
    for person in finished_sample.present():
        assert person.name in report.replace("\\", "")
    # One section per phase, in order, each with its planned minutes.
    phase_headings = [text for tag, text in headings(report) if tag == "h3"]
    assert len(phase_headings) == len(finished_sample.phases)
    for number, (text, phase) in enumerate(
        zip(phase_headings, finished_sample.phases, strict=True), start=1
    ):
        assert text.startswith(f"Fase {number} · ")
        assert f"({phase.minutes:g} min)" in text
    # Planned versus actual per phase, as the clock measured it.
    actual = finished_sample.actual_seconds(FakeClock())
    assert f"| 1 | Bezinning op een incident | 5 min | {int(actual[0]) // 60}:" in report


def test_every_live_note_is_in_the_report_and_deleted_ones_are_not(
    new_session: NewSession, clock: FakeClock
) -> None:
    live = new_session()
    acknowledge_all(live)
    kept = live.add_note(NoteDraft("Dit blijft staan"))
    gone = live.add_note(NoteDraft("Dit werd gewist"))
    live.delete_note(gone.id)
    live.add_note(NoteDraft("Wat deed je toen?", NoteKind.QUESTION, "p-sofie", "p-dries"))
    report = participants_report(live.session, clock, "nl")
    assert kept.text in report
    assert gone.text not in report
    assert "vraag van Dries Maes · genoteerd door Sofie Claes:** Wat deed je toen?" in report


def test_who_said_it_and_who_wrote_it_are_two_things_in_the_report(
    new_session: NewSession, clock: FakeClock
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(2)
    live.add_note(NoteDraft("Wie belde eerst?", NoteKind.QUESTION, "p-sofie", "p-an"))
    live.add_note(NoteDraft("Loopt nog", NoteKind.CONFIDENTIAL, "p-sofie"))
    live.add_note(NoteDraft("Zo is het", NoteKind.QUOTE, "p-bart", "p-dries"))
    dutch = participants_report(live.session, clock, "nl")
    assert "vraag van An Peeters · genoteerd door Sofie Claes:** Wie belde eerst?" in dutch
    # Written by Sofie, said by no one in particular: never "vertrouwelijk · Sofie Claes".
    assert "0:00 · vertrouwelijk · genoteerd door Sofie Claes:** Loopt nog" in dutch
    assert "citaat van Dries Maes · genoteerd door Bart De Smet:** Zo is het" in dutch
    english = participants_report(live.session, clock, "en")
    assert "question from An Peeters · noted by Sofie Claes:** Wie belde eerst?" in english
    assert "confidential · noted by Sofie Claes:** Loopt nog" in english


def test_acknowledgements_and_an_override_are_in_the_report(
    new_session: NewSession, clock: FakeClock
) -> None:
    live = new_session()
    clock.advance(60)
    live.acknowledge("p-an")
    live.override_gate("trein vertraagd")
    report = participants_report(live.session, clock, "nl")
    assert "**An Peeters:** bevestigd om 09:01" in report
    assert "**Bart De Smet:** niet bevestigd" in report
    assert "zonder bevestiging van Bart De Smet, Sofie Claes" in report
    assert "trein vertraagd" in report


def test_user_text_cannot_change_the_structure(new_session: NewSession, clock: FakeClock) -> None:
    plain = participants_report(new_session(session_id="20261123-plain").session, clock, "nl")
    hostile = new_session(
        session_id="20261123-hostile",
        network="# Kop",
        topic="---",
        place="| tabel |",
    )
    hostile.add_note(NoteDraft("## kop\n> citaat\n1. lijst\n<script>alert(1)</script>"))
    report = participants_report(hostile.session, clock, "nl")
    assert headings(report) == headings(plain)
    assert lint(report) == []
    html = MarkdownIt("commonmark").render(report)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("nl", "Els Janssens; reden: trein vertraagd"),
        ("en", "Els Janssens; reason: trein vertraagd"),
    ],
)
def test_the_override_reason_is_set_apart_from_the_names(
    new_session: NewSession, clock: FakeClock, lang: str, line: str
) -> None:
    live = new_session()
    live.acknowledge("p-an")
    live.override_gate("trein vertraagd")
    assert line in participants_report(live.session, clock, lang)


def test_an_absent_observer_holds_no_role(new_session: NewSession, clock: FakeClock) -> None:
    live = new_session()
    live.add_participant("Olga Observant", Role.OBSERVER, Attendance.ABSENT)
    live.add_participant("Tom Tijd", Role.TIMEKEEPER)
    report = participants_report(live.session, clock, "en")
    roles = report[report.index("## Roles") : report.index("## Confidentiality")]
    assert "- **Timekeeper:** Tom Tijd" in roles
    assert "Olga" not in roles and "Observer" not in roles
    assert "- **Absent:** Filip Wouters, Olga Observant" in report  # still on the list


def test_clock_times_past_midnight_carry_their_own_date(
    new_session: NewSession, clock: FakeClock
) -> None:
    live = new_session()  # dated Monday 23 November 2026; the clock stands at 09:00 there
    acknowledge_all(live)
    clock.advance(14 * 3600 + 30 * 60)
    live.start()
    live.toggle_clock()  # 23:30
    clock.advance(60 * 60)
    live.end()  # 00:30 the next day
    report = participants_report(live.session, clock, "en")
    assert "- **Date:** Monday 23 November 2026" in report
    assert "- **Time:** 23:30 – Tuesday 24 November 2026, 00:30" in report


def test_a_meeting_held_on_another_day_than_its_date_says_when(
    new_session: NewSession, clock: FakeClock
) -> None:
    # Prepared for Friday the 20th, held on Monday the 23rd: 21:50 to 23:40 UTC is
    # 22:50 to 00:40 in Brussels, so the end falls on the 24th there.
    live = new_session(date="2026-11-20")
    acknowledge_all(live)
    clock.advance(13 * 3600 + 50 * 60)
    live.start()
    live.toggle_clock()
    clock.advance(110 * 60)
    live.end()
    report = participants_report(live.session, clock, "nl")
    assert "- **Datum:** vrijdag 20 november 2026" in report
    assert "- **Tijd:** maandag 23 november 2026, 22:50 – dinsdag 24 november 2026, 00:40" in report
    assert "bevestigd om maandag 23 november 2026, 09:00" in report

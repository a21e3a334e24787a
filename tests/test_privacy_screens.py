"""The privacy guard as the facilitator meets it: flags beside the notes, never blocking,
and pseudonymising from the report screen, after which the originals are gone from the
session's file and neither report shows a flag."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable

from sessie_tui.app import SessieApp, create_app
from sessie_tui.config import Config
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.privacy import Label
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.pseudonymise import PSEUDONYMISED_EVENT, flagged_details
from sessie_tui.report import Audience, build_report
from sessie_tui.room.state import CARDS_TABLE
from sessie_tui.screens.case_form import CaseForm
from sessie_tui.screens.dialogs import Confirm
from sessie_tui.screens.end import EndScreen
from sessie_tui.screens.notes import NotesScreen
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.screens.privacy import PseudonymiseDialog
from sessie_tui.screens.report import ReportScreen
from sessie_tui.storage.store import Store
from sessie_tui.widgets.plain import Static

from conftest import acknowledge_all
from driving import type_text

EMAIL = "mama.yasmine@telenet.be"
PHONE = "0470 12 34 56"
NATIONAL = "85.07.30-033.28"
PUPIL = "Tim"
NOTES = (
    f"Mail de mama op {EMAIL} voor vrijdag",
    f"Haar gsm is {PHONE} zegt ze",
    f"Rijksregisternummer {NATIONAL} stond op het blad",
    f"Leerling {PUPIL} kwam opnieuw te laat",
)
ORIGINALS = (EMAIL, PHONE, NATIONAL, "Leerling Tim", " Tim ")


def test_the_national_number_of_the_test_is_valid() -> None:
    digits = "".join(char for char in NATIONAL if char.isdigit())
    assert int(digits[9:]) == 97 - int(digits[:9]) % 97


def flag_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "⚑ privacy" in line]


async def test_flags_beside_the_notes_then_pseudonymised_from_the_report(
    make_app: Callable[..., SessieApp],
    new_session: Callable[..., LiveSession],
    store: Store,
    tmp_path: Path,
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(1)
    app = make_app(open_session=live.id, report_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        await pilot.press("n")  # the field keeps the focus from note to note
        for note in NOTES:
            await type_text(pilot, note)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("escape", "l")
        await pilot.pause()
        # Every note was saved as typed (never blocked), and each has its flag beside it.
        live.refresh()
        assert [n.text for n in live.session.live_notes()] == list(NOTES)
        shown = str(app.screen.query_one("#notes-list").render())
        flags = flag_lines(shown)
        assert len(flags) == 4
        assert "e-mailadres" in flags[0] and "[e-mail]" in flags[0]
        assert "telefoonnummer" in flags[1] and "[telefoonnummer]" in flags[1]
        assert "rijksregisternummer" in flags[2] and "[rijksregisternummer]" in flags[2]
        assert "naam Leerling Tim → de leerling" in flags[3]

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        await pilot.press("v")
        await pilot.pause()
        report = app.screen
        assert isinstance(report, ReportScreen)
        summary = str(report.query_one("#report-privacy").render())
        assert "4 gegevens" in summary and "p: pseudonimiseren" in summary
        # The report itself holds no flag and no list of hits.
        assert "⚑" not in report._text and "privacy" not in report._text

        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PseudonymiseDialog)
        assert dialog.query_one("#privacy-details", DataTable).row_count == 4
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("left", "enter")
        await pilot.pause()
        assert app.screen is report
        await pilot.pause()
        assert "geen gegevens" in str(report.query_one("#report-privacy").render())
        assert "Mail de mama op" in report._text and EMAIL not in report._text

    stored = store.session_path(live.id).read_bytes().decode("utf-8")
    for original in ORIGINALS:
        assert original not in stored
    for label in ("[e-mail]", "[telefoonnummer]", "[rijksregisternummer]", "De leerling kwam"):
        assert label in stored
    live.refresh()
    texts = [n.text for n in live.session.live_notes()]
    assert texts[0] == "Mail de mama op [e-mail] voor vrijdag"
    assert texts[3] == "De leerling kwam opnieuw te laat"
    (event,) = [
        e
        for e in store.read_session(live.id)["events"].values()
        if e["type"] == PSEUDONYMISED_EVENT
    ]
    assert event["count"] == 4 and set(event) == {"type", "at", "count"}
    for audience in Audience:
        text = build_report(live.session, app.context.clock, "nl", audience)
        assert "⚑" not in text and "privacy" not in text.lower()
        assert not any(original in text for original in ORIGINALS)


async def test_a_detail_kept_stays_and_its_history_is_replaced_too(
    make_app: Callable[..., SessieApp],
    new_session: Callable[..., LiveSession],
    store: Store,
    tmp_path: Path,
) -> None:
    live = new_session(
        case_title=f"Het verhaal van {PUPIL}", case_question=f"Wat doe ik als {PUPIL} zwijgt?"
    )
    acknowledge_all(live)
    live.go_to_phase(1)
    note = live.add_note(NoteDraft(f"Bel {PHONE}", NoteKind.NOTE, "p-sofie"))
    live.edit_note(note.id, f"Bel de mama ({EMAIL})")  # the phone number is in its history
    live.end()
    app = make_app(open_session=live.id, report_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PseudonymiseDialog)
        assert [d.text for d in dialog.details] == [PUPIL, EMAIL, PHONE]
        assert dialog.details[0].label is Label.PERSON  # no role anywhere
        await pilot.press("down", "space")  # keep the e-mail address
        await pilot.pause()
        assert dialog.kept == {EMAIL}
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("left", "enter")
        await pilot.pause()
    stored = store.session_path(live.id).read_text(encoding="utf-8")
    assert EMAIL in stored
    assert PHONE not in stored and f" {PUPIL}" not in stored
    live.refresh()
    assert live.session.info.case_title == "Het verhaal van de betrokkene"
    assert live.session.info.case_question == "Wat doe ik als de betrokkene zwijgt?"


async def test_the_note_takers_own_notes_carry_the_flag(
    new_session: Callable[..., LiveSession], store: Store, clock: object
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(1)
    app = create_app(
        store=Store(store.root), config=Config(), clock=clock, notes=True, author="Sofie Claes"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        await type_text(pilot, f"Bel {PHONE} na school")
        await pilot.press("enter")
        await pilot.pause()
        table = app.screen.query_one("#mine", DataTable)
        (row,) = [table.get_row_at(i) for i in range(table.row_count)]
        assert "⚑ privacy: telefoonnummer 0470 12 34 56 → [telefoonnummer]" in str(row[-1])


async def test_the_case_form_flags_its_title_and_question_as_they_are_typed(
    make_app: Callable[..., SessieApp],
    new_session: Callable[..., LiveSession],
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(1)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CaseForm)
        line = form.query_one("#case-privacy", Static)
        assert not line.display  # nothing flagged yet
        await type_text(pilot, "Een vader die het MDO verlaat")
        await pilot.press("tab")
        await type_text(pilot, f"Hoe help ik leerling {PUPIL}?")
        await pilot.pause()
        assert line.display
        assert "naam leerling Tim → de leerling" in str(line.render())
        await pilot.press("escape")
        await pilot.pause()
    live.refresh()
    # Saved as typed: the flag never stops a field from being saved.
    assert live.session.info.case_question == f"Hoe help ik leerling {PUPIL}?"


def test_a_name_alone_takes_the_role_it_has_elsewhere(
    new_session: Callable[..., LiveSession],
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.add_note(NoteDraft("Leerling Tim kwam te laat.", author="p-sofie"))
    live.add_note(NoteDraft("Daarna huilde Tim.", author="p-sofie"))
    labels = {d.text: d.label for d in flagged_details(live.session)}
    assert labels == {"Leerling Tim": Label.PUPIL, "Tim": Label.PUPIL}


def test_the_rooms_cards_are_pseudonymised_too(
    new_session: Callable[..., LiveSession], store: Store
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.add_note(NoteDraft(f"Bel {PHONE}", author="p-sofie"))
    with store.room_transaction(live.id) as db:  # a card written on a phone, still sealed
        db.insert(CARDS_TABLE, {"id": "c1", "phase": 0, "participant": "p-els", "text": PHONE})
    assert live.pseudonymise({PHONE: "[telefoonnummer]"}) == 1
    cards = store.read_room(live.id)[CARDS_TABLE]
    assert [card["text"] for card in cards.values()] == ["[telefoonnummer]"]
    assert PHONE not in store.session_path(live.id).read_text(encoding="utf-8")

"""Who said a note and who wrote it: shown for every kind, never carried over, never one name."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, OptionList

from sessie_tui.app import SessieApp, create_app
from sessie_tui.config import Config
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.screens.dialogs import Choose
from sessie_tui.screens.notes import NotesScreen
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.storage.store import Store

from conftest import acknowledge_all
from driving import notifications, type_text

MakeApp = Callable[..., SessieApp]
NewSession = Callable[..., LiveSession]
FIRST, QUESTIONS = 0, 2
PRESENT = ["An Peeters", "Bart De Smet", "Sofie Claes", "Dries Maes", "Els Janssens"]


def at_phase(new_session: NewSession, phase: int) -> LiveSession:
    live = new_session()
    acknowledge_all(live)
    live.start()
    live.go_to_phase(phase)
    return live


def stored(store: Store, live: LiveSession) -> LiveSession:
    return LiveSession(Store(store.root), live.id, live.clock)


def composer_line(app: SessieApp) -> str:
    return str(app.screen.query_one("#note-kind").render())


async def test_the_composer_says_who_for_every_kind_at_80x24(
    make_app: MakeApp, new_session: NewSession
) -> None:
    live = at_phase(new_session, FIRST)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        seen = []
        for _ in range(5):  # note, decision, action point, quote, confidential
            line = composer_line(app)
            seen.append(line.split(" van ")[0])
            assert "van niemand in het bijzonder" in line
            assert "genoteerd door Sofie Claes" in line  # the note-taker writes here
            # Whole, on the screen the room reads: not cut off at 80 columns.
            assert app.screen.query_one("#note-kind").region.width <= 80
            await pilot.press("ctrl+t")
            await pilot.pause()
        assert seen == ["notitie", "beslissing", "actiepunt", "citaat", "vertrouwelijk"]


async def test_a_speaker_chosen_for_a_question_does_not_stick_to_the_next_kind(
    make_app: MakeApp, new_session: NewSession, store: Store
) -> None:
    live = at_phase(new_session, QUESTIONS)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert "vraag van An Peeters" in composer_line(app)  # whoever has the turn
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        # Whoever has the turn, no one in particular, An, Bart, Sofie, Dries.
        await pilot.press("home", *["down"] * 5, "enter")
        await pilot.pause()
        assert "vraag van Dries Maes · genoteerd door Sofie Claes" in composer_line(app)
        await type_text(pilot, "Wat zei de leerkracht?")
        await pilot.press("enter")
        await pilot.press(*["ctrl+t"] * 5)  # question → note → ... → confidential
        await pilot.pause()
        line = composer_line(app)
        assert line.startswith("vertrouwelijk van niemand in het bijzonder")
        assert "Dries" not in line
        await type_text(pilot, "Loopt nog bij de jeugdrechter")
        await pilot.press("enter")
        await pilot.pause()
    question, confidential = list(stored(store, live).session.live_notes(QUESTIONS))
    assert (question.kind, question.speaker) == (NoteKind.QUESTION, "p-dries")
    assert (confidential.kind, confidential.speaker) == (NoteKind.CONFIDENTIAL, None)
    assert confidential.author == "p-sofie"


async def test_a_note_kept_for_someone_on_purpose_says_so(
    make_app: MakeApp, new_session: NewSession, store: Store
) -> None:
    """Choosing the speaker after the kind keeps them for the notes of that kind."""
    live = at_phase(new_session, FIRST)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "ctrl+t", "ctrl+t", "ctrl+t")  # a quote
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("home", "down", "enter")  # no one in particular, then An
        await pilot.pause()
        assert "citaat van An Peeters · genoteerd door Sofie Claes" in composer_line(app)
        for text in ("Eerst luisteren", "Dan pas spreken"):
            await type_text(pilot, text)
            await pilot.press("enter")
        await pilot.pause()
    notes = list(stored(store, live).session.live_notes(FIRST))
    assert [(n.kind, n.speaker) for n in notes] == [(NoteKind.QUOTE, "p-an")] * 2


async def test_the_speaker_picker_stops_at_its_ends(
    make_app: MakeApp, new_session: NewSession
) -> None:
    live = at_phase(new_session, QUESTIONS)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "ctrl+o")
        await pilot.pause()
        choices = app.screen.query_one("#choices", OptionList)
        last = choices.option_count - 1
        await pilot.press("end", "down", "down")
        assert choices.highlighted == last  # not round to the top
        await pilot.press("home", "up")
        assert choices.highlighted == 0  # not round to the bottom
        await pilot.press(*["down"] * (last + 3))
        assert choices.highlighted == last
        await pilot.press("enter")
        await pilot.pause()
        assert "vraag van Els Janssens" in composer_line(app)


async def test_cycling_the_writer_says_when_it_starts_again_at_the_top(
    make_app: MakeApp, new_session: NewSession
) -> None:
    live = at_phase(new_session, FIRST)
    app = make_app(open_session=live.id)
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        writers = []
        for _ in range(len(PRESENT)):
            await pilot.press("w")
            await pilot.pause()
            writers.append(composer_line(app).split("genoteerd door ")[1])
        # Sofie wrote; then Dries, Els, and round to An: that is said.
        assert writers[:3] == ["Dries Maes", "Els Janssens", "An Peeters"]
        assert [m for m in shown if "bovenaan" in m] == [
            "✎ Weer bovenaan de lijst: An Peeters schrijft nu."
        ]


async def test_the_notes_panel_shows_speaker_and_writer_apart(
    make_app: MakeApp, new_session: NewSession
) -> None:
    live = at_phase(new_session, QUESTIONS)
    live.add_note(NoteDraft("Wie belde eerst?", NoteKind.QUESTION, "p-sofie", "p-an"))
    live.add_note(NoteDraft("Dossier loopt", NoteKind.NOTE, "p-dries"))
    app = make_app(open_session=live.id, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        panel = str(app.screen.query_one("#notes-list").render())
        assert "question from An Peeters · noted by Sofie Claes: Wie belde eerst?" in panel
        assert "note · noted by Dries Maes: Dossier loopt" in panel


async def test_the_note_takers_list_says_from_whom_under_the_writers_name(
    new_session: NewSession, store: Store, clock: FakeClock
) -> None:
    live = at_phase(new_session, QUESTIONS)
    live.add_note(NoteDraft("Wie belde eerst?", NoteKind.QUESTION, "p-sofie", "p-an"))
    live.add_note(NoteDraft("Dossier loopt", NoteKind.NOTE, "p-sofie"))
    app = create_app(
        store=Store(store.root), config=Config(), clock=clock, notes=True, author="Sofie Claes"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        heading = str(screen.query_one("#mine-heading").render())
        assert heading == "Genoteerd door jou (Sofie Claes): 2"
        table = screen.query_one("#mine", DataTable)
        said = [str(table.get_row_at(row)[2]) for row in range(table.row_count)]
        assert said == ["vraag van An Peeters", "notitie"]
        assert "genoteerd door Sofie Claes" in composer_line(app)


async def test_an_action_point_from_the_composer_keeps_who_it_said(
    make_app: MakeApp, new_session: NewSession, store: Store
) -> None:
    live = at_phase(new_session, FIRST)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "ctrl+t", "ctrl+t", "ctrl+o")  # an action point, from ...
        await pilot.pause()
        await pilot.press("home", "down", "enter")  # ... An
        await pilot.pause()
        assert "actiepunt van An Peeters · genoteerd door Sofie Claes" in composer_line(app)
        await type_text(pilot, "Ouders bellen")
        await pilot.press("enter")  # owner and date are asked
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    (action,) = list(stored(store, live).session.live_notes(FIRST))
    assert (action.kind, action.speaker, action.author) == (NoteKind.ACTION, "p-an", "p-sofie")
    assert action.owner == "p-bart"  # the case holder, proposed; apart from who said it

"""The case in the app: entered with the keyboard alone, read back from both reports."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from sessie_tui.app import SessieApp
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.dates import clock_time, parse_clock_time
from sessie_tui.domain.participants import Role
from sessie_tui.domain.session import RuleViolation, Session
from sessie_tui.live import LiveSession
from sessie_tui.screens.case_form import CaseForm
from sessie_tui.screens.home import HomeScreen
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.screens.report import ReportScreen
from sessie_tui.screens.setup import SetupScreen
from sessie_tui.storage.store import Store

from driving import notifications, type_text

MakeApp = Callable[..., SessieApp]
NewSession = Callable[..., LiveSession]
SIZES = [(80, 24), (160, 45)]


def stored(store: Store) -> Session:
    (entry,) = Store(store.root).list_sessions()
    return Session.from_tables(Store(store.root).read_session(entry.id))


async def choose_role(pilot: Pilot[None], role: Role) -> None:
    await pilot.press("r")
    await pilot.pause()
    await pilot.press("home", *["down"] * list(Role).index(role), "enter")
    await pilot.pause()


async def export(pilot: Pilot[None], app: SessieApp) -> str:
    path = Path(app.screen.query_one("#report-path", Input).value)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("left", "enter")  # what leaves the computer: accepted
    await pilot.pause()
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
async def test_the_case_entered_with_the_keyboard_reaches_both_reports(
    make_app: MakeApp, store: Store, clock: FakeClock, tmp_path: Path, size: tuple[int, int]
) -> None:
    assert not store.list_sessions()  # an empty store: no sample data
    app = make_app(report_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # the default method
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await type_text(pilot, "LN Zorg")
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab")  # to the new participant
        for name in ("An Peeters", "Bart Claes", "Sofie Maes"):
            await type_text(pilot, name)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("shift+tab", "up")  # Bart, on the list
        await choose_role(pilot, Role.CASE_HOLDER)

        # The case: its key is in the footer, F1 and the palette alike.
        await pilot.press("ctrl+g")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CaseForm)
        await type_text(pilot, "Een vader die het MDO verlaat")
        await pilot.press("tab")
        await type_text(pilot, "Hoe herstel ik het vertrouwen?")
        await pilot.press("enter")  # a second line
        await type_text(pilot, "Samen met het CLB.")
        await pilot.press("tab")
        sharing = str(form.query_one("#share-answered", Static).render())
        assert "nee" in sharing
        await pilot.press("space")  # Bart agrees
        await pilot.pause()
        sharing = str(form.query_one("#share-answered", Static).render())
        assert "ja" in sharing and "antwoord om" in sharing
        await pilot.press("tab")
        await type_text(pilot, "14/09/2027")
        await pilot.press("tab")
        await type_text(pilot, "19u30")
        await pilot.press("tab")
        await type_text(pilot, "CLB Gent")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)

        info = stored(store).info
        assert info.case_title == "Een vader die het MDO verlaat"
        assert info.case_question == "Hoe herstel ik het vertrouwen?\nSamen met het CLB."
        assert info.share_case_question is True
        assert info.share_case_question_at
        assert (info.next_meeting_date, info.next_meeting_time, info.next_meeting_place) == (
            "2027-09-14",
            "19:30",
            "CLB Gent",
        )

        # Both reports, exported from the home screen.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        participants = await export(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        absentees = await export(pilot, app)

    agreed = clock_time(info.share_case_question_at, stored(store).timezone)
    assert "**Casus:** Een vader die het MDO verlaat" in participants
    assert re.search(r"Hoe herstel ik het vertrouwen\?\\?\s+Samen met het CLB\.", participants)
    assert f"ja (antwoord van de inbrenger om {agreed})" in participants
    next_meeting = "## Volgende bijeenkomst\n\ndinsdag 14 september 2027, 19u30, CLB Gent\n"
    assert next_meeting in participants

    assert "Een vader die het MDO verlaat" not in absentees  # the title tells the story
    assert re.search(r"Hoe herstel ik het vertrouwen\?\\?\s+Samen met het CLB\.", absentees)
    assert "Een casus uit de praktijk." not in absentees
    assert next_meeting in absentees


async def test_the_phase_screen_opens_the_same_form_while_the_case_is_told(
    make_app: MakeApp, new_session: NewSession, clock: FakeClock
) -> None:
    from conftest import acknowledge_all

    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(1)  # the case is told
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        from sessie_tui.palette import available_commands

        assert "case" in {c.id for c in available_commands(app.screen)}  # F1, the palette
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, CaseForm)
        await type_text(pilot, "Sharper")
        await pilot.press("tab")
        await type_text(pilot, "What do I say first?")
        await pilot.press("tab", "enter")  # Enter answers too
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        assert app.screen.phase_index == 1
    info = LiveSession(Store(live.store.root), live.id, clock).session.info
    assert (info.case_title, info.case_question) == ("Sharper", "What do I say first?")
    assert info.share_case_question


async def test_a_date_or_time_that_is_none_is_named_and_not_saved(
    make_app: MakeApp, new_session: NewSession, clock: FakeClock
) -> None:
    live = new_session()
    app = make_app(open_session=live.id)
    shown = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("ctrl+g")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CaseForm)
        form.query_one("#field-next_meeting_date").focus()
        await type_text(pilot, "31/02/2027")
        await pilot.press("tab")
        await pilot.pause()
        assert shown[-1].startswith("Volgende bijeenkomst, datum: '31/02/2027' is geen datum")
        await type_text(pilot, "25:00")
        await pilot.press("tab")
        await pilot.pause()
        assert shown[-1].startswith("Volgende bijeenkomst, uur: '25:00' is geen uur")
        saved = LiveSession(Store(live.store.root), live.id, clock).session.info
        assert (saved.next_meeting_date, saved.next_meeting_time) == ("", "")

        # Esc does not close over a field that cannot be saved: it says why, and goes there.
        told = len(shown)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form
        assert "geen datum" in " ".join(shown[told:])
        assert form.focused is form.query_one("#field-next_meeting_date")

        # Put right, everything is saved and the form closes.
        await pilot.press("ctrl+u")
        await type_text(pilot, "2027-09-14")
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "19.30")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
    saved = LiveSession(Store(live.store.root), live.id, clock).session.info
    assert (saved.next_meeting_date, saved.next_meeting_time) == ("2027-09-14", "19:30")


@pytest.mark.parametrize("closing", ["escape", "enter", "ctrl+s"])
async def test_keys_in_a_burst_each_land_in_the_field_they_follow(
    make_app: MakeApp, new_session: NewSession, clock: FakeClock, closing: str
) -> None:
    """As SSH, tmux or a browser tab deliver them: Tab, Enter and space act in order.

    Closing, however it is asked, waits for the keys typed before it.
    """
    live = new_session()
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, CaseForm)
        burst = [
            *"Titel",
            "tab",
            *"Vraag",
            "enter",
            *"tweede",
            "tab",
            "space",
            "tab",
            *"14/09/2027",
            "enter",
            *"19:30",
            "tab",
            *"Gent",
            closing,
        ]
        for key in burst:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause(0.5)
        assert isinstance(app.screen, SetupScreen)
    info = LiveSession(Store(live.store.root), live.id, clock).session.info
    assert (info.case_title, info.case_question) == ("Titel", "Vraag\ntweede")
    assert info.share_case_question
    assert (info.next_meeting_date, info.next_meeting_time, info.next_meeting_place) == (
        "2027-09-14",
        "19:30",
        "Gent",
    )


async def test_a_new_session_s_hint_speaks_of_the_field_with_the_cursor(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)

        def hint() -> str:
            return str(screen.query_one("#setup-hint", Static).render())

        assert screen.focused is screen.query_one("#field-network")
        assert hint().startswith("Netwerk:")
        assert "deelnemer" not in hint()
        # Nothing else on the screen tells of another field than the one in use.
        placeholder = screen.query_one("#new-participant", Input).placeholder
        assert "Enter" not in str(placeholder)
        await pilot.press("tab")
        assert hint().startswith("Onderwerp:")
        # Date, place, start, end, number: the empty list is no stop.
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab")
        assert screen.focused is screen.query_one("#new-participant")
        assert "nieuwe deelnemer" in hint()


async def test_the_case_key_is_in_the_footer_help_and_palette(make_app: MakeApp) -> None:
    from sessie_tui.palette import available_commands

    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        commands = {c.id: c for c in available_commands(app.screen)}
        assert commands["case"].label == "Case"
        assert "the next meeting" in commands["case"].help
        footer = [b.binding.id for b in app.screen.active_bindings.values() if b.binding.show]
        assert "case" in footer


def test_sharing_the_question_is_kept_with_the_time_of_each_answer(
    new_session: NewSession, clock: FakeClock
) -> None:
    live = new_session()
    assert live.session.info.share_case_question_at == ""
    live.update_info(share_case_question=True)
    agreed = live.session.info.share_case_question_at
    assert agreed == live.now()
    clock.advance(600)
    live.update_info(share_case_question=True)  # the same answer again: nothing new
    assert live.session.info.share_case_question_at == agreed
    live.update_info(share_case_question=False)  # withdrawn
    assert live.session.info.share_case_question is False
    assert live.session.info.share_case_question_at == live.now() != agreed


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("19:30", "19:30"),
        ("19u30", "19:30"),
        ("19u", "19:00"),
        ("19h", "19:00"),
        ("7.05", "07:05"),
        (" 20 ", "20:00"),
        ("24:00", None),
        ("19:60", None),
        ("half acht", None),
        ("", None),
    ],
)
def test_a_time_of_day_as_people_type_it(typed: str, read: str | None) -> None:
    assert parse_clock_time(typed) == read


def test_the_store_takes_no_next_meeting_that_is_not_a_date_or_time(
    new_session: NewSession,
) -> None:
    live = new_session()
    with pytest.raises(RuleViolation) as refused:
        live.update_info(next_meeting_date="31/02/2027")
    assert "Volgende bijeenkomst, datum" in refused.value.message("nl")
    with pytest.raises(RuleViolation) as refused:
        live.update_info(next_meeting_time="25:00")
    assert "Next meeting, time" in refused.value.message("en")
    assert live.session.info.next_meeting_date == live.session.info.next_meeting_time == ""


async def test_a_filled_question_is_continued_where_a_word_processor_would(
    make_app: MakeApp, new_session: NewSession, clock: FakeClock
) -> None:
    """Tab into a question already written: what is typed goes after it, not before it;
    ctrl+home and ctrl+end go to the start and the end of the whole text."""
    from conftest import acknowledge_all

    live = new_session()
    live.update_info(case_title="Een titel", case_question="Hoe begin ik?\nEn dan?")
    acknowledge_all(live)
    live.go_to_phase(1)
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, CaseForm)
        await pilot.press("tab")
        await type_text(pilot, " Verder.")
        await pilot.press("ctrl+home")
        await type_text(pilot, "Vooraf: ")
        await pilot.press("up", "ctrl+end")  # from anywhere: the very end
        await type_text(pilot, " Slot.")
        await pilot.press("escape")
        await pilot.pause()
    question = LiveSession(Store(live.store.root), live.id, clock).session.info.case_question
    assert question == "Vooraf: Hoe begin ik?\nEn dan? Verder. Slot."

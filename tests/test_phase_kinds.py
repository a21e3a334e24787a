"""Every kind of phase, as the room sees it, on an old projector (80x24) and big screens.

Each snapshot is checked for what must be readable from the back of the room:
the phase's name, its rule, the clock and, in a round of turns, who speaks.
Heights are measured on the rendered screen, as someone at the back sees them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static

from sessie_tui.app import SessieApp, create_app
from sessie_tui.config import Config
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.localized import Localized
from sessie_tui.domain.method import Method, PhaseKind, PhaseSpec, TurnSpec
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.session import SessionInfo
from sessie_tui.live import LiveSession, NoteDraft, create_session
from sessie_tui.methods import load_methods
from sessie_tui.storage.store import Store
from sessie_tui.widgets.big_digits import BigDigits
from sessie_tui.widgets.big_text import BigText

from conftest import REPORT_DIR, TIMEZONE, acknowledge_all, participants

SIZES = {"projector": (80, 24), "large": (160, 45), "wall": (200, 60)}
KINDS = list(PhaseKind)


def all_kinds_method() -> Method:
    phases = tuple(
        PhaseSpec(
            kind=kind,
            title=Localized(f"Fase van soort {kind.value}", f"A {kind.value} phase"),
            rule=Localized(
                "De regel voor de zaal: kort en duidelijk, ook van achteraan leesbaar.",
                "The rule for the room: short and clear, readable from the back.",
            ),
            minutes=10,
            case_holder_silent=kind in (PhaseKind.ANALYSIS, PhaseKind.ADVICE),
            turns=TurnSpec(quota=2, slice_minutes=2) if kind is PhaseKind.QUESTIONING else None,
        )
        for kind in KINDS
    )
    return Method(
        id="alle-soorten",
        title=Localized("Alle soorten", "All kinds"),
        summary=Localized("", ""),
        source="test",
        phases=phases,
    )


def prepared(store: Store, clock: FakeClock, kind: PhaseKind) -> LiveSession:
    create_session(
        store,
        method=all_kinds_method(),
        clock=clock,
        lang="nl",
        info=SessionInfo(network="Lerend netwerk Zorg", topic="Grenzen", date="2026-11-23"),
        participants=participants(),
        session_id="20261123-kinds",
        timezone=TIMEZONE,
    )
    live = LiveSession(store, "20261123-kinds", clock)
    acknowledge_all(live)
    index = KINDS.index(kind)
    live.go_to_phase(index)
    live.toggle_clock()
    clock.advance(130)
    if kind is PhaseKind.QUESTIONING:
        live.add_note(NoteDraft("Wat gebeurde er daarna?", NoteKind.QUESTION, "p-sofie", "p-an"))
        live.add_note(
            NoteDraft("Heb je al overwogen te bellen?", NoteKind.QUESTION, "p-sofie", "p-an")
        )
        live.next_speaker()
    if kind is PhaseKind.REFLECTION:
        advice = live.add_note(
            NoteDraft("Bel de ouders eerst.", NoteKind.ADVICE, "p-sofie", "p-els")
        )
        live.add_note(NoteDraft("Betrek het CLB.", NoteKind.ADVICE, "p-sofie", "p-dries"))
        live.set_taken_along(advice.id, True)
        live.update_info(takeaway="Eerst luisteren, dan pas afspraken maken.")
        for what, owner in (
            ("Ouders bellen", "p-bart"),
            ("Het CLB uitnodigen voor het volgende overleg", "p-els"),
            ("De afspraken doorgeven aan het hele schoolteam", "p-dries"),
        ):
            live.add_note(
                NoteDraft(what, NoteKind.ACTION, "p-sofie", owner=owner, due="2026-11-30")
            )
    if kind is PhaseKind.EVALUATION:
        live.record_evaluation("p-an", 4, "Goede sfeer")
        live.record_evaluation("p-dries", 5)
    return live


def visible_text(app: SessieApp) -> str:
    """The text on screen; large letters by the text they draw."""
    texts = [str(widget.render()) for widget in app.screen.query(Static)]
    texts += [widget.content.big or str(widget.render()) for widget in app.screen.query(BigText)]
    return "\n".join(texts)


def screen_lines(app: SessieApp) -> list[str]:
    """The screen as it is drawn, one string per row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


BLOCKS = frozenset("█▀▄")


def letter_height(lines: list[str], region: Region) -> int:
    """How many rows one line of the text in `region` is drawn: the rows its first
    run of block letters spans, followed in half rows to the blank half row before the
    next line; 1 where the text is plain."""
    rows = [line[region.x : region.right] for line in lines[region.y : region.bottom]]
    halves = []
    for row in rows:
        halves += [bool(set(row) & {"█", "▀"}), bool(set(row) & {"█", "▄"})]
    if True not in halves:
        return 1 if any(row.strip() for row in rows) else 0
    first = halves.index(True)
    last = halves.index(False, first) if False in halves[first:] else len(halves)
    return (last - 1) // 2 - first // 2 + 1


def ink_rows(lines: list[str], region: Region) -> int:
    """Rows of `region` with any block in them: the height of the big digits."""
    return sum(
        1 for line in lines[region.y : region.bottom] if set(line[region.x : region.right]) & BLOCKS
    )


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
@pytest.mark.parametrize("kind", KINDS, ids=[kind.value for kind in KINDS])
def test_every_phase_kind_is_readable(
    snap_compare: Callable[..., bool],
    make_app: Callable[..., SessieApp],
    store: Store,
    clock: FakeClock,
    kind: PhaseKind,
    size: str,
) -> None:
    live = prepared(store, clock, kind)

    async def check(pilot: Pilot[None]) -> None:
        await pilot.pause()
        app = pilot.app
        # The room can read the phase, its rule, the clock and who speaks; nothing cut.
        for widget_id in ("#phase-title", "#phase-rule", "#clock-state"):
            widget = app.screen.query_one(widget_id)
            region = widget.region
            assert region.width > 0 and region.height > 0, widget_id
            assert app.screen.region.contains_region(region), widget_id
            assert widget.size.height >= widget.get_content_height(
                widget.size, app.size, widget.size.width
            ), f"{widget_id} is cut"
        digits = app.screen.query_one(BigDigits)
        assert digits.region.height >= 4, "the clock is too small to read from the back"
        text = visible_text(app)
        assert "Fase van soort" in text
        assert "De regel voor de zaal" in text
        if kind in (PhaseKind.INTRODUCTIONS, PhaseKind.QUESTIONING, PhaseKind.ADVICE):
            now = app.screen.query_one("#speaker-now")
            assert now.region.height >= 1
            assert "Aan het woord:" in str(now.render())

    app = make_app(open_session=live.id)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=check)


def test_the_method_used_here_has_every_kind() -> None:
    assert [phase.kind for phase in all_kinds_method().phases] == KINDS


async def measured(
    store: Store, clock: FakeClock, kind: PhaseKind, size: tuple[int, int]
) -> dict[str, int]:
    """The heights, in rows, of the speaker's name, the rule's letters, the title's and
    the clock's digits, counted on the rendered screen."""
    live = prepared(store, clock, kind)
    app = create_app(
        store=store,
        config=Config(lang="nl", timezone=TIMEZONE),
        clock=clock,
        methods=load_methods(),
        open_session=live.id,
        report_dir=REPORT_DIR,
    )
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        screen = app.screen
        heights = {
            "rule": letter_height(lines, screen.query_one("#phase-rule").content_region),
            "title": letter_height(lines, screen.query_one("#phase-title").region),
            "clock": ink_rows(lines, screen.query_one("#clock-digits").region),
        }
        if screen.query("#speaker-now"):
            now = screen.query_one("#speaker-now").region
            # The name: below the label where it is large, in the one line where not.
            heights["speaker"] = letter_height(lines, now)
        return heights


async def test_the_back_of_the_room_reads_title_rule_speaker_and_clock(
    tmp_path: Path,
) -> None:
    sizes = list(SIZES.values())
    with_turns, without_turns = {}, {}
    for index, size in enumerate(sizes):
        # A fresh store and clock for each: the same meeting, measured at each size.
        with_turns[size] = await measured(
            Store(tmp_path / f"turns-{index}"), FakeClock(), PhaseKind.QUESTIONING, size
        )
        without_turns[size] = await measured(
            Store(tmp_path / f"plain-{index}"), FakeClock(), PhaseKind.CASE_PRESENTATION, size
        )
    small = with_turns[SIZES["projector"]]
    assert small["speaker"] == 1 and small["rule"] == 1  # 80x24: plain lines, as ever
    for size in (SIZES["large"], SIZES["wall"]):
        big = with_turns[size]
        assert big["speaker"] >= 3 * small["speaker"], (size, big)
        assert big["rule"] >= 3 * small["rule"], (size, big)
        assert without_turns[size]["rule"] >= 3 * small["rule"], (size, without_turns[size])
    assert with_turns[SIZES["wall"]]["title"] >= 3, with_turns[SIZES["wall"]]
    for size in sizes:
        # The queue does not squeeze the clock.
        assert 3 * with_turns[size]["clock"] >= 2 * without_turns[size]["clock"], (
            size,
            with_turns[size],
            without_turns[size],
        )


async def test_reflection_at_80x24_shows_the_action_points(
    make_app: Callable[..., SessieApp], store: Store, clock: FakeClock
) -> None:
    live = prepared(store, clock, PhaseKind.REFLECTION)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        actions = app.screen.query_one("#actions").region
        shown = [
            what
            for what in ("Ouders bellen", "Het CLB uitnodigen", "De afspraken doorgeven")
            if any(what in line for line in lines[actions.y : actions.bottom])
        ]
        assert len(shown) >= 2, lines
        # Every action point's line stays above the note field and the footer.
        assert actions.bottom <= app.screen.query_one("#note-bar").region.y


async def test_next_phase_and_next_speakers_are_told_apart(
    make_app: Callable[..., SessieApp], store: Store, clock: FakeClock
) -> None:
    live = prepared(store, clock, PhaseKind.QUESTIONING)
    for lang in ("en", "nl"):
        app = make_app(lang=lang, open_session=live.id)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            phase_next = str(app.screen.query_one("#phase-next", Static).render())
            speakers_next = str(app.screen.query_one("#speaker-next", Static).render())
            # Each names what comes next: the label before the colon is not the same.
            assert phase_next.split(":")[0] != speakers_next.split(":")[0], lang


async def test_a_name_with_any_characters_is_drawn_large_and_safe(
    make_app: Callable[..., SessieApp], store: Store, clock: FakeClock
) -> None:
    live = prepared(store, clock, PhaseKind.QUESTIONING)
    speaker = live.session.turns(KINDS.index(PhaseKind.QUESTIONING)).current
    assert speaker is not None
    live.update_participant(speaker, name="Zoë 😀 李\x1b[2J\u202eX")
    app = make_app(open_session=live.id)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        now = app.screen.query_one("#speaker-now").region
        assert letter_height(lines, now) >= 3  # the letters the font has, large
        shown = "".join(lines[now.y : now.bottom])
        assert "😀" in shown and "李" in shown and "␛" in shown and "⟨U+202E⟩" in shown
        assert "\x1b" not in "".join(lines) and "\u202e" not in "".join(lines)

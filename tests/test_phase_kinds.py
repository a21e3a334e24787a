"""Every kind of phase, as the room sees it, on an old projector (80x24) and a big screen.

Each snapshot is checked for what must be readable from the back of the room:
the phase's name, its rule, the clock and, in a round of turns, who speaks.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from sessie_tui.app import SessieApp
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.localized import Localized
from sessie_tui.domain.method import Method, PhaseKind, PhaseSpec, TurnSpec
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.session import SessionInfo
from sessie_tui.live import LiveSession, NoteDraft, create_session
from sessie_tui.storage.store import Store
from sessie_tui.widgets.big_digits import BigDigits

from conftest import TIMEZONE, acknowledge_all, participants

SIZES = {"projector": (80, 24), "large": (160, 45)}
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
        live.add_note(
            NoteDraft("Ouders bellen", NoteKind.ACTION, "p-sofie", owner="p-bart", due="2026-11-30")
        )
    if kind is PhaseKind.EVALUATION:
        live.record_evaluation("p-an", 4, "Goede sfeer")
        live.record_evaluation("p-dries", 5)
    return live


def visible_text(app: SessieApp) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


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

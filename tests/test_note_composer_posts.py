"""The note widget posts what was typed; it never writes to the store itself.

Mounted on its own, without a screen that saves, the composer's Enter reaches
nothing on disk: the draft goes out as `NoteComposer.Submitted`, for the
screen to save (see `screens.writing`).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App, ComposeResult

from sessie_tui.live import LiveSession
from sessie_tui.storage.store import Store
from sessie_tui.widgets.note_composer import NoteComposer

from conftest import acknowledge_all
from driving import type_text

QUESTIONS = 2


class ComposerAlone(App[None]):
    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live
        self.submitted: list[NoteComposer.Submitted] = []

    def compose(self) -> ComposeResult:
        yield NoteComposer(self.live, lambda: QUESTIONS)

    def on_note_composer_submitted(self, event: NoteComposer.Submitted) -> None:
        self.submitted.append(event)


async def test_enter_posts_the_draft_and_saves_nothing(
    new_session: Callable[..., LiveSession], store: Store
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(QUESTIONS)
    app = ComposerAlone(live)
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_focus(app.query_one(NoteComposer).field)
        await type_text(pilot, "Wat heb je al geprobeerd?")
        await pilot.press("enter")
        await pilot.pause()
    assert [event.draft.text for event in app.submitted] == ["Wat heb je al geprobeerd?"]
    assert list(LiveSession(Store(store.root), live.id, live.clock).session.live_notes()) == []

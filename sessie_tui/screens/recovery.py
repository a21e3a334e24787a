"""Nothing typed is lost at quitting: asked first, kept aside, offered back at the next start.

Quitting with notes in an outbox, or text in a note field, asks first; the
answer "quit" writes them to a private recovery file (see `storage.recovery`).
The next start offers each recovery file: restore it into its session, decide
later (the file stays), or discard it. A file is removed only once handled.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserFacingError
from ..i18n import t, tn
from ..live import LiveSession, NoteDraft
from ..outbox import keep_for_next_start, outbox_of, restore
from .dialogs import Choose, Confirm
from .writing import WritesNotes

if TYPE_CHECKING:
    from ..app import SessieApp


Unsaved = list[tuple[NoteDraft, int | None]]


def _unsaved(app: SessieApp) -> list[tuple[LiveSession, Unsaved]]:
    """Per session open in the app: its outbox, then the text in every note field."""
    found: dict[int, tuple[LiveSession, Unsaved]] = {}
    for screen in app.screen_stack:
        live = getattr(screen, "live", None)
        if not isinstance(live, LiveSession):
            continue
        if id(live) not in found:
            outbox = outbox_of(live)
            outbox.send(live)  # the store may be writable again
            found[id(live)] = (live, [(waiting.draft, waiting.phase) for waiting in outbox])
        if isinstance(screen, WritesNotes):
            found[id(live)][1].extend(screen.composer.typed())
    return [(live, unsaved) for live, unsaved in found.values() if unsaved]


def quit_when_nothing_is_lost(app: SessieApp) -> None:
    """Quit at once if everything is saved; else ask, and keep what is unsaved aside."""
    unsaved = _unsaved(app)
    if not unsaved:
        app.exit()
        return

    def answered(leave: bool | None) -> None:
        if leave:
            _keep_and_quit(app, unsaved)

    question = Confirm(
        tn("recovery.quit_question", sum(len(notes) for _, notes in unsaved)),
        yes=t("recovery.quit_yes"),
        no=t("recovery.quit_no"),
    )
    app.push_screen(question, answered)


def _keep_and_quit(app: SessieApp, unsaved: list[tuple[LiveSession, Unsaved]]) -> None:
    for live, notes in unsaved:
        try:
            path = keep_for_next_start(live, notes)
        except UserFacingError as error:
            reason = error.message(app.context.lang)

            def anyway(leave: bool | None) -> None:
                if leave:
                    app.exit()

            app.push_screen(Confirm(t("recovery.keep_failed", reason=reason)), anyway)
            return
        outbox_of(live).clear()  # kept aside: not kept twice
        app.notify(t("recovery.kept", path=str(path)))
    app.exit()


def keep_aside(app: SessieApp, live: LiveSession, typed: Unsaved) -> None:
    """Leaving a session with notes unsaved (its outbox, `typed`): into a recovery file."""
    outbox = outbox_of(live)
    outbox.send(live)
    notes = [(waiting.draft, waiting.phase) for waiting in outbox] + typed
    if not notes:
        return
    try:
        path = keep_for_next_start(live, notes)
    except UserFacingError as error:
        app.notify(error.message(app.context.lang), severity="error", timeout=10)
        return
    outbox.clear()
    app.notify(t("recovery.kept", path=str(path)), timeout=10)


def offer_recovery(app: SessieApp, waiting: list[Path]) -> None:
    """At start: each recovery file found (`SessionCatalog.pending_recoveries`) in turn,
    restored, kept for later, or discarded."""
    if waiting:
        _offer(app, waiting)


RESTORE, LATER, DISCARD = "restore", "later", "discard"


def _offer(app: SessieApp, waiting: list[Path]) -> None:
    path, rest = waiting[0], waiting[1:]
    try:
        session_id, notes = app.context.sessions.read_recovery(path)
    except UserFacingError as error:
        app.notify(error.message(app.context.lang), severity="error", timeout=10)
        if rest:
            _offer(app, rest)
        return

    def chosen(choice: object) -> None:
        if choice == RESTORE:
            _restore(app, path, session_id, notes)
        elif choice == DISCARD:
            _discard(app, path)
        if rest:
            _offer(app, rest)

    question = tn("recovery.offer", len(notes), session=session_id, path=str(path))
    options: list[tuple[str, object]] = [
        (t("recovery.restore"), RESTORE),
        (t("recovery.later"), LATER),
        (t("recovery.discard"), DISCARD),
    ]
    app.push_screen(Choose(question, options, RESTORE, cancelled=LATER), chosen)


def _restore(app: SessieApp, path: Path, session_id: str, notes: list[dict]) -> None:
    try:
        live = app.context.sessions.open_session(session_id)
        count = restore(live, notes)
        app.context.sessions.discard_recovery(path)
    except UserFacingError as error:
        reason = error.message(app.context.lang)
        app.notify(t("recovery.failed", reason=reason, path=str(path)), severity="error")
        return
    app.notify(tn("recovery.restored", count, session=session_id))


def _discard(app: SessieApp, path: Path) -> None:
    try:
        app.context.sessions.discard_recovery(path)
    except UserFacingError as error:
        app.notify(error.message(app.context.lang), severity="error")
        return
    app.notify(t("recovery.discarded", path=str(path)))

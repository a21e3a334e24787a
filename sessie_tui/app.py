"""The Textual application and the one factory that builds it.

The CLI and the tests both call `create_app`; nothing else constructs the
app. The app renders domain state and turns keys into intentions on a
`LiveSession`; it holds no session logic of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.actions import ActionParseResult
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.binding import BindingType
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.filter import LineFilter
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES
from textual.widget import AwaitMount, Widget

from . import collection, commands, i18n
from .config import Config, load_config, save_config
from .domain.clock import Clock, SystemClock
from .errors import UserFacingError
from .i18n import t
from .palette import ScreenCommands, SessiePalette
from .paths import config_file, log_dir, user_methods_dir, user_themes_dir
from .storage.store import Store
from .terminal_title import TerminalTitle
from .textsafety import make_visible
from .themes import install_themes
from .widgets.invisible_filter import InvisibleFilter

if TYPE_CHECKING:
    from .catalog import SessionCatalog
    from .crash import CrashRecord, Typed
    from .domain.network import Member
    from .live import LiveSession
    from .methods import MethodLibrary
    from .report import ReportSource
    from .room.launch import Servers


@dataclass
class AppContext:
    """Everything the screens need from outside the UI."""

    store: Store
    clock: Clock
    config: Config
    config_dir: Path | None = None
    """Where the config is saved; None keeps changes in memory (tests)."""
    startup_problems: list[str] = field(default_factory=list)
    report_dir: Path = field(default_factory=Path.cwd)
    """Where the report screen proposes to write reports."""
    notes_shown: bool = False
    """The facilitator's `l` panel is open: it stays open from one phase to the next."""
    library: MethodLibrary | None = None
    """The methods, once read (see `methods`)."""

    @property
    def methods(self) -> MethodLibrary:
        """Every method, read when a screen first needs one (a picker, a new meeting), not
        at start: a session carries its own method, and the home screen shows none."""
        if self.library is None:
            from .methods import load_methods

            user_dir = user_methods_dir(self.config_dir) if self.config_dir else None
            self.library = load_methods(user_dir)
        return self.library

    @property
    def lang(self) -> str:
        return self.config.lang

    @property
    def sessions(self) -> SessionCatalog:
        """The screens' one door to the store (see `catalog`)."""
        from .catalog import SessionCatalog

        return SessionCatalog(self.store, self.clock)

    def update_config(self, **changes: object) -> None:
        """Change settings now and in the config file.

        Only the named settings are written: a `--lang` or `--theme` given for
        one run is not made permanent by a later change to something else.
        """
        self.config = self.config.with_changes(**changes)
        if self.config_dir is not None:
            path = config_file(self.config_dir)
            save_config(path, load_config(path).config.with_changes(**changes))


KEYS_HANDLED_TIMEOUT = 3.0
"""Seconds a command waits for the keys before it to be handled (see `run_action`)."""
SETTLE_ROUNDS = 3
"""Screens a command may open or close in a row before the next key is read."""
PURGE_AFTER_SECONDS = 1.5
"""Seconds after the start that content past its retention period goes (see `retention`)."""

COLLECT_AFTER_SECONDS = 1.0
"""Seconds after the start that the cycle collector runs again (see `collection`)."""


def escape_then_key(key: events.Key) -> tuple[events.Key, events.Key] | None:
    """The two keys an alt+letter (or digit) may have been typed as: `esc`, then it."""
    character = key.character
    if not key.key.startswith("alt+") or character is None or len(character) != 1:
        return None
    if not character.isalnum():
        return None
    return events.Key("escape", "\x1b"), events.Key(character, character)


class SessieApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "sessie-tui"
    COMMANDS: ClassVar = {ScreenCommands}
    # Screens get -narrow/-wide and -short/-tall classes; the stylesheet lays out by them.
    # Textual declares these `ClassVar[...] | None`, a ClassVar inside a union, which mypy
    # reads as an instance variable, so a class variable (what they are) may not override it.
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (120, "-wide")]  # type: ignore[misc]
    VERTICAL_BREAKPOINTS: ClassVar = [(0, "-short"), (40, "-tall")]  # type: ignore[misc]
    BINDINGS: ClassVar[list[BindingType]] = commands.bindings(
        commands.QUIT, commands.HELP, commands.PALETTE, commands.THEME
    )

    def __init__(
        self,
        context: AppContext,
        open_session: str | None = None,
        *,
        notes: bool = False,
        author: str = "",
    ) -> None:
        super().__init__()
        self._crash: CrashRecord | None = None
        self.context = context
        self._open_at_start = open_session
        self._notes = notes
        """Start in the note-taker's view instead of the facilitator's."""
        self._author = author or context.config.author
        self._room_servers: Servers | None = None
        self.terminal_title = TerminalTitle(self)
        """The window's title: the phase and its time left (`screens/phase.py`)."""
        # Before the first frame, so it is drawn in the chosen theme already.
        user_themes = user_themes_dir(context.config_dir) if context.config_dir else None
        self._theme_problems = install_themes(self, context.config.theme, user_themes)

    def on_mount(self) -> None:
        self.title = t("app.title")
        self.terminal_title.begin()
        # In the header, where no window is too narrow for it: how to find every key.
        self.sub_title = t("app.keys_hint")
        if self.context.config.keys:
            self.set_keymap(self.context.config.keys)
        if self._notes:
            from .screens.session_picker import SessionPicker

            self.push_screen(SessionPicker())
        elif not self._open_at_start:
            self._home_when_nothing_is_shown()
        for problem in self.context.startup_problems:
            self.notify(problem, severity="warning", timeout=10)
        for problem in self._theme_problems:
            self.notify(problem, severity="warning", timeout=10)
        if self._open_at_start and self._notes:
            self.open_notes(self._open_at_start)
        elif self._open_at_start:
            # The session's screen alone: home is composed when the session is left (see
            # `pop_screen`), not under it, where nobody sees it, while the room waits.
            self.open_session(self._open_at_start)
            self._home_when_nothing_is_shown()  # it could not be opened (and said why)
        waiting = self.context.sessions.pending_recoveries()
        if waiting:  # notes kept aside at the last quit, offered on top of all
            from .screens.recovery import offer_recovery

            offer_recovery(self, waiting)
        # Once the first screen is up and settled: a start is not slowed by them.
        self.set_timer(COLLECT_AFTER_SECONDS, collection.resume)
        self.set_timer(PURGE_AFTER_SECONDS, self.purge_expired_content)

    def purge_expired_content(self) -> None:
        """Case content past its retention period goes at every start (see `retention`).

        A file that could not be changed is reported by the store, and said by the
        home screen with the other problems the store met.
        """
        from .screens.home import HomeScreen
        from .storage.errors import StoreError

        try:
            purged = self.context.sessions.purge_expired(self.context.config.retention_days)
        except StoreError as problem:  # the store's folders cannot be read: said, not fatal
            self.notify(problem.message(self.context.lang), severity="warning", timeout=10)
            return
        for session_id in purged.sessions:
            self.notify(t("retention.removed", id=session_id), timeout=8)
        if purged.sessions or purged.failed:
            for screen in self.screen_stack:
                if isinstance(screen, HomeScreen) and screen.is_active:
                    screen.refresh_sessions()

    def pop_screen(self) -> AwaitComplete:
        """Leaving the last screen comes home: a session opened as the app started was
        shown without the home screen under it."""
        popped = super().pop_screen()
        if self.is_running:
            self._home_when_nothing_is_shown()
        return popped

    def _home_when_nothing_is_shown(self) -> None:
        """The home screen, when only Textual's empty default screen is left to show."""
        if len(self.screen_stack) == 1:
            from .screens.home import HomeScreen

            self.push_screen(HomeScreen())

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error (a bug): keep what was typed, log the details, say it plainly.

        Textual has no public hook for this: every message pump, timer, worker and
        screen hands an unhandled exception to this private method, whose default
        draws a traceback with the values of local variables (note texts, names)
        on the terminal, which is the projector (Textual issue #2818 asks for a
        public hook; there is none in Textual 8). So it is wrapped minimally: its
        bookkeeping stays as Textual has it (exit status 1, the exception kept for
        `run_test` to raise in tests); only what is shown changes, to one sentence.
        """
        if self._crash is not None:  # a second error on the way out: the first one is told
            return
        if not self.is_running and isinstance(error, NoMatches):
            # The app is quitting and its screens are being taken down: a screen shown a
            # moment before (another view moved the phase) still had its first work
            # queued, Textual's Header its title, and finds its widgets gone. Nothing
            # is lost then, and nothing is wrong to tell.
            return
        # Returning without closing would leave the app hanging (#2818): it closes below.
        from .crash import record_crash

        self._crash = record_crash(error, self._typed_texts())
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        # Nothing for Textual to print: the command line says `crash_message` once the
        # terminal is back, on one line (Rich would wrap or crop a log's path).
        self._close_messages_no_wait()

    @property
    def crash_message(self) -> str | None:
        """After an unexpected error: the one plain sentence to say; None if there was none."""
        return self._crash.message() if self._crash else None

    def _typed_texts(self) -> list[Typed]:
        """The text in every field of every open screen: what a crash must not take along."""
        from textual.widgets import Input, TextArea  # only now: TextArea is slow to import

        from .crash import Typed
        from .widgets.note_composer import NoteComposer

        typed: list[Typed] = []
        try:
            for screen in self.screen_stack:
                # Notes in an outbox were entered but are not on disk yet: kept too.
                for composer in screen.query(NoteComposer):
                    where = _where(screen, composer)
                    typed.extend(Typed(where, waiting.draft.text) for waiting in composer.waiting)
                for field in screen.query(Input):
                    typed.append(Typed(_where(screen, field), field.value))
                for area in screen.query(TextArea):
                    if not area.read_only:
                        typed.append(Typed(_where(screen, area), area.text))
        except Exception:  # the DOM itself may be what broke: keep what was found
            pass
        return typed

    @property
    def room_servers(self) -> Servers:
        """The share servers this app started (`screens/share.py`); stopped on quit.

        Made when the first share starts: the room's code is not needed before then.
        """
        if self._room_servers is None:
            from .room.launch import Servers

            self._room_servers = Servers(log_dir() / "servers")
        return self._room_servers

    def on_unmount(self) -> None:
        """Quitting stops every share this app started: no secret outlives the app;
        the window's title is given back."""
        if self._room_servers is not None:
            self._room_servers.stop_all(self.context.store)
        self.terminal_title.end()

    _invisible_filter = InvisibleFilter()

    def validate_title(self, title: object) -> str:
        """The header's title may one day name a session: never raw."""
        return make_visible(str(title))

    def validate_sub_title(self, sub_title: object) -> str:
        return make_visible(str(sub_title))

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the last net: no line reaches the terminal with an
        invisible character, whatever a screen forgot to make visible."""
        return [*super().get_line_filters(), self._invisible_filter]

    def on_resize(self, event: events.Resize) -> None:
        """Below 80 by 24 the phase, rule and clock cannot all be read: say so instead."""
        from .screens.too_small import TooSmallScreen, too_small

        small = too_small(*event.size)
        covered = isinstance(self.screen, TooSmallScreen)
        if small and not covered:
            self.push_screen(TooSmallScreen())
        elif covered and not small:
            self.pop_screen()

    async def on_event(self, event: events.Event) -> None:
        """A key read while the screen on top is still being composed waits for it.

        A question opened by the answer to another (a case's title after who brings it)
        is put on top a moment after that answer, by whoever asked; the keys typed right
        behind the answer are the new question's, not lost on a screen without a field.

        `esc` and a letter in one burst (SSH, tmux, a fast hand) reach the app as one
        key, alt and the letter, which is what a terminal sends for alt+letter. No
        screen here has an alt key, so unless a keymap gives it one, it is read as
        what was typed: `esc`, then the letter (else both were lost: the letter went
        into the field that `esc` was meant to leave, or nowhere).
        """
        if isinstance(event, events.Key):
            keys = escape_then_key(event)
            if keys and event.key not in self.screen.active_bindings:
                for key in keys:
                    await self.on_event(key)
                return
        if isinstance(event, events.Key) and not self.screen.is_mounted:
            screen = self.screen
            await AwaitMount(screen, [screen])
            await self._handled_by(screen)  # its focus comes as it is shown
        await super().on_event(event)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run a command in the order of the keys, whatever reached a widget before it.

        Commands run as keys are read (priority bindings, see `commands`), while the
        keys read before them may still wait in the focused widget: text in the
        note field, an Enter that saves it, a cursor move in a table. The command
        waits until they are handled, so it acts on what was typed before it (saving
        with ctrl+s reads all of the text; ctrl+t gives the next note a kind, not the
        one still being saved; Enter opens the row the arrows moved to).

        A command that opened a screen or a dialog has put it on top at once, but its
        widgets and its focus come when it is composed: a key typed right behind the
        command would reach nothing, or the screen's own commands. So the next key
        is read only once the new screen is composed and has its focus.
        """
        await self._settled()
        handled = await super().run_action(action, default_namespace, namespaces)
        await self._settled()
        return handled

    @staticmethod
    async def _handled_by(node: MessagePump) -> bool:
        """Wait until `node` has handled what was sent to it so far; False if it is busy
        too long (a widget busy that long is not one a key is waiting in)."""
        handled = asyncio.Event()
        if not node.call_later(handled.set):
            return True
        try:
            await asyncio.wait_for(handled.wait(), KEYS_HANDLED_TIMEOUT)
        except TimeoutError:
            return False
        return True

    async def _settled(self) -> None:
        """Wait until the widgets the keys went to have handled them, on the screen now.

        Done before a command, so it acts on what was typed before it, and after it,
        so the next key finds what the command did: a dialog it opened (composed and
        focused), or one it closed (its answer given).
        """
        for _ in range(SETTLE_ROUNDS):
            screen = self.screen
            if not screen.is_mounted:
                await AwaitMount(screen, [screen])
            node: DOMNode | None = self.focused or screen
            while node is not None and node is not self:
                if not await self._handled_by(node):
                    return
                node = node.parent
            if self.screen is screen:
                return

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every message may hold what someone typed (a name, a path): never markup,
        and never an invisible character sent to the terminal as it is."""
        super().notify(
            make_visible(message, keep_newlines=True),
            title=make_visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def action_command_palette(self) -> None:
        """Textual's palette, with its texts in the interface's language."""
        # Textual asks for an App[object], and App is invariant in its return type, so no
        # app that returns anything in particular (ours: None) fits; it reads only `.screen`.
        if self.use_command_palette and not SessiePalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(SessiePalette())

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_choose_theme(self) -> None:
        """Choose one of sessie-tui's themes; the choice is remembered in the config file."""
        from .screens.dialogs import Choose

        ours = [name for name in self.available_themes if name not in BUILTIN_THEMES]
        options: list[tuple[str, object]] = [(name, name) for name in sorted(ours)]

        def chosen(name: object) -> None:
            if isinstance(name, str):
                self.theme = name
                self.context.update_config(theme=name)

        self.push_screen(Choose(t("theme.choose"), options, self.theme), chosen)

    async def action_quit(self) -> None:
        """Quit; with notes unsaved, ask first and keep them for the next start."""
        from .screens.recovery import quit_when_nothing_is_lost

        quit_when_nothing_is_lost(self)

    def action_help_quit(self) -> None:
        self.notify(t("app.how_to_quit"))

    def open_notes(self, session_id: str) -> None:
        """The note-taker's view of a session; asks who writes if it does not know."""
        from .screens.dialogs import Choose
        from .screens.notes import NotesScreen

        live = self.live_session(session_id)
        if live is None:
            return
        present = live.session.present()
        wanted = self._author.casefold()
        named = [p.id for p in present if wanted in (p.name.casefold(), p.id.casefold())]
        if named:
            self.push_screen(NotesScreen(live, named[0]))
            return

        def chosen(person: object) -> None:
            if isinstance(person, str):
                self.push_screen(NotesScreen(live, person))

        # Never a note under a name that is no one's: an unknown `--as NAME` is said, and asked.
        question = (
            t("notes_view.unknown_author", name=self._author)
            if self._author
            else t("notes_view.who")
        )
        options: list[tuple[str, object]] = [(p.name, p.id) for p in present]
        self.push_screen(Choose(question, options, None), chosen)

    def session_report(self, live: LiveSession) -> ReportSource:
        # Only now: the report builders are not needed before a report is asked for.
        from .report import session_report_source

        session = live.session
        return session_report_source(
            session, self.context.clock, self.context.lang, self.roster_of(session.info.network_id)
        )

    def roster_of(self, network_id: str | None) -> dict[str, Member]:
        """A network's members (for the drafts' addresses); none when it cannot be read."""
        if not network_id or not self.context.sessions.network_exists(network_id):
            return {}
        try:
            return dict(self.context.sessions.open_network(network_id).network.members)
        except UserFacingError:
            return {}  # a damaged roster: the drafts then list everyone as without address

    def open_network(self, network_id: str) -> None:
        from .live_network import LiveNetwork
        from .screens.network import NetworkScreen

        try:
            live = LiveNetwork(self.context.store, network_id, self.context.clock)
        except UserFacingError as error:
            self.notify(error.message(self.context.lang), severity="error", timeout=10)
            return
        self.push_screen(NetworkScreen(live))

    def live_session(self, session_id: str) -> LiveSession | None:
        """The session to work on; None, with the problem shown, if it cannot be opened."""
        from .live import LiveSession

        try:
            return LiveSession(self.context.store, session_id, self.context.clock)
        except UserFacingError as error:
            self.notify(error.message(self.context.lang), severity="error", timeout=10)
            return None

    def open_session(self, session_id: str) -> None:
        """Open a session where it stands: setup, a phase, or its end."""
        from .domain.session import SessionStatus

        live = self.live_session(session_id)
        if live is None:
            return
        status = live.session.status
        # Only the screen shown is imported: each brings its own widgets (the end screen
        # its reports), and a session is often opened as the app starts.
        if status is SessionStatus.SETUP:
            from .screens.setup import SetupScreen

            self.push_screen(SetupScreen(live))
        elif status is SessionStatus.RUNNING:
            from .screens.phase import PhaseScreen

            self.push_screen(PhaseScreen(live))
        else:
            from .screens.end import EndScreen

            self.push_screen(EndScreen(live))


def _where(screen: Screen[object], widget: Widget) -> str:
    return f"{type(screen).__name__} {widget.id or type(widget).__name__}"


def create_app(
    *,
    store: Store,
    config: Config | None = None,
    config_dir: Path | None = None,
    clock: Clock | None = None,
    methods: MethodLibrary | None = None,
    open_session: str | None = None,
    startup_problems: list[str] | None = None,
    report_dir: Path | None = None,
    notes: bool = False,
    author: str = "",
) -> SessieApp:
    config = config or Config()
    i18n.set_language(config.lang)
    context = AppContext(
        store=store,
        library=methods,
        clock=clock or SystemClock(),
        config=config,
        config_dir=config_dir,
        startup_problems=list(startup_problems or ()),
        report_dir=report_dir or Path.cwd(),
    )
    return SessieApp(context, open_session=open_session, notes=notes, author=author)

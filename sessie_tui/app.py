"""The Textual application and the one factory that builds it.

The CLI and the tests both call `create_app`; nothing else constructs the
app. The app renders domain state and turns keys into intentions on a
`LiveSession`; it holds no session logic of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding

from . import commands, i18n
from .config import Config, save_config
from .domain.clock import Clock, SystemClock
from .domain.session import SessionStatus
from .errors import UserFacingError
from .i18n import t
from .live import LiveSession
from .methods import MethodLibrary, load_methods
from .palette import ScreenCommands
from .paths import user_methods_dir, user_themes_dir
from .storage.store import Store
from .themes import install_themes


@dataclass
class AppContext:
    """Everything the screens need from outside the UI."""

    store: Store
    methods: MethodLibrary
    clock: Clock
    config: Config
    config_dir: Path | None = None
    """Where the config is saved; None keeps changes in memory (tests)."""
    practice: bool = False
    startup_problems: list[str] = field(default_factory=list)
    report_dir: Path = field(default_factory=Path.cwd)
    """Where the report screen proposes to write reports."""

    @property
    def lang(self) -> str:
        return self.config.lang

    def save_config(self, config: Config) -> None:
        self.config = config
        if self.config_dir is not None:
            from .paths import config_file

            save_config(config_file(self.config_dir), config)


class SessieApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "sessie-tui"
    COMMANDS: ClassVar = {ScreenCommands}
    BINDINGS: ClassVar[list[Binding]] = commands.bindings(
        commands.QUIT, commands.HELP, commands.PALETTE
    )

    def __init__(self, context: AppContext, open_session: str | None = None) -> None:
        super().__init__()
        self.context = context
        self._open_at_start = open_session
        # Before the first frame, so it is drawn in the chosen theme already.
        user_themes = user_themes_dir(context.config_dir) if context.config_dir else None
        self._theme_problems = install_themes(self, context.config.theme, user_themes)

    def on_mount(self) -> None:
        from .screens.home import HomeScreen

        self.title = t("app.title")
        if self.context.config.keys:
            self.set_keymap(self.context.config.keys)
        self.push_screen(HomeScreen())
        for problem in self.context.startup_problems:
            self.notify(problem, severity="warning", timeout=10)
        for problem in self.context.methods.problems:
            self.notify(t("methods.problem", problem=str(problem)), severity="warning", timeout=10)
        for problem in self._theme_problems:
            self.notify(problem, severity="warning", timeout=10)
        if self._open_at_start:
            self.open_session(self._open_at_start)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_help_quit(self) -> None:
        self.notify(t("app.how_to_quit"))

    def live_session(self, session_id: str) -> LiveSession | None:
        """The session to work on; None, with the problem shown, if it cannot be opened."""
        try:
            return LiveSession(self.context.store, session_id, self.context.clock)
        except UserFacingError as error:
            self.notify(error.message(self.context.lang), severity="error", timeout=10)
            return None

    def open_session(self, session_id: str) -> None:
        """Open a session where it stands: setup, a phase, or its end."""
        from .screens.end import EndScreen
        from .screens.phase import PhaseScreen
        from .screens.setup import SetupScreen

        live = self.live_session(session_id)
        if live is None:
            return
        status = live.session.status
        if status is SessionStatus.SETUP:
            self.push_screen(SetupScreen(live))
        elif status is SessionStatus.RUNNING:
            self.push_screen(PhaseScreen(live))
        else:
            self.push_screen(EndScreen(live))


def create_app(
    *,
    store: Store,
    config: Config | None = None,
    config_dir: Path | None = None,
    clock: Clock | None = None,
    methods: MethodLibrary | None = None,
    open_session: str | None = None,
    practice: bool = False,
    startup_problems: list[str] | None = None,
    report_dir: Path | None = None,
) -> SessieApp:
    config = config or Config()
    i18n.set_language(config.lang)
    if methods is None:
        methods = load_methods(user_methods_dir(config_dir) if config_dir else None)
    context = AppContext(
        store=store,
        methods=methods,
        clock=clock or SystemClock(),
        config=config,
        config_dir=config_dir,
        practice=practice,
        startup_problems=list(startup_problems or ()),
        report_dir=report_dir or Path.cwd(),
    )
    return SessieApp(context, open_session=open_session)

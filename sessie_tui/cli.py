"""The `sessie-tui` command.

    sessie-tui                     the home screen
    sessie-tui demo                load the sample data and open the session that is ready
    sessie-tui list [--all]        one session per line, its id first
    sessie-tui export SESSION      write the report (markdown)
    sessie-tui archive SESSION -o FILE.json / sessie-tui import FILE.json
    sessie-tui notes [SESSION]     the note-taker's view, beside the facilitator
    sessie-tui serve               the app in web browsers, on 127.0.0.1 by default

A wrong argument or an unknown session gets one clear line and exit status 2;
a problem with the store gets one clear line and exit status 1. Never a traceback.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from . import __version__, i18n
from .config import Config, load_config
from .domain.clock import SystemClock
from .domain.session import Session
from .errors import UserFacingError
from .i18n import t
from .paths import config_dir, config_file, store_dir
from .report import Audience
from .storage.errors import NotFound
from .storage.store import Store

EXIT_USAGE = 2
EXIT_FAILURE = 1
LOOPBACK = "127.0.0.1"
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


class UsageError(Exception):
    """A wrong argument: one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Accepted before and after the command; after it, only when given.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default, help="the store folder")
    parser.add_argument("--config", metavar="DIR", default=default, help="the config folder")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=default, help="nl or en")
    parser.add_argument("--theme", metavar="NAME", default=default, help="the colour theme")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sessie-tui", description="Intervisie in de terminal.")
    parser.add_argument("--version", action="version", version=f"sessie-tui {__version__}")
    _common_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _common_options(sub, top=False)
        return sub

    demo = command("demo", "load the sample data and open the session that is ready to start")
    demo.add_argument(
        "--practice",
        action="store_true",
        help="rehearse on a practice copy with a fast clock (a minute passes in a second)",
    )
    listing = command("list", "list the sessions, one per line, id first")
    listing.add_argument("--all", action="store_true", help="include practice sessions")
    export = command("export", "write a session's report as markdown")
    export.add_argument("session", metavar="SESSION", help="a session id (or its unique start)")
    export.add_argument("-o", "--output", metavar="FILE", help="the file ('-' for stdout)")
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.add_argument(
        "--audience",
        choices=[audience.value for audience in Audience],
        default=Audience.PARTICIPANTS.value,
        help="the full minutes for participants, or the redacted report for absentees",
    )
    archive = command("archive", "write a whole session to a JSON archive")
    archive.add_argument("session", metavar="SESSION")
    archive.add_argument("-o", "--output", metavar="FILE", required=True)
    archive.add_argument("--force", action="store_true", help="replace an existing file")
    importing = command("import", "add a session from a JSON archive to the store")
    importing.add_argument("file", metavar="FILE")
    notes = command("notes", "take notes in a session in progress, beside the facilitator")
    notes.add_argument("session", metavar="SESSION", nargs="?", help="without it: choose one")
    notes.add_argument("--as", dest="author", metavar="NAME", default="", help="who is writing")
    serve = command("serve", "serve the app to web browsers (each tab its own process)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    serve.add_argument(
        "--host", default=LOOPBACK, help=f"the address to listen on (default {LOOPBACK})"
    )
    serve.add_argument("--notes", action="store_true", help="serve the note-taker's view")
    return parser


@dataclass
class Environment:
    store_path: Path
    config_dir: Path
    config: Config
    problems: list[str]

    def open_store(self) -> Store:
        return Store(self.store_path)


def _environment(args: argparse.Namespace) -> Environment:
    folder = config_dir(args.config)
    loaded = load_config(config_file(folder))
    config = loaded.config
    if args.lang:
        config = config.with_changes(lang=args.lang)
    if args.theme:
        config = config.with_changes(theme=args.theme)
    i18n.set_language(config.lang)
    return Environment(store_dir(args.db), folder, config, list(loaded.problems))


def _resolve(store: Store, text: str) -> str:
    try:
        return store.resolve_session_id(text)
    except NotFound:
        raise UsageError(t("cli.unknown_session", id=text)) from None


def _load(store: Store, session_id: str) -> Session:
    return Session.from_tables(store.read_session(session_id))


# -- commands -----------------------------------------------------------------------------


def _run_app(
    env: Environment, open_session: str | None = None, *, notes: bool = False, author: str = ""
) -> int:
    from .app import create_app

    app = create_app(
        store=env.open_store(),
        config=env.config,
        config_dir=env.config_dir,
        open_session=open_session,
        startup_problems=env.problems,
        notes=notes,
        author=author,
    )
    app.run()
    return 0


def _notes(env: Environment, args: argparse.Namespace) -> int:
    session_id = _resolve(env.open_store(), args.session) if args.session else None
    return _run_app(env, session_id, notes=True, author=args.author)


def serve_command(env: Environment, notes: bool) -> str:
    """The shell command each browser tab runs: this sessie-tui, on the same store."""
    argv = [sys.executable, "-m", "sessie_tui", "--db", str(env.store_path)]
    argv += ["--config", str(env.config_dir), "--lang", env.config.lang]
    if notes:
        argv.append("notes")
    return shlex.join(argv)


def _serve(env: Environment, args: argparse.Namespace) -> int:
    from textual_serve.server import Server

    if not 0 < args.port < 65536:
        raise UsageError(t("cli.bad_port", port=args.port))
    env.open_store()  # a store that cannot be opened is said here, not in every tab
    if args.host not in LOOPBACK_NAMES:
        print(t("cli.serve_exposed", host=args.host), file=sys.stderr)
    print(t("cli.serving", url=f"http://{args.host}:{args.port}"), flush=True)
    server = Server(
        serve_command(env, args.notes),
        host=args.host,
        port=args.port,
        title="sessie-tui",
    )
    server.serve()
    return 0


def _demo(env: Environment, practice: bool) -> int:
    from .domain.clock import SystemClock
    from .sample import create_practice_session, load_sample_data

    store = env.open_store()
    ready = load_sample_data(store)
    if practice:
        ready = create_practice_session(store, SystemClock(), env.config.lang)
    return _run_app(env, open_session=ready)


def _list(env: Environment, include_practice: bool) -> int:
    store = env.open_store()
    entries = store.list_sessions(include_practice=include_practice)
    for problem in store.problems:
        print(problem.message(env.config.lang), file=sys.stderr)
    for entry in entries:
        title = entry.method_title.get(env.config.lang) or entry.method_id
        status = t(f"status.{entry.status}")
        what = " — ".join(part for part in (entry.network, entry.topic) if part)
        print(f"{entry.id}\t{entry.date or '-'}\t{status}\t{what or '-'}\t{title}")
    return 0


def _export(env: Environment, args: argparse.Namespace) -> int:
    from .report import build_report
    from .report.export import default_report_name, write_report

    store = env.open_store()
    session = _load(store, _resolve(store, args.session))
    audience = Audience(args.audience)
    text = build_report(session, SystemClock(), env.config.lang, audience)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    name = default_report_name(session, audience)
    path = Path(args.output) if args.output else Path.cwd() / name
    write_report(path, text, force=args.force)
    print(t("cli.written", path=str(path)))
    return 0


def _archive(env: Environment, args: argparse.Namespace) -> int:
    from .storage.archive import write_archive

    store = env.open_store()
    session_id = _resolve(store, args.session)
    path = Path(args.output)
    write_archive(store, session_id, path, force=args.force)
    print(t("cli.written", path=str(path)))
    return 0


def _import(env: Environment, args: argparse.Namespace) -> int:
    from .storage.archive import import_archive

    session = import_archive(env.open_store(), Path(args.file))
    print(t("cli.imported", id=session.id))
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        env = _environment(args)
        if args.command is None:
            return _run_app(env)
        if args.command == "demo":
            return _demo(env, args.practice)
        if args.command == "list":
            return _list(env, args.all)
        if args.command == "export":
            return _export(env, args)
        if args.command == "archive":
            return _archive(env, args)
        if args.command == "import":
            return _import(env, args)
        if args.command == "notes":
            return _notes(env, args)
        if args.command == "serve":
            return _serve(env, args)
    except UsageError as error:
        print(f"sessie-tui: {error}", file=sys.stderr)
        return EXIT_USAGE
    except UserFacingError as error:
        print(f"sessie-tui: {error.message(i18n.language())}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    raise AssertionError(f"unhandled command {args.command!r}")


def main() -> None:
    sys.exit(run())

"""The `sessie-tui` command.

    sessie-tui                     the home screen
    sessie-tui demo                load the sample data and open the session that is ready
    sessie-tui list [--all]        one session per line, its id first
    sessie-tui export SESSION      write the report (markdown)
    sessie-tui attest SESSION      an attendance statement (also --network, --verify FILE)
    sessie-tui export SESSION      write the report (markdown, or --format html)
    sessie-tui send SESSION        write the reports as e-mail drafts, nothing is sent
    sessie-tui archive SESSION -o FILE.json / sessie-tui import FILE.json
    sessie-tui notes [SESSION]     the note-taker's view, beside the facilitator
    sessie-tui serve [SESSION]     share a session with the room (127.0.0.1 by default)
    sessie-tui methods [--question KIND] [--minutes N] ...   the methods, best fit first

A wrong argument or an unknown session gets one clear line and exit status 2;
a problem with the store gets one clear line and exit status 1. Never a traceback.
`list` prints every readable session and names each damaged file on stderr; it
exits with status 1 when it found one.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__, collection, i18n
from .argument_errors import language_before_parsing, translated
from .config import Config, load_config
from .domain.audience import Audience
from .domain.clock import SystemClock
from .errors import UserFacingError
from .i18n import t, tn
from .paths import config_dir, config_file, store_dir, user_methods_dir
from .storage.errors import AmbiguousId, NotFound, os_reason
from .storage.store import Store
from .textsafety import make_visible, show_invisible

if TYPE_CHECKING:
    from .domain.network import Member
    from .domain.session import Session
    from .live_network import LiveNetwork
    from .report.attest import Statement
    from .report.leaving import Leaving

EXIT_USAGE = 2
EXIT_FAILURE = 1
LOOPBACK = "127.0.0.1"


def say_out(line: str, *, end: str = "\n") -> None:
    """A line of output on stdout, through the gate: names, topics and paths hold
    what someone typed, and an escape sequence must reach the terminal as "␛",
    never as a command to it. Tabs and line breaks stay what they are."""
    sys.stdout.write(show_invisible(line) + end)
    sys.stdout.flush()


def say_err(message: str) -> None:
    """A message on stderr, through the same gate as `say_out`."""
    sys.stderr.write(show_invisible(message) + "\n")
    sys.stderr.flush()


class UsageError(Exception):
    """A wrong argument: one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line in the user's language, instead of argparse's usage and English."""
        raise UsageError(translated(message))


def _common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Accepted before and after the command; after it, only when given.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default, help="the store folder")
    parser.add_argument("--config", metavar="DIR", default=default, help="the config folder")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=default, help="nl or en")
    parser.add_argument("--theme", metavar="NAME", default=default, help="the colour theme")


def _chooser_options(parser: argparse.ArgumentParser) -> None:
    from .domain.case_kinds import Experience, Goal, QuestionKind

    parser.add_argument(
        "--question", choices=[kind.value for kind in QuestionKind], help="the kind of question"
    )
    parser.add_argument("--minutes", metavar="N", help="the minutes available")
    parser.add_argument("--present", metavar="N", help="how many are present")
    parser.add_argument(
        "--experience",
        choices=[level.value for level in Experience],
        help="the group's experience with intervision",
    )
    parser.add_argument(
        "--goal", choices=[goal.value for goal in Goal], help="what the case holder wants"
    )


COMMON_OPTIONS = ("--db", "--config", "--lang", "--theme")


def _parse_arguments(given: list[str]) -> argparse.Namespace:
    """The arguments. A start of the app with at most the common options (`sessie-tui
    --db PATH`) is understood without building every command's parser (some 7 ms of a
    start); anything else, and any mistake, goes through the full parser."""
    if _only_common_options(given):
        quick = _Parser(prog="sessie-tui", add_help=False)
        _common_options(quick, top=True)
        with contextlib.suppress(UsageError):  # said by the full parser, as always
            return quick.parse_args(given, argparse.Namespace(command=None))
    return build_parser().parse_args(given)


def _only_common_options(given: list[str]) -> bool:
    words = iter(given)
    for word in words:
        if word.partition("=")[0] not in COMMON_OPTIONS:
            return False
        if "=" not in word and next(words, None) is None:
            return False  # an option without its value: the full parser says so
    return True


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
    export = command("export", "write a session's or a network's report as markdown")
    export.add_argument(
        "session", metavar="SESSION", nargs="?", help="a session id (or its unique start)"
    )
    export.add_argument("--network", metavar="NAME", help="the network's report instead")
    export.add_argument("-o", "--output", metavar="FILE", help="the file ('-' for stdout)")
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.add_argument(
        "--audience",
        choices=[audience.value for audience in Audience],
        default=Audience.PARTICIPANTS.value,
        help="the full minutes for participants, or the redacted report for absentees",
    )
    attest = command("attest", "an attendance statement: who attended when, in what role")
    attest.add_argument(
        "session", metavar="SESSION", nargs="?", help="a session id (or its unique start)"
    )
    attest.add_argument("--network", metavar="NAME", help="every meeting of a network instead")
    attest.add_argument("--member", metavar="NAME", help="only this person")
    attest.add_argument(
        "--format", choices=("md", "html"), help="markdown or HTML (default: from -o, else md)"
    )
    attest.add_argument("-o", "--output", metavar="FILE", help="the file (default: stdout)")
    attest.add_argument("--force", action="store_true", help="replace an existing file")
    attest.add_argument("--verify", metavar="FILE", help="check a statement against the store")
    export.add_argument(
        "--format",
        choices=["md", "html"],
        default="md",
        help="markdown, or a web page that prints to PDF from a browser",
    )
    send = command("send", "write the reports as e-mail drafts (.eml) to those present and absent")
    send.add_argument("session", metavar="SESSION")
    send.add_argument("-o", "--output", metavar="DIR", help="the folder (default: here)")
    send.add_argument("--force", action="store_true", help="replace existing drafts")
    archive = command("archive", "write a whole session to a JSON archive")
    archive.add_argument("session", metavar="SESSION")
    archive.add_argument("-o", "--output", metavar="FILE", required=True)
    archive.add_argument("--force", action="store_true", help="replace an existing file")
    importing = command("import", "add a session from a JSON archive to the store")
    importing.add_argument("file", metavar="FILE")
    notes = command("notes", "take notes in a session in progress, beside the facilitator")
    notes.add_argument("session", metavar="SESSION", nargs="?", help="without it: choose one")
    notes.add_argument("--as", dest="author", metavar="NAME", default="", help="who is writing")
    serve = command("serve", "share a session with the room's laptops and phones")
    serve.add_argument(
        "session", metavar="SESSION", nargs="?", help="without it: the one running session"
    )
    serve.add_argument("--port", type=int, default=8000, help="the port (default 8000; 0: free)")
    serve.add_argument(
        "--host",
        default=LOOPBACK,
        help=f"the address to listen on (default {LOOPBACK}; 0.0.0.0: the room's network)",
    )
    serve.add_argument("--quiet", action="store_true", help="print nothing (the app reads it)")
    # The app's own: stop when standard input (a pipe the app holds) ends. Not for users.
    serve.add_argument("--stop-with-parent", action="store_true", help=argparse.SUPPRESS)
    delete = command("delete", "delete a session from the store's files")
    delete.add_argument("session", metavar="SESSION")
    delete.add_argument(
        "--yes", action="store_true", help="really delete (else: say what would go)"
    )
    purge = command("purge", "remove case content whose retention period is over")
    purge.add_argument("--dry-run", action="store_true", help="say what goes when, remove nothing")
    methods = command("methods", "the methods, best fit first, with the reasons")
    _chooser_options(methods)
    network = command("network", "learning networks: list, create, import a roster, delete")
    actions = network.add_subparsers(dest="network_command", metavar="ACTION", required=True)

    def network_action(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help_text, description=help_text)
        _common_options(sub, top=False)
        return sub

    network_action("list", "one network per line, its id first")
    create = network_action("create", "a new network")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--subject", default="", help="the network's theme")
    create.add_argument("--goal", default="")
    roster = network_action("roster", "import members from a CSV file (all or nothing)")
    roster.add_argument("network", metavar="NETWORK")
    roster.add_argument("file", metavar="FILE.csv")
    roster.add_argument("--skip-bad-rows", action="store_true", help="import only the good rows")
    ledger = network_action("ledger", "per member: cases brought, discussed, and the last one")
    ledger.add_argument("network", metavar="NETWORK")
    remove = network_action("remove-member", "remove a member, also from the meetings' files")
    remove.add_argument("network", metavar="NETWORK")
    remove.add_argument("member", metavar="NAME")
    remove.add_argument("--yes", action="store_true", help="really remove")
    keep = network_action("retention", "how many days a meeting's case content is kept")
    keep.add_argument("network", metavar="NETWORK")
    keep.add_argument("days", metavar="DAYS|off", type=_retention_days)
    drop = network_action("delete", "delete a network and all its meetings")
    drop.add_argument("network", metavar="NETWORK")
    drop.add_argument("--yes", action="store_true", help="really delete")
    return parser


@dataclass
class Environment:
    """What every command works with: the store's folder, the config and what was wrong with it."""

    store_path: Path
    config_dir: Path
    config: Config
    problems: list[str]
    store: Store | None = None
    said: set[str] = field(default_factory=set)

    def open_store(self) -> Store:
        if self.store is None:
            self.store = Store(self.store_path)
            # Said at once, before any command's output; the app shows it again.
            for problem in self.store.problems:
                if problem.warning:
                    self.say(problem)
        return self.store

    def say(self, error: UserFacingError) -> None:
        """One line on stderr; the same message is never said twice."""
        text = error.message(self.config.lang)
        if text not in self.said:
            self.said.add(text)
            say_err(f"sessie-tui: {text}")

    def say_store_problems(self) -> bool:
        """Each problem the store met, one line each; True if any needs action."""
        if self.store is None:
            return False
        problems = list(self.store.problems)
        self.store.problems.clear()
        for problem in problems:
            self.say(problem)
        return any(not problem.notice for problem in problems)


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
    except AmbiguousId as ambiguous:  # a wrong argument, like an unknown id
        raise UsageError(ambiguous.message(i18n.language())) from None


def _load(store: Store, session_id: str) -> Session:
    from .domain.session import Session

    return store.load_session(session_id, Session.from_tables)


# -- commands -----------------------------------------------------------------------------


def _run_app(
    env: Environment, open_session: str | None = None, *, notes: bool = False, author: str = ""
) -> int:
    # Held back while the app starts; the app lets it run once its first screen stands.
    collection.pause()
    try:
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
    finally:
        collection.resume()  # the app stopped before its first screen stood
    if app.crash_message:  # an unexpected error, already logged: said plainly, status 1
        say_err(app.crash_message)
        return EXIT_FAILURE
    return app.return_code or 0


def _notes(env: Environment, args: argparse.Namespace) -> int:
    store = env.open_store()
    session_id = _resolve(store, args.session) if args.session else None
    if session_id is not None:
        _load(store, session_id)  # a damaged file is said here, before the screen opens
    return _run_app(env, session_id, notes=True, author=args.author)


def notes_command(env: Environment, session_id: str, name: str) -> str:
    """The shell command of a note-taker's terminal in the browser: this sessie-tui, on
    the same store, in the note-taker's view of this session as this participant."""
    argv = [sys.executable, "-m", "sessie_tui", "--db", str(env.store_path)]
    argv += ["--config", str(env.config_dir), "--lang", env.config.lang]
    argv += ["notes", session_id, "--as", name]
    return shlex.join(argv)


def _session_to_share(store: Store, given: str | None) -> str:
    if given:
        return _resolve(store, given)
    from .domain.session import SessionStatus

    running = [e.id for e in store.list_sessions() if e.status == SessionStatus.RUNNING.value]
    if len(running) == 1:
        return running[0]
    if not running:
        raise UsageError(t("cli.serve_none"))
    raise UsageError(t("cli.serve_which", count=len(running), ids=", ".join(running)))


def _serve(env: Environment, args: argparse.Namespace) -> int:
    import asyncio

    from .domain.session import RuleViolation
    from .room.addresses import parse_host
    from .room.server import ShareRefused, Started, run_share

    if not 0 <= args.port < 65536:
        raise UsageError(t("cli.bad_port", port=args.port))
    try:
        host = parse_host(args.host)
    except RuleViolation as error:
        raise UsageError(error.message(env.config.lang)) from None
    store = env.open_store()
    session_id = _session_to_share(store, args.session)
    _load(store, session_id)  # a damaged file is said here, before anyone joins

    def announce(started: Started) -> None:
        if args.quiet:
            return
        listening = started.listening
        urls = listening.to_print()
        for url in urls:
            say_out(t("cli.serving", url=url))
        for url in urls:
            say_out(t("cli.serve_link", url=started.share.join_url(url)))
        code_url = f"{urls[0]}/C/{started.share.code}"
        say_out(t("cli.serve_code", code=started.share.code, url=code_url))
        if not listening.loopback_only:
            say_err(t("cli.serve_exposed", host=args.host))

    try:
        asyncio.run(
            run_share(
                store,
                session_id,
                env.config.lang,
                host,
                args.port,
                announce=announce,
                terminal_command=lambda name: notes_command(env, session_id, name),
                stop_with_parent=args.stop_with_parent,
            )
        )
    except ShareRefused as refusal:
        raise UsageError(str(refusal)) from None
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
    status = EXIT_FAILURE if env.say_store_problems() else 0
    for entry in entries:
        title = entry.method_title.get(env.config.lang) or entry.method_id
        what = " — ".join(part for part in (entry.network, entry.topic) if part)
        label = t(f"status.{entry.status}")
        cells = (entry.id, entry.date or "-", label, what or "-", title)
        # A tab inside a cell would shift the columns: each cell on one line, tabs as spaces.
        say_out("\t".join(make_visible(cell) for cell in cells))
    return status


def _export(env: Environment, args: argparse.Namespace) -> int:
    from .report import session_report_source
    from .report.export import write_report
    from .report.leaving import to_file, to_stdout
    from .report.network_report import network_report_source

    store = env.open_store()
    if args.network:
        live = _network(store, args.network)
        source = network_report_source(live.network, live.meetings(), env.config.lang)
    elif args.session:
        session = _load(store, _resolve(store, args.session))
        source = session_report_source(session, SystemClock(), env.config.lang)
    else:
        raise UsageError(t("cli.export_what"))
    audience = Audience(args.audience)
    as_html = args.format == "html"
    text = source.html(audience) if as_html else source.build(audience)
    if args.output == "-":
        _say_what_leaves(source.leaves(audience), [to_stdout(env.config.lang)], env)
        # The report builder made every text visible already; the gate makes sure.
        say_out(text, end="")
        return 0
    name = source.html_name(audience) if as_html else source.file_name(audience)
    path = Path(args.output) if args.output else Path.cwd() / name
    _say_what_leaves(source.leaves(audience), [to_file(str(path), env.config.lang)], env)
    write_report(path, text, force=args.force)
    say_out(t("cli.written", path=str(path)))
    return 0


def _attest(env: Environment, args: argparse.Namespace) -> int:
    """An attendance statement to stdout or a private file, or `--verify` of one."""
    from .report.attest import AttestRefused
    from .report.attest_render import render
    from .report.export import write_report

    if args.verify is not None:
        if args.session or args.network or args.member or args.format or args.output:
            raise UsageError(t("attest.verify_alone"))
        return _verify_statement(env, Path(args.verify))
    if bool(args.session) == bool(args.network):
        raise UsageError(t("attest.what"))
    store = env.open_store()
    try:
        statement = _statement(store, args, env.config.lang)
    except AttestRefused as refused:  # a meeting not held, a person not there: an argument
        raise UsageError(refused.message(env.config.lang)) from None
    html_file = bool(args.output) and Path(args.output).suffix.lower() in (".html", ".htm")
    text = render(statement, args.format or ("html" if html_file else "md"))
    if not args.output or args.output == "-":
        say_out(text, end="")
        return 0
    path = Path(args.output)
    write_report(path, text, force=args.force)
    say_out(t("cli.written", path=str(path)))
    return 0


def _statement(store: Store, args: argparse.Namespace, lang: str) -> Statement:
    from .report.attest import (
        find_member,
        find_participant,
        network_statement,
        session_statement,
    )

    if args.network:
        live = _network(store, args.network)
        member = find_member(live.network, args.member) if args.member else None
        return network_statement(live.network, live.meetings(), member, lang)
    session = _load(store, _resolve(store, args.session))
    person = find_participant(session, args.member) if args.member else None
    return session_statement(session, person, lang)


def _verify_statement(env: Environment, path: Path) -> int:
    from .report.attest import (
        SESSION_SCOPE,
        AttestRefused,
        Scope,
        network_statement,
        session_statement,
    )
    from .report.attest_verify import NotAStatement, read_statement, verify
    from .report.common import translator

    try:
        read = read_statement(path)
    except NotAStatement as problem:  # not a statement at all: a wrong argument
        raise UsageError(problem.message(env.config.lang)) from None
    store = env.open_store()

    def derive(scope: Scope) -> Statement:
        if scope.kind == SESSION_SCOPE:
            if not store.session_exists(scope.id):
                raise AttestRefused("attest.gone", id=scope.id)
            return session_statement(_load(store, scope.id), scope.person, scope.lang)
        if not store.network_exists(scope.id):
            raise AttestRefused("attest.gone", id=scope.id)
        live = _network(store, scope.id)
        return network_statement(live.network, live.meetings(), scope.person, scope.lang)

    verdict = verify(read, derive, translator(env.config.lang))
    if verdict.matches:
        say_out(t("attest.verified", fingerprint=verdict.fingerprint))
        return 0
    say_out(t("attest.not_verified"))
    for difference in verdict.differences:
        say_out(f"- {difference}")
    return EXIT_FAILURE


def _say_what_leaves(leaving: Leaving, where: list[str], env: Environment) -> None:
    """What leaves the machine, on stderr as it is written (stdout keeps the result)."""
    from .report.leaving import describe

    for line in describe(leaving, env.config.lang, where):
        say_err(line)


def _send(env: Environment, args: argparse.Namespace) -> int:
    from .live_network import LiveNetwork
    from .report.drafts import make_drafts, write_drafts
    from .report.leaving import recipients_lines, session_leaving, without_address_line

    store = env.open_store()
    lang = env.config.lang
    session = _load(store, _resolve(store, args.session))
    members: dict[str, Member] = {}
    network_id = session.info.network_id
    if network_id and store.network_exists(network_id):
        members = dict(LiveNetwork(store, network_id, SystemClock()).network.members)
    folder = Path(args.output) if args.output else Path.cwd()
    drafts = make_drafts(session, members, SystemClock(), lang, folder)
    for draft in drafts:
        to = draft.to.name if draft.to else None
        where = recipients_lines(to, [r.name for r in draft.blind], lang)
        _say_what_leaves(session_leaving(session, draft.audience, lang), where, env)
    write_drafts(drafts, force=args.force)
    for draft in drafts:
        say_out(t("cli.written", path=str(draft.path)))
        if draft.addressees.without_address:
            say_out(without_address_line(draft.addressees.without_address, lang))
    return 0


def _archive(env: Environment, args: argparse.Namespace) -> int:
    from .report.leaving import archive_leaving, to_file
    from .storage.archive import write_archive

    store = env.open_store()
    session_id = _resolve(store, args.session)
    path = Path(args.output)
    leaving = archive_leaving(_load(store, session_id), env.config.lang)
    _say_what_leaves(leaving, [to_file(str(path), env.config.lang)], env)
    write_archive(store, session_id, path, force=args.force)
    say_out(t("cli.written", path=str(path)))
    return 0


def _network(store: Store, text: str) -> LiveNetwork:
    """A network by its id or name (any case), else by a part of either that only it has."""
    from .live_network import LiveNetwork

    wanted = text.strip().casefold()
    networks: dict[str, LiveNetwork] = {}
    damaged: list[UserFacingError] = []
    for nid in store.network_ids():
        try:
            networks[nid] = LiveNetwork(store, nid, SystemClock())
        except UserFacingError as error:  # another network's damage must not block this one
            damaged.append(error)
    exact = [n for nid, n in networks.items() if wanted in (nid, n.network.name.casefold())]
    if len(exact) == 1:
        return exact[0]
    parts = [
        n
        for nid, n in networks.items()
        if wanted and (wanted in nid or wanted in n.network.name.casefold())
    ]
    if len(parts) == 1:
        return parts[0]
    if damaged and not parts:
        raise damaged[0]  # perhaps the one asked for: say what is wrong with it
    raise UsageError(t("cli.unknown_network", name=text))


def _delete(env: Environment, args: argparse.Namespace) -> int:
    store = env.open_store()
    session_id = _resolve(store, args.session)
    if not args.yes:
        say_out(t("cli.would_delete_session", id=session_id))
        return EXIT_USAGE
    store.delete_session(session_id)
    say_out(t("home.deleted", id=session_id))
    return 0


def _retention_days(text: str) -> int | None:
    """`30` (days) or `off` (no retention period of the network's own)."""
    from .domain.retention import parse_retention_days

    try:
        return parse_retention_days(text) if text.strip() else _refuse_days(text)
    except ValueError:
        return _refuse_days(text)


def _refuse_days(text: str) -> int | None:
    raise argparse.ArgumentTypeError(t("retention.bad_days", value=text))


def _purge(env: Environment, args: argparse.Namespace) -> int:
    from . import retention

    store = env.open_store()
    clock = SystemClock()
    if not args.dry_run:
        purged = retention.purge(store, env.config.retention_days, clock)
        for session_id in purged.sessions:
            say_out(t("retention.removed", id=session_id))
        if purged.copies:
            say_out(tn("retention.copies", purged.copies))
        for problem in purged.failed:
            env.say(problem)
        if purged.failed:
            return EXIT_FAILURE
    today = retention.today(clock)
    planned = retention.plan(store, env.config.retention_days)
    for item in planned:
        when = "retention.due_now" if item.due(today) else "retention.due_on"
        say_out(t(when, id=item.session_id, date=item.meeting_date, on=item.removal_date))
    if not planned:
        say_out(t("retention.nothing_planned"))
    return 0


def _network_command(env: Environment, args: argparse.Namespace) -> int:
    from .domain.roster import read_roster
    from .live_network import LiveNetwork, RosterRefused, create_network

    store = env.open_store()
    lang = env.config.lang
    if args.network_command == "list":
        status = 0
        for network_id in store.network_ids():
            try:
                network = LiveNetwork(store, network_id, SystemClock()).network
            except UserFacingError as error:  # one damaged file: named, the others listed
                env.say(error)
                status = EXIT_FAILURE
                continue
            label = t(f"networks.status.{network.status.value}")
            cells = (network.id, network.name, str(len(network.members)), label)
            say_out("\t".join(make_visible(cell) for cell in cells))
        return status
    if args.network_command == "create":
        network_id = create_network(
            store,
            name=args.name,
            theme=args.subject,
            goal=args.goal,
            clock=SystemClock(),
            lang=lang,
        )
        say_out(network_id)
        return 0
    live = _network(store, args.network)
    if args.network_command == "roster":
        path = Path(args.file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UsageError(t("archive.unreadable", path=str(path), reason=str(error))) from None
        result = read_roster(data, [m.name for m in live.network.members.values()])
        for problem in result.problems:
            say_err(t(problem.key, **problem.message_params))
        try:
            count = live.import_roster(result, skip_bad_rows=args.skip_bad_rows)
        except RosterRefused as refused:
            say_err(f"sessie-tui: {refused.message(lang)}")
            return EXIT_FAILURE
        say_out(t("members.imported", count=count))
        for key, params in live.network.size_warnings():
            say_err(t(key, **params))
        return 0
    if args.network_command == "remove-member":
        return _remove_member(live, args, lang)
    if args.network_command == "retention":
        live.set_retention(args.days)
        if args.days is None:
            say_out(t("retention.network_off", name=live.network.name))
        else:
            say_out(t("retention.network_set", name=live.network.name, days=args.days))
        return 0
    if args.network_command == "ledger":
        return _ledger(live)
    removal = live.what_delete_removes()
    if not args.yes:
        say_out(
            t(
                "networks.delete",
                name=live.network.name,
                sessions=removal.sessions,
                members=removal.members,
            )
        )
        return EXIT_USAGE
    live.delete()
    say_out(t("networks.deleted", name=live.network.name))
    return 0


def _ledger(live: LiveNetwork) -> int:
    """The fair ledger, one member a line (name, brought, discussed, last), then the bank."""
    from .domain.case_bank import fair_ledger
    from .widgets.case_round import ledger_last

    network = live.network
    members = {member.id: member.name for member in network.members.values()}
    for row in fair_ledger(members, live.meetings(), network.case_bank):
        cells = (row.name, str(row.brought), str(row.taken), ledger_last(row))
        say_out("\t".join(make_visible(cell) for cell in cells))
    waiting = sum(1 for case in network.case_bank.values() if case.open)
    say_out(t("network.ledger.bank", count=waiting))
    return 0


def _remove_member(live: LiveNetwork, args: argparse.Namespace, lang: str) -> int:
    """A member by their name in any case, accents or spacing; erased from every file."""
    from .domain.names import fold

    wanted = fold(args.member)
    matches = [m for m in live.network.members.values() if fold(m.name) == wanted]
    if len(matches) != 1:
        raise UsageError(t("cli.unknown_member", name=args.member))
    member = matches[0]
    meetings = len(live.store.sessions_of_network(live.id))
    if not args.yes:
        say_out(t("members.remove", name=member.name, meetings=meetings))
        return EXIT_USAGE
    erasure = live.remove_member(member.id, lang)
    say_out(t("members.removed", name=member.name))
    for line in erasure.left_behind(lang):
        say_err(line)
    return 0


def _count(text: str | None, option: str) -> int | None:
    """A whole number from 1 given with `option`, or None when it was not given."""
    if text is None:
        return None
    if not (text.isascii() and text.isdecimal() and int(text) >= 1):
        raise UsageError(t("cli.bad_count", option=option, value=text))
    return int(text)


def _methods(env: Environment, args: argparse.Namespace) -> int:
    """Every method, best fit first, each with what fits and what does not."""
    from .chooser_text import reason_lines
    from .domain.case_kinds import Experience, Goal, QuestionKind
    from .domain.chooser import Needs, rank_methods
    from .methods import load_methods

    needs = Needs(
        question=QuestionKind(args.question) if args.question else None,
        minutes=_count(args.minutes, "--minutes"),
        present=_count(args.present, "--present"),
        experience=Experience(args.experience) if args.experience else None,
        goal=Goal(args.goal) if args.goal else None,
    )
    lang = env.config.lang
    library = load_methods(user_methods_dir(env.config_dir))
    for problem in library.problems:  # a broken own method file: named, the others ranked
        say_err(f"sessie-tui: {problem}")
    for rank, suggestion in enumerate(rank_methods(library.methods.values(), needs, lang), 1):
        method = suggestion.method
        say_out(f"{rank}. {make_visible(method.title.get(lang))} ({method.id})")
        for heading, reasons in reason_lines(suggestion.reasons, lang):
            say_out(f"   {heading}: {make_visible(reasons)}")
    return EXIT_FAILURE if library.problems else 0


def _import(env: Environment, args: argparse.Namespace) -> int:
    from .storage.archive import import_archive

    session = import_archive(env.open_store(), Path(args.file))
    say_out(t("cli.imported", id=session.id))
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    opened: list[Environment] = []
    # Until the arguments are understood: the language to say a mistake in them in.
    i18n.set_language(language_before_parsing(sys.argv[1:] if argv is None else argv))
    try:
        args = _parse_arguments(sys.argv[1:] if argv is None else list(argv))
        env = _environment(args)
        opened.append(env)
        status = _command(env, args)
        env.say_store_problems()  # met along the way, e.g. a catalog that could not be written
        return status
    except UsageError as error:
        say_err(f"sessie-tui: {error}")
        return EXIT_USAGE
    except UserFacingError as error:
        if opened:
            opened[0].say_store_problems()
            opened[0].say(error)
        else:
            say_err(f"sessie-tui: {error.message(i18n.language())}")
        return EXIT_FAILURE
    except BrokenPipeError:
        # The reader stopped reading (`| head`): what it wanted, it has. Python would
        # complain again when it flushes stdout at exit; point stdout nowhere instead.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # the last net: one line naming the file, never a traceback
        where = error.filename or "sessie-tui"
        reason = os_reason(error)
        text = reason if isinstance(reason, str) else reason.say(i18n.language())
        say_err(f"sessie-tui: {t('cli.os_error', path=str(where), reason=text)}")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: one line naming the log, never a traceback
        from .crash import record_crash

        record = record_crash(error)
        said = t("crash.cli", log=str(record.log)) if record.log else t("crash.cli_unlogged")
        say_err(f"sessie-tui: {said}")
        return EXIT_FAILURE


def _command(env: Environment, args: argparse.Namespace) -> int:
    if args.command is None:
        return _run_app(env)
    if args.command == "demo":
        return _demo(env, args.practice)
    if args.command == "list":
        return _list(env, args.all)
    commands: dict[str, Callable[[Environment, argparse.Namespace], int]] = {
        "export": _export,
        "attest": _attest,
        "send": _send,
        "archive": _archive,
        "import": _import,
        "notes": _notes,
        "serve": _serve,
        "delete": _delete,
        "purge": _purge,
        "network": _network_command,
        "methods": _methods,
    }
    return commands[args.command](env, args)


def main() -> None:
    sys.exit(run())

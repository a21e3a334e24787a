"""Shared fixtures: a temporary store, a frozen clock, the app built by the real factory.

No test touches the user's real data or config: the store and config
folders are temporary, and the environment variables that point at real
ones are cleared.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sessie_tui import i18n
from sessie_tui.app import SessieApp, create_app
from sessie_tui.config import Config
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.participants import Attendance, Participant, Role
from sessie_tui.domain.session import SessionInfo
from sessie_tui.live import LiveSession, create_session
from sessie_tui.live_network import LiveNetwork, create_network
from sessie_tui.methods import MethodLibrary, load_methods
from sessie_tui.storage.store import Store

TIMEZONE = "Europe/Brussels"
REPORT_DIR = Path("/verslagen")

PEOPLE = (
    ("p-an", "An Peeters", Role.FACILITATOR, Attendance.PRESENT),
    ("p-bart", "Bart De Smet", Role.CASE_HOLDER, Attendance.PRESENT),
    ("p-sofie", "Sofie Claes", Role.NOTE_TAKER, Attendance.PRESENT),
    ("p-dries", "Dries Maes", Role.PARTICIPANT, Attendance.PRESENT),
    ("p-els", "Els Janssens", Role.PARTICIPANT, Attendance.PRESENT),
    ("p-filip", "Filip Wouters", Role.PARTICIPANT, Attendance.ABSENT),
    ("p-griet", "Griet Goossens", Role.PARTICIPANT, Attendance.EXCUSED),
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that compares a rendered screen is marked `snapshot`: the job against the
    newest Textual leaves those out (they are reviewed at an upgrade, see `.ci/run`).

    A test that runs the app (every `async` test here drives it with Textual's pilot,
    and every snapshot renders it) is also `slow`: a few tenths of a second each, most
    of the suite's time. `pytest -m "not slow"` leaves them out: the loop for work on
    the domain, the store and the reports (see the README)."""
    for item in items:
        if "snap_compare" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.snapshot)
            item.add_marker(pytest.mark.slow)
        elif inspect.iscoroutinefunction(getattr(item, "function", None)):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("SESSIE_TUI_DB", str(tmp_path / "env-store"))
    monkeypatch.setenv("SESSIE_TUI_CONFIG", str(tmp_path / "env-config"))
    monkeypatch.setenv("SESSIE_TUI_LOG", str(tmp_path / "env-log"))
    monkeypatch.setenv("SESSIE_TUI_CACHE", str(tmp_path / "env-cache"))
    monkeypatch.setenv("TZ", TIMEZONE)
    yield
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store")


@pytest.fixture(scope="session")
def methods() -> MethodLibrary:
    return load_methods()


def participants() -> list[Participant]:
    return [Participant(pid, name, role, attendance) for pid, name, role, attendance in PEOPLE]


@pytest.fixture
def new_session(
    store: Store, clock: FakeClock, methods: MethodLibrary
) -> Callable[..., LiveSession]:
    """A session of seven people (five present) with the default method, in setup."""

    def make(
        method_id: str = "incidentmethode", session_id: str = "20261123-test", **info: object
    ) -> LiveSession:
        details = {
            "network": "Lerend netwerk Zorg Gent",
            "topic": "Grenzen stellen",
            "date": "2026-11-23",
            "place": "CLB Gent",
            "number": 3,
            **info,
        }
        create_session(
            store,
            method=methods.get(method_id),
            clock=clock,
            lang="nl",
            info=SessionInfo(**details),  # type: ignore[arg-type]
            participants=participants(),
            session_id=session_id,
            timezone=TIMEZONE,
        )
        return LiveSession(store, session_id, clock)

    return make


@pytest.fixture
def make_app(store: Store, clock: FakeClock, methods: MethodLibrary) -> Callable[..., SessieApp]:
    def make(
        lang: str = "nl",
        open_session: str | None = None,
        report_dir: Path = REPORT_DIR,
        **config: object,
    ) -> SessieApp:
        return create_app(
            store=store,
            config=Config(lang=lang, timezone=TIMEZONE, **config),  # type: ignore[arg-type]
            clock=clock,
            methods=methods,
            open_session=open_session,
            report_dir=report_dir,
        )

    return make


@pytest.fixture
def network(store: Store, clock: FakeClock) -> LiveNetwork:
    """An empty learning network, as made with "new network"."""
    network_id = create_network(
        store, name="Lerend netwerk Zorgcoördinatoren", clock=clock, lang="nl", theme="Zorg"
    )
    return LiveNetwork(store, network_id, clock)


def acknowledge_all(live: LiveSession) -> None:
    for person in live.session.present():
        live.acknowledge(person.id)

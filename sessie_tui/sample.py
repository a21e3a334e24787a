"""The bundled sample data: a learning network, three finished meetings and the next one.

`sessie-tui demo` loads them into the store (once: a sample session already
there is left as it is, with whatever the user did to it) and opens the
session that is ready to start.
"""

from __future__ import annotations

from pathlib import Path

from .domain.clock import Clock
from .domain.method import Method
from .domain.session import Session, SessionStatus
from .i18n import translate
from .live import create_session
from .paths import bundled
from .storage.archive import read_archive, read_network_archive
from .storage.errors import StoreError
from .storage.store import Store


def sample_archives() -> list[Path]:
    return sorted((bundled("sample_data") / "sessions").glob("*.json"))


def sample_network_archives() -> list[Path]:
    return sorted((bundled("sample_data") / "networks").glob("*.json"))


def load_sample_data(store: Store) -> str | None:
    """Import the sample network and sessions not in the store yet; the ready session's id."""
    for path in sample_network_archives():
        network, tables = read_network_archive(path)
        if not store.network_exists(network.id):
            store.create_network(network.id, tables)
    ready: str | None = None
    for path in sample_archives():
        session, tables = read_archive(path)
        if not store.session_exists(session.id):
            store.create_session(session.id, tables)
        if session.status is SessionStatus.SETUP:
            ready = session.id
    if ready is None:
        raise StoreError("demo.no_ready_session", path=str(bundled("sample_data")))
    return ready


def _ready_sample() -> Session:
    for path in sample_archives():
        session, _ = read_archive(path)
        if session.status is SessionStatus.SETUP:
            return session
    raise StoreError("demo.no_ready_session", path=str(bundled("sample_data")))


def create_practice_session(
    store: Store, clock: Clock, lang: str, method: Method | None = None
) -> str:
    """A practice session with the sample network's people: a rehearsal, on a fast clock.

    Practice sessions are marked as such and left out of `sessie-tui list`.
    """
    import pendulum  # a practice session only: not on every demo start

    sample = _ready_sample()
    today = pendulum.from_timestamp(clock.time(), tz=sample.timezone).to_date_string()
    info = sample.info.with_changes(
        topic=translate("practice.topic", lang), date=today, number=None
    )
    return create_session(
        store,
        method=method or sample.method,
        clock=clock,
        lang=lang,
        info=info,
        participants=sample.participants.values(),
        practice=True,
        timezone=sample.timezone,
    )

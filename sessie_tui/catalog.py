"""The store as the screens see it: sessions and networks to list, open, create, delete.

Screens talk to this catalog, to `LiveSession` and to `LiveNetwork`, never to the
store itself (a test checks): what the files hold, and how they are kept, stays
behind these doors.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .domain.record import record
from .storage.store import CatalogEntry, Store

if TYPE_CHECKING:
    from .domain.clock import Clock
    from .domain.method import Method
    from .domain.retention import Retention
    from .live import LiveSession
    from .live_network import LiveNetwork
    from .retention import Purged
    from .storage.errors import StoreError

# The home screen lists sessions through this catalog as the app starts: what opens,
# creates or purges them is imported when that is asked for, not before the first frame.

__all__ = ["CatalogEntry", "SessionCatalog"]


@record
class SessionCatalog:
    """The sessions and networks in one store."""

    store: Store
    clock: Clock

    # -- sessions ------------------------------------------------------------------------

    def sessions(self, include_practice: bool = True) -> list[CatalogEntry]:
        return self.store.list_sessions(include_practice=include_practice)

    def session_exists(self, session_id: str) -> bool:
        return self.store.session_exists(session_id)

    def open_session(self, session_id: str) -> LiveSession:
        from .live import LiveSession

        return LiveSession(self.store, session_id, self.clock)

    def create_session(self, *, method: Method, lang: str, timezone: str | None) -> str:
        from .live import create_session

        return create_session(
            self.store, method=method, clock=self.clock, lang=lang, timezone=timezone
        )

    def create_practice_session(self, method: Method, lang: str) -> str:
        from .sample import create_practice_session  # the sample is read only when asked

        return create_practice_session(self.store, self.clock, lang, method)

    def delete_session(self, session_id: str) -> None:
        self.store.delete_session(session_id)

    def retention_plan(
        self, entries: list[CatalogEntry], default_days: int | None
    ) -> list[Retention]:
        """When the listed meetings lose their case content (see `retention`)."""
        from . import retention

        return retention.plan(self.store, default_days, entries)

    def purge_expired(self, default_days: int | None) -> Purged:
        """Remove the case content whose retention period is over."""
        from . import retention

        return retention.purge(self.store, default_days, self.clock)

    def today(self) -> str:
        from . import retention

        return retention.today(self.clock)

    # -- networks ------------------------------------------------------------------------

    def network_ids(self) -> list[str]:
        return self.store.network_ids()

    def network_exists(self, network_id: str) -> bool:
        return self.store.network_exists(network_id)

    def open_network(self, network_id: str) -> LiveNetwork:
        from .live_network import LiveNetwork

        return LiveNetwork(self.store, network_id, self.clock)

    def create_network(self, **fields: Any) -> str:
        """A new network (`create_network`'s fields: name, theme, goal, lang, ...)."""
        from .live_network import create_network

        return create_network(self.store, clock=self.clock, **fields)

    # -- what the store met, and what a crash left ---------------------------------------

    def take_problems(self) -> list[StoreError]:
        """The problems the store met since the last call (each said once)."""
        problems = list(self.store.problems)
        self.store.problems.clear()
        return problems

    def pending_recoveries(self) -> list[Path]:
        """Recovery files of notes that could not be saved before an earlier quit."""
        from .storage import recovery

        return recovery.pending(self.store.root)

    @staticmethod
    def read_recovery(path: Path) -> tuple[str, list[dict[str, Any]]]:
        """The session id and the notes in one recovery file."""
        from .storage import recovery

        return recovery.read_recovery(path)

    @staticmethod
    def discard_recovery(path: Path) -> None:
        from .storage import recovery

        recovery.discard(path)

"""The share's guards that need no session: limits, the CSRF token, what kind of device.

Kept apart from the server so that each is small and tested on its own.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections import deque
from collections.abc import Callable

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
TERMINAL_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
"""The note-taker's terminal page: xterm.js sets its own styles at run time (a style
element of its own). Scripts stay the page's own files only."""

SECURITY_HEADERS = {
    # Never a referrer to another host; to its own origin it may go: with "no-referrer"
    # browsers send `Origin: null` on the page's own form posts, which the origin check
    # must refuse.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

MAX_BODY = 16 * 1024
DEVICE_REQUESTS_PER_SECOND = 10
MAX_SOCKETS_PER_DEVICE = 3
CODE_TRIES_PER_ADDRESS = 5
CODE_TRIES_OVERALL = 20
CODE_WINDOW_SECONDS = 60.0


def csrf_token(device_token: str) -> str:
    """What a device's page sends with every POST: only the page itself can know it
    (the cookie it derives from is HttpOnly, and another site cannot read the page)."""
    return hmac.new(device_token.encode(), b"csrf", hashlib.sha256).hexdigest()


def csrf_valid(device_token: str, given: str) -> bool:
    return hmac.compare_digest(csrf_token(device_token).encode(), given.encode())


class RateLimit:
    """At most `limit` events per `window` seconds for each key (a sliding window)."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        now = self.clock()
        seen = self._seen.setdefault(key, deque())
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        if len(self._seen) > 10_000:  # keys of long-gone clients: forgotten
            self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - self.window}
        return True


def device_kind(user_agent: str) -> str:
    """ "phone", "tablet" or "laptop", from the browser's own description: for the
    facilitator's list of devices only, never for a decision."""
    agent = user_agent.lower()
    if "ipad" in agent or "tablet" in agent or ("android" in agent and "mobile" not in agent):
        return "tablet"
    if "mobi" in agent or "iphone" in agent:
        return "phone"
    return "laptop"

"""What can go wrong with the store, in words a user can act on."""

from __future__ import annotations

import errno
from pathlib import Path

from ..errors import UserFacingError


class StoreError(UserFacingError):
    """Something about the store's files; the message names the file."""


class NotFound(StoreError):
    def __init__(self, what: str) -> None:
        super().__init__("store.not_found", what=what)


class DamagedFile(StoreError):
    """A file that cannot be read as it should be. Its bytes are kept, moved aside."""

    def __init__(self, path: Path, reason: str, moved_to: Path | None = None) -> None:
        self.path = path
        self.reason = reason
        self.moved_to = moved_to
        if moved_to is None:
            super().__init__("store.damaged", path=str(path), reason=reason)
        else:
            super().__init__(
                "store.damaged_moved", path=str(path), reason=reason, moved_to=str(moved_to)
            )


class NewerFile(StoreError):
    """A file written by a newer sessie-tui; left exactly as it is."""

    def __init__(self, path: Path, version: int, supported: int) -> None:
        self.path = path
        super().__init__("store.newer", path=str(path), version=version, supported=supported)


class StoreBusy(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__("store.busy", path=str(path))


class WriteFailed(StoreError):
    """Writing failed; the file on disk is still the previous, whole version."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        self.error = error
        if error.errno == errno.ENOSPC:
            key = "store.disk_full"
        elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            key = "store.read_only"
        else:
            key = "store.write_failed"
        super().__init__(key, path=str(path), reason=error.strerror or str(error))

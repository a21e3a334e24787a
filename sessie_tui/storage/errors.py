"""What can go wrong with the store, in words a user can act on."""

from __future__ import annotations

import errno
from pathlib import Path

from ..errors import Phrase, UserFacingError
from .reading import NotARegularFile

_OS_REASONS = {
    errno.ENOSPC: "store.reason.disk_full",
    errno.EDQUOT: "store.reason.disk_full",
    errno.EACCES: "store.reason.no_permission",
    errno.EPERM: "store.reason.no_permission",
    errno.EROFS: "store.reason.read_only_fs",
    errno.ENOENT: "store.reason.missing",
    errno.EIO: "store.reason.io",
}


def os_reason(error: OSError) -> Phrase | str:
    """What an operating system error means, in the reader's language where we know it."""
    if isinstance(error, NotARegularFile):
        return Phrase("store.reason.not_a_file", kind=Phrase(f"file_kind.{error.kind}"))
    key = _OS_REASONS.get(error.errno or 0)
    return Phrase(key) if key else (error.strerror or str(error))


class StoreError(UserFacingError):
    """Something about the store's files; the message names the file."""

    notice = False
    """True for news that needs no action (a catalog rebuilt), said gently."""
    warning = False
    """True for news the user should weigh (a folder open to others): said as a warning."""


class NotFound(StoreError):
    def __init__(self, what: str) -> None:
        super().__init__("store.not_found", what=what)


class AmbiguousId(StoreError):
    """A beginning of an id that more than one session has: the user must say more."""

    def __init__(self, what: str, matches: list[str]) -> None:
        super().__init__("store.ambiguous_id", id=what, matches=", ".join(matches[:5]))


class DamagedFile(StoreError):
    """A file that cannot be read as it should be. Its bytes are kept, moved aside if possible."""

    def __init__(self, path: Path, reason: Phrase | str, moved_to: Path | None = None) -> None:
        self.path = path
        self.why = reason
        self.moved_to = moved_to
        if moved_to is None:
            super().__init__("store.damaged", path=str(path), reason=reason)
        else:
            super().__init__(
                "store.damaged_moved", path=str(path), reason=reason, moved_to=str(moved_to)
            )

    @property
    def reason(self) -> str:
        """What is wrong, in English (for logs)."""
        return str(self.why)


class UnreadableFile(DamagedFile):
    """A file the system will not let us read (permissions, I/O): left where it is."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        self.why = os_reason(error)
        self.moved_to = None
        StoreError.__init__(self, "store.unreadable", path=str(path), reason=self.why)


class NewerFile(StoreError):
    """A file written by a newer sessie-tui; left exactly as it is."""

    def __init__(self, path: Path, version: int, supported: int) -> None:
        self.path = path
        super().__init__("store.newer", path=str(path), version=version, supported=supported)


class StoreBusy(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__("store.busy", path=str(path))


class FolderProblem(StoreError):
    """A folder of the store that cannot be made or read."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        super().__init__("store.folder", path=str(path), reason=os_reason(error))


class CatalogRebuilt(StoreError):
    """The catalog was missing or damaged and has been rebuilt from the session files."""

    notice = True

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__("store.catalog_rebuilt", path=str(path))


class SetAside(StoreError):
    """A session asked for by id that was set aside as damaged earlier."""

    def __init__(self, session_id: str, kept: Path) -> None:
        super().__init__("store.set_aside", id=session_id, moved_to=str(kept))


class WriteFailed(StoreError):
    """Writing failed; the file on disk is still the previous, whole version."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        self.error = error
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            key = "store.disk_full"
        elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            key = "store.read_only"
        else:
            key = "store.write_failed"
        super().__init__(key, path=str(path), reason=os_reason(error))


class Rewritten(StoreError):
    """A session file removed or damaged under a running app, written anew from what it held."""

    warning = True

    def __init__(self, path: Path, kept: Path | None) -> None:
        self.path = path
        self.kept = kept
        if kept is None:
            super().__init__("store.rewritten_missing", path=str(path))
        else:
            super().__init__("store.rewritten_damaged", path=str(path), moved_to=str(kept))


class OpenFolder(StoreError):
    """A folder of the store that others may read: said, not changed."""

    notice = True
    warning = True

    def __init__(self, path: Path, mode: int) -> None:
        self.path = path
        super().__init__("store.open_folder", path=str(path), mode=f"{mode:04o}")

"""Writing files so that a crash leaves either the old or the new file, whole.

A file is never written in place: the new bytes go to a temporary file in the
same folder, are flushed to disk (fsync), and the temporary file is renamed
over the old one; the folder is then flushed so the rename itself is durable.
Everything is created private to the user (0600 files, 0700 folders):
intervision content is confidential.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import time
from pathlib import Path

from .errors import WriteFailed

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"
OTHERS_BITS = stat.S_IRWXG | stat.S_IRWXO
_TEMP_NAME = re.compile(r"^\.(?P<target>.+)\.(?P<pid>[0-9]+)\.[0-9a-f]{8}\.tmp$")
"""What `temp_path_for` makes: `.<target>.<pid>.<8 hex>.tmp`."""


def ensure_private_dir(path: Path) -> Path:
    """Create `path` and every missing parent as private folders (0700, whatever the umask).

    `mkdir(parents=True)` would make the parents with the umask's mode (0777 under
    umask 000), and even `path` itself only 0700 minus the umask's bits. A folder that
    exists is left as it is: a user's own choice is not changed silently (the store
    warns when its folder is open to others, see `Store.open_folders`).
    """
    missing: list[Path] = []
    current = path
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIR_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # made by another process meanwhile: theirs to set
        os.chmod(folder, DIR_MODE)
    return path


def fsync_dir(path: Path) -> None:
    # Not every platform can open a folder (Windows); there the rename is as
    # durable as the platform makes it.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def temp_path_for(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def write_atomic(path: Path, data: bytes, *, replace: bool = True, durable: bool = True) -> None:
    """Write `data` to `path` durably and atomically, mode 0600.

    With `replace=False` an existing file is never replaced, even if one
    appears while writing: `FileExistsError` is raised instead. With
    `durable=False` nothing waits for the disk (no fsync): only for a cache,
    whose reader takes a file that a power cut left empty or missing (and
    builds it again), never for anything a user entered.
    """
    temp = temp_path_for(path)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            if hasattr(os, "fchmod"):  # exactly 0600: the umask may have taken bits off
                os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(temp, path)
        else:
            # link() fails if the target exists, where rename() would replace it.
            os.link(temp, path)
            os.unlink(temp)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    if durable:
        fsync_dir(path.parent)


def remove_file(path: Path) -> bool:
    """Delete `path`; whether it was there. `WriteFailed` names it if it cannot go."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as error:
        raise WriteFailed(path, error) from None
    return True


def temp_target(name: str) -> tuple[str, int] | None:
    """For a temporary file's name, the name of the file it was to become and the id of
    the process that wrote it; None for any other name."""
    match = _TEMP_NAME.match(name)
    return (match["target"], int(match["pid"])) if match else None


def temp_files_for(path: Path) -> list[Path]:
    """Temporary files left in `path`'s folder by writes of `path` that never finished
    (or that are under way: the caller holds the file's lock to know they are not)."""
    try:
        with os.scandir(path.parent) as entries:
            return [
                path.parent / entry.name
                for entry in entries
                if (found := temp_target(entry.name)) is not None and found[0] == path.name
            ]
    except OSError:
        return []


def writer_gone(pid: int) -> bool:
    """Whether the process that wrote a temporary file has ended."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, and someone else's
        return False
    return False


def remove_stale_temp_files(folder: Path, older_than: float = 600.0) -> None:
    """Delete temporary files a killed process left behind.

    They never hold the only copy of anything. Only old ones are removed: a
    young one may belong to another process that is writing right now.
    """
    now = time.time()
    with contextlib.suppress(OSError):
        for candidate in folder.glob(f".*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if now - candidate.stat().st_mtime > older_than:
                    candidate.unlink()

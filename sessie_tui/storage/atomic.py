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
import secrets
import time
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) as a private folder if it does not exist."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
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


def write_atomic(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Write `data` to `path` durably and atomically, mode 0600.

    With `replace=False` an existing file is never replaced, even if one
    appears while writing: `FileExistsError` is raised instead.
    """
    temp = temp_path_for(path)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
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
    fsync_dir(path.parent)


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

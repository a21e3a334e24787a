"""Reading a file the user pointed at, or one in the store, without trusting what it is.

A path may name a FIFO (reading it waits for a writer forever), a device
(`/dev/zero` never ends, and `stat` gives it a size of 0) or a folder. Only a
regular file is read, and its size is measured while reading: at most
`limit + 1` bytes are taken in, whatever `stat` said.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

_CHUNK = 1024 * 1024


class NotARegularFile(OSError):
    """The path names a FIFO, a device, a socket or a folder."""

    def __init__(self, path: Path, mode: int) -> None:
        self.kind = _kind(mode)
        super().__init__(f"{path} is not a regular file but a {self.kind}")


class TooLarge(OSError):
    """The file holds more than the limit (measured while reading)."""


def _kind(mode: int) -> str:
    """What the path is instead, as the catalog names it (`file_kind.<kind>`)."""
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def open_regular_file(path: Path) -> BinaryIO:
    """An unbuffered handle on a regular file; raises `NotARegularFile` for anything else.

    The file is opened without blocking, so a FIFO is found out at once instead
    of hanging the process until someone writes to it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(path, mode)
    except OSError:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb", buffering=0)


def read_regular_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file; raises `NotARegularFile`, `TooLarge` or another OSError."""
    with open_regular_file(path) as handle:
        return read_rest(handle, path, limit)


def read_rest(handle: BinaryIO, path: Path, limit: int | None = None, start: bytes = b"") -> bytes:
    """`start` (bytes already read from `handle`) and the rest of the handle's bytes."""
    chunks: list[bytes] = [start] if start else []
    size = len(start)
    if limit is not None and size > limit:
        raise TooLarge(f"{path} holds more than {limit} bytes")
    while True:
        want = _CHUNK if limit is None else min(_CHUNK, limit + 1 - size)
        chunk = handle.read(want)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if limit is not None and size > limit:
            raise TooLarge(f"{path} holds more than {limit} bytes")
    return b"".join(chunks)


class JsonBeyondLimits(ValueError):
    """JSON that is well-formed but beyond what Python parses: too deep, or too many digits."""

    def __init__(self, problem: str, reason_key: str) -> None:
        self.problem = problem
        """In English, for an archive's one-line refusal."""
        self.reason_key = reason_key
        """The catalog key of the reason, for a store file's message."""
        super().__init__(problem)


def load_json(text: str) -> Any:
    """`json.loads`, with the interpreter's own limits turned into an error that says so.

    Deep nesting exhausts the recursion limit and a number of more than 4,300
    digits exceeds the integer conversion limit: both would otherwise escape as
    a traceback. `json.JSONDecodeError` (malformed text) is raised as it is.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise JsonBeyondLimits("nested too deeply", "store.reason.too_deep") from None
    except ValueError:
        raise JsonBeyondLimits(
            "holds a number with too many digits", "store.reason.too_many_digits"
        ) from None

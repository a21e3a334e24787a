"""Files read at every start, parsed once: each parse is kept as JSON, its twin.

Python's own TOML parser is written in Python: the interface's text catalog takes it
about 15 ms to read, at every start, before the first screen can be drawn. The big
letters of the phase screen come from two FIGlet fonts, and the FIGlet package takes
some 30 ms to import before it reads one. Each JSON twin loads in half a millisecond.
A twin is named by a hash of the bytes it was parsed from, so an edited file is
simply another file: nothing can go stale, and nothing needs to be invalidated. The
cache is private like the store (0600 in a 0700 folder) and can be deleted at any
time. When it cannot be read or written (a read-only home, a full disk), the file is
parsed as before: the cache only ever saves time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .paths import cache_dir
from .storage.atomic import ensure_private_dir, write_atomic

FORMAT = 1
"""Changes when what is kept changes, so that an older twin is not read as a newer."""


def twin_path(kind: str, data: bytes) -> Path:
    digest = hashlib.sha256(data).hexdigest()
    return cache_dir() / kind / f"{digest}.v{FORMAT}.json"


Parse = Callable[[bytes], dict[str, Any]]


def kept_as_json(kind: str, data: bytes, parse: Parse) -> dict[str, Any]:
    """`parse(data)`, from the twin of `data` when there is one.

    What `parse` raises is raised (a broken file is never cached); a parse that JSON
    cannot hold as it is (TypeError, ValueError) is returned without a twin.
    """
    twin = twin_path(kind, data)
    with contextlib.suppress(OSError, ValueError):
        kept = json.loads(twin.read_bytes())
        if isinstance(kept, dict):
            return kept
    parsed = parse(data)
    with contextlib.suppress(OSError, TypeError, ValueError):
        encoded = json.dumps(parsed, ensure_ascii=False).encode("utf-8")
        ensure_private_dir(twin.parent)
        write_atomic(twin, encoded, durable=False)  # a cache: a crash costs a parse
    return parsed


def load_toml(data: bytes) -> dict[str, Any]:
    """The parsed TOML of `data`, from its JSON twin when there is one.

    Raises `tomllib.TOMLDecodeError` (or `UnicodeDecodeError`) for a file that is not
    TOML, as parsing it would. A date or time in the file, which JSON cannot hold as
    it is, leaves it without a twin.
    """

    def parse(source: bytes) -> dict[str, Any]:
        import tomllib

        return tomllib.loads(source.decode("utf-8"))

    return kept_as_json("toml", data, parse)

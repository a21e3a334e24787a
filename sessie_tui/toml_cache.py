"""A TOML file read at every start, parsed once: the parse is kept as JSON.

Python's own TOML parser is written in Python: the interface's text catalog takes it
about 15 ms to read, at every start, before the first screen can be drawn. Its JSON
twin loads in half a millisecond. The twin is named by a hash of the TOML's bytes,
so an edited file is simply another file: nothing can go stale, and nothing needs to
be invalidated. The cache is private like the store (0600 in a 0700 folder) and can
be deleted at any time. When it cannot be read or written (a read-only home, a full
disk), the TOML is parsed as before: the cache only ever saves time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

from .paths import cache_dir
from .storage.atomic import ensure_private_dir, write_atomic

FORMAT = 1
"""Changes when what is kept changes, so that an older twin is not read as a newer."""


def twin_path(data: bytes) -> Path:
    digest = hashlib.sha256(data).hexdigest()
    return cache_dir() / "toml" / f"{digest}.v{FORMAT}.json"


def load_toml(data: bytes) -> dict[str, Any]:
    """The parsed TOML of `data`, from its JSON twin when there is one.

    Raises `tomllib.TOMLDecodeError` (or `UnicodeDecodeError`) for a file that is not
    TOML, as parsing it would: a broken file is never cached.
    """
    twin = twin_path(data)
    with contextlib.suppress(OSError, ValueError):
        kept = json.loads(twin.read_bytes())
        if isinstance(kept, dict):
            return kept
    parsed = tomllib.loads(data.decode("utf-8"))
    with contextlib.suppress(OSError, TypeError, ValueError):
        # TypeError: a date or time in the file, which JSON cannot hold as it is.
        encoded = json.dumps(parsed, ensure_ascii=False).encode("utf-8")
        ensure_private_dir(twin.parent)
        write_atomic(twin, encoded)
    return parsed

"""Recovery files: what was typed but not saved when the app was quit.

    <store>/recovery/<session id>.<time>.<random>.json

Private like everything in the store (0600, folder 0700), written atomically,
never over another one. When the store cannot be written (the disk that holds
it is full, its folder read-only), the file goes to the user's state folder
instead, in a folder of its own for each store (named by a hash of its path).
The next start offers to restore each; a file is removed only once it has
been restored or the user chose to discard it.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

import platformdirs

from ..errors import Phrase
from ..paths import APP_NAME
from .atomic import ensure_private_dir, remove_file, write_atomic
from .errors import DamagedFile, UnreadableFile, WriteFailed

FOLDER = "recovery"
FORMAT = "sessie_tui_recovery"
VERSION = 1


def recovery_dirs(store_root: Path) -> list[Path]:
    """Where a store's recovery files go: beside the store, else the user's state folder."""
    key = hashlib.sha256(str(store_root.absolute()).encode("utf-8", "surrogateescape"))
    fallback = platformdirs.user_state_path(APP_NAME) / FOLDER / key.hexdigest()[:16]
    return [store_root / FOLDER, fallback]


def write_recovery(store_root: Path, session_id: str, notes: list[dict[str, Any]]) -> Path:
    """Keep `notes` (see `outbox.draft_data`) for the next start; the file's path."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    name = f"{session_id}.{stamp}.{secrets.token_hex(3)}.json"
    data = json.dumps({FORMAT: VERSION, "session": session_id, "notes": notes}).encode()
    failures: list[WriteFailed] = []
    for folder in recovery_dirs(store_root):
        try:
            ensure_private_dir(folder)
            write_atomic(folder / name, data, replace=False)
        except OSError as error:
            failures.append(WriteFailed(folder / name, error))
            continue
        return folder / name
    raise failures[0]  # the store's own folder is the one to name


def pending(store_root: Path) -> list[Path]:
    """Recovery files waiting to be handled, oldest first."""
    found: list[Path] = []
    for folder in recovery_dirs(store_root):
        try:
            with os.scandir(folder) as entries:
                names = [e.name for e in entries if e.name.endswith(".json") and e.is_file()]
        except OSError:
            continue
        found += sorted(folder / name for name in names)
    return found


def read_recovery(path: Path) -> tuple[str, list[dict[str, Any]]]:
    """The session id and the notes a recovery file keeps."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(path, error) from None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise DamagedFile(path, Phrase("store.reason.not_json", position=0)) from None
    if (
        not isinstance(data, dict)
        or data.get(FORMAT) != VERSION
        or not isinstance(data.get("session"), str)
        or not isinstance(data.get("notes"), list)
        or not all(isinstance(note, dict) for note in data["notes"])
    ):
        raise DamagedFile(path, Phrase("store.reason.no_header"))
    return data["session"], data["notes"]


def discard(path: Path) -> None:
    remove_file(path)

"""Recovery files: what was typed but not saved when the app was quit.

    <store>/recovery/<session id>.<time>.<random>.json

Private like everything in the store (0600, folder 0700), written atomically,
never over another one. The next start offers to restore each; a file is
removed only once it has been restored or the user chose to discard it.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

from ..errors import Phrase
from .atomic import ensure_private_dir, write_atomic
from .errors import DamagedFile, UnreadableFile, WriteFailed

FOLDER = "recovery"
FORMAT = "sessie_tui_recovery"
VERSION = 1


def recovery_dir(store_root: Path) -> Path:
    return store_root / FOLDER


def write_recovery(store_root: Path, session_id: str, notes: list[dict[str, Any]]) -> Path:
    """Keep `notes` (see `outbox.draft_data`) for the next start; the file's path."""
    folder = recovery_dir(store_root)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{session_id}.{stamp}.{secrets.token_hex(3)}.json"
    data = {FORMAT: VERSION, "session": session_id, "notes": notes}
    try:
        ensure_private_dir(folder)
        write_atomic(path, json.dumps(data, ensure_ascii=False).encode(), replace=False)
    except OSError as error:
        raise WriteFailed(path, error) from None
    return path


def pending(store_root: Path) -> list[Path]:
    """Recovery files waiting to be handled, oldest first."""
    try:
        with os.scandir(recovery_dir(store_root)) as entries:
            names = [e.name for e in entries if e.name.endswith(".json") and e.is_file()]
    except OSError:
        return []
    return sorted(recovery_dir(store_root) / name for name in names)


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
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as error:
        raise WriteFailed(path, error) from None

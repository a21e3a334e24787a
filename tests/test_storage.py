"""The store: atomic, private, shared safely between processes, honest about damage."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sessie_tui.domain.clock import FakeClock
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.storage import atomic
from sessie_tui.storage.document import PLAIN_SCHEMA, SCHEMA_VERSION
from sessie_tui.storage.errors import DamagedFile, NewerFile, NotFound, WriteFailed
from sessie_tui.storage.parts import PART_SIZE
from sessie_tui.storage.store import Store

NewSession = Callable[..., LiveSession]
WRITER = Path(__file__).with_name("note_writer.py")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def texts(live: LiveSession) -> list[str]:
    live.refresh()
    return [note.text for note in live.session.live_notes()]


# -- files are private and written whole ------------------------------------------------------


def test_store_files_are_private(new_session: NewSession, store: Store) -> None:
    live = new_session()
    live.add_note(NoteDraft("vertrouwelijk"))
    assert mode(store.root) == 0o700
    assert mode(store.sessions_dir) == 0o700
    assert mode(store.session_path(live.id)) == 0o600
    assert mode(store.root / "catalog.json") == 0o600
    for lock in (store.root / ".locks").iterdir():
        assert mode(lock) == 0o600


def test_every_file_carries_its_schema_version(new_session: NewSession, store: Store) -> None:
    """Format 1 while every document stands in the file (any version reads it), the
    newest once it names parts (an older version refuses it, see `parts.py`)."""
    live = new_session()
    for path in (store.session_path(live.id), store.root / "catalog.json"):
        header = json.loads(path.read_bytes())["sessie_tui"]
        assert header["schema"] == PLAIN_SCHEMA and "parts" not in header
    for number in range(PART_SIZE):
        live.add_note(NoteDraft(f"notitie {number}"))
    header = json.loads(store.session_path(live.id).read_bytes())["sessie_tui"]
    assert header["schema"] == SCHEMA_VERSION and len(header["parts"]["notes"]) == 1


def test_a_failed_rename_leaves_the_old_file_whole(
    new_session: NewSession, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = new_session()
    live.add_note(NoteDraft("bewaard"))
    before = store.session_path(live.id).read_bytes()

    def crash(*args: object) -> None:
        raise OSError(errno.EIO, "simulated crash before the rename")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(WriteFailed):
        live.add_note(NoteDraft("verloren"))
    monkeypatch.undo()
    assert store.session_path(live.id).read_bytes() == before
    assert texts(LiveSession(Store(store.root), live.id, live.clock)) == ["bewaard"]
    assert not list(store.sessions_dir.glob(".*.tmp"))


def test_a_process_killed_between_write_and_rename_leaves_the_old_file(
    new_session: NewSession, store: Store
) -> None:
    live = new_session()
    live.add_note(NoteDraft("bewaard"))
    before = store.session_path(live.id).read_bytes()
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from sessie_tui.storage import atomic\n"
        "from sessie_tui.domain.clock import SystemClock\n"
        "from sessie_tui.live import LiveSession, NoteDraft\n"
        "from sessie_tui.storage.store import Store\n"
        "live = LiveSession(Store(Path(sys.argv[1])), sys.argv[2], SystemClock())\n"
        "def die(*args): os.kill(os.getpid(), signal.SIGKILL)\n"
        "atomic.os.replace = die\n"
        "live.add_note(NoteDraft('half geschreven'))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(store.root), live.id])
    assert result.returncode == -9
    assert store.session_path(live.id).read_bytes() == before
    leftovers = list(store.sessions_dir.glob(".*.tmp"))
    assert len(leftovers) == 1  # the dead process's temporary file, never read
    assert texts(LiveSession(Store(store.root), live.id, live.clock)) == ["bewaard"]


def test_old_leftover_temporary_files_are_cleaned_young_ones_kept(store: Store) -> None:
    old = store.sessions_dir / ".x.json.1.ab.tmp"
    young = store.sessions_dir / ".y.json.2.cd.tmp"
    old.write_text("half")
    young.write_text("half")
    os.utime(old, (1, 1))
    Store(store.root)
    assert not old.exists()
    assert young.exists()


def test_a_full_disk_keeps_the_old_file_and_says_so(
    new_session: NewSession, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = new_session()
    live.add_note(NoteDraft("bewaard"))
    before = store.session_path(live.id).read_bytes()

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", full)
    with pytest.raises(WriteFailed) as failed:
        live.add_note(NoteDraft("past niet"))
    monkeypatch.undo()
    assert failed.value.key == "store.disk_full"
    assert str(store.session_path(live.id)) in failed.value.message("nl")
    assert store.session_path(live.id).read_bytes() == before
    assert texts(live) == ["bewaard"]


# -- several processes ------------------------------------------------------------------------


def test_two_stores_on_one_folder_never_overwrite_each_others_notes(
    new_session: NewSession, store: Store, clock: FakeClock
) -> None:
    """Each Store stands for a process. TinyDB caches document ids; ours must not."""
    first = new_session()
    second = LiveSession(Store(store.root), first.id, clock)
    for index in range(5):
        first.add_note(NoteDraft(f"a{index}"))
        second.add_note(NoteDraft(f"b{index}"))
    assert sorted(texts(first)) == sorted(texts(second))
    assert len(texts(first)) == 10


@pytest.mark.slow
def test_two_processes_appending_500_notes_each_lose_none(
    new_session: NewSession, store: Store
) -> None:
    live = new_session()
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(store.root), live.id, "500", tag],
            stdout=subprocess.DEVNULL,
        )
        for tag in ("links", "rechts")
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    notes = texts(LiveSession(Store(store.root), live.id, live.clock))
    expected = {f"{tag}-{i}" for tag in ("links", "rechts") for i in range(500)}
    assert len(notes) == 1000
    assert set(notes) == expected


def test_a_change_by_another_process_is_noticed_cheaply(
    new_session: NewSession, store: Store, clock: FakeClock
) -> None:
    facilitator = new_session()
    note_taker = LiveSession(Store(store.root), facilitator.id, clock)
    assert not facilitator.refresh()
    note_taker.add_note(NoteDraft("van de notulist"))
    assert facilitator.refresh()
    assert texts(facilitator) == ["van de notulist"]
    assert not facilitator.refresh()


# -- damage -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b'{"sessie_tui": {"rev": "x", "format": "session", "schema": 1}, "tab', "cut off"),
        (b'{"sessie_tui": {"rev": "x"}} trailing garbage', "JSON"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b"[1, 2, 3]", "header"),
        (b'{"sessie_tui": {"format": "session", "schema": 1}, "tables": []}', "tables"),
    ],
)
def test_a_damaged_session_file_is_moved_aside_byte_for_byte(
    new_session: NewSession, store: Store, clock: FakeClock, content: bytes, reason: str
) -> None:
    damaged = new_session(session_id="20261123-kapot")
    healthy = new_session(session_id="20261123-heel")
    healthy.add_note(NoteDraft("blijft"))
    store.session_path(damaged.id).write_bytes(content)
    fresh = Store(store.root)
    with pytest.raises(DamagedFile) as error:
        fresh.read_session(damaged.id)
    assert error.value.moved_to is not None
    assert error.value.moved_to.read_bytes() == content
    message = error.value.message("nl")
    assert str(store.session_path(damaged.id)) in message
    assert str(error.value.moved_to) in message
    assert reason in error.value.reason
    # Every other session keeps working, and the list no longer offers the damaged one.
    assert texts(LiveSession(fresh, healthy.id, clock)) == ["blijft"]
    assert [entry.id for entry in fresh.list_sessions()] == [healthy.id]


def test_a_session_file_with_a_bad_field_names_the_field(
    new_session: NewSession, store: Store, clock: FakeClock
) -> None:
    live = new_session()
    live.add_note(NoteDraft("goed"))
    path = store.session_path(live.id)
    data = json.loads(path.read_bytes())
    data["sessie_tui"]["rev"] = "0" * 32
    next(iter(data["tables"]["notes"].values()))["kind"] = "roddel"
    path.write_text(json.dumps(data))
    with pytest.raises(Exception) as error:
        LiveSession(Store(store.root), live.id, clock)
    assert "notes[1].kind" in str(error.value)


def test_a_file_from_a_newer_version_is_refused_and_left_untouched(
    new_session: NewSession, store: Store
) -> None:
    live = new_session()
    path = store.session_path(live.id)
    data = json.loads(path.read_bytes())
    data["sessie_tui"]["schema"] = SCHEMA_VERSION + 1
    newer = json.dumps(data).encode()
    path.write_bytes(newer)
    with pytest.raises(NewerFile) as error:
        Store(store.root).read_session(live.id)
    assert str(path) in error.value.message("en")
    assert path.read_bytes() == newer
    assert not (store.root / "damaged").exists()


def test_a_missing_catalog_is_rebuilt_from_the_session_files(
    new_session: NewSession, store: Store
) -> None:
    ids = {new_session(session_id=f"2026112{i}-test").id for i in range(3)}
    (store.root / "catalog.json").unlink()
    assert {entry.id for entry in Store(store.root).list_sessions()} == ids
    assert (store.root / "catalog.json").exists()


def test_a_damaged_catalog_is_kept_aside_and_rebuilt(new_session: NewSession, store: Store) -> None:
    live = new_session()
    (store.root / "catalog.json").write_bytes(b"{niet json")
    fresh = Store(store.root)
    assert [entry.id for entry in fresh.list_sessions()] == [live.id]
    kept = list((store.root / "damaged").iterdir())
    assert [path.read_bytes() for path in kept] == [b"{niet json"]
    assert any(isinstance(problem, DamagedFile) for problem in fresh.problems)


def test_the_catalog_follows_the_session(new_session: NewSession, store: Store) -> None:
    live = new_session()
    live.update_info(topic="Een nieuw onderwerp")
    live.start()
    entry = Store(store.root).list_sessions()[0]
    assert (entry.topic, entry.status) == ("Een nieuw onderwerp", "running")


def test_unknown_and_unsafe_session_ids_are_not_found(store: Store) -> None:
    for session_id in ("bestaat-niet", "../catalog", ".locks", ""):
        with pytest.raises(NotFound):
            store.read_session(session_id)


def test_a_unique_beginning_of_an_id_is_enough(new_session: NewSession, store: Store) -> None:
    new_session(session_id="20261123-abcd")
    new_session(session_id="20261124-efgh")
    assert store.resolve_session_id("20261124") == "20261124-efgh"
    with pytest.raises(Exception) as ambiguous:
        store.resolve_session_id("2026112")
    assert "20261123-abcd" in str(ambiguous.value)

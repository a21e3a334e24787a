"""Damaged stores (issue 6): every kind of damage named, its bytes kept, the rest usable.

A store of three sessions (and, where it matters, two learning networks) is
damaged in one place at a time: one session file, the catalog, one network
file, a read-only folder, a full disk. Each time the user is told which file
and what is wrong, in Dutch by default and in English with --lang en; the
damaged bytes are kept byte for byte (in damaged/, or left in place when a
newer sessie-tui wrote them); and every other session can still be listed,
exported, opened and written. The command line is run as the user runs it:
in-process through `run()` for the many kinds of damage, and as a real
process (`python -m sessie_tui`) for one of each, the full disk and the
read-only folder included.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sessie_tui.app import SessieApp
from sessie_tui.cli import run
from sessie_tui.domain.clock import FakeClock
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.live_network import LiveNetwork, create_network
from sessie_tui.screens.home import HomeScreen
from sessie_tui.screens.phase import PhaseScreen
from sessie_tui.storage import atomic
from sessie_tui.storage.document import SCHEMA_VERSION
from sessie_tui.storage.errors import NewerFile, WriteFailed
from sessie_tui.storage.store import Store

from conftest import acknowledge_all
from driving import cli, notifications

NewSession = Callable[..., LiveSession]
MakeApp = Callable[..., SessieApp]

FIRST, VICTIM, LAST = "20261101-aaaa", "20261102-bbbb", "20261103-cccc"
OTHERS = [LAST, FIRST]  # as `list` prints them: newest first
QUESTIONS = 2


# -- the store and its damage -------------------------------------------------------------


@pytest.fixture
def three(new_session: NewSession, store: Store) -> dict[str, LiveSession]:
    """Three sessions, a note in each; the catalog lists them."""
    sessions = {}
    for index, session_id in enumerate((FIRST, VICTIM, LAST), start=1):
        live = new_session(
            session_id=session_id, date=f"2026-11-0{index}", topic=f"Onderwerp {index}"
        )
        live.add_note(NoteDraft(f"notitie in {session_id}"))
        sessions[session_id] = live
    assert [entry.id for entry in store.list_sessions()] == [LAST, VICTIM, FIRST]
    return sessions


def edited(raw: bytes, change: Callable[[dict], None]) -> bytes:
    data = json.loads(raw)
    change(data)
    return json.dumps(data).encode()


def wrong_kind(data: dict) -> None:
    data["sessie_tui"]["format"] = "network"


def tables_a_list(data: dict) -> None:
    data["tables"] = [1, 2, 3]


def record_not_a_mapping(data: dict) -> None:
    data["tables"]["participants"]["1"] = "An Peeters"


def newer(data: dict) -> None:
    data["sessie_tui"]["schema"] = SCHEMA_VERSION + 1


# Each damage: how it is made from the good bytes, and the words that say it (nl, en).
DAMAGES: dict[str, tuple[Callable[[bytes], bytes], str, str]] = {
    "truncated": (lambda raw: raw[: len(raw) // 2], "afgebroken", "cut off"),
    "empty": (lambda raw: b"", "leeg", "empty"),
    "garbage": (lambda raw: b"#!\x00\x01 dit is geen json", "geen geldige JSON", "not valid JSON"),
    "invalid-utf8": (lambda raw: raw[:40] + b"\xff\xfe\xfd" + raw[40:], "UTF-8", "UTF-8"),
    "a-list": (lambda raw: b"[1, 2, 3]", "kop 'sessie_tui' ontbreekt", "header is missing"),
    "no-header": (
        lambda raw: edited(raw, lambda data: data.pop("sessie_tui")),
        "geen bestand van sessie-tui",
        "not a sessie-tui file",
    ),
    "wrong-kind": (lambda raw: edited(raw, wrong_kind), "soort 'network'", "kind 'network'"),
    "tables-a-list": (lambda raw: edited(raw, tables_a_list), "'tables'", "'tables'"),
    "record-a-string": (lambda raw: edited(raw, record_not_a_mapping), "'tables'", "'tables'"),
}


def damage(path: Path, how: Callable[[bytes], bytes]) -> bytes:
    bad = how(path.read_bytes())
    path.write_bytes(bad)
    return bad


def kept(store: Store, name: str) -> list[bytes]:
    """The bytes of every copy set aside for the file `name`."""
    folder = store.root / "damaged"
    if not folder.exists():
        return []
    return [path.read_bytes() for path in sorted(folder.glob(f"{name}.*.damaged"))]


def catalog_ids(store: Store) -> set[str]:
    data = json.loads((store.root / "catalog.json").read_bytes())
    return {doc["id"] for doc in data["tables"]["sessions"].values()}


@dataclass
class Ran:
    code: int
    out: str
    err: str

    def listed(self) -> list[str]:
        return [line.split("\t")[0] for line in self.out.splitlines()]


@pytest.fixture
def sessie(store: Store, capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """`sessie-tui --db STORE ARGS`, in this process: the command line's own `run()`."""

    def command(*args: str) -> Ran:
        capsys.readouterr()
        code = run(["--db", str(store.root), *args])
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return Ran(code, out, err)

    return command


def texts(store: Store, session_id: str, clock: FakeClock) -> list[str]:
    live = LiveSession(Store(store.root), session_id, clock)
    return [note.text for note in live.session.live_notes()]


def others_still_work(sessie: Callable[..., Ran], store: Store, clock: FakeClock) -> None:
    """Every other session: exported, opened in a fresh process's store, written to."""
    report = sessie("export", FIRST, "-o", "-")
    assert report.code == 0, report.err
    assert "Onderwerp 1" in report.out and f"notitie in {FIRST}" in report.out
    live = LiveSession(Store(store.root), LAST, clock)
    live.add_note(NoteDraft("na de schade"))
    assert texts(store, LAST, clock) == [f"notitie in {LAST}", "na de schade"]


# -- one session file ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", DAMAGES)
def test_a_damaged_session_file_is_named_kept_and_the_others_work(
    three: dict[str, LiveSession],
    store: Store,
    clock: FakeClock,
    sessie: Callable[..., Ran],
    kind: str,
) -> None:
    how, dutch, english = DAMAGES[kind]
    path = store.session_path(VICTIM)
    bad = damage(path, how)

    listing = sessie("list")
    assert listing.code == 1  # something was damaged
    assert listing.listed() == OTHERS
    assert str(path) in listing.err and "beschadigd" in listing.err and dutch in listing.err
    assert "de rest van de opslag werkt gewoon verder" in listing.err
    (copy,) = kept(store, path.name)
    assert copy == bad  # byte for byte
    assert str(store.root / "damaged") in listing.err
    assert not path.exists()
    assert catalog_ids(store) == set(OTHERS)  # the catalog follows the files

    # The same damage once more, in English: a second copy, nothing overwritten.
    path.write_bytes(bad)
    english_listing = sessie("--lang", "en", "list")
    assert english_listing.code == 1 and english_listing.listed() == OTHERS
    assert str(path) in english_listing.err and english in english_listing.err
    assert "is damaged" in english_listing.err and "beschadigd" not in english_listing.err
    assert kept(store, path.name) == [bad, bad]

    # Asked for by id, it says where its bytes are, not "no such session".
    asked = sessie("export", VICTIM, "-o", "-")
    assert asked.code == 1 and asked.out == ""
    assert VICTIM in asked.err and str(store.root / "damaged") in asked.err
    others_still_work(sessie, store, clock)
    assert sessie("list").code == 0  # said once; the list is whole again


def test_what_the_catalog_records_is_read_without_setting_a_damaged_file_aside(
    three: dict[str, LiveSession], store: Store
) -> None:
    """The retention purge plans from the catalog as recorded: a meeting open in the
    app, damaged under it, is left for the screen that writes it to find and say."""
    path = store.session_path(VICTIM)
    bad = damage(path, DAMAGES["garbage"][0])
    fresh = Store(store.root)
    assert {entry.id for entry in fresh.recorded_sessions()} == set(three)
    assert path.read_bytes() == bad and kept(fresh, path.name) == []
    assert fresh.problems == []
    # Listing checks the files: that is where the damage is found and set aside.
    assert {entry.id for entry in fresh.list_sessions()} == set(OTHERS)
    assert kept(fresh, path.name) == [bad]


def test_a_session_with_a_field_of_the_wrong_type_is_named_when_opened(
    three: dict[str, LiveSession], store: Store, clock: FakeClock, sessie: Callable[..., Ran]
) -> None:
    """The list shows what the catalog knows; reading the records finds the bad field."""
    path = store.session_path(VICTIM)

    def name_a_number(data: dict) -> None:
        data["tables"]["participants"]["1"]["name"] = 42

    bad = damage(path, lambda raw: edited(raw, name_a_number))
    exported = sessie("export", VICTIM, "-o", "-")
    assert exported.code == 1 and exported.out == ""
    assert str(path) in exported.err and "participants[1].name" in exported.err
    assert "het veld" in exported.err and "klopt niet" in exported.err
    assert kept(store, path.name) == [bad]
    assert str(store.root / "damaged") in exported.err
    listing = sessie("list")
    assert (listing.code, listing.listed()) == (0, OTHERS)
    others_still_work(sessie, store, clock)

    path.write_bytes(bad)
    english = sessie("--lang", "en", "notes", VICTIM)  # said before any screen opens
    assert english.code == 1
    assert str(path) in english.err and "the field participants[1].name is wrong" in english.err
    assert kept(store, path.name) == [bad, bad]


def test_a_session_file_from_a_newer_version_is_left_untouched(
    three: dict[str, LiveSession], store: Store, clock: FakeClock, sessie: Callable[..., Ran]
) -> None:
    path = store.session_path(VICTIM)
    newer_bytes = damage(path, lambda raw: edited(raw, newer))
    for _ in range(2):  # said every time: it stays where it is until sessie-tui is updated
        listing = sessie("list")
        assert (listing.code, listing.listed()) == (1, OTHERS)
        assert str(path) in listing.err and "nieuwere versie" in listing.err
    exported = sessie("--lang", "en", "export", VICTIM, "-o", "-")
    assert exported.code == 1 and str(path) in exported.err
    assert "newer version of sessie-tui" in exported.err and "left untouched" in exported.err
    with pytest.raises(NewerFile):
        LiveSession(Store(store.root), VICTIM, clock)
    assert path.read_bytes() == newer_bytes
    assert not (store.root / "damaged").exists()
    others_still_work(sessie, store, clock)
    assert path.read_bytes() == newer_bytes


def test_a_damaged_session_in_a_real_process(three: dict[str, LiveSession], store: Store) -> None:
    """The installed command, as a user types it."""
    path = store.session_path(VICTIM)
    bad = damage(path, DAMAGES["truncated"][0])
    listing = cli("--db", str(store.root), "list")
    assert listing.returncode == 1
    assert [line.split("\t")[0] for line in listing.stdout.splitlines()] == OTHERS
    assert str(path) in listing.stderr and "afgebroken" in listing.stderr
    assert listing.stderr.startswith("sessie-tui: ") and "Traceback" not in listing.stderr
    assert kept(store, path.name) == [bad]
    report = cli("--db", str(store.root), "--lang", "en", "export", FIRST, "-o", "-")
    assert report.returncode == 0 and "# Intervision report" in report.stdout
    asked = cli("--db", str(store.root), "--lang", "en", "export", VICTIM, "-o", "-")
    assert asked.returncode == 1 and "set aside" in asked.stderr


def test_a_damaged_file_in_a_folder_that_cannot_be_changed_stays_where_it_is(
    three: dict[str, LiveSession],
    store: Store,
    clock: FakeClock,
    sessie: Callable[..., Ran],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """It cannot be moved aside: left in place, said each time, no copies piling up."""
    path = store.session_path(VICTIM)
    bad = damage(path, DAMAGES["empty"][0])
    real_unlink = os.unlink

    def read_only(target: object, *args: object, **kwargs: object) -> None:
        if Path(str(target)).parent == store.sessions_dir:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        real_unlink(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "unlink", read_only)
    for _ in range(2):
        listing = sessie("list")
        assert (listing.code, listing.listed()) == (1, OTHERS)
        assert str(path) in listing.err and "blijft staan zoals het is" in listing.err
    assert path.read_bytes() == bad
    assert kept(store, path.name) == []
    monkeypatch.undo()
    others_still_work(sessie, store, clock)


# -- the catalog --------------------------------------------------------------------------


def test_a_missing_catalog_is_rebuilt_and_said_gently(
    three: dict[str, LiveSession], store: Store, clock: FakeClock, sessie: Callable[..., Ran]
) -> None:
    catalog = store.root / "catalog.json"
    catalog.unlink()
    listing = sessie("list")
    assert listing.code == 0  # nothing was lost
    assert listing.listed() == [LAST, VICTIM, FIRST]
    assert str(catalog) in listing.err and "opnieuw opgebouwd" in listing.err
    assert catalog_ids(store) == {FIRST, VICTIM, LAST}
    assert sessie("list").err == ""  # once rebuilt, nothing more to say
    others_still_work(sessie, store, clock)


@pytest.mark.parametrize("kind", ["truncated", "empty", "garbage", "a-list", "wrong-kind"])
def test_a_damaged_catalog_is_kept_and_rebuilt_from_the_session_files(
    three: dict[str, LiveSession],
    store: Store,
    clock: FakeClock,
    sessie: Callable[..., Ran],
    kind: str,
) -> None:
    how, dutch, english = DAMAGES[kind]
    catalog = store.root / "catalog.json"
    bad = damage(catalog, how)
    listing = sessie("list")
    assert (listing.code, listing.listed()) == (1, [LAST, VICTIM, FIRST])
    assert str(catalog) in listing.err and dutch in listing.err
    assert "opnieuw opgebouwd" in listing.err
    assert kept(store, "catalog.json") == [bad]
    assert catalog_ids(store) == {FIRST, VICTIM, LAST}

    damage(catalog, how)
    english_listing = sessie("--lang", "en", "list")
    assert english_listing.code == 1 and english in english_listing.err
    assert "rebuilt from the session files" in english_listing.err
    others_still_work(sessie, store, clock)


def test_catalog_records_of_the_wrong_shape_are_mended_from_the_session_files(
    three: dict[str, LiveSession], store: Store, sessie: Callable[..., Ran]
) -> None:
    catalog = store.root / "catalog.json"

    def scramble(data: dict) -> None:
        for doc in data["tables"]["sessions"].values():
            doc["date"], doc["topic"] = 20261101, ["geen", "tekst"]

    damage(catalog, lambda raw: edited(raw, scramble))
    listing = sessie("list")
    assert (listing.code, listing.listed()) == (0, [LAST, VICTIM, FIRST])
    assert "2026-11-02\tin voorbereiding\tLerend netwerk Zorg Gent — Onderwerp 2" in listing.out
    docs = json.loads(catalog.read_bytes())["tables"]["sessions"].values()
    assert sorted(doc["date"] for doc in docs) == ["2026-11-01", "2026-11-02", "2026-11-03"]


def test_a_catalog_from_a_newer_version_is_left_untouched_and_the_sessions_still_listed(
    three: dict[str, LiveSession],
    store: Store,
    clock: FakeClock,
    sessie: Callable[..., Ran],
    new_session: NewSession,
) -> None:
    catalog = store.root / "catalog.json"
    newer_bytes = damage(catalog, lambda raw: edited(raw, newer))
    listing = sessie("list")
    assert (listing.code, listing.listed()) == (1, [LAST, VICTIM, FIRST])
    assert str(catalog) in listing.err and "nieuwere versie" in listing.err
    others_still_work(sessie, store, clock)
    LiveSession(Store(store.root), VICTIM, clock).update_info(
        topic="Nieuw"
    )  # the catalog would follow
    new_session(session_id="20261104-dddd", date="2026-11-04")
    assert catalog.read_bytes() == newer_bytes
    assert [e.id for e in Store(store.root).list_sessions()][:2] == ["20261104-dddd", LAST]
    assert catalog.read_bytes() == newer_bytes


# -- a learning network's file --------------------------------------------------------------


@pytest.fixture
def two_networks(store: Store, clock: FakeClock) -> tuple[LiveNetwork, LiveNetwork]:
    made = []
    for name in ("Netwerk Oost", "Netwerk West"):
        network_id = create_network(store, name=name, clock=clock, lang="nl")
        live = LiveNetwork(store, network_id, clock)
        live.add_member("An Peeters")
        made.append(live)
    return made[0], made[1]


def name_a_number(data: dict) -> None:
    next(iter(data["tables"]["network"].values()))["name"] = 7


@pytest.mark.parametrize(
    ("how", "dutch", "english"),
    [
        (DAMAGES["truncated"][0], "afgebroken", "cut off"),
        (DAMAGES["garbage"][0], "geen geldige JSON", "not valid JSON"),
        (lambda raw: edited(raw, name_a_number), "network.name", "network.name"),
    ],
    ids=["truncated", "garbage", "name-a-number"],
)
def test_a_damaged_network_file_is_named_kept_and_the_rest_works(
    three: dict[str, LiveSession],
    two_networks: tuple[LiveNetwork, LiveNetwork],
    store: Store,
    clock: FakeClock,
    sessie: Callable[..., Ran],
    how: Callable[[bytes], bytes],
    dutch: str,
    english: str,
) -> None:
    broken, whole = two_networks
    path = store.networks_dir / f"{broken.id}.json"
    bad = damage(path, how)
    listing = sessie("network", "list")
    assert listing.code == 1
    assert [line.split("\t")[0] for line in listing.out.splitlines()] == [whole.id]
    assert str(path) in listing.err and dutch in listing.err
    assert "de rest van de opslag werkt gewoon verder" in listing.err
    assert "andere sessies" not in listing.err  # a network file is not a session
    assert kept(store, path.name) == [bad]

    path.write_bytes(bad)
    english_listing = sessie("--lang", "en", "network", "list")
    assert english_listing.code == 1 and english in english_listing.err
    assert "the rest of the store keeps working" in english_listing.err
    assert "other sessions" not in english_listing.err
    assert kept(store, path.name) == [bad, bad]

    report = sessie("export", "--network", whole.id, "-o", "-")
    assert report.code == 0 and "Netwerk West" in report.out
    LiveNetwork(Store(store.root), whole.id, clock).add_member("Bart De Smet")
    listing = sessie("list")
    assert (listing.code, listing.listed()) == (0, [LAST, VICTIM, FIRST])
    others_still_work(sessie, store, clock)


# -- a read-only folder ---------------------------------------------------------------------


def refuse_writes_in(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """What a read-only folder does to a writer: creating a file in it is refused."""
    real_open = os.open

    def guarded(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT and Path(str(path)).parent == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "open", guarded)


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", no_space)


@pytest.mark.parametrize(
    ("simulate", "key", "dutch", "english"),
    [
        (
            lambda mp, store: refuse_writes_in(mp, store.sessions_dir),
            "store.read_only",
            "geen toestemming",
            "no permission",
        ),
        (lambda mp, store: full_disk(mp), "store.disk_full", "De schijf is vol", "disk is full"),
    ],
    ids=["read-only-folder", "full-disk"],
)
def test_a_note_that_cannot_be_written_says_why_and_keeps_the_file(
    three: dict[str, LiveSession],
    store: Store,
    clock: FakeClock,
    sessie: Callable[..., Ran],
    monkeypatch: pytest.MonkeyPatch,
    simulate: Callable[[pytest.MonkeyPatch, Store], None],
    key: str,
    dutch: str,
    english: str,
) -> None:
    live = three[VICTIM]
    path = store.session_path(VICTIM)
    before = path.read_bytes()
    simulate(monkeypatch, store)
    with pytest.raises(WriteFailed) as failed:
        live.add_note(NoteDraft("moet nog bewaard worden"))
    assert failed.value.key == key
    assert str(path) in failed.value.message("nl") and dutch in failed.value.message("nl")
    assert "niet verloren" in failed.value.message("nl")
    assert english in failed.value.message("en") and str(path) in failed.value.message("en")
    assert path.read_bytes() == before
    assert not list(store.sessions_dir.glob(".*.tmp"))
    listing = sessie("list")  # reading still works
    assert listing.listed() == [LAST, VICTIM, FIRST]
    monkeypatch.undo()  # the folder writable again, the disk with room again
    live.add_note(NoteDraft("moet nog bewaard worden"))
    assert texts(store, VICTIM, clock) == [f"notitie in {VICTIM}", "moet nog bewaard worden"]


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: permission bits do not stop root from writing "
    "(the read-only cases above simulate the refusal instead)",
)
def test_a_really_read_only_sessions_folder(
    three: dict[str, LiveSession], store: Store, clock: FakeClock, sessie: Callable[..., Ran]
) -> None:
    path = store.session_path(VICTIM)
    before = path.read_bytes()
    store.sessions_dir.chmod(0o500)
    try:
        with pytest.raises(WriteFailed) as failed:
            three[VICTIM].add_note(NoteDraft("past niet"))
        assert failed.value.key == "store.read_only" and str(path) in failed.value.message("nl")
        listing = sessie("list")
        assert (listing.code, listing.listed()) == (0, [LAST, VICTIM, FIRST])
        assert path.read_bytes() == before
    finally:
        store.sessions_dir.chmod(0o700)
    others_still_work(sessie, store, clock)


# -- a full disk and a read-only folder, in a real process -----------------------------------

SHIM = '''
"""`python -m sessie_tui`, on a disk that fills up or a folder that refuses writes."""
import errno, os, runpy, sys

room = os.environ.get("SHIM_BYTES_LEFT")
if room is not None:
    left = [int(room)]
    real_write = os.write

    def write(fd, data):
        if left[0] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        chunk = bytes(data[: left[0]])
        left[0] -= len(chunk)
        return real_write(fd, chunk)

    os.write = write
closed = os.environ.get("SHIM_READ_ONLY")
if closed is not None:
    real_open, real_link, real_replace, real_unlink = os.open, os.link, os.replace, os.unlink

    def refuse(path):
        if os.path.dirname(os.path.abspath(os.fspath(path))) == closed:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))

    def open_(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            refuse(path)
        return real_open(path, flags, *args, **kwargs)

    def link(source, target, *args, **kwargs):
        refuse(target)
        return real_link(source, target, *args, **kwargs)

    def replace(source, target, *args, **kwargs):
        refuse(target)
        return real_replace(source, target, *args, **kwargs)

    def unlink(path, *args, **kwargs):
        refuse(path)
        return real_unlink(path, *args, **kwargs)

    os.open, os.link, os.replace, os.unlink = open_, link, replace, unlink
sys.argv = ["sessie-tui", *sys.argv[1:]]
runpy.run_module("sessie_tui", run_name="__main__", alter_sys=True)
'''


@pytest.fixture
def shimmed(tmp_path: Path, store: Store) -> Callable[..., subprocess.CompletedProcess[str]]:
    shim = tmp_path / "shim.py"
    shim.write_text(SHIM, encoding="utf-8")

    def command(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(shim), "--db", str(store.root), *args],
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=60,
        )

    return command


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*.json")}


def archive_as_new_session(store: Store, tmp_path: Path) -> Path:
    """An archive of the first session under a new id: importing it writes a new file."""
    archive = tmp_path / "sessie.json"
    assert cli("--db", str(store.root), "archive", FIRST, "-o", str(archive)).returncode == 0
    data = json.loads(archive.read_bytes())
    data["session"]["id"] = "20261104-dddd"
    archive.write_text(json.dumps(data), encoding="utf-8")
    return archive


def test_a_full_disk_in_a_real_process(
    three: dict[str, LiveSession],
    store: Store,
    tmp_path: Path,
    shimmed: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    archive = archive_as_new_session(store, tmp_path)
    before = snapshot(store.root)

    imported = shimmed("import", str(archive), SHIM_BYTES_LEFT="1000")  # fills up mid-file
    assert imported.returncode == 1 and "Traceback" not in imported.stderr
    target = store.session_path("20261104-dddd")
    assert str(target) in imported.stderr and "De schijf is vol" in imported.stderr
    assert snapshot(store.root) == before
    assert not list(store.root.rglob("*.tmp"))

    (store.root / "catalog.json").unlink()
    listing = shimmed("--lang", "en", "list", SHIM_BYTES_LEFT="0")
    assert listing.returncode == 1
    assert [line.split("\t")[0] for line in listing.stdout.splitlines()] == [LAST, VICTIM, FIRST]
    assert str(store.root / "catalog.json") in listing.stderr
    assert "The disk is full" in listing.stderr

    # Room again: the same commands succeed.
    assert cli("--db", str(store.root), "import", str(archive)).returncode == 0
    again = cli("--db", str(store.root), "list")
    assert again.returncode == 0 and again.stderr == ""
    assert {line.split("\t")[0] for line in again.stdout.splitlines()} == {
        FIRST,
        VICTIM,
        LAST,
        "20261104-dddd",
    }
    assert catalog_ids(store) == {FIRST, VICTIM, LAST, "20261104-dddd"}


def test_a_read_only_sessions_folder_in_a_real_process(
    three: dict[str, LiveSession],
    store: Store,
    tmp_path: Path,
    shimmed: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    archive = archive_as_new_session(store, tmp_path)
    path = store.session_path(VICTIM)
    bad = damage(path, DAMAGES["truncated"][0])
    before = snapshot(store.sessions_dir)
    closed = str(store.sessions_dir)

    imported = shimmed("import", str(archive), SHIM_READ_ONLY=closed)
    assert imported.returncode == 1 and "Traceback" not in imported.stderr
    assert str(store.session_path("20261104-dddd")) in imported.stderr
    assert "geen toestemming" in imported.stderr
    listing = shimmed("list", SHIM_READ_ONLY=closed)
    assert listing.returncode == 1
    assert [line.split("\t")[0] for line in listing.stdout.splitlines()] == OTHERS
    assert str(path) in listing.stderr and "blijft staan zoals het is" in listing.stderr
    assert snapshot(store.sessions_dir) == before and path.read_bytes() == bad
    assert kept(store, path.name) == []
    assert catalog_ids(store) == set(OTHERS)  # the catalog, in a folder still writable, follows


# -- the screens --------------------------------------------------------------------------


async def test_the_home_screen_lists_the_others_and_names_the_damaged_file(
    three: dict[str, LiveSession], store: Store, make_app: MakeApp
) -> None:
    path = store.session_path(VICTIM)
    bad = damage(path, DAMAGES["truncated"][0])
    app = make_app()
    shown = notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert list(app.screen._entries) == OTHERS
    (message,) = [m for m in shown if str(path) in m]
    assert "beschadigd" in message and "afgebroken" in message
    (copy,) = (store.root / "damaged").iterdir()
    assert str(copy) in message and copy.read_bytes() == bad


async def test_opening_a_session_with_a_bad_field_names_it_and_drops_it_from_the_list(
    three: dict[str, LiveSession], store: Store, make_app: MakeApp
) -> None:
    path = store.session_path(VICTIM)

    def status_a_number(data: dict) -> None:
        data["tables"]["session"]["1"]["status"] = 3

    bad = damage(path, lambda raw: edited(raw, status_a_number))
    app = make_app(lang="en")
    shown = notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert list(app.screen._entries) == [LAST, VICTIM, FIRST]  # type: ignore[attr-defined]
        await pilot.press("down", "enter")  # the second row: the damaged one
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert list(app.screen._entries) == OTHERS
        await pilot.press("enter")  # another one opens as ever
        await pilot.pause()
        assert not isinstance(app.screen, HomeScreen)
    (message,) = [m for m in shown if str(path) in m]
    assert "session.status" in message and "is damaged" in message
    assert kept(store, path.name) == [bad]


async def test_a_session_file_damaged_while_open_is_said_once_not_a_crash(
    new_session: NewSession, store: Store, make_app: MakeApp
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(QUESTIONS)
    app = make_app(open_session=live.id)
    shown = notifications(app)
    path = store.session_path(live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PhaseScreen)
        bad = damage(path, DAMAGES["garbage"][0])
        await pilot.pause(1.2)  # a few ticks of the phase screen
        assert isinstance(app.screen, PhaseScreen)
    assert len([m for m in shown if str(path) in m]) == 1
    assert kept(store, path.name) == [bad]


def test_set_aside_copies_stay_private(
    three: dict[str, LiveSession], store: Store, sessie: Callable[..., Ran]
) -> None:
    """Set-aside copies are private like the files they were (0600, folder 0700)."""
    path = store.session_path(VICTIM)
    damage(path, DAMAGES["garbage"][0])
    sessie("list")
    folder = store.root / "damaged"
    assert folder.stat().st_mode & 0o777 == 0o700
    (copy,) = folder.iterdir()
    assert copy.stat().st_mode & 0o777 == 0o600

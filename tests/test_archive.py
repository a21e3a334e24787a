"""Session archives: a whole session out and back in, and nothing half-imported."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.report import Audience, build_report
from sessie_tui.storage.archive import (
    ArchiveError,
    encode_archive,
    import_archive,
    write_archive,
)
from sessie_tui.storage.store import Store

from conftest import acknowledge_all

NewSession = Callable[..., LiveSession]


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in a folder, with a hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def archived(new_session: NewSession, clock: FakeClock, tmp_path: Path) -> dict:
    live = new_session()
    acknowledge_all(live)
    live.go_to_phase(2)
    live.toggle_clock()
    clock.advance(100)
    live.add_note(NoteDraft("Wat deed je toen?", NoteKind.QUESTION, "p-sofie", "p-dries"))
    live.add_note(NoteDraft("Niet delen", NoteKind.CONFIDENTIAL, "p-sofie"))
    live.record_evaluation("p-an", 5, "top")
    live.end()
    path = tmp_path / "sessie.json"
    write_archive(live.store, live.id, path)
    return json.loads(path.read_text(encoding="utf-8"))


def offer(tmp_path: Path, content: bytes | str) -> tuple[Path, Store, dict[str, str]]:
    target = Store(tmp_path / "doel")
    path = tmp_path / "aangeboden.json"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path, target, fingerprint(target.root)


@pytest.mark.parametrize("audience", list(Audience))
def test_archive_import_export_gives_the_same_report_byte_for_byte(
    new_session: NewSession, clock: FakeClock, tmp_path: Path, audience: Audience
) -> None:
    live = new_session()
    acknowledge_all(live)
    live.add_note(NoteDraft("## geen kop", NoteKind.DECISION, "p-sofie"))
    path = tmp_path / "a.json"
    write_archive(live.store, live.id, path)
    other = Store(tmp_path / "elders")
    imported = import_archive(other, path)
    again = LiveSession(other, imported.id, clock)
    assert build_report(again.session, clock, "nl", audience) == build_report(
        live.session, clock, "nl", audience
    )
    assert encode_archive(other.read_session(imported.id)) == path.read_bytes()


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda a: a.update(version=2), "version"),
        (lambda a: a.update(format="iets anders"), "format"),
        (lambda a: a["notes"][0].update(kind="roddel"), "notes[1].kind"),
        (lambda a: a["notes"][0].pop("text"), "notes[1].text"),
        (lambda a: a["participants"][1].update(name=""), "participants[2].name"),
        (lambda a: a["evaluations"][0].update(score=9), "evaluations[1].score"),
        (lambda a: a["session"].update(id="../../etc/x"), "session.id"),
        (
            lambda a: a["session"]["method"]["phases"][0].update(minutes="tien"),
            "session.method.phases[0].minutes",
        ),
        (lambda a: a["events"].append({"type": "phase", "to": 99, "at": "x"}), "events"),
        (lambda a: a.update(notes="geen lijst"), "notes"),
        (
            lambda a: a["session"]["info"].update(next_meeting_date="14/09/2027"),
            "session.info.next_meeting_date",
        ),
        (
            lambda a: a["session"]["info"].update(next_meeting_time="7pm"),
            "session.info.next_meeting_time",
        ),
    ],
)
def test_a_bad_archive_is_refused_naming_the_field_and_the_store_is_untouched(
    archived: dict, tmp_path: Path, mutate: Callable[[dict], object], field: str
) -> None:
    mutate(archived)
    path, target, before = offer(tmp_path, json.dumps(archived))
    with pytest.raises(ArchiveError) as refused:
        import_archive(target, path)
    message = refused.value.message("en")
    assert str(path) in message
    assert field in message
    assert fingerprint(target.root) == before


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b'{"format": "sessie-tui-session"', b"\xff\xfe", b"[]", b"null"],
    ids=["empty", "brace", "truncated", "not-utf8", "a-list", "null"],
)
def test_malformed_and_truncated_archives_are_refused(
    archived: dict, tmp_path: Path, content: bytes
) -> None:
    path, target, before = offer(tmp_path, content)
    with pytest.raises(ArchiveError) as refused:
        import_archive(target, path)
    assert str(path) in refused.value.message("nl")
    assert fingerprint(target.root) == before


def test_a_truncated_real_archive_is_refused(archived: dict, tmp_path: Path) -> None:
    text = json.dumps(archived, indent=2)
    path, target, before = offer(tmp_path, text[: len(text) // 2])
    with pytest.raises(ArchiveError) as refused:
        import_archive(target, path)
    assert "JSON" in refused.value.message("en")
    assert fingerprint(target.root) == before


def test_an_archive_already_in_the_store_is_not_imported_again(
    archived: dict, tmp_path: Path
) -> None:
    path, target, _ = offer(tmp_path, json.dumps(archived))
    import_archive(target, path)
    before = fingerprint(target.root)
    with pytest.raises(ArchiveError):
        import_archive(target, path)
    assert fingerprint(target.root) == before


def test_an_archive_is_private_and_not_written_over_unasked(
    new_session: NewSession, tmp_path: Path
) -> None:
    live = new_session()
    path = tmp_path / "a.json"
    write_archive(live.store, live.id, path)
    assert path.stat().st_mode & 0o777 == 0o600
    path.write_text("van mij")
    with pytest.raises(ArchiveError):
        write_archive(live.store, live.id, path)
    assert path.read_text() == "van mij"
    write_archive(live.store, live.id, path, force=True)
    assert "sessie-tui-session" in path.read_text()


def test_the_case_and_the_next_meeting_go_out_and_come_back_in(
    new_session: NewSession, clock: FakeClock, tmp_path: Path
) -> None:
    live = new_session()
    live.update_info(
        case_title="Een vader die het MDO verlaat",
        case_question="Hoe herstel ik het vertrouwen?\nEn met wie?",
        next_meeting_date="14/09/2027",
        next_meeting_time="19u30",
        next_meeting_place="CLB Gent",
    )
    live.update_info(share_case_question=True)
    path = tmp_path / "a.json"
    write_archive(live.store, live.id, path)
    written = json.loads(path.read_text(encoding="utf-8"))["session"]["info"]
    assert (
        written["next_meeting_date"],
        written["next_meeting_time"],
        written["next_meeting_place"],
    ) == ("2027-09-14", "19:30", "CLB Gent")
    assert written["share_case_question"] is True
    assert written["share_case_question_at"] == live.now()

    imported = import_archive(Store(tmp_path / "elders"), path)
    assert imported.info == live.session.info
    report = build_report(imported, clock, "nl", Audience.ABSENTEES)
    assert "Hoe herstel ik het vertrouwen?" in report
    assert "dinsdag 14 september 2027, 19u30, CLB Gent" in report
    english = build_report(imported, clock, "en", Audience.PARTICIPANTS)
    assert "Tuesday 14 September 2027, 19:30, CLB Gent" in english


def test_an_older_archive_with_the_next_meeting_as_one_text_still_imports(
    archived: dict, clock: FakeClock, tmp_path: Path
) -> None:
    info = archived["session"]["info"]
    for newer in ("share_case_question_at", "next_meeting_date", "next_meeting_time"):
        info.pop(newer)
    info.pop("next_meeting_place")
    info["next_meeting"] = "maandag 14 september 2026, 19u, CLB Gent"
    path, target, _ = offer(tmp_path, json.dumps(archived))
    session = import_archive(target, path)
    for audience in Audience:
        report = build_report(session, clock, "nl", audience)
        assert "## Volgende bijeenkomst\n\nmaandag 14 september 2026, 19u, CLB Gent" in report

    # Set again in the app: the date, time and place are what the reports print from then on;
    # the older text is kept in the file, as it was.
    live = LiveSession(target, session.id, clock)
    live.update_info(next_meeting_date="2026-09-21", next_meeting_time="20:00")
    report = build_report(live.session, clock, "nl", Audience.PARTICIPANTS)
    assert "## Volgende bijeenkomst\n\nmaandag 21 september 2026, 20u\n" in report
    assert "14 september" not in report
    assert live.session.info.next_meeting == "maandag 14 september 2026, 19u, CLB Gent"

"""Hostile input in every field a user can fill: no crash, nothing cut, nothing obeyed.

Each text goes in through the same call the screens make and comes back out of
a store opened afresh: it is kept exactly (less surrounding white space), or
refused whole with a message that names the limit, the file left as it was.
Method files and archives, which users write or receive, are read without a
crash: a bad one is refused by name. On screen, an escape sequence is shown as
a stand-in and never reaches the terminal.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from textual import events

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.session import FollowUpStatus
from sessie_tui.errors import UserFacingError
from sessie_tui.live import LiveSession, NoteDraft, create_session
from sessie_tui.live_network import LiveNetwork, create_network
from sessie_tui.methods import MethodLibrary, load_methods
from sessie_tui.report import Audience
from sessie_tui.report.network_report import network_report
from sessie_tui.storage.archive import encode_archive, import_archive
from sessie_tui.storage.store import Store
from sessie_tui.textsafety import first_invisible, make_visible, show_invisible_in_place
from sessie_tui.widgets.safe_input import SafeInput

from conftest import TIMEZONE, participants
from hostile import FILLED, PASTE, PIECES, TEXT, paste

METHODS = load_methods()
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PARSER = MarkdownIt("commonmark").enable("table")


@dataclass
class Meeting:
    """A fresh store with a network and two meetings, the second one running."""

    root: Path
    network: LiveNetwork
    first: LiveSession
    live: LiveSession

    def reopened(self) -> LiveSession:
        return LiveSession(Store(self.root), self.live.id, FakeClock())

    def network_reopened(self) -> LiveNetwork:
        return LiveNetwork(Store(self.root), self.network.id, FakeClock())


def a_meeting(root: Path) -> Meeting:
    """The stores of a meeting are alike: made once, copied for every example."""
    template = TEMPLATES.get("meeting")
    if template is None:
        made = make_meeting(Path(tempfile.mkdtemp()) / "store")
        template = TEMPLATES["meeting"] = made.root
    shutil.copytree(template, root)
    store, clock = Store(root), FakeClock()
    (network_id,) = store.network_ids()
    first_id = store.sessions_of_network(network_id)[0]
    return Meeting(
        root,
        LiveNetwork(store, network_id, clock),
        LiveSession(store, first_id, clock),
        LiveSession(store, HOSTILE_ID, clock),
    )


TEMPLATES: dict[str, Path] = {}
HOSTILE_ID = "20261123-vijand"


def hostile_session(store: Store, clock: FakeClock) -> LiveSession:
    """The session whose fields the examples fill: an incident method meeting in setup."""
    create_session(
        store,
        method=METHODS.get("incidentmethode"),
        clock=clock,
        lang="nl",
        participants=participants(),
        session_id=HOSTILE_ID,
        timezone=TIMEZONE,
    )
    return LiveSession(store, HOSTILE_ID, clock)


def make_meeting(root: Path) -> Meeting:
    store, clock = Store(root), FakeClock()
    network_id = create_network(store, name="Lerend netwerk Zorg", clock=clock, lang="nl")
    network = LiveNetwork(store, network_id, clock)
    network.add_member("An Peeters")
    first_id = network.new_meeting(METHODS.get("startbijeenkomst"), "nl", TIMEZONE)
    first = LiveSession(store, first_id, clock)
    for person in first.session.present():
        first.acknowledge(person.id)
    first.add_note(NoteDraft("Een actiepunt", NoteKind.ACTION))
    first.end()
    live = hostile_session(store, clock)
    live.acknowledge("p-an")
    return Meeting(root, network, first, live)


@dataclass(frozen=True)
class Field:
    """One place a user types text: how it is written, how it is read back, its limit."""

    name: str
    write: Callable[[Meeting, str], object]
    read: Callable[[Meeting], str]
    limit: int
    required: bool = False
    prepare: Callable[[Meeting], object] = lambda meeting: None
    one_line_visible: bool = False
    """Refuses a control character or line break (a network's name, shown in every line)."""


def last(items: list[Any], attribute: str) -> str:
    """The attribute of the last item; empty when there is none yet."""
    return getattr(items[-1], attribute) if items else ""


def note_text(meeting: Meeting) -> str:
    notes = list(meeting.reopened().session.live_notes())
    return notes[-1].text if notes else ""


def edited_note(meeting: Meeting, text: str) -> None:
    note = list(meeting.live.session.live_notes())[-1]
    meeting.live.edit_note(note.id, text)


def follow_up(meeting: Meeting, remark: str) -> None:
    action = next(meeting.first.session.live_notes())
    meeting.live.record_follow_up(action, meeting.first.id, FollowUpStatus.ONGOING, remark)


def expectation(meeting: Meeting, text: str) -> None:
    person = meeting.first.session.present()[0].id
    meeting.first.record_expectation(person, text, text)


def stored_expectation(meeting: Meeting) -> str:
    session = LiveSession(Store(meeting.root), meeting.first.id, FakeClock()).session
    given = next(iter(session.expectations.values()), None)
    assert given is None or given.expectations == given.learning_goals
    return given.expectations if given else ""


def member(meeting: Meeting, text: str, field: str) -> None:
    (member_id,) = meeting.network.network.members
    current = meeting.network.network.members[member_id].to_data()
    current.pop("id")
    meeting.network.update_member(member_id, **{**current, field: text})


def stored_member(meeting: Meeting, field: str) -> str:
    (member,) = meeting.network_reopened().network.members.values()
    return getattr(member, field)


INFO = (
    "network",
    "topic",
    "place",
    "case_title",
    "case_question",
    "takeaway",
    "next_meeting",
    "next_meeting_place",
)
FIELDS = [
    *(
        Field(
            f"info.{name}",
            lambda m, v, name=name: m.live.update_info(**{name: v}),
            lambda m, name=name: getattr(m.reopened().session.info, name),
            2_000,
        )
        for name in INFO
    ),
    Field(
        "participant name",
        lambda m, v: m.live.add_participant(v),
        lambda m: list(m.reopened().session.participants.values())[-1].name,
        200,
        required=True,
    ),
    *(
        Field(
            f"note ({kind.value})",
            lambda m, v, kind=kind: m.live.add_note(NoteDraft(v, kind, "p-sofie")),
            note_text,
            200_000,
            required=True,
        )
        for kind in NoteKind
    ),
    Field(
        "edited note",
        edited_note,
        note_text,
        200_000,
        required=True,
        prepare=lambda m: m.live.add_note(NoteDraft("eerst dit")),
    ),
    Field(
        "evaluation remark",
        lambda m, v: m.live.record_evaluation("p-an", 4, v),
        lambda m: getattr(m.reopened().session.evaluations.get("p-an"), "remark", ""),
        2_000,
    ),
    Field(
        "override reason",
        lambda m, v: m.live.override_gate(v),
        lambda m: last(m.reopened().session.overrides, "reason"),
        2_000,
    ),
    Field(
        "look-back remark",
        follow_up,
        lambda m: last(m.reopened().session.follow_ups, "remark"),
        2_000,
    ),
    Field(
        "expectations",
        expectation,
        stored_expectation,
        20_000,
        prepare=lambda m: m.first.reopen(),
    ),
    Field(
        "network theme",
        lambda m, v: m.network.update(name="Netwerk", theme=v, goal=""),
        lambda m: m.network_reopened().network.theme,
        2_000,
    ),
    Field(
        "network name",
        lambda m, v: m.network.update(name=v, theme="", goal=""),
        lambda m: m.network_reopened().network.name,
        200,
        required=True,
        one_line_visible=True,
    ),
    *(
        Field(
            f"member {name}",
            lambda m, v, name=name: member(m, v, name),
            lambda m, name=name: stored_member(m, name),
            200 if name == "name" else 500,
            required=name == "name",
        )
        for name in ("name", "organisation", "function", "contact")
    ),
    Field(
        "agreement",
        lambda m, v: m.network.set_agreement(v),
        lambda m: m.network_reopened().network.agreements[-1].text,
        20_000,
        required=True,
    ),
    Field(
        "final evaluation",
        lambda m, v: m.network.record_final_answer(
            next(iter(m.network.network.members)), learned=v, will_use=v, should_change=v
        ),
        lambda m: last(list(m.network_reopened().network.final_answers.values()), "learned"),
        20_000,
    ),
]


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*.json"))
        if "damaged" not in path.parts
    }


@pytest.mark.slow  # each field's examples go through the whole save path, flushed to disk
@pytest.mark.parametrize("field", FIELDS, ids=[field.name for field in FIELDS])
@SETTINGS
@given(value=st.one_of(TEXT, PASTE))
def test_every_field_keeps_exactly_what_was_typed_or_refuses_it_whole(
    field: Field, value: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        meeting = a_meeting(Path(folder) / "store")
        field.prepare(meeting)
        before = field.read(meeting)
        files = files_of(meeting.root)
        kept = value.strip()
        try:
            field.write(meeting, value)
        except UserFacingError as refusal:
            # Refused whole, with a reason a person can act on; nothing on disk changed.
            hidden = field.one_line_visible and first_invisible(kept) is not None
            assert len(kept) > field.limit or (field.required and not kept) or hidden, refusal.key
            message = refusal.message("nl")
            assert "field." not in message  # the field is named in words, in Dutch
            if len(kept) > field.limit:
                assert f"{field.limit:,}".replace(",", ".") in message or str(field.limit) in (
                    message
                )
            assert files_of(meeting.root) == files
            assert field.read(meeting) == before
            return
        assert len(kept) <= field.limit
        assert field.read(meeting) == kept  # exactly as typed: not cut, not changed


@pytest.mark.parametrize("piece", ["# kop", "\x1b[31m", "\u202e", "👨‍👩‍👧", "<b>x</b>", "\ud800"])
def test_a_paste_of_a_hundred_thousand_characters_is_one_whole_note(
    tmp_path: Path, piece: str
) -> None:
    meeting = a_meeting(tmp_path / "store")
    text = paste(piece, 100_000)
    meeting.live.add_note(NoteDraft(text))
    (stored,) = [note.text for note in meeting.reopened().session.live_notes()]
    assert stored == text.strip()


# -- reports -----------------------------------------------------------------------------


def structure(markdown: str) -> list[tuple[str, str, int]]:
    return [
        (token.type, token.tag, token.level)
        for token in PARSER.parse(markdown)
        if token.type != "inline"
    ]


def network_reports(root: Path, text: str, name: str) -> dict[Audience, str]:
    meeting = a_meeting(root)
    filled = text if text.strip() else "—"  # where an empty text is refused
    network = meeting.network
    # A network's name refuses control characters: it holds what a user could type.
    network.update(name=make_visible(name)[:200], theme=filled, goal=filled)
    (member_id,) = network.network.members
    network.update_member(member_id, name=name, organisation=text, function=text, contact=text)
    network.record_final_answer(member_id, learned=text, will_use=text, should_change=text)
    person = meeting.first.session.present()[0].id
    meeting.first.reopen()
    meeting.first.record_expectation(person, filled, filled)
    meeting.first.add_note(NoteDraft(filled, NoteKind.ACTION, owner=person))
    meeting.first.record_evaluation(person, 4, text)
    meeting.first.end()
    network = meeting.network_reopened()
    meetings = network.meetings()
    return {a: network_report(network.network, meetings, "nl", a) for a in Audience}


@SETTINGS
@given(text=TEXT, name=FILLED)
def test_no_text_changes_the_network_report_s_structure(text: str, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        hostile = network_reports(Path(folder) / "a", text, name)
        plain = network_reports(Path(folder) / "b", "gewone tekst" if text.strip() else "", "An")
    for audience in Audience:
        assert structure(hostile[audience]) == structure(plain[audience]), audience


# -- method files -------------------------------------------------------------------------


def method_file(texts: dict[str, str]) -> str:
    return tomli_w.dumps(
        {
            "schema": 1,
            "id": "eigen",
            "source": texts["source"],
            "title": {"nl": texts["title"], "en": texts["title"]},
            "summary": {"nl": texts["summary"], "en": texts["summary"]},
            "phases": [
                {
                    "kind": "case_presentation",
                    "minutes": 5,
                    "title": {"nl": texts["phase"], "en": texts["phase"]},
                    "rule": {"nl": texts["rule"], "en": texts["rule"]},
                }
            ],
        }
    )


# A TOML file is UTF-8 text: a lone surrogate cannot be written into one.
TOML_TEXT = TEXT.filter(lambda text: not any("\ud800" <= c <= "\udfff" for c in text))


@SETTINGS
@given(
    texts=st.fixed_dictionaries(
        {key: TOML_TEXT for key in ("source", "title", "summary", "phase", "rule")}
    )
)
def test_a_method_file_with_any_text_loads_exactly_or_is_refused_by_name(
    texts: dict[str, str],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "eigen.toml"
        path.write_text(method_file(texts), encoding="utf-8")
        library = load_methods(Path(folder))
    if "eigen" in library.methods:
        method = library.get("eigen")
        assert method.title.nl == texts["title"]
        assert method.phases[0].rule.nl == texts["rule"]
        assert method.source == texts["source"]
    else:
        ((problem_path, problem),) = [(p.path, p.problem) for p in library.problems]
        assert problem_path.endswith("eigen.toml") and problem


@SETTINGS
@given(data=st.binary(max_size=2_000))
def test_a_method_file_of_any_bytes_never_stops_the_app(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "kapot.toml").write_bytes(data)
        library = load_methods(Path(folder))
    assert isinstance(library, MethodLibrary)
    assert library.default is not None
    assert all(p.path.endswith("kapot.toml") for p in library.problems)


# -- archive files ------------------------------------------------------------------------


def archive_of(meeting: Meeting) -> dict[str, Any]:
    meeting.live.add_note(NoteDraft("Wat gebeurde er?", NoteKind.QUESTION, "p-sofie"))
    meeting.live.record_evaluation("p-an", 4, "goed")
    return json.loads(encode_archive(meeting.live.store.read_session(meeting.live.id)))


def text_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in an archive that holds a text."""
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in text_paths(item, (*path, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in text_paths(item, (*path, index))]
    return [path] if isinstance(value, str) else []


def put(archive: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        archive = archive[key]
    archive[path[-1]] = value


@pytest.fixture(scope="module")
def archive() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        return archive_of(a_meeting(Path(folder) / "store"))


@SETTINGS
@given(data=st.data())
def test_an_archive_with_any_value_anywhere_imports_exactly_or_is_refused_by_field(
    archive: dict[str, Any], data: st.DataObject
) -> None:
    changed = json.loads(json.dumps(archive))
    places = text_paths(changed)
    for _ in range(data.draw(st.integers(1, 3))):
        place = data.draw(st.sampled_from(places))
        value = data.draw(
            st.one_of(TEXT, st.integers(), st.none(), st.booleans(), st.lists(TEXT, max_size=2))
        )
        put(changed, place, value)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store")
        path = Path(folder) / "archief.json"
        path.write_text(json.dumps(changed), encoding="utf-8")
        try:
            session = import_archive(store, path)
        except UserFacingError as refusal:
            assert refusal.message("nl")
            assert store.list_sessions() == []  # refused whole: nothing half-imported
            return
        stored = json.loads(encode_archive(Store(store.root).read_session(session.id)))
    for place in text_paths(changed):
        value: Any = changed
        for key in place:
            value = value[key]
        copy: Any = stored
        for key in place:
            copy = copy[key]
        assert copy == value, place  # every text as it was in the file


# -- on screen ----------------------------------------------------------------------------


@pytest.mark.parametrize("piece", [p for p in PIECES if not p.isprintable()])
def test_a_field_shows_invisible_characters_one_for_one(piece: str) -> None:
    shown = show_invisible_in_place(f"a{piece}b")
    assert len(shown) == len(piece) + 2  # the cursor still moves character by character
    assert shown.isprintable() or "\u200d" in shown or "\U000e007f" in shown


async def test_the_screens_never_send_what_someone_typed_to_the_terminal(
    make_app: Callable[..., Any], store: Store, clock: FakeClock
) -> None:
    """An escape sequence typed anywhere is drawn as a stand-in, on every screen."""
    nasty = "\x1b]0;titel\x07\x1b[2J\x1b[31mROOD \u202eabc [bold]x[/] \ud800"
    live = hostile_session(store, clock)
    live.update_info(topic=nasty, network=nasty, place=nasty, case_title=nasty)
    live.add_participant(nasty)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screens = []
        for keys in ((), ("enter",), ("ctrl+n",)):
            await pilot.press(*keys)
            await pilot.pause()
            screens.append(app.export_screenshot())
        for key in ("space",) * 8:
            await pilot.press(key)
        await pilot.press("ctrl+o", "enter")
        await pilot.pause()
        live.add_note(NoteDraft(nasty, NoteKind.NOTE, "p-sofie"))
        await pilot.press("l")
        await pilot.pause(0.6)
        screens.append(app.export_screenshot())
    for svg in screens:
        assert "\x1b" not in svg and "\x07" not in svg and "\u202e" not in svg
    assert any("␛" in svg for svg in screens)


async def test_a_hundred_thousand_characters_pasted_in_the_note_field_are_saved_whole(
    make_app: Callable[..., Any], store: Store, clock: FakeClock
) -> None:
    live = hostile_session(store, clock)
    for person in live.session.present():
        live.acknowledge(person.id)
    live.go_to_phase(1)
    text = paste("Een lange tekst uit een verslag, met \x1b[31m en \u202e erin. ", 100_000)
    app = make_app(open_session=live.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        field = app.screen.query_one("#note-input", SafeInput)
        field.post_message(events.Paste(text))
        await pilot.pause()
        assert field.value == text
        await pilot.press("enter")
        await pilot.pause()
        assert field.value == ""  # saved, so the field is ready for the next one
    (stored,) = LiveSession(Store(store.root), live.id, clock).session.live_notes()
    assert stored.text == text.strip()

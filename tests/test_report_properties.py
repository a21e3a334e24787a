"""Whatever anyone types, in any field, both reports keep their structure.

Hypothesis fills every text field a user can fill with arbitrary text; the
block structure (headings, lists, items, tables, paragraphs) of each report,
parsed by markdown-it-py, must equal that of the same session with plain text
in the same places.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.localized import Localized
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Attendance, Participant, Role
from sessie_tui.domain.session import SessionInfo
from sessie_tui.live import LiveSession, NoteDraft, create_session
from sessie_tui.methods import load_methods
from sessie_tui.report import Audience, build_report
from sessie_tui.storage.store import Store

from hostile import FILLED as NAME
from hostile import TEXT

METHOD = load_methods().default
PARSER = MarkdownIt("commonmark").enable("table")
INFO_FIELDS = (
    "network",
    "topic",
    "place",
    "case_title",
    "case_question",
    "takeaway",
    "next_meeting",
    "next_meeting_place",
)


def structure(markdown: str) -> list[tuple[str, str, int]]:
    return [
        (token.type, token.tag, token.level)
        for token in PARSER.parse(markdown)
        if token.type != "inline"
    ]


def plain_like(text: str) -> str:
    """Plain text where the user's text is kept, nothing where it is blank."""
    return "gewone tekst" if text.strip() else ""


def session_reports(fields: dict[str, Any], root: Path) -> dict[Audience, str]:
    clock = FakeClock()
    store = Store(root)
    phases = list(METHOD.phases)
    phases[2] = replace(phases[2], title=Localized(fields["phase_title"], fields["phase_title"]))
    method = replace(METHOD, phases=tuple(phases))
    names = fields["names"]
    people = [
        Participant("p1", names[0], Role.FACILITATOR),
        Participant("p2", names[1], Role.CASE_HOLDER),
        Participant("p3", names[2], Role.NOTE_TAKER),
        Participant("p4", names[3], Role.PARTICIPANT, Attendance.ABSENT),
    ]
    info = SessionInfo(
        date="2026-11-23",
        share_case_question=True,
        **{name: fields[name].strip() for name in INFO_FIELDS},
    )
    create_session(
        store,
        method=method,
        clock=clock,
        lang="nl",
        info=info,
        participants=people,
        session_id="20261123-prop",
        timezone="Europe/Brussels",
    )
    live = LiveSession(store, "20261123-prop", clock)
    live.acknowledge("p1")
    live.override_gate(fields["reason"])
    for index, (kind, text) in enumerate(zip(NoteKind, fields["notes"], strict=False)):
        live.go_to_phase(min(index + 2, len(method.phases) - 1))
        if text.strip():
            live.add_note(NoteDraft(text, kind, "p3", speaker="p1", owner="p2", due="2026-12-01"))
    if fields["remark"].strip():
        live.record_evaluation("p1", 4, fields["remark"])
    live.end()
    return {audience: build_report(live.session, clock, "nl", audience) for audience in Audience}


FIELDS = st.fixed_dictionaries(
    {
        **{name: TEXT for name in INFO_FIELDS},
        "names": st.lists(NAME, min_size=4, max_size=4),
        "phase_title": NAME,
        "notes": st.lists(TEXT, min_size=len(NoteKind), max_size=len(NoteKind)),
        "reason": TEXT,
        "remark": TEXT,
    }
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(FIELDS)
def test_no_text_in_any_field_changes_either_report_s_structure(fields: dict[str, Any]) -> None:
    baseline_fields = {
        key: [plain_like(v) or ("x" if key == "names" else "") for v in value]
        if isinstance(value, list)
        else plain_like(value) or ("gewone titel" if key == "phase_title" else "")
        for key, value in fields.items()
    }
    with tempfile.TemporaryDirectory() as folder:
        hostile = session_reports(fields, Path(folder) / "hostile")
        plain = session_reports(baseline_fields, Path(folder) / "plain")
    for audience in Audience:
        assert structure(hostile[audience]) == structure(plain[audience]), audience
        assert "<b>" not in PARSER.render(hostile[audience])

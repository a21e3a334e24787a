"""The reports as e-mail drafts: parsed back with `email`, per audience, nothing leaking.

A meeting of a network whose members are present, absent or excused, some with an
address in their contact field and some without. The drafts are read back the way
a mail client reads them (`email.message_from_bytes`, default policy): the headers,
who is in To and Bcc, both bodies, and, for those absent, none of the confidential
markers `test_absentees.build` puts in every field.
"""

from __future__ import annotations

import email
import socket
import stat
import subprocess
import sys
from email import policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from test_absentees import build, markers_in

from sessie_tui.cli import run
from sessie_tui.domain.audience import Audience
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.network import Member
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Attendance, Participant, Role
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.live_network import LiveNetwork
from sessie_tui.methods import MethodLibrary
from sessie_tui.report.drafts import (
    NO_ONE_VISIBLE,
    address_in,
    make_drafts,
    write_drafts,
)
from sessie_tui.report.export import ExportError
from sessie_tui.storage.store import Store

from network_helpers import run_meeting

# name, contact, attendance, role
ROSTER = [
    ("Annelies Vermeulen", "annelies@example.be", Attendance.PRESENT, Role.FACILITATOR),
    ("Bart Verhaegen", "Bart: bart.v@example.be; 0470 12 34 56", Attendance.PRESENT, None),
    ("Charlotte Peeters", "0470 99 88 77", Attendance.PRESENT, None),  # no address
    ("Dries Claes", "dries@example.be", Attendance.ABSENT, None),
    ("Els Janssens", "", Attendance.ABSENT, None),  # no address
    ("Filip Maes", "filip@example.be", Attendance.EXCUSED, None),
]


def parsed(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def addresses(message: EmailMessage, header: str) -> set[str]:
    value = message[header]
    return {a.addr_spec for a in value.addresses} if value is not None else set()


def bodies(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    return plain.get_content(), html.get_content()


def network_meeting(network: LiveNetwork, methods: MethodLibrary, clock: FakeClock) -> LiveSession:
    for name, contact, _, _ in ROSTER:
        network.add_member(name, contact=contact)
    live = run_meeting(network, methods, clock, "incidentmethode")
    by_name = {p.name: p for p in live.session.participants.values()}
    for name, _, attendance, role in ROSTER:
        person = by_name[name]
        live.update_participant(person.id, attendance=attendance)
        if role is not None:
            live.set_role(person.id, role)
        elif person.role is Role.FACILITATOR:
            live.set_role(person.id, Role.PARTICIPANT)
    live.go_to_phase(2)
    live.add_note(NoteDraft("Enkel voor ons: de vader belde", NoteKind.CONFIDENTIAL, "x"))
    live.add_note(NoteDraft("Het CLB contacteren", NoteKind.ACTION, "x"))
    live.end()
    return live


def test_each_draft_goes_to_its_audience_in_bcc_with_the_facilitator_in_to(
    network: LiveNetwork, methods: MethodLibrary, clock: FakeClock, tmp_path: Path
) -> None:
    live = network_meeting(network, methods, clock)
    members = network.network.members
    drafts = make_drafts(live.session, members, clock, "nl", tmp_path)
    write_drafts(drafts)
    by_audience = {d.audience: d for d in drafts}
    present = parsed(by_audience[Audience.PARTICIPANTS].path)
    absent = parsed(by_audience[Audience.ABSENTEES].path)
    for message in (present, absent):
        assert message["X-Unsent"] == "1"
        assert addresses(message, "To") == {"annelies@example.be"}
        assert addresses(message, "From") == {"annelies@example.be"}
        assert parsedate_to_datetime(message["Date"]).timestamp() == clock.time()
        assert message.get_content_type() == "multipart/alternative"
        assert message["Cc"] is None
    # Only those present, and only those with an address (the facilitator is in To).
    assert addresses(present, "Bcc") == {"bart.v@example.be"}
    # The absent and the excused alike.
    assert addresses(absent, "Bcc") == {"dries@example.be", "filip@example.be"}
    assert present["Subject"].startswith("Verslag intervisie:")
    assert absent["Subject"].startswith("Verslag voor wie afwezig was:")
    assert by_audience[Audience.PARTICIPANTS].addressees.without_address == ("Charlotte Peeters",)
    assert by_audience[Audience.ABSENTEES].addressees.without_address == ("Els Janssens",)
    text, html = bodies(present)
    assert "Enkel voor ons" in text and "Enkel voor ons" in html
    text, html = bodies(absent)
    assert "Het CLB contacteren" in text and "Het CLB contacteren" in html
    assert "Enkel voor ons" not in text and "Enkel voor ons" not in html
    assert html.lstrip().startswith("<!DOCTYPE html>") and "@media print" in html
    for draft in drafts:
        assert stat.S_IMODE(draft.path.stat().st_mode) == 0o600


@pytest.mark.parametrize("share", [True, False], ids=["consent", "no-consent"])
def test_nothing_confidential_reaches_the_absentees_draft(
    store: Store, clock: FakeClock, methods: MethodLibrary, tmp_path: Path, share: bool
) -> None:
    live, marks = build(store, clock, methods, "incidentmethode", share)
    session = live.session
    # Each participant a member with an address, and one excused member too.
    excused = marks.new("NAME")
    marks.names.add(excused)
    session.participants["p8"] = Participant("p8", excused, attendance=Attendance.EXCUSED)
    members = {}
    for person in list(session.participants.values()):
        member = Member(f"m-{person.id}", person.name, contact=f"{person.id}@x.be")
        members[member.id] = member
        session.participants[person.id] = person.with_changes(member_id=member.id)
    drafts = {d.audience: d for d in make_drafts(session, members, clock, "nl", tmp_path)}
    write_drafts(list(drafts.values()))
    absent = parsed(drafts[Audience.ABSENTEES].path)
    assert addresses(absent, "Bcc") == {"p9@x.be", "p8@x.be"}
    for body in bodies(absent):
        found = markers_in(body)
        assert found & marks.secret == set()
        assert marks.allowed - marks.names <= found
    # The facilitator's marker name stands in To, as in the participants' draft: a name
    # in a header is no content; the subject holds only the topic and the date.
    assert markers_in(absent["Subject"]) <= marks.allowed
    present = parsed(drafts[Audience.PARTICIPANTS].path)
    gone = {m for m in marks.secret if "EDITEDAWAY" in m or "DELETED" in m}
    for body in bodies(present):
        assert (marks.allowed | marks.secret) - gone <= markers_in(body)


def test_without_a_network_no_one_is_addressed_and_everyone_is_listed(
    new_session: object, clock: FakeClock, tmp_path: Path
) -> None:
    live = new_session()  # type: ignore[operator]
    live.end()
    drafts = make_drafts(live.session, {}, clock, "nl", tmp_path)
    write_drafts(drafts)
    for draft in drafts:
        message = parsed(draft.path)
        assert str(message["To"]) == NO_ONE_VISIBLE
        assert message["Bcc"] is None and message["From"] is None
    present, absent = drafts
    assert "An Peeters" in present.addressees.without_address
    assert set(absent.addressees.without_address) == {"Filip Wouters", "Griet Goossens"}


def test_a_hostile_name_cannot_add_a_header(
    new_session: object, clock: FakeClock, tmp_path: Path
) -> None:
    live = new_session()  # type: ignore[operator]
    live.update_participant("p-filip", name="Filip\r\nBcc: spy@evil.example")
    members = {"m": Member("m", "x", contact="filip@example.be")}
    live.update_participant("p-filip", member_id="m")
    live.end()
    drafts = make_drafts(live.session, members, clock, "nl", tmp_path)
    write_drafts(drafts)
    absent = parsed(drafts[1].path)
    assert addresses(absent, "Bcc") == {"filip@example.be"}
    assert absent.get_all("Bcc") is not None and len(absent.get_all("Bcc")) == 1  # type: ignore[arg-type]


def test_drafts_never_replace_a_file_unasked(
    new_session: object, clock: FakeClock, tmp_path: Path
) -> None:
    live = new_session()  # type: ignore[operator]
    live.end()
    drafts = make_drafts(live.session, {}, clock, "nl", tmp_path)
    drafts[1].path.write_text("eigen concept")
    with pytest.raises(ExportError) as refused:
        write_drafts(drafts)
    assert str(drafts[1].path) in refused.value.message("nl")
    assert not drafts[0].path.exists(), "nothing written when one of them is in the way"
    assert drafts[1].path.read_text() == "eigen concept"
    write_drafts(drafts, force=True)
    assert parsed(drafts[1].path)["X-Unsent"] == "1"
    assert stat.S_IMODE(drafts[1].path.stat().st_mode) == 0o600


def test_address_in_a_contact_field() -> None:
    assert address_in("an@example.be") == "an@example.be"
    assert address_in("Tel 0470 12 34 56, mail: an.peeters@school.example.be.") == (
        "an.peeters@school.example.be"
    )
    assert address_in("0470 12 34 56") is None
    assert address_in("") is None


def test_send_writes_the_drafts_and_says_what_leaves(
    network: LiveNetwork,
    methods: MethodLibrary,
    clock: FakeClock,
    store: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    live = network_meeting(network, methods, clock)

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("sessie-tui opened a network connection")

    # Nothing goes over the network on the way: no socket is made, no SMTP spoken.
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    out = tmp_path / "concepten"
    out.mkdir()
    assert run(["--db", str(store.root), "send", live.id, "-o", str(out)]) == 0
    said = capsys.readouterr()
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        f"verslag-{live.session.info.date}-{live.id}-afwezigen.eml",
        f"verslag-{live.session.info.date}-{live.id}.eml",
    ]
    assert "Wat vertrekt: het verslag voor de deelnemers." in said.err
    assert "Wat vertrekt: het verslag voor wie afwezig was." in said.err
    assert "1 × vertrouwelijk" in said.err  # the participants' report carries it
    assert "Zonder adres (1), bezorg het hen zelf: Charlotte Peeters." in said.out
    assert "Zonder adres (1), bezorg het hen zelf: Els Janssens." in said.out
    # Again: refused, the file named, nothing replaced.
    before = {p: p.read_bytes() for p in out.iterdir()}
    assert run(["--db", str(store.root), "send", live.id, "-o", str(out)]) == 1
    assert "bestaat al" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in out.iterdir()} == before
    assert run(["--db", str(store.root), "send", live.id, "-o", str(out), "--force"]) == 0


def test_the_send_path_imports_no_mail_or_network_client() -> None:
    """`sessie-tui send` writes files; it loads no SMTP, HTTP or TLS client to do it. (The
    `socket` module itself comes with `email.utils`; that no socket is made is checked by
    the test above.)"""
    code = (
        "import sys\n"
        "import sessie_tui.report.drafts, sessie_tui.report.html, sessie_tui.report.leaving\n"
        "bad = {'smtplib', 'http.client', 'urllib.request', 'ssl'} & set(sys.modules)\n"
        "print(sorted(bad))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"

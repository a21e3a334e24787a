"""The reports as e-mail drafts (`.eml`): one for those present, one for those absent.

sessie-tui sends nothing: it writes standard messages (Python's `email` package,
UTF-8) that any mail client opens as a draft (`X-Unsent: 1`), for the facilitator
to read and send from their own account.

Who gets which draft follows the attendance of each participant: the present
ones the participants' report, the absent and excused ones the absentees' report.
Addresses come from the network roster's contact field (the first e-mail address
in it); whoever has none is named, so the facilitator can deliver it otherwise.

The members of a group do not all share their addresses with each other, and a
reply-to-all on a confidential report is a leak waiting to happen, so every
recipient is in `Bcc`. `To` holds the facilitator's own address when the roster
knows it (they keep a copy, and mail clients want a `To`), else the empty group
`undisclosed-recipients:;`, the standard way to say "only blind copies".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from ..domain.audience import Audience
from ..domain.clock import Clock
from ..domain.dates import long_date
from ..domain.network import Member
from ..domain.participants import Role
from ..domain.record import record
from ..domain.session import Session, participants_in_order
from ..i18n import translate
from ..storage.atomic import write_atomic
from ..storage.errors import WriteFailed
from ..textsafety import make_visible
from .export import ExportError, default_report_name

NO_ONE_VISIBLE = "undisclosed-recipients:;"
"""An empty group (RFC 5322): the message has blind copies only."""

_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def address_in(contact: str) -> str | None:
    """The first e-mail address in a contact field ("an@x.be, 0470 12 34 56"), if any."""
    found = _ADDRESS.search(contact)
    return found.group(0) if found else None


@record
class Recipient:
    """Someone an e-mail draft goes to: a name and an address."""

    name: str
    address: str

    def header(self) -> Address:
        # The name as one visible line: a header can hold no line break or control char.
        return Address(display_name=make_visible(self.name), addr_spec=self.address)


@record
class Addressees:
    """Who one draft is for: those with an address, and those without one."""

    audience: Audience
    recipients: tuple[Recipient, ...]
    without_address: tuple[str, ...]

    @property
    def anyone(self) -> bool:
        return bool(self.recipients or self.without_address)


def _usable(name: str, address: str | None) -> Recipient | None:
    if address is None:
        return None
    try:
        Recipient(name, address).header()
    except (HeaderParseError, ValueError, IndexError):
        return None
    return Recipient(name, address)


def addressees(session: Session, members: Mapping[str, Member]) -> dict[Audience, Addressees]:
    """Each audience's people, by their attendance: present, or absent and excused."""
    found: dict[Audience, tuple[list[Recipient], list[str]]] = {a: ([], []) for a in Audience}
    for person in participants_in_order(session.participants.values()):
        audience = Audience.PARTICIPANTS if person.present else Audience.ABSENTEES
        member = members.get(person.member_id) if person.member_id else None
        recipient = _usable(person.name, address_in(member.contact) if member else None)
        if recipient is None:
            found[audience][1].append(person.name)
        else:
            found[audience][0].append(recipient)
    return {a: Addressees(a, tuple(r), tuple(n)) for a, (r, n) in found.items()}


def facilitator(session: Session, members: Mapping[str, Member]) -> Recipient | None:
    """The facilitator's own address, if the roster has it: the drafts' `To` and `From`."""
    for person in session.people(Role.FACILITATOR):
        member = members.get(person.member_id) if person.member_id else None
        recipient = _usable(person.name, address_in(member.contact) if member else None)
        if recipient is not None:
            return recipient
    return None


def plain_text(markdown: str) -> str:
    """The report's markdown as mail text: without the escapes that keep it markdown."""
    return _ESCAPED.sub(r"\1", markdown.replace("\\\n", "\n"))


@record
class Draft:
    """One e-mail draft written: its audience, file, addressees and message."""

    audience: Audience
    path: Path
    addressees: Addressees
    message: EmailMessage
    to: Recipient | None
    """The facilitator, in `To`; None: `undisclosed-recipients:;`."""

    @property
    def blind(self) -> tuple[Recipient, ...]:
        """Those in `Bcc`: the audience but the facilitator (who is in `To`)."""
        return blind_copies(self.to, self.addressees.recipients)


def blind_copies(to: Recipient | None, recipients: tuple[Recipient, ...]) -> tuple[Recipient, ...]:
    """Everyone but whoever is in `To` already."""
    return tuple(r for r in recipients if to is None or r.address != to.address)


def subject(session: Session, audience: Audience, lang: str) -> str:
    title = session.info.topic or session.info.network or session.id
    date = long_date(session.info.date, lang) if session.info.date else session.created_at[:10]
    key = f"drafts.subject.{audience.value}"
    return make_visible(translate(key, lang, title=title, date=date))


def draft_message(
    *,
    subject: str,
    to: Recipient | None,
    addressees: Addressees,
    text: str,
    html: str,
    now: datetime,
) -> EmailMessage:
    """One message, ready for a mail client to open as a draft."""
    message = EmailMessage()  # the default policy: UTF-8 headers and bodies, RFC 5322
    message["Date"] = format_datetime(now)
    message["Subject"] = subject
    if to is not None:
        message["From"] = to.header()
        message["To"] = to.header()
    else:
        message["To"] = NO_ONE_VISIBLE
    blind = [r.header() for r in blind_copies(to, addressees.recipients)]
    if blind:
        message["Bcc"] = blind
    message["X-Unsent"] = "1"  # opened as a draft to send, not as a received message
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def draft_name(session: Session, audience: Audience, lang: str) -> str:
    return str(Path(default_report_name(session, audience, lang)).with_suffix(".eml"))


def make_drafts(
    session: Session,
    members: Mapping[str, Member],
    clock: Clock,
    lang: str,
    folder: Path,
) -> list[Draft]:
    """The drafts to write: one per audience that has anyone in it."""
    from . import build_report, session_title
    from .html import report_html

    people = addressees(session, members)
    sender = facilitator(session, members)
    now = datetime.fromtimestamp(clock.time(), UTC).astimezone()
    drafts = []
    for audience in Audience:
        if not people[audience].anyone:
            continue
        markdown = build_report(session, clock, lang, audience)
        message = draft_message(
            subject=subject(session, audience, lang),
            to=sender,
            addressees=people[audience],
            text=plain_text(markdown),
            # The very page `export --format html` writes (its title too).
            html=report_html(markdown, session_title(session), lang),
            now=now,
        )
        path = folder / draft_name(session, audience, lang)
        drafts.append(Draft(audience, path, people[audience], message, sender))
    return drafts


def write_drafts(drafts: list[Draft], *, force: bool = False) -> None:
    """Each draft to its file, private (0600); without `force`, nothing is written when
    one of the files exists already (the message names it)."""
    for draft in drafts:
        if draft.path.is_dir():
            raise ExportError("export.is_folder", path=str(draft.path))
        if not force and draft.path.exists():
            raise ExportError("export.exists", path=str(draft.path))
    for draft in drafts:
        try:
            write_atomic(draft.path, draft.message.as_bytes(), replace=force)
        except FileExistsError:
            raise ExportError("export.exists", path=str(draft.path)) from None
        except OSError as error:
            raise WriteFailed(draft.path, error) from None

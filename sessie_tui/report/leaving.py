"""What leaves the machine: said before a report, a draft, an archive or a share goes.

Intervision is confidential, and the one moment the facilitator can still catch a
wrong report for the wrong people is before it is written. So every way out says,
in a few lines, which report it is, how many notes of which kinds are in it, which
names, and to whom or where it goes. The screens show it in a question to accept;
the command line prints it on stderr as it writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from ..domain.audience import Audience
from ..domain.network import Network
from ..domain.notes import NoteKind
from ..domain.record import record
from ..domain.session import Session, participants_in_order
from ..i18n import translate
from ..textsafety import make_visible

MAX_NAMES = 12
"""Names listed one by one; beyond that, the rest is counted."""


@record
class Leaving:
    """What one way out carries, before where it goes is added."""

    what: str
    notes: tuple[tuple[NoteKind, int], ...] = ()
    contents: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


def _counted(kinds: Iterable[NoteKind]) -> tuple[tuple[NoteKind, int], ...]:
    counts = Counter(kinds)
    return tuple((kind, counts[kind]) for kind in NoteKind if counts[kind])


def _names(session: Session) -> tuple[str, ...]:
    return tuple(p.name for p in participants_in_order(session.participants.values()))


def session_leaving(session: Session, audience: Audience, lang: str) -> Leaving:
    """A session's report for one audience: what its builder puts in, counted."""
    info = session.info
    what = translate(f"leaving.report.{audience.value}", lang)
    contents: list[str] = []
    if audience is Audience.ABSENTEES:
        notes = _counted(n.kind for n in session.live_notes() if n.kind is NoteKind.ACTION)
        if info.case_question and info.share_case_question:
            contents.append(translate("leaving.case_question", lang))
        if info.takeaway and info.share_takeaway:
            contents.append(translate("leaving.takeaway", lang))
        advice = sum(1 for n in session.live_notes() if n.kind is NoteKind.ADVICE)
        if advice:
            contents.append(translate("leaving.advice_counted", lang, count=advice))
    else:
        notes = _counted(n.kind for n in session.live_notes())
        if info.case_title or info.case_question:
            contents.append(translate("leaving.case", lang))
        if info.takeaway:
            contents.append(translate("leaving.takeaway", lang))
        remarks = sum(1 for e in session.evaluations.values() if e.remark)
        if remarks:
            contents.append(translate("leaving.remarks", lang, count=remarks))
    return Leaving(what, notes, tuple(contents), _names(session))


def archive_leaving(session: Session, lang: str) -> Leaving:
    """A whole session: every note, also the deleted ones and earlier versions."""
    notes = _counted(n.kind for n in session.notes.values())
    contents = [translate("leaving.archive_everything", lang)]
    return Leaving(translate("leaving.archive", lang), notes, tuple(contents), _names(session))


def network_leaving(network: Network, meetings: Sequence[Session], lang: str) -> Leaving:
    what = translate("leaving.network_report", lang, meetings=len(meetings))
    names = tuple(m.name for m in network.members.values())
    return Leaving(what, names=names)


def room_leaving(session: Session, lang: str) -> Leaving:
    """What the room's devices will see once the session is shared."""
    contents = (
        translate("leaving.room_phase", lang),
        translate("leaving.room_cards", lang),
        translate("leaving.room_notes", lang),
    )
    names = tuple(p.name for p in session.present())
    return Leaving(translate("leaving.room", lang), contents=contents, names=names)


def describe(leaving: Leaving, lang: str, where: Sequence[str]) -> list[str]:
    """The lines to show or print: what, how many notes of which kinds, names, where."""
    # Where it goes comes right after what it is: the line that must not scroll away.
    lines = [translate("leaving.heading", lang, what=leaving.what), *where]
    if leaving.notes:
        kinds = ", ".join(
            translate("leaving.kind_count", lang, kind=translate(f"kind.{k.value}", lang), count=c)
            for k, c in leaving.notes
        )
        lines.append(translate("leaving.notes", lang, kinds=kinds))
    elif leaving.contents or leaving.names:
        lines.append(translate("leaving.no_notes", lang))
    lines += [translate("leaving.also", lang, what=item) for item in leaving.contents]
    if leaving.names:
        shown = ", ".join(make_visible(name) for name in leaving.names[:MAX_NAMES])
        more = len(leaving.names) - MAX_NAMES
        if more > 0:
            shown += " " + translate("leaving.more_names", lang, count=more)
        lines.append(translate("leaving.names", lang, count=len(leaving.names), names=shown))
    return lines


def to_file(path: str, lang: str) -> str:
    return translate("leaving.to_file", lang, path=path)


def to_stdout(lang: str) -> str:
    return translate("leaving.to_stdout", lang)


def recipients_lines(to: str | None, blind: Sequence[str], lang: str) -> list[str]:
    """To whom a draft goes: the facilitator in To (or no one visible), the rest in Bcc."""
    first = (
        translate("leaving.to_facilitator", lang, name=make_visible(to))
        if to is not None
        else translate("leaving.to_no_one", lang)
    )
    shown = ", ".join(make_visible(name) for name in blind) or "—"
    return [first, translate("leaving.to_people", lang, count=len(blind), names=shown)]


def without_address_line(names: Sequence[str], lang: str) -> str:
    shown = ", ".join(make_visible(name) for name in names)
    return translate("leaving.without_address", lang, count=len(names), names=shown)

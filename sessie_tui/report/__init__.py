"""The verslag: one for the participants, one for those who were absent."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.audience import Audience
from ..domain.clock import Clock
from ..domain.record import record
from ..domain.session import Session

if TYPE_CHECKING:
    from ..domain.network import Member
    from .drafts import Draft
    from .leaving import Leaving

__all__ = ["Audience", "ReportSource", "build_report", "session_report_source"]


# The builders are imported when a report is built: the screens import this package
# (for `attribution`, `ReportSource`) at start-up, long before anyone asks for a report.


def build_report(session: Session, clock: Clock, lang: str, audience: Audience) -> str:
    from .absentees import absentees_report
    from .verslag import participants_report

    if audience is Audience.ABSENTEES:
        return absentees_report(session, clock, lang)
    return participants_report(session, clock, lang)


@record
class ReportSource:
    """What the report screen shows and writes: a text and a file name per audience,
    what leaves with it, and (for a session) the e-mail drafts to its people."""

    title: str
    build: Callable[[Audience], str]
    file_name: Callable[[Audience], str]
    leaves: Callable[[Audience], Leaving]
    lang: str
    drafts: Callable[[Path], list[Draft]] | None = None
    """The drafts for a folder; None where there is no one to address (a network report)."""

    def html(self, audience: Audience) -> str:
        """The same report as a web page, ready to print (`html.report_html`)."""
        from .html import report_html

        return report_html(self.build(audience), self.title, self.lang)

    def html_name(self, audience: Audience) -> str:
        return str(Path(self.file_name(audience)).with_suffix(".html"))


def session_title(session: Session) -> str:
    """What a session's report is called: on the report screen, in its web page."""
    return session.info.topic or session.id


def session_report_source(
    session: Session, clock: Clock, lang: str, members: Mapping[str, Member] | None = None
) -> ReportSource:
    """A session's reports; `members` is its network's roster, for the drafts' addresses."""
    from .drafts import make_drafts
    from .export import default_report_name
    from .leaving import session_leaving

    return ReportSource(
        title=session_title(session),
        build=lambda audience: build_report(session, clock, lang, audience),
        file_name=lambda audience: default_report_name(session, audience, lang),
        leaves=lambda audience: session_leaving(session, audience, lang),
        lang=lang,
        drafts=lambda folder: make_drafts(session, members or {}, clock, lang, folder),
    )

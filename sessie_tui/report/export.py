"""Writing a report to a file: atomically, private (0600), never over a file unasked."""

from __future__ import annotations

from pathlib import Path

from ..domain.audience import Audience
from ..domain.session import Session
from ..errors import UserFacingError
from ..i18n import translate
from ..storage.atomic import write_atomic
from ..storage.errors import WriteFailed


class ExportError(UserFacingError):
    pass


def report_file_name(stem: str, audience: Audience, lang: str) -> str:
    """`stem.md`, or `stem-absentees.md` (`-afwezigen` in Dutch), in the report's language."""
    suffix = (
        translate("report.file.absentees_suffix", lang) if audience is Audience.ABSENTEES else ""
    )
    return f"{stem}{suffix}.md"


def default_report_name(
    session: Session, audience: Audience = Audience.PARTICIPANTS, lang: str = "nl"
) -> str:
    stamp = session.info.date or session.created_at[:10]
    stem = translate("report.file.session", lang, date=stamp, id=session.id)
    return report_file_name(stem, audience, lang)


def write_report(path: Path, text: str, *, force: bool = False) -> None:
    """Write `text` to `path`; an existing file is replaced only with `force`."""
    if path.is_dir():
        raise ExportError("export.is_folder", path=str(path))
    data = text.encode("utf-8", "backslashreplace")
    try:
        write_atomic(path, data, replace=force)
    except FileExistsError:
        raise ExportError("export.exists", path=str(path)) from None
    except OSError as error:
        raise WriteFailed(path, error) from None

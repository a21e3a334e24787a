"""Writing a report to a file: atomically, private (0600), never over a file unasked."""

from __future__ import annotations

from pathlib import Path

from ..domain.session import Session
from ..errors import UserFacingError
from ..storage.atomic import write_atomic
from ..storage.errors import WriteFailed
from .audience import Audience


class ExportError(UserFacingError):
    pass


def default_report_name(session: Session, audience: Audience = Audience.PARTICIPANTS) -> str:
    stamp = session.info.date or session.created_at[:10]
    suffix = "-afwezigen" if audience is Audience.ABSENTEES else ""
    return f"verslag-{stamp}-{session.id}{suffix}.md"


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

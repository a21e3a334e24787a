"""Dates as people type them and as reports print them."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from .clock import time_zone

if TYPE_CHECKING:
    import pendulum

_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
# 19:30, 19.30, 19u30, 19h30, 19u, 19h, 19
_TIME = re.compile(r"^\s*(\d{1,2})\s*(?:[:.uh]\s*(\d{2})?)?\s*$", re.IGNORECASE)


def parse_date(text: str) -> str | None:
    """An ISO date (`2026-11-23`) from `2026-11-23`, `23/11/2026`, `23-11-2026` or `23.11.2026`.

    None when the text is not a real date.
    """
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_clock_time(text: str) -> str | None:
    """A time of day as `HH:MM` from `19:30`, `19.30`, `19u30`, `19h30`, `19u` or `19`.

    None when the text is not a time of day.
    """
    match = _TIME.match(text)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _moment(text: str) -> pendulum.DateTime:
    """A date or an ISO timestamp as pendulum reads it (which could also be a duration)."""
    import pendulum  # when a date is written out: it is a tenth of a start

    moment = pendulum.parse(text)
    if not isinstance(moment, pendulum.DateTime):
        raise TypeError(f"{text!r} is a {type(moment).__name__}, not a moment in time")
    return moment


def long_date(iso_date: str, lang: str) -> str:
    """`maandag 23 november 2026` (nl) or `Monday 23 November 2026` (en); as given if unreadable."""
    parsed = parse_date(iso_date)
    if parsed is None:
        return iso_date
    return _moment(parsed).format("dddd D MMMM YYYY", locale=lang)


def _local(iso_timestamp: str, timezone: str) -> datetime.datetime:
    """The moment of an ISO timestamp (as `to_iso` writes them) in the session's time
    zone; one without an offset is taken as UTC. The standard library, not pendulum:
    the phase screen's note bar asks for one as it is first drawn."""
    moment = datetime.datetime.fromisoformat(iso_timestamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(time_zone(timezone))


def clock_time(iso_timestamp: str, timezone: str) -> str:
    """`19:42` in the session's time zone."""
    return _local(iso_timestamp, timezone).strftime("%H:%M")


def local_date(iso_timestamp: str, timezone: str) -> str:
    """The ISO date (`2026-11-23`) of a moment in the session's time zone."""
    return _local(iso_timestamp, timezone).date().isoformat()

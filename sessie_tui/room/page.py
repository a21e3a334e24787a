"""The phone page's templates and static files, for the share's server to serve.

The templates (`templates/`) render with autoescape on: every value a participant
typed (names, cards, remarks, the topic) is escaped. Each template lists, in a
comment at its top, the variables it expects; `render` passes exactly those.
The static files (`static/room.css`, `room.js`) are the page's only style and
script: the Content-Security-Policy allows nothing inline and no other host.

Textual-free: the server process never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ..i18n import translate

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".woff2": "font/woff2",
}
"""The static files the page uses, by suffix: anything else is not served."""

PAGES = ("waiting.html", "choose.html", "room.html")


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def translator(lang: str) -> Callable[..., str]:
    """`t(key, **params)` in the session's language, for the templates."""

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    return t


def render(
    page: str,
    *,
    lang: str,
    csrf: str = "",
    participants: Sequence[Mapping[str, Any]] = (),
    me: Mapping[str, Any] | None = None,
    state: Mapping[str, Any] | None = None,
    error: str = "",
) -> str:
    """One of `PAGES` as HTML. `participants` is for choose.html, `me` and `state`
    (the state JSON of the device, see `room/view.py`) for room.html."""
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}")
    return (
        environment()
        .get_template(page)
        .render(
            lang=lang,
            t=translator(lang),
            csrf=csrf,
            participants=list(participants),
            me=dict(me or {}),
            state=dict(state or {}),
            error=error,
        )
    )


def static_file(name: str) -> tuple[bytes, str] | None:
    """The bytes and content type of `static/<name>`, or None: only plain names of
    the folder's own files, never a path out of it."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    content_type = STATIC_TYPES.get(Path(name).suffix)
    path = STATIC_DIR / name
    if content_type is None or not path.is_file():
        return None
    return path.read_bytes(), content_type

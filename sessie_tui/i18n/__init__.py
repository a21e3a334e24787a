"""The one catalog of user-facing text: Dutch (Flemish usage) and English.

Keys are dotted (`phase.start`); the texts live in `nl.toml` and `en.toml`
beside this module, and both files hold the same keys (a test checks it).
Placeholders use `str.format` names: `{name}`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

_current = DEFAULT_LANGUAGE


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every key and its text in one language."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    from ..json_twin import load_toml

    # Beside this module (not importlib.resources: it brings zipfile and more to a start).
    return _flatten(load_toml(Path(__file__).with_name(f"{lang}.toml").read_bytes()))


def set_language(lang: str) -> None:
    global _current
    catalog(lang)  # fail early on an unknown language
    _current = lang


def language() -> str:
    return _current


def translate(key: str, lang: str, **params: Any) -> str:
    """The text for `key` in `lang`; a missing key shows as itself, never crashes."""
    text = catalog(lang).get(key) or catalog(DEFAULT_LANGUAGE).get(key)
    if text is None:
        return key
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def t(key: str, **params: Any) -> str:
    """The text for `key` in the current language."""
    return translate(key, _current, **params)


def tn(key: str, count: int, **params: Any) -> str:
    """A text that depends on a number: `key.one` for 1, `key.other` otherwise."""
    return t(f"{key}.{'one' if count == 1 else 'other'}", count=count, **params)


def decimal(value: float, digits: int = 1, lang: str | None = None) -> str:
    """A number as the language writes it: `4,2` in Dutch, `4.2` in English."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if (lang or _current) == "nl" else text

"""The base of every error a user may see.

Errors carry a catalog key and parameters instead of a sentence, so the
interface and the command line can say them in the user's language. A
parameter may itself be a `Phrase` (a key and its parameters): it is said in
the same language as the sentence around it. `str()` of an error is the
English sentence, for logs and tracebacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Phrase:
    """A piece of a message (such as what is wrong with a file), said in the reader's language."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params: Mapping[str, Any] = params

    def say(self, lang: str) -> str:
        from .i18n import translate

        return translate(self.key, lang, **_said(self.params, lang))

    def __str__(self) -> str:
        return self.say("en")

    def __repr__(self) -> str:
        return f"Phrase({self.key!r}, **{dict(self.params)!r})"


def _said(params: Mapping[str, Any], lang: str) -> dict[str, Any]:
    return {
        name: value.say(lang) if isinstance(value, Phrase) else value
        for name, value in params.items()
    }


class UserFacingError(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def __str__(self) -> str:
        return self.message("en")

    def message(self, lang: str) -> str:
        from .i18n import translate

        return translate(self.key, lang, **_said(self.params, lang))

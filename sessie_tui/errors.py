"""The base of every error a user may see.

Errors carry a catalog key and parameters instead of a sentence, so the
interface and the command line can say them in the user's language. `str()`
of an error is the English sentence, for logs and tracebacks.
"""

from __future__ import annotations

from typing import Any


class UserFacingError(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def __str__(self) -> str:
        from .i18n import translate

        return translate(self.key, "en", **self.params)

    def message(self, lang: str) -> str:
        from .i18n import translate

        return translate(self.key, lang, **self.params)

"""Text that exists in Dutch and English, as method files and agreements carry it."""

from __future__ import annotations

from .record import record

LANGUAGES = ("nl", "en")


@record
class Localized:
    """A Dutch and an English version of one text."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to Dutch, the product's first language."""
        return self.en if lang == "en" and self.en else self.nl

    def to_dict(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}

"""Finding people's names in free text, to mask them or to remove them."""

from __future__ import annotations

import re
from collections.abc import Iterable

MIN_FIRST_NAME = 3
"""Shorter first names are left alone: too likely to be an ordinary word."""


def name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """Every full name and first name, longest first, as whole words; None if no names."""
    words = set()
    for name in names:
        name = " ".join(name.split())
        if name:
            words.add(name)
            first = name.split()[0]
            if len(first) >= MIN_FIRST_NAME:
                words.add(first)
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def replace_names(text: str, pattern: re.Pattern[str] | None, replacement: str) -> str:
    return pattern.sub(replacement, text) if pattern else text

"""The method chooser's ranking, said in words (the catalog's `chooser.*`).

One way of saying it for the CLI, the screens and the report: the domain gives
reasons as catalog keys with values (`domain/chooser.py`), and this turns them
into text. Method titles are user text (a user's own method file): callers that
draw on a terminal pass the result through the safe helpers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .domain.chooser import Needs, Reason, Suggestion
from .i18n import translate

LABELLED = {"kind": "question_kind", "kinds": "question_kind", "goals": "goal", "wanted": "goal"}
"""Which values are words of the shared vocabulary, and the catalog section that says them."""


def _value(name: str, value: Any, lang: str) -> Any:
    section = LABELLED.get(name)
    if section is None:
        return value
    if not isinstance(value, list):
        return translate(f"{section}.{value}", lang)
    labels = [translate(f"{section}.{item}", lang) for item in value]
    if len(labels) < 2:
        return "".join(labels)
    return translate("chooser.list_and", lang, items=", ".join(labels[:-1]), last=labels[-1])


def say_reason(reason: Reason, lang: str) -> str:
    params = {name: _value(name, value, lang) for name, value in reason.params.items()}
    return translate(f"chooser.reason.{reason.key}", lang, **params)


def say_reasons(reasons: Iterable[Reason], lang: str) -> str:
    return "; ".join(say_reason(reason, lang) for reason in reasons)


def reason_lines(reasons: Iterable[Reason], lang: str) -> list[tuple[str, str]]:
    """(heading, reasons) for what fits, what does not, and what is only said; empty
    groups left out. Told by a word, not by colour alone."""
    reasons = list(reasons)
    groups = (
        ("chooser.fits", [r for r in reasons if r.fits]),
        ("chooser.not_fits", [r for r in reasons if r.fits is False]),
        ("chooser.info", [r for r in reasons if r.fits is None]),
    )
    return [
        (translate(heading, lang), say_reasons(group, lang)) for heading, group in groups if group
    ]


def one_line(suggestion: Suggestion, lang: str) -> str:
    """`Balint-methode: past bij …; 25 min …` — a method and everything said of it."""
    title = suggestion.method.title.get(lang)
    return f"{title}: {say_reasons(suggestion.reasons, lang)}"


def say_needs(needs: Needs, lang: str) -> str:
    """What the chooser was told, e.g. `een relatie …; 45 min; 7 aanwezig`; '' for nothing."""
    parts = []
    if needs.question is not None:
        parts.append(translate(f"question_kind.{needs.question.value}", lang))
    if needs.goal is not None:
        parts.append(translate("chooser.needs.goal", lang, goal=_value("wanted", needs.goal, lang)))
    if needs.minutes is not None:
        parts.append(translate("chooser.needs.minutes", lang, minutes=needs.minutes))
    if needs.present is not None:
        parts.append(translate("chooser.needs.present", lang, count=needs.present))
    if needs.experience is not None:
        parts.append(translate(f"chooser.needs.experience_{needs.experience.value}", lang))
    return "; ".join(parts)

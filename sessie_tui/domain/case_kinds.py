"""The words that choosing speaks: kinds of question, what the case holder wants,
how experienced the group is.

Shared by the case round (a proposal says what kind of question it is), the
method chooser (a method file says which kinds, goals and experience it suits)
and the reports. The kinds are the ones practitioners sort cases by (see
`../shared/METHODS.md`, "Choosing the case and the method"): knowledge, skill,
dilemma, relation, emotion, plus the two the issue names in the case round — a
problem to solve and a wish to understand or reflect. Labels live in the
catalog under `question_kind.*`, `goal.*` and `experience.*`.
"""

from __future__ import annotations

from enum import StrEnum


class QuestionKind(StrEnum):
    PROBLEM = "problem"
    """A problem to solve: how do I get this done, what should I do."""
    DILEMMA = "dilemma"
    """A choice between A and B."""
    RELATION = "relation"
    """A relation with a pupil, client, parent or colleague (Balint's home ground)."""
    KNOWLEDGE = "knowledge"
    """What is known about…"""
    SKILL = "skill"
    """How do I…"""
    EMOTION = "emotion"
    """What this does to me."""
    UNDERSTANDING = "understanding"
    """A wish to understand or to reflect, not to be told what to do."""


class Goal(StrEnum):
    """What the case holder wants from the group."""

    ADVICE = "advice"
    UNDERSTANDING = "understanding"


class Experience(StrEnum):
    """How experienced the group is with intervision."""

    NEW = "new"
    SOME = "some"
    SEASONED = "seasoned"

    @property
    def rank(self) -> int:
        return list(Experience).index(self)

"""The method chooser: which method suits this case, this group, this meeting.

What it reasons from is data in the method files (`question_kinds`, `goals`,
`min_participants`/`max_participants`, `experience`, and the minutes of the
phases), with their sources in `../shared/METHODS.md`, "Choosing the case and the
method". The facilitator gives what they know (the kind of question, the minutes
available, how many are present, the group's experience, advice or understanding);
anything may be unknown, and a method may have no opinion: then nothing is said
about that criterion.

Each reason is a catalog key with its values, so the screens, the CLI and the
report say it in the reader's language; the ranking itself is data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field
from enum import StrEnum
from typing import Any

from .case_kinds import Experience, Goal, QuestionKind
from .fields import FieldReader
from .method import Method
from .record import record


class Criterion(StrEnum):
    CASE = "case"
    QUESTION = "question"
    GOAL = "goal"
    MINUTES = "minutes"
    SIZE = "size"
    EXPERIENCE = "experience"


WEIGHTS = {
    # A method that tells no case (a network's first meeting) is no answer to a case.
    Criterion.CASE: (0, 10),
    # "The kind of question leads, not the method" (METHODS.md): it weighs most.
    Criterion.QUESTION: (3, 3),
    Criterion.GOAL: (2, 2),
    # Too little time or a group the method cannot hold are hard to work around, so a
    # misfit costs much; that they fit is worth little, most methods do.
    Criterion.MINUTES: (1, 4),
    Criterion.SIZE: (1, 3),
    Criterion.EXPERIENCE: (1, 2),
}
"""How much a criterion counts: (for it when it fits, against it when it does not)."""


@record
class Needs:
    """What the facilitator knows about this case and this meeting; None: unknown."""

    question: QuestionKind | None = None
    minutes: int | None = None
    present: int | None = None
    experience: Experience | None = None
    goal: Goal | None = None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in ("question", "experience", "goal"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value.value
        for name in ("minutes", "present"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data

    @classmethod
    def from_reader(cls, reader: FieldReader) -> Needs:
        return cls(
            question=reader.choice("question", QuestionKind, None),
            minutes=reader.integer("minutes", None, minimum=1),
            present=reader.integer("present", None, minimum=1),
            experience=reader.choice("experience", Experience, None),
            goal=reader.choice("goal", Goal, None),
        )


@record
class Reason:
    """One thing said about a method: whether it fits (None: only information),
    and how to say it (a catalog key under `chooser.reason.` with its values)."""

    criterion: Criterion
    fits: bool | None
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"criterion": self.criterion.value, "key": self.key}
        if self.fits is not None:
            data["fits"] = self.fits
        if self.params:
            data["params"] = dict(self.params)
        return data

    @classmethod
    def from_reader(cls, reader: FieldReader) -> Reason:
        params = reader.optional_table("params")
        return cls(
            criterion=reader.choice("criterion", Criterion),
            fits=reader.boolean("fits", None),
            key=reader.identifier("key"),
            params=dict(params.raw()) if params is not None else {},
        )


@record
class Suggestion:
    """A method the chooser suggests, with its reasons."""

    method: Method
    reasons: tuple[Reason, ...]

    @property
    def score(self) -> int:
        total = 0
        for reason in self.reasons:
            if reason.fits is not None:
                for_it, against_it = WEIGHTS[reason.criterion]
                total += for_it if reason.fits else -against_it
        return total

    @property
    def fitting(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.fits]

    @property
    def not_fitting(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.fits is False]


def _question(method: Method, needs: Needs) -> Reason | None:
    if not method.question_kinds:
        return None
    kinds = [kind.value for kind in method.question_kinds]
    if needs.question is None:
        return Reason(Criterion.QUESTION, None, "question_for", {"kinds": kinds})
    if needs.question in method.question_kinds:
        return Reason(Criterion.QUESTION, True, "question_fits", {"kind": needs.question.value})
    return Reason(
        Criterion.QUESTION, False, "question_other", {"kind": needs.question.value, "kinds": kinds}
    )


def _goal(method: Method, needs: Needs) -> Reason | None:
    if not method.goals:
        return None
    goals = [goal.value for goal in method.goals]
    if needs.goal is None:
        return Reason(Criterion.GOAL, None, "goal_gives", {"goals": goals})
    if needs.goal in method.goals:
        return Reason(Criterion.GOAL, True, "goal_gives", {"goals": goals})
    return Reason(Criterion.GOAL, False, "goal_other", {"goals": goals, "wanted": needs.goal.value})


def _minutes(method: Method, needs: Needs) -> Reason:
    planned = round(method.planned_minutes)
    untimed = method.has_untimed_phases
    if not planned:
        return Reason(Criterion.MINUTES, None, "minutes_none")
    key = "minutes_at_least" if untimed else "minutes"
    params: dict[str, Any] = {"minutes": planned}
    if needs.minutes is None:
        return Reason(Criterion.MINUTES, None, key, params)
    if planned > needs.minutes:
        return Reason(
            Criterion.MINUTES, False, "minutes_too_many", {**params, "available": needs.minutes}
        )
    # Phases without a set time may fit or not, as the facilitator keeps them short.
    return Reason(Criterion.MINUTES, None if untimed else True, key, params)


def _size(method: Method, needs: Needs) -> Reason | None:
    low, high = method.min_participants, method.max_participants
    if low is None and high is None:
        return None
    if low is not None and high is not None:
        key, params = ("size_exactly", {"count": low}) if low == high else ("size_range", {})
        params = params or {"min": low, "max": high}
    elif low is not None:
        key, params = "size_at_least", {"min": low}
    else:
        assert high is not None  # both None returned above
        key, params = "size_at_most", {"max": high}
    if needs.present is None:
        return Reason(Criterion.SIZE, None, key, params)
    fits = (low is None or needs.present >= low) and (high is None or needs.present <= high)
    if fits:
        return Reason(Criterion.SIZE, True, key, params)
    return Reason(Criterion.SIZE, False, key + "_not", {**params, "present": needs.present})


def _experience(method: Method, needs: Needs) -> Reason | None:
    needed = method.experience
    if needed is None:
        return None
    key = f"experience_{needed.value}"
    if needs.experience is None:
        return Reason(Criterion.EXPERIENCE, None, key)
    return Reason(Criterion.EXPERIENCE, needs.experience.rank >= needed.rank, key)


def reasons_for(method: Method, needs: Needs) -> tuple[Reason, ...]:
    """What can be said of `method` for `needs`, in the order a reader weighs it."""
    if not method.has_case:
        return (Reason(Criterion.CASE, False, "no_case"),)
    found = (
        _question(method, needs),
        _goal(method, needs),
        _minutes(method, needs),
        _size(method, needs),
        _experience(method, needs),
    )
    return tuple(reason for reason in found if reason is not None)


def rank_methods(methods: Iterable[Method], needs: Needs, lang: str = "nl") -> list[Suggestion]:
    """Every method, best first; on the same score, by name (in `lang`), then by id."""
    suggestions = [Suggestion(method, reasons_for(method, needs)) for method in methods]
    return sorted(
        suggestions,
        key=lambda s: (-s.score, s.method.title.get(lang).casefold(), s.method.id),
    )

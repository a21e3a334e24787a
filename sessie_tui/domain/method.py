"""Intervision methods: ordered, timed phases with rules, read from data files.

A method is data, not code: the bundled TOML files in `sessie_tui/methods/`
and any file a user drops in their config folder are read by `method_from_data`.
A session keeps its own copy of the method (`Method.to_data`), so editing a
method file later never changes a meeting that already happened.
"""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum
from typing import Any, TypeVar

from .case_kinds import Experience, Goal, QuestionKind
from .fields import FieldError, FieldReader
from .localized import Localized
from .record import record

E = TypeVar("E", bound=StrEnum)

METHOD_SCHEMA = 1
DEFAULT_METHOD_ID = "incidentmethode"


class PhaseKind(StrEnum):
    """What happens in a phase; the app's behaviour per phase hangs off this."""

    INTRODUCTIONS = "introductions"
    EXPECTATIONS = "expectations"
    AGREEMENTS = "agreements"
    ROLES = "roles"
    LOOK_BACK = "look_back"
    CASE_COLLECTION = "case_collection"
    CASE_CHOICE = "case_choice"
    CASE_PRESENTATION = "case_presentation"
    KEY_QUESTION = "key_question"
    QUESTIONING = "questioning"
    SUMMARY = "summary"
    ANALYSIS = "analysis"
    WRITTEN_ROUND = "written_round"
    ADVICE = "advice"
    DECISION = "decision"
    REFLECTION = "reflection"
    EVALUATION = "evaluation"

    @property
    def tells_case(self) -> bool:
        """Whether confidential cases are talked about in this phase.

        The confidentiality agreement must be acknowledged before the first
        such phase starts. A look-back counts: it revisits last time's case.
        """
        return self in (
            PhaseKind.LOOK_BACK,
            PhaseKind.CASE_COLLECTION,
            PhaseKind.CASE_PRESENTATION,
        )


class TurnOrder(StrEnum):
    FIXED = "fixed"
    RANDOM = "random"


@record
class TurnSpec:
    """Speaking in turn ("om de beurt"): order, a time slice and a quota per person."""

    order: TurnOrder = TurnOrder.FIXED
    slice_minutes: float | None = None
    quota: int | None = None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"order": self.order.value}
        if self.slice_minutes is not None:
            data["slice_minutes"] = self.slice_minutes
        if self.quota is not None:
            data["quota"] = self.quota
        return data


@record
class PhaseSpec:
    """One phase of a method, as the method file gives it."""

    kind: PhaseKind
    title: Localized
    rule: Localized
    minutes: float | None = None
    """None when the source gives no time: the clock then counts up."""
    case_holder_silent: bool = False
    turns: TurnSpec | None = None
    why_questions: bool = True
    """False where the method asks for no "why" questions (NSRF)."""
    written: bool = False
    """Write first, reveal together: everyone writes a card on their own device before
    anything is said; the facilitator reveals them all at once (see room/state.py)."""
    written_names: bool = True
    """Whether the writers' names show in the room when the cards are revealed (the
    facilitator can change it before revealing); the session keeps them either way."""

    @property
    def planned_seconds(self) -> float | None:
        return None if self.minutes is None else self.minutes * 60

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind.value,
            "title": self.title.to_dict(),
            "rule": self.rule.to_dict(),
            "case_holder_silent": self.case_holder_silent,
            "why_questions": self.why_questions,
        }
        if self.written:
            data["written"] = True
            data["written_names"] = self.written_names
        if self.minutes is not None:
            data["minutes"] = self.minutes
        if self.turns is not None:
            data["turns"] = self.turns.to_data()
        return data


@record
class Method:
    """An intervision method: its phases in order and where it comes from."""

    id: str
    title: Localized
    summary: Localized
    source: str
    phases: tuple[PhaseSpec, ...]
    min_participants: int | None = None
    max_participants: int | None = None
    warning_minutes: float = 1.0
    question_kinds: tuple[QuestionKind, ...] = ()
    """The kinds of question the method suits, for the chooser; empty: no opinion."""
    goals: tuple[Goal, ...] = ()
    """What it gives the case holder (advice, understanding); empty: no opinion."""
    experience: Experience | None = None
    """The least experience with intervision the group needs; None: no opinion."""
    origin: str = field(default="", compare=False)
    """The file this method was read from, for messages; not stored in sessions."""

    @property
    def planned_minutes(self) -> float:
        """The minutes of the timed phases; see `has_untimed_phases`."""
        return sum(phase.minutes or 0 for phase in self.phases)

    @property
    def has_untimed_phases(self) -> bool:
        return any(phase.minutes is None for phase in self.phases)

    @property
    def case_gate_index(self) -> int | None:
        """Index of the first phase that tells the case, if the method has one."""
        for index, phase in enumerate(self.phases):
            if phase.kind.tells_case:
                return index
        return None

    @property
    def has_case(self) -> bool:
        """Whether a case is told at all (a network's first meeting may have none)."""
        return self.case_gate_index is not None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema": METHOD_SCHEMA,
            "id": self.id,
            "title": self.title.to_dict(),
            "source": self.source,
            "warning_minutes": self.warning_minutes,
            "phases": [phase.to_data() for phase in self.phases],
        }
        if self.summary.nl or self.summary.en:
            data["summary"] = self.summary.to_dict()
        if self.min_participants is not None:
            data["min_participants"] = self.min_participants
        if self.max_participants is not None:
            data["max_participants"] = self.max_participants
        if self.question_kinds:
            data["question_kinds"] = [kind.value for kind in self.question_kinds]
        if self.goals:
            data["goals"] = [goal.value for goal in self.goals]
        if self.experience is not None:
            data["experience"] = self.experience.value
        return data


def _turns_from(reader: FieldReader | None) -> TurnSpec | None:
    if reader is None:
        return None
    return TurnSpec(
        order=reader.choice("order", TurnOrder, TurnOrder.FIXED),
        slice_minutes=reader.number("slice_minutes", None, positive=True),
        quota=reader.integer("quota", None, minimum=1),
    )


def _phase_from(reader: FieldReader) -> PhaseSpec:
    return PhaseSpec(
        kind=reader.choice("kind", PhaseKind),
        title=reader.localized("title"),
        rule=reader.localized("rule"),
        minutes=reader.number("minutes", None, positive=True),
        case_holder_silent=reader.boolean("case_holder_silent", False),
        turns=_turns_from(reader.optional_table("turns")),
        why_questions=reader.boolean("why_questions", True),
        written=reader.boolean("written", False),
        written_names=reader.boolean("written_names", True),
    )


def _choices(reader: FieldReader, key: str, enum: type[E]) -> tuple[E, ...]:
    """A list of values from `enum`, each once, in the file's order; missing: none."""
    values: list[E] = []
    for value in reader.texts(key, []):
        try:
            member = enum(value)
        except ValueError:
            allowed = ", ".join(str(member.value) for member in enum)
            raise reader.error(key, f"{value!r} is not one of: {allowed}") from None
        if member not in values:
            values.append(member)
    return tuple(values)


def method_from_data(data: Any, origin: str = "") -> Method:
    """Build a method from parsed TOML or JSON, or raise `FieldError` naming the field."""
    try:
        return method_from_reader(FieldReader(data), origin)
    except FieldError as error:
        raise error.in_source(origin) if origin else error from None


def method_from_reader(reader: FieldReader, origin: str = "") -> Method:
    """Build a method from a table inside a larger document (a session file)."""
    schema = reader.integer("schema", METHOD_SCHEMA, minimum=1)
    if schema > METHOD_SCHEMA:
        raise reader.error(
            "schema",
            f"version {schema} is newer than this sessie-tui understands "
            f"({METHOD_SCHEMA}); update sessie-tui",
        )
    phases = tuple(_phase_from(phase) for phase in reader.tables("phases"))
    if not phases:
        raise reader.error("phases", "a method needs at least one phase")
    minimum = reader.integer("min_participants", None, minimum=1)
    maximum = reader.integer("max_participants", None, minimum=1)
    if minimum is not None and maximum is not None and maximum < minimum:
        raise reader.error("max_participants", "is smaller than min_participants")
    method_id = reader.identifier("id")
    return Method(
        id=method_id,
        title=reader.localized("title"),
        summary=reader.localized("summary", Localized("", ""), allow_empty=True),
        source=reader.text("source"),
        phases=phases,
        min_participants=minimum,
        max_participants=maximum,
        warning_minutes=reader.number("warning_minutes", 1.0, positive=True),
        question_kinds=_choices(reader, "question_kinds", QuestionKind),
        goals=_choices(reader, "goals", Goal),
        experience=reader.choice("experience", Experience, None),
        origin=origin,
    )

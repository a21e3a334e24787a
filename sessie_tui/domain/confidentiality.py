"""The confidentiality agreement and who acknowledged it.

Before a case is told, every present participant acknowledges the agreement.
The facilitator may override a missing acknowledgement; the override is kept
with who was missing, so the report says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .fields import FieldReader
from .participants import Participant
from .record import record


@record
class Agreement:
    """The confidentiality agreement's text, and the version acknowledged."""

    version: str
    text: str

    def to_data(self) -> dict[str, Any]:
        return {"version": self.version, "text": self.text}

    @classmethod
    def from_reader(cls, reader: FieldReader) -> Agreement:
        return cls(
            version=reader.text("version", max_len=100), text=reader.text("text", max_len=20_000)
        )


@record
class Acknowledgement:
    """A participant acknowledged the agreement, or withdrew a mistaken tick.

    Records are only ever added; a participant's latest record counts.
    """

    participant: str
    at: str
    version: str
    withdrawn: bool = False

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "participant": self.participant,
            "at": self.at,
            "version": self.version,
        }
        if self.withdrawn:
            data["withdrawn"] = True
        return data

    @classmethod
    def from_reader(cls, reader: FieldReader) -> Acknowledgement:
        return cls(
            participant=reader.text("participant"),
            at=reader.text("at"),
            version=reader.text("version"),
            withdrawn=reader.boolean("withdrawn", False),
        )


def current_acknowledgements(
    acknowledgements: Iterable[Acknowledgement], version: str
) -> dict[str, Acknowledgement]:
    """Each participant's standing acknowledgement of this agreement version."""
    latest: dict[str, Acknowledgement] = {}
    for ack in acknowledgements:
        if ack.version == version:
            latest[ack.participant] = ack
    return {person: ack for person, ack in latest.items() if not ack.withdrawn}


@record
class GateOverride:
    """The facilitator let the case start without everyone's acknowledgement."""

    at: str
    by: str | None
    missing: tuple[str, ...]
    reason: str = ""

    def to_data(self) -> dict[str, Any]:
        return {"at": self.at, "by": self.by, "missing": list(self.missing), "reason": self.reason}

    @classmethod
    def from_reader(cls, reader: FieldReader) -> GateOverride:
        return cls(
            at=reader.text("at"),
            by=reader.optional_text("by"),
            missing=tuple(reader.texts("missing", [])),
            reason=reader.text("reason", "", allow_empty=True, max_len=2_000),
        )


def missing_acknowledgements(
    participants: Iterable[Participant],
    acknowledgements: Iterable[Acknowledgement],
    version: str,
) -> list[Participant]:
    """Present participants without an acknowledgement of this agreement version."""
    acknowledged = current_acknowledgements(acknowledgements, version)
    return [p for p in participants if p.present and p.id not in acknowledged]

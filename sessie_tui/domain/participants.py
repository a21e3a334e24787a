"""The people in a session: their role and whether they are there."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Any

from .fields import FieldReader
from .record import record

MAX_NAME_LENGTH = 200


class Role(StrEnum):
    FACILITATOR = "facilitator"
    CASE_HOLDER = "case_holder"
    NOTE_TAKER = "note_taker"
    PARTICIPANT = "participant"
    TIMEKEEPER = "timekeeper"
    OBSERVER = "observer"


class Attendance(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


@record
class Participant:
    """Someone on the session's list: name, role and attendance."""

    id: str
    name: str
    role: Role = Role.PARTICIPANT
    attendance: Attendance = Attendance.PRESENT
    member_id: str | None = None
    """The network member this participant is, when the session belongs to a network."""

    @property
    def present(self) -> bool:
        return self.attendance is Attendance.PRESENT

    def with_changes(self, **changes: Any) -> Participant:
        return replace(self, **changes)

    def to_data(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "name": self.name,
            "role": self.role.value,
            "attendance": self.attendance.value,
        }
        if self.member_id:
            data["member_id"] = self.member_id
        return data

    @classmethod
    def from_reader(cls, reader: FieldReader) -> Participant:
        return cls(
            id=reader.text("id", max_len=64),
            name=reader.text("name", max_len=MAX_NAME_LENGTH),
            role=reader.choice("role", Role, Role.PARTICIPANT),
            attendance=reader.choice("attendance", Attendance, Attendance.PRESENT),
            member_id=reader.optional_text("member_id"),
        )

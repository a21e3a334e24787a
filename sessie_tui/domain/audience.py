"""For whom a report is: the people who were there, or those who were absent."""

from __future__ import annotations

from enum import StrEnum


class Audience(StrEnum):
    PARTICIPANTS = "participants"
    ABSENTEES = "absentees"

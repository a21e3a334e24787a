"""The one error an intention meets when the method or the agreement forbids it.

A module of its own, light to import: every screen reports it, also screens (home)
that open no session.
"""

from __future__ import annotations

from ..errors import UserFacingError


class RuleViolation(UserFacingError):
    """An intention the method or the agreement does not allow right now."""

"""Errors a user can cause: each carries a Chinese message naming the field and the rule."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str  # the form field's key, e.g. "legal_rep_id_no"
    message: str  # Chinese, names the field and the rule


class RuleViolation(Exception):
    """A business rule refused the command (becomes a *rejected* outcome)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(RuleViolation):
    def __init__(self, errors: list[FieldError]):
        super().__init__("；".join(e.message for e in errors), field=errors[0].field if errors else None)
        self.errors = errors


class PermissionDenied(RuleViolation):
    pass


class NotFound(RuleViolation):
    pass


class VersionConflict(RuleViolation):
    """The record moved since the user saw it (base_version differs)."""

    def __init__(self, message: str, *, record_id: str, expected: int, actual: int):
        super().__init__(message)
        self.record_id = record_id
        self.expected = expected
        self.actual = actual

"""Enumerations whose members carry a stored code and a Chinese label."""
from __future__ import annotations

import enum
from typing import TypeVar

E = TypeVar("E", bound="CodedEnum")


class CodedEnum(enum.Enum):
    """Members are declared as ("stored code", "标签"); the code is what the database keeps."""

    def __init__(self, code: str, label: str):
        self.code = code
        self.label = label

    @classmethod
    def from_code(cls: type[E], code: str) -> E:
        for member in cls:
            if member.code == code:
                return member
        raise ValueError(f"unknown {cls.__name__} code {code!r}")

    @classmethod
    def label_of(cls, code: str | None) -> str:
        """The label for display; an unknown code (data from a newer version) shows as itself."""
        try:
            return cls.from_code(code).label
        except ValueError:
            return code or ""

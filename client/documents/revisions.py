"""What changed between two versions of a draft, as the signer reads it: line by line, and
within a changed line character by character (Chinese has no spaces to diff words by).
difflib's SequenceMatcher does the matching; this module only shapes its answer for the screen."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

SAME, ADDED, REMOVED = "same", "added", "removed"


@dataclass(frozen=True)
class Piece:
    kind: str  # SAME / ADDED / REMOVED
    text: str


@dataclass(frozen=True)
class LineChange:
    """One line of the comparison: unchanged, added, removed, or changed (pieces say how)."""

    kind: str  # SAME / ADDED / REMOVED / "changed"
    pieces: tuple[Piece, ...]


CHANGED = "changed"


def compare(old: str, new: str) -> list[LineChange]:
    a, b = old.splitlines(), new.splitlines()
    out: list[LineChange] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out += [LineChange(SAME, (Piece(SAME, line),)) for line in a[i1:i2]]
        elif op == "delete":
            out += [LineChange(REMOVED, (Piece(REMOVED, line),)) for line in a[i1:i2]]
        elif op == "insert":
            out += [LineChange(ADDED, (Piece(ADDED, line),)) for line in b[j1:j2]]
        else:
            olds, news = a[i1:i2], b[j1:j2]
            for k in range(max(len(olds), len(news))):
                if k < len(olds) and k < len(news):
                    out.append(LineChange(CHANGED, tuple(_within(olds[k], news[k]))))
                elif k < len(olds):
                    out.append(LineChange(REMOVED, (Piece(REMOVED, olds[k]),)))
                else:
                    out.append(LineChange(ADDED, (Piece(ADDED, news[k]),)))
    return out


def _within(old: str, new: str) -> list[Piece]:
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece(SAME, old[i1:i2]))
            continue
        if i2 > i1:
            pieces.append(Piece(REMOVED, old[i1:i2]))
        if j2 > j1:
            pieces.append(Piece(ADDED, new[j1:j2]))
    return pieces


def changed(changes: list[LineChange]) -> bool:
    return any(c.kind != SAME for c in changes)

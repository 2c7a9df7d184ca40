"""The random draw of a plan (双随机): which entities, and which two inspectors for each.

Reproducible: the draw is a function of the recorded seed and the population (the set of
`row_no`s that matched the plan's filter), nothing else — the same seed and population give
the same entities in the same order, on the workstation and on the centre.

It never loads the register. A population of up to SMALL_POPULATION entities is read as its
ordered list of row numbers (integers only) and positions are sampled from it; a larger one
is sampled by rejection: random row numbers between the population's lowest and highest are
proposed in batches, and one query per batch (an IN list on the unique row_no index) says
which of them are members. Every member is equally likely either way.
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from typing import Protocol

METHOD = "rowno-v1"  # recorded with the plan: a later change of algorithm gets a new name
SMALL_POPULATION = 100_000
BATCH = 1000  # Oracle allows at most 1000 expressions in an IN list


class Population(Protocol):
    """The entities matching a plan's filter, seen through their row numbers."""

    def size(self) -> int: ...

    def bounds(self) -> tuple[int, int]:
        """Lowest and highest row_no of the population."""

    def all_row_nos(self) -> list[int]:
        """Every row_no, ascending (only called for small populations)."""

    def members_among(self, row_nos: set[int]) -> set[int]:
        """Which of `row_nos` belong to the population."""


def draw_row_nos(seed: str, population: Population, n: int) -> list[int]:
    """min(n, size) distinct row numbers of the population, in draw order."""
    size = population.size()
    n = min(n, size)
    if n <= 0:
        return []
    rng = random.Random(f"hongdun-draw:{METHOD}:{seed}")
    if size <= SMALL_POPULATION:
        rows = population.all_row_nos()
        if len(rows) != size:
            raise RuntimeError("the population changed while it was drawn from")
        return [rows[i] for i in rng.sample(range(size), n)]
    lo, hi = population.bounds()
    span = hi - lo + 1
    drawn: list[int] = []
    seen: set[int] = set()
    while len(drawn) < n:
        batch = [lo + rng.randrange(span) for _ in range(BATCH)]
        members = population.members_among(set(batch))
        for row_no in batch:
            if row_no in members and row_no not in seen:
                seen.add(row_no)
                drawn.append(row_no)
                if len(drawn) == n:
                    break
    return drawn


def assign_pair(seed: str, entity_id: str, pool: Iterable[str], excluded: Iterable[str]) -> tuple[str, str] | None:
    """Two distinct inspectors for one entity, at random from the pool minus those excluded
    (conflicts of interest); None when fewer than two remain. Each entity has its own random
    stream, so one entity's exclusions never change another's pair."""
    eligible = sorted(set(pool) - set(excluded))
    if len(eligible) < 2:
        return None
    rng = random.Random(f"hongdun-assign:{METHOD}:{seed}:{entity_id}")
    first, second = rng.sample(eligible, 2)
    return first, second


class ListPopulation:
    """A population held in memory (tests, and tiny local replicas)."""

    def __init__(self, row_nos: Sequence[int]):
        self._rows = sorted(set(row_nos))
        self._set = set(self._rows)
        self.queries = 0

    def size(self) -> int:
        return len(self._rows)

    def bounds(self) -> tuple[int, int]:
        return self._rows[0], self._rows[-1]

    def all_row_nos(self) -> list[int]:
        self.queries += 1
        return list(self._rows)

    def members_among(self, row_nos: set[int]) -> set[int]:
        self.queries += 1
        return row_nos & self._set

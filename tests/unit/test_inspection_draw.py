"""The random draw (双随机): reproducible from seed and population, uniform, never loads the register,
and inspectors assigned in pairs without conflicts of interest."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from client.inspections import draw as draw_
from client.inspections.draw import ListPopulation, assign_pair, draw_row_nos


def test_the_same_seed_and_population_give_the_same_draw_in_the_same_order():
    population = ListPopulation(range(1, 5001))
    first = draw_row_nos("a1b2c3d4e5", population, 50)
    again = draw_row_nos("a1b2c3d4e5", ListPopulation(reversed(range(1, 5001))), 50)
    assert first == again
    assert len(set(first)) == 50
    assert set(first) <= set(range(1, 5001))


def test_another_seed_gives_another_draw():
    population = ListPopulation(range(1, 5001))
    assert draw_row_nos("seed-one-1", population, 50) != draw_row_nos("seed-two-2", population, 50)


def test_asking_for_more_than_the_population_draws_everyone_once():
    drawn = draw_row_nos("abcdefgh", ListPopulation([3, 9, 27]), 10)
    assert sorted(drawn) == [3, 9, 27]


def test_an_empty_population_draws_nothing():
    assert draw_row_nos("abcdefgh", ListPopulation([]), 5) == []


def test_a_large_population_is_sampled_by_row_number_batches_not_loaded(monkeypatch):
    monkeypatch.setattr(draw_, "SMALL_POPULATION", 1000)
    # every third row of a register of 30,000 matches the filter
    population = ListPopulation(range(3, 30_001, 3))
    loaded = []
    population.all_row_nos = lambda: loaded.append(1) or []  # type: ignore[method-assign]
    drawn = draw_row_nos("big-seed-01", population, 100)
    assert not loaded
    assert len(set(drawn)) == 100 and all(r % 3 == 0 for r in drawn)
    assert population.queries < 10  # a few IN-list queries of 1000 candidates each
    assert drawn == draw_row_nos("big-seed-01", ListPopulation(range(3, 30_001, 3)), 100)


def test_large_population_draw_is_uniform_over_uneven_gaps(monkeypatch):
    """Members after a long gap must not be drawn more often (rejection sampling, not 'next row')."""
    monkeypatch.setattr(draw_, "SMALL_POPULATION", 10)
    rows = list(range(1, 51)) + [10_000 + i for i in range(50)]  # two clusters, a wide gap
    counts = Counter()
    for k in range(400):
        counts.update(draw_row_nos(f"uniform-{k:04d}", ListPopulation(rows), 5))
    first = sum(counts[r] for r in rows[:50])
    second = sum(counts[r] for r in rows[50:])
    assert abs(first - second) < 0.2 * (first + second)


def test_small_population_draw_is_uniform():
    rows = list(range(1, 21))
    counts = Counter()
    for k in range(2000):
        counts.update(draw_row_nos(f"small-{k:05d}", ListPopulation(rows), 2))
    assert min(counts.values()) > 120 and max(counts.values()) < 280  # expected 200 each


def test_pairs_are_two_distinct_inspectors_of_the_pool():
    pool = ["u1", "u2", "u3", "u4"]
    for k in range(50):
        a, b = assign_pair("seed-0001", f"entity-{k}", pool, set())
        assert a != b and {a, b} <= set(pool)


def test_pairs_exclude_conflicts_of_interest():
    pool = ["u1", "u2", "u3", "u4"]
    for k in range(50):
        pair = assign_pair("seed-0001", f"entity-{k}", pool, {"u1", "u3"})
        assert set(pair) == {"u2", "u4"}


def test_no_pair_when_fewer_than_two_remain():
    assert assign_pair("seed-0001", "e", ["u1", "u2", "u3"], {"u1", "u2"}) is None


def test_a_pair_is_reproducible_and_independent_of_the_pool_order():
    pool = ["u%d" % i for i in range(8)]
    shuffled = pool[:]
    random.Random(1).shuffle(shuffled)
    assert assign_pair("s-12345678", "e1", pool, {"u0"}) == assign_pair("s-12345678", "e1", shuffled, {"u0"})


@pytest.mark.parametrize("n", [1, 7])
def test_draw_size_is_what_was_asked(n):
    assert len(draw_row_nos("abcdefgh", ListPopulation(range(100)), n)) == n

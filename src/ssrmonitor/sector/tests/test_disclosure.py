"""Small-cell suppression of personnel tables, on hand-made tables."""

from __future__ import annotations

import random

from ssrmonitor.sector.disclosure import TOTAL, is_protected, suppress

T = TOTAL


def test_table_without_small_cells_is_published_whole() -> None:
    table = suppress({("A", "officer", "f"): 10, ("A", "officer", "m"): 20})
    assert table.hidden == frozenset()
    assert table.shown(("A", "officer", T)) == 30
    assert table.shown((T, T, T)) == 30


def test_zero_cells_are_not_suppressed() -> None:
    table = suppress({("A", "o", "f"): 0, ("A", "o", "m"): 12})
    assert table.hidden == frozenset()


def test_small_cell_and_its_single_complement_are_hidden() -> None:
    # One unit, one rank: women 3, men 40. Hiding 3 alone leaves 43 − 40 = 3: men hidden too.
    # Then the row total 43 still equals the grand total; women+men = 43 keeps two unknowns.
    table = suppress({("A", "o", "f"): 3, ("A", "o", "m"): 40})
    assert table.primary == {("A", "o", "f")}
    assert ("A", "o", "m") in table.secondary
    assert table.shown(("A", "o", T)) == 43
    assert is_protected(table)


def test_secondary_suppression_picks_smallest_complement_in_2d() -> None:
    # rank × sex in one unit:
    #            f    m
    # officer    2   30
    # nco       10   50
    # other     20  100
    cells = {
        ("U", "officer", "f"): 2,
        ("U", "officer", "m"): 30,
        ("U", "nco", "f"): 10,
        ("U", "nco", "m"): 50,
        ("U", "other", "f"): 20,
        ("U", "other", "m"): 100,
    }
    table = suppress(cells)
    assert table.primary == {("U", "officer", "f")}
    # the officer row needs a second hidden cell: officer/m (30, the only part left);
    # the women column needs one: nco/f (10, the smallest non-zero visible part);
    # then the men column (officer/m hidden) needs one: nco/m (50 < 100) — a rectangle.
    rectangle = {("U", "officer", "m"), ("U", "nco", "f"), ("U", "nco", "m")}
    assert {key for key in table.secondary if key[0] == "U"} == rectangle
    # with a single unit, the national cells equal the unit's and are hidden with them
    assert {key for key in table.secondary if key[0] == T} == {
        (T, "officer", "f"),
        *((T, rank, sex) for _u, rank, sex in rectangle),
    }
    assert table.shown(("U", "other", "f")) == 20
    assert table.shown(("U", T, "f")) == 32
    assert table.shown(("U", "officer", T)) == 32
    assert is_protected(table)


def test_totals_cannot_reveal_a_suppressed_cell_across_units() -> None:
    cells = {
        ("North", "o", "f"): 4,
        ("North", "o", "m"): 25,
        ("South", "o", "f"): 12,
        ("South", "o", "m"): 31,
    }
    table = suppress(cells)
    assert ("North", "o", "f") in table.primary
    assert is_protected(table)
    # the women of North are hidden in every line that contains them, with a partner
    assert table.shown(("North", "o", "m")) is None
    assert table.shown(("South", "o", "f")) is None
    assert table.shown(("South", "o", "m")) is None
    assert table.shown((T, T, T)) == 72


def test_two_small_cells_in_a_line_protect_each_other() -> None:
    table = suppress(
        {("A", "o", "f"): 1, ("A", "o", "m"): 2, ("A", "n", "f"): 9, ("A", "n", "m"): 9}
    )
    assert table.primary == {("A", "o", "f"), ("A", "o", "m")}
    assert is_protected(table)


def test_a_total_equal_to_its_only_part_is_hidden_with_it() -> None:
    # a single unit: the unit total of women equals the national total of women
    table = suppress({("A", "o", "f"): 2, ("A", "o", "m"): 2})
    assert table.shown(("A", "o", "f")) is None
    assert table.shown((T, "o", "f")) is None
    assert is_protected(table)


def test_threshold_is_configurable() -> None:
    cells = {("A", "o", "f"): 6, ("A", "o", "m"): 60}
    assert suppress(cells).hidden == frozenset()
    assert ("A", "o", "f") in suppress(cells, k=10).primary


def test_empty_table() -> None:
    assert suppress({}).hidden == frozenset()


def test_random_tables_are_always_protected() -> None:
    """200 seeded random tables: no published cell of 1–4, no line with one hidden member."""
    draw = random.Random(2553)
    for _ in range(200):
        units = [f"u{i}" for i in range(draw.randint(1, 3))]
        ranks = ["officer", "nco", "other"][: draw.randint(1, 3)]
        cells = {
            (unit, rank, sex): draw.choice([0, 1, 2, 4, 5, 7, 30, 200])
            for unit in units
            for rank in ranks
            for sex in ("female", "male")
        }
        table = suppress(cells)
        assert is_protected(table)
        assert all(table.shown(key) is None for key, n in cells.items() if 0 < n < 5)

"""Weighted shares and their design-based intervals, against an independent computation."""

from __future__ import annotations

import math
from collections import defaultdict

import pytest

from ssrmonitor.perceptions.estimation import (
    MIN_RESPONDENTS,
    Observation,
    age_band,
    estimate_by_group,
    estimate_share,
)
from ssrmonitor.perceptions.tests.kit import synthetic_rows


def _observations() -> list[Observation]:
    return [
        Observation(row["q_police"] in (2, 3), row["wt"], row["strat"], row["ea"])
        for row in synthetic_rows()
        if row["q_police"] != 9
    ]


def _linearised_se(rows: list[Observation], in_domain: list[bool] | None = None) -> float:
    """The textbook Taylor-linearised standard error of a weighted (domain) proportion, with
    clusters sampled with replacement within strata — written here only as the reference."""
    in_domain = in_domain or [True] * len(rows)
    total = sum(r.weight for r, d in zip(rows, in_domain, strict=True) if d)
    p = sum(r.weight * r.favourable for r, d in zip(rows, in_domain, strict=True) if d) / total
    clusters: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r, d in zip(rows, in_domain, strict=True):
        z = r.weight * (float(r.favourable) - p) / total if d else 0.0
        clusters[r.stratum][r.cluster] += z
    variance = 0.0
    for sums in clusters.values():
        n = len(sums)
        mean = sum(sums.values()) / n
        variance += n / (n - 1) * sum((z - mean) ** 2 for z in sums.values())
    return math.sqrt(variance)


def _se_from_interval(share: float, low: float) -> float:
    """Back out the standard error from the logit interval (t quantile on clusters − strata)."""
    from scipy import stats

    p, lo = share / 100, low / 100
    t = stats.t.ppf(0.975, 40 - 4)
    logit = math.log(p / (1 - p))
    return (logit - math.log(lo / (1 - lo))) * p * (1 - p) / t


def test_stratified_clustered_share_matches_the_linearised_reference() -> None:
    rows = _observations()
    share = estimate_share(rows)
    weights = sum(r.weight for r in rows)
    expected = 100 * sum(r.weight * r.favourable for r in rows) / weights

    assert share is not None
    assert share.share == pytest.approx(expected)
    assert share.low is not None
    assert _se_from_interval(share.share, share.low) == pytest.approx(
        _linearised_se(rows), rel=1e-6
    )
    assert share.respondents == len(rows)


def test_a_group_is_a_domain_of_the_whole_design() -> None:
    rows = _observations()
    groups = ["a" if r.weight > 1.2 else "b" for r in rows]
    shares = estimate_by_group(rows, groups)
    in_a = [g == "a" for g in groups]

    assert set(shares) == {"a", "b"}
    low = shares["a"].low
    assert low is not None
    assert _se_from_interval(shares["a"].share, low) == pytest.approx(
        _linearised_se(rows, in_a), rel=1e-6
    )


def test_groups_under_30_respondents_are_not_estimated() -> None:
    rows = _observations()
    groups = ["small" if i < MIN_RESPONDENTS - 1 else "large" for i in range(len(rows))]

    shares = estimate_by_group(rows, groups)

    assert "small" not in shares
    assert "large" in shares
    assert estimate_share(rows[: MIN_RESPONDENTS - 1]) is None
    assert estimate_share(rows[:MIN_RESPONDENTS]) is not None


def test_unanimous_groups_have_a_share_and_no_interval() -> None:
    rows = [Observation(True, 1.0) for _ in range(40)]

    share = estimate_share(rows)

    assert share is not None
    assert (share.share, share.low, share.high) == (100.0, None, None)


@pytest.mark.parametrize(
    ("age", "band"), [(17, ""), (18, "18-35"), (35, "18-35"), (36, "36+"), (None, "")]
)
def test_youth_is_18_to_35(age: int | None, band: str) -> None:
    assert age_band(age) == band

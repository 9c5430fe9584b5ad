"""Weighted shares with design-based 95 % confidence intervals.

The share of favourable answers is a weighted proportion; its variance is estimated by Taylor
linearisation with the survey's strata and clusters where the design has them (samplics'
``TaylorEstimator``; no variance formula is written here). Groups (women, youth, a region …)
are estimated as *domains* of the whole sample, so that their intervals keep the design.
The interval is samplics' logit interval, which stays within 0–100 %. A stratum with a single
cluster is taken as a certainty unit (it adds no variance).

A group of fewer than :data:`MIN_RESPONDENTS` unweighted respondents is not estimated: a share
of so few people is too unstable to show, and it could point at individuals.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MIN_RESPONDENTS = 30
# Youth: 18 to 35. Resolution 2250 (2015) takes 18–29 "for the purposes of this resolution" and
# notes the wider definitions in use, among them the African Youth Charter's 15–35; SSR Monitor
# follows the wider one, from 18 (adults, as surveys sample them). See docs/population.md.
YOUTH_AGES = (18, 35)


@dataclass(frozen=True)
class Observation:
    """One substantive answer: favourable or not, with the respondent's design variables."""

    favourable: bool
    weight: float
    stratum: str = ""
    cluster: str = ""


@dataclass(frozen=True)
class Share:
    """A weighted share (0–100) with its 95 % interval and the unweighted count behind it."""

    share: float
    low: float | None
    high: float | None
    respondents: int


def _samplics() -> Any:
    with warnings.catch_warnings():  # samplics announces its successor at import
        warnings.simplefilter("ignore", FutureWarning)
        import samplics
        from samplics.utils.types import SinglePSUEst
    return samplics, SinglePSUEst


def _percent(value: Any) -> float | None:
    number = float(value)
    return None if math.isnan(number) else 100 * number


def _design(rows: Sequence[Observation]) -> dict[str, Any]:
    import numpy as np

    design: dict[str, Any] = {
        "y": np.array([1.0 if r.favourable else 0.0 for r in rows]),
        "samp_weight": np.array([r.weight for r in rows]),
    }
    if any(r.stratum for r in rows):
        design["stratum"] = np.array([r.stratum for r in rows])
    if any(r.cluster for r in rows):
        design["psu"] = np.array([r.cluster for r in rows])
    return design


def _one(point: dict[Any, float], low: dict[Any, Any], high: dict[Any, Any], n: int) -> Share:
    share = point.get(1.0)
    if share is None:  # nobody in the group answered favourably
        return Share(0.0, None, None, n)
    if share >= 1.0:
        return Share(100.0, None, None, n)
    return Share(100 * share, _percent(low[1.0]), _percent(high[1.0]), n)


def estimate_share(rows: Sequence[Observation]) -> Share | None:
    """The weighted share of favourable answers among ``rows`` (``None`` under 30 rows).

    Args:
        rows: the substantive answers, each with its weight, stratum and cluster.
    """
    if len(rows) < MIN_RESPONDENTS:
        return None
    samplics, single_psu = _samplics()
    estimator = samplics.TaylorEstimator(samplics.PopParam.prop)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # logit of 0 or 1: handled in _one
        estimator.estimate(**_design(rows), single_psu=single_psu.certainty)
    return _one(estimator.point_est, estimator.lower_ci, estimator.upper_ci, len(rows))


def estimate_by_group(rows: Sequence[Observation], groups: Sequence[str]) -> dict[str, Share]:
    """The share in each group (a domain of the whole sample) of 30 respondents or more.

    Args:
        rows: the substantive answers of the whole sample.
        groups: each row's group ("" for a row in no group: it still counts in the design).
    """
    counts: dict[str, int] = {}
    for group in groups:
        counts[group] = counts.get(group, 0) + 1
    shown = {g for g, n in counts.items() if g and n >= MIN_RESPONDENTS}
    if not shown:
        return {}
    import numpy as np

    samplics, single_psu = _samplics()
    estimator = samplics.TaylorEstimator(samplics.PopParam.prop)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        estimator.estimate(
            **_design(rows), domain=np.array(list(groups)), single_psu=single_psu.certainty
        )
    found = {str(k): k for k in estimator.point_est}
    return {
        group: _one(
            estimator.point_est[found[group]],
            estimator.lower_ci[found[group]],
            estimator.upper_ci[found[group]],
            counts[group],
        )
        for group in sorted(shown)
    }


def age_band(age: int | None) -> str:
    """``18-35`` (youth, resolution 2250), ``36+``, or ``""`` when unknown or under 18."""
    if age is None or age < YOUTH_AGES[0]:
        return ""
    return "18-35" if age <= YOUTH_AGES[1] else "36+"

"""The Mali check: trust in the police recomputed from the real respondent file gives 59.8 %.

Afrobarometer's respondent records are not redistributed with SSR Monitor (see
``perceptions/data/PROVENANCE.md``), so this reads the shared data folder laid beside the
checkout (as CI lays it) and is skipped where it is absent.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ssrmonitor.perceptions.models import Estimate, GroupKind
from ssrmonitor.perceptions.reading import Codebook
from ssrmonitor.perceptions.services.imports import import_respondents
from ssrmonitor.perceptions.tests import kit
from ssrmonitor.testing.actors import SYSTEM

SHARED = Path(__file__).resolve().parents[4].parent / "shared/data/trust/afrobarometer_r9"
pytestmark = pytest.mark.skipif(
    not (SHARED / "countries/mali.json").exists(),
    reason="the Afrobarometer respondent files (shared/data/trust) are not beside this checkout",
)


def _mali() -> dict[str, Any]:
    return dict(json.loads((SHARED / "countries/mali.json").read_text()))


def _mali_csv(path: Path) -> Path:
    """The Mali file as a CSV of codes, as a national statistics office would hand it over."""
    data = _mali()
    demo = data["demo"]
    lines = ["withinwt_hh,sex,age,region,urbrur,Q37G"]
    for i in range(data["n"]):
        answer = data["ind"]["Q37G"][i]
        code = "9" if answer is None else str(answer)  # 9: don't know / refused
        sex = {"Man": "1", "Woman": "2"}[demo["gender"][i]]
        area = {"Urban": "1", "Rural": "2"}[demo["urbrur"][i]]
        lines.append(
            f"{demo['weight_within'][i]},{sex},{int(demo['age'][i])},{demo['region'][i]},{area},{code}"
        )
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.django_db
def test_mali_trust_in_the_police_is_the_published_59_8(tmp_path: Path) -> None:
    survey = kit.survey(kit.african_country("ML"), weight_variable="withinwt_hh")
    kit.police_question(survey)
    codebook = Codebook(
        questions={"Q37G": "Q37G"}, weight="withinwt_hh", sex="sex",
        sex_codes={"man": ["1"], "woman": ["2"]}, age="age", region="region", area="urbrur",
        area_codes={"urban": ["1"], "rural": ["2"]},
    )  # fmt: skip
    imported = import_respondents(
        survey,
        acting_user=SYSTEM,
        path=_mali_csv(tmp_path / "mali.csv"),
        fmt="csv",
        codebook=codebook,
    )
    overall = Estimate.objects.get(question__survey=survey, group_kind=GroupKind.ALL)
    assert imported == 1200
    assert overall.share == Decimal("59.8")  # Afrobarometer's published figure
    assert overall.respondents == 1171  # its valid n
    assert (overall.ci_low, overall.ci_high) == (Decimal("56.5"), Decimal("63.1"))


def test_the_interval_matches_a_reference_computation() -> None:
    """statsmodels' WLS of the answers on a constant, with the robust (HC1) variance, is the
    linearised variance of a weighted mean without strata or clusters; the interval is the logit
    one with Student's t on n − 1 degrees of freedom."""
    import numpy as np
    import statsmodels.api as sm
    from scipy import stats

    from ssrmonitor.perceptions.estimation import Observation, estimate_share

    data = _mali()
    pairs = [
        (1.0 if code >= 2 else 0.0, w)
        for code, w in zip(data["ind"]["Q37G"], data["demo"]["weight_within"], strict=True)
        if code is not None
    ]
    y = np.array([p[0] for p in pairs])
    w = np.array([p[1] for p in pairs])
    fit = sm.WLS(y, np.ones_like(y), weights=w).fit(cov_type="HC1")
    p, se = float(fit.params[0]), float(fit.bse[0])
    t = stats.t.ppf(0.975, len(y) - 1)
    logit = math.log(p / (1 - p))
    half = t * se / (p * (1 - p))
    low, high = (1 / (1 + math.exp(-(logit + s * half))) for s in (-1, 1))

    share = estimate_share([Observation(bool(v), float(wt)) for v, wt in pairs])

    assert share is not None
    assert share.share == pytest.approx(100 * p, abs=1e-9)
    assert share.low == pytest.approx(100 * low, abs=1e-6)
    assert share.high == pytest.approx(100 * high, abs=1e-6)

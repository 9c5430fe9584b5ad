"""The screening thresholds of a country, set by an administrator from the reviewers' capacity.

A score at or above ``probable`` is a *probable* match, at or above ``possible`` a *possible*
one; below, no match. Scores are those of the screening engine: sums of Fellegi–Sunter
log-likelihood weights (see :mod:`ssrmonitor.vetting.matching`), not bounded to 0–1. Every hit at or
above ``possible`` becomes a case that a reviewer must examine, so the ``possible`` threshold
sets the reviewers' workload: :func:`suggest_thresholds` finds the lowest threshold that keeps
the cases of a screening run within what the reviewers can handle.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, person
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import require
from ssrmonitor.vetting.models import Case, ScreeningPolicy, ScreeningRun
from ssrmonitor.vetting.permissions import can_configure

# The engine's defaults (see ssrmonitor.vetting.matching.Thresholds.default) when a country has
# set nothing.
DEFAULT_PROBABLE = 24.0
DEFAULT_POSSIBLE = 14.0
MIN_GAP = 0.1
STEPS = 10  # thresholds are suggested to one decimal
LIMIT = 1000.0  # no sensible score is beyond ±1000


@dataclass(frozen=True)
class Thresholds:
    probable: float
    possible: float


def thresholds_of(country: Country) -> Thresholds:
    """The country's thresholds, or the engine's defaults."""
    policy = ScreeningPolicy.objects.filter(country=country).first()
    if policy is None:
        return default_thresholds()
    return Thresholds(policy.probable_threshold, policy.possible_threshold)


def run_scores(run: ScreeningRun) -> list[float]:
    """The scores of the hits a screening run turned into cases."""
    return [float(score) for score in Case.objects.filter(run=run).values_list("score", flat=True)]


def default_thresholds() -> Thresholds:
    """The screening engine's defaults when it is installed, else this module's."""
    try:
        from ssrmonitor.vetting.matching import Thresholds as EngineThresholds
    except ImportError:
        return Thresholds(DEFAULT_PROBABLE, DEFAULT_POSSIBLE)
    engine = EngineThresholds.default()
    return Thresholds(float(engine.probable), float(engine.possible))


def check_thresholds(probable: Any, possible: Any) -> Thresholds:
    """Two finite scores (within ±1000), probable above possible by at least 0.1."""
    errors = []
    values: dict[str, float] = {}
    for name, value in (("probable", probable), ("possible", possible)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or abs(number) > LIMIT:
            errors.append(FieldError(name, _("Give a score between -1000 and 1000.")))
            continue
        values[name] = number
    if not errors and values["probable"] - values["possible"] < MIN_GAP - 1e-9:
        errors.append(
            FieldError("probable", _("The probable band must start above the possible band."))
        )
    if errors:
        raise ValidationFailed(errors)
    return Thresholds(values["probable"], values["possible"])


@transaction.atomic(durable=True)
def set_thresholds(
    *, acting_user: Actor, country: Country, probable: Any, possible: Any
) -> ScreeningPolicy:
    """Set the country's thresholds (administrators of the country)."""
    require(can_configure(acting_user, country.pk))
    wanted = check_thresholds(probable, possible)
    policy = ScreeningPolicy.objects.select_for_update().filter(country=country).first()
    before = None
    if policy is None:
        policy = ScreeningPolicy(country=country)
    else:
        before = {"probable": policy.probable_threshold, "possible": policy.possible_threshold}
    policy.probable_threshold = wanted.probable
    policy.possible_threshold = wanted.possible
    policy.updated_by = person(acting_user)
    policy.save()
    audit.record(
        actor=acting_user,
        action="create" if before is None else "update",
        obj=policy,
        country_iso2=country.iso2,
        before=before,
        after={"probable": wanted.probable, "possible": wanted.possible},
    )
    return policy


@dataclass(frozen=True)
class Suggestion:
    """Suggested thresholds and the number of cases they would have opened in the run."""

    thresholds: Thresholds
    cases: int
    capacity: int
    limited: bool


def suggest_thresholds(
    scores: Iterable[float], capacity: int, *, current: Thresholds | None = None
) -> Suggestion:
    """The lowest ``possible`` threshold that yields at most ``capacity`` hits in a run.

    Args:
        scores: the scores of the last screening run's hits.
        capacity: how many cases the reviewers can examine per run (e.g. per month).
        current: the thresholds in force (default: the engine's).

    If the run's hits at the current ``possible`` threshold fit the capacity, the thresholds
    stay. Otherwise ``possible`` becomes the smallest threshold, in steps of 0.1, above the
    (capacity + 1)-th highest score: at most ``capacity`` hits reach it (a few within 0.1
    above that score may be left out, never more than the capacity kept). The suggestion never
    goes *below* the current ``possible`` threshold: the run did not report the pairs under it,
    so it cannot count them. ``probable`` is kept, or raised to stay 0.1 above ``possible``.
    """
    if capacity < 0:
        raise ValueError("capacity must be 0 or more")
    current = current or default_thresholds()
    ranked = sorted((float(s) for s in scores), reverse=True)
    kept = [s for s in ranked if s >= current.possible]
    possible, limited = current.possible, False
    if len(kept) > capacity:
        step = math.floor(ranked[capacity] * STEPS + 1e-9) + 1
        possible, limited = step / STEPS, True
    probable = max(current.probable, round(possible + MIN_GAP, 1))
    cases = sum(s >= possible for s in ranked)
    return Suggestion(Thresholds(probable, possible), cases, capacity, limited)

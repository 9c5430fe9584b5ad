"""The demo: Afrobarometer round 9 estimates of four countries, loaded once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.perceptions.demo import load_demo
from ssrmonitor.perceptions.models import Estimate, GroupKind, Survey
from ssrmonitor.perceptions.tests import kit
from ssrmonitor.testing.actors import SYSTEM

pytestmark = pytest.mark.django_db
PUBLISHED = {"ML": "59.8", "LR": "25.9", "SL": "18.9", "SD": "41.6"}  # trust in the police


def test_the_demo_loads_the_published_trust_figures_once() -> None:
    for iso2 in kit.AFRICA:
        kit.african_country(iso2)

    summary = load_demo(acting_user=SYSTEM)
    events = AuditEvent.objects.count()
    again = load_demo(acting_user=SYSTEM)

    assert len(summary.surveys) == 4 and not again.surveys
    assert AuditEvent.objects.count() == events
    for iso2, share in PUBLISHED.items():
        found = Estimate.objects.get(
            question__survey__country__iso2=iso2, question__item__key="trust_police",
            group_kind=GroupKind.ALL,
        )  # fmt: skip
        assert found.share == Decimal(share)
        assert found.ci_low is not None and found.ci_low < found.share
    assert Survey.objects.filter(is_published=True).count() == 4
    by_sex = Estimate.objects.filter(
        question__survey__country__iso2="ML", question__item__key="trust_army",
        group_kind=GroupKind.SEX,
    )  # fmt: skip
    assert set(by_sex.values_list("group_value", flat=True)) == {"woman", "man"}
    assert not Estimate.objects.filter(respondents__lt=30).exists()

"""The register of consultations: participation shares, links, recommendations and follow-up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.perceptions.models import FollowUp
from ssrmonitor.perceptions.permissions import visible_links
from ssrmonitor.perceptions.selectors import participation_by_year
from ssrmonitor.perceptions.services import consultations
from ssrmonitor.perceptions.tests import kit
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import BenchmarkFactory, FrameworkFactory, country
from ssrmonitor.testing.factories_transitions import TransitionTaskFactory

pytestmark = pytest.mark.django_db


def test_shares_of_women_and_youth_per_year_count_every_participant() -> None:
    first = kit.consultation()  # 30 women, 25 youth, 100 participants
    second = kit.consultation(
        held_on=date(2025, 9, 1), women_youth=5, women_older=5, men_youth=0, men_older=10,
        unspecified=0,
    )  # fmt: skip
    later = kit.consultation(held_on=date(2026, 1, 5), unspecified=0, men_older=0, men_youth=0)

    years = participation_by_year([first, second, later])

    assert [(p.year, p.consultations, p.participants) for p in years] == [
        (2025, 2, 120),
        (2026, 1, 30),
    ]
    assert (years[0].women_share, years[0].youth_share) == (Decimal("33.3"), Decimal("25.0"))
    assert (years[1].women_share, years[1].youth_share) == (Decimal("100.0"), Decimal("33.3"))


def test_links_must_be_of_the_consultation_country_and_are_audited() -> None:
    found = kit.consultation()
    benchmark = BenchmarkFactory()
    task = TransitionTaskFactory()
    elsewhere = BenchmarkFactory(framework=FrameworkFactory(country=country("CF")))

    with pytest.raises(ValidationFailed):
        consultations.set_links(found, acting_user=SYSTEM, benchmarks=[elsewhere])
    consultations.set_links(
        found, acting_user=SYSTEM, benchmarks=[benchmark], transition_tasks=[task]
    )

    assert list(found.benchmarks.all()) == [benchmark]
    assert AuditEvent.objects.filter(action="update_links", object_id=str(found.pk)).count() == 1


def test_the_public_sees_no_link_to_an_unpublished_framework(alice: User) -> None:
    found = kit.consultation()
    public = BenchmarkFactory()
    internal = BenchmarkFactory(framework=FrameworkFactory(is_published=False))
    consultations.set_links(found, acting_user=SYSTEM, benchmarks=[public, internal])

    from django.contrib.auth.models import AnonymousUser

    assert visible_links(AnonymousUser(), found)["benchmarks"] == [public]
    assert set(visible_links(alice, found)["benchmarks"]) == {public, internal}


def test_follow_up_of_a_recommendation_is_dated() -> None:
    found = kit.consultation()
    recommendation = consultations.add_recommendation(
        found, acting_user=SYSTEM, text="Recruit women police officers in every county."
    )

    consultations.update_recommendation(
        recommendation, acting_user=SYSTEM, follow_up=FollowUp.IN_PROGRESS,
        follow_up_note="A recruitment drive opened in 2025.",
    )  # fmt: skip

    recommendation.refresh_from_db()
    assert recommendation.follow_up == FollowUp.IN_PROGRESS
    assert recommendation.followed_up_on is not None


def test_topics_must_be_text() -> None:
    with pytest.raises(ValidationFailed) as exc:
        kit.consultation(topics=[""])
    assert exc.value.errors[0].field == "topics"

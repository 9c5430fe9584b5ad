"""The route matrix's objects of the perceptions app (``tests/routes/table_perceptions.py``)."""

from __future__ import annotations

from typing import Any

from ssrmonitor.perceptions.services import consultations
from ssrmonitor.perceptions.services.imports import import_published_table
from ssrmonitor.perceptions.tests import kit
from ssrmonitor.testing.actors import SYSTEM

TABLE = b"question,group,value,share,ci_low,ci_high,respondents\nQ37G,all,,59.8,56.5,63.1,1171\n"


def perceptions_world(world: dict[str, Any]) -> dict[str, Any]:
    """Published and internal surveys and consultations of Haiti, an internal survey of the CAR."""
    haiti, car = world["country_ht"], world["country_cf"]
    published = kit.survey(haiti, published=True)
    kit.police_question(published)
    import_published_table(published, acting_user=SYSTEM, content=TABLE)
    internal = kit.survey(haiti, published=False, round_number=8)
    cf = kit.survey(car, published=False)
    open_consultation = kit.consultation(haiti, published=True)
    closed = kit.consultation(haiti, published=False, title="Closed hearing")

    def recommendation(where: Any) -> Any:
        return consultations.add_recommendation(
            where, acting_user=SYSTEM, text="Publish the police's response times."
        )

    return {
        "survey_published": published,
        "survey_internal": internal,
        "survey_cf": cf,
        "consultation_published": open_consultation,
        "consultation_internal": closed,
        "recommendation_published": recommendation(open_consultation),
        "recommendation_internal": recommendation(closed),
    }

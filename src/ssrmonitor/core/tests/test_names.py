"""Reference data named in the reader's language: countries, regions, languages, audit actions."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from ssrmonitor.core import names
from ssrmonitor.core.models import Country


def test_countries_take_their_cldr_name_in_the_active_language() -> None:
    with translation.override("fr"):
        assert names.territory_name("HT", "Haiti") == "Haïti"
        assert names.territory_name("CD") == "République démocratique du Congo"
    with translation.override("es"):
        assert names.territory_name("HT", "Haiti") == "Haití"
    with translation.override("ar"):
        assert names.territory_name("HT", "Haiti") == "هايتي"


def test_english_keeps_the_name_stored_with_the_data() -> None:
    with translation.override("en"):
        stored = "Congo, The Democratic Republic of the"
        assert names.territory_name("CD", stored) == stored


def test_m49_regions_are_named_by_their_code() -> None:
    with translation.override("fr"):
        assert names.region_name("202", "Sub-Saharan Africa") == "Afrique subsaharienne"
        assert names.region_name("419", "Latin America and the Caribbean") == (
            "Amérique latine et Caraïbes"
        )
        assert names.region_name("", "") == ""
    with translation.override("pt"):
        assert names.region_name("002", "Africa") == "África"


def test_languages_are_named_in_the_active_language() -> None:
    with translation.override("fr"):
        assert names.language_name("ar") == "arabe"
    with translation.override("es"):
        assert names.language_name("pt") == "portugués"


def test_audit_actions_get_a_translated_label_and_unknown_ones_a_readable_one() -> None:
    with translation.override("fr"):
        assert names.audit_action_label("submit") == "soumission"
        assert names.audit_action_label("case.appeal_lodged") == "Recours formé"
    assert names.audit_action_label("some_new.thing") == "some new · thing"


@pytest.mark.django_db
def test_object_types_and_country_filters_in_templates() -> None:
    country = Country.objects.create(iso2="HT", iso3="HTI", m49_code="332", name="Haiti")
    template = Template(
        "{% load names %}{{ country|territory }}|{{ 'core.country'|object_type }}|"
        "{{ 'no.such'|object_type }}|{{ 'exit strategy benchmarks'|framework_kind }}"
    )
    with translation.override("fr"):
        rendered = template.render(Context({"country": country}))
        assert str(country) == "Haïti"
    assert rendered == ("Haïti|Pays|no.such|critères de référence de la stratégie de sortie")

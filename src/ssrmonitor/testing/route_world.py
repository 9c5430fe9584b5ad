"""The objects the route matrix (``tests/routes/``) asks every route about, by name.

Haiti holds each object in every state that changes who may see or change it (a published and an
unpublished framework, a draft, submitted, approved and returned value, …); the Central African
Republic holds the same kinds of internal objects, which no Haitian role may see. The world is
built once per test module (rolled back after it) with the factories of this test kit and, where
an object is more than a row, the apps' services acting as the test system.

:func:`build_route_world` returns a ``name → object`` mapping; the names are those the tables
of ``tests/routes/`` use in URLs and request bodies.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from ssrmonitor.benchmarks.models import FrameworkStatus, MeasurementStatus
from ssrmonitor.benchmarks.services import add_evidence
from ssrmonitor.core.models import Job, JobState, Membership, Organisation
from ssrmonitor.perceptions.tests.route_world import perceptions_world
from ssrmonitor.sector import services as sector_services
from ssrmonitor.support.models import Activity, ExchangeRate, ImportRun
from ssrmonitor.support.services.imports import import_iati_file
from ssrmonitor.support.services.strategy import create_strategy_node
from ssrmonitor.testing import factories_sector as sector
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import (
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)
from ssrmonitor.testing.factories_support import national_activity, partner
from ssrmonitor.testing.factories_transitions import (
    MissionFactory,
    ReadinessCriterionFactory,
    TransitionPlanFactory,
    TransitionTaskFactory,
)
from ssrmonitor.testing.route_world_more import (
    admin_extras,
    lessons_world,
    reports_world,
    sanctions_world,
    vetting_world,
)

World = dict[str, Any]
IATI_FILE = Path(__file__).resolve().parents[3] / "tests/fixtures/support/iati/doj-haiti.xml"
IATI_ACTIVITY = "US-GOV-15-5010-FWR6002R"


def build_route_world(users: dict[str, User]) -> World:
    """Every object the tables name; ``users`` are the personas' accounts."""
    world: World = {"country_ht": country("HT"), "country_cf": country("CF")}
    world.update(_core(users))
    world.update(_benchmarks(users))
    world.update(_support())
    world.update(_sector())
    world.update(_transitions(world))
    world.update(sanctions_world(world))
    world.update(lessons_world())
    world.update(reports_world())
    world.update(vetting_world(users))
    world.update(perceptions_world(world))
    world.update(admin_extras(users))
    return world


def _core(users: dict[str, User]) -> World:
    return {
        "membership": Membership.objects.get(user=users["viewer"]),
        "organisation": Organisation.objects.get_or_create(name="Ministry of Justice")[0],
        "group": Group.objects.get_or_create(name="Route matrix")[0],
        "user_viewer": users["viewer"],
        "user_reviewer": users["reviewer"],
        "job": _job(users["vetting_officer"]),
    }


def _job(owner: User) -> Job:
    """A finished screening job of Haiti's vetting officer, with a result file."""
    job = Job(
        kind="vetting.screen_registry",
        title="Screening of the registry of Haiti",
        owner=owner,
        country=country("HT"),
        state=JobState.SUCCEEDED,
        dedupe_key="route-matrix",
        result_name="result.txt",
        result_content_type="text/plain",
    )
    job.result_file.save("route-matrix", ContentFile(b"done"), save=False)
    job.save()
    return job


def _benchmarks(users: dict[str, User]) -> World:
    """Haiti: a published and an unpublished framework; values in every state; CAR: internal."""
    editor = users["editor"]
    published = FrameworkFactory(country=country("HT"), is_published=True)
    internal = FrameworkFactory(country=country("HT"), is_published=False)
    cf_internal = FrameworkFactory(country=country("CF"), is_published=False)
    indicator = IndicatorFactory(benchmark__framework=published)
    internal_indicator = IndicatorFactory(benchmark__framework=internal)
    cf_indicator = IndicatorFactory(benchmark__framework=cf_internal)

    def value(period: str, status: str, on: Any = indicator) -> Any:
        return MeasurementFactory(indicator=on, period_text=period, status=status, author=editor)

    world: World = {
        "fw_published": published,
        "fw_internal": internal,
        "fw_cf": cf_internal,
        "fw_draft": FrameworkFactory(
            country=country("HT"), is_published=True, status=FrameworkStatus.DRAFT
        ),
        "bm_published": indicator.benchmark,
        "bm_internal": internal_indicator.benchmark,
        "bm_cf": cf_indicator.benchmark,
        "ind_published": indicator,
        "ind_internal": internal_indicator,
        "ind_cf": cf_indicator,
        "m_draft": value("2019-Q1", MeasurementStatus.DRAFT),
        "m_submitted": value("2019-Q2", MeasurementStatus.SUBMITTED),
        "m_approved": value("2019-Q3", MeasurementStatus.APPROVED),
        "m_returned": value("2019-Q4", MeasurementStatus.RETURNED),
        "m_cf": value("2019-Q1", MeasurementStatus.SUBMITTED, cf_indicator),
    }
    for name in ("m_draft", "m_approved"):
        measurement = world[name]
        status = measurement.status
        measurement.status = MeasurementStatus.DRAFT  # evidence is added before submission
        measurement.save(update_fields=["status"])
        upload = SimpleUploadedFile("evidence.csv", b"a,b\n1,2\n", content_type="text/csv")
        world[f"ev_{name[2:]}"] = add_evidence(
            measurement, acting_user=editor, title="Police census", upload=upload
        )
        measurement.status = status
        measurement.save(update_fields=["status"])
    return world


def _support() -> World:
    """An IATI activity (public), national activities of Haiti and the CAR, a strategy."""
    haiti = country("HT")
    import_iati_file(IATI_FILE, acting_user=SYSTEM, country=haiti)
    org = partner("XM-NAT", "National donor")
    pillar = create_strategy_node(haiti, acting_user=SYSTEM, level="pillar", code="1", title="P")
    priority = create_strategy_node(
        haiti, acting_user=SYSTEM, level="priority", code="1.1", title="Police", parent=pillar
    )
    rate = ExchangeRate.objects.create(currency="HTG", year=2024, rate_to_usd=Decimal("0.0076"))
    return {
        "act_iati": Activity.objects.get(iati_identifier=IATI_ACTIVITY),
        "act_ht": national_activity(haiti, org, "HT1"),
        "act_cf": national_activity(country("CF"), org, "CF1"),
        "org_nat": org,
        "node_pillar": pillar,
        "node_priority": priority,
        "import_run": ImportRun.objects.first(),
        "exchange_rate": rate,
    }


def _sector() -> World:
    """Haitian institutions (a public one with data, an internal one) and a CAR institution."""
    police = sector.make_institution("HT", "PNH", "police")
    ministry = sector.make_institution("HT", "MJSP", "ministry")
    internal = sector.make_institution("HT", "UDMO", "police", is_public=False)
    cf_police = sector.make_institution("CF", "PCA", "police")
    function = sector_services.create_function(
        acting_user=SYSTEM, country=country("HT"), code="public_order", names={"en": "Order"}
    )
    role = sector_services.set_role(function, police, acting_user=SYSTEM, role="lead")
    oversight = sector_services.add_oversight(
        acting_user=SYSTEM, overseer=ministry, overseen=police, instrument="inspections"
    )
    fiscal = sector_services.set_fiscal_context(
        country("HT"), acting_user=SYSTEM, fiscal_year=2024, currency="HTG"
    )
    return {
        "inst_police": police,
        "inst_ministry": ministry,
        "inst_internal": internal,
        "inst_cf": cf_police,
        "inst_version": police.versions.first(),
        "function_order": function,
        "role_assignment": role,
        "oversight_relation": oversight,
        "personnel_return": sector.make_return(police),
        "budget_line": sector.make_budget_line(police),
        "fiscal_context": fiscal,
    }


def _transitions(world: World) -> World:
    """A published and an unpublished Haitian plan (BINUH), a task, a criterion; a CAR plan."""
    binuh = MissionFactory(acronym="BINUH", country=world["country_ht"])
    minusca = MissionFactory(acronym="MINUSCA", country=world["country_cf"])
    published = TransitionPlanFactory(mission=binuh, is_published=True)
    task = TransitionTaskFactory(plan=published)
    return {
        "mission": binuh,
        "mission_cf": minusca,
        "plan_published": published,
        "plan_internal": TransitionPlanFactory(mission=binuh, is_published=False),
        "plan_cf": TransitionPlanFactory(mission=minusca, is_published=False),
        "task": task,
        "task_internal": TransitionTaskFactory(
            plan=TransitionPlanFactory(mission=binuh, is_published=False, title="Hidden plan")
        ),
        "criterion": ReadinessCriterionFactory(task=task),
    }

"""Demo data of the sanctions app: the real arms embargoes on CAR and South Sudan.

What is loaded, and where it comes from (the SSR domain primer,
``shared/domain/ssr-domain-primer.md`` beside the repository, §2.7):

* the arms embargo measure on the Central African Republic (resolution 2127 (2013), key
  benchmarks of S/PRST/2019/3, easing by resolution 2488 (2019)) — real, from the Council's
  press summaries SC/13769 and of resolution 2488 (2019);
* the arms embargo measure on South Sudan with the key benchmarks of resolution 2577 (2021)
  — real, as quoted by mrwatchlist.com; its exemption procedure is the Council's agreed
  model language (OCHA aide-memoire), marked as such;
* one exemption request under the CAR measure — **illustrative** (real requests are not
  public), marked ``is_illustrative``.

Each measure is linked to the arms-embargo key benchmark framework loaded by the benchmarks
demo (found by its benchmarks' ``external_id``) and to the sanctions regime when the UN list
has been imported. Running it again changes nothing (objects are found by title/reference).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ssrmonitor.benchmarks.models import Benchmark, Framework
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Country
from ssrmonitor.sanctions.models import (
    EmbargoMeasure,
    ExemptionProcedure,
    ExemptionRequest,
    ExemptionStatus,
    Regime,
)
from ssrmonitor.sanctions.services import embargo

MEASURES: list[dict[str, Any]] = [
    {
        "iso2": "CF",
        "regime": "CAR",
        "benchmark_external_id": "CF-armsembargo-2019-1",
        "title": "Arms embargo on the Central African Republic",
        "resolutions": "S/RES/2127 (2013); S/PRST/2019/3; S/RES/2454 (2019); S/RES/2488 (2019)",
        "committee": "Security Council Committee established pursuant to resolution 2127 (2013)",
        "in_force_from": date(2013, 12, 5),
        "scope": (
            "Arms and related materiel of all types to the Central African Republic. The "
            "Council set five key benchmarks to review the measures on the Government "
            "(S/PRST/2019/3, 9 April 2019): the national DDRR programme including the "
            "integration of vetted former members of armed groups; a planning document on "
            "weapons and ammunition storage, and the training and vetting of the defence and "
            "security forces; an arms registration and management protocol; a protocol for "
            "seized weapons; and a national commission against the proliferation of small arms "
            "and light weapons."
        ),
        "exemption_procedure": (
            "Resolution 2488 (2019): the embargo no longer applies to supplies of weapons with a "
            "calibre of 14.5 mm or less, and related ammunition and components, to the CAR "
            "security forces, as notified to the Committee at least 20 days in advance; "
            "non-lethal supplies moved from an approval process to a notification process. "
            "Later resolutions are not recorded here."
        ),
        "source": (
            "SC/13769 and press summaries of S/PRST/2019/3 and resolution 2488 (2019) "
            "(SSR domain primer §2.7, marked [summary])"
        ),
    },
    {
        "iso2": "SS",
        "regime": "SouthSudan",
        "benchmark_external_id": "SS-armsembargo-2021-a",
        "title": "Arms embargo on South Sudan",
        "resolutions": "S/RES/2577 (2021)",
        "committee": "Security Council Committee established pursuant to resolution 2206 (2015)",
        "in_force_from": None,
        "scope": (
            "Arms and related materiel to South Sudan. Resolution 2577 (2021) states the "
            "Council's readiness to review the embargo in the light of progress on five key "
            "benchmarks: (a) Stages 1, 2 and 3 of the Strategic Defense and Security Review; "
            "(b) a unified command structure for the Necessary Unified Forces and their "
            "training, graduation and redeployment; (c) progress on DDR; (d) proper management "
            "of existing arms and ammunition stockpiles; (e) the Joint Action Plan for the Armed "
            "Forces on conflict-related sexual violence."
        ),
        "exemption_procedure": (
            "Model language agreed by the Council (OCHA protection of civilians aide-memoire), "
            "not the resolution's own text: non-lethal equipment and training for SSR, in "
            "coordination with the mission, as notified in advance to the Committee; arms and "
            "related lethal equipment for SSR, as approved in advance by the Committee."
        ),
        "source": (
            "Resolution 2577 (2021) as quoted by mrwatchlist.com; OCHA aide-memoire agreed "
            "language (SSR domain primer §2.7)"
        ),
    },
]

ILLUSTRATIVE_REQUEST: dict[str, Any] = {
    "reference": "ILLUSTRATIVE-CF-001",
    "purpose": (
        "Illustrative example: communications equipment for a FACA battalion trained under "
        "the SSR programme, in coordination with MINUSCA."
    ),
    "items": [
        {"description": "VHF handheld radios", "quantity": 120},
        {"description": "Vehicle-mounted radio sets", "quantity": 12},
    ],
    "supplier": "Illustrative supplier State",
    "end_user": "Forces armées centrafricaines (FACA), trained battalion",
    "procedure": ExemptionProcedure.NOTIFICATION,
    "status": ExemptionStatus.SUBMITTED,
    "submitted_on": date(2026, 2, 2),
    "is_illustrative": True,
}


def _framework(external_id: str) -> Framework | None:
    benchmark = Benchmark.objects.filter(external_id=external_id).select_related("framework")
    found = benchmark.first()
    return found.framework if found else None


def _load_measure(spec: dict[str, Any], acting_user: Actor) -> tuple[EmbargoMeasure | None, bool]:
    place = Country.objects.filter(iso2=spec["iso2"]).first()
    if place is None:
        return None, False
    existing = EmbargoMeasure.objects.filter(country=place, title=spec["title"]).first()
    if existing is not None:
        return existing, False
    fields = {k: v for k, v in spec.items() if k in embargo.MEASURE_FIELDS}
    fields["regime"] = Regime.objects.filter(code=spec["regime"]).first()
    fields["benchmark_framework"] = _framework(spec["benchmark_external_id"])
    return embargo.create_measure(acting_user=acting_user, country=place, **fields), True


def load_demo(*, acting_user: Actor) -> dict[str, int]:
    """Load the real embargo measures and one illustrative exemption request (idempotent).

    Args:
        acting_user: recorded in the audit log; holds ``sanctions.edit``.
    """
    summary = {"measures_created": 0, "exemption_requests_created": 0}
    measures = {}
    for spec in MEASURES:
        measure, created = _load_measure(spec, acting_user)
        summary["measures_created"] += created
        if measure is not None:
            measures[spec["iso2"]] = measure
    car = measures.get("CF")
    reference = ILLUSTRATIVE_REQUEST["reference"]
    if car is not None and not ExemptionRequest.objects.filter(reference=reference).exists():
        embargo.create_exemption(car, acting_user=acting_user, **ILLUSTRATIVE_REQUEST)
        summary["exemption_requests_created"] += 1
    return summary

"""Demo transition plans: MINUJUSTH → BINUH, UNMIT, UNMIL (real) and MONUSCO (illustrative).

Every fact comes from the SSR domain primer (``shared/domain/ssr-domain-primer.md`` beside the
repository; §2.1, §2.4, §2.5, §2.6), which cites the UN documents; each task's ``source`` names
the document. What the sources do not give is left empty rather than guessed. The MONUSCO plan's
wording is not public in our sources (primer §2.5: "wording of the 18 benchmarks not
available"), so its tasks are **illustrative** (marked ``is_illustrative``) and serve to show
the alerts.

Criteria link to the benchmarks loaded by the benchmarks demo (by ``external_id``), so their
ratings are computed from the real reported values; criteria without a link are judged by
hand from the source. Idempotent: plans and tasks carry a stable ``external_id``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ssrmonitor.benchmarks.models import Benchmark, Component, Indicator
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Mission
from ssrmonitor.transitions import services
from ssrmonitor.transitions.models import (
    FutureLeadKind,
    TaskStatus,
    TransitionPlan,
    TransitionTask,
)

S_2018_527 = "S/2018/527 annex I; S/2019/805 annex I (primer §2.1)"
HANDED = {"status": TaskStatus.HANDED_OVER}
Criterion = tuple[str, str | None, str | None, bool | None]
# UNMIL residual tasks named by the SRSG (primer §2.6): key, title, component, criteria
_RESIDUAL_TASKS: list[tuple[str, str, str, list[Criterion]]] = [
    ("uxo", "Disposal of unexploded remnants of war", Component.DEFENCE, []),
    ("vip", "Guard protection for the President and other dignitaries", Component.POLICE, []),
    ("prisons", "Security at major prisons", Component.CORRECTIONS, []),
    ("cash", "Cash escorts", Component.POLICE, []),
]

PLANS: list[dict[str, Any]] = [
    {
        "mission": "MINUJUSTH",
        "external_id": "HT-MINUJUSTH-transition",
        "title": "MINUJUSTH exit strategy and handover to BINUH and the UN Country Team",
        "successor": "BINUH (from 16 October 2019) and the UN Country Team",
        "start_date": date(2018, 6, 1),
        "end_date": date(2019, 10, 15),
        "summary": (
            "Two-year benchmarked exit strategy: 11 benchmarks and 46 indicators with targets "
            "(S/2018/527). The UNDAF 2017–2021 was the transition planning instrument; "
            "MINUJUSTH activities and indicators were integrated into its workplans."
        ),
        "source": "S/2018/241; resolution 2410 (2018); S/2018/527 paras 16–18, 58–59",
        "tasks": [
            {
                "external_id": "HT-MINUJUSTH-T-public-order",
                "title": "Public-order operations by the national police without UN support",
                "mandate_reference": "S/RES/2410 (2018)",
                "component": Component.POLICE,
                "current_lead": "MINUJUSTH police (formed police units)",
                "future_lead_kind": FutureLeadKind.NATIONAL,
                "future_lead": "Haitian National Police (HNP)",
                "handover_date": date(2019, 10, 15),
                "handed_over_on": date(2019, 10, 15),
                **HANDED,
                "source": S_2018_527 + "; indicator 4.5: 13 of 13 units as at 15 Sept 2019",
                "criteria": [
                    (
                        "Public-order units operating without UN support (target 13 of 13)",
                        "HT-MINUJUSTH-B4#4.5",
                        None,
                        None,
                    ),
                    (
                        "Benchmark 4: the HNP manages public disorder without UN support",
                        None,
                        "HT-MINUJUSTH-B4",
                        None,
                    ),
                ],
            },
            {
                "external_id": "HT-MINUJUSTH-T-prisons",
                "title": "Prison administration performs key management functions",
                "mandate_reference": "S/RES/2410 (2018)",
                "component": Component.CORRECTIONS,
                "current_lead": "MINUJUSTH corrections advisers",
                "future_lead_kind": FutureLeadKind.NATIONAL,
                "future_lead": "Directorate of Prison Administration (DAP)",
                "handover_date": date(2019, 10, 15),
                "handed_over_on": date(2019, 10, 15),
                **HANDED,
                "source": S_2018_527 + " (benchmark 3, timeline October 2019)",
                "criteria": [
                    (
                        "Benchmark 3: the DAP provides basic services to all detainees",
                        None,
                        "HT-MINUJUSTH-B3",
                        None,
                    ),
                ],
            },
            {
                "external_id": "HT-MINUJUSTH-T-monitoring",
                "title": "Monitoring of the benchmark indicators after the mission",
                "current_lead": "MINUJUSTH",
                "future_lead_kind": FutureLeadKind.UNCT,
                "future_lead": "UNDAF governance and rule of law outcome group (UN Country Team)",
                "handover_date": date(2019, 10, 15),
                "handed_over_on": date(2019, 10, 15),
                **HANDED,
                "capacity_transfer": (
                    "MINUJUSTH activities and performance indicators integrated into the UNDAF "
                    "workplans; the outcome group leads data collection and analysis."
                ),
                "source": "S/2018/527 paras 58–59",
                "criteria": [],
            },
        ],
    },
    {
        "mission": "UNMIT",
        "external_id": "TL-UNMIT-transition",
        "title": "UNMIT: resumption of policing by the PNTL and the Joint Transition Plan",
        "successor": "UN Country Team",
        "start_date": date(2009, 5, 14),
        "end_date": date(2012, 12, 31),
        "summary": (
            "The PNTL resumed primary policing district by district against four mutually agreed "
            "criteria, assessed by a joint Government–UNMIT technical team (Lautém first, 14 May "
            "2009). The Joint Transition Plan, approved on 19 September 2011 and reviewed "
            "quarterly, covered the transfer of UNMIT assets and the models of UN engagement "
            "after the withdrawal."
        ),
        "source": "S/2009/504 para 20; S/2011/641 paras 26, 57–60; S/2012/43 para 56",
        "tasks": [
            {
                "external_id": "TL-UNMIT-T-policing",
                "title": "Primary policing responsibility, district by district and unit by unit",
                "component": Component.POLICE,
                "current_lead": "UNMIT police",
                "future_lead_kind": FutureLeadKind.NATIONAL,
                "future_lead": "Polícia Nacional de Timor-Leste (PNTL)",
                "handover_date": date(2011, 3, 27),
                "handed_over_on": date(2011, 3, 27),
                **HANDED,
                "source": (
                    "S/2009/504 para 20 (criteria); S/2011/641 para 26: 12 districts and nine "
                    "units met the criteria; PNTL resumed all operations on 27 March 2011"
                ),
                "criteria": [
                    (
                        "(a) ability of the national police to respond appropriately to the "
                        "security environment in a given district",
                        None,
                        None,
                        True,
                    ),
                    (
                        "(b) final certification of at least 80 per cent of eligible officers in a "
                        "given district or unit",
                        None,
                        None,
                        True,
                    ),
                    (
                        "(c) availability of initial operational logistical requirements",
                        None,
                        None,
                        True,
                    ),
                    (
                        "(d) institutional stability, including command and control and community "
                        "acceptance",
                        None,
                        None,
                        True,
                    ),
                    (
                        "PNTL resumption criteria (benchmark framework)",
                        None,
                        "TL-UNMIT-PNTL-resumption",
                        None,
                    ),
                ],
            },
            {
                "external_id": "TL-UNMIT-T-unct",
                "title": "Continued UN support after the withdrawal",
                "current_lead": "UNMIT",
                "future_lead_kind": FutureLeadKind.UNCT,
                "future_lead": "UN Country Team",
                "handover_date": date(2012, 12, 31),
                "handed_over_on": date(2012, 12, 31),
                **HANDED,
                "funding_sources": (
                    "UNCT portfolio of some 40 projects, about USD 27 million a year, all "
                    "areas (S/2012/43 para 56) — not an SSR-only figure."
                ),
                "source": "S/2011/641 paras 57–60; S/2012/43 para 56",
                "criteria": [],
            },
        ],
    },
    {
        "mission": "UNMIL",
        "external_id": "LR-UNMIL-transition",
        "title": "UNMIL security transition to the Government of Liberia",
        "successor": "Government of Liberia; UN Country Team",
        "end_date": date(2018, 3, 30),
        "summary": (
            "Resolution 2239 (2015): the Government to assume fully its security "
            "responsibilities from UNMIL no later than 30 June 2016 (handover ceremony on that "
            "day). Residual tasks named by the SRSG are listed below."
        ),
        "source": "Resolution 2239 (2015); SRSG Landgren (thenewdawnliberia.com); UN News 533722",
        "tasks": [
            {
                "external_id": "LR-UNMIL-T-security",
                "title": "Full security responsibility of the Government of Liberia",
                "mandate_reference": "S/RES/2239 (2015)",
                "component": Component.CROSS_CUTTING,
                "current_lead": "UNMIL",
                "future_lead_kind": FutureLeadKind.NATIONAL,
                "future_lead": "Government of Liberia",
                "handover_date": date(2016, 6, 30),
                "handed_over_on": date(2016, 6, 30),
                **HANDED,
                "source": "Resolution 2239 (2015); SRSG Landgren (primer §2.6); UN News 533722",
                "criteria": [
                    (
                        "Liberian quick reaction force of 500 in the national police (2007 "
                        "drawdown benchmark)",
                        None,
                        "LR-UNMIL-2007-QRF",
                        None,
                    ),
                    (
                        "Ratification of the Arms Trade Treaty (early benchmark, met)",
                        None,
                        None,
                        True,
                    ),
                    (
                        "Training of personnel for arms-marking and monitoring (met)",
                        None,
                        None,
                        True,
                    ),
                    (
                        "Establishment of a Joint Implementation Group (early benchmark, met)",
                        None,
                        None,
                        True,
                    ),
                    (
                        "Police Act; Bureau of Immigration and Naturalization Act; Firearms and "
                        "Ammunition Act (pending when the SRSG spoke; later status not recorded)",
                        None,
                        None,
                        None,
                    ),
                ],
            },
        ]
        + [
            {
                "external_id": f"LR-UNMIL-T-{key}",
                "title": title,
                "component": component,
                "current_lead": "UNMIL",
                "future_lead_kind": FutureLeadKind.NATIONAL,
                "future_lead": "Government of Liberia",
                "handover_date": date(2016, 6, 30),
                "handed_over_on": date(2016, 6, 30),
                **HANDED,
                "source": "SRSG Landgren on the Government transition plan (primer §2.6)",
                "criteria": criteria,
            }
            for key, title, component, criteria in _RESIDUAL_TASKS
        ],
    },
    {
        "mission": "MONUSCO",
        "external_id": "CD-MONUSCO-transition-illustrative",
        "title": "MONUSCO transition plan — illustrative tasks",
        "successor": "Government of the DRC and the UN Country Team",
        "start_date": date(2021, 9, 1),
        "is_illustrative": True,
        "summary": (
            "Real frame: the Joint Strategy on the Progressive and Phased Drawdown (annex to "
            "S/2020/1041, endorsed by resolution 2556 (2020)) led to a transition plan signed in "
            "September 2021 with 18 milestones; its 2023 priorities are security, protection of "
            "civilians, DDR and stabilisation, and the electoral process. The milestones' wording "
            "is not in our sources, so the tasks below are illustrative."
        ),
        "source": "S/2020/1041 annex; resolution 2556 (2020); radiookapi.net, 3 Aug 2023",
        "tasks": [
            {
                "external_id": "CD-MONUSCO-T-illustrative-poc",
                "title": "Illustrative: protection of civilians in a province the mission leaves",
                "component": Component.POLICE,
                "current_lead": "MONUSCO",
                "future_lead_kind": FutureLeadKind.NATIONAL,
                "future_lead": "Police nationale congolaise (illustrative)",
                "handover_date": date(2027, 3, 31),
                "status": TaskStatus.AT_RISK,
                "funding_needed": Decimal("4000000"),
                "funding_identified": Decimal("1500000"),
                "risks": "Illustrative: armed-group activity; police deployment below plan.",
                "is_illustrative": True,
                "criteria": [
                    (
                        "Illustrative: national police deployed in every territory of the province",
                        None,
                        None,
                        False,
                    ),
                    (
                        "Illustrative: early-warning network handed to provincial authorities",
                        None,
                        None,
                        True,
                    ),
                ],
            },
            {
                "external_id": "CD-MONUSCO-T-illustrative-ddr",
                "title": "Illustrative: community reintegration (P-DDRCS) support",
                "component": Component.DDR,
                "current_lead": "MONUSCO DDR section",
                "future_lead_kind": FutureLeadKind.UNCT,
                "future_lead": "UN Country Team (illustrative)",
                "handover_date": date(2027, 9, 30),
                "status": TaskStatus.IN_PROGRESS,
                "is_illustrative": True,
                "criteria": [
                    (
                        "Illustrative: programme funded for two years after handover",
                        None,
                        None,
                        None,
                    ),
                ],
            },
        ],
    },
]


def _criterion_fields(spec: Criterion) -> dict[str, Any]:
    text, indicator_id, benchmark_id, is_met = spec
    return {
        "text": text,
        "indicator": Indicator.objects.filter(external_id=indicator_id).first()
        if indicator_id
        else None,
        "benchmark": Benchmark.objects.filter(external_id=benchmark_id).first()
        if benchmark_id
        else None,
        "is_met": is_met,
    }


def _load_task(plan: TransitionPlan, spec: dict[str, Any], acting_user: Actor) -> int:
    if TransitionTask.objects.filter(external_id=spec["external_id"]).exists():
        return 0
    fields = {k: v for k, v in spec.items() if k != "criteria"}
    task = services.create_task(plan, acting_user=acting_user, **fields)
    for position, criterion in enumerate(spec["criteria"]):
        services.add_criterion(
            task, acting_user=acting_user, position=position, **_criterion_fields(criterion)
        )
    return 1


def load_demo(*, acting_user: Actor) -> dict[str, int]:
    """Load the demo plans as ``acting_user``, the system (idempotent).

    Missions missing from the reference data are skipped.
    """
    summary = {"plans_created": 0, "tasks_created": 0, "plans_skipped": 0}
    for spec in PLANS:
        mission = Mission.objects.filter(acronym=spec["mission"], country__isnull=False).first()
        if mission is None:
            summary["plans_skipped"] += 1
            continue
        plan = TransitionPlan.objects.filter(external_id=spec["external_id"]).first()
        if plan is None:
            fields = {k: v for k, v in spec.items() if k not in ("mission", "tasks")}
            plan = services.create_plan(
                acting_user=acting_user, mission=mission, is_published=True, **fields
            )
            summary["plans_created"] += 1
        for task in spec["tasks"]:
            summary["tasks_created"] += _load_task(plan, task, acting_user)
    return summary

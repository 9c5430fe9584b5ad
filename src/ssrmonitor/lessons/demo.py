"""Demo lessons: real lessons documented in the UN reports cited by the SSR domain primer.

Each lesson restates, in our words, a lesson that the SSR domain primer (``shared/domain/ssr-
domain-primer.md``, beside the repository; §2 and §7) draws from a named UN document;
``source_document`` names that document and the quoted phrases are verbatim from it. None is
invented; none is illustrative. One lesson is in French, drawn from the French-language MONUSCO
source, so that the library can be searched in both languages. Idempotent: each lesson has a
stable ``external_id``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ssrmonitor.benchmarks.models import Component
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Country, Mission
from ssrmonitor.lessons.models import Language, Lesson, Theme
from ssrmonitor.lessons.services import create_lesson

LESSONS: list[dict[str, Any]] = [
    {
        "external_id": "lesson-minujusth-benchmark-design",
        "iso2": "HT",
        "mission": "MINUJUSTH",
        "title": "Benchmarks need dates, indicators, baselines, targets and a data owner",
        "summary": (
            "MINUJUSTH's first exit benchmarks (S/2018/241) had no indicators; the Council then "
            "asked for specific dates and indicators (resolution 2410 (2018)), and S/2018/527 "
            "added 46 indicators with targets, timelines and baselines."
        ),
        "body": (
            "The benchmarks annexed to S/2018/241 stated an end state and 11 benchmarks, without "
            'indicators. Resolution 2410 (2018) requested the Secretary-General "to develop '
            "specific dates and indicators for achieving its benchmarks, with the goal of "
            'transitioning tasks and responsibilities to the Government".\n\n'
            'S/2018/527 answered with "a total of 46 indicators with specific targets", each '
            "with a target timeline and a baseline as at 2 May 2018. A benchmark framework is "
            "only monitorable once every indicator has a date, a baseline, a target and someone "
            "responsible for the data."
        ),
        "component": "",
        "themes": [Theme.BENCHMARKS],
        "op_tags": ["OP 18", "OP 20(e)"],
        "source_document": "S/2018/241; S/RES/2410 (2018); S/2018/527",
        "lesson_date": date(2018, 6, 1),
    },
    {
        "external_id": "lesson-minujusth-political-slippage",
        "iso2": "HT",
        "mission": "MINUJUSTH",
        "title": "Most slippage against the benchmarks was political and legislative",
        "summary": (
            "In the MINUJUSTH progress annexes the indicators that did not move were mostly laws "
            'awaiting adoption and the electoral council, reported as "No progress … owing to '
            'the current political situation".'
        ),
        "body": (
            "Indicators 1.1 to 1.5 (legislative stages) and 11.x (the Permanent Electoral "
            "Council) were repeatedly rated as showing no progress because of the political "
            "situation. Obstacles are worth recording as records of their own, linked to the "
            "indicators they hold back, so that reports can explain why a target slips."
        ),
        "component": Component.JUSTICE,
        "themes": [Theme.BENCHMARKS, Theme.NATIONAL_OWNERSHIP],
        "op_tags": ["OP 18", "OP 20(e)"],
        "source_document": "S/2019/198 and S/2019/563, annex I (progress updates)",
    },
    {
        "external_id": "lesson-minujusth-method-changes",
        "iso2": "HT",
        "mission": "MINUJUSTH",
        "title": "Changes of data method can look like progress",
        "summary": (
            "The MINUJUSTH annexes warn that some movements came from how data were collected, "
            "not from change on the ground."
        ),
        "body": (
            'Indicator 3.1 (deaths per 1,000 inmates): "there have also been changes in data '
            'collection methodology that could have had an impact". Indicator 4.2 (police per '
            '1,000 citizens): "1.32 after a readjusting process following an exercise to clean up '
            'the payroll". Indicator 6.3 (homicides per 100,000): "The decrease could also have '
            'resulted from the way in which the national police collected data."\n\n'
            "Each reported value should carry a note on method changes, so that a reader does not "
            "take a change of method for progress."
        ),
        "component": Component.POLICE,
        "themes": [Theme.DATA_QUALITY, Theme.BENCHMARKS],
        "op_tags": ["OP 18"],
        "source_document": "S/2018/795 to S/2019/805, annex I (MINUJUSTH benchmark indicators)",
    },
    {
        "external_id": "lesson-binuh-contextual-benchmarks",
        "iso2": "HT",
        "mission": "BINUH",
        "title": "Successor frameworks re-use indicators and add contextual benchmarks",
        "summary": (
            "BINUH's benchmarks (S/2019/805, annex II) carried on from MINUJUSTH's and added two "
            "contextual benchmarks for minimum socioeconomic conditions."
        ),
        "body": (
            'S/2019/805 para. 49: "six new benchmarks and 25 indicators have been identified … '
            "Four of the benchmarks are directly related to the areas of the BINUH mandate … The "
            'other two function as contextual benchmarks". The report adds that "the benchmarks '
            'are not a tool for assessing the performance of the United Nations in the country" '
            "(para. 53). Keeping the lineage of indicators from one framework to the next lets a "
            "transition be followed without a break."
        ),
        "component": Component.CROSS_CUTTING,
        "themes": [Theme.TRANSITIONS, Theme.BENCHMARKS],
        "op_tags": ["OP 14", "OP 20(j)"],
        "source_document": "S/2019/805, annex II and paras 49–53",
    },
    {
        "external_id": "lesson-unmit-granular-handover",
        "iso2": "TL",
        "mission": "UNMIT",
        "title": "Police handover works district by district against agreed criteria",
        "summary": (
            "In Timor-Leste the national police resumed primary policing district by district "
            "and unit by unit, after a joint Government–UNMIT team found that four mutually "
            "agreed criteria were met."
        ),
        "body": (
            'S/2009/504 para. 20 lists "the mutually agreed criteria for resumption": the '
            'ability to respond to the security environment in the district; "the final '
            'certification of at least 80 per cent of eligible officers"; initial operational '
            'logistics; and institutional stability. A "joint technical team consisting of '
            'civilian and police representatives from the Government and UNMIT" assessed each '
            "district, Lautém first on 14 May 2009. S/2011/641 para. 26: the PNTL resumed all "
            'operations on 27 March 2011 once "12 districts and nine units met the mutually '
            'agreed criteria".'
        ),
        "component": Component.POLICE,
        "themes": [Theme.TRANSITIONS, Theme.NATIONAL_OWNERSHIP],
        "op_tags": ["OP 14", "OP 20(g)"],
        "source_document": "S/2009/504 para. 20; S/2011/641 para. 26",
        "lesson_date": date(2011, 3, 27),
    },
    {
        "external_id": "lesson-car-embargo-benchmarks",
        "iso2": "CF",
        "mission": "MINUSCA",
        "title": "Arms embargo benchmarks tie the easing of the embargo to SSR progress",
        "summary": (
            "The Council set key benchmarks for reviewing the arms embargo on the Central African "
            "Republic (S/PRST/2019/3) and later moved most supplies to its security forces from "
            "approval to advance notification (resolution 2488 (2019))."
        ),
        "body": (
            "The five key benchmarks cover the DDRR programme, weapons storage and the training "
            "and vetting of the defence and security forces, arms registration and management, "
            "seized weapons, and a national small-arms commission. Resolution 2488 (2019) "
            "exempted weapons of a calibre of 14.5 mm or less notified at least 20 days in "
            "advance. SSR support plans must follow which supplies need notification and which "
            "need the committee's prior approval."
        ),
        "component": Component.DEFENCE,
        "themes": [Theme.BENCHMARKS],
        "op_tags": ["OP 20(k)"],
        "source_document": "S/PRST/2019/3 (SC/13769); S/RES/2488 (2019)",
        "lesson_date": date(2019, 9, 12),
    },
    {
        "external_id": "lesson-monusco-plan-de-transition-fr",
        "iso2": "CD",
        "mission": "MONUSCO",
        "language": Language.FRENCH,
        "title": "Un plan de transition a besoin de critères précis et d'un calendrier",
        "summary": (
            "Pour le retrait progressif de la MONUSCO, le Conseil a demandé un plan de transition "
            "assorti de critères détaillés et d'indicateurs mesurables, avec un calendrier "
            "indicatif."
        ),
        "body": (
            "La Stratégie conjointe de retrait progressif et échelonné (annexe au document "
            "S/2020/1041, approuvée par la résolution 2556 (2020)) prévoit un plan de transition "
            "comportant « un ensemble de critères détaillés et d'indicateurs précis, mesurables et "
            "réalistes assortis d'un calendrier indicatif ». Le plan signé en septembre 2021 "
            "compte 18 jalons ; sa révision de 2023 retient comme priorités la sécurité, la "
            "protection des civils, le désarmement, la démobilisation, la réinsertion "
            "communautaire et la stabilisation, et le processus électoral."
        ),
        "component": Component.CROSS_CUTTING,
        "themes": [Theme.TRANSITIONS, Theme.DDR],
        "op_tags": ["OP 14", "OP 20(j)"],
        "source_document": "S/2020/1041, annexe ; S/RES/2556 (2020) ; monusco.unmissions.org",
        "source_url": "https://monusco.unmissions.org/",
    },
]


def load_demo(*, acting_user: Actor) -> dict[str, int]:
    """Load the demo lessons, published (idempotent); unknown countries are skipped.

    Args:
        acting_user: the system running the demo, recorded in the audit log.
    """
    summary = {"lessons_created": 0, "lessons_skipped": 0}
    for spec in LESSONS:
        if Lesson.objects.filter(external_id=spec["external_id"]).exists():
            continue
        place = Country.objects.filter(iso2=spec["iso2"]).first()
        if place is None:
            summary["lessons_skipped"] += 1
            continue
        fields = {k: v for k, v in spec.items() if k not in ("iso2", "mission")}
        fields["mission"] = Mission.objects.filter(acronym=spec["mission"], country=place).first()
        create_lesson(acting_user=acting_user, country=place, is_published=True, **fields)
        summary["lessons_created"] += 1
    return summary

"""The vetting part of the home worklist (see :mod:`ssrmonitor.core.home`).

Only for the vetting roles, read through :mod:`ssrmonitor.vetting.permissions`, and never
personal data: a case is named by its number, its step and its deadline; a referral by the
assessment's number and its enlistment date — what the case and assessment lists show anyway,
without names.

* **case deadlines** — due-process cases still open, the nearest deadline first; urgent when
  the deadline is within :data:`URGENT_DAYS` days or has passed;
* **referrals** — age assessments referred to a child protection officer, for those who
  resolve them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.home import WorkItem, WorkLink, WorklistSource
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action, country_ids_with
from ssrmonitor.vetting.models import AgeAssessment, Case
from ssrmonitor.vetting.models.age import AgeOutcome
from ssrmonitor.vetting.models.cases import CaseStatus
from ssrmonitor.vetting.permissions import assessments_visible_to, cases_visible_to

URGENT_DAYS = 7
CLOSED = (CaseStatus.NOT_THE_PERSON, CaseStatus.FINAL)


def case_deadlines(user: User) -> list[WorkItem]:
    """Open cases with a deadline, per country, nearest first."""
    today = timezone.localdate()
    cases = (
        cases_visible_to(user)
        .exclude(status__in=CLOSED)
        .filter(due_on__isnull=False)
        .select_related("country")
        .order_by("due_on", "id")
    )
    grouped: dict[Country, list[Case]] = defaultdict(list)
    for case in cases:
        grouped[case.country].append(case)
    items = []
    for place, found in grouped.items():
        links = [
            WorkLink(
                _("Case %(number)s, due %(date)s")
                % {"number": case.pk, "date": date_format(case.due_on or today, "DATE_FORMAT")},
                reverse("vetting:case", args=[place.iso2, case.pk]),
                case.get_status_display(),
            )
            for case in found
        ]
        urgent = any(c.due_on and c.due_on <= today + timedelta(days=URGENT_DAYS) for c in found)
        url = reverse("vetting:cases", args=[place.iso2])
        items.append(
            WorkItem(
                place,
                "case_deadlines",
                ngettext("vetting case deadline", "vetting case deadlines", len(found)),
                len(found),
                url,
                links,
                urgent=urgent,
                order=40,
            )
        )
    return items


def referrals(user: User) -> list[WorkItem]:
    """Age assessments referred to a child protection officer, where ``user`` resolves them."""
    ids = country_ids_with(user, Action.RESOLVE_AGE_REFERRAL)
    if ids is not None and not ids:
        return []
    rows = assessments_visible_to(user).filter(outcome=AgeOutcome.REFERRED)
    if ids is not None:
        rows = rows.filter(country_id__in=ids)
    grouped: dict[Country, list[AgeAssessment]] = defaultdict(list)
    for assessment in rows.select_related("country").order_by("created_at", "id"):
        grouped[assessment.country].append(assessment)
    return [
        WorkItem(
            place,
            "referrals",
            ngettext(
                "age-assessment referral to resolve",
                "age-assessment referrals to resolve",
                len(found),
            ),
            len(found),
            reverse("vetting:age_list"),
            [
                WorkLink(
                    _("Assessment %(number)s") % {"number": a.pk},
                    reverse("vetting:age_detail", args=[a.pk]),
                    _("enlistment %s") % date_format(a.enlistment_date, "DATE_FORMAT"),
                )
                for a in found
            ],
            order=45,
        )
        for place, found in grouped.items()
    ]


def work_items(viewer: Viewer) -> list[WorkItem]:
    """Vetting work waiting for ``viewer`` (nothing for anyone without a vetting role)."""
    if not isinstance(viewer, User) or not viewer.is_active:
        return []
    return case_deadlines(viewer) + referrals(viewer)


SOURCE = WorklistSource(key="vetting", items=work_items)

"""Who sees and does what with frameworks, indicators and measurements.

Built on :mod:`ssrmonitor.core.permissions`. Pages, API routes and exports call only these
querysets, ``access_*_by_id`` look-ups and ``can_*`` predicates.

* The public sees published frameworks (not drafts) and their approved measurements.
* Viewers of a country also see unpublished frameworks and measurements under review.
* Editors, reviewers and administrators of a country also see drafts and returned values.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import (
    Benchmark,
    Evidence,
    Framework,
    FrameworkStatus,
    Indicator,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.core.actors import Viewer, person
from ssrmonitor.core.permissions import Action, NotFound, country_ids_with, has_action


def _framework_q(user: Viewer, prefix: str = "") -> Q:
    ids = country_ids_with(user, Action.VIEW_INTERNAL)
    public = Q(**{f"{prefix}is_published": True}) & ~Q(**{f"{prefix}status": FrameworkStatus.DRAFT})
    if ids is None:
        return Q()
    return public | Q(**{f"{prefix}country_id__in": ids})


def frameworks_visible_to(user: Viewer) -> QuerySet[Framework]:
    """Frameworks ``user`` may see."""
    return Framework.objects.filter(_framework_q(user))


def benchmarks_visible_to(user: Viewer) -> QuerySet[Benchmark]:
    """Benchmarks of the frameworks ``user`` may see."""
    return Benchmark.objects.filter(_framework_q(user, "framework__"))


def indicators_visible_to(user: Viewer) -> QuerySet[Indicator]:
    """Indicators of the frameworks ``user`` may see."""
    return Indicator.objects.filter(_framework_q(user, "benchmark__framework__"))


def measurements_visible_to(user: Viewer) -> QuerySet[Measurement]:
    """Measurements ``user`` may see: approved ones of visible frameworks, and more by role."""
    prefix = "indicator__benchmark__framework__"
    visible = Q(status=MeasurementStatus.APPROVED) & _framework_q(user, prefix)
    internal = country_ids_with(user, Action.VIEW_INTERNAL)
    drafts = country_ids_with(user, Action.VIEW_DRAFTS)
    if internal is None:
        return Measurement.objects.all()
    visible |= Q(status=MeasurementStatus.SUBMITTED, **{f"{prefix}country_id__in": internal})
    if drafts:
        visible |= Q(**{f"{prefix}country_id__in": drafts})
    return Measurement.objects.filter(visible)


def approved_measurements_of(framework: Framework) -> QuerySet[Measurement]:
    """The approved values of ``framework``: whoever may see the framework sees them all (see
    :func:`measurements_visible_to`), so a page may share them between its visitors once it
    has checked access to the framework."""
    return Measurement.objects.filter(
        indicator__benchmark__framework=framework, status=MeasurementStatus.APPROVED
    )


def access_framework_by_id(user: Viewer, framework_id: int) -> Framework:
    """The framework, or :class:`NotFound` if it does not exist or ``user`` may not see it."""
    framework = frameworks_visible_to(user).select_related("country", "mission")
    try:
        return framework.get(pk=framework_id)
    except (Framework.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def access_indicator_by_id(user: Viewer, indicator_id: int) -> Indicator:
    """The indicator, or :class:`NotFound`."""
    queryset = indicators_visible_to(user).select_related(
        "benchmark__framework__country", "benchmark__framework__mission"
    )
    try:
        return queryset.get(pk=indicator_id)
    except (Indicator.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def access_measurement_by_id(user: Viewer, measurement_id: int) -> Measurement:
    """The measurement, or :class:`NotFound`."""
    queryset = measurements_visible_to(user).select_related(
        "indicator__benchmark__framework__country", "author", "reviewed_by"
    )
    try:
        return queryset.get(pk=measurement_id)
    except (Measurement.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def access_benchmark_by_id(user: Viewer, benchmark_id: int) -> Benchmark:
    """The benchmark, or :class:`NotFound`."""
    queryset = benchmarks_visible_to(user).select_related("framework__country")
    try:
        return queryset.get(pk=benchmark_id)
    except (Benchmark.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def access_evidence_by_id(user: Viewer, evidence_id: int) -> Evidence:
    """Evidence follows its measurement: whoever may see the value may see its evidence."""
    queryset = Evidence.objects.filter(measurement__in=measurements_visible_to(user))
    try:
        return queryset.select_related("measurement").get(pk=evidence_id)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def _country_of(obj: Framework | Indicator | Measurement) -> int:
    if isinstance(obj, Framework):
        return obj.country_id
    if isinstance(obj, Indicator):
        return obj.benchmark.framework.country_id
    return obj.indicator.benchmark.framework.country_id


def can_edit_framework(user: Viewer, framework: Framework) -> tuple[bool, str]:
    """Editors and administrators of the country edit its frameworks, unless closed."""
    if not has_action(user, framework.country_id, Action.EDIT_FRAMEWORKS):
        return False, _("You are not an editor of this country.")
    return True, ""


def can_publish_framework(user: Viewer, framework: Framework) -> tuple[bool, str]:
    if not has_action(user, framework.country_id, Action.PUBLISH_FRAMEWORKS):
        return False, _("Only an administrator of this country can publish a framework.")
    return True, ""


def can_enter_data(user: Viewer, indicator: Indicator) -> tuple[bool, str]:
    """Editors enter values for indicators of frameworks that are not closed."""
    if not has_action(user, _country_of(indicator), Action.ENTER_DATA):
        return False, _("You are not an editor of this country.")
    if indicator.benchmark.framework.status == FrameworkStatus.CLOSED:
        return False, _("The framework is closed.")
    return True, ""


def can_change_measurement(user: Viewer, measurement: Measurement) -> tuple[bool, str]:
    """Drafts and returned values can be changed and submitted by the country's editors."""
    allowed, reason = can_enter_data(user, measurement.indicator)
    if not allowed:
        return allowed, reason
    if measurement.status not in (MeasurementStatus.DRAFT, MeasurementStatus.RETURNED):
        return False, _("Only draft or returned measurements can be changed.")
    return True, ""


def can_review_measurement(user: Viewer, measurement: Measurement) -> tuple[bool, str]:
    """Reviewers approve or return submitted values, never one they had a hand in.

    Separation of duties counts everyone who created, changed, added evidence to or submitted
    the value (``Measurement.contributor_ids``), not only its author.
    """
    if not has_action(user, _country_of(measurement), Action.REVIEW_DATA):
        return False, _("You are not a reviewer of this country.")
    if measurement.status != MeasurementStatus.SUBMITTED:
        return False, _("Only submitted measurements can be reviewed.")
    reviewer = person(user)
    if reviewer is not None and measurement.author_id == reviewer.pk:
        return False, _("You cannot review your own submission.")
    if reviewer is not None and measurement.contributed(reviewer.pk):
        return False, _("You changed or submitted this value: another reviewer must review it.")
    return True, ""


def can_enter_period(user: Viewer, framework: Framework) -> tuple[bool, str]:
    """Editors enter a whole period of a framework at once (the period grid), unless closed.

    Each value is still checked on its own (:func:`can_enter_data`, :func:`can_change_measurement`).
    """
    if not has_action(user, framework.country_id, Action.ENTER_DATA):
        return False, _("You are not an editor of this country.")
    if framework.status == FrameworkStatus.CLOSED:
        return False, _("The framework is closed.")
    return True, ""


def can_review_period(user: Viewer, framework: Framework) -> tuple[bool, str]:
    """Reviewers review a period of a framework in a batch; each value is still checked on its
    own by :func:`can_review_measurement` (separation of duties)."""
    if not has_action(user, framework.country_id, Action.REVIEW_DATA):
        return False, _("You are not a reviewer of this country.")
    return True, ""


def can_import_measurements(user: Viewer, indicator: Indicator) -> tuple[bool, str]:
    """Values published in UN documents are imported as approved: entering and reviewing data.

    A framework's status does not matter: reported values of a closed framework are history.
    """
    country_id = _country_of(indicator)
    if not has_action(user, country_id, Action.ENTER_DATA):
        return False, _("You are not an editor of this country.")
    if not has_action(user, country_id, Action.REVIEW_DATA):
        return False, _("You are not a reviewer of this country.")
    return True, ""


def can_export_internal(user: Viewer, country_id: int) -> bool:
    """Internal exports (with values under review) are for members of the country."""
    return has_action(user, country_id, Action.EXPORT_DATA)


def can_view_audit(user: Viewer, country_id: int | None) -> bool:
    return has_action(user, country_id, Action.VIEW_AUDIT)

"""Pages anyone may read, each seeing what their role allows: countries, surveys, consultations."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, render_page
from ssrmonitor.core.models import Country
from ssrmonitor.perceptions.charts import Bar, bars_chart, trend_chart
from ssrmonitor.perceptions.models import AgeBand, Area, Estimate, GroupKind, Sex
from ssrmonitor.perceptions.permissions import (
    access_consultation_by_id,
    access_country_by_iso2,
    access_survey_by_id,
    can_edit,
    can_import,
    consultations_visible_to,
    surveys_visible_to,
    visible_links,
)
from ssrmonitor.perceptions.sdg.views import sdg_views
from ssrmonitor.perceptions.selectors import (
    ItemView,
    consultations_of,
    item_views,
    participation_by_year,
    surveys_of,
)

CHARTED = (GroupKind.SEX, GroupKind.AGE_BAND, GroupKind.URBAN_RURAL)
GROUP_LABELS: dict[str, dict[str, Any]] = {
    GroupKind.SEX: dict(Sex.choices),
    GroupKind.AGE_BAND: dict(AgeBand.choices),
    GroupKind.URBAN_RURAL: dict(Area.choices),
}


def group_label(estimate: Estimate) -> str:
    """``women``, ``18–35 (youth)``, a region's name, or ``all respondents``."""
    if estimate.group_kind == GroupKind.ALL:
        return str(_("all respondents"))
    return str(
        GROUP_LABELS.get(estimate.group_kind, {}).get(estimate.group_value, estimate.group_value)
    )


def bar_of(estimate: Estimate, label: str = "") -> Bar:
    return Bar(label or group_label(estimate), estimate.share, estimate.ci_low, estimate.ci_high)


def item_chart(view: ItemView, index: int) -> Any:
    """The latest round of an item: all respondents, then sex, age band, urban/rural."""
    bars = [bar_of(view.overall)] if view.overall else []
    for kind in CHARTED:
        bars += [bar_of(e) for e in view.groups.get(kind, [])]
    title = _("%(item)s: share favourable, with 95 %% intervals") % {"item": view.label}
    return bars_chart(title, bars, element_id=f"item-{index}")


def item_trend(view: ItemView, index: int) -> Any:
    if len(view.trend) < 2:
        return None
    bars = [bar_of(e, _("Round %s") % s.round_number) for s, e in view.trend]
    title = _("%(item)s across rounds") % {"item": view.label}
    return trend_chart(title, bars, element_id=f"trend-{index}")


@require_GET
def index(request: HtmxHttpRequest) -> HttpResponse:
    """The countries with surveys or consultations the user may see."""
    ids = set(surveys_visible_to(request.user).values_list("country_id", flat=True))
    ids |= set(consultations_visible_to(request.user).values_list("country_id", flat=True))
    countries = Country.objects.filter(pk__in=ids).order_by("name")
    return render_page(request, "perceptions/index.html", {"countries": countries})


@require_GET
@domain_errors
def country(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """A country's population perspectives: survey items with intervals, trends, participation."""
    found = access_country_by_iso2(request.user, iso2)
    views = item_views(request.user, found)
    items = [
        {"view": v, "chart": item_chart(v, i), "trend": item_trend(v, i)}
        for i, v in enumerate(views)
    ]
    context = {
        "country": found,
        "items": items,
        "surveys": surveys_of(request.user, found),
        "participation": participation_by_year(consultations_of(request.user, found)),
        "may_edit": can_edit(request.user, found.pk)[0],
        "may_import": can_import(request.user, found.pk)[0],
        "sdg": sdg_views(found),
    }
    return render_page(request, "perceptions/country.html", context)


@require_GET
@domain_errors
def survey(request: HtmxHttpRequest, survey_id: int) -> HttpResponse:
    """A survey: design, source, licence, questions and every estimate."""
    found = access_survey_by_id(request.user, survey_id)
    questions = list(found.questions.select_related("item").prefetch_related("estimates"))
    context = {
        "survey": found,
        "questions": questions,
        "may_edit": can_edit(request.user, found.country_id)[0],
        "may_import": can_import(request.user, found.country_id)[0],
    }
    return render_page(request, "perceptions/survey.html", context)


@require_GET
@domain_errors
def consultations(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The register of a country's consultations, with the shares of women and youth per year."""
    found = access_country_by_iso2(request.user, iso2)
    rows = consultations_of(request.user, found)
    context = {
        "country": found,
        "consultations": rows,
        "participation": participation_by_year(rows),
        "may_edit": can_edit(request.user, found.pk)[0],
    }
    return render_page(request, "perceptions/consultations.html", context)


@require_GET
@domain_errors
def consultation(request: HtmxHttpRequest, consultation_id: int) -> HttpResponse:
    """One consultation: participants, topics, recommendations and their follow-up, links."""
    found = access_consultation_by_id(request.user, consultation_id)
    context = {
        "consultation": found,
        "recommendations": list(found.recommendations.all()),
        "links": visible_links(request.user, found),
        "may_edit": can_edit(request.user, found.country_id)[0],
    }
    return render_page(request, "perceptions/consultation.html", context)

"""Oversight pages: statistics (small cells hidden), exports of personal data, thresholds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.forms import ServiceForm
from ssrmonitor.core.http import (
    HtmxHttpRequest,
    allowed,
    domain_errors,
    form_page,
    form_status,
    posted,
    render_page,
    signed_in,
)
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action, access_country_by_iso2, country_ids_with
from ssrmonitor.vetting.models import PersonalDataExport, ScreeningRun
from ssrmonitor.vetting.permissions import (
    access_export_by_id,
    access_export_country,
    can_approve_export,
    can_configure,
    export_country_ids,
    exports_visible_to,
    may_see_statistics,
)
from ssrmonitor.vetting.services import exports as export_services
from ssrmonitor.vetting.services import policy as policy_services
from ssrmonitor.vetting.statistics import (
    AGE_OUTCOMES,
    CASE_STATES,
    NO_INSTITUTION,
    category_label,
    country_statistics,
)


def _statistics_country(request: HtmxHttpRequest, iso2: str) -> Country:
    country = access_country_by_iso2(iso2)
    if not may_see_statistics(request.user, country.pk):
        raise Http404
    return country


def _rows(kind: str, data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    labels = []
    for code in [*data["rows"], "*"]:
        if code == "*":
            labels.append(_("Total"))
        elif kind == "category":
            labels.append(category_label(code))
        elif code == NO_INSTITUTION:
            labels.append(_("Institution not known"))
        else:
            labels.append(code)
    return list(zip(labels, data["values"], strict=True))


@login_required
@require_safe
@domain_errors
def statistics(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """Cases and age assessments of a country in figures (every vetting-aware role)."""
    country = _statistics_country(request, iso2)
    stats = country_statistics(country)
    tables = [
        (
            _("Cases by category of violation"),
            _("Category"),
            [str(v) for v in CASE_STATES.values()],
            _rows("category", stats.by_category.as_data()),
        ),
        (
            _("Cases by institution"),
            _("Institution"),
            [str(v) for v in CASE_STATES.values()],
            _rows("institution", stats.by_institution.as_data()),
        ),
        (
            _("Age assessments by quarter of the decision"),
            _("Quarter"),
            [str(v) for v in AGE_OUTCOMES.values()],
            _rows("quarter", stats.age.as_data()),
        ),
    ]
    context = {"country": country, "tables": tables}
    return render_page(request, "vetting/stats_country.html", context)


@login_required
@require_safe
def statistics_index(request: HtmxHttpRequest) -> HttpResponse:
    """The countries whose statistics the user may see."""
    ids = country_ids_with(request.user, Action.VIEW_VETTING_STATISTICS)
    countries = Country.objects.order_by("name")
    if ids is not None:
        countries = countries.filter(pk__in=ids)
    personal = country_ids_with(request.user, Action.VIEW_VETTING_PERSONAL) or set()
    context = {"countries": countries, "personal": personal}
    return render_page(request, "vetting/stats_index.html", context)


# --- exports ------------------------------------------------------------------------------


class ExportRequestForm(ServiceForm):
    scope = forms.ChoiceField(label=gettext_lazy("What"), choices=PersonalDataExport.Scope.choices)
    reason = forms.CharField(
        label=gettext_lazy("Why is it needed?"),
        min_length=export_services.MIN_REASON,
        max_length=export_services.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "A reviewer of the country reads this before approving. Do not write names here."
        ),
    )

    def save(self, *, acting_user: Actor, country: Country) -> PersonalDataExport | None:
        try:
            return export_services.request_export(
                acting_user=acting_user, country=country, **self.cleaned_data
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


@login_required
@require_safe
def exports(request: HtmxHttpRequest) -> HttpResponse:
    """Export requests the user may see, and where they may ask for one."""
    rows = list(
        exports_visible_to(request.user)
        .select_related("country", "requested_by", "decided_by")
        .order_by("-requested_at")[:200]
    )
    for row in rows:
        row.may_decide = can_approve_export(request.user, row)[0] and row.status == "requested"  # type: ignore[attr-defined]
        row.may_download = row.requested_by_id == request.user.pk and row.status == "approved"  # type: ignore[attr-defined]
    countries = Country.objects.filter(pk__in=export_country_ids(request.user)).order_by("name")
    return render_page(
        request, "vetting/export_list.html", {"exports": rows, "countries": countries}
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def export_request(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Ask for an export of personal data (holders of personal data of vetting in the country)."""
    country = access_export_country(request.user, iso2)
    form = ExportRequestForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=signed_in(request), country=country),
        success=_("Export requested: a reviewer must approve it."),
        template="vetting/export_request.html",
        context={"country": country},
        to=lambda _created: redirect("vetting:exports"),
    )


def _decided(request: HtmxHttpRequest, export_id: int, approve: bool) -> HttpResponse:
    export = access_export_by_id(request.user, export_id)
    try:
        if approve:
            export_services.approve_export(export, acting_user=signed_in(request))
            messages.success(request, _("Export approved: the requester may download it once."))
        else:
            export_services.refuse_export(export, acting_user=signed_in(request))
            messages.success(request, _("Export refused."))
    except ValidationFailed as exc:
        messages.error(request, " ".join(error.reason for error in exc.errors))
    return redirect("vetting:exports")


@login_required
@require_POST
@domain_errors
def export_approve(request: HtmxHttpRequest, export_id: int) -> HttpResponse:
    return _decided(request, export_id, approve=True)


@login_required
@require_POST
@domain_errors
def export_refuse(request: HtmxHttpRequest, export_id: int) -> HttpResponse:
    return _decided(request, export_id, approve=False)


@login_required
@require_POST
@domain_errors
def export_download(request: HtmxHttpRequest, export_id: int) -> HttpResponse:
    """The approved CSV, once (a POST: a download changes the export's state)."""
    export = access_export_by_id(request.user, export_id)
    try:
        found = export_services.download_export(export, acting_user=signed_in(request))
    except ValidationFailed as exc:
        messages.error(request, " ".join(error.reason for error in exc.errors))
        return redirect("vetting:exports")
    response = HttpResponse(found.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- thresholds ---------------------------------------------------------------------------


class ThresholdsForm(ServiceForm):
    probable = forms.FloatField(
        label=gettext_lazy("Probable match from score"), min_value=-1000, max_value=1000
    )
    possible = forms.FloatField(
        label=gettext_lazy("Possible match from score"),
        min_value=-1000,
        max_value=1000,
        help_text=gettext_lazy("Every hit at or above this score becomes a case to review."),
    )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=gettext_lazy("Cases the reviewers can examine per screening run"),
        min_value=0,
        max_value=1_000_000,
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def policy(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """Set the screening thresholds; suggest them from the reviewers' capacity."""
    country = access_country_by_iso2(iso2)
    allowed(can_configure(request.user, country.pk))
    current = policy_services.thresholds_of(country)
    initial = {"probable": current.probable, "possible": current.possible}
    form = ThresholdsForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            policy_services.set_thresholds(
                acting_user=signed_in(request), country=country, **form.cleaned_data
            )
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Thresholds saved."))
            return redirect("vetting:policy", country.iso2)
    capacity = CapacityForm(request.GET if "capacity" in request.GET else None)
    suggestion = None
    run = ScreeningRun.objects.filter(country=country).order_by("-started_at").first()
    if capacity.is_bound and capacity.is_valid() and run is not None:
        scores = policy_services.run_scores(run)
        suggestion = policy_services.suggest_thresholds(
            scores, capacity.cleaned_data["capacity"], current=current
        )
    if suggestion is not None and not form.is_bound:
        found = suggestion.thresholds
        form = ThresholdsForm(initial={"probable": found.probable, "possible": found.possible})
    context = {
        "country": country,
        "form": form,
        "current": current,
        "capacity_form": capacity,
        "suggestion": suggestion,
        "run": run,
    }
    return render_page(request, "vetting/policy_edit.html", context, status=form_status(request))


urlpatterns: list[URLPattern | URLResolver] = [
    path("statistics/", statistics_index, name="statistics_index"),
    path("statistics/<str:iso2>/", statistics, name="statistics"),
    path("exports/", exports, name="exports"),
    path("exports/<str:iso2>/new/", export_request, name="export_request"),
    path("exports/<int:export_id>/approve/", export_approve, name="export_approve"),
    path("exports/<int:export_id>/refuse/", export_refuse, name="export_refuse"),
    path("exports/<int:export_id>/download/", export_download, name="export_download"),
    path("thresholds/<str:iso2>/", policy, name="policy"),
]

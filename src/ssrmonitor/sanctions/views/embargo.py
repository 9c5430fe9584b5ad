"""Arms embargo pages: a country's measures, a measure, exemption requests and their editors.

Measures are public; exemption requests are shown only to members holding
``sanctions.view_internal`` in the country (others get 404 for a request, and the country page
simply does not list them).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ssrmonitor.core.http import (
    HtmxHttpRequest,
    allowed,
    domain_errors,
    form_page,
    posted,
    render_page,
    signed_in,
)
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import NotFound, access_country_by_iso2
from ssrmonitor.sanctions.alerts import alerts_visible_to, flags_visible_to
from ssrmonitor.sanctions.forms import ExemptionForm, FlagForm, MeasureForm
from ssrmonitor.sanctions.permissions import (
    access_exemption_by_id,
    access_measure_by_id,
    can_edit_embargo,
    can_view_exemptions,
    exemptions_visible_to,
    measures_visible_to,
)
from ssrmonitor.sanctions.services import embargo as services

MEASURE_FORM = "sanctions/measure_form.html"
EXEMPTION_FORM = "sanctions/exemption_form.html"


def country_by_iso2(iso2: str) -> Country:
    """The country of the URL, or 404."""
    try:
        return access_country_by_iso2(iso2)
    except NotFound:
        raise Http404 from None


@require_safe
def country(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The arms embargo measures of a country and, for members, its exemption requests."""
    place = country_by_iso2(iso2)
    may_view = can_view_exemptions(request.user, place.pk)
    context = {
        "country": place,
        "measures": list(measures_visible_to(request.user).filter(country=place)),
        "may_view_exemptions": may_view,
        "exemptions": list(exemptions_visible_to(request.user).filter(country=place))
        if may_view
        else [],
        "may_edit": can_edit_embargo(request.user, place.pk)[0],
        "alerts": alerts_visible_to(request.user, today=timezone.localdate(), country_id=place.pk)
        if may_view
        else [],
        "flags": list(flags_visible_to(request.user).filter(country=place)) if may_view else [],
    }
    return render_page(request, "sanctions/country.html", context)


@require_safe
@domain_errors
def measure(request: HtmxHttpRequest, measure_id: int) -> HttpResponse:
    """One embargo measure, with its exemption requests for members."""
    found = access_measure_by_id(request.user, measure_id)
    requests = exemptions_visible_to(request.user).filter(measure=found)
    context = {
        "measure": found,
        "exemptions": list(requests),
        "may_view_exemptions": can_view_exemptions(request.user, found.country_id),
        "may_edit": can_edit_embargo(request.user, found.country_id)[0],
    }
    return render_page(request, "sanctions/measure.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def measure_create(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Record a new arms embargo measure for a country."""
    user = signed_in(request)
    place = country_by_iso2(iso2)
    allowed(can_edit_embargo(user, place.pk))
    form = MeasureForm(posted(request), country=place, user=user)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user),
        success=_("Embargo measure recorded."),
        template=MEASURE_FORM,
        context={"country": place, "measure": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def measure_edit(request: HtmxHttpRequest, measure_id: int) -> HttpResponseBase:
    """Change an embargo measure."""
    user = signed_in(request)
    found = access_measure_by_id(user, measure_id)
    allowed(can_edit_embargo(user, found.country_id))
    form = MeasureForm(posted(request), instance=found, country=found.country, user=user)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, measure=found),
        success=_("Embargo measure saved."),
        template=MEASURE_FORM,
        context={"country": found.country, "measure": found},
    )


@require_safe
@domain_errors
def exemption(request: HtmxHttpRequest, exemption_id: int) -> HttpResponse:
    """One exemption request (internal)."""
    found = access_exemption_by_id(request.user, exemption_id)
    context = {"exemption": found, "may_edit": can_edit_embargo(request.user, found.country_id)[0]}
    return render_page(request, "sanctions/exemption.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def exemption_create(request: HtmxHttpRequest, measure_id: int) -> HttpResponseBase:
    """Record a new exemption request under an embargo measure."""
    user = signed_in(request)
    found = access_measure_by_id(user, measure_id)
    if not can_view_exemptions(user, found.country_id):
        raise Http404
    allowed(can_edit_embargo(user, found.country_id))
    form = ExemptionForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, measure=found),
        success=_("Exemption request recorded."),
        template=EXEMPTION_FORM,
        context={"measure": found, "exemption": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def exemption_edit(request: HtmxHttpRequest, exemption_id: int) -> HttpResponseBase:
    """Change an exemption request: dates, status, the committee's decision."""
    user = signed_in(request)
    found = access_exemption_by_id(user, exemption_id)
    allowed(can_edit_embargo(user, found.country_id))
    form = ExemptionForm(posted(request), instance=found)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, exemption=found),
        success=_("Exemption request saved."),
        template=EXEMPTION_FORM,
        context={"measure": found.measure, "exemption": found},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def flag_create(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Flag a support activity that supplies lethal or security equipment to the country."""
    user = signed_in(request)
    place = country_by_iso2(iso2)
    if not can_view_exemptions(user, place.pk):
        raise Http404
    allowed(can_edit_embargo(user, place.pk))
    form = FlagForm(posted(request), country=place)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user),
        success=_("Activity flagged."),
        template="sanctions/flag_form.html",
        context={"country": place},
        to=lambda _flag: redirect("sanctions:country", place.iso2),
    )


@login_required
@require_http_methods(["POST"])
@domain_errors
def flag_remove(request: HtmxHttpRequest, flag_id: int) -> HttpResponse:
    """Withdraw an equipment flag."""
    user = signed_in(request)
    flag = flags_visible_to(user).filter(pk=flag_id).first()
    if flag is None:
        raise Http404
    allowed(can_edit_embargo(user, flag.country_id))
    services.remove_flag(flag, acting_user=user)
    messages.success(request, _("Flag removed."))
    return redirect("sanctions:country", flag.country.iso2)

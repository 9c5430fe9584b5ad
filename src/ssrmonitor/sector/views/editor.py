"""Editing pages: register an institution, record a change of an institution from a date."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ssrmonitor.core.http import (
    INVALID_FORM,
    HtmxHttpRequest,
    allowed,
    domain_errors,
    posted,
    render_page,
)
from ssrmonitor.sector.forms import ChangeForm, InstitutionForm, RoleForm
from ssrmonitor.sector.permissions import (
    access_country_by_iso2,
    access_institution_by_id,
    can_edit_sector,
)
from ssrmonitor.sector.selectors import visible_institutions
from ssrmonitor.sector.services.institutions import current_version


def _status(request: HtmxHttpRequest) -> int:
    return INVALID_FORM if request.method == "POST" else 200


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def institution_create(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Register an institution of the country (editors)."""
    place = access_country_by_iso2(iso2)
    allowed(can_edit_sector(request.user, place.pk))
    form = InstitutionForm(posted(request), parents=visible_institutions(request.user, place))
    if form.is_bound and form.is_valid():
        created = form.save(acting_user=request.user, country=place)
        if created is not None:
            messages.success(request, _("Institution registered."))
            return redirect(created)
    context = {"form": form, "country": place, "title": _("Register an institution")}
    return render_page(request, "sector/form.html", context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def institution_change(request: HtmxHttpRequest, institution_id: int) -> HttpResponse:
    """Record a change (mandate, head, status, merger…) valid from a date; the past is kept."""
    found = access_institution_by_id(request.user, institution_id)
    allowed(can_edit_sector(request.user, found.country_id))
    parents = visible_institutions(request.user, found.country).exclude(pk=found.pk)
    initial = ChangeForm.initial_from(current_version(found))
    form = ChangeForm(posted(request), parents=parents, initial=initial)
    if form.is_bound and form.is_valid():
        version = form.save(acting_user=request.user, institution=found)
        if version is not None:
            messages.success(request, _("Change recorded; the previous version is kept."))
            response = redirect(found)
            response["Location"] += f"?on={version.valid_from.isoformat()}"
            return response
    context = {
        "form": form,
        "country": found.country,
        "institution": found,
        "title": _("Record a change"),
    }
    return render_page(request, "sector/form.html", context, status=_status(request))


@login_required
@require_http_methods(["POST"])
@domain_errors
def role_set(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Set an institution's role in a function from the roles matrix page."""
    place = access_country_by_iso2(iso2)
    allowed(can_edit_sector(request.user, place.pk))
    institutions = visible_institutions(request.user, place)
    form = RoleForm(request.POST, country=place, institutions=institutions)
    if form.is_valid() and form.save(acting_user=request.user):
        messages.success(request, _("Role saved."))
        return redirect("sector:roles", iso2=place.iso2)
    context = {"form": form, "country": place, "title": _("Set a role")}
    return render_page(request, "sector/form.html", context, status=INVALID_FORM)

"""Editing pages: register an institution, record a change of an institution from a date."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ssrmonitor.core.http import (
    HtmxHttpRequest,
    allowed,
    domain_errors,
    form_page,
    posted,
    signed_in,
)
from ssrmonitor.sector.forms import ChangeForm, InstitutionForm, RoleForm
from ssrmonitor.sector.models import Institution, InstitutionVersion
from ssrmonitor.sector.permissions import (
    access_country_by_iso2,
    access_institution_by_id,
    can_edit_sector,
)
from ssrmonitor.sector.selectors import visible_institutions
from ssrmonitor.sector.services.institutions import current_version

FORM = "sector/form.html"


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def institution_create(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Register an institution of the country (editors)."""
    user = signed_in(request)
    place = access_country_by_iso2(iso2)
    allowed(can_edit_sector(user, place.pk))
    form = InstitutionForm(posted(request), parents=visible_institutions(user, place))
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, country=place),
        success=_("Institution registered."),
        template=FORM,
        context={"country": place, "title": _("Register an institution")},
    )


def _as_at(institution: Institution, version: InstitutionVersion) -> HttpResponseBase:
    """The institution's page as at the first day of the recorded change."""
    response = redirect(institution)
    response["Location"] += f"?on={version.valid_from.isoformat()}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def institution_change(request: HtmxHttpRequest, institution_id: int) -> HttpResponseBase:
    """Record a change (mandate, head, status, merger…) valid from a date; the past is kept."""
    user = signed_in(request)
    found = access_institution_by_id(user, institution_id)
    allowed(can_edit_sector(user, found.country_id))
    parents = visible_institutions(user, found.country).exclude(pk=found.pk)
    initial = ChangeForm.initial_from(current_version(found))
    form = ChangeForm(posted(request), parents=parents, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, institution=found),
        success=_("Change recorded; the previous version is kept."),
        template=FORM,
        context={"country": found.country, "institution": found, "title": _("Record a change")},
        to=lambda version: _as_at(found, version),
    )


@login_required
@require_http_methods(["POST"])
@domain_errors
def role_set(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Set an institution's role in a function from the roles matrix page."""
    user = signed_in(request)
    place = access_country_by_iso2(iso2)
    allowed(can_edit_sector(user, place.pk))
    institutions = visible_institutions(user, place)
    form = RoleForm(request.POST, country=place, institutions=institutions)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user) or None,
        success=_("Role saved."),
        template=FORM,
        context={"country": place, "title": _("Set a role")},
        to=lambda _saved: redirect("sector:roles", iso2=place.iso2),
    )

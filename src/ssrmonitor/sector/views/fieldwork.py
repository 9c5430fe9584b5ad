"""An institution's personnel return for field collection: its XLSForm and its submissions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ssrmonitor.core.fieldwork import FieldReport
from ssrmonitor.core.fieldwork.web import upload_page, xlsform_download
from ssrmonitor.core.http import HtmxHttpRequest, allowed, domain_errors, signed_in
from ssrmonitor.sector.fieldwork import import_personnel_submissions, personnel_form
from ssrmonitor.sector.permissions import (
    access_institution_by_id,
    can_edit_sector,
    can_import_sector,
)


@login_required
@require_safe
@domain_errors
def personnel_xlsform(request: HtmxHttpRequest, institution_id: int) -> HttpResponseBase:
    """The XLSForm of the institution's personnel return (built by pyxform before it is sent)."""
    user = signed_in(request)
    found = access_institution_by_id(user, institution_id)
    allowed(can_edit_sector(user, found.country_id))
    name = f"xlsform-personnel-{found.country.iso2}-{found.key}.xlsx"
    return xlsform_download(lambda: personnel_form(found), name)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def personnel_submissions(request: HtmxHttpRequest, institution_id: int) -> HttpResponseBase:
    """Upload the submissions of the personnel form: each one a return of the institution."""
    user = signed_in(request)
    found = access_institution_by_id(user, institution_id)
    allowed(can_import_sector(user, found.country_id))
    context = {
        "title": _("Field submissions of personnel returns"),
        "back_url": found.get_absolute_url(),
        "back_label": found.key,
        "xlsform_url": reverse("sector:personnel_xlsform", args=[found.pk]),
        "about": _(
            "Each submission is the institution's return of one period: women and men by rank "
            "category, for the whole institution. It replaces that period's return."
        ),
    }

    def run(content: bytes) -> FieldReport:
        return import_personnel_submissions(found, acting_user=user, content=content)

    return upload_page(request, context, run, found.get_absolute_url())

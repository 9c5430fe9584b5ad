"""Vetting pages: records of alleged violations and the watchlists imported from files.

Under ``/vetting/<iso2>/``, for vetting officers and reviewers of the country only. Lists show
names to them and write one ``read`` event (the list and the row count); opening one record
writes its own ``read`` event (see :mod:`ssrmonitor.vetting.permissions`).
"""

from __future__ import annotations

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ssrmonitor.core.http import (
    HtmxHttpRequest,
    domain_errors,
    form_page,
    form_status,
    posted,
    render_page,
    signed_in,
)
from ssrmonitor.vetting.entries import birth_date_text
from ssrmonitor.vetting.forms import RecordForm, WatchlistImportForm
from ssrmonitor.vetting.permissions import (
    access_record_by_id,
    access_vetting_country,
    audit_list_read,
    can_edit,
    check_country,
    records_visible_to,
    watchlists_visible_to,
)
from ssrmonitor.vetting.services import registry as registry_services
from ssrmonitor.vetting.views.common import EDIT, FORM, PERSONAL, offset_of, page_of


@login_required
@require_safe
@domain_errors
def record_list(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """Records of alleged violations (names shown to vetting roles; read audited)."""
    user = request.user
    country = access_vetting_country(user, iso2, PERSONAL)
    rows = records_visible_to(user).filter(country=country).select_related("watchlist")
    reference = request.GET.get("reference", "").strip()
    if reference:
        rows = rows.filter(reference_hash=registry_services.record_hash(reference))
    watchlist = request.GET.get("watchlist", "")
    if watchlist.isdigit():
        rows = rows.filter(watchlist_id=int(watchlist))
    page = page_of(request, rows.order_by("pk"))
    audit_list_read(user, country, "records", len(page.object_list), offset_of(page))
    context = {
        "country": country,
        "page": page,
        "reference": reference,
        "may_edit": can_edit(user, country.pk)[0],
    }
    return render_page(request, "vetting/registry_records.html", context)


@login_required
@require_safe
@domain_errors
def record_detail(request: HtmxHttpRequest, iso2: str, record_id: int) -> HttpResponse:
    """One record of alleged violations (the read is audited)."""
    user = request.user
    country = access_vetting_country(user, iso2, PERSONAL)
    record = access_record_by_id(user, record_id)
    check_country(record, country)
    context = {
        "country": country,
        "record": record,
        "birth_dates": [birth_date_text(value) for value in record.birth_dates or []],
        "cases": list(record.cases.order_by("-score")),
        "may_edit": can_edit(user, country.pk)[0],
    }
    return render_page(request, "vetting/registry_record.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def record_create(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Register a record of alleged violations."""
    country = access_vetting_country(request.user, iso2, EDIT)
    form = RecordForm(posted(request), country=country)
    return form_page(
        request,
        form,
        save=lambda: form.register(acting_user=signed_in(request)),
        success=_("Record registered."),
        template=FORM,
        context={"country": country, "heading": _("Register a record")},
        to=lambda saved: redirect("vetting:record", country.iso2, saved.pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def record_edit(request: HtmxHttpRequest, iso2: str, record_id: int) -> HttpResponseBase:
    """Change a record (its status among others)."""
    country = access_vetting_country(request.user, iso2, EDIT)
    record = access_record_by_id(request.user, record_id)
    check_country(record, country)
    form = RecordForm(posted(request), country=country, record=record)
    return form_page(
        request,
        form,
        save=lambda: form.update(record, acting_user=signed_in(request)),
        success=_("Saved."),
        template=FORM,
        context={"country": country, "heading": _("Edit record #%d") % record.pk},
        to=lambda saved: redirect("vetting:record", country.iso2, saved.pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def watchlists(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The country's watchlists, and the form to import one (UN list XML or records CSV)."""
    user = request.user
    country = access_vetting_country(user, iso2, PERSONAL)
    may_edit = can_edit(user, country.pk)[0]
    form = None
    if may_edit or request.method == "POST":
        access_vetting_country(user, iso2, EDIT)
        form = WatchlistImportForm(posted(request), request.FILES or None)
    if form is not None and form.is_bound and form.is_valid():
        done = form.save(acting_user=signed_in(request), country=country)
        if done is not None:
            watchlist, summary = done
            messages.success(
                request,
                _(
                    "%(name)s imported: %(created)d new, %(updated)d updated, %(removed)d "
                    "removed, %(kept)d kept because a case refers to them."
                )
                % {"name": watchlist.name, **asdict(summary)},
            )
            return redirect("vetting:watchlists", country.iso2)
    rows = watchlists_visible_to(user).filter(country=country).order_by("name")
    context = {"country": country, "watchlists": rows, "form": form}
    return render_page(
        request, "vetting/registry_watchlists.html", context, status=form_status(request)
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("<iso2:iso2>/records/", record_list, name="records"),
    path("<iso2:iso2>/records/new/", record_create, name="record_create"),
    path("<iso2:iso2>/records/<int:record_id>/", record_detail, name="record"),
    path("<iso2:iso2>/records/<int:record_id>/edit/", record_edit, name="record_edit"),
    path("<iso2:iso2>/watchlists/", watchlists, name="watchlists"),
]

"""Vetting pages: the country's vetting home, registries, imports and screening runs.

Under ``/vetting/<iso2>/``. The home page is for every role of the country (statistics and
links); everything else is personal data, for vetting officers and reviewers of the country
only. Lists show names to them and write one ``read`` event (the list and the row count);
opening one person or record writes its own ``read`` event (see
:mod:`ssrmonitor.vetting.permissions`).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, path, register_converter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssrmonitor.core.http import INVALID_FORM, HtmxHttpRequest, domain_errors, posted, render_page
from ssrmonitor.core.permissions import Action, NotFound, has_action
from ssrmonitor.vetting.entries import birth_date_text
from ssrmonitor.vetting.forms import PersonForm, RecordForm, RosterImportForm, WatchlistImportForm
from ssrmonitor.vetting.models import Case, CaseStatus
from ssrmonitor.vetting.permissions import (
    access_person_by_id,
    access_record_by_id,
    access_vetting_country,
    audit_list_read,
    can_configure,
    can_edit,
    check_country,
    persons_visible_to,
    records_visible_to,
    runs_visible_to,
    watchlists_visible_to,
)
from ssrmonitor.vetting.services import registry as registry_services
from ssrmonitor.vetting.services import screening
from ssrmonitor.vetting.services.cases import is_overdue

PAGE_SIZE = 50
PERSONAL = Action.VIEW_VETTING_PERSONAL
EDIT = Action.EDIT_VETTING
FORM = "vetting/registry_form.html"
CLOSED = (CaseStatus.NOT_THE_PERSON, CaseStatus.FINAL)


class Iso2Converter:
    """Two letters: keeps ``/vetting/<iso2>/`` apart from ``/vetting/age/`` and the like."""

    regex = "[A-Za-z]{2}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value.upper()


register_converter(Iso2Converter, "iso2")


def _status(request: HtmxHttpRequest) -> int:
    return INVALID_FORM if request.method == "POST" else 200


def _page(request: HtmxHttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _offset(page: Any) -> int:
    """Rows before the page (as the API's ``offset``)."""
    return max(int(page.start_index()) - 1, 0)


@login_required
@require_safe
@domain_errors
def home(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The country's vetting home: what the user may open, and the counts they may see."""
    user = request.user
    country = access_vetting_country(user, iso2)
    personal = has_action(user, country.pk, PERSONAL)
    context: dict[str, Any] = {
        "country": country,
        "personal": personal,
        "may_edit": can_edit(user, country.pk)[0],
        "may_configure": can_configure(user, country.pk)[0],
        "may_assess_age": has_action(user, country.pk, Action.ASSESS_AGE),
    }
    if personal:
        cases = Case.objects.filter(country=country)
        context["counts"] = {
            "persons": persons_visible_to(user).filter(country=country).count(),
            "records": records_visible_to(user).filter(country=country).count(),
            "open_cases": cases.exclude(status__in=CLOSED).count(),
            "overdue": cases.filter(due_on__lt=timezone.localdate()).count(),
        }
    return render_page(request, "vetting/home.html", context)


# --- personnel ---------------------------------------------------------------------------


@login_required
@require_safe
@domain_errors
def person_list(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The personnel registry (names shown to vetting officers and reviewers; read audited)."""
    user = request.user
    country = access_vetting_country(user, iso2, PERSONAL)
    rows = persons_visible_to(user).filter(country=country).order_by("pk")
    reference = request.GET.get("reference", "").strip()
    if reference:
        rows = rows.filter(reference_hash=registry_services.person_hash(reference))
    open_cases = Count("cases", filter=~Q(cases__status__in=CLOSED))
    page = _page(request, rows.annotate(open_cases=open_cases))
    audit_list_read(user, country, "personnel", len(page.object_list), _offset(page))
    context = {
        "country": country,
        "page": page,
        "reference": reference,
        "may_edit": can_edit(user, country.pk)[0],
    }
    return render_page(request, "vetting/registry_persons.html", context)


@login_required
@require_safe
@domain_errors
def person_detail(request: HtmxHttpRequest, iso2: str, person_id: int) -> HttpResponse:
    """One person's record and cases (the read is audited)."""
    user = request.user
    country = access_vetting_country(user, iso2, PERSONAL)
    person = access_person_by_id(user, person_id)
    check_country(person, country)
    cases = list(person.cases.order_by("-score"))
    context = {
        "country": country,
        "person": person,
        "birth_date": birth_date_text(person.birth_date),
        "cases": [(case, is_overdue(case)) for case in cases],
        "may_edit": can_edit(user, country.pk)[0],
    }
    return render_page(request, "vetting/registry_person.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def person_create(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """Register a person; they are screened at once and the hits shown on their page."""
    country = access_vetting_country(request.user, iso2, EDIT)
    form = PersonForm(posted(request), country=country)
    if form.is_bound and form.is_valid():
        done = form.register(acting_user=request.user)
        if done is not None:
            person, cases = done
            if cases:
                text = ngettext(
                    "Registered. Screening found %(count)d possible match: a case is open.",
                    "Registered. Screening found %(count)d possible matches: cases are open.",
                    len(cases),
                ) % {"count": len(cases)}
                messages.warning(request, text)
            else:
                messages.success(request, _("Registered. Screening found no match."))
            return redirect("vetting:person", country.iso2, person.pk)
    context = {"form": form, "country": country, "heading": _("Register a person")}
    return render_page(request, FORM, context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def person_edit(request: HtmxHttpRequest, iso2: str, person_id: int) -> HttpResponse:
    """Change a person's record."""
    country = access_vetting_country(request.user, iso2, EDIT)
    person = access_person_by_id(request.user, person_id)
    check_country(person, country)
    form = PersonForm(posted(request), country=country, person=person)
    if form.is_bound and form.is_valid() and form.update(person, acting_user=request.user):
        messages.success(request, _("Saved."))
        return redirect("vetting:person", country.iso2, person.pk)
    context = {"form": form, "country": country, "heading": _("Edit person #%d") % person.pk}
    return render_page(request, FORM, context, status=_status(request))


@login_required
@require_POST
@domain_errors
def person_screen(request: HtmxHttpRequest, iso2: str, person_id: int) -> HttpResponse:
    """Screen one registered person again now."""
    country = access_vetting_country(request.user, iso2, EDIT)
    person = access_person_by_id(request.user, person_id)
    check_country(person, country)
    cases = screening.screen_person(acting_user=request.user, person=person)
    messages.info(
        request,
        ngettext(
            "Screened: %(count)d possible match.",
            "Screened: %(count)d possible matches.",
            len(cases),
        )
        % {"count": len(cases)},
    )
    return redirect("vetting:person", country.iso2, person.pk)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def roster_import(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """Import a roster CSV into the personnel registry (whole file or nothing)."""
    country = access_vetting_country(request.user, iso2, EDIT)
    form = RosterImportForm(posted(request), request.FILES or None)
    if form.is_bound and form.is_valid():
        summary = form.save(acting_user=request.user, country=country)
        if summary is not None:
            messages.success(
                request,
                _("Roster imported: %(created)d registered, %(updated)d updated.")
                % {"created": summary.created, "updated": summary.updated},
            )
            return redirect("vetting:persons", country.iso2)
    context = {
        "form": form,
        "country": country,
        "heading": _("Import a roster"),
        "columns": "person_id,full_name,date_of_birth,place_of_birth,sex,nationality,unit",
    }
    return render_page(request, "vetting/registry_import.html", context, status=_status(request))


# --- records and watchlists --------------------------------------------------------------


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
    page = _page(request, rows.order_by("pk"))
    audit_list_read(user, country, "records", len(page.object_list), _offset(page))
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
def record_create(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """Register a record of alleged violations."""
    country = access_vetting_country(request.user, iso2, EDIT)
    form = RecordForm(posted(request), country=country)
    if form.is_bound and form.is_valid():
        record = form.register(acting_user=request.user)
        if record is not None:
            messages.success(request, _("Record registered."))
            return redirect("vetting:record", country.iso2, record.pk)
    context = {"form": form, "country": country, "heading": _("Register a record")}
    return render_page(request, FORM, context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def record_edit(request: HtmxHttpRequest, iso2: str, record_id: int) -> HttpResponse:
    """Change a record (its status among others)."""
    country = access_vetting_country(request.user, iso2, EDIT)
    record = access_record_by_id(request.user, record_id)
    check_country(record, country)
    form = RecordForm(posted(request), country=country, record=record)
    if form.is_bound and form.is_valid() and form.update(record, acting_user=request.user):
        messages.success(request, _("Saved."))
        return redirect("vetting:record", country.iso2, record.pk)
    context = {"form": form, "country": country, "heading": _("Edit record #%d") % record.pk}
    return render_page(request, FORM, context, status=_status(request))


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
        done = form.save(acting_user=user, country=country)
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
        request, "vetting/registry_watchlists.html", context, status=_status(request)
    )


# --- screening runs ----------------------------------------------------------------------


@login_required
@require_safe
@domain_errors
def run_list(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """Screening runs (counts only) and the button to screen the registry."""
    user = request.user
    country = access_vetting_country(user, iso2, PERSONAL)
    rows = runs_visible_to(user).filter(country=country).select_related("started_by")
    context = {
        "country": country,
        "page": _page(request, rows.order_by("-pk")),
        "may_edit": can_edit(user, country.pk)[0],
    }
    return render_page(request, "vetting/registry_runs.html", context)


@login_required
@require_POST
@domain_errors
def run_create(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """Screen the whole registry now; shows the run's summary."""
    country = access_vetting_country(request.user, iso2, EDIT)
    run = screening.screen_registry(acting_user=request.user, country=country)
    messages.success(request, _("The registry was screened."))
    return redirect("vetting:run", country.iso2, run.pk)


@login_required
@require_safe
@domain_errors
def run_detail(request: HtmxHttpRequest, iso2: str, run_id: int) -> HttpResponse:
    """A run's summary and the cases it opened."""
    user = request.user
    country = access_vetting_country(user, iso2, PERSONAL)
    run = runs_visible_to(user).filter(country=country, pk=run_id).first()
    if run is None:
        raise NotFound
    cases = run.cases.order_by("-score")
    context = {"country": country, "run": run, "page": _page(request, cases)}
    return render_page(request, "vetting/registry_run.html", context)


urlpatterns: list[URLPattern | URLResolver] = [
    path("<iso2:iso2>/", home, name="home"),
    path("<iso2:iso2>/personnel/", person_list, name="persons"),
    path("<iso2:iso2>/personnel/new/", person_create, name="person_create"),
    path("<iso2:iso2>/personnel/import/", roster_import, name="roster_import"),
    path("<iso2:iso2>/personnel/<int:person_id>/", person_detail, name="person"),
    path("<iso2:iso2>/personnel/<int:person_id>/edit/", person_edit, name="person_edit"),
    path("<iso2:iso2>/personnel/<int:person_id>/screen/", person_screen, name="person_screen"),
    path("<iso2:iso2>/records/", record_list, name="records"),
    path("<iso2:iso2>/records/new/", record_create, name="record_create"),
    path("<iso2:iso2>/records/<int:record_id>/", record_detail, name="record"),
    path("<iso2:iso2>/records/<int:record_id>/edit/", record_edit, name="record_edit"),
    path("<iso2:iso2>/watchlists/", watchlists, name="watchlists"),
    path("<iso2:iso2>/runs/", run_list, name="runs"),
    path("<iso2:iso2>/runs/new/", run_create, name="run_create"),
    path("<iso2:iso2>/runs/<int:run_id>/", run_detail, name="run"),
]

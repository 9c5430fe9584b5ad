"""Vetting pages: the country's vetting home, the personnel registry and screening runs.

Under ``/vetting/<iso2>/``. The home page is for every role of the country (statistics and
links); everything else is personal data, for vetting officers and reviewers of the country
only. Lists show names to them and write one ``read`` event (the list and the row count);
opening one person writes its own ``read`` event (see :mod:`ssrmonitor.vetting.permissions`).
Records and watchlists are in :mod:`.records`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssrmonitor.core.http import (
    HtmxHttpRequest,
    domain_errors,
    form_page,
    form_status,
    posted,
    render_page,
    signed_in,
)
from ssrmonitor.core.jobs.inputs import discard_input
from ssrmonitor.core.jobs.services import submit_job
from ssrmonitor.core.jobs.web import start_job
from ssrmonitor.core.models import Country, Job
from ssrmonitor.core.permissions import Action, NotFound, has_action
from ssrmonitor.vetting.entries import birth_date_text
from ssrmonitor.vetting.forms import PersonForm, RosterImportForm
from ssrmonitor.vetting.jobs import IMPORT_ROSTER, SCREEN_REGISTRY, keep_roster
from ssrmonitor.vetting.models import Case
from ssrmonitor.vetting.permissions import (
    access_person_by_id,
    access_vetting_country,
    audit_list_read,
    can_configure,
    can_edit,
    check_country,
    persons_visible_to,
    records_visible_to,
    runs_visible_to,
)
from ssrmonitor.vetting.services import registry as registry_services
from ssrmonitor.vetting.services import screening
from ssrmonitor.vetting.services.case_queue import is_overdue
from ssrmonitor.vetting.views.common import (
    CLOSED,
    EDIT,
    FORM,
    PERSONAL,
    offset_of,
    page_of,
)


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
    page = page_of(request, rows.annotate(open_cases=open_cases))
    audit_list_read(user, country, "personnel", len(page.object_list), offset_of(page))
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
        done = form.register(acting_user=signed_in(request))
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
    return render_page(request, FORM, context, status=form_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def person_edit(request: HtmxHttpRequest, iso2: str, person_id: int) -> HttpResponseBase:
    """Change a person's record."""
    country = access_vetting_country(request.user, iso2, EDIT)
    person = access_person_by_id(request.user, person_id)
    check_country(person, country)
    form = PersonForm(posted(request), country=country, person=person)
    return form_page(
        request,
        form,
        save=lambda: form.update(person, acting_user=signed_in(request)),
        success=_("Saved."),
        template=FORM,
        context={"country": country, "heading": _("Edit person #%d") % person.pk},
        to=lambda saved: redirect("vetting:person", country.iso2, saved.pk),
    )


@login_required
@require_POST
@domain_errors
def person_screen(request: HtmxHttpRequest, iso2: str, person_id: int) -> HttpResponse:
    """Screen one registered person again now."""
    country = access_vetting_country(request.user, iso2, EDIT)
    person = access_person_by_id(request.user, person_id)
    check_country(person, country)
    cases = screening.screen_person(acting_user=signed_in(request), person=person)
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
def roster_import(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Import a roster CSV into the personnel registry (whole file or nothing)."""
    country = access_vetting_country(request.user, iso2, EDIT)
    form = RosterImportForm(posted(request), request.FILES or None)
    if form.is_bound and form.is_valid():
        return _start_roster_import(request, form, country)
    context = {
        "form": form,
        "country": country,
        "heading": _("Import a roster"),
        "columns": "person_id,full_name,date_of_birth,place_of_birth,sex,nationality,unit",
    }
    return render_page(
        request, "vetting/registry_import.html", context, status=form_status(request)
    )


def _start_roster_import(
    request: HtmxHttpRequest, form: RosterImportForm, country: Country
) -> HttpResponseBase:
    """Keep the roster (encrypted) and import it in the background."""
    user = signed_in(request)
    kept = keep_roster(form.content())

    def submit() -> Job:
        try:
            return submit_job(
                acting_user=user,
                kind=IMPORT_ROSTER.name,
                country=country,
                work_key=f"{country.iso2}:{kept.sha256}",
                params={"input": kept.name, "file_name": form.file_name},
                title=_("Import of a roster into the registry of %(country)s")
                % {"country": country.display_name},
            )
        except BaseException:
            discard_input(kept.name)
            raise

    return start_job(request, submit)


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
        "page": page_of(request, rows.order_by("-pk")),
        "may_edit": can_edit(user, country.pk)[0],
    }
    return render_page(request, "vetting/registry_runs.html", context)


@login_required
@require_POST
@domain_errors
def run_create(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Screen the whole registry in the background; goes to the job's progress page (or to the
    screening already under way)."""
    country = access_vetting_country(request.user, iso2, EDIT)
    user = signed_in(request)
    return start_job(
        request,
        lambda: submit_job(
            acting_user=user,
            kind=SCREEN_REGISTRY.name,
            country=country,
            work_key=country.iso2,
            title=_("Screening of the registry of %(country)s") % {"country": country.display_name},
        ),
    )


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
    context = {"country": country, "run": run, "page": page_of(request, cases)}
    return render_page(request, "vetting/registry_run.html", context)


urlpatterns: list[URLPattern | URLResolver] = [
    path("<iso2:iso2>/", home, name="home"),
    path("<iso2:iso2>/personnel/", person_list, name="persons"),
    path("<iso2:iso2>/personnel/new/", person_create, name="person_create"),
    path("<iso2:iso2>/personnel/import/", roster_import, name="roster_import"),
    path("<iso2:iso2>/personnel/<int:person_id>/", person_detail, name="person"),
    path("<iso2:iso2>/personnel/<int:person_id>/edit/", person_edit, name="person_edit"),
    path("<iso2:iso2>/personnel/<int:person_id>/screen/", person_screen, name="person_screen"),
    path("<iso2:iso2>/runs/", run_list, name="runs"),
    path("<iso2:iso2>/runs/new/", run_create, name="run_create"),
    path("<iso2:iso2>/runs/<int:run_id>/", run_detail, name="run"),
]

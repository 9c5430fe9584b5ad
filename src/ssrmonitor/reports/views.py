"""Pages of the reports app: a country's reports, narrative blocks, snapshots, thematic report.

Thin views: look-ups through :mod:`ssrmonitor.reports.permissions`, writes through
:mod:`ssrmonitor.reports.services`, documents from :mod:`ssrmonitor.reports.generate`.
``NotFound`` answers 404, ``Denied`` 403, bad query input (period, language …) 422 with a page
that says what is wrong and asks again; a country report asked for without a period gets a
page asking for it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, render_page, signed_in
from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import PeriodKind, ReportingPeriod
from ssrmonitor.core.permissions import NotFound
from ssrmonitor.core.sections import latest_day
from ssrmonitor.reports import generate, services
from ssrmonitor.reports.builder import build_document
from ssrmonitor.reports.diff import diff_snapshots
from ssrmonitor.reports.forms import NarrativeForm, SnapshotForm
from ssrmonitor.reports.models import Audience, NarrativeKey
from ssrmonitor.reports.narrative import history, latest_blocks
from ssrmonitor.reports.permissions import (
    access_snapshot_by_id,
    can_edit_narrative,
    can_freeze_snapshot,
    can_generate_internal,
    country_by_code,
    default_audience,
    has_public_report,
    snapshots_visible_to,
)

BAD_INPUT = 422
View = Callable[..., HttpResponseBase]


def bad_input(view: View) -> View:
    """Answer a query that fails validation (period, lang, format, audience) with a 422 page
    that names each problem and asks for the period again (other valid settings kept)."""

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except ValidationFailed as exc:
            wrong = {error.field for error in exc.errors}
            context = {
                "errors": [error.reason for error in exc.errors],
                "period": "" if "period" in wrong else request.GET.get("period", ""),
                "kept": [
                    (k, v) for k, v in request.GET.items() if k != "period" and k not in wrong
                ],
            }
            return render(request, "reports/bad_input.html", context, status=BAD_INPUT)

    return wrapper


def default_period(user: Viewer, country: Country) -> ReportingPeriod:
    """The half-year of the country's latest approved data ``user`` may see (else today's)."""
    day = latest_day(user, country) or timezone.localdate()
    return ReportingPeriod(day.year, PeriodKind.HALF, 1 if day.month <= 6 else 2)


def _query(request: HtmxHttpRequest, key: str, default: str) -> str:
    return str(request.GET.get(key) or default)


def _language(request: HtmxHttpRequest) -> str:
    active = (translation.get_language() or "en").split("-")[0]
    return _query(request, "lang", active if active in generate.LANGUAGES else "en")


def _report_languages() -> list[tuple[str, str]]:
    """The languages a report is written in, each named in its own language."""
    return [
        (code, translation.get_language_info(code)["name_local"]) for code in generate.LANGUAGES
    ]


def _form_context(request: HtmxHttpRequest, place: Country, internal: bool) -> dict[str, Any]:
    """What the form that generates a country report needs."""
    public = [(Audience.PUBLIC.value, Audience.PUBLIC.label)]
    return {
        "country": place,
        "internal": internal,
        "lang": _language(request),
        "report_languages": _report_languages(),
        "audiences": Audience.choices if internal else public,
        "audience": _query(request, "audience", Audience.INTERNAL if internal else Audience.PUBLIC),
    }


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@domain_errors
@bad_input
def country(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The reports of a country: generate, narrative blocks, snapshots (internal or public)."""
    place = country_by_code(iso2)
    internal = can_generate_internal(request.user, place)
    if not internal and not has_public_report(place):
        raise NotFound
    period = generate.parse_period(
        _query(request, "period", str(default_period(request.user, place)))
    )
    blocks = latest_blocks(place, period) if internal else {}
    context = {
        **_form_context(request, place, internal),
        "period": period,
        "narrative": [(key, blocks.get(key)) for key in NarrativeKey] if internal else [],
        "may_edit": can_edit_narrative(request.user, place)[0],
        "may_freeze": can_freeze_snapshot(request.user, place)[0],
        "snapshots": snapshots_visible_to(request.user).filter(country=place)[:50]
        if internal else [],
        "snapshot_form": SnapshotForm(),
    }  # fmt: skip
    return render_page(request, "reports/country.html", context)


# The settings a report is asked for with; a signed-in reader's form is posted (it carries the
# CSRF token of its job buttons, which must never end up in a URL) and answered with a redirect
# to the same page asked for with only these in the query.
REPORT_SETTINGS = ("period", "lang", "audience")


def as_query(view: View) -> View:
    """Answer a POST of the report form with a 303 to the same URL with the report's settings as
    its query (nothing else of the form: never the CSRF token); GET and HEAD as the view does."""

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST":
            query = {key: request.POST[key] for key in REPORT_SETTINGS if key in request.POST}
            return HttpResponseRedirect(f"{request.path}?{urlencode(query)}", status=303)
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "HEAD", "POST"])
@as_query
@domain_errors
@bad_input
def preview(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The report in the page (HTML, with a print stylesheet); without a period, a page that
    asks for it."""
    if not request.GET.get("period"):
        return _ask_period(request, iso2)
    audience = _query(request, "audience", Audience.INTERNAL)
    payload = generate.country_payload(request.user, iso2, _query(request, "period", ""), audience)
    document = build_document(payload, generate.checked_lang(_language(request)))
    context = {"document": document, "country": country_by_code(iso2), "payload": payload}
    return render_page(request, "reports/preview.html", context)


def _ask_period(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The form of the country's reports page, alone, for a report asked for without a period."""
    place = country_by_code(iso2)
    internal = can_generate_internal(request.user, place)
    if not internal and not has_public_report(place):
        raise NotFound
    context = {**_form_context(request, place, internal),
               "period": default_period(request.user, place)}  # fmt: skip
    return render_page(request, "reports/period_needed.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@as_query
@domain_errors
@bad_input
def download(request: HtmxHttpRequest, iso2: str, fmt: str) -> HttpResponse:
    """The report as a file: ``html``, ``pdf`` or ``docx``."""
    audience = _query(request, "audience", Audience.INTERNAL)
    payload = generate.country_payload(request.user, iso2, _query(request, "period", ""), audience)
    lang = _language(request)
    result = generate.rendered(payload, fmt, lang)
    return _attachment(result.content, result.content_type,
                       generate.file_name(payload, lang, result.extension))  # fmt: skip


@require_http_methods(["GET", "POST"])
@domain_errors
@bad_input
def narrative(request: HtmxHttpRequest, iso2: str, key: str) -> HttpResponse:
    """Edit one narrative block of a period; every save is a new version."""
    place = country_by_code(iso2)
    if not can_generate_internal(request.user, place) or key not in NarrativeKey.values:
        raise NotFound
    period = generate.parse_period(request.GET.get("period"))
    current = latest_blocks(place, period).get(key)
    form = NarrativeForm(request.POST or None, initial={"text": current.text if current else ""})
    may_edit, reason = can_edit_narrative(request.user, place)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.save_narrative(place, period, key, form.cleaned_data["text"],
                                    acting_user=signed_in(request))  # fmt: skip
        except ValidationFailed as exc:
            for error in exc.errors:
                form.add_error("text" if error.field == "text" else None, error.reason)
            status = BAD_INPUT
        else:
            messages.success(request, _("The new version is saved."))
            return redirect(f"{request.path}?period={period}")
    elif request.method == "POST":
        status = BAD_INPUT
    context = {
        "country": place, "period": period, "key": NarrativeKey(key), "form": form,
        "may_edit": may_edit, "reason": reason,
        "versions": history(place, period, NarrativeKey(key)),
    }  # fmt: skip
    return render_page(request, "reports/narrative.html", context, status=status)


@require_POST
@domain_errors
@bad_input
def snapshot_create(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Freeze the report of a period as it is now."""
    place = country_by_code(iso2)
    if not can_generate_internal(request.user, place):
        raise NotFound
    period = generate.parse_period(request.GET.get("period"))
    form = SnapshotForm(request.POST)
    if not form.is_valid():
        text = "\n".join(f"{f}: {' '.join(str(m) for m in e)}" for f, e in form.errors.items())
        return HttpResponse(text, status=BAD_INPUT, content_type="text/plain; charset=utf-8")
    snapshot = services.freeze_snapshot(
        place, period, title=form.cleaned_data["title"], audience=form.cleaned_data["audience"],
        acting_user=signed_in(request),
    )  # fmt: skip
    messages.success(request, _("The snapshot is frozen."))
    return redirect(snapshot.get_absolute_url())


@require_safe
@domain_errors
@bad_input
def snapshot(request: HtmxHttpRequest, snapshot_id: int) -> HttpResponse:
    """A snapshot: its downloads, its integrity, and the other snapshots to compare it with."""
    frozen = access_snapshot_by_id(request.user, snapshot_id)
    others = snapshots_visible_to(request.user).filter(country=frozen.country).exclude(pk=frozen.pk)
    context = {
        "snapshot": frozen,
        "intact": services.is_intact(frozen),
        "others": others[:50],
        "lang": _language(request),
    }
    return render_page(request, "reports/snapshot.html", context)


@require_safe
@domain_errors
@bad_input
def snapshot_download(request: HtmxHttpRequest, snapshot_id: int, fmt: str) -> HttpResponse:
    """The frozen report as a file, regenerated from the snapshot alone."""
    frozen = access_snapshot_by_id(request.user, snapshot_id)
    lang = _language(request)
    result = generate.rendered(frozen.payload, fmt, lang)
    name = generate.file_name(frozen.payload, lang, result.extension, frozen)
    return _attachment(result.content, result.content_type, name)


@require_safe
@domain_errors
@bad_input
def snapshot_diff(request: HtmxHttpRequest, snapshot_id: int, other_id: int) -> HttpResponse:
    """What changed from one snapshot to another of the same country."""
    old = access_snapshot_by_id(request.user, snapshot_id)
    new = access_snapshot_by_id(request.user, other_id)
    if old.country_id != new.country_id:
        raise NotFound
    context = {"old": old, "new": new, "changes": diff_snapshots(old.payload, new.payload)}
    return render_page(request, "reports/snapshot_diff.html", context)


@require_safe
@domain_errors
@bad_input
def thematic(request: HtmxHttpRequest) -> HttpResponse:
    """The thematic report across the countries the user may report on (OP 25); the public
    edition for whoever may generate no internal report (the menu links here for everyone)."""
    audience = _query(request, "audience", default_audience(request.user))
    period = _query(request, "period", str(_this_year()))
    payload = generate.thematic_payload(request.user, period, audience)
    document = build_document(payload, generate.checked_lang(_language(request)))
    context = {"document": document, "payload": payload, "audience": audience}
    return render_page(request, "reports/thematic.html", context)


@require_safe
@domain_errors
@bad_input
def thematic_download(request: HtmxHttpRequest, fmt: str) -> HttpResponse:
    """The thematic report as a file."""
    audience = _query(request, "audience", default_audience(request.user))
    period = _query(request, "period", str(_this_year()))
    payload = generate.thematic_payload(request.user, period, audience)
    lang = _language(request)
    result = generate.rendered(payload, fmt, lang)
    return _attachment(result.content, result.content_type,
                       generate.file_name(payload, lang, result.extension))  # fmt: skip


def _this_year() -> int:
    return timezone.localdate().year

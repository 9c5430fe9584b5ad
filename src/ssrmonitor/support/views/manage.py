"""Pages that change data: the national strategy, IATI and rate uploads, the IATI export."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.http import (
    INVALID_FORM,
    HtmxHttpRequest,
    allowed,
    domain_errors,
    form_page,
    form_status,
    posted,
    render_page,
    signed_in,
)
from ssrmonitor.core.jobs.inputs import discard_input, keep_input
from ssrmonitor.core.jobs.services import submit_job
from ssrmonitor.core.jobs.web import start_job
from ssrmonitor.core.models import Country, Job
from ssrmonitor.core.permissions import Action, Denied, NotFound, country_ids_with
from ssrmonitor.support.forms import NationalActivityForm, RatesForm, StrategyNodeForm, UploadForm
from ssrmonitor.support.iati.export import NothingToExport, export_activities, with_left_out
from ssrmonitor.support.jobs import IMPORT_IATI
from ssrmonitor.support.models import (
    Activity,
    ImportRun,
    PriorityLink,
    Source,
    StrategyLevel,
    StrategyNode,
)
from ssrmonitor.support.permissions import (
    access_country_by_iso2,
    access_strategy_node_by_id,
    can_edit_support,
    import_countries,
)
from ssrmonitor.support.services.activities import MoneyLine, NationalActivity, record_activity
from ssrmonitor.support.services.rates import load_exchange_rates
from ssrmonitor.support.services.strategy import (
    PARENT_LEVEL,
    create_strategy_node,
    delete_strategy_node,
    strategy_tree,
    update_strategy_node,
)


@require_http_methods(["GET", "POST"])
@domain_errors
def strategy(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """The national SSR strategy tree; editors add pillars, priorities and objectives."""
    place = access_country_by_iso2(request.user, iso2, internal=True)
    nodes = StrategyNode.objects.filter(country=place).order_by("position", "code")
    may_edit, reason = can_edit_support(request.user, place)
    if request.method == "POST" and not may_edit:
        raise Denied(reason)
    form = StrategyNodeForm(posted(request), nodes=nodes)

    def save() -> StrategyNode | None:
        try:
            return create_strategy_node(place, acting_user=signed_in(request), **form.cleaned_data)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
            return None

    return form_page(
        request,
        form,
        save=save,
        success=_("Added to the strategy."),
        template="support/strategy.html",
        context={
            "country": place,
            "nodes": nodes,
            "tree": strategy_tree(nodes),
            "may_edit": may_edit,
        },
        to=lambda _node: redirect("support:strategy", iso2=place.iso2),
    )


def _country_node(
    request: HtmxHttpRequest, iso2: str, node_id: int
) -> tuple[Country, StrategyNode]:
    """The country and its strategy element, 404 for anybody who may not see them."""
    place = access_country_by_iso2(request.user, iso2, internal=True)
    node = access_strategy_node_by_id(request.user, node_id)
    if node.country_id != place.pk:
        raise NotFound
    return place, node


def _node_context(
    place: Country, node: StrategyNode, delete_errors: list[str] | None = None
) -> dict[str, Any]:
    """What the element's page shows besides its form."""
    return {
        "country": place,
        "node": node,
        "children": StrategyNode.objects.filter(parent=node).count(),
        "links": PriorityLink.objects.filter(node=node).count(),
        "delete_errors": delete_errors or [],
    }


def _node_form(place: Country, node: StrategyNode, data: Any) -> StrategyNodeForm:
    """The element's form, filled in; the level is fixed, the parent one of the level above."""
    above = PARENT_LEVEL[StrategyLevel(node.level)]
    others = StrategyNode.objects.filter(country=place, level=above or "").exclude(pk=node.pk)
    initial = {
        "level": node.level,
        "parent": node.parent_id,
        "code": node.code,
        "title": node.title,
        "component": node.component,
        "sector_codes": node.sector_codes,
        "keywords": node.keywords,
    }
    form = StrategyNodeForm(data, nodes=others.order_by("position", "code"), initial=initial)
    form.fields["level"].disabled = True
    form.fields["level"].help_text = _("To change the level, remove the element and add it again.")
    return form


@require_http_methods(["GET", "POST"])
@domain_errors
def strategy_node(request: HtmxHttpRequest, iso2: str, node_id: int) -> HttpResponseBase:
    """Change an element of the national strategy (editors); remove it from here too."""
    place, node = _country_node(request, iso2, node_id)
    allowed(can_edit_support(request.user, place))
    form = _node_form(place, node, posted(request))

    def save() -> StrategyNode | None:
        changes = {k: v for k, v in form.cleaned_data.items() if k != "level"}
        try:
            return update_strategy_node(node, acting_user=signed_in(request), **changes)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
            node.refresh_from_db()
            return None

    return form_page(
        request,
        form,
        save=save,
        success=_("The element was changed."),
        template="support/strategy_node.html",
        context=_node_context(place, node),
        to=lambda _node: redirect("support:strategy", iso2=place.iso2),
    )


@require_http_methods(["POST"])
@domain_errors
def strategy_node_delete(request: HtmxHttpRequest, iso2: str, node_id: int) -> HttpResponse:
    """Remove an element with nothing below it and no linked activity; else say why not."""
    place, node = _country_node(request, iso2, node_id)
    allowed(can_edit_support(request.user, place))
    label = str(node)
    try:
        delete_strategy_node(node, acting_user=signed_in(request))
    except ValidationFailed as exc:
        errors = [error.reason for error in exc.errors]
        context = {"form": _node_form(place, node, None), **_node_context(place, node, errors)}
        return render_page(request, "support/strategy_node.html", context, status=INVALID_FORM)
    messages.success(request, _("%(element)s was removed from the strategy.") % {"element": label})
    return redirect("support:strategy", iso2=place.iso2)


def _import_upload(request: HtmxHttpRequest, form: UploadForm) -> HttpResponseBase:
    """Keep the upload and import it in the background; go to the job's progress page."""
    upload = form.cleaned_data["file"]
    place: Country = form.cleaned_data["country"]
    user = signed_in(request)
    kept = keep_input(upload.chunks(), suffix=".xml")
    keep_all = bool(form.cleaned_data["keep_all"])

    def submit() -> Job:
        try:
            return submit_job(
                acting_user=user,
                kind=IMPORT_IATI.name,
                country=place,
                work_key=f"{place.iso2}:{kept.sha256}:{keep_all}",
                params={
                    "input": kept.name,
                    "size": kept.size,
                    "keep_all": keep_all,
                    "display_name": Path(upload.name).name,
                },
                title=_("Import of %(file)s for %(country)s")
                % {"file": Path(upload.name).name, "country": place.name},
            )
        except BaseException:
            discard_input(kept.name)
            raise

    return start_job(request, submit)


def _import_rates(request: HtmxHttpRequest, form: RatesForm) -> dict[str, Any]:
    text = form.cleaned_data["rates"].read().decode("utf-8-sig", errors="replace")
    try:
        count = load_exchange_rates(text, acting_user=signed_in(request))
    except ValidationFailed as exc:
        return {"rate_errors": exc.errors}
    return {"rates_loaded": count}


@require_http_methods(["GET", "POST"])
@domain_errors
def upload(request: HtmxHttpRequest) -> HttpResponseBase:
    """Upload an IATI file (one country) or an exchange-rate CSV; shows the import summary."""
    if country_ids_with(request.user, Action.IMPORT_SUPPORT) == set():
        raise NotFound
    countries = import_countries(request.user)
    data, files = posted(request), request.FILES if request.method == "POST" else None
    is_rates = data is not None and "rates" in (files or {})
    form = UploadForm(None if is_rates else data, None if is_rates else files, countries=countries)
    rates_form = RatesForm(data if is_rates else None, files if is_rates else None)
    result: dict[str, Any] = {}
    status = 200
    if is_rates and rates_form.is_valid():
        result = _import_rates(request, rates_form)
    elif data is not None and not is_rates and form.is_valid():
        return _import_upload(request, form)
    elif data is not None:
        status = INVALID_FORM
    if "error" in result or "rate_errors" in result:
        status = INVALID_FORM
    runs = ImportRun.objects.select_related("actor", "country")
    ids = country_ids_with(request.user, Action.IMPORT_SUPPORT)
    if ids is not None:
        runs = runs.filter(country_id__in=ids)
    context = {"form": form, "rates_form": rates_form, "runs": runs[:20], **result}
    return render_page(request, "support/upload.html", context, status=status)


@require_safe
@domain_errors
def iati_export(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """IATI 2.03 XML of the activities recorded in SSR Monitor for the country."""
    place = access_country_by_iso2(request.user, iso2, internal=True)
    activities = Activity.objects.filter(source=Source.NATIONAL, country=place)
    try:
        result = export_activities(activities)
    except NothingToExport as exc:  # IATI needs at least one activity: say so on a page
        context = {"country": place, "left_out": exc.args[0] if exc.args else []}
        return render_page(request, "support/iati_export_empty.html", context)
    response = HttpResponse(with_left_out(result), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ssrmonitor-{place.iso2}-iati.xml"'
    response["Cache-Control"] = "no-store"
    return response


def _entry(data: dict[str, Any]) -> NationalActivity:
    money = []
    if data["commitment"] is not None:
        money.append(MoneyLine("2", data["start"], data["commitment"], data["currency"].upper()))
    return NationalActivity(
        identifier=data["identifier"],
        reporting_org=data["reporting_org"],
        title=data["title"],
        description=data["description"],
        language=data["language"],
        status=data["status"],
        start=data["start"],
        end=data["end"],
        sectors={data["sector"]: Decimal(100)},
        gender_significance=data["gender_significance"],
        money=money,
    )


@require_http_methods(["GET", "POST"])
@domain_errors
def activity_create(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Record the activity of a partner who does not publish to IATI."""
    place = access_country_by_iso2(request.user, iso2, internal=True)
    allowed(can_edit_support(request.user, place))
    form = NationalActivityForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            activity = record_activity(
                place, _entry(form.cleaned_data), acting_user=signed_in(request)
            )
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            return redirect("support:activity", activity_id=activity.pk)
    context = {"country": place, "form": form}
    return render_page(request, "support/activity_form.html", context, status=form_status(request))

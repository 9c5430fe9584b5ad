"""The framework editor: frameworks, their benchmarks and indicators, all fields.

Editors and administrators of the country edit (``can_edit_framework``); only those who may
publish (``can_publish_framework``) see the *published* switch.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ssrmonitor.benchmarks.forms import BenchmarkForm, FrameworkForm, IndicatorForm
from ssrmonitor.benchmarks.models import Benchmark, Framework
from ssrmonitor.benchmarks.permissions import (
    access_benchmark_by_id,
    access_framework_by_id,
    access_indicator_by_id,
    can_edit_framework,
    can_publish_framework,
)
from ssrmonitor.core.http import (
    INVALID_FORM,
    HtmxHttpRequest,
    allowed,
    domain_errors,
    posted,
    render_page,
)
from ssrmonitor.core.permissions import access_country_by_iso2


def _status(request: HtmxHttpRequest) -> int:
    return INVALID_FORM if request.method == "POST" else 200


def _benchmark(request: HtmxHttpRequest, benchmark_id: int) -> Benchmark:
    """The benchmark of a framework the user may see, or :class:`NotFound`."""
    return access_benchmark_by_id(request.user, benchmark_id)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def framework_create(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """A new framework of benchmarks for a country."""
    place = access_country_by_iso2(iso2)
    draft = Framework(country=place)
    allowed(can_edit_framework(request.user, draft))
    may_publish, _reason = can_publish_framework(request.user, draft)
    form = FrameworkForm(posted(request), country=place, may_publish=may_publish)
    if form.is_bound and form.is_valid():
        created = form.save(acting_user=request.user)
        if created is not None:
            messages.success(request, _("Framework created. Add its benchmarks."))
            return redirect(created)
    context = {"form": form, "country": place, "framework": None}
    return render_page(request, "benchmarks/framework_form.html", context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def framework_edit(request: HtmxHttpRequest, framework_id: int) -> HttpResponse:
    """Change a framework's title, source, dates, status (and publication, if allowed)."""
    found = access_framework_by_id(request.user, framework_id)
    allowed(can_edit_framework(request.user, found))
    may_publish, _reason = can_publish_framework(request.user, found)
    form = FrameworkForm(
        posted(request), instance=found, country=found.country, may_publish=may_publish
    )
    if form.is_bound and form.is_valid():
        changed = form.save(acting_user=request.user, framework=found)
        if changed is not None:
            messages.success(request, _("Framework saved."))
            return redirect(changed)
    context = {"form": form, "country": found.country, "framework": found}
    return render_page(request, "benchmarks/framework_form.html", context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def benchmark_create(request: HtmxHttpRequest, framework_id: int) -> HttpResponse:
    """A new benchmark in a framework."""
    found = access_framework_by_id(request.user, framework_id)
    allowed(can_edit_framework(request.user, found))
    next_position = found.benchmarks.count() + 1
    form = BenchmarkForm(posted(request), initial={"position": next_position})
    if form.is_bound and form.is_valid():
        created = form.save(acting_user=request.user, framework=found)
        if created is not None:
            messages.success(request, _("Benchmark added. Add the indicators that measure it."))
            return redirect(created)
    context = {"form": form, "framework": found, "benchmark": None}
    return render_page(request, "benchmarks/benchmark_form.html", context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def benchmark_edit(request: HtmxHttpRequest, benchmark_id: int) -> HttpResponse:
    """Change a benchmark's text, component, owner or position."""
    found = _benchmark(request, benchmark_id)
    allowed(can_edit_framework(request.user, found.framework))
    form = BenchmarkForm(posted(request), instance=found)
    if form.is_bound and form.is_valid():
        changed = form.save(acting_user=request.user, benchmark=found)
        if changed is not None:
            messages.success(request, _("Benchmark saved."))
            return redirect(changed)
    context = {"form": form, "framework": found.framework, "benchmark": found}
    return render_page(request, "benchmarks/benchmark_form.html", context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def indicator_create(request: HtmxHttpRequest, benchmark_id: int) -> HttpResponse:
    """A new indicator of a benchmark."""
    found = _benchmark(request, benchmark_id)
    allowed(can_edit_framework(request.user, found.framework))
    next_position = found.indicators.count() + 1
    form = IndicatorForm(
        posted(request),
        initial={"position": next_position},
        country_id=found.framework.country_id,
    )
    if form.is_bound and form.is_valid():
        created = form.save(acting_user=request.user, benchmark=found)
        if created is not None:
            messages.success(request, _("Indicator added."))
            return redirect(created)
    context = {"form": form, "benchmark": found, "framework": found.framework, "indicator": None}
    return render_page(request, "benchmarks/indicator_form.html", context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def indicator_edit(request: HtmxHttpRequest, indicator_id: int) -> HttpResponse:
    """Change an indicator's definition, range, baseline, target or dimensions."""
    found = access_indicator_by_id(request.user, indicator_id)
    framework = found.benchmark.framework
    allowed(can_edit_framework(request.user, framework))
    form = IndicatorForm(posted(request), instance=found, country_id=framework.country_id)
    if form.is_bound and form.is_valid():
        changed = form.save(acting_user=request.user, indicator=found)
        if changed is not None:
            messages.success(request, _("Indicator saved."))
            return redirect(changed)
    context = {
        "form": form,
        "benchmark": found.benchmark,
        "framework": framework,
        "indicator": found,
    }
    return render_page(request, "benchmarks/indicator_form.html", context, status=_status(request))

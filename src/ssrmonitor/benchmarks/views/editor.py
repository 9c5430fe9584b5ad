"""The framework editor: frameworks, their benchmarks and indicators, all fields.

Editors and administrators of the country edit (``can_edit_framework``); only those who may
publish (``can_publish_framework``) see the *published* switch.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http.response import HttpResponseBase
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
    HtmxHttpRequest,
    allowed,
    domain_errors,
    form_page,
    posted,
    signed_in,
)
from ssrmonitor.core.permissions import access_country_by_iso2


def _benchmark(request: HtmxHttpRequest, benchmark_id: int) -> Benchmark:
    """The benchmark of a framework the user may see, or :class:`NotFound`."""
    return access_benchmark_by_id(request.user, benchmark_id)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def framework_create(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """A new framework of benchmarks for a country."""
    user = signed_in(request)
    place = access_country_by_iso2(iso2)
    draft = Framework(country=place)
    allowed(can_edit_framework(user, draft))
    may_publish, _reason = can_publish_framework(user, draft)
    form = FrameworkForm(posted(request), country=place, may_publish=may_publish)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user),
        success=_("Framework created. Add its benchmarks."),
        template="benchmarks/framework_form.html",
        context={"country": place, "framework": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def framework_edit(request: HtmxHttpRequest, framework_id: int) -> HttpResponseBase:
    """Change a framework's title, source, dates, status (and publication, if allowed)."""
    user = signed_in(request)
    found = access_framework_by_id(user, framework_id)
    allowed(can_edit_framework(user, found))
    may_publish, _reason = can_publish_framework(user, found)
    form = FrameworkForm(
        posted(request), instance=found, country=found.country, may_publish=may_publish
    )
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, framework=found),
        success=_("Framework saved."),
        template="benchmarks/framework_form.html",
        context={"country": found.country, "framework": found},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def benchmark_create(request: HtmxHttpRequest, framework_id: int) -> HttpResponseBase:
    """A new benchmark in a framework."""
    user = signed_in(request)
    found = access_framework_by_id(user, framework_id)
    allowed(can_edit_framework(user, found))
    next_position = found.benchmarks.count() + 1
    form = BenchmarkForm(posted(request), initial={"position": next_position})
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, framework=found),
        success=_("Benchmark added. Add the indicators that measure it."),
        template="benchmarks/benchmark_form.html",
        context={"framework": found, "benchmark": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def benchmark_edit(request: HtmxHttpRequest, benchmark_id: int) -> HttpResponseBase:
    """Change a benchmark's text, component, owner or position."""
    user = signed_in(request)
    found = _benchmark(request, benchmark_id)
    allowed(can_edit_framework(user, found.framework))
    form = BenchmarkForm(posted(request), instance=found)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, benchmark=found),
        success=_("Benchmark saved."),
        template="benchmarks/benchmark_form.html",
        context={"framework": found.framework, "benchmark": found},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def indicator_create(request: HtmxHttpRequest, benchmark_id: int) -> HttpResponseBase:
    """A new indicator of a benchmark."""
    user = signed_in(request)
    found = _benchmark(request, benchmark_id)
    allowed(can_edit_framework(user, found.framework))
    next_position = found.indicators.count() + 1
    form = IndicatorForm(
        posted(request),
        initial={"position": next_position},
        country_id=found.framework.country_id,
    )
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, benchmark=found),
        success=_("Indicator added."),
        template="benchmarks/indicator_form.html",
        context={"benchmark": found, "framework": found.framework, "indicator": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def indicator_edit(request: HtmxHttpRequest, indicator_id: int) -> HttpResponseBase:
    """Change an indicator's definition, range, baseline, target or dimensions."""
    user = signed_in(request)
    found = access_indicator_by_id(user, indicator_id)
    framework = found.benchmark.framework
    allowed(can_edit_framework(user, framework))
    form = IndicatorForm(posted(request), instance=found, country_id=framework.country_id)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user, indicator=found),
        success=_("Indicator saved."),
        template="benchmarks/indicator_form.html",
        context={"benchmark": found.benchmark, "framework": framework, "indicator": found},
    )

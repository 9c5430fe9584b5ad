"""Links to the period grid and the batch review, for the pages that offer them.

``{% load grid_tags %}{% period_links framework %}`` shows *Enter values for this period* to
those who may enter data in the framework and *Review this period* to its reviewers; the
period is the current one (:func:`~ssrmonitor.benchmarks.views.grid.default_period`) unless
given (e.g. by a worklist).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import User
from django.utils import timezone

from ssrmonitor.benchmarks.models import Framework
from ssrmonitor.benchmarks.permissions import can_enter_period, can_review_period
from ssrmonitor.benchmarks.views.grid import default_period, grid_url
from ssrmonitor.benchmarks.views.grid_review import review_url
from ssrmonitor.core.periods import ReportingPeriod

register = template.Library()


@register.inclusion_tag("benchmarks/_period_links.html", takes_context=True)
def period_links(
    context: template.Context,
    framework: Framework,
    period: ReportingPeriod | str | None = None,
    only: str = "",
) -> dict[str, Any]:
    """The grid and review links of ``framework`` the signed-in user may follow (``only``:
    ``"grid"`` or ``"review"`` for one of them)."""
    user = context.get("user")
    when = period or default_period(framework, timezone.localdate())
    signed_in = user if isinstance(user, User) and user.is_authenticated else None
    may_enter = signed_in is not None and can_enter_period(signed_in, framework)[0]
    may_review = signed_in is not None and can_review_period(signed_in, framework)[0]
    return {
        "period": when,
        "grid_url": grid_url(framework, when),
        "review_url": review_url(framework, when),
        "may_enter": may_enter and only != "review",
        "may_review": may_review and only != "grid",
    }

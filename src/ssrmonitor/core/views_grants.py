"""The *role grants* page: pending and recent grants of privileged access, approved or refused.

Listed for the countries where the signed-in user manages members (every grant for a superuser,
who alone sees grants of superuser status); anyone else gets 404. Deciding goes through
:mod:`ssrmonitor.core.services_grants`, which refuses the requester, the grantee and the system.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, render_page, signed_in
from ssrmonitor.core.models import GrantStatus
from ssrmonitor.core.permissions import access_grant_by_id, grants_visible_to
from ssrmonitor.core.services_grants import approve_role_grant, refuse_role_grant

RECENT_DAYS = 30


@never_cache
@login_required
@require_GET
@domain_errors
def role_grants(request: HtmxHttpRequest) -> HttpResponseBase:
    """Pending grants, and those decided or asked in the last 30 days."""
    user = signed_in(request)
    grants = grants_visible_to(user)
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    context = {
        "pending": grants.filter(status=GrantStatus.PENDING),
        "recent": grants.exclude(status=GrantStatus.PENDING).filter(
            Q(decided_at__gte=since) | Q(requested_at__gte=since)
        ),
        "user_id": user.pk,
    }
    return render_page(request, "core/grants.html", context)


@login_required
@require_POST
@domain_errors
def role_grant_approve(request: HtmxHttpRequest, grant_id: int) -> HttpResponseBase:
    """Approve a pending grant: the role is given now."""
    user = signed_in(request)
    grant = approve_role_grant(access_grant_by_id(user, grant_id), acting_user=user)
    messages.success(request, _("Approved: %(grant)s.") % {"grant": grant})
    return redirect("role_grants")


@login_required
@require_POST
@domain_errors
def role_grant_refuse(request: HtmxHttpRequest, grant_id: int) -> HttpResponseBase:
    """Refuse a pending grant with a reason (required)."""
    user = signed_in(request)
    grant = access_grant_by_id(user, grant_id)
    try:
        refuse_role_grant(grant, acting_user=user, reason=request.POST.get("reason", ""))
    except ValidationFailed as exc:
        for error in exc.errors:
            messages.error(request, error.reason)
        return redirect("role_grants")
    messages.success(request, _("Refused: %(grant)s.") % {"grant": grant})
    return redirect("role_grants")

"""Sign-in lock-outs: per (username, address), and per address alone at a higher threshold.

A whole mission often sits behind one NAT address, so a few wrong passwords lock only the
(username, address) pair, softly (``AXES_FAILURE_LIMIT``, default 5, for the cool-off). But
that alone lets one address try a common password against every username (password
spraying), so the address itself is also locked once it has failed
``SSRMONITOR_LOGIN_ADDRESS_FAILURE_LIMIT`` times (default 50) within the cool-off, whatever the
usernames; 0 turns that off.

django-axes compares one number to one limit over all its lockout parameter combinations;
this handler gives each combination its own limit. A successful sign-in resets only its own
pair's failures, never the address's count (one valid account must not wipe the trail of a
spray).
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def _failures(attempts: Any) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class PairAndAddressHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]``, each with its
    own limit (see the module)."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        pair, *rest = (_failures(qs) for qs in self.get_user_attempts(request, credentials))
        address = rest[0] if rest else 0
        limit = settings.SSRMONITOR_LOGIN_ADDRESS_FAILURE_LIMIT
        if limit and address >= limit:
            return max(pair, int(get_failure_limit(request, credentials)))
        return pair

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _detail = pair.delete()
        return int(count)

"""What every router of the JSON API shares: authentication, throttling, errors and pagination.

Authentication is tried in this order:

1. ``Authorization: Bearer ssrm_…`` — a token made on the *API tokens* page or with
   ``ssrmonitor create_api_token``. A token that is unknown, revoked or expired, or whose user is
   inactive, answers 401 at once: it never falls back to the session or to anonymous access. A
   read-only token answers 403, with the reason, on POST, PUT, PATCH and DELETE.
2. The browser session (Django's session cookie), with the CSRF token required on unsafe methods.
3. Read routes only: anonymous access, which sees what the public sees (published frameworks and
   approved values), through the same permission layer.

Throttling (:data:`API_THROTTLES`) then counts the request: per token (or per signed-in user for
the session) at ``SSRMONITOR_API_RATE_USER``, per address for anonymous requests at
``SSRMONITOR_API_RATE_ANON``, in Django's default cache. Beyond the rate the API answers 429
with ``Retry-After`` (seconds) and the usual error shape.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from datetime import timedelta
from typing import Any, ClassVar, Generic, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from ninja import Field, Schema
from ninja.errors import AuthenticationError, Throttled
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from ssrmonitor.core.models import ApiToken
from ssrmonitor.core.models.access import hash_token
from ssrmonitor.core.permissions import Denied

TOKEN_PREFIX = "ssrm_"  # noqa: S105 (the public prefix of every token, not a secret)
LAST_USED_RESOLUTION = timedelta(minutes=1)
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_TOKEN_ATTRIBUTE = "ssrmonitor_api_token"  # noqa: S105 (an attribute name, not a secret)


class TokenRefused(AuthenticationError):
    """A bearer token was given but is unknown, revoked, expired or its user is inactive."""

    def __init__(self) -> None:
        super().__init__(401, str(_("The API token is unknown, revoked or expired.")))


def _usable_token(raw: str) -> ApiToken | None:
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=hash_token(raw)).first()
    if token is None or not token.is_usable():
        return None
    return token


def _note_use(token: ApiToken) -> None:
    """Record when the token was last used, at most once a minute (one UPDATE, no audit row).

    This is bookkeeping of the credential, not a change of domain data, so it is a single
    conditional UPDATE rather than a service call: most requests within a minute write nothing.
    """
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def token_of(request: HttpRequest) -> ApiToken | None:
    """The bearer token a request authenticated with, if it did with one."""
    found = getattr(request, _TOKEN_ATTRIBUTE, None)
    return found if isinstance(found, ApiToken) else None


class BearerToken(HttpBearer):
    """``Authorization: Bearer ssrm_…``, looked up by the SHA-256 digest of the token.

    A read-only token is refused (403, :class:`Denied` with the reason) on unsafe methods.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = _usable_token(token.strip())
        if found is None:
            raise TokenRefused
        _note_use(found)
        if request.method not in SAFE_METHODS and not found.may_write:
            reason = _("This API token is read-only: %(method)s needs a read and write token.")
            raise Denied(str(reason) % {"method": request.method})
        setattr(request, _TOKEN_ATTRIBUTE, found)
        request.user = found.user
        return found.user


class SignedInSession(SessionAuth):
    """Django's session, with Ninja's CSRF check on unsafe methods.

    An anonymous request is not an authentication attempt: it moves on to the next method
    (anonymous reading, or 401), instead of failing the CSRF check with a 403.
    """

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


def public_reader(request: HttpRequest) -> AnonymousUser:
    """Anonymous reading: the permission layer shows it only what the public may see."""
    return AnonymousUser()


bearer_token = BearerToken()
signed_in_session = SignedInSession(csrf=True)
WRITE_AUTH: list[Any] = [bearer_token, signed_in_session]
READ_AUTH: list[Any] = [bearer_token, signed_in_session, public_reader]


def client_address(request: HttpRequest) -> str:
    """The client's address: the connection's, or with ``SSRMONITOR_NUM_PROXIES`` trusted
    reverse proxies, the entry of ``X-Forwarded-For`` that the outermost of them added."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = int(settings.SSRMONITOR_NUM_PROXIES)
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
        if part.strip()
    ]
    if proxies <= 0 or not forwarded:
        return remote
    return forwarded[-min(proxies, len(forwarded))]


class _RateThrottle(SimpleRateThrottle):
    """A sliding window of request times in Django's default cache, read per request.

    The rate is read from ``settings`` at each request (so tests can change it), and what
    :meth:`wait` answers is kept per thread: the throttle objects are shared by every request.
    """

    setting: ClassVar[str]

    def __init__(self) -> None:  # the rate is read per request, not once
        self._waits = threading.local()

    def get_rate(self) -> str:
        return str(getattr(settings, self.setting))

    def ident(self, request: HttpRequest) -> str | None:
        """Whose requests are counted together; ``None`` when this throttle does not apply."""
        raise NotImplementedError

    def get_cache_key(self, request: HttpRequest) -> str | None:
        ident = self.ident(request)
        if ident is None:
            return None
        digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
        return f"ssrmonitor-throttle-{self.scope}-{digest}"

    def allow_request(self, request: HttpRequest) -> bool:
        self._waits.seconds = None
        key = self.get_cache_key(request)
        if key is None:
            return True
        rate = self.get_rate()
        if rate == "off":
            return True
        count, duration = self.parse_rate(rate)
        if count is None or duration is None:
            return True
        now = time.time()
        history = [at for at in cache.get(key, []) if at > now - duration]
        if len(history) >= count:
            self._waits.seconds = max(1.0, min(history) + duration - now)
            return False
        cache.set(key, [now, *history], duration)
        return True

    def wait(self) -> float | None:
        seconds = getattr(self._waits, "seconds", None)
        return float(seconds) if seconds is not None else None


def _signed_in(request: HttpRequest) -> User | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) and auth.is_authenticated else None


class TokenRateThrottle(_RateThrottle):
    """``SSRMONITOR_API_RATE_USER`` per bearer token, or per user for the browser session."""

    scope = "token"
    setting = "SSRMONITOR_API_RATE_USER"

    def ident(self, request: HttpRequest) -> str | None:
        token = token_of(request)
        if token is not None:
            return f"token:{token.pk}"
        user = _signed_in(request)
        return f"user:{user.pk}" if user is not None else None


class AddressRateThrottle(_RateThrottle):
    """``SSRMONITOR_API_RATE_ANON`` per client address, for requests without credentials."""

    scope = "address"
    setting = "SSRMONITOR_API_RATE_ANON"

    def ident(self, request: HttpRequest) -> str | None:
        if _signed_in(request) is not None:
            return None
        return f"address:{client_address(request)}"


API_THROTTLES: list[BaseThrottle] = [TokenRateThrottle(), AddressRateThrottle()]


def throttled_body(exc: Throttled) -> dict[str, Any]:
    """The 429 error: how long to wait is also in the ``Retry-After`` header."""
    if exc.wait is None:
        return error_body(429, str(_("Too many requests: wait a moment and try again.")))
    seconds = max(1, math.ceil(exc.wait))
    reason = ngettext(
        "Too many requests: try again in %(seconds)d second.",
        "Too many requests: try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}
    return error_body(429, reason)


def viewer_of(request: HttpRequest) -> User | AnonymousUser:
    """Whose permissions a read applies: the authenticated user, or the anonymous public."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else AnonymousUser()


def actor_of(request: HttpRequest) -> User:
    """The user a write acts for; :class:`Denied` when the request is anonymous.

    Write routes require authentication, so this refuses only when a route forgot to.
    """
    auth = getattr(request, "auth", None)
    if not isinstance(auth, User) or not auth.is_authenticated:
        raise Denied(str(_("Sign in to do this.")))
    return auth


class FieldErrorOut(Schema):
    """One problem: which input field, and why."""

    field: str = Field(
        ...,
        description="Dotted name of the input field, or __all__ for the request as a whole.",
        examples=["value", "disaggregations.sex", "period"],
    )
    reason: str = Field(
        ...,
        description="Why it was refused, in the language of the request.",
        examples=["150 is outside the allowed range 0 to 100 (%)."],
    )


class ErrorOut(Schema):
    """The one error shape of the API, for every status from 400 to 499."""

    detail: list[FieldErrorOut]
    status: int = Field(..., examples=[422])


ERRORS: dict[int, type[ErrorOut]] = {
    400: ErrorOut,  # a body that is not JSON
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def error_body(status: int, reason: str, field: str = "__all__") -> dict[str, Any]:
    """The body of an error response with one reason."""
    return {"detail": [{"field": field, "reason": reason}], "status": status}


# No list holds a billion rows; a larger offset would overflow the database's integer (500).
MAX_OFFSET = 1_000_000_000


class PageParams(Schema):
    """``limit``/``offset`` paging, both bounded (422 naming the field beyond the bound)."""

    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page.", examples=[50]
    )
    offset: int = Field(
        0, ge=0, le=MAX_OFFSET, description="Rows to skip (at most 10⁹).", examples=[0]
    )


ItemT = TypeVar("ItemT")
ModelT = TypeVar("ModelT", bound=Model)


class Page(Schema, Generic[ItemT]):
    """One page of a list: ``count`` is the number of rows over all pages."""

    count: int = Field(..., examples=[120])
    limit: int = Field(..., examples=[50])
    offset: int = Field(..., examples=[0])
    items: list[ItemT]


def page_of(queryset: QuerySet[ModelT], params: PageParams) -> tuple[int, list[ModelT]]:
    """The total count and the rows of the requested page (two queries)."""
    count = queryset.count()
    rows = list(queryset[params.offset : params.offset + params.limit])
    return count, rows

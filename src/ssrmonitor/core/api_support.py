"""What every router of the JSON API shares: authentication, the error shape and pagination.

Authentication is tried in this order:

1. ``Authorization: Bearer ssrm_…`` — a token made with ``ssrmonitor create_api_token``. A token
   that is unknown, revoked or expired, or whose user is inactive, answers 401 at once: it never
   falls back to the session or to anonymous access.
2. The browser session (Django's session cookie), with the CSRF token required on unsafe methods.
3. Read routes only: anonymous access, which sees what the public sees (published frameworks and
   approved values), through the same permission layer.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Generic, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from ssrmonitor.core.models import ApiToken
from ssrmonitor.core.models.access import hash_token
from ssrmonitor.core.permissions import Denied

TOKEN_PREFIX = "ssrm_"  # noqa: S105 (the public prefix of every token, not a secret)
LAST_USED_RESOLUTION = timedelta(minutes=1)
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


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


class BearerToken(HttpBearer):
    """``Authorization: Bearer ssrm_…``, looked up by the SHA-256 digest of the token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = _usable_token(token.strip())
        if found is None:
            raise TokenRefused
        _note_use(found)
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


ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def error_body(status: int, reason: str, field: str = "__all__") -> dict[str, Any]:
    """The body of an error response with one reason."""
    return {"detail": [{"field": field, "reason": reason}], "status": status}


class PageParams(Schema):
    """``limit``/``offset`` paging; ``limit`` is at most :data:`MAX_LIMIT`."""

    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page.", examples=[50]
    )
    offset: int = Field(0, ge=0, description="Rows to skip.", examples=[0])


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

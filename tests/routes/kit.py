"""How the route matrix is declared: a :class:`Case` per route, object state and method.

A table (``table_<app>.py``) lists cases built with :func:`page` and :func:`api`. Each says who
succeeds (``ok``, with the success status), who sees the object but may not act (``seen``: 403),
and what the anonymous public gets (``public``); every other signed-in persona — a role only in
another country, or a Haitian role that must not know the object — gets ``others`` (404, as for a
missing object). A deactivated account is treated as the public (its session no longer signs it
in) and the refused bearer tokens get 401 on every API route.

How the README's rules read here: an object its country keeps internal answers 404 to whoever
has no right to see it (a role only in another country included), exactly like a missing one; a
persona that may see the object but not do the action gets 403 with the reason (pages and
API). What is public — a published framework, the UN list, a country (so its "new …" pages) —
is seen by everybody, so a role elsewhere that may not act on it gets 403 too. The public is
sent to sign in (302) by pages that need it, gets 404 from pages of internal data that need no
sign-in, and 401 from the API when it writes or reads what needs credentials.

Persona groups are written out by hand from the README's table of roles, not computed from
``core.permissions.POLICY``: the matrix checks the code against the documentation. Where the
code answers otherwise today, ``deviations.py`` pins its answer with the reason.

For a write, the runner also checks that a refused persona leaves no trace and that an accepted
write is audited (``audited=False`` for what the audit log does not record: a session, a
sign-in, a passkey ceremony, the admin's own log).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ssrmonitor.testing.route_personas import API_PERSONAS, HT_ROLES, PAGE_PERSONAS

LOGIN = 302  # a page that needs sign-in sends the public to the sign-in page
DENIED = 403
HIDDEN = 404
UNAUTHORISED = 401
API_PREFIX = "/api/v1"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# --- persona groups (README, "Roles and permissions") -----------------------------------------
SUPER = frozenset({"superuser"})
SIGNED_IN = frozenset(PAGE_PERSONAS) - {"public", "deactivated"}
EVERYONE = SIGNED_IN | {"public"}
HT_ANY = frozenset(HT_ROLES) | SUPER  # any role in Haiti, and the superuser
VETTING_ROLES = frozenset({"vetting_officer", "vetting_reviewer", "child_protection"})
# benchmarks.view_internal and every <app>.view_internal: viewer, editor, reviewer, administrator
INTERNAL = frozenset({"viewer", "editor", "reviewer", "administrator"}) | SUPER
DRAFTS = frozenset({"editor", "reviewer", "administrator"}) | SUPER  # benchmarks.view_drafts
EDITORS = frozenset({"editor", "administrator"}) | SUPER  # <app>.edit, enter_data, import
REVIEWERS = frozenset({"reviewer", "administrator"}) | SUPER  # benchmarks.review_data
ADMINS = frozenset({"administrator"}) | SUPER  # publish, audit.view, vetting.configure
PERSONAL = frozenset({"vetting_officer", "vetting_reviewer"})  # vetting.view_personal
OFFICER = frozenset({"vetting_officer"})  # vetting.edit
DECIDERS = frozenset({"vetting_reviewer"})  # vetting.decide, vetting.approve_export
AGE = frozenset({"vetting_officer", "child_protection"})  # vetting.assess_age
CHILD = frozenset({"child_protection"})  # vetting.resolve_referral
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Pk:
    """The primary key of the world's object ``name``, in a URL or a request body."""

    name: str


@dataclass(frozen=True)
class Case:
    """One request of the matrix, asked by every persona, with the status each must get."""

    route: str  # a URL pattern's name, or "METHOD /path" of an API operation (after /api/v1)
    expect: Mapping[str, int]
    ok: frozenset[str]
    args: tuple[Any, ...] = ()
    method: str = "GET"
    state: str = ""
    data: Any = None
    query: str = ""
    content: str = "form"  # form (urlencoded or multipart) or json
    audited: bool = True  # an accepted write adds audit events

    @property
    def is_api(self) -> bool:
        return self.route.split(" ", 1)[0] in METHODS

    @property
    def writes(self) -> bool:
        return self.method not in ("GET", "HEAD")

    @property
    def personas(self) -> tuple[str, ...]:
        return API_PERSONAS if self.is_api else PAGE_PERSONAS

    @property
    def label(self) -> str:
        """``METHOD route [state]``; the state defaults to the URL's arguments."""
        about = self.state or " ".join(str(arg).lstrip("@") for arg in self.args)
        state = f" [{about}]" if about else ""
        if self.is_api:
            return f"{self.route}{state}"
        return f"{self.method} {self.route}{state}"


def statuses(
    personas: Iterable[str],
    ok: Iterable[str],
    status: int,
    *,
    seen: Iterable[str] = (),
    public: int = HIDDEN,
    others: int = HIDDEN,
    tokens: int = UNAUTHORISED,
    overrides: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """Each persona's expected status (see the module's docstring)."""
    ok, seen = frozenset(ok), frozenset(seen)
    public_status = status if "public" in ok else public
    expected: dict[str, int] = {}
    for persona in personas:
        if persona in ("public", "deactivated"):
            expected[persona] = public_status
        elif persona.startswith("token_"):
            expected[persona] = tokens
        elif persona in ok:
            expected[persona] = status
        elif persona in seen:
            expected[persona] = DENIED
        else:
            expected[persona] = others
    expected.update(overrides or {})
    return expected


def _succeeding(ok: frozenset[str], expect: Mapping[str, int], success: int) -> frozenset[str]:
    """The personas whose request succeeds (a deactivated account only as the public)."""
    if "public" in ok:
        ok = ok | {"deactivated"}
    return frozenset(p for p in ok if p in expect and expect[p] == success)


def page(
    route: str,
    *args: Any,
    ok: Iterable[str],
    status: int | None = None,
    seen: Iterable[str] = (),
    public: int = LOGIN,
    others: int = HIDDEN,
    post: Any = None,
    method: str | None = None,
    state: str = "",
    query: str = "",
    audited: bool = True,
    overrides: Mapping[str, int] | None = None,
) -> Case:
    """A page: GET by default, POST when ``post`` (form data, or ``{}``) is given.

    A successful GET answers 200 and a successful POST 302 unless ``status`` says otherwise.
    """
    verb = method or ("POST" if post is not None else "GET")
    success = status if status is not None else (200 if verb == "GET" else 302)
    ok = frozenset(ok)
    expect = statuses(
        PAGE_PERSONAS, ok, success, seen=seen, public=public, others=others, overrides=overrides
    )
    return Case(
        route=route,
        expect=expect,
        ok=_succeeding(ok, expect, success),
        args=args,
        method=verb,
        state=state,
        data=post,
        query=query,
        audited=audited,
    )


def api(
    route: str,
    *args: Any,
    ok: Iterable[str],
    status: int | None = None,
    seen: Iterable[str] = (),
    public: int | None = None,
    others: int = HIDDEN,
    body: Any = None,
    state: str = "",
    query: str = "",
    audited: bool = True,
    overrides: Mapping[str, int] | None = None,
) -> Case:
    """An API operation ``"METHOD /path"``; reads answer 200, writes 200 unless ``status``.

    The public gets 401 on writes (they need credentials) and ``others`` (404) on reads of what
    it may not see, unless ``public`` says otherwise.
    """
    verb = route.split(" ", 1)[0]
    success = status if status is not None else 200
    if public is None:
        public = HIDDEN if verb == "GET" else UNAUTHORISED
    ok = frozenset(ok)
    expect = statuses(
        API_PERSONAS, ok, success, seen=seen, public=public, others=others, overrides=overrides
    )
    return Case(
        route=route,
        expect=expect,
        ok=_succeeding(ok, expect, success),
        args=args,
        method=verb,
        state=state,
        data=body,
        query=query,
        content="json",
        audited=audited,
    )

"""Core: home, sign-in and sign-out, language, the audit log, health; reference data API."""

from __future__ import annotations

from tests.routes.kit import ADMINS, EVERYONE, HIDDEN, SIGNED_IN, api, page

CASES = [
    page("home", ok=EVERYONE),
    page("healthz", ok=EVERYONE),
    # signed-in visitors are sent on from the sign-in page; a wrong password shows the form
    page("login", ok={"public"}, public=200, others=302, overrides={}),
    page(
        "login",
        post={"username": "ada", "password": "wrong"},
        ok=SIGNED_IN,
        public=200,
        audited=False,
        state="wrong password",
    ),
    page("logout", post={}, ok=EVERYONE, audited=False),
    page("logout", ok=set(), public=405, others=405),
    page("set_language", post={"language": "fr", "next": "/"}, ok=EVERYONE, audited=False),
    page("audit_log", ok=ADMINS, public=HIDDEN),
    api("GET /countries", ok=EVERYONE),
    api("GET /missions", ok=EVERYONE),
    api("GET /missions/{mission_id}", "@mission", ok=EVERYONE),
    api("GET /organisations", ok=EVERYONE),
    api("GET /me", ok=EVERYONE),
]

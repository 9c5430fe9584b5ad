"""Core: home, sign-in and sign-out, language, the audit log, health; reference data API."""

from __future__ import annotations

from tests.routes.kit import ADMINS, EVERYONE, HIDDEN, SIGNED_IN, SUPER, UNAUTHORISED, api, page

JOB_OWNER = frozenset({"vetting_officer"})  # the world's job is Haiti's vetting officer's
JOB_FOLLOWERS = JOB_OWNER | SUPER

CASES = [
    page("home", ok=EVERYONE),
    page("healthz", ok=EVERYONE),
    # no worker has run in the matrix's world: not ready, for everyone alike (no sign-in)
    page("readyz", ok=EVERYONE, status=503, state="no worker"),
    # SSRMONITOR_METRICS_TOKEN is unset in tests: /metrics does not exist (core/tests/test_ops_*)
    page("metrics", ok=set(), public=404, others=404, state="no token configured"),
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
    # background jobs: one's own (a superuser follows every job but fetches no one's result)
    page("jobs", ok=SIGNED_IN),
    page("job", "@job", ok=JOB_FOLLOWERS),
    page("job_result", "@job", ok=JOB_OWNER),
    api("GET /jobs", ok=SIGNED_IN, public=UNAUTHORISED),
    api("GET /jobs/{job_id}", "@job", ok=JOB_FOLLOWERS, public=UNAUTHORISED),
    api("GET /jobs/{job_id}/result", "@job", ok=JOB_OWNER, public=UNAUTHORISED),
]

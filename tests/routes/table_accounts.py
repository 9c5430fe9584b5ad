"""One's account: API tokens, the second factor (enrolment, verification, devices, resets by an
administrator) and passkeys' ceremonies.

Everybody signed in manages their own tokens and second factors; an object of someone else's
answers 404 as a missing one. Resetting someone's second factors is for administrators
(``access.manage_members``) of a country the person holds a role in, never their own.
"""

from __future__ import annotations

from tests.routes.kit import ADMINS, DENIED, EVERYONE, HIDDEN, SIGNED_IN, page

TOKEN = {"name": "nightly export", "scope": "read", "days": "30"}
# README: a second factor is required of superusers, administrators, reviewers and every
# vetting role (fabrice, the CAR's vetting officer, too); optional for the others
MFA_REQUIRED = SIGNED_IN - {"viewer", "editor", "outsider"}

CASES = [
    page("api_tokens", ok=SIGNED_IN),
    page("api_tokens", post=TOKEN, ok=SIGNED_IN, status=201),
    page("api_token_revoke", "@token_admin", post={}, ok={"administrator"}),
    page("mfa:devices", ok=SIGNED_IN),
    page("mfa:verify", ok=SIGNED_IN, status=302),  # verified already: sent on
    page("mfa:verify", post={"otp_token": "000000"}, ok=set(), others=302),
    page("mfa:setup", ok=SIGNED_IN),
    page("mfa:totp", ok=SIGNED_IN),
    page("mfa:totp", post={"otp_token": "000000"}, ok=set(), others=422),
    page("mfa:recovery_codes", ok=SIGNED_IN),
    # recovery codes back up a second factor: without one, making them is refused
    page("mfa:recovery_codes", post={}, ok=MFA_REQUIRED, status=200, seen=SIGNED_IN),
    # ada's only factor is required: removing it is refused (and said so on the next page)
    page(
        "mfa:remove", "totp", "@device_admin", post={}, ok=set(), overrides={"administrator": 302}
    ),
    page("mfa:people", ok=ADMINS),
    page("mfa:reset", "@user_reviewer", post={}, ok=ADMINS),
    page("role_grants", ok=ADMINS),
    page("role_grant_approve", "@grant_pending", post={}, ok=ADMINS),
    page("role_grant_refuse", "@grant_pending", post={"reason": "Not needed."}, ok=ADMINS),
    # passkeys' ceremonies (django-otp-webauthn): JSON, 403 without a session; a ceremony
    # begun writes nothing but its state in the session; completing it with no data is refused
    *[
        page(
            f"otp_webauthn:credential-{step}-begin",
            post={},
            ok=SIGNED_IN,
            status=200,
            public=DENIED,
            audited=False,
        )
        for step in ("registration", "authentication")
    ],
    *[
        page(
            f"otp_webauthn:credential-{step}-complete", post={}, ok=set(), public=DENIED, others=400
        )
        for step in ("registration", "authentication")
    ],
    page("otp_webauthn:js-i18n-catalog", ok=EVERYONE),
    # the API's own pages: the OpenAPI document, its Swagger UI; no root page
    page("api:openapi-json", ok=EVERYONE),
    page("api:openapi-view", ok=EVERYONE),
    page("api:api-root", ok=set(), public=HIDDEN),
]

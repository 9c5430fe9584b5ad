"""Home, sign-in/out and its second factor, one's API tokens, role grants, language, audit log
and health."""

from __future__ import annotations

from django.urls import include, path

from ssrmonitor.core import views, views_grants, views_jobs, views_tokens
from ssrmonitor.core.mfa import passkeys
from ssrmonitor.core.mfa import views as mfa
from ssrmonitor.core.mfa import views_manage as mfa_manage

# The second factor at sign-in (see ssrmonitor.core.mfa): the second step, enrolment, one's own
# devices, and the reset of someone else's by an administrator.
mfa_patterns = [
    path("", mfa_manage.devices_page, name="devices"),
    path("verify/", mfa.verify, name="verify"),
    path("setup/", mfa.setup, name="setup"),
    path("authenticator/", mfa.totp, name="totp"),
    path("recovery-codes/", mfa_manage.recovery_codes, name="recovery_codes"),
    path("<str:kind>/<int:pk>/remove/", mfa_manage.remove, name="remove"),
    path("people/", mfa_manage.people, name="people"),
    path("people/<int:user_id>/reset/", mfa_manage.reset, name="reset"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("accounts/mfa/", include((mfa_patterns, "mfa"))),
    path("accounts/mfa/passkeys/", include((passkeys.urlpatterns, "otp_webauthn"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", views.audit_log, name="audit_log"),
    path("", include("ssrmonitor.core.ops.urls")),  # healthz, readyz, metrics
    path("accounts/tokens/", views_tokens.api_tokens, name="api_tokens"),
    path(
        "accounts/tokens/<int:token_id>/revoke/",
        views_tokens.api_token_revoke,
        name="api_token_revoke",
    ),
    path("jobs/", views_jobs.jobs_page, name="jobs"),
    path("jobs/<uuid:job_id>/", views_jobs.job_page, name="job"),
    path("jobs/<uuid:job_id>/result", views_jobs.job_result, name="job_result"),
    path("access/grants/", views_grants.role_grants, name="role_grants"),
    path(
        "access/grants/<int:grant_id>/approve/",
        views_grants.role_grant_approve,
        name="role_grant_approve",
    ),
    path(
        "access/grants/<int:grant_id>/refuse/",
        views_grants.role_grant_refuse,
        name="role_grant_refuse",
    ),
]

"""The admin site: staff only. Every persona but the superuser is sent to the admin's sign-in
page (302), for reading and for writing, and writes nothing.

Each registered model is declared here with the object of the world its pages are asked about
and what the superuser may do with it: ``EDITABLE`` (Django's admin of accounts, reference data
and memberships: add, change, delete), ``READ_ONLY`` (domain data, written only through the
services; the audit log; API tokens: 403 on add, change and delete), ``DELETABLE`` (sign-in
records of django-axes: read and delete). A model registered with the admin and not declared
here fails the completeness test. The superuser's posts carry no data: the form comes back
(200) or is refused (403), and nothing is written.
"""

from __future__ import annotations

from typing import Any

from tests.routes.kit import EVERYONE, SUPER, Case, Pk, page

# the superuser's status on each page, and on a post without data to add, change, delete
EDITABLE = {
    "add": 200,
    "change": 200,
    "delete": 200,
    "+add": 200,
    "+change": 200,
    "+delete": 200,
    "+list": 200,
}
READ_ONLY = {
    "add": 403,
    "change": 200,
    "delete": 403,
    "+add": 403,
    "+change": 403,
    "+delete": 403,
    "+list": 200,
}
# sign-in records: every field read-only, so a post to change saves nothing but the admin's own
# log of the change (302); deleting asks for confirmation first (200)
DELETABLE = {
    "add": 403,
    "change": 200,
    "delete": 200,
    "+add": 403,
    "+change": 302,
    "+delete": 200,
    "+list": 200,
}

# "app.model" → (object of the world, what the superuser may do)
ADMIN_MODELS: dict[str, tuple[str, dict[str, int]]] = {
    "auth.group": ("group", EDITABLE),
    "auth.user": ("user_viewer", EDITABLE),
    "axes.accessattempt": ("access_attempt", DELETABLE),
    "axes.accesslog": ("access_log", DELETABLE),
    "axes.accessfailurelog": ("access_failure", DELETABLE),
    "core.country": ("country_ht", EDITABLE),
    "core.mission": ("mission", EDITABLE),
    "core.organisation": ("organisation", EDITABLE),
    "core.membership": ("membership", EDITABLE),
    "core.apitoken": ("token_expired", READ_ONLY),
    "core.rolegrant": ("grant_pending", READ_ONLY),
    "core.auditevent": ("audit_event", READ_ONLY),
    "benchmarks.framework": ("fw_published", READ_ONLY),
    "benchmarks.benchmark": ("bm_published", READ_ONLY),
    "benchmarks.indicator": ("ind_published", READ_ONLY),
    "benchmarks.measurement": ("m_draft", READ_ONLY),
    "support.activity": ("act_iati", READ_ONLY),
    "support.exchangerate": ("exchange_rate", READ_ONLY),
    "support.importrun": ("import_run", READ_ONLY),
    "support.strategynode": ("node_pillar", READ_ONLY),
    "sector.budgetline": ("budget_line", READ_ONLY),
    "sector.fiscalcontext": ("fiscal_context", READ_ONLY),
    "sector.institution": ("inst_police", READ_ONLY),
    "sector.institutionversion": ("inst_version", READ_ONLY),
    "sector.oversightrelation": ("oversight_relation", READ_ONLY),
    "sector.personnelreturn": ("personnel_return", READ_ONLY),
    "sector.referenceseries": ("reference_series", READ_ONLY),
    "sector.roleassignment": ("role_assignment", READ_ONLY),
    "sector.securityfunction": ("function_order", READ_ONLY),
    "transitions.readinesscriterion": ("criterion", READ_ONLY),
    "transitions.transitionplan": ("plan_published", READ_ONLY),
    "transitions.transitiontask": ("task", READ_ONLY),
    "sanctions.embargomeasure": ("measure", READ_ONLY),
    "sanctions.equipmentflag": ("flag", READ_ONLY),
    "sanctions.exemptionrequest": ("exemption", READ_ONLY),
    "sanctions.listedparty": ("party", READ_ONLY),
    "sanctions.listimport": ("list_import", READ_ONLY),
    "sanctions.regime": ("regime", READ_ONLY),
    "lessons.lesson": ("lesson_published", READ_ONLY),
}
APP_LABELS = sorted({label.split(".")[0] for label in ADMIN_MODELS})
LOGIN = 302  # the admin's sign-in page, for the public and every signed-in persona but staff


def staff(
    route: str,
    *args: Any,
    status: int = 200,
    post: Any = None,
    accepted: bool = False,
    **options: Any,
) -> Case:
    """An admin page: the superuser gets ``status``; everybody else the admin's sign-in.

    The superuser's posts carry no data: unless ``accepted``, they count as refused, so they
    must write nothing.
    """
    ok = SUPER if (post is None or accepted) and status < 400 else frozenset()
    return page(
        route,
        *args,
        ok=ok,
        status=status if ok else None,
        public=LOGIN,
        others=LOGIN,
        post=post,
        overrides=None if ok else {"superuser": status},
        audited=False,  # the admin's own log, not the audit log, records its changes
        **options,
    )


def _model_cases(label: str, target: str, may: dict[str, int]) -> list[Case]:
    app, model = label.split(".")
    name = f"admin:{app}_{model}"
    at = f"@{target}"
    extra = []
    if label == "auth.user":  # Django's page to set someone's password
        extra = [staff("admin:auth_user_password_change", at)]
    return [
        *extra,
        staff(f"{name}_changelist"),
        staff(f"{name}_changelist", post={}, status=may["+list"]),
        staff(f"{name}_add", status=may["add"]),
        staff(f"{name}_change", at, status=may["change"]),
        staff(f"{name}_history", at),
        staff(f"{name}_delete", at, status=may["delete"]),
        staff(f"admin/{app}/{model}/<path:object_id>/", at, status=302),
        staff(f"{name}_add", post={}, status=may["+add"]),
        staff(f"{name}_change", at, post={}, status=may["+change"], accepted=may["+change"] == 302),
        staff(f"{name}_delete", at, post={}, status=may["+delete"]),
    ]


SITE_CASES = [
    staff("admin:index"),
    page("admin:login", ok={"public"}, public=200, others=200, overrides={"superuser": 302}),
    page("admin:logout", post={}, ok=EVERYONE, audited=False),
    staff("admin:password_change"),
    staff("admin:password_change", post={"old_password": "wrong"}, status=200),
    page(
        "admin:login",
        post={"username": "ada", "password": "wrong"},
        ok=set(),
        public=200,
        others=200,
        state="wrong password",
    ),
    # the one admin action of the code: revoking API tokens (through the service, audited)
    staff(
        "admin:core_apitoken_changelist",
        post={"action": "revoke_tokens", "_selected_action": [Pk("token_admin")]},
        status=302,
        accepted=True,
        state="revoke_tokens",
    ),
    staff("admin:password_change_done"),
    staff("admin:autocomplete", status=403),
    staff("admin:jsi18n"),
    staff("admin:view_on_site", "@ct_measurement", "@m_draft", status=302),
    staff("admin/(?P<url>.*)$", "nowhere/", status=404),
    *[staff("admin:app_list", app, state=app) for app in APP_LABELS],
]


def model_cases(apps: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> list[Case]:
    """The cases of the models of ``apps`` (all but those of ``exclude``)."""
    return [
        case
        for label, (target, may) in ADMIN_MODELS.items()
        if (not apps or label.split(".")[0] in apps) and label.split(".")[0] not in exclude
        for case in _model_cases(label, target, may)
    ]


CASES = [*SITE_CASES, *model_cases()]

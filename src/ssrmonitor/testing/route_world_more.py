"""The route matrix's objects of sanctions, lessons, reports and vetting, and of the admin site.

See :mod:`ssrmonitor.testing.route_world`: each function returns ``name → object``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ssrmonitor.benchmarks.models import Measurement
from ssrmonitor.core.models import ApiToken, AuditEvent, RoleGrant
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.lessons.services.attachments import add_attachment
from ssrmonitor.reports.services import freeze_snapshot
from ssrmonitor.sanctions.models import (
    EquipmentFlag,
    ExemptionStatus,
    ListedParty,
    ListImport,
    Regime,
)
from ssrmonitor.sector.models import ReferenceSeries
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_lessons import LessonFactory
from ssrmonitor.testing.factories_reports import NarrativeBlockFactory
from ssrmonitor.testing.factories_sanctions import EmbargoMeasureFactory, ExemptionRequestFactory
from ssrmonitor.testing.factories_vetting import (
    AgeAssessmentFactory,
    AgeEvidenceFactory,
    CaseFactory,
    CaseStepFactory,
    PersonalDataExportFactory,
    PersonFactory,
    ScreeningPolicyFactory,
    ScreeningRunFactory,
    ViolationRecordFactory,
    WatchlistFactory,
)
from ssrmonitor.vetting.models import AgeOutcome, CaseStatus, CaseStep, Outcome

World = dict[str, Any]
SEEN = date(2026, 5, 8)


def sanctions_world(world: World) -> World:
    """A UN regime with a listed party; Haitian and CAR embargo measures, requests, a flag."""
    regime = Regime.objects.create(
        code="HT", name="Haiti sanctions", first_seen_on=SEEN, last_seen_on=SEEN
    )
    party = ListedParty.objects.create(
        data_id=6908555,
        kind="individual",
        regime=regime,
        name="Jimmy Cherizier",
        first_seen_on=SEEN,
        last_seen_on=SEEN,
    )
    measure = EmbargoMeasureFactory(country=world["country_ht"])
    cf_measure = EmbargoMeasureFactory(country=world["country_cf"])
    flag = EquipmentFlag.objects.create(
        activity=world["act_ht"], country=world["country_ht"], kind="lethal", note="Rifles"
    )
    listing = ListImport.objects.create(
        generated_at=timezone.now(), list_date=SEEN, file_name="consolidated.xml", sha256="0" * 64
    )
    return {
        "regime": regime,
        "party": party,
        "list_import": listing,
        "measure": measure,
        "measure_cf": cf_measure,
        "exemption": ExemptionRequestFactory(measure=measure),
        "exemption_submitted": ExemptionRequestFactory(
            measure=measure, status=ExemptionStatus.SUBMITTED, submitted_on=date(2026, 3, 2)
        ),
        "exemption_cf": ExemptionRequestFactory(measure=cf_measure),
        "flag": flag,
    }


def lessons_world() -> World:
    """A published and an unpublished Haitian lesson, each with an attachment; a CAR draft."""
    published = LessonFactory(country=country("HT"), is_published=True)
    internal = LessonFactory(country=country("HT"), is_published=False)

    def attach(lesson: Any) -> Any:
        upload = SimpleUploadedFile("notes.txt", b"Lessons of the police reform.")
        return add_attachment(lesson, acting_user=SYSTEM, upload=upload)

    return {
        "lesson_published": published,
        "lesson_internal": internal,
        "lesson_cf": LessonFactory(country=country("CF"), is_published=False),
        "att_published": attach(published),
        "att_internal": attach(internal),
    }


def reports_world() -> World:
    """Two internal snapshots and a public one of Haiti's report, a narrative block; CAR."""
    period = ReportingPeriod.parse("2019-H2")

    def freeze(iso2: str, title: str, audience: str = "internal") -> Any:
        return freeze_snapshot(
            country(iso2), period, title=title, acting_user=SYSTEM, audience=audience
        )

    return {
        "snapshot": freeze("HT", "S/2019/805"),
        "snapshot_2": freeze("HT", "S/2020/123"),
        "snapshot_public": freeze("HT", "Public summary", "public"),
        "snapshot_cf": freeze("CF", "S/2019/822"),
        "narrative": NarrativeBlockFactory(country=country("HT")),
    }


def vetting_world(users: dict[str, User]) -> World:
    """Haiti's registries, a run, a case in each status of due process, age, exports; CAR."""
    rita = User.objects.get_or_create(username="rita")[0]  # the other reviewer (four eyes)
    officer, reviewer = users["vetting_officer"], users["vetting_reviewer"]
    decided = CaseFactory(decided=True)
    CaseStepFactory(case=decided, kind=CaseStep.Kind.DECISION_PROPOSED, actor=rita)
    CaseStepFactory(case=decided, kind=CaseStep.Kind.DECISION_CONFIRMED, actor=officer)
    appealed = CaseFactory(
        status=CaseStatus.APPEALED, outcome=Outcome.EXCLUDED, proposed_outcome=Outcome.EXCLUDED
    )
    CaseStepFactory(case=appealed, kind=CaseStep.Kind.DECISION_PROPOSED, actor=rita)
    overdue = CaseFactory(decided=True, due_on=timezone.localdate() - timedelta(days=1))
    CaseStepFactory(case=overdue, kind=CaseStep.Kind.DECISION_PROPOSED, actor=rita)
    CaseStepFactory(case=overdue, kind=CaseStep.Kind.DECISION_CONFIRMED, actor=officer)
    pending = AgeAssessmentFactory()
    AgeEvidenceFactory(assessment=pending)
    referred = AgeAssessmentFactory(outcome=AgeOutcome.REFERRED)
    AgeEvidenceFactory(assessment=referred)
    return {
        "person": PersonFactory(),
        "person_cf": PersonFactory(country=country("CF")),
        "record": ViolationRecordFactory(),
        "watchlist": WatchlistFactory(),
        "run": ScreeningRunFactory(),
        "policy": ScreeningPolicyFactory(),
        "case_open": CaseFactory(),
        "case_confirmed": CaseFactory(identity_confirmed=True),
        "case_notified": CaseFactory(notified=True),
        "case_silent": CaseFactory(  # notified, and the time to respond is over
            notified=True, due_on=timezone.localdate() - timedelta(days=1)
        ),
        "case_response": CaseFactory(response_recorded=True),
        "case_proposed": CaseFactory(
            status=CaseStatus.DECISION_PROPOSED, proposed_outcome=Outcome.EXCLUDED, proposed_by=rita
        ),
        "case_decided": decided,
        "case_unappealed": overdue,  # decided, and the time to appeal is over
        "case_appealed": appealed,
        "case_cf": CaseFactory(country=country("CF")),
        "age_pending": pending,
        "age_referred": referred,
        "export_requested": PersonalDataExportFactory(requested_by=officer),
        "export_approved": PersonalDataExportFactory(
            requested_by=officer,
            status="approved",
            decided_by=reviewer,
            decided_at=timezone.now(),
        ),
    }


def admin_extras(users: dict[str, User]) -> World:
    """Accounts' rows (tokens, devices, a pending role grant) and rows only the admin site
    lists: sign-in attempts and a reference series."""
    bystander = User.objects.get_or_create(username="rita")[0]
    common = {"user_agent": "pytest", "http_accept": "*/*", "path_info": "/accounts/login/"}
    return {
        "access_attempt": AccessAttempt.objects.create(
            username="nobody",
            ip_address="192.0.2.1",
            get_data="",
            post_data="",
            failures_since_start=1,
            **common,
        ),
        "access_log": AccessLog.objects.create(username="ada", ip_address="192.0.2.1", **common),
        "access_failure": AccessFailureLog.objects.create(
            username="nobody", ip_address="192.0.2.1", **common
        ),
        "reference_series": ReferenceSeries.objects.create(
            code="SP.POP.TOTL",
            name="Population",
            unit="persons",
            source="World Bank",
            licence="CC BY 4.0",
        ),
        "user_superuser": users["superuser"],
        "token_expired": ApiToken.objects.get(name="expired"),
        "token_admin": ApiToken.objects.create(  # a working token of ada, never sent
            user=users["administrator"],
            name="nightly export",
            digest="0" * 64,
            prefix="ssrm_000",
        ),
        "device_admin": TOTPDevice.objects.get(user=users["administrator"]),
        "grant_pending": RoleGrant.objects.create(  # asked by a bystander: a second pair of eyes
            grantee=users["viewer"],
            country=users["viewer"].memberships.get().country,
            role="vetting_officer",
            requested_by=bystander,
            requested_by_name=bystander.username,
        ),
        "audit_event": AuditEvent.objects.order_by("-id")[0],
        "ct_measurement": ContentType.objects.get_for_model(Measurement),
    }

"""Who sees and does what in vetting and age screening.

Built on :mod:`ssrmonitor.core.permissions`. Personal data is held only through a vetting role
in the country (``vetting.view_personal``, ``vetting.assess_age`` …), never by administrators or
superusers as such (:data:`~ssrmonitor.core.permissions.PERSONAL_DATA_ACTIONS`).

**Every read of a person's record is audited**, not only writes: the ``access_*_by_id``
look-ups below that return personal data write a ``read`` event to the audit log (in their own
transaction) before they return. Lists show pseudonymous rows (``person #12``) and names only
to those allowed; opening one record is what is logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, Viewer, person
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import (
    Action,
    Denied,
    NotFound,
    access_country_by_iso2,
    country_ids_with,
    country_q,
    has_action,
)
from ssrmonitor.vetting.models import (
    AgeAssessment,
    Case,
    CaseStep,
    Person,
    PersonalDataExport,
    ScreeningRun,
    ViolationRecord,
    Watchlist,
)


def audit_read(
    user: Viewer, obj: models.Model, country: Country | None = None, **about: Any
) -> None:
    """Write one ``read`` event for ``obj`` (no personal data in the event itself)."""
    iso2 = country.iso2 if country is not None else _country_iso2(obj)
    with transaction.atomic():
        audit.record(
            actor=_reader(user), action="read", obj=obj, country_iso2=iso2, after=about or None
        )


def _reader(user: Viewer) -> Actor:
    """Who reads personal data: never the public, which holds no vetting action."""
    if isinstance(user, AnonymousUser):
        raise NotFound
    return user


def _country_iso2(obj: models.Model) -> str:
    country = getattr(obj, "country", None)
    return country.iso2 if isinstance(country, Country) else ""


def persons_visible_to(user: Viewer) -> QuerySet[Person]:
    """Personnel records ``user`` may see (vetting officers and reviewers of the country)."""
    return Person.objects.filter(country_q(user, Action.VIEW_VETTING_PERSONAL))


def records_visible_to(user: Viewer) -> QuerySet[ViolationRecord]:
    """Records of alleged violations ``user`` may see."""
    return ViolationRecord.objects.filter(country_q(user, Action.VIEW_VETTING_PERSONAL))


def watchlists_visible_to(user: Viewer) -> QuerySet[Watchlist]:
    return Watchlist.objects.filter(country_q(user, Action.VIEW_VETTING_PERSONAL))


def cases_visible_to(user: Viewer) -> QuerySet[Case]:
    """Cases ``user`` may see."""
    return Case.objects.filter(country_q(user, Action.VIEW_VETTING_PERSONAL))


def runs_visible_to(user: Viewer) -> QuerySet[ScreeningRun]:
    return ScreeningRun.objects.filter(country_q(user, Action.VIEW_VETTING_PERSONAL))


def assessments_visible_to(user: Viewer) -> QuerySet[AgeAssessment]:
    """Age assessments ``user`` may see (vetting officers and child protection officers)."""
    return AgeAssessment.objects.filter(country_q(user, Action.ASSESS_AGE))


def export_country_ids(user: Viewer) -> set[int]:
    """Countries where ``user`` holds some personal data of vetting, so may see its exports."""
    ids_view = country_ids_with(user, Action.VIEW_VETTING_PERSONAL)
    ids_age = country_ids_with(user, Action.ASSESS_AGE)
    return (ids_view or set()) | (ids_age or set())


def exports_visible_to(user: Viewer) -> QuerySet[PersonalDataExport]:
    """Export requests: their requester's and approvers' countries."""
    return PersonalDataExport.objects.filter(country_id__in=export_country_ids(user))


def _one(rows: QuerySet[Any], pk: int) -> Any:
    found = rows.select_related("country").filter(pk=pk).first()
    if found is None:
        raise NotFound
    return found


def access_person_by_id(user: Viewer, person_id: int) -> Person:
    """A person ``user`` may see, or :class:`NotFound`. The read is audited."""
    person: Person = _one(persons_visible_to(user), person_id)
    audit_read(user, person, person.country)
    return person


def access_record_by_id(user: Viewer, record_id: int) -> ViolationRecord:
    """A record ``user`` may see, or :class:`NotFound`. The read is audited."""
    record: ViolationRecord = _one(records_visible_to(user), record_id)
    audit_read(user, record, record.country)
    return record


def access_case_by_id(user: Viewer, case_id: int) -> Case:
    """A case ``user`` may see, or :class:`NotFound`. The read is audited."""
    case: Case = _one(cases_visible_to(user).select_related("person", "record"), case_id)
    audit_read(user, case, case.country)
    return case


def access_assessment_by_id(user: Viewer, assessment_id: int) -> AgeAssessment:
    """An age assessment ``user`` may see, or :class:`NotFound`. The read is audited."""
    assessment: AgeAssessment = _one(assessments_visible_to(user), assessment_id)
    audit_read(user, assessment, assessment.country)
    return assessment


def access_export_by_id(user: Viewer, export_id: int) -> PersonalDataExport:
    return _one(exports_visible_to(user), export_id)  # type: ignore[no-any-return]


def may_see_statistics(user: Viewer, country_id: int) -> bool:
    """Aggregates (with small cells suppressed) for any role in the country."""
    return has_action(user, country_id, Action.VIEW_VETTING_STATISTICS)


def can_edit(user: Viewer, country_id: int) -> tuple[bool, str]:
    if has_action(user, country_id, Action.EDIT_VETTING):
        return True, ""
    return False, _("Only vetting officers of the country do this.")


def can_decide(user: Viewer, country_id: int) -> tuple[bool, str]:
    if has_action(user, country_id, Action.DECIDE_VETTING):
        return True, ""
    return False, _("Only vetting reviewers of the country decide.")


def can_assess_age(user: Viewer, country_id: int) -> tuple[bool, str]:
    if has_action(user, country_id, Action.ASSESS_AGE):
        return True, ""
    return False, _("Only vetting and child protection officers of the country assess age.")


def can_configure(user: Viewer, country_id: int) -> tuple[bool, str]:
    if has_action(user, country_id, Action.CONFIGURE_VETTING):
        return True, ""
    return False, _("Only administrators of the country set the screening thresholds.")


def can_make_final(user: Viewer, case: Case) -> tuple[bool, str]:
    """May ``user`` record that no appeal came by the deadline (officers and reviewers)?"""
    if has_action(user, case.country_id, Action.EDIT_VETTING) or has_action(
        user, case.country_id, Action.DECIDE_VETTING
    ):
        return True, ""
    return False, _("Only vetting officers and reviewers of the country do this.")


def can_confirm_decision(user: Viewer, case: Case) -> tuple[bool, str]:
    """Any reviewer of the country but the one who proposed the decision (four eyes).

    A proposal sent back and made again by a colleague may be confirmed by its first proposer:
    the decision confirmed is the colleague's.
    """
    allowed, reason = can_decide(user, case.country_id)
    if not allowed:
        return allowed, reason
    if case.proposed_by_id == user.pk:
        return False, _("A decision needs a second reviewer: you proposed this one.")
    return True, ""


def _actors(case: Case, kinds: list[str]) -> set[int]:
    steps = case.steps.filter(kind__in=kinds).exclude(actor__isnull=True)
    return set(steps.values_list("actor_id", flat=True))


def decision_makers(case: Case) -> set[int]:
    """Everyone who proposed or confirmed a decision on the case, including sent-back ones."""
    return _actors(case, [CaseStep.Kind.DECISION_PROPOSED, CaseStep.Kind.DECISION_CONFIRMED])


def can_decide_appeal(user: Viewer, case: Case) -> tuple[bool, str]:
    """A reviewer of the country who took no part in the decision under appeal."""
    allowed, reason = can_decide(user, case.country_id)
    if not allowed:
        return allowed, reason
    if user.pk in decision_makers(case):
        return False, _("An appeal is heard by a reviewer who took no part in the decision.")
    return True, ""


def can_resolve_referral(user: Viewer, country_id: int) -> tuple[bool, str]:
    """Only a child protection officer of the country resolves an age-assessment referral."""
    if has_action(user, country_id, Action.RESOLVE_AGE_REFERRAL):
        return True, ""
    return False, _("Only a child protection officer of the country resolves a referral.")


def export_action(scope: str) -> Action:
    """The action that grants the personal data of an export's scope."""
    if scope == PersonalDataExport.Scope.AGE:
        return Action.ASSESS_AGE
    return Action.VIEW_VETTING_PERSONAL


def can_request_export(user: Viewer, country_id: int, scope: str) -> tuple[bool, str]:
    """May ``user`` ask to export the scope's personal data (only data they may see)?"""
    if has_action(user, country_id, export_action(scope)):
        return True, ""
    return False, _("You may not see this personal data, so you may not export it.")


def can_approve_export(user: Viewer, export: PersonalDataExport) -> tuple[bool, str]:
    if not has_action(user, export.country_id, Action.APPROVE_VETTING_EXPORT):
        return False, _("Only vetting reviewers of the country approve exports.")
    if person(user) is None or export.requested_by_id == user.pk:
        return False, _("An export of personal data needs a second person's approval.")
    return True, ""


# --- the country of a vetting page or route -----------------------------------------------

_COUNTRY_REASONS = {
    Action.VIEW_VETTING_PERSONAL: lambda: _(
        "Only vetting officers and reviewers of the country see the registries and cases."
    ),
    Action.EDIT_VETTING: lambda: _("Only vetting officers of the country do this."),
    Action.DECIDE_VETTING: lambda: _("Only vetting reviewers of the country decide."),
}


def access_vetting_country(user: Viewer, iso2: str, action: Action | None = None) -> Country:
    """The country ``iso2`` if ``user`` sees its vetting pages (and may do ``action``).

    A country where the user holds no vetting right at all answers :class:`NotFound` (as a
    missing country would); one where the user sees only the statistics (administrators,
    viewers, child protection officers, superusers) answers :class:`Denied` with the reason.
    """
    country = access_country_by_iso2(iso2)
    if not may_see_statistics(user, country.pk):
        raise NotFound
    if action is not None and not has_action(user, country.pk, action):
        reason = _COUNTRY_REASONS.get(action)
        raise Denied(reason() if reason else _("You may not do this."))
    return country


def check_country(obj: Any, country: Country) -> None:
    """:class:`NotFound` when ``obj`` (looked up by id) is not of the country in the URL."""
    if obj.country_id != country.pk:
        raise NotFound


def audit_list_read(user: Viewer, country: Country, what: str, rows: int, offset: int = 0) -> None:
    """A ``read`` event for a list page that shows names (the list, the row count; no names)."""
    audit_read(user, country, country, list=what, rows=rows, offset=offset)


def access_export_country(user: Viewer, iso2: str) -> Country:
    """The country whose personal data ``user`` may ask to export: :class:`NotFound` where the
    user holds no vetting right, :class:`Denied` where they see only the statistics."""
    country = access_vetting_country(user, iso2)
    if country.pk not in export_country_ids(user):
        raise Denied(_("Only holders of the country's vetting data may ask for an export."))
    return country

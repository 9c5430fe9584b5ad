"""Exports of personal data: requested by one person, approved by another, downloaded once.

1. :func:`request_export` — a member who may see the scope's personal data asks, with a reason
   (vetting officers and reviewers: personnel, records, cases; vetting and child protection
   officers: age assessments).
2. :func:`approve_export` or :func:`refuse_export` — a vetting reviewer of the country who is
   **not** the requester (:func:`~ssrmonitor.vetting.permissions.can_approve_export`).
3. :func:`download_export` — the requester, once: the CSV is built at that moment (nothing is
   stored) and the export is marked downloaded in the same transaction.

Every step is audited with the scope, status and row count — never the reason's text or a
value. Text cells a spreadsheet would run as a formula are neutralised
(:func:`~ssrmonitor.benchmarks.exports.escape_formula`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, person
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.exports import escape_formula
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Denied
from ssrmonitor.core.writes import require
from ssrmonitor.vetting.models import (
    AgeAssessment,
    Case,
    Person,
    PersonalDataExport,
    ViolationRecord,
)
from ssrmonitor.vetting.permissions import can_approve_export, can_request_export

Scope = PersonalDataExport.Scope
Status = PersonalDataExport.Status
MIN_REASON = 10
MAX_REASON = 2000


def _event(user: Actor, action: str, export: PersonalDataExport, before: str | None) -> None:
    audit.record(
        actor=user,
        action=action,
        obj=export,
        country_iso2=export.country.iso2,
        before={"status": before} if before else None,
        after={"status": export.status, "scope": export.scope},
    )


@transaction.atomic(durable=True)
def request_export(
    *, acting_user: Actor, country: Country, scope: str, reason: str
) -> PersonalDataExport:
    """Ask for an export of ``scope`` in ``country``, saying why (at least 10 characters)."""
    if scope not in Scope.values:
        raise ValidationFailed.one("scope", _("Choose what to export."))
    require(can_request_export(acting_user, country.pk, scope))
    requester = person(acting_user)
    if requester is None:
        raise Denied(_("Only a person asks for an export of personal data (and downloads it)."))
    text = (reason or "").strip()
    if len(text) < MIN_REASON or len(text) > MAX_REASON:
        raise ValidationFailed.one(
            "reason", _("Say why the export is needed (10 to 2000 characters).")
        )
    export = PersonalDataExport.objects.create(
        country=country, scope=scope, reason=text, requested_by=requester
    )
    _event(acting_user, "request", export, None)
    return export


def _decide(export: PersonalDataExport, acting_user: Actor, status: str, action: str) -> None:
    require(can_approve_export(acting_user, export))
    locked = PersonalDataExport.objects.select_for_update().get(pk=export.pk)
    if locked.status != Status.REQUESTED:
        raise ValidationFailed.one("__all__", _("This export has already been decided."))
    export.status = status
    export.decided_at = timezone.now()
    export.decided_by = person(acting_user)
    export.save(update_fields=["status", "decided_at", "decided_by"])
    _event(acting_user, action, export, Status.REQUESTED)


@transaction.atomic(durable=True)
def approve_export(export: PersonalDataExport, *, acting_user: Actor) -> PersonalDataExport:
    """A second person (a vetting reviewer, never the requester) approves."""
    _decide(export, acting_user, Status.APPROVED, "approve")
    return export


@transaction.atomic(durable=True)
def refuse_export(export: PersonalDataExport, *, acting_user: Actor) -> PersonalDataExport:
    """A second person refuses: nothing can be downloaded."""
    _decide(export, acting_user, Status.REFUSED, "refuse")
    return export


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: str
    rows: int


@transaction.atomic(durable=True)
def download_export(export: PersonalDataExport, *, acting_user: Actor) -> ExportFile:
    """The approved export as CSV, for its requester, once."""
    requester = person(acting_user)
    if requester is None or export.requested_by_id != requester.pk:
        raise Denied(_("Only the person who asked for the export downloads it."))
    require(can_request_export(acting_user, export.country_id, export.scope))
    locked = PersonalDataExport.objects.select_for_update().get(pk=export.pk)
    if locked.status != Status.APPROVED:
        raise ValidationFailed.one(
            "__all__", _("Only an approved export that was not yet downloaded can be downloaded.")
        )
    header, rows = SCOPES[export.scope](export.country)
    content, count = write_csv(header, rows)
    export.status = Status.DOWNLOADED
    export.downloaded_at = timezone.now()
    export.save(update_fields=["status", "downloaded_at"])
    audit.record(
        actor=acting_user,
        action="download",
        obj=export,
        country_iso2=export.country.iso2,
        before={"status": Status.APPROVED},
        after={"status": export.status, "scope": export.scope, "rows": count},
    )
    stamp = timezone.localdate().isoformat()
    name = f"vetting-{export.country.iso2}-{export.scope}-{export.pk}-{stamp}.csv"
    return ExportFile(name, content, count)


# --- the files ----------------------------------------------------------------------------

Row = list[Any]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return escape_formula("; ".join(str(item) for item in value))
    return escape_formula(str(value))


def write_csv(header: list[str], rows: Iterable[Row]) -> tuple[str, int]:
    """CSV text (UTF-8, header first) with formula-like cells neutralised; and the row count."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        count += 1
    return out.getvalue(), count


def _birth(value: Any) -> tuple[str, str, str]:
    if not value:
        return "", "", ""
    return value.get("earliest", ""), value.get("latest", ""), value.get("precision", "")


def _personnel(country: Country) -> tuple[list[str], Iterator[Row]]:
    header = [
        "id", "person_id", "names", "birth_earliest", "birth_latest", "birth_precision",
        "place_of_birth", "sex", "nationality", "institution", "unit", "rank", "service_number",
        "enlistment_date",
    ]  # fmt: skip
    rows = (
        [
            p.pk,
            p.reference,
            p.names,
            *_birth(p.birth_date),
            p.place_of_birth,
            p.sex,
            p.nationality,
            p.institution.key if p.institution else "",
            p.unit,
            p.rank,
            p.service_number,
            p.enlistment_date,
        ]
        for p in Person.objects.filter(country=country).select_related("institution").order_by("pk")
    )
    return header, rows


def _records(country: Country) -> tuple[list[str], Iterator[Row]]:
    header = [
        "id", "record_id", "names", "weak_aliases", "birth_dates", "place_of_birth", "sex",
        "nationality", "unit", "category", "incident_date", "incident_place", "source",
        "source_reliability", "status", "narrative",
    ]  # fmt: skip

    def dates(values: list[dict[str, str]]) -> list[str]:
        return [f"{v.get('earliest', '')}/{v.get('latest', '')}" for v in values or []]

    rows = (
        [
            r.pk,
            r.reference,
            r.names,
            r.weak_aliases,
            dates(r.birth_dates),
            r.place_of_birth,
            r.sex,
            r.nationality,
            r.unit,
            r.category,
            r.incident_date,
            r.incident_place,
            r.source,
            r.source_reliability,
            r.status,
            r.narrative,
        ]
        for r in ViolationRecord.objects.filter(country=country).order_by("pk")
    )
    return header, rows


def _cases(country: Country) -> tuple[list[str], Iterator[Row]]:
    header = [
        "case", "person_id", "person_name", "record_id", "record_name", "score", "band",
        "status", "due_on", "notified_on", "decision", "final_decision",
    ]  # fmt: skip
    found = Case.objects.filter(country=country).select_related("person", "record")
    rows = (
        [
            c.pk,
            c.person.reference,
            c.person.full_name,
            c.record.reference,
            c.record.full_name,
            f"{c.score:.3f}",
            c.band,
            c.status,
            c.due_on,
            c.notified_on,
            c.outcome,
            c.final_outcome,
        ]
        for c in found.order_by("pk")
    )
    return header, rows


def _age(country: Country) -> tuple[list[str], Iterator[Row]]:
    header = [
        "assessment", "candidate_names", "candidate_id", "institution", "enlistment_date",
        "assessed_birth_earliest", "assessed_birth_latest", "outcome", "rule", "decided_at",
    ]  # fmt: skip
    found = AgeAssessment.objects.filter(country=country).select_related("institution")
    rows = (
        [
            a.pk,
            a.candidate_names,
            a.candidate_reference,
            a.institution.key if a.institution else "",
            a.enlistment_date,
            *_birth(a.assessed_birth_date)[:2],
            a.outcome,
            a.outcome_reason,
            a.decided_at.isoformat() if a.decided_at else "",
        ]
        for a in found.order_by("pk")
    )
    return header, rows


SCOPES: dict[str, Callable[[Country], tuple[list[str], Iterator[Row]]]] = {
    Scope.PERSONNEL: _personnel,
    Scope.RECORDS: _records,
    Scope.CASES: _cases,
    Scope.AGE: _age,
}

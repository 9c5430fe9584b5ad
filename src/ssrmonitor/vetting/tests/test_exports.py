"""Exports of personal data: four eyes, download once, formula-safe CSV, audited."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Denied
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_vetting import CaseFactory, PersonFactory, ViolationRecordFactory
from ssrmonitor.vetting.models import PersonalDataExport
from ssrmonitor.vetting.services import exports as services

REASON = "Transfer to the inspectorate for the certification board."
Status = PersonalDataExport.Status


def ask(user: Any, scope: str = "personnel") -> PersonalDataExport:
    return services.request_export(
        acting_user=user, country=country("HT"), scope=scope, reason=REASON
    )


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_full_cycle(vera: Any, reuben: Any) -> None:
    PersonFactory(names=["Evens Clermont", "E. Clermont"], reference="HNP-77")
    export = ask(vera)
    assert export.status == Status.REQUESTED
    services.approve_export(export, acting_user=reuben)
    assert export.status == Status.APPROVED
    found = services.download_export(export, acting_user=vera)
    assert found.rows == 1
    row = rows_of(found.content)[0]
    assert row["names"] == "Evens Clermont; E. Clermont"
    assert row["person_id"] == "HNP-77"
    assert found.filename.startswith(f"vetting-HT-personnel-{export.pk}-")
    export.refresh_from_db()
    assert export.status == Status.DOWNLOADED
    with pytest.raises(ValidationFailed, match="approved"):
        services.download_export(export, acting_user=vera)
    actions = list(
        AuditEvent.objects.filter(object_type="vetting.personaldataexport")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["request", "approve", "download"]
    text = str(list(AuditEvent.objects.values_list("before", "after", "object_repr")))
    assert "Clermont" not in text and "HNP-77" not in text and "inspectorate" not in text


def test_requester_cannot_approve_own_request(reuben: Any) -> None:
    export = ask(reuben)
    with pytest.raises(Denied, match="second person"):
        services.approve_export(export, acting_user=reuben)


@pytest.mark.parametrize("persona", ["vera", "chloe", "ada", "victor", "fabrice", "root"])
def test_only_reviewers_approve(persona: str, vetting_personas: dict[str, Any], rita: Any) -> None:
    export = ask(rita)
    with pytest.raises(Denied):
        services.approve_export(export, acting_user=vetting_personas[persona])


def test_refused_export_cannot_be_downloaded(vera: Any, reuben: Any) -> None:
    export = ask(vera)
    services.refuse_export(export, acting_user=reuben)
    with pytest.raises(ValidationFailed):
        services.download_export(export, acting_user=vera)
    with pytest.raises(ValidationFailed, match="already been decided"):
        services.approve_export(export, acting_user=reuben)


def test_unapproved_export_cannot_be_downloaded(vera: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.download_export(ask(vera), acting_user=vera)


def test_only_the_requester_downloads(vera: Any, reuben: Any, rita: Any) -> None:
    export = ask(vera)
    services.approve_export(export, acting_user=reuben)
    with pytest.raises(Denied):
        services.download_export(export, acting_user=rita)


@pytest.mark.parametrize(
    ("persona", "scope", "ok"),
    [("vera", "records", True), ("reuben", "cases", True), ("chloe", "age", True),
     ("chloe", "personnel", False), ("ada", "personnel", False), ("victor", "age", False),
     ("fabrice", "personnel", False), ("root", "records", False)],
)  # fmt: skip
def test_who_may_request(
    persona: str, scope: str, ok: bool, vetting_personas: dict[str, Any]
) -> None:
    if ok:
        assert ask(vetting_personas[persona], scope).status == Status.REQUESTED
    else:
        with pytest.raises(Denied):
            ask(vetting_personas[persona], scope)


def test_reason_is_required(vera: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.request_export(acting_user=vera, country=country("HT"), scope="cases", reason="x")
    assert caught.value.errors[0].field == "reason"


def test_csv_neutralises_formulas(vera: Any, reuben: Any) -> None:
    ViolationRecordFactory(names=['=HYPERLINK("http://x")'], narrative="+cmd|' /C calc'!A0")
    export = ask(vera, "records")
    services.approve_export(export, acting_user=reuben)
    row = rows_of(services.download_export(export, acting_user=vera).content)[0]
    assert row["names"].startswith("'=")
    assert row["narrative"].startswith("'+")


def test_cases_and_age_scopes(vera: Any, reuben: Any, chloe: Any, rita: Any) -> None:
    CaseFactory(person=PersonFactory(names=["Nadia Pierre"]), score=0.912)
    export = ask(vera, "cases")
    services.approve_export(export, acting_user=reuben)
    row = rows_of(services.download_export(export, acting_user=vera).content)[0]
    assert row["person_name"] == "Nadia Pierre"
    assert row["score"] == "0.912"
    age_export = ask(chloe, "age")
    services.approve_export(age_export, acting_user=rita)
    assert services.download_export(age_export, acting_user=chloe).rows == 0


def test_pages_and_api(vera: Any, reuben: Any) -> None:
    PersonFactory(names=["Evens Clermont"])
    officer, reviewer = Client(), Client()
    officer.force_login(vera)
    reviewer.force_login(reuben)
    response = officer.post("/vetting/exports/HT/new/", {"scope": "personnel", "reason": REASON})
    assert response.status_code == 302
    export = PersonalDataExport.objects.get()
    page = reviewer.get("/vetting/exports/").content.decode()
    assert f"/vetting/exports/{export.pk}/approve/" in page
    assert (
        f"/vetting/exports/{export.pk}/approve/"
        not in officer.get("/vetting/exports/").content.decode()
    )
    assert officer.post(f"/vetting/exports/{export.pk}/approve/").status_code == 403
    assert reviewer.post(f"/vetting/exports/{export.pk}/approve/").status_code == 302
    download = officer.post(f"/vetting/exports/{export.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert "Evens Clermont" in download.content.decode()
    again = officer.post(f"/vetting/exports/{export.pk}/download/")
    assert again.status_code == 302  # back to the list with a message
    # the API: request, then approve by the second person
    created = officer.post(
        "/api/v1/vetting/exports",
        json.dumps({"country": "HT", "scope": "records", "reason": REASON}),
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert officer.post(f"/api/v1/vetting/exports/{pk}/approve").status_code == 403
    approved = reviewer.post(f"/api/v1/vetting/exports/{pk}/approve")
    assert approved.json()["status"] == "approved"

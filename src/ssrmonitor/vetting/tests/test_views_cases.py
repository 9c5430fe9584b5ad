"""The vetting pages end to end: registration with online screening, the case workflow with four
eyes through the web forms, imports by upload, and the audit log kept free of personal data."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ssrmonitor.core.models import AuditEvent, Job, JobState
from ssrmonitor.testing import factories_vetting as fv
from ssrmonitor.testing.factories import country, member
from ssrmonitor.testing.factories_vetting import (
    CaseFactory,
    PersonFactory,
    ViolationRecordFactory,
    birth_interval,
)
from ssrmonitor.vetting.models import (
    Case,
    CaseStatus,
    Outcome,
    Person,
    ScreeningRun,
    ViolationRecord,
    Watchlist,
)
from ssrmonitor.vetting.services import screening

pytestmark = pytest.mark.django_db

SANCTIONS = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "sanctions"
NAME = "Wilfrid Canarybird Saint-Hilaire"
REASONS = "Same unit and same date of birth as in the 2019 report"
RESPONSE = "I was on training abroad in November 2019"


@pytest.fixture(autouse=True)
def _fresh_screeners() -> None:
    screening.forget_screeners()


@pytest.fixture
def rosa(db: None) -> Any:
    """A third reviewer of Haiti: hears appeals (took no part in the decision)."""
    return member("rosa", "HT", "vetting_reviewer")


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _step(client: Client, case: Case, step: str, **data: Any) -> Any:
    url = reverse("vetting:case_step", args=["HT", case.pk, step])
    return client.post(url, data)


def test_registration_screening_and_the_whole_case_workflow_with_four_eyes(
    vera: Any, reuben: Any, rita: Any, rosa: Any
) -> None:
    officer, first, second, third = _as(vera), _as(reuben), _as(rita), _as(rosa)
    today = timezone.localdate().isoformat()
    response = officer.post(
        reverse("vetting:record_create", args=["HT"]),
        {
            "reference": "HRS-2019-117",
            "full_name": NAME,
            "aliases_text": "Ti Wil",
            "dates_of_birth": "1980-05-02",
            "category": "sexual_violence",
            "source_reliability": "usually_reliable",
            "status": "substantiated",
            "narrative": "Rape of a detainee, November 2019",
        },
    )
    assert response.status_code == 302
    response = officer.post(
        reverse("vetting:person_create", args=["HT"]),
        {
            "reference": "HNP-004512",
            "full_name": NAME,
            "date_of_birth": "1980-05-02",
            "birth_date_evidence": "national identity card",
            "sex": "M",
            "unit": "CIMO",
        },
        follow=True,
    )
    assert response.status_code == 200
    person = Person.objects.get()
    case = Case.objects.get(person=person)
    assert case.record == ViolationRecord.objects.get()
    page = response.content.decode()
    assert reverse("vetting:case", args=["HT", case.pk]) in page
    assert "possible match" in page

    assert (
        _step(first, case, "confirm_identity", confirmed="yes", reasons=REASONS).status_code == 302
    )
    assert _step(officer, case, "record_notification", notified_on=today,
                 means="registered letter").status_code == 302  # fmt: skip
    assert _step(officer, case, "record_response", received_on=today,
                 response=RESPONSE).status_code == 302  # fmt: skip
    assert _step(first, case, "propose_decision", outcome="excluded",
                 reasons=REASONS).status_code == 302  # fmt: skip
    refused = _step(first, case, "confirm_decision", reasons="")
    assert refused.status_code == 403
    assert "second reviewer" in refused.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.DECISION_PROPOSED
    assert _step(second, case, "confirm_decision", reasons="Agreed").status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.DECIDED, Outcome.EXCLUDED)
    assert _step(officer, case, "lodge_appeal", lodged_on=today,
                 grounds="Training certificate").status_code == 302  # fmt: skip
    assert _step(second, case, "decide_appeal", outcome="excluded",
                 reasons="x").status_code == 403  # fmt: skip
    assert _step(third, case, "decide_appeal", outcome="excluded",
                 reasons="The certificate is for 2018").status_code == 302  # fmt: skip
    case.refresh_from_db()
    assert case.status == CaseStatus.FINAL
    assert case.final_outcome == Outcome.EXCLUDED

    actions = set(
        AuditEvent.objects.filter(object_type="vetting.case", object_id=str(case.pk)).values_list(
            "action", flat=True
        )
    )
    assert {
        "open", "read", "case.identity_confirmed", "case.notified", "case.response",
        "case.decision_proposed", "case.decision_confirmed", "case.appeal_lodged",
        "case.appeal_decided",
    } <= actions  # fmt: skip
    dumped = json.dumps(
        list(AuditEvent.objects.values_list("object_repr", "actor_name", "before", "after")),
        ensure_ascii=False,
    )
    for secret in (NAME, "Canarybird", "Ti Wil", "HNP-004512", "HRS-2019-117", REASONS,
                   RESPONSE, "Training certificate", "Rape", "national identity"):  # fmt: skip
        assert secret not in dumped


def test_case_page_explains_the_hit_and_offers_only_allowed_steps(vera: Any, reuben: Any) -> None:
    case = CaseFactory(person__names=[NAME])
    page = _as(reuben).get(reverse("vetting:case", args=["HT", case.pk])).content.decode()
    assert "all name tokens agree" in page
    assert reverse("vetting:case_step", args=["HT", case.pk, "confirm_identity"]) in page
    page = _as(vera).get(reverse("vetting:case", args=["HT", case.pk])).content.decode()
    assert "confirm_identity" not in page
    assert "another role" in page


def test_opening_a_case_is_an_audited_read(reuben: Any) -> None:
    case = CaseFactory()
    _as(reuben).get(reverse("vetting:case", args=["HT", case.pk]))
    assert AuditEvent.objects.filter(
        action="read", object_type="vetting.case", object_id=str(case.pk), actor=reuben
    ).exists()


def test_refused_step_input_reshows_the_case_with_errors(reuben: Any) -> None:
    case = CaseFactory()
    response = _step(_as(reuben), case, "confirm_identity", confirmed="yes", reasons="")
    assert response.status_code == 422
    assert "This field is required" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_unknown_step_is_404(reuben: Any) -> None:
    case = CaseFactory()
    assert _step(_as(reuben), case, "delete_everything").status_code == 404


def test_case_of_another_country_in_the_url_is_404(reuben: Any) -> None:
    case = CaseFactory(country=country("CF"))
    assert _as(reuben).get(reverse("vetting:case", args=["HT", case.pk])).status_code == 404


def test_queue_filters_and_highlights_passed_deadlines(vera: Any) -> None:
    past = timezone.localdate() - timedelta(days=2)
    late = CaseFactory(notified=True, due_on=past)
    fresh = CaseFactory(band="possible")
    client = _as(vera)
    page = client.get(reverse("vetting:cases", args=["HT"])).content.decode()
    assert page.index(f"case #{late.pk}<") < page.index(f"case #{fresh.pk}<")
    assert "rating--off_track" in page
    page = client.get(reverse("vetting:cases", args=["HT"]), {"overdue": "on"}).content.decode()
    assert f"case #{late.pk}<" in page
    assert f"case #{fresh.pk}<" not in page
    page = client.get(reverse("vetting:cases", args=["HT"]), {"band": "possible"}).content.decode()
    assert f"case #{late.pk}<" not in page
    assert f"case #{fresh.pk}<" in page
    page = client.get(reverse("vetting:cases", args=["HT"]), {"status": "open"}).content.decode()
    assert f"case #{late.pk}<" not in page


def test_make_final_form_appears_only_after_the_appeal_deadline(vera: Any) -> None:
    case = CaseFactory(decided=True)
    url = reverse("vetting:case", args=["HT", case.pk])
    assert "make_final" not in _as(vera).get(url).content.decode()
    Case.objects.filter(pk=case.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    assert "make_final" in _as(vera).get(url).content.decode()
    assert _step(_as(vera), case, "make_final").status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.FINAL


def test_person_page_is_an_audited_read(vera: Any) -> None:
    person = PersonFactory(names=[NAME])
    response = _as(vera).get(reverse("vetting:person", args=["HT", person.pk]))
    assert response.status_code == 200
    assert NAME in response.content.decode()
    event = AuditEvent.objects.get(action="read", object_type="vetting.person")
    assert event.object_id == str(person.pk)
    assert event.actor == vera


def test_personnel_list_shows_names_and_audits_the_list(vera: Any) -> None:
    PersonFactory(names=[NAME])
    response = _as(vera).get(reverse("vetting:persons", args=["HT"]))
    assert NAME in response.content.decode()
    event = AuditEvent.objects.get(action="read", object_type="core.country")
    assert event.after == {"list": "personnel", "rows": 1, "offset": 0}


def test_register_form_shows_field_errors(vera: Any) -> None:
    response = _as(vera).post(
        reverse("vetting:person_create", args=["HT"]),
        {"reference": "P1", "full_name": NAME, "date_of_birth": "1980-13"},
    )
    assert response.status_code == 422
    assert "Not a date of birth" in response.content.decode()
    assert not Person.objects.exists()


def test_roster_upload_reports_the_line_of_an_error(vera: Any) -> None:
    bad = b"person_id,full_name,date_of_birth\nP1,Jean Pierre,1980\nP2,Marie Joseph,19x0\n"
    upload = SimpleUploadedFile("hnp.csv", bad, content_type="text/csv")
    url = reverse("vetting:roster_import", args=["HT"])
    response = _as(vera).post(url, {"file": upload}, follow=True)
    refused = Job.objects.get()
    assert response.redirect_chain == [(f"/jobs/{refused.pk}/", 303)]
    assert refused.state == JobState.FAILED and refused.kind == "vetting.import_roster"
    assert "hnp.csv, line 3, field date_of_birth" in response.content.decode()
    assert not Person.objects.exists()
    good = SimpleUploadedFile("hnp.csv", bad.replace(b"19x0", b"1979"), content_type="text/csv")
    _as(vera).post(url, {"file": good})
    assert Job.objects.exclude(pk=refused.pk).get().state == JobState.SUCCEEDED
    assert Person.objects.count() == 2


def test_a_roster_waiting_for_its_job_is_encrypted_at_rest(vera: Any) -> None:
    roster = b"person_id,full_name,date_of_birth\nP1,Jean Pierre Canary,1980\n"
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        upload = SimpleUploadedFile("hnp.csv", roster, content_type="text/csv")
        _as(vera).post(reverse("vetting:roster_import", args=["HT"]), {"file": upload})
    job = Job.objects.get()
    kept = (Path(settings.MEDIA_ROOT) / "job-inputs" / job.params["input"]).read_bytes()
    assert b"Canary" not in kept and b"P1" not in kept
    assert Person.objects.count() == 0


def test_watchlist_upload_imports_the_un_list(vera: Any) -> None:
    data = (SANCTIONS / "un_sc_excerpt_2024-09-26.xml").read_bytes()
    upload = SimpleUploadedFile("consolidated.xml", data, content_type="application/xml")
    response = _as(vera).post(
        reverse("vetting:watchlists", args=["HT"]),
        {"name": "UN list", "kind": "un_sc_list", "file": upload},
    )
    assert response.status_code == 302
    watchlist = Watchlist.objects.get()
    assert watchlist.entry_count == data.count(b"<INDIVIDUAL>")
    assert watchlist.file_name == "consolidated.xml"


def test_reviewer_cannot_import_nor_screen(reuben: Any) -> None:
    upload = SimpleUploadedFile("r.csv", b"record_id,full_name\nR1,A B\n")
    response = _as(reuben).post(
        reverse("vetting:watchlists", args=["HT"]),
        {"name": "L", "kind": "records_csv", "file": upload},
    )
    assert response.status_code == 403
    assert _as(reuben).post(reverse("vetting:run_create", args=["HT"])).status_code == 403
    assert not Watchlist.objects.exists()


def test_screen_the_registry_button_runs_a_job_that_links_the_run(vera: Any) -> None:
    PersonFactory(names=[NAME], birth_date=birth_interval("1980-05-02"))
    ViolationRecordFactory(names=[NAME], birth_dates=[birth_interval("1980-05-02")])
    response = _as(vera).post(reverse("vetting:run_create", args=["HT"]), follow=True)
    assert response.status_code == 200
    run = ScreeningRun.objects.get()
    job = Job.objects.get()
    assert job.state == JobState.SUCCEEDED and job.kind == "vetting.screen_registry"
    assert job.result_url == reverse("vetting:run", args=["HT", run.pk])
    assert "1 probable and 0 possible matches" in response.content.decode()
    page = _as(vera).get(job.result_url).content.decode()
    assert f"Screening run #{run.pk}" in page
    assert f"case #{Case.objects.get().pk}" in page
    runs = _as(vera).get(reverse("vetting:runs", args=["HT"])).content.decode()
    assert f"#{run.pk}<" in runs


def test_vetting_home_links_everything_for_an_officer(vera: Any) -> None:
    page = _as(vera).get(reverse("vetting:home", args=["ht"])).content.decode()
    for name in ("persons", "records", "watchlists", "runs", "cases", "person_create"):
        assert reverse(f"vetting:{name}", args=["HT"]) in page


@pytest.mark.parametrize(
    ("page", "factory"),
    [("persons", "person"), ("records", "record"), ("cases", "case"), ("runs", "run")],
)
def test_list_pages_run_the_same_queries_for_few_or_many_rows(
    vera: Any, page: str, factory: str
) -> None:
    make = {
        "person": fv.PersonFactory,
        "record": fv.ViolationRecordFactory,
        "case": fv.CaseFactory,
        "run": fv.ScreeningRunFactory,
    }[factory]
    client = _as(vera)
    url = reverse(f"vetting:{page}", args=["HT"])
    make.create_batch(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make.create_batch(8)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)

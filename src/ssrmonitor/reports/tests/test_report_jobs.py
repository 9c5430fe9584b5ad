"""Country reports in PDF and Word are made by background jobs, for those who may have them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.core.models import Job, JobState, Membership
from ssrmonitor.testing.factories_reports import ReportWorld

pytestmark = pytest.mark.django_db
FORM = {"period": "2019-H2", "lang": "en", "audience": "internal"}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_member_gets_the_word_report_from_a_job(
    personas: dict[str, Any], world: ReportWorld
) -> None:
    client = _client(personas["alice"])
    response = client.post(reverse("reports:report_job", args=["HT", "docx"]), FORM, follow=True)
    job = Job.objects.get()
    assert response.redirect_chain == [(f"/jobs/{job.pk}/", 303)]
    assert job.state == JobState.SUCCEEDED and job.kind == "reports.country_report"
    assert job.result_name == "ssr-report-HT-2019-H2-en.docx"
    download = client.get(reverse("job_result", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")  # type: ignore[attr-defined]
    # the internal report stays the owner's only while they may still generate it
    Membership.objects.filter(user=personas["alice"]).delete()
    assert _client(personas["alice"]).get(reverse("job_result", args=[job.pk])).status_code == 404


def test_an_outsider_cannot_start_an_internal_report(
    personas: dict[str, Any], world: ReportWorld
) -> None:
    response = _client(personas["bob"]).post(
        reverse("reports:report_job", args=["HT", "pdf"]), FORM
    )
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_a_bad_period_or_format_is_refused_before_any_job(
    personas: dict[str, Any], world: ReportWorld
) -> None:
    client = _client(personas["alice"])
    bad_period = client.post(
        reverse("reports:report_job", args=["HT", "pdf"]), FORM | {"period": "2019-H3"}
    )
    bad_format = client.post(reverse("reports:report_job", args=["HT", "exe"]), FORM)
    assert bad_period.status_code in {400, 422} and bad_format.status_code in {400, 422}
    assert not Job.objects.exists()


def test_the_report_form_of_a_member_starts_jobs(
    personas: dict[str, Any], world: ReportWorld
) -> None:
    page = _client(personas["alice"]).get(reverse("reports:country", args=["HT"])).content.decode()
    assert reverse("reports:report_job", args=["HT", "pdf"]) in page
    assert 'method="post"' in page and 'name="csrfmiddlewaretoken"' in page


def test_the_posted_report_form_never_puts_its_csrf_token_in_a_url(
    personas: dict[str, Any], world: ReportWorld
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["alice"])
    page = client.get(reverse("reports:country", args=["HT"])).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    posted = FORM | {"csrfmiddlewaretoken": token}
    for url in (reverse("reports:preview", args=["HT"]),
                reverse("reports:download", args=["HT", "html"])):  # fmt: skip
        response = client.post(url, posted)
        assert response.status_code == 303
        assert response["Location"] == f"{url}?period=2019-H2&lang=en&audience=internal"
        assert client.get(response["Location"]).status_code == 200
    # without the token the post is refused, as every write-shaped request is
    assert client.post(reverse("reports:preview", args=["HT"]), FORM).status_code == 403


def test_the_public_form_stays_a_get_without_a_token(world: ReportWorld) -> None:
    page = Client().get(reverse("reports:preview", args=["HT"])).content.decode()
    form = page.split('<form class="form report-actions"')[1].split("</form>")[0]
    assert form.startswith(' method="get"') and "csrfmiddlewaretoken" not in form

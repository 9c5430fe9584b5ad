"""The respondent import runs as a background job started from the survey's import page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ssrmonitor.core.jobs.inputs import FOLDER
from ssrmonitor.core.jobs.registry import job_kind
from ssrmonitor.core.models import Job, JobState
from ssrmonitor.perceptions.models import Estimate, Respondent
from ssrmonitor.perceptions.tests import kit

pytestmark = pytest.mark.django_db

CODEBOOK = {
    "questions": {"Q37G": "q_police"}, "weight": "wt", "stratum": "strat", "cluster": "ea",
    "sex": {"column": "gender", "woman": ["2"], "man": ["1"]}, "age": "age", "region": "region",
    "area": {"column": "urbrur", "urban": ["1"], "rural": ["2"]},
}  # fmt: skip


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media" / FOLDER


def _post(user: User, survey: Any, content: bytes) -> Any:
    client = Client()
    client.force_login(user)
    upload = SimpleUploadedFile("mali.csv", content, "text/csv")
    return client.post(
        f"/perceptions/surveys/{survey.pk}/import/",
        {"file": upload, "format": "csv", "codebook": json.dumps(CODEBOOK)},
    )


def _csv(tmp_path: Path, rows: list[dict[str, Any]]) -> bytes:
    return kit.write_csv(tmp_path / "rows.csv", rows).read_bytes()


def test_the_import_page_starts_a_job_that_imports_and_discards_the_upload(
    alice: User, tmp_path: Path, _media: Path
) -> None:
    survey = kit.survey(strata_variable="strat", cluster_variable="ea")
    kit.police_question(survey)
    rows = kit.synthetic_rows()

    response = _post(alice, survey, _csv(tmp_path, rows))

    job = Job.objects.get(kind="perceptions.import_respondents")
    assert response.status_code == 303
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.owner == alice and job.country == survey.country
    assert Respondent.objects.filter(survey=survey).count() == len(rows)
    assert Estimate.objects.filter(question__survey=survey, group_kind="all").count() == 1
    assert list(_media.iterdir()) == []  # the kept upload is gone


def test_a_refused_file_fails_the_job_naming_row_and_column_and_writes_nothing(
    alice: User, tmp_path: Path, _media: Path
) -> None:
    survey = kit.survey()
    kit.police_question(survey)
    rows = kit.synthetic_rows(count=50)
    rows[11]["wt"] = "heavy"

    _post(alice, survey, _csv(tmp_path, rows))

    job = Job.objects.get(kind="perceptions.import_respondents")
    assert job.state == JobState.FAILED
    assert "12" in job.error and "wt" in job.error
    assert not Respondent.objects.filter(survey=survey).exists()
    assert list(_media.iterdir()) == []


def test_an_editor_of_another_country_cannot_start_the_import(bob: User, tmp_path: Path) -> None:
    survey = kit.survey()
    kit.police_question(survey)

    response = _post(bob, survey, _csv(tmp_path, kit.synthetic_rows(count=40)))

    assert response.status_code in {403, 404}
    assert not Job.objects.exists()


def test_the_job_kind_needs_the_import_right() -> None:
    assert str(job_kind("perceptions.import_respondents").action) == "perceptions.import"

"""A survey's questionnaire collected with ODK or KoboToolbox: the XLSForm and the respondents."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import etree

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.fieldwork import SubmissionsRefused
from ssrmonitor.core.fieldwork.xlsform import to_xform
from ssrmonitor.core.models import AuditEvent, FieldSubmission
from ssrmonitor.perceptions.fieldwork import import_survey_submissions, questionnaire_form
from ssrmonitor.perceptions.models import Estimate, Respondent, Survey
from ssrmonitor.perceptions.services import surveys
from ssrmonitor.perceptions.tests import kit
from ssrmonitor.testing.actors import SYSTEM

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
XF = {"h": "http://www.w3.org/2002/xforms", "html": "http://www.w3.org/1999/xhtml"}
CORRUPT = [{"code": "0", "label": "None"}, {"code": "1", "label": "Some"},
           {"code": "2", "label": "Most"}, {"code": "3", "label": "All of them"}]  # fmt: skip


def _field_survey() -> Survey:
    found = kit.survey(weight_variable="", name="Field round, Kayes")
    kit.police_question(found)
    surveys.add_question(
        found, acting_user=SYSTEM, code="Q37H", text="How many police are involved in corruption?",
        categories=CORRUPT, favourable=["0"],
    )  # fmt: skip
    return found


def _export(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_the_questionnaire_asks_each_question_with_its_answer_categories() -> None:
    survey = _field_survey()

    xform = etree.fromstring(to_xform(questionnaire_form(survey)).encode())

    binds = {b.get("nodeset") or "": b for b in xform.iterfind(".//h:bind", XF)}
    assert {"/data/respondent/sex", "/data/respondent/age", "/data/respondent/area"} <= set(binds)
    assert "/data/questions/q_Q37G" in binds
    assert not any("weight" in n for n in binds)  # each field respondent counts once
    questions = [n.removeprefix("/data/") for n in binds if "/meta/" not in n]
    for name, separator, delimiter in (
        ("odk_central_questionnaire.csv", "-", ","), ("kobo_questionnaire.csv", "/", ";"),
    ):  # fmt: skip
        header = _export(name).decode().split("\n", 1)[0].split(delimiter)
        asked = [c.replace(separator, "/") for c in header if c.startswith(("respondent", "q"))]
        assert asked == questions
    text = etree.tostring(xform).decode()
    assert "Q37G. How much do you trust the police?" in text and "A lot" in text


def test_kobo_submissions_become_respondents_with_estimates_and_a_reimport_changes_nothing(
    alice: User,
) -> None:
    survey = _field_survey()
    content = _export("kobo_questionnaire.csv")

    first = import_survey_submissions(survey, acting_user=alice, content=content)

    assert len(first.new) == 3
    rows = list(Respondent.objects.filter(survey=survey).order_by("row"))
    assert [(r.row, r.sex, r.age, r.region, r.area, r.weight) for r in rows] == [
        (1, "woman", 27, "Kayes", "rural", 1.0),
        (2, "man", 52, "Kayes", "urban", 1.0),
        (3, "man", 19, "Sikasso", "rural", 1.0),
    ]
    assert rows[2].answers == {"Q37G": "2", "Q37H": None}
    survey.refresh_from_db()
    assert survey.respondent_count == 3 and survey.kind == "microdata"
    events = AuditEvent.objects.count()

    again = import_survey_submissions(survey, acting_user=alice, content=content)

    assert (again.new, again.changed, again.unchanged) == ([], [], 3)
    assert Respondent.objects.filter(survey=survey).count() == 3
    assert AuditEvent.objects.count() == events


def test_odk_central_adds_its_respondent_and_an_edit_changes_it_in_place(alice: User) -> None:
    survey = _field_survey()
    import_survey_submissions(survey, acting_user=alice, content=_export("kobo_questionnaire.csv"))
    content = _export("odk_central_questionnaire.csv")
    import_survey_submissions(survey, acting_user=alice, content=content)

    edited = content.replace(b",woman,34,", b",woman,35,")
    result = import_survey_submissions(survey, acting_user=alice, content=edited)

    assert result.changed == ["uuid:22222222-bbbb-4ccc-8ddd-000000000001"]
    fourth = Respondent.objects.get(survey=survey, row=4)
    assert (fourth.age, fourth.answers) == (35, {"Q37G": "2", "Q37H": "3"})
    assert Respondent.objects.filter(survey=survey).count() == 4


def _many(count: int, answer: str = "3") -> bytes:
    """A Kobo export of ``count`` respondents (the fixture's first row, repeated)."""
    header, first = _export("kobo_questionnaire.csv").decode().splitlines()[:2]
    rows = [
        first.replace("000000000001", f"{n:012d}").replace(";rural;3;", f";rural;{answer};")
        for n in range(1, count + 1)
    ]
    return "\n".join([header, *rows, ""]).encode()


@pytest.mark.parametrize("count", [20, 120])
def test_the_queries_of_an_import_do_not_grow_with_its_submissions(alice: User, count: int) -> None:
    """Up to 20,000 submissions a file: no query per submission, new or edited (review1)."""
    survey = _field_survey()
    with CaptureQueriesContext(connection) as first:
        import_survey_submissions(survey, acting_user=alice, content=_many(count))
    with CaptureQueriesContext(connection) as edited:
        result = import_survey_submissions(survey, acting_user=alice, content=_many(count, "1"))

    assert len(result.changed) == count
    assert Respondent.objects.filter(survey=survey, answers__Q37G="1").count() == count
    assert FieldSubmission.objects.filter(changes=1).count() == count
    assert len(first) < 60 and len(edited) < 60, (len(first), len(edited))


def test_estimates_are_recomputed_from_the_field_respondents(alice: User) -> None:
    survey = _field_survey()
    rows = ["SubmissionDate,respondent-sex,respondent-age,respondent-area,questions-q_Q37G,KEY"]
    rows += [
        f"2026-09-15,{'woman' if i % 2 else 'man'},30,urban,{i % 4},uuid:r{i}" for i in range(40)
    ]

    import_survey_submissions(survey, acting_user=alice, content="\n".join(rows).encode())

    overall = Estimate.objects.get(question__code="Q37G", group_kind="all")
    assert overall.respondents == 40 and float(overall.share) == 50.0  # codes 2 and 3 of 0..3


def test_an_answer_outside_the_categories_is_named_and_nothing_is_written(alice: User) -> None:
    survey = _field_survey()
    content = _export("kobo_questionnaire.csv").replace(b";rural;3;2;", b";rural;7;2;")

    with pytest.raises(SubmissionsRefused) as caught:
        import_survey_submissions(survey, acting_user=alice, content=content)

    (problem,) = caught.value.problems
    assert (problem.row, problem.field) == (2, "q_Q37G")
    assert problem.submission == "11111111-aaaa-4bbb-8ccc-000000000001"
    assert not Respondent.objects.exists() and not FieldSubmission.objects.exists()


def test_an_age_that_is_a_digit_but_no_number_is_named_not_a_crash(alice: User) -> None:
    """A superscript two passes isdigit() but int() refuses it (review1)."""
    survey = _field_survey()
    content = _export("kobo_questionnaire.csv").replace(b";woman;27;", ";woman;2\u00b2;".encode())

    with pytest.raises(SubmissionsRefused) as caught:
        import_survey_submissions(survey, acting_user=alice, content=content)

    (problem,) = caught.value.problems
    assert (problem.row, problem.field) == (2, "age")
    assert not Respondent.objects.exists() and not FieldSubmission.objects.exists()


def test_a_weighted_survey_takes_no_field_submissions(alice: User) -> None:
    weighted = kit.survey()  # weight variable "wt"
    kit.police_question(weighted)

    with pytest.raises(ValidationFailed) as caught:
        import_survey_submissions(
            weighted, acting_user=alice, content=_export("kobo_questionnaire.csv")
        )

    assert caught.value.errors[0].field == "survey"


def test_the_pages_serve_the_questionnaire_and_take_the_upload(alice: User, victor: User) -> None:
    survey = _field_survey()
    client = Client()
    client.force_login(alice)
    upload = SimpleUploadedFile("export.csv", _export("kobo_questionnaire.csv"), "text/csv")

    page = client.get(f"/perceptions/surveys/{survey.pk}/")
    form = client.get(f"/perceptions/surveys/{survey.pk}/xlsform.xlsx")
    done = client.post(f"/perceptions/surveys/{survey.pk}/submissions/", {"file": upload})

    assert b"/xlsform.xlsx" in page.content and b"/submissions/" in page.content
    assert form.status_code == 200 and "q_Q37H" in to_xform(form.content)
    assert done.status_code == 302 and Respondent.objects.count() == 3
    client.force_login(victor)
    assert client.get(f"/perceptions/surveys/{survey.pk}/submissions/").status_code == 403

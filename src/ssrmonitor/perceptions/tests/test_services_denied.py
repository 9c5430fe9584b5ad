"""Every service of the perceptions app refuses an actor without its action."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssrmonitor.perceptions import jobs
from ssrmonitor.perceptions.fieldwork import import_survey_submissions
from ssrmonitor.perceptions.services import consultations, imports, sdg, surveys
from ssrmonitor.perceptions.tests import kit
from ssrmonitor.testing.actors import DeniedCase, assert_denied, call
from ssrmonitor.testing.factories import BenchmarkFactory, country

SDG_XML = (Path(__file__).parent / "fixtures" / "sdg" / "example_1-1-1_generic.xml").read_bytes()
TABLE = b"question,group,value,share,ci_low,ci_high,respondents\nQ37G,all,,50,45,55,100\n"


def _with_question() -> object:
    found = kit.survey()
    kit.police_question(found)
    return found


def _respondent_file() -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    return kit.write_csv(folder / "s.csv", kit.synthetic_rows(40))


FIELD_EXPORT = b"respondent/sex,questions/q_Q37G,_id,_uuid\nwoman,3,1,a1\n"


def _field_survey() -> object:
    found = kit.survey(weight_variable="")
    kit.police_question(found)
    return found


def _recommendation() -> object:
    return consultations.add_recommendation(
        kit.consultation(), acting_user=kit.SYSTEM, text="Open police posts in rural areas."
    )


CASES: list[DeniedCase] = [
    DeniedCase(
        jobs.submit_respondents_import,
        lambda: call(
            survey=_with_question(),
            chunks=[b"id,wt\n"],
            fmt="csv",
            codebook={},
            file_name="s.csv",
        ),
    ),
    DeniedCase(
        surveys.create_survey,
        lambda: call(
            country=country("HT"), series="S", name="N", round_number=1, source="x", licence="y"
        ),
    ),
    DeniedCase(surveys.update_survey, lambda: call(kit.survey(), name="Renamed")),
    DeniedCase(
        surveys.add_question,
        lambda: call(
            kit.survey(), code="Q1", text="Trust?", categories=kit.TRUST, favourable=["3"]
        ),
    ),
    DeniedCase(surveys.update_question, lambda: call(kit.police_question(kit.survey()), text="T?")),
    DeniedCase(surveys.create_item, lambda: call(key="trust_courts", label="Trust in the courts")),
    DeniedCase(
        imports.import_respondents,
        lambda: call(_with_question(), path=_respondent_file(), fmt="csv", codebook=kit.CODEBOOK),
    ),
    DeniedCase(imports.compute_estimates, lambda: call(_with_question())),
    DeniedCase(
        sdg.import_sdg_data,
        lambda: call(country=country("HT"), content=SDG_XML.replace(b'"826"', b'"332"')),
    ),
    DeniedCase(imports.import_published_table, lambda: call(_with_question(), content=TABLE)),
    DeniedCase(
        consultations.create_consultation,
        lambda: call(
            country=country("HT"), title="Hearing", held_on="2025-01-01", place="P", organiser="O"
        ),
    ),
    DeniedCase(consultations.update_consultation, lambda: call(kit.consultation(), title="T")),
    DeniedCase(
        consultations.set_links, lambda: call(kit.consultation(), benchmarks=[BenchmarkFactory()])
    ),
    DeniedCase(consultations.add_recommendation, lambda: call(kit.consultation(), text="More.")),
    DeniedCase(consultations.update_recommendation, lambda: call(_recommendation(), text="Less.")),
    # --- field submissions (ODK Central, KoboToolbox) of a questionnaire ------------------
    DeniedCase(import_survey_submissions, lambda: call(_field_survey(), content=FIELD_EXPORT)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_refuses_an_actor_without_the_action(case: DeniedCase) -> None:
    assert_denied(case)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_same_call_succeeds_for_an_actor_with_the_action(case: DeniedCase) -> None:
    args, kwargs = case.build()
    case.service(*args, acting_user=kit.SYSTEM, **kwargs)

"""Population perspectives: surveys and consultations, published and internal (see ``kit.py``).

The world (``perceptions/tests/route_world.py``) holds a published and an internal survey of
Haiti, an internal survey of the CAR, a published and an internal consultation of Haiti with a
recommendation each. Country pages and downloads are public (what they list depends on who
asks); writing needs ``perceptions.edit`` (editor, administrator) and imports
``perceptions.import`` (the same roles) in the object's country.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.routes.kit import EDITORS, EVERYONE, HIDDEN, INTERNAL, SIGNED_IN, SUPER, Pk, api, page

SDG_XML = (
    Path(__file__).parents[2]
    / "src/ssrmonitor/perceptions/tests/fixtures/sdg/example_1-1-1_generic.xml"
)
CF = frozenset({"outsider"}) | SUPER  # an editor of the CAR sees its internal survey
SURVEY = {
    "series": "Afrobarometer", "name": "Round 10", "round_number": 10, "source": "Survey office",
    "licence": "Public release", "weight_variable": "wt",
}  # fmt: skip
CONSULTATION = {
    "title": "Youth hearing", "kind": "hearing", "held_on": "2025-05-01", "place": "Cap-Haïtien",
    "organiser": "Youth council", "women_youth": 4, "women_older": 0, "men_youth": 6,
    "men_older": 0, "unspecified": 0, "civil_society": 2, "womens_organisations": 0,
    "youth_organisations": 8, "customary_authorities": 0, "security_personnel": 1,
}  # fmt: skip
QUESTION = {"code": "Q37H", "text": "Trust the army?", "categories": "0 = No\n1 = Yes",
            "favourable": "1"}  # fmt: skip
TABLE = b"question,group,value,share,ci_low,ci_high,respondents\nQ37G,all,,40.0,35.0,45.0,300\n"
RESPONDENTS = "perceptions:respondents_import"
CODEBOOK = '{"questions": {"Q37G": "q"}, "weight": "wt"}'
RECOMMENDATION = {"text": "Hold hearings in every department.", "follow_up": "open"}
READ = {"survey_published": EVERYONE, "survey_internal": INTERNAL, "survey_cf": CF}
CONSULTATIONS = {"consultation_published": EVERYONE, "consultation_internal": INTERNAL}


def _table(objects: dict[str, Any]) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("table.csv", TABLE, "text/csv")}


def _sdg(objects: dict[str, Any]) -> dict[str, Any]:
    content = SDG_XML.read_bytes().replace(b'"826"', b'"332"')  # Haiti's M49 code
    return {"file": SimpleUploadedFile("sdg.xml", content, "application/xml")}


def _open_sdg(objects: dict[str, Any]) -> dict[str, Any]:
    content = b"Year,Sex,Value\n2020,,10.5\n2020,Female,8\n"  # 16.5.1 has one series
    return {"file": SimpleUploadedFile("indicator_16-5-1.csv", content, "text/csv")}


def _respondents(objects: dict[str, Any]) -> dict[str, Any]:
    rows = "wt,q\n" + "".join(f"1.{i % 5},{i % 4}\n" for i in range(40))
    upload = SimpleUploadedFile("survey.csv", rows.encode(), "text/csv")
    return {"file": upload, "format": "csv", "codebook": CODEBOOK}


def _writes(route: str, arg: str, post: Any, **options: Any) -> list[Any]:
    """GET the form, then POST it: the editors of Haiti succeed, other members see 403."""
    return [
        page(route, arg, ok=EDITORS, seen=SIGNED_IN, **options),
        page(route, arg, ok=EDITORS, seen=SIGNED_IN, post=post, **options),
    ]


CASES = [
    page("perceptions:index", ok=EVERYONE),
    page("perceptions:country", "HT", ok=EVERYONE),
    page("perceptions:estimates_csv", "HT", ok=EVERYONE),
    page("perceptions:estimates_xlsx", "HT", ok=EVERYONE),
    page("perceptions:consultations", "HT", ok=EVERYONE),
    page("perceptions:consultations_csv", "HT", ok=EVERYONE),
    page("perceptions:consultations_xlsx", "HT", ok=EVERYONE),
    *[page("perceptions:survey", f"@{n}", ok=ok, public=HIDDEN, state=n) for n, ok in READ.items()],
    *[
        page("perceptions:consultation", f"@{n}", ok=ok, public=HIDDEN, state=n)
        for n, ok in CONSULTATIONS.items()
    ],
    page("perceptions:survey_create", "HT", ok=EDITORS, seen=SIGNED_IN),
    page("perceptions:sdg_import", "HT", ok=EDITORS, seen=SIGNED_IN),
    page("perceptions:sdg_import", "HT", ok=EDITORS, seen=SIGNED_IN, post=_sdg),
    page(
        "perceptions:sdg_import",
        "HT",
        ok=EDITORS,
        seen=SIGNED_IN,
        post=_open_sdg,
        state="an Open SDG CSV",
    ),
    page("perceptions:survey_create", "HT", ok=EDITORS, seen=SIGNED_IN, post=SURVEY),
    *_writes("perceptions:survey_edit", "@survey_published", {**SURVEY, "round_number": 9}),
    page(
        "perceptions:survey_edit", "@survey_internal", ok=EDITORS, seen=INTERNAL, state="internal"
    ),
    *_writes("perceptions:question_add", "@survey_published", QUESTION),
    page(RESPONDENTS, "@survey_published", ok=EDITORS, seen=SIGNED_IN),
    # the import runs as a background job: the POST answers 303 to the job's page
    page(
        RESPONDENTS, "@survey_published", ok=EDITORS, seen=SIGNED_IN, post=_respondents, status=303
    ),
    *_writes("perceptions:table_import", "@survey_published", _table),
    page("perceptions:consultation_create", "HT", ok=EDITORS, seen=SIGNED_IN),
    page("perceptions:consultation_create", "HT", ok=EDITORS, seen=SIGNED_IN, post=CONSULTATION),
    *_writes("perceptions:consultation_edit", "@consultation_published", CONSULTATION),
    page(
        "perceptions:consultation_edit",
        "@consultation_internal",
        ok=EDITORS,
        seen=INTERNAL,
        state="internal",
    ),
    *_writes(
        "perceptions:consultation_links",
        "@consultation_published",
        {"benchmarks": [Pk("bm_published")]},
    ),
    *_writes("perceptions:recommendation_add", "@consultation_published", RECOMMENDATION),
    *_writes(
        "perceptions:recommendation_edit",
        "@recommendation_published",
        {**RECOMMENDATION, "follow_up": "implemented", "follow_up_note": "Done in 2026."},
    ),
    page(
        "perceptions:recommendation_edit",
        "@recommendation_internal",
        ok=EDITORS,
        seen=INTERNAL,
        state="internal",
    ),
    api("GET /perceptions/surveys", ok=EVERYONE),
    *[
        api("GET /perceptions/surveys/{survey_id}", f"@{n}", ok=ok, state=n)
        for n, ok in READ.items()
    ],
    api("GET /perceptions/consultations", ok=EVERYONE),
    *[
        api("GET /perceptions/consultations/{consultation_id}", f"@{n}", ok=ok, state=n)
        for n, ok in CONSULTATIONS.items()
    ],
    api("GET /perceptions/countries/{iso2}/participation", "HT", ok=EVERYONE),
    # the SDG catalogue and a country's imported SDG values are public statistics
    api("GET /perceptions/sdg/catalogue", ok=EVERYONE),
    api("GET /perceptions/countries/{iso2}/sdg", "HT", ok=EVERYONE),
]

# Field collection (ODK, KoboToolbox): a survey's questionnaire and its submissions
FIELD_EXPORT = b"respondent/sex,questions/q_Q37G,_id,_uuid\nwoman,3,1,a1b2\n"


def _field_upload(objects: dict[str, Any]) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("export.csv", FIELD_EXPORT, "text/csv")}


CASES += [
    page("perceptions:survey_xlsform", "@survey_published", ok=EDITORS, seen=SIGNED_IN),
    page(
        "perceptions:survey_xlsform",
        "@survey_internal",
        ok=EDITORS,
        seen=INTERNAL,
        state="internal (no question yet: refused)",
        status=422,
    ),
    page("perceptions:survey_submissions", "@survey_published", ok=EDITORS, seen=SIGNED_IN),
    page(
        "perceptions:survey_submissions",
        "@survey_published",
        ok=EDITORS,
        seen=SIGNED_IN,
        post=_field_upload,
        status=422,
        audited=False,
        state="a weighted survey takes no field submissions",
    ),
]

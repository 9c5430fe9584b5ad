"""Sector: institutions (public or internal), roles, oversight, personnel, budgets, imports.

Sector pages and reads are public with what the public may see (public institutions, personnel
with small cells suppressed); ``inst_internal`` is not public. Changes need ``sector.edit``
(``sector.import`` for the bulk import) in the country.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.routes.kit import EDITORS, EVERYONE, HIDDEN, INTERNAL, SIGNED_IN, Pk, api, page

VERSION = {"name_en": "Police", "kind": "police", "coverage": "national", "status": "active"}
NEW_INSTITUTION = {**VERSION, "key": "PNH2", "valid_from": "2020-01-01", "is_public": "on"}
CHANGE = {**VERSION, "valid_from": "2024-06-01", "change_note": "A new head"}
ROLE = {"function": Pk("function_order"), "institution": Pk("inst_ministry"), "role": "support"}
INSTITUTIONS_CSV = "key,name_en,kind,valid_from\r\nDGI,Customs,customs,2020-01-01\r\n"
DATASETS = ("institutions", "oversight", "roles", "personnel", "budget", "reference")


def _csv_upload(objects: dict[str, Any]) -> dict[str, Any]:
    upload = SimpleUploadedFile("institutions.csv", INSTITUTIONS_CSV.encode(), "text/csv")
    return {"kind": "institutions", "file": upload}


def _edit(route: str, *args: Any, seen: Any = SIGNED_IN, **options: Any) -> Any:
    return page(f"sector:{route}", *args, ok=EDITORS, seen=seen, **options)


CASES = [
    *[
        page(f"sector:{name}", "HT", ok=EVERYONE)
        for name in ("country", "roles", "personnel", "expenditure")
    ],
    *[
        page("sector:export", "HT", dataset, "csv", ok=EVERYONE, state=dataset)
        for dataset in DATASETS
    ],
    page("sector:export", "HT", "personnel", "xlsx", ok=EVERYONE, state="xlsx"),
    page("sector:template", "institutions", "csv", ok=EVERYONE),
    page("sector:institution", "@inst_police", ok=EVERYONE, state="public"),
    page("sector:institution", "@inst_internal", ok=INTERNAL, public=HIDDEN, state="internal"),
    page("sector:institution", "@inst_cf", ok=EVERYONE, state="CF"),
    _edit("institution_create", "HT"),
    _edit("institution_create", "HT", post=NEW_INSTITUTION),
    _edit("institution_change", "@inst_police"),
    _edit("institution_change", "@inst_police", post=CHANGE),
    _edit("institution_change", "@inst_internal", seen=INTERNAL, state="internal"),
    _edit("role_set", "HT", post=ROLE),
    _edit("bulk_import", "HT"),
    _edit("bulk_import", "HT", post=_csv_upload),
    api("GET /sector/countries/{iso2}/institutions", "HT", ok=EVERYONE),
    api("GET /sector/institutions/{institution_id}", "@inst_police", ok=EVERYONE, state="public"),
    api(
        "GET /sector/institutions/{institution_id}", "@inst_internal", ok=INTERNAL, state="internal"
    ),
    api("GET /sector/countries/{iso2}/roles", "HT", ok=EVERYONE),
    api("GET /sector/institutions/{institution_id}/personnel", "@inst_police", ok=EVERYONE),
    api("GET /sector/countries/{iso2}/expenditure", "HT", ok=EVERYONE),
    api("GET /sector/countries/{iso2}/reference", "HT", ok=EVERYONE),
    api(
        "POST /sector/countries/{iso2}/institutions",
        "HT",
        ok=EDITORS,
        status=201,
        seen=SIGNED_IN,
        body={
            "key": "LNP",
            "names": {"en": "Police"},
            "kind": "police",
            "valid_from": "2008-01-01",
        },
    ),
    api(
        "POST /sector/institutions/{institution_id}/changes",
        "@inst_police",
        ok=EDITORS,
        status=201,
        seen=SIGNED_IN,
        body={"valid_from": "2024-06-01", "change_note": "A new head", "head": "N. N."},
    ),
    api(
        "POST /sector/institutions/{institution_id}/changes",
        "@inst_internal",
        ok=EDITORS,
        status=201,
        seen=INTERNAL,
        state="internal",
        body={"valid_from": "2024-06-01", "change_note": "A new head", "head": "N. N."},
    ),
    api(
        "PUT /sector/institutions/{institution_id}/personnel/{period}",
        "@inst_police",
        "2025",
        ok=EDITORS,
        seen=SIGNED_IN,
        body={"counts": [{"rank": "officer", "sex": "female", "count": 3}]},
    ),
    api(
        "POST /sector/institutions/{institution_id}/budget-lines",
        "@inst_police",
        ok=EDITORS,
        seen=SIGNED_IN,
        body={
            "fiscal_year": 2025,
            "economic": "personnel",
            "cofog": "03",
            "funding_source": "domestic",
            "allocated": "1000",
            "currency": "HTG",
        },
    ),
    api(
        "POST /sector/countries/{iso2}/functions",
        "HT",
        ok=EDITORS,
        seen=SIGNED_IN,
        body={"code": "border_control", "names": {"en": "Border control"}},
    ),
    api(
        "PUT /sector/institutions/{institution_id}/roles/{code}",
        "@inst_ministry",
        "public_order",
        ok=EDITORS,
        status=204,
        seen=SIGNED_IN,
        body={"role": "support"},
    ),
    api(
        "POST /sector/oversight",
        ok=EDITORS,
        seen=SIGNED_IN,
        body={
            "overseer_id": Pk("inst_police"),
            "overseen_id": Pk("inst_ministry"),
            "instrument": "hearings",
        },
    ),
    api(
        "DELETE /sector/oversight/{relation_id}",
        "@oversight_relation",
        ok=EDITORS,
        status=204,
        seen=SIGNED_IN,
    ),
    api(
        "PUT /sector/institutions/{institution_id}/target",
        "@inst_police",
        ok=EDITORS,
        seen=SIGNED_IN,
        body={"target_share": "11", "source": "S/2018/527"},
    ),
    api(
        "PUT /sector/countries/{iso2}/fiscal/{fiscal_year}",
        "HT",
        "2025",
        ok=EDITORS,
        status=204,
        seen=SIGNED_IN,
        body={"currency": "HTG"},
    ),
]

# Field collection (ODK, KoboToolbox): an institution's personnel return
FIELD_EXPORT = (
    "period,rank_officer/officer_female,rank_officer/officer_male,rank_nco/nco_female,"
    "rank_nco/nco_male,rank_other/other_female,rank_other/other_male,_id,_uuid,_submission_time\n"
    "2026-Q2,4,38,9,121,61,987,201004512,d41c7e2a-6b3f-4a8d,2026-07-08T10:21:44\n"
)


def _field_upload(objects: dict[str, Any]) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("export.csv", FIELD_EXPORT.encode(), "text/csv")}


CASES += [
    _edit("personnel_xlsform", "@inst_police"),
    _edit("personnel_xlsform", "@inst_internal", seen=INTERNAL, state="internal"),
    _edit("personnel_submissions", "@inst_police"),
    _edit("personnel_submissions", "@inst_police", post=_field_upload),
]

"""Vetting: the registries (personnel, records, watchlists), screening runs and cases.

Personal data goes only to the vetting officer and reviewer of Haiti (``PERSONAL``); every other
role of Haiti, and the superuser, sees the vetting statistics only (``STATS``), so a registry page
answers them 403 with the reason; anybody else — the CAR's vetting officer too — 404. The API's
vetting routes need credentials (the public gets 401). The world: ``person``, ``record``,
``run``, and a case in each status of due process (``case_open`` … ``case_unappealed``).
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.routes.kit import (
    DECIDERS,
    HT_ANY,
    OFFICER,
    PERSONAL,
    UNAUTHORISED,
    api,
    page,
)

STATS = HT_ANY  # vetting.view_statistics: every role of Haiti, and the superuser
PERSON = {"reference": "HNP-09999", "full_name": "Jean Test", "date_of_birth": "1980-05"}
RECORD = {
    "reference": "REC-9999",
    "full_name": "Jean Test",
    "category": "corruption",
    "source_reliability": "usually_reliable",
    "status": "allegation",
}
ROSTER = "person_id,full_name\r\nP900,Jean Test\r\n"
RECORDS = "record_id,full_name,category\r\nR900,Jean Test,corruption\r\n"


def _today() -> str:
    return timezone.localdate().isoformat()


def _roster(objects: dict[str, Any]) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("roster.csv", ROSTER.encode(), "text/csv")}


def _records(objects: dict[str, Any]) -> dict[str, Any]:
    upload = SimpleUploadedFile("records.csv", RECORDS.encode(), "text/csv")
    return {"file": upload, "name": "Records", "kind": "records_csv"}


def registry(route: str, *args: Any, ok: Any = PERSONAL, **options: Any) -> Any:
    return page(f"vetting:{route}", "HT", *args, ok=ok, seen=STATS, **options)


# step → (case in the right status, who takes it, form data of the page, body of the API)
STEPS: dict[str, tuple[str, Any, Any, Any]] = {
    "confirm_identity": (
        "case_open",
        DECIDERS,
        {"confirmed": "yes", "reasons": "Same person."},
        {"confirmed": True, "reasons": "Same person."},
    ),
    "record_notification": (
        "case_confirmed",
        OFFICER,
        lambda o: {"notified_on": _today(), "means": "letter"},
        lambda o: {"notified_on": _today(), "means": "letter"},
    ),
    "record_response": (
        "case_notified",
        OFFICER,
        lambda o: {"response": "I deny it.", "received_on": _today()},
        lambda o: {"response": "I deny it.", "received_on": _today()},
    ),
    "record_no_response": ("case_silent", OFFICER, {"reasons": ""}, {"reasons": ""}),
    "propose_decision": (
        "case_response",
        DECIDERS,
        {"outcome": "excluded", "reasons": "Credible."},
        {"outcome": "excluded", "reasons": "Credible."},
    ),
    "confirm_decision": ("case_proposed", DECIDERS, {"reasons": "Agreed."}, {"reasons": "Ok."}),
    "send_back_decision": (
        "case_proposed",
        DECIDERS,
        {"reasons": "More evidence."},
        {"reasons": "More evidence."},
    ),
    "lodge_appeal": (
        "case_decided",
        OFFICER,
        lambda o: {"lodged_on": _today(), "grounds": "New facts."},
        lambda o: {"lodged_on": _today(), "grounds": "New facts."},
    ),
    "decide_appeal": (
        "case_appealed",
        DECIDERS,
        {"outcome": "cleared", "reasons": "New facts."},
        {"outcome": "cleared", "reasons": "New facts."},
    ),
    "make_final": ("case_unappealed", OFFICER | DECIDERS, {}, None),
}
API_STEPS = {
    "confirm_identity": "identity",
    "record_notification": "notification",
    "record_response": "response",
    "record_no_response": "no-response",
    "propose_decision": "proposal",
    "confirm_decision": "confirmation",
    "send_back_decision": "send-back",
    "lodge_appeal": "appeal",
    "decide_appeal": "appeal-decision",
    "make_final": "final",
}


def vetting_api(route: str, *args: Any, ok: Any = PERSONAL, **options: Any) -> Any:
    return api(route, "HT", *args, ok=ok, seen=STATS, public=UNAUTHORISED, **options)


CASES = [
    registry("home", ok=STATS),
    registry("persons"),
    registry("person", "@person"),
    registry("person_create", ok=OFFICER),
    registry("person_create", ok=OFFICER, post=PERSON),
    registry("person_edit", "@person", ok=OFFICER),
    registry("person_edit", "@person", ok=OFFICER, post=PERSON),
    registry("person_screen", "@person", ok=OFFICER, post={}),
    registry("roster_import", ok=OFFICER),
    registry("roster_import", ok=OFFICER, post=_roster, status=303),  # to the job's page
    registry("runs"),
    registry("run", "@run"),
    registry("run_create", ok=OFFICER, post={}, status=303),  # to the job's page
    registry("records"),
    registry("record", "@record"),
    registry("record_create", ok=OFFICER),
    registry("record_create", ok=OFFICER, post=RECORD),
    registry("record_edit", "@record", ok=OFFICER),
    registry("record_edit", "@record", ok=OFFICER, post=RECORD),
    registry("watchlists"),
    registry("watchlists", ok=OFFICER, post=_records),
    registry("cases"),
    registry("case", "@case_open"),
    page(
        "vetting:case",
        "CF",
        "@case_cf",
        ok={"outsider_vetting"},
        seen={"outsider", "superuser"},
        state="CF",
    ),
    *[
        registry("case_step", f"@{case}", step, ok=who, post=form, state=step)
        for step, (case, who, form, _body) in STEPS.items()
    ],
    vetting_api("GET /vetting/{iso2}/persons"),
    vetting_api("GET /vetting/{iso2}/persons/{person_id}", "@person"),
    vetting_api(
        "POST /vetting/{iso2}/persons",
        ok=OFFICER,
        status=201,
        body={"reference": "X1", "names": ["Jean Test"]},
    ),
    vetting_api("POST /vetting/{iso2}/screen", ok=OFFICER, body={"names": ["Jean Test"]}),
    vetting_api("GET /vetting/{iso2}/records"),
    vetting_api("GET /vetting/{iso2}/records/{record_id}", "@record"),
    vetting_api(
        "POST /vetting/{iso2}/records",
        ok=OFFICER,
        status=201,
        body={"reference": "R9", "names": ["Jean Test"], "category": "corruption"},
    ),
    vetting_api("GET /vetting/{iso2}/runs"),
    vetting_api("POST /vetting/{iso2}/runs", ok=OFFICER, status=201),
    vetting_api("GET /vetting/{iso2}/cases"),
    vetting_api("GET /vetting/{iso2}/cases/{case_id}", "@case_open"),
    *[
        vetting_api(
            f"POST /vetting/{{iso2}}/cases/{{case_id}}/{API_STEPS[step]}",
            f"@{case}",
            ok=who,
            body=body,
        )
        for step, (case, who, _form, body) in STEPS.items()
    ],
]

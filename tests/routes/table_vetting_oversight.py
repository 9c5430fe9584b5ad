"""Vetting: age assessment, statistics, exports of personal data and the screening thresholds.

Age assessments are seen by holders of ``vetting.assess_age`` (the vetting officer and the child
protection officer, ``AGE``); only the latter resolves a referral. An export of personal data is
requested by someone who may see that data and approved by a vetting reviewer other than the
requester (``export_requested`` was asked by the vetting officer).
"""

from __future__ import annotations

from tests.routes.kit import (
    ADMINS,
    AGE,
    CHILD,
    DECIDERS,
    HT_ANY,
    PERSONAL,
    SIGNED_IN,
    UNAUTHORISED,
    api,
    page,
)

STATS = HT_ANY
EXPORT_SEEN = PERSONAL | AGE  # who sees Haiti's exports (their personal data in any scope)
ASSESSMENT = {"candidate_names": "Jean Pierre", "enlistment_date": "2026-06-15"}
EVIDENCE = {"kind": "birth_certificate", "birth_date": "2004-09-30"}

CASES = [
    page("vetting:age_list", ok=SIGNED_IN),
    page("vetting:age_new", "HT", ok=AGE, seen=SIGNED_IN),
    page("vetting:age_new", "HT", ok=AGE, seen=SIGNED_IN, post=ASSESSMENT),
    page("vetting:age_detail", "@age_pending", ok=AGE),
    page("vetting:age_evidence", "@age_pending", ok=AGE, post=EVIDENCE),
    page("vetting:age_decide", "@age_pending", ok=AGE, post={"note": ""}),
    page(
        "vetting:age_resolve",
        "@age_referred",
        ok=CHILD,
        seen=AGE,
        post={"resolution": "child", "note": "No document."},
    ),
    page("vetting:statistics_index", ok=SIGNED_IN),
    page("vetting:statistics", "HT", ok=STATS),
    page("vetting:exports", ok=SIGNED_IN),
    page("vetting:export_request", "HT", ok=PERSONAL | AGE, seen=STATS),
    page(
        "vetting:export_request",
        "HT",
        ok=PERSONAL,
        seen=STATS,
        post={"scope": "personnel", "reason": "Transfer to the inspectorate."},
    ),
    page("vetting:export_approve", "@export_requested", ok=DECIDERS, seen=EXPORT_SEEN, post={}),
    page("vetting:export_refuse", "@export_requested", ok=DECIDERS, seen=EXPORT_SEEN, post={}),
    page(
        "vetting:export_download",
        "@export_approved",
        ok={"vetting_officer"},
        status=200,
        seen=EXPORT_SEEN,
        post={},
    ),
    page("vetting:policy", "HT", ok=ADMINS, seen=SIGNED_IN),
    page(
        "vetting:policy",
        "HT",
        ok=ADMINS,
        seen=SIGNED_IN,
        post={"probable": "0.95", "possible": "0.7"},
    ),
    api(
        "POST /vetting/age-assessments",
        ok=AGE,
        status=201,
        seen=SIGNED_IN,
        body={"country": "HT", "enlistment_date": "2026-06-15", "candidate_names": ["Jean Pierre"]},
    ),
    api(
        "GET /vetting/age-assessments/{assessment_id}", "@age_pending", ok=AGE, public=UNAUTHORISED
    ),
    api(
        "POST /vetting/age-assessments/{assessment_id}/evidence",
        "@age_pending",
        ok=AGE,
        status=201,
        body={"kind": "birth_certificate", "birth_date": "2004-09-30"},
    ),
    api(
        "POST /vetting/age-assessments/{assessment_id}/decide",
        "@age_pending",
        ok=AGE,
        body={"note": ""},
    ),
    api(
        "POST /vetting/age-assessments/{assessment_id}/resolve",
        "@age_referred",
        ok=CHILD,
        seen=AGE,
        body={"eligible": False, "note": "No document."},
    ),
    api("GET /vetting/statistics/{iso2}", "HT", ok=STATS, public=UNAUTHORISED),
    api(
        "POST /vetting/exports",
        ok=PERSONAL,
        status=201,
        seen=SIGNED_IN,
        body={"country": "HT", "scope": "personnel", "reason": "Transfer to the inspectorate."},
    ),
    api(
        "POST /vetting/exports/{export_id}/approve",
        "@export_requested",
        ok=DECIDERS,
        seen=EXPORT_SEEN,
    ),
    api(
        "POST /vetting/exports/{export_id}/refuse",
        "@export_requested",
        ok=DECIDERS,
        seen=EXPORT_SEEN,
    ),
]

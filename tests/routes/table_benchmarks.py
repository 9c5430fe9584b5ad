"""Benchmarks: frameworks, benchmarks, indicators, values and their review, exports.

The world: Haiti's published framework (``fw_published``, its ``bm_published`` and
``ind_published`` with values ``m_draft``, ``m_submitted``, ``m_approved`` and ``m_returned``
entered by the editor, and evidence ``ev_draft`` and ``ev_approved``), an unpublished one
(``fw_internal``), a published one still in draft (``fw_draft``); the CAR's unpublished
``fw_cf`` with a submitted value ``m_cf``.
"""

from __future__ import annotations

from tests.routes.kit import (
    DRAFTS,
    EDITORS,
    EVERYONE,
    HIDDEN,
    INTERNAL,
    REVIEWERS,
    SIGNED_IN,
    SUPER,
    Case,
    Pk,
    api,
    page,
)

CF = frozenset({"outsider"}) | SUPER  # who sees the CAR's internal data
VALUE = {"period": "2019-Q4", "value": "1.36"}
FRAMEWORK = {"title": "Transition benchmarks", "status": "active", "kind": "other"}
BENCHMARK = {"code": "9", "text": "The police is present nationwide.", "owner": "un", "position": 9}
INDICATOR = {"code": "9.1", "definition": "Police stations open", "kind": "quantitative"}
BENCHMARK_FORM = {**BENCHMARK, "component": "police"}
INDICATOR_FORM = {**INDICATOR, "direction": "increase", "frequency": "annual", "position": 1}

# who reads each object: everyone else gets 404 (the public too: these pages need no sign-in)
READERS = {
    "fw_published": EVERYONE,
    "fw_internal": INTERNAL,
    "fw_draft": INTERNAL,
    "fw_cf": CF,
    "ind_published": EVERYONE,
    "ind_internal": INTERNAL,
    "ind_cf": CF,
    "bm_published": EVERYONE,
    "bm_internal": INTERNAL,
    "m_draft": DRAFTS,
    "m_submitted": INTERNAL,
    "m_approved": EVERYONE,
    "m_returned": DRAFTS,
    "m_cf": CF,
    "ev_draft": DRAFTS,
    "ev_approved": EVERYONE,
}


def _reads() -> list[Case]:
    cases = []
    for name, route in (
        ("fw_published", "framework"),
        ("fw_internal", "framework"),
        ("fw_draft", "framework"),
        ("fw_cf", "framework"),
        ("ind_published", "indicator"),
        ("ind_internal", "indicator"),
        ("ind_cf", "indicator"),
        ("ind_published", "indicator_chart"),
        ("ind_internal", "indicator_chart"),
        ("m_draft", "measurement"),
        ("m_submitted", "measurement"),
        ("m_approved", "measurement"),
        ("m_returned", "measurement"),
        ("m_cf", "measurement"),
        ("ev_draft", "evidence_download"),
        ("ev_approved", "evidence_download"),
        ("fw_published", "framework_export"),
        ("fw_internal", "framework_export"),
        ("fw_cf", "framework_export"),
    ):
        args = (f"@{name}", "csv") if route == "framework_export" else (f"@{name}",)
        cases.append(
            page(f"benchmarks:{route}", *args, ok=READERS[name], public=HIDDEN, state=name)
        )
    return cases


def _editing(route: str, target: str, post: dict[str, object] | None = None) -> list[Case]:
    """The GET and POST of an editor's page on ``target``: who sees it but may not, 403."""
    seen = READERS[target] & SIGNED_IN
    at = f"@{target}"
    cases = [page(f"benchmarks:{route}", at, ok=EDITORS, seen=seen, state=target)]
    if post is not None:
        cases.append(
            page(f"benchmarks:{route}", at, post=post, ok=EDITORS, seen=seen, state=target)
        )
    return cases


CASES = [
    page("benchmarks:country", "HT", ok=EVERYONE),
    page("benchmarks:country", "CF", ok=EVERYONE, state="CF"),
    page("benchmarks:country_export", "HT", "csv", ok=EVERYONE),
    # SDMX of the indicators mapped to SDG series (none in the world: 204 No Content)
    page("benchmarks:sdg_export", "HT", "csv", ok=EVERYONE, status=204),
    # a large XLSX export as a background job: what each may see of Haiti (303 to the job)
    page("benchmarks:export_job", "country", "HT", post={}, ok=SIGNED_IN, status=303),
    page("benchmarks:review_queue", ok=SIGNED_IN),
    *_reads(),
    # the framework editor
    page("benchmarks:framework_create", "HT", ok=EDITORS, seen=SIGNED_IN),
    page("benchmarks:framework_create", "HT", post=FRAMEWORK, ok=EDITORS, seen=SIGNED_IN),
    *_editing("framework_edit", "fw_internal", FRAMEWORK),
    *_editing("framework_edit", "fw_published"),
    *_editing("benchmark_create", "fw_internal", BENCHMARK_FORM),
    *_editing("benchmark_edit", "bm_internal", BENCHMARK_FORM),
    *_editing("indicator_create", "bm_internal", INDICATOR_FORM),
    *_editing("indicator_edit", "ind_internal", INDICATOR_FORM),
    # data entry and review (values entered by the editor: never reviewed by them)
    *_editing("measurement_create", "ind_internal", VALUE),
    *_editing("measurement_create", "ind_published"),
    *_editing("measurement_edit", "m_draft", {"period": "2019-Q1", "value": "1.4"}),
    page("benchmarks:measurement_edit", "@m_submitted", ok=set(), seen=INTERNAL, state="submitted"),
    page("benchmarks:measurement_submit", "@m_draft", post={}, ok=EDITORS, seen=DRAFTS),
    page("benchmarks:measurement_submit", "@m_returned", post={}, ok=EDITORS, seen=DRAFTS),
    page("benchmarks:measurement_submit", "@m_approved", post={}, ok=set(), seen=SIGNED_IN),
    page("benchmarks:measurement_approve", "@m_submitted", post={}, ok=REVIEWERS, seen=INTERNAL),
    page(
        "benchmarks:measurement_approve", "@m_cf", post={}, ok=SUPER, seen={"outsider"}, state="CF"
    ),
    page(
        "benchmarks:measurement_return",
        "@m_submitted",
        post={"comment": "Source?"},
        ok=REVIEWERS,
        seen=INTERNAL,
    ),
    page("benchmarks:measurement_delete", "@m_draft", post={}, ok=EDITORS, seen=DRAFTS),
    page("benchmarks:measurement_delete", "@m_approved", post={}, ok=set(), seen=SIGNED_IN),
    page(
        "benchmarks:evidence_add",
        "@m_draft",
        post={"title": "Report", "url": "https://example.org/report"},
        ok=EDITORS,
        seen=DRAFTS,
    ),
    # the API
    api("GET /frameworks", ok=EVERYONE),
    api(
        "POST /frameworks",
        body={**FRAMEWORK, "country": "HT"},
        ok=EDITORS,
        status=201,
        seen=SIGNED_IN,
    ),
    *[
        api("GET /frameworks/{framework_id}", f"@{n}", ok=READERS[n], state=n)
        for n in ("fw_published", "fw_internal", "fw_cf")
    ],
    api(
        "PATCH /frameworks/{framework_id}",
        "@fw_internal",
        body={"title": "Renamed"},
        ok=EDITORS,
        seen=INTERNAL,
    ),
    api("DELETE /frameworks/{framework_id}", "@fw_internal", ok=EDITORS, status=204, seen=INTERNAL),
    api("GET /benchmarks", ok=EVERYONE),
    api(
        "POST /frameworks/{framework_id}/benchmarks",
        "@fw_internal",
        body=BENCHMARK,
        ok=EDITORS,
        status=201,
        seen=INTERNAL,
    ),
    *[
        api("GET /benchmarks/{benchmark_id}", f"@{n}", ok=READERS[n], state=n)
        for n in ("bm_published", "bm_internal")
    ],
    api(
        "PATCH /benchmarks/{benchmark_id}",
        "@bm_internal",
        body={"text": "Changed."},
        ok=EDITORS,
        seen=INTERNAL,
    ),
    api("DELETE /benchmarks/{benchmark_id}", "@bm_internal", ok=EDITORS, status=204, seen=INTERNAL),
    api("GET /indicators", ok=EVERYONE),
    api(
        "POST /benchmarks/{benchmark_id}/indicators",
        "@bm_internal",
        body=INDICATOR,
        ok=EDITORS,
        status=201,
        seen=INTERNAL,
    ),
    *[
        api("GET /indicators/{indicator_id}", f"@{n}", ok=READERS[n], state=n)
        for n in ("ind_published", "ind_internal", "ind_cf")
    ],
    api(
        "PATCH /indicators/{indicator_id}",
        "@ind_internal",
        body={"definition": "Changed"},
        ok=EDITORS,
        seen=INTERNAL,
    ),
    api(
        "DELETE /indicators/{indicator_id}", "@ind_internal", ok=EDITORS, status=204, seen=INTERNAL
    ),
    api("GET /measurements", ok=EVERYONE),
    api(
        "POST /indicators/{indicator_id}/measurements",
        "@ind_internal",
        body=VALUE,
        ok=EDITORS,
        status=201,
        seen=INTERNAL,
    ),
    *[
        api("GET /measurements/{measurement_id}", f"@{n}", ok=READERS[n], state=n)
        for n in ("m_draft", "m_submitted", "m_approved", "m_returned", "m_cf")
    ],
    api(
        "PATCH /measurements/{measurement_id}",
        "@m_draft",
        body={"value": "1.4"},
        ok=EDITORS,
        seen=DRAFTS,
    ),
    api("DELETE /measurements/{measurement_id}", "@m_draft", ok=EDITORS, status=204, seen=DRAFTS),
    api("POST /measurements/{measurement_id}/submit", "@m_draft", ok=EDITORS, seen=DRAFTS),
    api(
        "POST /measurements/{measurement_id}/approve",
        "@m_submitted",
        body={},
        ok=REVIEWERS,
        seen=INTERNAL,
    ),
    api(
        "POST /measurements/{measurement_id}/return",
        "@m_submitted",
        body={"comment": "Why?"},
        ok=REVIEWERS,
        seen=INTERNAL,
    ),
    *[
        api(
            "GET /benchmarks/export.{fmt}",
            "csv",
            query=f"framework={{{n}}}",
            ok=READERS[n],
            state=n,
        )
        for n in ("fw_published", "fw_internal", "fw_cf")
    ],
]


# --- a whole period at once: the entry grid, its sheet, the batch review (issue 14) ------------
# fw_internal has no value yet; fw_published has m_draft (2019-Q1) and m_submitted (2019-Q2),
# both entered by the editor, so that reviewers and administrators may approve the latter.
def _grid_post(objects: dict[str, object]) -> dict[str, str]:
    indicator = objects["ind_internal"]
    return {"period": "2019-Q4", f"v-{indicator.pk}": "1.36"}  # type: ignore[attr-defined]


PERIOD_BODY = {"entries": [{"indicator": Pk("ind_internal"), "value": "1.36"}]}
REVIEW_BODY = {"decisions": [{"measurement": Pk("m_submitted"), "verdict": "approve"}]}
CASES += [
    page(
        "benchmarks:period_grid",
        "@fw_internal",
        query="period=2019-Q4",
        ok=EDITORS,
        seen=INTERNAL,
        state="fw_internal",
    ),
    page(
        "benchmarks:period_grid",
        "@fw_published",
        query="period=2019-Q1",
        ok=EDITORS,
        seen=SIGNED_IN,
    ),
    page("benchmarks:period_grid", "@fw_internal", post=_grid_post, ok=EDITORS, seen=INTERNAL),
    page(
        "benchmarks:period_grid",
        "@fw_published",
        post={"period": "2019-Q1", "action": "submit"},
        ok=EDITORS,
        seen=SIGNED_IN,
        state="submit the period's draft",
    ),
    page(
        "benchmarks:period_grid_sheet",
        "@fw_published",
        query="period=2019-Q1",
        ok=EDITORS,
        seen=SIGNED_IN,
    ),
    page(
        "benchmarks:period_xlsform",
        "@fw_published",
        query="period=2019-Q1",
        ok=EDITORS,
        seen=SIGNED_IN,
    ),
    page(
        "benchmarks:period_grid_upload",
        "@fw_internal",
        post={"period": "2019-Q4"},
        ok=EDITORS,
        seen=INTERNAL,
        status=422,
        audited=False,
        state="no file",
    ),
    page(
        "benchmarks:period_review",
        "@fw_published",
        query="period=2019-Q2",
        ok=REVIEWERS,
        seen=SIGNED_IN,
    ),
    page(
        "benchmarks:period_review",
        "@fw_published",
        post={"period": "2019-Q2", "approve": Pk("m_submitted")},
        ok=REVIEWERS,
        seen=SIGNED_IN,
    ),
    api(
        "POST /frameworks/{framework_id}/periods/{period}/values",
        "@fw_internal",
        "2019-Q4",
        body=PERIOD_BODY,
        ok=EDITORS,
        seen=INTERNAL,
    ),
    api(
        "POST /frameworks/{framework_id}/periods/{period}/submit",
        "@fw_published",
        "2019-Q1",
        ok=EDITORS,
        seen=SIGNED_IN,
    ),
    api(
        "POST /frameworks/{framework_id}/periods/{period}/review",
        "@fw_published",
        "2019-Q2",
        body=REVIEW_BODY,
        ok=REVIEWERS,
        seen=SIGNED_IN,
    ),
]

# Field collection (ODK, KoboToolbox): a period's submissions into draft values
CASES += [
    page(
        "benchmarks:period_submissions",
        "@fw_published",
        query="period=2019-Q1",
        ok=EDITORS,
        seen=SIGNED_IN,
    ),
    page(
        "benchmarks:period_submissions",
        "@fw_internal",
        post={"period": "2019-Q4"},
        ok=EDITORS,
        seen=INTERNAL,
        status=422,
        audited=False,
        state="no file",
    ),
]

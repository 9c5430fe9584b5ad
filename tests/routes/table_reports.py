"""Reports: country reports (internal, or public where the country publishes one), narrative
blocks, frozen snapshots and the thematic report. Snapshots, public or internal, are seen only
by holders of ``reports.generate`` in their country."""

from __future__ import annotations

from tests.routes.kit import (
    EDITORS,
    EVERYONE,
    HIDDEN,
    INTERNAL,
    SIGNED_IN,
    SUPER,
    UNAUTHORISED,
    api,
    page,
)

CF = frozenset({"outsider"}) | SUPER
PERIOD = "period=2019-H2"
PUBLIC = f"{PERIOD}&audience=public"
JOB = {"period": "2019-H2", "lang": "en", "audience": "internal"}


def report(route: str, *args: str, ok: frozenset[str], **options: object) -> object:
    return page(route, *args, ok=ok, public=HIDDEN, **options)


CASES = [
    report("reports:country", "HT", ok=EVERYONE),
    report("reports:country", "CF", ok=CF, state="CF"),
    report("reports:preview", "HT", ok=INTERNAL, query=PERIOD),
    report("reports:preview", "HT", ok=EVERYONE, query=PUBLIC, state="public"),
    report("reports:download", "HT", "html", ok=INTERNAL, query=PERIOD),
    report("reports:download", "HT", "docx", ok=EVERYONE, query=PUBLIC, state="public"),
    # PDF and Word from the web app: a background job for the signed-in (303 to the job's page)
    page("reports:report_job", "HT", "docx", post=JOB, ok=INTERNAL, status=303),
    page(
        "reports:report_job",
        "HT",
        "docx",
        post=JOB | {"audience": "public"},
        ok=SIGNED_IN,
        status=303,
        state="public",
    ),
    report("reports:narrative", "HT", "introduction", ok=INTERNAL, query=PERIOD),
    report(
        "reports:narrative",
        "HT",
        "introduction",
        ok=EDITORS,
        seen=INTERNAL,
        query=PERIOD,
        post={"text": "The police grew."},
    ),
    report(
        "reports:snapshot_create",
        "HT",
        ok=INTERNAL,
        query=PERIOD,
        post={"title": "S/2020/1", "audience": "internal"},
    ),
    report("reports:snapshot", "@snapshot", ok=INTERNAL),
    report("reports:snapshot", "@snapshot_public", ok=INTERNAL, state="public"),
    report("reports:snapshot", "@snapshot_cf", ok=CF, state="CF"),
    report("reports:snapshot_download", "@snapshot", "html", ok=INTERNAL),
    report("reports:snapshot_diff", "@snapshot", "@snapshot_2", ok=INTERNAL),
    report("reports:snapshot_diff", "@snapshot", "@snapshot_cf", ok=frozenset(), state="CF"),
    # Without an audience, who may generate no internal report (the public, the vetting roles)
    # gets the public edition: the menu's "Reports" link opens for everyone (issue 14).
    report("reports:thematic", ok=EVERYONE, query=PERIOD),
    report(
        "reports:thematic",
        ok=INTERNAL | {"outsider"},
        query=f"{PERIOD}&audience=internal",
        state="internal",
    ),
    report("reports:thematic", ok=EVERYONE, query=PUBLIC, state="public"),
    report("reports:thematic_download", "html", ok=EVERYONE, query=PERIOD),
    api("GET /reports/countries/{iso2}/report", "HT", ok=INTERNAL, query=f"{PERIOD}&format=html"),
    api(
        "GET /reports/countries/{iso2}/report",
        "HT",
        ok=EVERYONE,
        state="public",
        query=f"{PUBLIC}&format=html",
    ),
    api("GET /reports/countries/{iso2}/payload", "HT", ok=INTERNAL, query=PERIOD),
    api("GET /reports/countries/{iso2}/payload", "HT", ok=EVERYONE, query=PUBLIC, state="public"),
    api(
        "POST /reports/countries/{iso2}/narrative",
        "HT",
        ok=EDITORS,
        status=201,
        seen=INTERNAL,
        body={"period": "2019-H2", "key": "analysis", "text": "The police grew."},
    ),
    api(
        "POST /reports/countries/{iso2}/snapshots",
        "HT",
        ok=INTERNAL,
        status=201,
        body={"period": "2019-H2", "title": "S/2020/1"},
    ),
    # snapshots are read with credentials only: the public gets 401
    api("GET /reports/snapshots/{snapshot_id}", "@snapshot", ok=INTERNAL, public=UNAUTHORISED),
    api(
        "GET /reports/snapshots/{snapshot_id}",
        "@snapshot_cf",
        ok=CF,
        state="CF",
        public=UNAUTHORISED,
    ),
    api(
        "GET /reports/snapshots/{snapshot_id}/report",
        "@snapshot",
        ok=INTERNAL,
        query="format=html",
        public=UNAUTHORISED,
    ),
    api(
        "GET /reports/snapshots/{snapshot_id}/diff/{other_id}",
        "@snapshot",
        "@snapshot_2",
        ok=INTERNAL,
        public=UNAUTHORISED,
    ),
    api("GET /reports/thematic", ok=INTERNAL | {"outsider"}, query=f"{PERIOD}&format=html"),
    api("GET /reports/thematic", ok=EVERYONE, query=f"{PUBLIC}&format=html", state="public"),
]

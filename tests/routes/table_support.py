"""Support: IATI activities (public), national entries, the strategy, alignment, coordination.

Everything but IATI activities and the country page is internal: members holding
``support.view_internal`` see it, and for anybody else — the public too — it does not exist
(404, also on pages: there is no sign-in page to send the public to).
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from ssrmonitor.testing.route_world import IATI_FILE
from tests.routes.kit import EDITORS, EVERYONE, HIDDEN, INTERNAL, SUPER, Pk, api, page

CF = frozenset({"outsider"}) | SUPER
IMPORTERS = EDITORS | {"outsider"}  # support.import somewhere: the upload page opens
ACTIVITY_FORM = {
    "identifier": "XM-NAT-HT9",
    "reporting_org": Pk("org_nat"),
    "title": "Police training",
    "description": "Training of 300 officers.",
    "language": "en",
    "status": "2",
    "start": "2024-01-01",
    "sector": "15210",
    "currency": "USD",
}
ACTIVITY = {
    "identifier": "XM-NAT-HT9",
    "reporting_org": "XM-NAT",
    "title": "Police training",
    "description": "Training of 300 officers.",
    "start": "2024-01-01",
    "sectors": {"15210": "100"},
}
NODE = {"level": "pillar", "code": "9", "title": "Police reform"}


def _iati_upload(objects: dict[str, Any]) -> dict[str, Any]:
    upload = SimpleUploadedFile("doj-haiti.xml", IATI_FILE.read_bytes(), "application/xml")
    return {"file": upload, "country": objects["country_ht"].pk}


def internal(route: str, *args: Any, **options: Any) -> Any:
    """A page of internal support data: the public gets 404."""
    return page(route, *args, public=HIDDEN, **options)


CASES = [
    page("support:country", "HT", ok=EVERYONE),
    page("support:activity", "@act_iati", ok=EVERYONE, state="IATI"),
    internal("support:activity", "@act_ht", ok=INTERNAL, state="national"),
    internal("support:activity", "@act_cf", ok=CF, state="CF"),
    internal("support:coordination", "HT", ok=INTERNAL, query="period=2024"),
    internal("support:coordination_export", "HT", "csv", ok=INTERNAL, query="table=coverage"),
    internal("support:coordination_export", "HT", "xlsx", ok=INTERNAL, state="xlsx"),
    internal("support:iati_export", "HT", ok=INTERNAL),
    internal("support:strategy", "HT", ok=INTERNAL),
    internal("support:strategy", "HT", post=NODE, ok=EDITORS, seen=INTERNAL),
    internal("support:strategy_node", "HT", "@node_priority", ok=EDITORS, seen=INTERNAL),
    internal(
        "support:strategy_node",
        "HT",
        "@node_priority",
        ok=EDITORS,
        seen=INTERNAL,
        post={"code": "1.1", "title": "Police!", "parent": Pk("node_pillar")},
    ),
    internal(
        "support:strategy_node_delete", "HT", "@node_priority", post={}, ok=EDITORS, seen=INTERNAL
    ),
    internal("support:activity_create", "HT", ok=EDITORS, seen=INTERNAL),
    internal("support:activity_create", "HT", post=ACTIVITY_FORM, ok=EDITORS, seen=INTERNAL),
    internal(
        "support:align",
        "@act_ht",
        "HT",
        post={"component_police": "100"},
        ok=EDITORS,
        seen=INTERNAL,
    ),
    internal("support:upload", ok=IMPORTERS),
    # an outsider may import, but not for Haiti: Haiti is not among the form's choices (422);
    # an accepted file is imported by a background job (303 to the job's page)
    internal(
        "support:upload", post=_iati_upload, ok=EDITORS, status=303, overrides={"outsider": 422}
    ),
    api("GET /support/activities", query="country=HT", ok=EVERYONE),
    api("GET /support/activities/{activity_id}", "@act_iati", ok=EVERYONE, state="IATI"),
    api("GET /support/activities/{activity_id}", "@act_ht", ok=INTERNAL, state="national"),
    api("GET /support/activities/{activity_id}", "@act_cf", ok=CF, state="CF"),
    api("GET /support/countries/{iso2}/coordination", "HT", ok=INTERNAL),
    api("GET /support/countries/{iso2}/iati.xml", "HT", ok=INTERNAL),
    api(
        "POST /support/countries/{iso2}/activities",
        "HT",
        body=ACTIVITY,
        ok=EDITORS,
        status=201,
        seen=INTERNAL,
    ),
    api("GET /support/countries/{iso2}/strategy", "HT", ok=INTERNAL),
    api(
        "POST /support/countries/{iso2}/strategy",
        "HT",
        body=NODE,
        ok=EDITORS,
        status=201,
        seen=INTERNAL,
    ),
    api(
        "PATCH /support/countries/{iso2}/strategy/{node_id}",
        "HT",
        "@node_priority",
        body={"title": "Reform the police"},
        ok=EDITORS,
        seen=INTERNAL,
    ),
    api(
        "DELETE /support/countries/{iso2}/strategy/{node_id}",
        "HT",
        "@node_priority",
        ok=EDITORS,
        status=204,
        seen=INTERNAL,
    ),
    api(
        "GET /support/countries/{iso2}/activities/{activity_id}/alignment",
        "HT",
        "@act_ht",
        ok=INTERNAL,
    ),
    api(
        "PUT /support/countries/{iso2}/activities/{activity_id}/priorities",
        "HT",
        "@act_ht",
        body={"priorities": [{"node_id": Pk("node_priority"), "share": "100"}]},
        ok=EDITORS,
        seen=INTERNAL,
    ),
    api(
        "PUT /support/countries/{iso2}/activities/{activity_id}/components",
        "HT",
        "@act_ht",
        body={"components": [{"component": "police", "share": "100"}]},
        ok=EDITORS,
        seen=INTERNAL,
    ),
    api(
        "GET /support/countries/{iso2}/activities/{activity_id}/suggestions",
        "HT",
        "@act_ht",
        ok=INTERNAL,
    ),
]

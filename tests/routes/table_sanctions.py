"""Sanctions: the UN list (public), arms embargo measures (public), exemption requests and
equipment flags (internal: ``sanctions.view_internal``)."""

from __future__ import annotations

from tests.routes.kit import EDITORS, EVERYONE, HIDDEN, INTERNAL, SIGNED_IN, SUPER, Pk, api, page

CF = frozenset({"outsider"}) | SUPER
MEASURE = {
    "title": "Arms embargo",
    "resolutions": "S/RES/2653 (2022)",
    "scope": "Arms and related materiel.",
    "exemption_procedure": "Advance notification.",
}
EXEMPTION_FORM = {
    "reference": "EX-900",
    "purpose": "Radios for a police unit.",
    "supplier": "Supplier State",
    "end_user": "National police",
    "procedure": "notification",
    "status": "draft",
    "items": "40 × VHF radio handsets",
}
EXEMPTION = {
    "measure_id": Pk("measure"),
    "purpose": "Radios for a police unit.",
    "items": [{"description": "VHF radio handsets", "quantity": 40}],
    "supplier": "Supplier State",
    "end_user": "National police",
}
FLAG = {"activity": "US-GOV-15-5010-FWR6002R", "kind": "security", "note": "Vehicles"}

CASES = [
    page("sanctions:regimes", ok=EVERYONE),
    page("sanctions:regime", "HT", ok=EVERYONE),
    page("sanctions:party", "@party", ok=EVERYONE),
    page("sanctions:search", ok=EVERYONE, query="q=Cherizier"),
    page("sanctions:country", "HT", ok=EVERYONE),
    page("sanctions:measure", "@measure", ok=EVERYONE),
    page("sanctions:measure", "@measure_cf", ok=EVERYONE, state="CF"),
    page("sanctions:measure_create", "HT", ok=EDITORS, seen=SIGNED_IN),
    page("sanctions:measure_create", "HT", post=MEASURE, ok=EDITORS, seen=SIGNED_IN),
    page("sanctions:measure_edit", "@measure", ok=EDITORS, seen=SIGNED_IN),
    page("sanctions:measure_edit", "@measure", post=MEASURE, ok=EDITORS, seen=SIGNED_IN),
    page("sanctions:exemption", "@exemption", ok=INTERNAL, public=HIDDEN),
    page("sanctions:exemption", "@exemption_cf", ok=CF, public=HIDDEN, state="CF"),
    page("sanctions:exemption_create", "@measure", ok=EDITORS, seen=INTERNAL),
    page("sanctions:exemption_create", "@measure", post=EXEMPTION_FORM, ok=EDITORS, seen=INTERNAL),
    page("sanctions:exemption_edit", "@exemption", ok=EDITORS, seen=INTERNAL),
    page("sanctions:exemption_edit", "@exemption", post=EXEMPTION_FORM, ok=EDITORS, seen=INTERNAL),
    page("sanctions:exemptions_csv", "HT", ok=INTERNAL, public=HIDDEN),
    page("sanctions:flag_create", "HT", ok=EDITORS, seen=INTERNAL),
    page("sanctions:flag_create", "HT", post=FLAG, ok=EDITORS, seen=INTERNAL),
    page("sanctions:flag_remove", "@flag", post={}, ok=EDITORS, seen=INTERNAL),
    api("GET /sanctions/regimes", ok=EVERYONE),
    api("GET /sanctions/parties", ok=EVERYONE, query="q=Cherizier"),
    api("GET /sanctions/parties/{party_id}", "@party", ok=EVERYONE),
    api("GET /sanctions/measures", ok=EVERYONE),
    api("GET /sanctions/measures/{measure_id}", "@measure", ok=EVERYONE),
    api("GET /sanctions/exemptions", ok=EVERYONE),
    api("GET /sanctions/exemptions/{exemption_id}", "@exemption", ok=INTERNAL),
    api("GET /sanctions/exemptions/{exemption_id}", "@exemption_cf", ok=CF, state="CF"),
    # the measure is public: who sees it but may not record requests is refused (403)
    api("POST /sanctions/exemptions", body=EXEMPTION, ok=EDITORS, status=201, seen=SIGNED_IN),
    api(
        "PATCH /sanctions/exemptions/{exemption_id}",
        "@exemption",
        ok=EDITORS,
        seen=INTERNAL,
        body={"purpose": "Radios and batteries."},
    ),
    api("GET /sanctions/alerts", ok=EVERYONE),
]

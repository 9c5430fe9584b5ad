"""From data to document: collect a report's payload, then build its document in a language.

The payload is plain JSON (what a snapshot freezes); :func:`build_document` reads nothing but
the payload, so a snapshot renders the same document whenever it is rendered.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import Country
from ssrmonitor.core.names import territory_name
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.sections import (
    CollectContext,
    Scope,
    SectionParts,
    SectionProvider,
    provider,
    providers,
)
from ssrmonitor.core.sections import formatting as fmt
from ssrmonitor.core.sections.document import Document, Paragraph, Section
from ssrmonitor.reports.models import Audience, NarrativeKey
from ssrmonitor.reports.narrative import current_narrative

PAYLOAD_SCHEMA = 1
# Where each narrative block goes among the generated sections (providers' ``order``).
NARRATIVE_ORDER = {
    NarrativeKey.INTRODUCTION: 0,
    NarrativeKey.ANALYSIS: 50,
    NarrativeKey.OBSTACLES: 60,
    NarrativeKey.OBSERVATIONS: 90,
}


def collect_sections(context: CollectContext, scope: Scope) -> dict[str, Any]:
    """Every provider's data; providers with nothing to say (``None``) are left out."""
    sections: dict[str, Any] = {}
    for item in providers(scope):
        data = item.collect(context)
        if data is not None:
            sections[item.key] = data
    return sections


def collect_country_report(
    viewer: Viewer, country: Country, period: ReportingPeriod, audience: str
) -> dict[str, Any]:
    """The payload of a country report (call only after the permission check).

    Args:
        viewer: the user generating it (whose permissions the providers apply).
        country: the country reported on.
        period: the report covers approved values of periods ending by its last day.
        audience: ``internal`` or ``public`` (public reports read as the anonymous public and
            carry no narrative).
    """
    context = CollectContext(viewer=viewer, period=period, audience=audience, country=country)
    narrative = {} if audience == Audience.PUBLIC else current_narrative(country, period)
    return {
        "schema": PAYLOAD_SCHEMA,
        "scope": "country",
        "country": {"iso2": country.iso2, "name": country.name},
        "period": str(period),
        "period_end": period.end.isoformat(),
        "audience": audience,
        "generated_on": timezone.localdate().isoformat(),
        "sections": collect_sections(context, "country"),
        "narrative": narrative,
    }


def collect_thematic_report(
    viewer: Viewer, countries: list[Country], period: ReportingPeriod, audience: str
) -> dict[str, Any]:
    """The payload of the thematic report across ``countries`` (OP 25)."""
    context = CollectContext(
        viewer=viewer, period=period, audience=audience, countries=tuple(countries)
    )
    return {
        "schema": PAYLOAD_SCHEMA,
        "scope": "thematic",
        "audience": audience,
        "period": str(period),
        "period_end": period.end.isoformat(),
        "generated_on": timezone.localdate().isoformat(),
        "sections": collect_sections(context, "thematic"),
        "narrative": {},
    }


def _narrative_sections(payload: dict[str, Any]) -> list[tuple[int, Section]]:
    placed = []
    for key, order in NARRATIVE_ORDER.items():
        block = payload.get("narrative", {}).get(str(key))
        if not block or not block.get("text", "").strip():
            continue
        paragraphs = [p.strip() for p in block["text"].replace("\r\n", "\n").split("\n\n")]
        blocks: list[Any] = [Paragraph(text) for text in paragraphs if text]
        placed.append((order, Section(f"narrative-{key}", str(key.label), blocks)))
    return placed


def _titles(payload: dict[str, Any]) -> tuple[str, str, list[str]]:
    period = payload["period"]
    ended = fmt.day(payload["period_end"])
    if payload["scope"] == "thematic":
        title = _("Security sector reform: the comprehensive approach of the United Nations")
        subtitle = _("Thematic overview across countries, reporting period %s") % period
    else:
        place = payload["country"]
        title = _("Security sector reform in %s") % territory_name(place["iso2"], place["name"])
        subtitle = _("Country report, reporting period %s") % period
    meta = [
        _("Built from approved data of periods ending by %s.") % ended,
        _("Generated on %s.") % fmt.day(payload["generated_on"]),
    ]
    if payload.get("audience") == Audience.PUBLIC:
        meta.append(_("Public edition: published frameworks only."))
    elif payload["scope"] == "country":
        meta.append(_("Internal draft for the report of the Secretary-General."))
    return title, subtitle, meta


def _timestamp(payload: dict[str, Any]) -> int:
    """The PDF/Word creation time: midnight UTC of the generation day, never the clock."""
    day = datetime.fromisoformat(payload["generated_on"]).replace(tzinfo=UTC)
    return int(day.timestamp())


def _payload_providers(payload: dict[str, Any]) -> list[SectionProvider]:
    """Providers of the payload's sections in report order (JSON key order is not kept)."""
    found = [provider(payload["scope"], key) for key in payload["sections"]]
    # A snapshot may hold a section whose app was removed since: it is skipped.
    return sorted((p for p in found if p is not None), key=lambda p: (p.order, p.key))


def build_document(payload: dict[str, Any], lang: str) -> Document:
    """The document of ``payload`` in ``lang`` (``en`` or ``fr``); reads nothing else.

    So the same payload in the same language always gives the same document: the last
    :data:`BUILT_KEPT` documents built are kept in the process, keyed by a digest of the payload
    and the language, and a report asked for again with unchanged data is not built again (its
    payload is, from the data, every time). A document is frozen: callers cannot change it.
    """
    key = hashlib.sha256(
        json.dumps([payload, lang], sort_keys=True, default=str).encode()
    ).hexdigest()
    with _BUILT_LOCK:
        found = _BUILT.get(key)
        if found is not None:
            _BUILT.move_to_end(key)
            return found
    document = _build_document(payload, lang)
    with _BUILT_LOCK:
        _BUILT[key] = document
        while len(_BUILT) > BUILT_KEPT:
            _BUILT.popitem(last=False)
    return document


BUILT_KEPT = 8
_BUILT: OrderedDict[str, Document] = OrderedDict()
_BUILT_LOCK = threading.Lock()


def _build_document(payload: dict[str, Any], lang: str) -> Document:
    with translation.override(lang):
        placed = _narrative_sections(payload)
        summary: list[str] = []
        annex: list[Section] = []
        for item in _payload_providers(payload):
            parts: SectionParts = item.build(payload["sections"][item.key])
            summary += parts.summary
            placed += [(item.order, section) for section in parts.body]
            annex += parts.annex
        placed.sort(key=lambda pair: pair[0])  # stable: a provider's sections keep their order
        title, subtitle, meta = _titles(payload)
        return Document(
            lang=lang,
            title=title,
            subtitle=subtitle,
            meta=meta,
            summary=summary,
            sections=[section for _order, section in placed],
            annex=annex,
            timestamp=_timestamp(payload),
            org=_("United Nations"),
            summary_title=_("Summary"),
        )

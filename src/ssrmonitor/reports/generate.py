"""What pages, API routes and the command share: checked inputs, guarded collection, rendering.

Callers pass what the user typed; these functions raise ``ValidationFailed`` (bad input, 422),
``NotFound`` (no such country or no right to its report, 404) and never anything else.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.periods import PeriodParseError, ReportingPeriod
from ssrmonitor.reports.builder import (
    build_document,
    collect_country_report,
    collect_thematic_report,
)
from ssrmonitor.reports.models import Audience, Snapshot
from ssrmonitor.reports.permissions import access_country_report, thematic_countries
from ssrmonitor.reports.render import FORMATS, Format, Rendered, render

LANGUAGES = ("en", "fr", "ar", "pt", "es")  # every language of settings.LANGUAGES


def parse_period(text: str | None) -> ReportingPeriod:
    """The reporting period, or a 422 on ``period``."""
    try:
        return ReportingPeriod.parse(text or "")
    except PeriodParseError as exc:
        raise ValidationFailed.one("period", str(exc)) from None


def checked_format(text: str) -> Format:
    for fmt in FORMATS:
        if text == fmt:
            return fmt
    raise ValidationFailed.one("format", _("Choose html, pdf or docx."))


def checked_lang(text: str) -> str:
    if text not in LANGUAGES:
        raise ValidationFailed.one("lang", _("Choose one of: %s.") % ", ".join(LANGUAGES))
    return text


def checked_audience(text: str) -> str:
    if text not in Audience.values:
        raise ValidationFailed.one("audience", _("Choose internal or public."))
    return text


def country_payload(user: Viewer, iso2: str, period_text: str, audience: str = "internal") -> Any:
    """The live payload of a country report, after the permission check.

    Raises:
        NotFound: no such country, or ``user`` may not have its ``audience`` report.
        ValidationFailed: bad period or audience.
    """
    audience = checked_audience(audience)
    period = parse_period(period_text)
    country = access_country_report(user, iso2, audience)
    return collect_country_report(user, country, period, audience)


def thematic_payload(user: Viewer, period_text: str, audience: str = "internal") -> Any:
    """The live payload of the thematic report over the countries ``user`` may report on."""
    audience = checked_audience(audience)
    period = parse_period(period_text)
    countries = thematic_countries(user, audience)
    return collect_thematic_report(user, countries, period, audience)


def rendered(payload: dict[str, Any], fmt: str, lang: str) -> Rendered:
    """The payload's report in ``fmt`` and ``lang`` (both checked)."""
    return render(build_document(payload, checked_lang(lang)), checked_format(fmt))


def file_name(
    payload: dict[str, Any], lang: str, extension: str, snapshot: Snapshot | None = None
) -> str:
    """``ssr-report-HT-2026-H1-en.pdf``; snapshots add their number."""
    place = payload["country"]["iso2"] if payload["scope"] == "country" else "thematic"
    suffix = f"-snapshot-{snapshot.pk}" if snapshot is not None else ""
    return f"ssr-report-{place}-{payload['period']}{suffix}-{lang}.{extension}"

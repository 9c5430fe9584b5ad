"""The SDG part of a country's population perspectives: imported values, and their import."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.forms import ServiceForm
from ssrmonitor.core.http import (
    HtmxHttpRequest,
    allowed,
    domain_errors,
    form_page,
    posted,
    signed_in,
)
from ssrmonitor.core.models import Country
from ssrmonitor.perceptions.models import SdgValue
from ssrmonitor.perceptions.permissions import access_country_by_iso2, can_import
from ssrmonitor.perceptions.sdg.catalogue import INDICATORS, series_by_indicator
from ssrmonitor.perceptions.sdg.sdmx_io import MAX_BYTES
from ssrmonitor.perceptions.services.sdg import SdgImport, import_sdg_data


@dataclass
class SdgIndicatorView:
    """A catalogued SDG indicator with the country's values of its series (latest first)."""

    code: str
    title: str
    values: list[SdgValue] = field(default_factory=list)


def sdg_views(country: Country) -> list[SdgIndicatorView]:
    """The catalogued indicators that hold values for ``country`` (public statistics)."""
    by_series: dict[str, list[SdgValue]] = {}
    for value in SdgValue.objects.filter(country=country).order_by(
        "series", "breakdown", "-time_period"
    ):
        by_series.setdefault(value.series, []).append(value)
    views = []
    for code, entries in series_by_indicator().items():
        values = [v for entry in entries for v in by_series.get(entry.code, [])]
        if values:
            views.append(SdgIndicatorView(code, str(INDICATORS[code]), values))
    return views


def series_values(country_id: int, series: str) -> list[SdgValue]:
    """The country's imported values of one series, oldest first (for a mapped indicator)."""
    return list(
        SdgValue.objects.filter(country_id=country_id, series=series).order_by(
            "breakdown", "time_period"
        )
    )


def series_choices() -> list[tuple[str, Any]]:
    """The catalogue's series grouped by indicator, after an empty choice."""
    groups: list[tuple[str, Any]] = [("", gettext_lazy("— from the file —"))]
    for code, entries in series_by_indicator().items():
        label = f"{code} {INDICATORS[code]}"
        groups.append((label, [(s.code, f"{s.code} — {s.name}") for s in entries]))
    return groups


class SdgImportForm(ServiceForm):
    """An SDMX-ML 2.1 or SDMX-CSV message, or an Open SDG data file with its metadata."""

    file = forms.FileField(
        label=gettext_lazy("SDG data file (SDMX-ML 2.1, SDMX-CSV 1.0 or 2.0, or Open SDG CSV)"),
        help_text=gettext_lazy(
            "Codes are checked against the IAEG-SDGs DSD 1.14; only the observations of "
            "this country are kept. An Open SDG file keeps its name (indicator_16-1-1.csv)."
        ),
    )
    metadata = forms.FileField(
        label=gettext_lazy("Open SDG metadata (YAML or Markdown, optional)"),
        required=False,
        help_text=gettext_lazy("The indicator's meta file (16-1-1.yml), which gives the unit."),
    )
    series = forms.ChoiceField(
        label=gettext_lazy("SDG series of an Open SDG file"),
        required=False,
        choices=series_choices,
        help_text=gettext_lazy(
            "Needed when the file's indicator has several series and the file has no Series column."
        ),
    )

    def save(self, *, acting_user: Actor, country: Country) -> SdgImport | None:
        upload, meta = self.cleaned_data["file"], self.cleaned_data.get("metadata")
        for name, given in (("file", upload), ("metadata", meta)):
            if given is not None and given.size > MAX_BYTES:
                self.add_error(name, _("The file is too large."))
                return None
        try:
            return import_sdg_data(
                acting_user=acting_user,
                country=country,
                content=upload.read(),
                file_name=upload.name or "",
                metadata=meta.read() if meta is not None else None,
                metadata_name=(meta.name or "") if meta is not None else "",
                series=self.cleaned_data.get("series") or "",
            )
        except ValidationFailed as exc:
            self.add_service_errors(exc)
            return None


def _imported(request: HtmxHttpRequest, done: SdgImport, country: Country) -> HttpResponseBase:
    """Back to the country's page, saying what was read and what was left out."""
    messages.info(
        request,
        _("%(format)s: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
        % {"format": done.format, "created": done.created, "updated": done.updated,
           "unchanged": done.unchanged},
    )  # fmt: skip
    for note in done.notes:
        messages.warning(request, note)
    return redirect("perceptions:country", country.iso2)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def sdg_import(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Import the country's SDG values from an SDMX message or an Open SDG file."""
    user = signed_in(request)
    country = access_country_by_iso2(user, iso2)
    allowed(can_import(user, country.pk))
    form = SdgImportForm(posted(request), request.FILES or None)
    return form_page(
        request, form, save=lambda: form.save(acting_user=user, country=country),
        success=_("SDG values imported."), template="perceptions/form.html",
        context={"title": _("Import SDG values"), "multipart": True,
                 "cancel_url": reverse("perceptions:country", args=[country.iso2])},
        to=lambda saved: _imported(request, saved, country),
    )  # fmt: skip

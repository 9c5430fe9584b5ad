"""Forms of the support pages; they call the services and never save models themselves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.forms import ServiceForm
from ssrmonitor.core.models import Country, Organisation
from ssrmonitor.support.models import StrategyLevel, StrategyNode

MAX_UPLOAD = 200 * 1024 * 1024


class UploadForm(forms.Form):
    """An IATI file to import for one country."""

    file = forms.FileField(label=_("IATI activity file (XML, IATI 2.01–2.03)"))
    country = forms.ModelChoiceField(
        queryset=Country.objects.none(),
        label=_("Recipient country"),
        help_text=_("Only activities for this country are kept."),
    )
    keep_all = forms.BooleanField(
        label=_("Keep activities of every sector, not only security-sector ones"), required=False
    )

    def __init__(self, *args: Any, countries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload


class RatesForm(forms.Form):
    """A CSV of exchange rates: currency, period (year or date), rate_to_usd[, source]."""

    rates = forms.FileField(label=_("Exchange rates (CSV)"))


class StrategyNodeForm(ServiceForm):
    """A new pillar, priority or objective."""

    level = forms.ChoiceField(label=_("Level"), choices=StrategyLevel.choices)
    parent = forms.ModelChoiceField(
        queryset=StrategyNode.objects.none(), label=_("Part of"), required=False
    )
    code = forms.CharField(label=_("Code"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=300)
    component = forms.CharField(label=_("SSR component"), max_length=20, required=False)
    sector_codes = forms.CharField(label=_("DAC sector codes"), max_length=200, required=False)
    keywords = forms.CharField(label=_("Keywords"), max_length=500, required=False)

    def __init__(self, *args: Any, nodes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = nodes  # type: ignore[attr-defined]


def _codes(name: str, codes: list[str] | None = None) -> list[tuple[str, str]]:
    from ssrmonitor.support.codelists import codelist, label

    wanted = codes if codes is not None else list(codelist(name))
    return [(code, f"{code} — {label(name, code)}") for code in wanted]


class NationalActivityForm(ServiceForm):
    """A partner's activity recorded by the national office (one sector, one commitment)."""

    identifier = forms.CharField(label=_("IATI identifier"), max_length=200)
    reporting_org = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(iati_identifier__isnull=False),
        label=_("Partner (reporting organisation)"),
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("en", "English"), ("fr", "Français")]
    )
    status = forms.ChoiceField(label=_("Status"), choices=[])
    start = forms.DateField(label=_("Start"))
    end = forms.DateField(label=_("End"), required=False)
    sector = forms.ChoiceField(label=_("DAC sector"), choices=[])
    gender_significance = forms.ChoiceField(
        label=_("Gender equality marker"), required=False, choices=[]
    )
    commitment = forms.DecimalField(
        label=_("Commitment"), required=False, min_value=0, max_digits=18
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from ssrmonitor.support.codelists import SSR_SECTORS_5, SSR_SECTORS_7

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _codes("ActivityStatus")  # type: ignore[attr-defined]
        sectors = sorted(SSR_SECTORS_5 | SSR_SECTORS_7)
        self.fields["sector"].choices = _codes("Sector", sectors)  # type: ignore[attr-defined]
        significance = [("", "—"), *_codes("PolicySignificance")]
        self.fields["gender_significance"].choices = significance  # type: ignore[attr-defined]

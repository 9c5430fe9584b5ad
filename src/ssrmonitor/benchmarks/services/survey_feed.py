"""The settings of a survey-fed indicator (``source`` is ``perception_share``).

Such an indicator is a percentage whose values are the published estimates of a perception
survey item in the framework's country (``ssrmonitor.perceptions``), one per round, with their
95 % intervals: ``source_spec`` is ``{"item": key, "group": "", "value": ""}``, where ``group``
and ``value`` pick a group of respondents (``sex``/``woman``, ``age_band``/``18-35``,
``urban_rural``/``rural``, ``region``/a region's name) or, empty, all respondents.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import Indicator
from ssrmonitor.benchmarks.models.choices import IndicatorKind
from ssrmonitor.core.errors import FieldError
from ssrmonitor.perceptions.models import AgeBand, GroupKind, Item
from ssrmonitor.perceptions.sdg.dsd import code_name

KEYS = {"item", "group", "value"}
FIXED_VALUES = {
    GroupKind.SEX: {"woman", "man"},
    GroupKind.AGE_BAND: set(AgeBand.values),
    GroupKind.URBAN_RURAL: {"urban", "rural"},
}


def _group_errors(group: object, value: object) -> list[FieldError]:
    if group in ("", None, GroupKind.ALL):
        if value:
            return [FieldError("source_spec", _("A value is given only with a group."))]
        return []
    if group not in GroupKind.values:
        allowed = ", ".join(v for v in GroupKind.values if v != GroupKind.ALL)
        return [FieldError("source_spec", _("The group is empty or one of: %s.") % allowed)]
    allowed_values = FIXED_VALUES.get(GroupKind(str(group)))
    if not isinstance(value, str) or not value.strip():
        return [FieldError("source_spec", _("Name the group's value (e.g. woman, 18-35)."))]
    if allowed_values is not None and value not in allowed_values:
        listed = ", ".join(sorted(allowed_values))
        return [FieldError("source_spec", _("The value of this group is one of: %s.") % listed)]
    return []


def check_sdg_series(indicator: Indicator) -> list[FieldError]:
    """An indicator mapped to an SDG series names a series of the DSD's ``CL_SERIES``."""
    series = (indicator.sdg_series or "").strip().upper()
    indicator.sdg_series = series
    if series and not code_name("CL_SERIES", series):
        reason = _("'%(series)s' is not a series of the SDG codelist CL_SERIES.")
        return [FieldError("sdg_series", reason % {"series": series})]
    return []


def check_survey_source(indicator: Indicator) -> list[FieldError]:
    """Check a survey-fed indicator's settings; normalise ``source_spec`` when they are right."""
    spec = indicator.source_spec
    errors = []
    if indicator.kind != IndicatorKind.PERCENTAGE:
        errors.append(FieldError("kind", _("A share from perception surveys is a percentage.")))
    if not isinstance(spec, dict) or set(spec) - KEYS:
        return [*errors, FieldError("source_spec", _("Give an item, and a group and value."))]
    item = spec.get("item")
    if not isinstance(item, str) or not Item.objects.filter(key=item).exists():
        errors.append(FieldError("source_spec", _("Choose a survey item (e.g. trust_police).")))
    group, value = spec.get("group") or "", spec.get("value") or ""
    errors += _group_errors(group, value)
    if not errors:
        group = "" if group == GroupKind.ALL else group
        indicator.source_spec = {"item": item, "group": group, "value": value}
    return errors

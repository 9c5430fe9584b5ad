"""The IAEG-SDGs SDG data structure definition (DSD) 1.14, as bundled, and the code check.

``data/sdg_dsd_1.14.json`` holds the DSD's dimensions and attributes with their codelists and
every code (built from the DSD by ``data/build_codelists.py``; see ``data/PROVENANCE.md``).
:func:`structure` rebuilds the DSD as an ``sdmx1`` object, which the SDMX readers need to read
structure-specific messages and the writers to write any; :func:`check_codes` refuses an
observation whose code is not in its codelist, naming the series, the dimension and the value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ssrmonitor.core.errors import FieldError, ValidationFailed

DATA = Path(__file__).parent / "data" / "sdg_dsd_1.14.json"
TIME = "TIME_PERIOD"
MEASURE = "OBS_VALUE"
DATAFLOW = "DF_SDG_GLH"
MAX_ERRORS = 20


@dataclass(frozen=True)
class SdgObservation:
    """One observation: its key (every dimension, time included), value and attributes."""

    key: dict[str, str]
    value: Decimal | None
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def series(self) -> str:
        return self.key.get("SERIES", "")


@cache
def definition() -> dict[str, Any]:
    """The bundled DSD: agency, id, version, dimensions, attributes and codelists."""
    loaded: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return loaded


def dimensions() -> list[str]:
    return [name for name, _codelist in definition()["dimensions"]]


def codelist_of(component: str) -> str:
    """The codelist a dimension or attribute takes its codes from ('' when free text)."""
    spec = definition()
    for name, codelist in (*spec["dimensions"], *spec["attributes"]):
        if name == component:
            return str(codelist)
    return ""


def is_component(name: str) -> bool:
    spec = definition()
    return any(name == n for n, _cl in (*spec["dimensions"], *spec["attributes"]))


def code_name(codelist: str, code: str) -> str:
    """The English name of ``code`` in ``codelist`` ('' when unknown)."""
    return str(definition()["codelists"].get(codelist, {}).get(code, ""))


@cache
def structure() -> Any:
    """The DSD as an ``sdmx1`` DataStructureDefinition (with its dataflow), built once."""
    from sdmx.model import v21 as model

    spec = definition()
    agency = model.Agency(id=spec["agency"])
    dsd = model.DataStructureDefinition(id=spec["id"], maintainer=agency, version=spec["version"])
    for order, (name, _codelist) in enumerate(spec["dimensions"]):
        kind = model.TimeDimension if name == TIME else model.Dimension
        dsd.dimensions.getdefault(name, cls=kind, order=order)
    for name, _codelist in spec["attributes"]:
        dsd.attributes.getdefault(name)
    dsd.measures.getdefault(spec["measure"])
    flow = model.DataflowDefinition(
        id=DATAFLOW, maintainer=agency, version=spec["version"], structure=dsd
    )
    return dsd, flow


def _problems(observation: SdgObservation) -> list[str]:
    series = observation.series or "?"
    reasons = []
    for component, value in (*observation.key.items(), *observation.attributes.items()):
        if not is_component(component):
            reasons.append(
                _("Series %(series)s: %(dimension)s is not a dimension or attribute of the DSD.")
                % {"series": series, "dimension": component}
            )
            continue
        codelist = codelist_of(component)
        if codelist and value not in definition()["codelists"].get(codelist, {}):
            reasons.append(
                _("Series %(series)s: %(dimension)s '%(value)s' is not a code of %(codelist)s.")
                % {"series": series, "dimension": component, "value": value, "codelist": codelist}
            )
    missing = [name for name in dimensions() if name not in observation.key]
    if missing:
        reasons.append(
            _("Series %(series)s: no value for the dimension %(dimension)s.")
            % {"series": series, "dimension": ", ".join(missing)}
        )
    return reasons


def check_codes(observations: list[SdgObservation]) -> None:
    """Refuse the observations if any code is unknown (each problem named once, at most 20).

    Raises:
        ValidationFailed: one error per problem, naming the series, dimension and value.
    """
    seen: dict[str, None] = {}
    for observation in observations:
        for reason in _problems(observation):
            seen.setdefault(reason)
        if len(seen) >= MAX_ERRORS:
            break
    if seen:
        raise ValidationFailed([FieldError("file", reason) for reason in seen])

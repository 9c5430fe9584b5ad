"""SDG data in and out: SDMX-ML 2.1 (generic and structure-specific) and SDMX-CSV, by sdmx1.

:func:`read_message` reads a data message into :class:`SdgObservation` rows and checks every
code against the bundled DSD's codelists (an unknown code refuses the whole file, naming the
series, the dimension and the value). :func:`write_csv` and :func:`write_xml` write rows back
against the same DSD, so a national statistics office or the UN SDG database can take them;
what they write reads back to the same rows.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.perceptions.sdg.dsd import MEASURE, SdgObservation, check_codes, structure

MAX_BYTES = 50 * 1024 * 1024
MAX_OBSERVATIONS = 200_000


def _format(content: bytes) -> str:
    head = content[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "XML" if head.startswith(b"<") else "CSV"


def _value(raw: Any) -> Decimal | None:
    if raw is None or str(raw).strip() in {"", "NaN", "nan"}:
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise ValidationFailed.one(
            "file", _("'%(value)s' is not a number.") % {"value": raw}
        ) from None


def _row(observation: Any) -> SdgObservation:
    key = {str(k): str(v.value) for k, v in observation.key.values.items()}
    attributes = {
        str(k): str(v.value)
        for k, v in observation.attrib.items()
        if str(v.value) not in {"", "nan"}
    }
    return SdgObservation(key=key, value=_value(observation.value), attributes=attributes)


def read_message(content: bytes) -> list[SdgObservation]:
    """The observations of an SDMX-ML 2.1 or SDMX-CSV data message, every code checked.

    Raises:
        ValidationFailed: the file is not a data message, is too large, or holds an unknown
            code (named with its series, dimension and value).
    """
    import sdmx

    if len(content) > MAX_BYTES:
        raise ValidationFailed.one("file", _("The file is too large."))
    dsd, _flow = structure()
    try:
        message = sdmx.read_sdmx(io.BytesIO(content), format=_format(content), structure=dsd)
    except ValidationFailed:
        raise
    except Exception as exc:  # sdmx1 raises many kinds for a malformed file
        raise ValidationFailed.one(
            "file", _("Not an SDMX-ML 2.1 or SDMX-CSV data message: %(reason)s") % {"reason": exc}
        ) from None
    rows = [_row(obs) for dataset in getattr(message, "data", []) for obs in dataset.obs]
    if not rows:
        raise ValidationFailed.one("file", _("The message holds no observation."))
    if len(rows) > MAX_OBSERVATIONS:
        raise ValidationFailed.one("file", _("The message holds too many observations."))
    check_codes(rows)
    return rows


def _dataset(rows: Iterable[SdgObservation]) -> Any:
    from sdmx.model import v21 as model
    from sdmx.model.common import Key

    dsd, flow = structure()
    dataset = model.DataSet(structured_by=dsd, described_by=flow)
    observations = []
    for row in rows:
        key = Key(row.key, described_by=dsd.dimensions)
        attached = {
            name: model.AttributeValue(value=value, value_for=dsd.attributes.get(name))
            for name, value in row.attributes.items()
        }
        observations.append(
            model.Observation(
                dimension=key,
                value=None if row.value is None else str(row.value),
                value_for=dsd.measures.get(MEASURE),
                attached_attribute=attached,
            )
        )
    dataset.add_obs(observations)
    return dataset


def write_csv(rows: list[SdgObservation]) -> bytes:
    """SDMX-CSV 2.0 of ``rows`` (codes checked first), one column per dimension and attribute."""
    import pandas as pd
    import sdmx

    check_codes(rows)
    frame: Any = sdmx.to_csv(_dataset(rows), rtype=pd.DataFrame, attributes="o")
    return str(frame.to_csv(index=False)).encode("utf-8")


def write_xml(rows: list[SdgObservation]) -> bytes:
    """An SDMX-ML 2.1 structure-specific data message of ``rows`` (codes checked first)."""
    import sdmx
    from sdmx.message import DataMessage

    check_codes(rows)
    written: bytes = sdmx.to_xml(DataMessage(data=[_dataset(rows)]), pretty_print=True)
    return written

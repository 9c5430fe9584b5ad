"""SDG data in and out: SDMX-ML 2.1 (generic and structure-specific) and SDMX-CSV, by sdmx1.

:func:`read_message` reads a data message into :class:`SdgObservation` rows and checks every
code against the bundled DSD's codelists (an unknown code refuses the whole file, naming the
series, the dimension and the value). :func:`write_csv` and :func:`write_xml` write rows back
against the same DSD, so a national statistics office or the UN SDG database can take them;
what they write reads back to the same rows.

SDMX-CSV comes in two versions: 2.0 (``STRUCTURE``, ``STRUCTURE_ID``, ``ACTION`` columns),
which sdmx1 reads, and 1.0 (one ``DATAFLOW`` column), which is rewritten to 2.0 before it is
read (:func:`csv_v1_to_v2`); :func:`write_csv` writes either.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.perceptions.sdg.dsd import (
    MEASURE,
    SdgObservation,
    check_codes,
    codelist_of,
    structure,
)

MAX_BYTES = 50 * 1024 * 1024
MAX_OBSERVATIONS = 200_000


SDMX_ML = "SDMX-ML 2.1"
SDMX_CSV_1 = "SDMX-CSV 1.0"
SDMX_CSV_2 = "SDMX-CSV 2.0"
OPEN_SDG = "Open SDG CSV"


def _text(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed.one("file", _("The file is not UTF-8 text.")) from None


def detect_format(content: bytes) -> str:
    """Which kind of SDG file ``content`` is, from its first bytes or its header line.

    An XML document is SDMX-ML; a CSV file whose first column is ``DATAFLOW`` is SDMX-CSV 1.0,
    ``STRUCTURE`` SDMX-CSV 2.0; a CSV file with ``Year`` and ``Value`` columns is an Open SDG
    data file. Anything else is SDMX-CSV 2.0, which the reader then refuses with its reason.
    """
    head = content[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return SDMX_ML
    lines = content.lstrip(b"\xef\xbb\xbf")[:65536].decode("utf-8", "replace").splitlines()
    first = lines[0] if lines else ""  # a line may end with CR alone
    columns = [c.strip().strip('"') for c in first.strip().split(",")]
    if columns[0].upper() == "DATAFLOW":
        return SDMX_CSV_1
    if columns[0].upper().startswith("STRUCTURE"):
        return SDMX_CSV_2
    if {"year", "value"} <= {c.lower() for c in columns}:
        return OPEN_SDG
    return SDMX_CSV_2


def _code_only(column: str, cell: str) -> str:
    """A 1.0 cell written with its label (``F: Female``) reduced to its code, coded columns only."""
    if codelist_of(column) and ": " in cell:
        return cell.split(": ", 1)[0]
    return cell


def csv_v1_to_v2(content: bytes) -> bytes:
    """SDMX-CSV 1.0 (``DATAFLOW`` column, ids possibly with labels) rewritten as SDMX-CSV 2.0."""
    try:
        rows = list(csv.reader(io.StringIO(_text(content), newline="")))
    except csv.Error as exc:
        raise ValidationFailed.one(
            "file", _("Not a readable SDMX-CSV file: %(reason)s") % {"reason": exc}
        ) from None
    if not rows:
        raise ValidationFailed.one("file", _("The file is empty."))
    header = [cell.split(": ", 1)[0].strip() for cell in rows[0]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["STRUCTURE", "STRUCTURE_ID", "ACTION", *header[1:]])
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        cells = [_code_only(name, cell) for name, cell in zip(header[1:], row[1:], strict=False)]
        writer.writerow(["dataflow", row[0] if row else "", "I", *cells])
    return out.getvalue().encode("utf-8")


def csv_v2_to_v1(content: bytes) -> bytes:
    """SDMX-CSV 2.0 as written by :func:`write_csv` rewritten as SDMX-CSV 1.0."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    skip = {"STRUCTURE", "STRUCTURE_ID", "ACTION"}
    kept = [i for i, name in enumerate(rows[0]) if name not in skip]
    where = rows[0].index("STRUCTURE_ID")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["DATAFLOW", *(rows[0][i] for i in kept)])
    for row in rows[1:]:
        writer.writerow([row[where], *(row[i] for i in kept)])
    return out.getvalue().encode("utf-8")


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
    """The observations of an SDMX-ML 2.1 or SDMX-CSV (1.0 or 2.0) message, every code checked.

    Raises:
        ValidationFailed: the file is not a data message, is too large, or holds an unknown
            code (named with its series, dimension and value).
    """
    import sdmx

    if len(content) > MAX_BYTES:
        raise ValidationFailed.one("file", _("The file is too large."))
    dsd, _flow = structure()
    kind = detect_format(content)
    if kind == SDMX_CSV_1:
        content = csv_v1_to_v2(content)
    try:
        message = sdmx.read_sdmx(
            io.BytesIO(content), format="XML" if kind == SDMX_ML else "CSV", structure=dsd
        )
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


def write_csv(rows: list[SdgObservation], *, version: str = "2.0") -> bytes:
    """SDMX-CSV of ``rows`` (codes checked first), one column per dimension and attribute.

    ``version`` "2.0" (the default) or "1.0" (the ``DATAFLOW`` column form).
    """
    import pandas as pd
    import sdmx

    check_codes(rows)
    frame: Any = sdmx.to_csv(_dataset(rows), rtype=pd.DataFrame, attributes="o")
    written = str(frame.to_csv(index=False)).encode("utf-8")
    return csv_v2_to_v1(written) if version == "1.0" else written


def write_xml(rows: list[SdgObservation]) -> bytes:
    """An SDMX-ML 2.1 structure-specific data message of ``rows`` (codes checked first)."""
    import sdmx
    from sdmx.message import DataMessage

    check_codes(rows)
    written: bytes = sdmx.to_xml(DataMessage(data=[_dataset(rows)]), pretty_print=True)
    return written

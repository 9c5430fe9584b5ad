"""Writing IATI 2.03 activity XML, validated against the bundled official schema.

The exporter writes what the support app models, in the element order of the 2.03 schema.
Results are not exported: SSR Monitor keeps result titles only, and the 2.03 schema requires
each result to carry at least one indicator, which would have to be invented.

:func:`export_activities` is what pages and the command use: each activity is validated on its
own, and one that cannot be written schema-valid from what its publisher gave (a title without
text, no description, no participating organisation, no activity date …; nothing is invented
to fill the gap) is left out and reported with its identifier and reasons, while the others are
exported. A selection with nothing to export is :class:`NothingToExport`, never an empty,
schema-invalid ``iati-activities``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy
from lxml import etree

from ssrmonitor.core.numbers import plain
from ssrmonitor.support.iati.safe import safe_parser
from ssrmonitor.support.models import Activity, SectorAllocation, TextKind, Transaction

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "schema" / "iati-activities-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DATE_TYPES = (
    ("1", "planned_start"),
    ("2", "actual_start"),
    ("3", "planned_end"),
    ("4", "actual_end"),
)


class ExportInvalid(Exception):
    """The XML written does not validate against the IATI 2.03 schema; ``errors`` says where."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors[:5]))


class NothingToExport(Exception):
    """The selection holds no activity that can be exported (IATI needs at least one)."""


@dataclass(frozen=True)
class LeftOut:
    """An activity left out of an export: its identifier and why (in words, then the schema's)."""

    identifier: str
    reasons: list[str]

    def __str__(self) -> str:
        return f"{self.identifier}: {'; '.join(self.reasons)}"


@dataclass(frozen=True)
class ExportResult:
    """Schema-valid XML of the exportable activities, and those left out."""

    data: bytes
    exported: list[str]
    left_out: list[LeftOut] = field(default_factory=list)


@cache
def schema() -> etree.XMLSchema:
    """The official IATI 2.03 activity schema, bundled in ``support/data/schema``."""
    return etree.XMLSchema(etree.parse(str(SCHEMA), safe_parser()))


def validation_errors(document: etree._ElementTree) -> list[str]:
    """Schema errors of ``document`` (empty when it is valid IATI 2.03)."""
    validator = schema()
    if validator.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in list(validator.error_log)]  # type: ignore[call-overload]


def exportable(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """``activities`` with everything the exporter reads, in a fixed number of queries."""
    transactions = Transaction.objects.prefetch_related(
        Prefetch("sectors", queryset=SectorAllocation.objects.order_by("id"))
    )
    return activities.select_related("reporting_org").prefetch_related(
        "texts",
        "participants",
        "countries",
        "regions",
        Prefetch("sectors", queryset=SectorAllocation.objects.filter(transaction=None)),
        "policy_markers",
        "budgets",
        Prefetch("transactions", queryset=transactions),
    )


def build_document(activities: Iterable[Activity]) -> etree._ElementTree:
    """An ``iati-activities`` document (version 2.03) with one element per activity."""
    root = etree.Element("iati-activities", version="2.03")
    root.set("generated-datetime", _moment(timezone.now()))
    for activity in activities:
        root.append(activity_element(activity))
    return etree.ElementTree(root)


def export_xml(activities: QuerySet[Activity]) -> bytes:
    """Serialised, schema-valid IATI 2.03 XML, or :class:`ExportInvalid`."""
    document = build_document(exportable(activities))
    errors = validation_errors(document)
    if errors:
        raise ExportInvalid(errors)
    return bytes(
        etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    )


def by_recipient_country(activities: QuerySet[Activity], iso2: str) -> QuerySet[Activity]:
    """Activities recorded for the country (national entries) or benefiting it (imported ones,
    by their ``recipient-country``, at activity or transaction level)."""
    code = iso2.upper()
    ids = activities.filter(
        Q(country__iso2=code) | Q(countries__code=code) | Q(transactions__recipient_country=code)
    ).values("pk")
    return activities.filter(pk__in=ids)


# What the 2.03 schema requires of every activity, in words: (XPath that must match, reason).
REQUIRED_PARTS = (
    ("title/narrative", gettext_lazy("no title text")),
    ("description/narrative", gettext_lazy("no description")),
    ("participating-org", gettext_lazy("no participating organisation")),
    ("activity-status", gettext_lazy("no activity status")),
    ("activity-date", gettext_lazy("no activity date")),
)


def missing_parts(element: Any) -> list[str]:
    """What an ``iati-activity`` element lacks of the schema's required parts, in words."""
    return [str(reason) for path, reason in REQUIRED_PARTS if element.find(path) is None]


def _alone(element: Any) -> etree._ElementTree:
    root = etree.Element("iati-activities", version="2.03")
    root.append(element)
    return etree.ElementTree(root)


def export_activities(activities: QuerySet[Activity]) -> ExportResult:
    """Schema-valid IATI 2.03 XML of every activity of ``activities`` that can be written
    valid; the others are left out with their reasons.

    Raises:
        NothingToExport: the selection is empty, or none of its activities can be exported.
    """
    root = etree.Element("iati-activities", version="2.03")
    root.set("generated-datetime", _moment(timezone.now()))
    exported: list[str] = []
    left_out: list[LeftOut] = []
    for activity in exportable(activities).order_by("iati_identifier"):
        element = activity_element(activity)
        errors = validation_errors(_alone(element))
        if errors:
            left_out.append(LeftOut(activity.iati_identifier, missing_parts(element) or errors))
            continue
        root.append(element)
        exported.append(activity.iati_identifier)
    if not exported:
        raise NothingToExport(left_out)
    errors = validation_errors(etree.ElementTree(root))
    if errors:  # each activity is valid alone: this would be a bug of the exporter
        raise ExportInvalid(errors)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return ExportResult(bytes(data), exported, left_out)


def with_left_out(result: ExportResult) -> bytes:
    """The export's XML with an XML comment after the declaration naming each activity left out
    and why (comments do not count for the schema), for a file downloaded from a page."""
    if not result.left_out:
        return result.data
    lines = ["Left out: not valid IATI 2.03 as published"]
    lines += [str(item).replace("--", "- -") for item in result.left_out]
    declaration, _newline, rest = result.data.partition(b"\n")
    comment = "<!-- " + "\n     ".join(lines) + " -->\n"
    return declaration + b"\n" + comment.encode() + rest


def _moment(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _sub(parent: Any, tag: str, **attributes: str | None) -> Any:
    element = etree.SubElement(parent, tag)
    for name, value in attributes.items():
        if value not in (None, ""):
            element.set(name.rstrip("_").replace("_", "-"), str(value))
    return element


def _narrative(parent: Any, text: str, language: str = "") -> None:
    narrative = etree.SubElement(parent, "narrative")
    if language:
        narrative.set(XML_LANG, language)
    narrative.text = text


def _org(parent: Any, tag: str, ref: str, name: str, org_type: str = "", **extra: str) -> None:
    element = _sub(parent, tag, ref=ref or None, type=org_type or None, **extra)
    if name:
        _narrative(element, name)


def _percent(value: Decimal | None) -> str | None:
    return plain(value) if value is not None else None


def activity_element(activity: Activity) -> Any:
    """The ``iati-activity`` element of one activity, children in schema order."""
    element = etree.Element("iati-activity")
    _attributes(element, activity)
    _sub(element, "iati-identifier").text = activity.iati_identifier
    reporter = activity.reporting_org
    _org(
        element,
        "reporting-org",
        activity.reporting_org_ref or reporter.iati_identifier or "",
        activity.reporting_org_name or reporter.name,
        activity.reporting_org_type,
    )
    _texts(element, activity)
    for participant in activity.participants.all():
        _org(
            element,
            "participating-org",
            participant.ref,
            participant.name,
            participant.org_type,
            role=participant.role,
        )
    _sub(element, "activity-status", code=activity.status)
    for code, name in DATE_TYPES:
        day: date | None = getattr(activity, name)
        if day is not None:
            _sub(element, "activity-date", iso_date=day.isoformat(), type=code)
    _places_and_sectors(element, activity)
    _defaults(element, activity)
    _money(element, activity)
    return element


def _attributes(element: Any, activity: Activity) -> None:
    if activity.last_updated is not None:
        element.set("last-updated-datetime", _moment(activity.last_updated))
    if activity.default_language:
        element.set(XML_LANG, activity.default_language)
    if activity.default_currency:
        element.set("default-currency", activity.default_currency)
    if activity.hierarchy is not None:
        element.set("hierarchy", str(activity.hierarchy))
    if activity.humanitarian is not None:
        element.set("humanitarian", "1" if activity.humanitarian else "0")


def _texts(element: Any, activity: Activity) -> None:
    texts = list(activity.texts.all())
    title = _sub(element, "title")
    for text in (t for t in texts if t.kind == TextKind.TITLE):
        _narrative(title, text.text, text.language)
    groups: dict[str, Any] = {}
    for text in (t for t in texts if t.kind == TextKind.DESCRIPTION):
        key = text.description_type
        if key not in groups:
            groups[key] = _sub(element, "description", type=key or None)
        _narrative(groups[key], text.text, text.language)


def _places_and_sectors(element: Any, activity: Activity) -> None:
    for country in activity.countries.all():
        _sub(
            element, "recipient-country", code=country.code, percentage=_percent(country.percentage)
        )
    for region in activity.regions.all():
        _sub(
            element,
            "recipient-region",
            code=region.code,
            vocabulary=region.vocabulary,
            percentage=_percent(region.percentage),
        )
    for sector in activity.sectors.all():
        _sub(
            element,
            "sector",
            vocabulary=sector.vocabulary,
            code=sector.code,
            percentage=_percent(sector.percentage),
        )
    for marker in activity.policy_markers.all():
        _sub(
            element,
            "policy-marker",
            vocabulary=marker.vocabulary,
            code=marker.code,
            significance=marker.significance,
        )


def _defaults(element: Any, activity: Activity) -> None:
    for tag, value in (
        ("collaboration-type", activity.collaboration_type),
        ("default-flow-type", activity.flow_type),
        ("default-finance-type", activity.finance_type),
    ):
        if value:
            _sub(element, tag, code=value)
    if activity.aid_type:
        _sub(
            element,
            "default-aid-type",
            code=activity.aid_type,
            vocabulary=activity.aid_type_vocabulary,
        )
    if activity.tied_status:
        _sub(element, "default-tied-status", code=activity.tied_status)


def _value(parent: Any, value: Decimal, currency: str, value_date: date) -> None:
    element = _sub(parent, "value", currency=currency, value_date=value_date.isoformat())
    element.text = plain(value)


def _money(element: Any, activity: Activity) -> None:
    for budget in activity.budgets.all():
        node = _sub(element, "budget", type=budget.budget_type, status=budget.status)
        _sub(node, "period-start", iso_date=budget.period_start.isoformat())
        _sub(node, "period-end", iso_date=budget.period_end.isoformat())
        _value(node, budget.value, budget.currency, budget.value_date)
    for transaction in activity.transactions.all():
        _transaction(element, transaction)


def _transaction(element: Any, transaction: Transaction) -> None:
    node = _sub(element, "transaction", ref=transaction.ref)
    _sub(node, "transaction-type", code=transaction.transaction_type)
    _sub(node, "transaction-date", iso_date=transaction.date.isoformat())
    _value(node, transaction.value, transaction.currency, transaction.value_date)
    if transaction.description:
        _narrative(_sub(node, "description"), transaction.description)
    if transaction.provider_ref or transaction.provider_name:
        _org(
            node,
            "provider-org",
            transaction.provider_ref,
            transaction.provider_name,
            transaction.provider_type,
        )
    if transaction.receiver_ref or transaction.receiver_name:
        _org(
            node,
            "receiver-org",
            transaction.receiver_ref,
            transaction.receiver_name,
            transaction.receiver_type,
        )
    for sector in transaction.sectors.all():
        _sub(node, "sector", vocabulary=sector.vocabulary, code=sector.code)
    if transaction.recipient_country:
        _sub(node, "recipient-country", code=transaction.recipient_country)
    for tag, value in (
        ("flow-type", transaction.flow_type),
        ("finance-type", transaction.finance_type),
        ("aid-type", transaction.aid_type),
    ):
        if value:
            _sub(node, tag, code=value)

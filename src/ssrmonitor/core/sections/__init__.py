"""The report-section contract: every app contributes its part of a report through a provider.

This is the neutral ground between the data apps and the ``reports`` app: data apps import
this package (the registry, :class:`CollectContext`, :class:`SectionParts`, the document model
in :mod:`.document` and the formatting helpers in :mod:`.formatting`) and never ``reports``;
``reports`` only collects, renders and snapshots.

A provider has two steps, so that a frozen snapshot can be rendered again without the database:

* ``collect(context)`` reads the data (through the app's permission layer, approved values
  only) and returns a JSON-ready ``dict``, or ``None`` when the app has nothing for this
  country and period — the section is then left out of the report;
* ``build(data)`` turns that dict (live, or read back from a snapshot) into
  :class:`~ssrmonitor.core.sections.document.Section` s. It runs inside the report's language and
  must not read the database, the clock or the settings.

Apps register their providers in a module (or package) named ``report_sections`` (found at
start-up by :func:`autodiscover`) with :func:`register`. An app whose data decides which
countries have a report, and for which period by default, also registers a
:class:`ReportSource` with :func:`register_source`. See docs/reports.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import QuerySet
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.sections.document import Section

Scope = Literal["country", "thematic"]


class Audience(models.TextChoices):
    """Who a report is for: decides which data it may contain."""

    INTERNAL = "internal", _("Internal (members of the country)")
    PUBLIC = "public", _("Public (published frameworks only)")


@dataclass(frozen=True)
class CollectContext:
    """What a provider is asked for.

    ``viewer`` is the user whose permissions apply: for a public report it is the anonymous
    user, so an app's ``visible_to`` querysets return public data only. ``country`` is ``None``
    for the thematic report (providers then cover every country the viewer may report on,
    listed in ``countries``).
    """

    viewer: Viewer
    period: ReportingPeriod
    audience: str
    country: Country | None = None
    countries: tuple[Country, ...] = ()


@dataclass
class SectionParts:
    """What ``build`` returns: sentences for the summary, body sections and annex sections."""

    summary: list[str] = field(default_factory=list)
    body: list[Section] = field(default_factory=list)
    annex: list[Section] = field(default_factory=list)


class SectionProvider(Protocol):
    """One section of a report (see the module docstring)."""

    key: str
    order: int
    scope: Scope

    def collect(self, context: CollectContext) -> dict[str, Any] | None: ...

    def build(self, data: dict[str, Any]) -> SectionParts: ...


_REGISTRY: dict[tuple[Scope, str], SectionProvider] = {}


def register(provider: SectionProvider) -> SectionProvider:
    """Add ``provider`` to the registry (a later registration under the same key replaces it)."""
    _REGISTRY[(provider.scope, provider.key)] = provider
    return provider


def unregister(scope: Scope, key: str) -> None:
    """Remove a provider (tests use it to plug a temporary one in and out)."""
    _REGISTRY.pop((scope, key), None)


def providers(scope: Scope) -> list[SectionProvider]:
    """The providers of one kind of report, in report order."""
    found = [provider for (kind, _key), provider in _REGISTRY.items() if kind == scope]
    return sorted(found, key=lambda provider: (provider.order, provider.key))


def provider(scope: Scope, key: str) -> SectionProvider | None:
    return _REGISTRY.get((scope, key))


def autodiscover() -> None:
    """Import ``report_sections`` of every installed app, where providers register themselves."""
    autodiscover_modules("report_sections")


def report_viewer(context: CollectContext) -> Viewer:
    """Whose permissions the data is read with: the anonymous public for a public report."""
    return AnonymousUser() if context.audience == Audience.PUBLIC else context.viewer


class ReportSource(Protocol):
    """An app whose data decides which countries have a report, and its default period."""

    def countries(self, audience: str) -> QuerySet[Country]:
        """Countries with something to report for ``audience`` (public: published data only)."""
        ...

    def latest_day(self, viewer: Viewer, country: Country) -> date | None:
        """The end of the latest period with approved data ``viewer`` may see, if any."""
        ...


_SOURCES: dict[str, ReportSource] = {}


def register_source(key: str, source: ReportSource) -> ReportSource:
    """Add a :class:`ReportSource` (a later registration under the same key replaces it)."""
    _SOURCES[key] = source
    return source


def report_countries(audience: str) -> QuerySet[Country]:
    """Countries that some source has something to report on for ``audience``."""
    ids: set[int] = set()
    for source in _SOURCES.values():
        ids |= set(source.countries(audience).values_list("pk", flat=True))
    return Country.objects.filter(pk__in=ids).order_by("name")


def latest_day(viewer: Viewer, country: Country) -> date | None:
    """The latest day with approved data ``viewer`` may see in the country, over every source."""
    days = [day for s in _SOURCES.values() if (day := s.latest_day(viewer, country)) is not None]
    return max(days, default=None)

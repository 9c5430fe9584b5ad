"""The registry of report sections: every app contributes its part through a provider.

A provider has two steps, so that a frozen snapshot can be rendered again without the database:

* ``collect(context)`` reads the data (through the app's permission layer, approved values
  only) and returns a JSON-ready ``dict``, or ``None`` when the app has nothing for this
  country and period — the section is then left out of the report;
* ``build(data)`` turns that dict (live, or read back from a snapshot) into
  :class:`~ssrmonitor.reports.document.Section` s. It runs inside the report's language and
  must not read the database, the clock or the settings.

Apps register their providers in a module named ``report_sections.py`` (found at start-up by
:func:`autodiscover`) with :func:`register`. See docs/reports.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from django.utils.module_loading import autodiscover_modules

from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.reports.document import Section

Scope = Literal["country", "thematic"]


@dataclass(frozen=True)
class CollectContext:
    """What a provider is asked for.

    ``viewer`` is the user whose permissions apply: for a public report it is the anonymous
    user, so an app's ``visible_to`` querysets return public data only. ``country`` is ``None``
    for the thematic report (providers then cover every country the viewer may report on,
    listed in ``countries``).
    """

    viewer: Any
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

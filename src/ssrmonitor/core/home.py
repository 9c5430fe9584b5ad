"""The home page's panels: each app contributes what it shows there, the way reports collect
sections.

An app registers a :class:`HomePanel` in its ``AppConfig.ready()``. The home page asks every
panel, in ``order``, for its context with the visitor's permissions (the anonymous public
included) and includes the panel's template with it; a panel whose ``context`` returns ``None``
is left out. Core knows no app: it only collects and includes.

**The worklist.** Signed in, the home page opens with what is the visitor's to do, per country.
Apps contribute :class:`WorkItem` s through a :class:`WorklistSource` registered with
:func:`register_worklist` (the benchmarks app: values due, drafts, returned values, reviews;
vetting: case deadlines and referrals; the jobs of ``ssrmonitor.core.jobs``: work running).
Each source reads through its app's permission layer and returns only what the visitor may see
(counts, identifiers and deadlines, never personal data). The panel ``worklist`` (registered
below) groups the items by country.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the app registry loads this module before the models
    from ssrmonitor.core.actors import Viewer
    from ssrmonitor.core.models import Country


@dataclass(frozen=True)
class HomePanel:
    """One part of the home page.

    Args:
        key: a unique name (a later registration under the same key replaces it).
        order: position on the page, small first.
        template: the template included with the panel's context.
        context: the visitor → the template's context, or ``None`` to leave the panel out.
    """

    key: str
    order: int
    template: str
    context: Callable[[Viewer], dict[str, Any] | None]


@dataclass(frozen=True)
class ShownPanel:
    """A panel with the context computed for one visitor."""

    key: str
    template: str
    context: dict[str, Any]


_PANELS: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> HomePanel:
    """Add ``panel`` to the home page."""
    _PANELS[panel.key] = panel
    return panel


def home_panels(viewer: Viewer) -> list[ShownPanel]:
    """The panels ``viewer`` sees, in page order, each with its context."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(viewer)
        if context is not None:
            shown.append(ShownPanel(panel.key, panel.template, context))
    return shown


@dataclass(frozen=True)
class WorkLink:
    """One thing to open from a work item (a value, a case …), with a short note."""

    text: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class WorkItem:
    """Something waiting for the visitor: ``count`` of a kind, in a country (``None``: none).

    Args:
        country: the country it belongs to, or ``None`` (e.g. a job across countries).
        kind: a stable name (``values_due``, ``reviews``, ``case_deadlines`` …), for tests and CSS.
        label: what it is, in words, already translated.
        count: how many.
        url: where to do it.
        links: the first few, each to open (the page shows at most :data:`LINKS_SHOWN`).
        urgent: a deadline has passed or is near.
        order: its place among the country's items, small first.
    """

    country: Country | None
    kind: str
    label: str
    count: int
    url: str
    links: list[WorkLink] = field(default_factory=list)
    urgent: bool = False
    order: int = 50


LINKS_SHOWN = 5


@dataclass(frozen=True)
class WorklistSource:
    """An app's contribution to the worklist: the visitor → their work items."""

    key: str
    items: Callable[[Viewer], list[WorkItem]]


_SOURCES: dict[str, WorklistSource] = {}


def register_worklist(source: WorklistSource) -> WorklistSource:
    """Add ``source`` to the worklist (a later registration under the same key replaces it).

    The jobs of ``ssrmonitor.core.jobs`` plug in here: a source ``jobs`` that returns one item
    per country (or ``country=None``) with the visitor's queued and running jobs.
    """
    _SOURCES[source.key] = source
    return source


@dataclass
class CountryWork:
    """The work items of one country (``country`` ``None``: not tied to a country)."""

    country: Country | None
    items: list[WorkItem]


def worklist(viewer: Viewer) -> list[CountryWork]:
    """Every source's items for ``viewer``, grouped by country (by name; no country last)."""
    grouped: dict[int | None, CountryWork] = {}
    for source in sorted(_SOURCES.values(), key=lambda s: s.key):
        for item in source.items(viewer):
            if item.count <= 0:
                continue
            key = item.country.pk if item.country is not None else None
            grouped.setdefault(key, CountryWork(item.country, [])).items.append(item)
    for work in grouped.values():
        work.items.sort(key=lambda item: (item.order, item.kind))
    return sorted(
        grouped.values(),
        key=lambda w: (w.country is None, str(w.country.name) if w.country else ""),
    )


def worklist_context(viewer: Viewer) -> dict[str, Any] | None:
    """The worklist panel: for signed-in visitors only (an empty list says nothing waits)."""
    if not getattr(viewer, "is_authenticated", False):
        return None
    return {"countries": worklist(viewer), "links_shown": LINKS_SHOWN}


register_home_panel(
    HomePanel(key="worklist", order=1, template="core/home_worklist.html", context=worklist_context)
)

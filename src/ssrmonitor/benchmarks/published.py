"""The cached results of what the benchmarks pages show to everyone who may see a framework.

Drafts and submissions change many times a day; frameworks, indicators, approved values and
their stored progress change much less often. The domain :data:`PUBLISHED` of
:mod:`ssrmonitor.core.datacache` holds the latter: every benchmarks model but the
measurements and their evidence, which it ignores, plus the country and mission names. The
progress store renews its token whenever it refreshes stored progress, which every change to an
approved value does
(:func:`ssrmonitor.benchmarks.progress_store.refresh_progress`).

A result kept under this domain may therefore hold frameworks, indicators, ratings and
approved values, never a draft, a submission or anything else that depends on who asks beyond
:func:`scope` (which frameworks they see).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.datacache import cached, register_domain
from ssrmonitor.core.permissions import Action, country_ids_with

PUBLISHED = "benchmarks.published"
T = TypeVar("T")


def register() -> None:
    """Declare the domain (the benchmarks app's ``ready()``)."""
    register_domain(
        PUBLISHED,
        apps=("benchmarks",),
        models=("core.country", "core.mission"),
        # drafts and submissions; evidence is shown on the indicator's page only, never cached
        ignore=("benchmarks.measurement", "benchmarks.evidence"),
    )


def scope(viewer: Viewer) -> str | tuple[int, ...]:
    """What decides the frameworks ``viewer`` sees (see
    :func:`ssrmonitor.benchmarks.permissions.frameworks_visible_to`): ``"all"``, or the
    countries whose unpublished frameworks they see besides the published ones."""
    ids = country_ids_with(viewer, Action.VIEW_INTERNAL)
    return "all" if ids is None else tuple(sorted(ids))


def cached_published(name: str, parts: Iterable[Any], compute: Callable[[], T]) -> T:
    """``compute()``, kept until the published data changes (``parts`` as for
    :func:`ssrmonitor.core.datacache.cached`)."""
    return cached(name, (PUBLISHED,), parts, compute)

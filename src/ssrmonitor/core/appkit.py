"""What an SSR Monitor app contributes to the ground, declared on its ``AppConfig``.

Core knows no app. Each domain app's ``AppConfig`` derives from :class:`DomainAppConfig` and
names, as dotted paths, what it adds:

* ``demo_loader`` — its idempotent ``load_demo(*, acting_user)``, run by ``ssrmonitor demo`` in
  ``INSTALLED_APPS`` order with a :class:`~ssrmonitor.core.actors.SystemActor` that holds the
  actions of the app's ``demo_categories`` (by default its own data category, named as its
  label); ``describe_demo`` turns what the loader returns into lines to print;
* ``worklists`` — :class:`~ssrmonitor.core.home.WorklistSource` s: what the signed-in
  visitor has to do, shown on the home page, registered when the app is ready;
* ``home_panels`` — :class:`~ssrmonitor.core.home.HomePanel` s, registered when the app is
  ready;
* ``jobs`` — :class:`~ssrmonitor.core.jobs.registry.JobKind` s, its kinds of long work run by
  ``ssrmonitor worker``, registered when the app is ready;
* ``readiness_checks`` — functions returning ``(ok, detail)`` that ``/readyz`` runs (see
  :mod:`ssrmonitor.core.ops.readiness`), each registered under its function's name;
* ``cache_reads`` — for an app that caches results with :mod:`ssrmonitor.core.datacache`: the
  models of other apps (``"core.organisation"``) its results read besides its own. The app is
  then a data domain named as its label (``None``, the default: it caches nothing).

Report sections are collected the same way, from each app's ``report_sections`` module (see
:mod:`ssrmonitor.core.sections`).
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from django.apps import AppConfig
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ssrmonitor.core.home import (
    HomePanel,
    WorklistSource,
    register_home_panel,
    register_worklist,
)
from ssrmonitor.core.jobs.registry import JobKind, register_job
from ssrmonitor.core.ops.readiness import register_readiness_check


class DomainAppConfig(AppConfig):
    """The configuration of a domain app (see the module docstring)."""

    demo_loader: ClassVar[str | None] = None
    demo_categories: ClassVar[tuple[str, ...]] = ()
    home_panels: ClassVar[tuple[str, ...]] = ()
    worklists: ClassVar[tuple[str, ...]] = ()
    jobs: ClassVar[tuple[str, ...]] = ()
    readiness_checks: ClassVar[tuple[str, ...]] = ()
    cache_reads: ClassVar[tuple[str, ...] | None] = None

    def ready(self) -> None:
        if self.cache_reads is not None:
            from ssrmonitor.core.datacache import register_domain  # needs the models

            register_domain(self.label, apps=(self.label,), models=self.cache_reads)
        for path in self.home_panels:
            panel = import_string(path)
            if not isinstance(panel, HomePanel):
                raise TypeError(f"{path} is not a HomePanel")
            register_home_panel(panel)
        for path in self.worklists:
            source = import_string(path)
            if not isinstance(source, WorklistSource):
                raise TypeError(f"{path} is not a WorklistSource")
            register_worklist(source)
        for path in self.jobs:
            kind = import_string(path)
            if not isinstance(kind, JobKind):
                raise TypeError(f"{path} is not a JobKind")
            register_job(kind)
        for path in self.readiness_checks:
            register_readiness_check(path.rsplit(".", 1)[-1], import_string(path))

    def load_demo(self) -> Any:
        """Run the app's demo loader as the system, holding the actions of its data categories.

        The categories are ``demo_categories``, by default the app's own (its label).
        """
        from ssrmonitor.core.actors import system_actor  # models are not ready at import time
        from ssrmonitor.core.permissions import Action

        if self.demo_loader is None:
            return None
        categories = set(self.demo_categories or (self.label,))
        actions = [action for action in Action if action.category in categories]
        actor = system_actor(f"demo of {self.label}", actions)
        return import_string(self.demo_loader)(acting_user=actor)

    def describe_demo(self, summary: Any, *, verbose: bool = False) -> list[str]:
        """Lines that tell what the demo loader did (``app: a: 1, b: 2``)."""
        return [f"{self.verbose_name}: {describe_summary(summary)}"]


def describe_summary(summary: Any) -> str:
    """``a: 1, b: 2`` for a loader's summary (a dataclass or a dict); lists are counted."""
    if dataclasses.is_dataclass(summary) and not isinstance(summary, type):
        summary = dataclasses.asdict(summary)
    if not isinstance(summary, dict):
        return str(summary)
    parts = []
    for key, value in summary.items():
        shown = len(value) if isinstance(value, list | dict) else value
        if shown not in (0, None, ""):
            parts.append(f"{key.replace('_', ' ')}: {shown}")
    return ", ".join(parts) or _("nothing new")

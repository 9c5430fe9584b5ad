from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.appkit import DomainAppConfig


class BenchmarksConfig(DomainAppConfig):
    default = True
    name = "ssrmonitor.benchmarks"
    label = "benchmarks"
    verbose_name = _("Benchmarks and M&E")
    demo_loader = "ssrmonitor.benchmarks.demo.load_demo"
    home_panels = ("ssrmonitor.benchmarks.home.PANEL",)
    jobs = ("ssrmonitor.benchmarks.jobs.EXPORT_VALUES",)
    worklists = ("ssrmonitor.benchmarks.worklist.SOURCE",)

    def ready(self) -> None:
        super().ready()
        from ssrmonitor.benchmarks import published
        from ssrmonitor.benchmarks.progress_store import on_feed_change
        from ssrmonitor.core.feeds import feed_changed

        published.register()  # the cached-results domain of what the public pages show
        # fed indicators keep their stored progress when their source changes
        feed_changed.connect(on_feed_change, dispatch_uid="benchmarks.stored_progress")

    def describe_demo(self, summary: Any, *, verbose: bool = False) -> list[str]:
        from ssrmonitor.benchmarks.demo import describe

        return describe(summary, verbose=verbose)

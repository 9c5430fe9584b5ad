from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.appkit import DomainAppConfig


class VettingConfig(DomainAppConfig):
    default = True
    name = "ssrmonitor.vetting"
    label = "vetting"
    verbose_name = _("Vetting and age screening")
    demo_loader = "ssrmonitor.vetting.demo.load_demo"
    worklists = ("ssrmonitor.vetting.worklist.SOURCE",)
    readiness_checks = ("ssrmonitor.vetting.keycheck.data_key",)
    jobs = (
        "ssrmonitor.vetting.jobs.IMPORT_ROSTER",
        "ssrmonitor.vetting.jobs.SCREEN_REGISTRY",
        "ssrmonitor.vetting.jobs_chunks.SCREEN_REGISTRY_CHUNK",
        "ssrmonitor.vetting.jobs.ROTATE_DATA_KEY",
    )

    def ready(self) -> None:
        super().ready()
        # The start-up check of the data key (vetting.E001): see ssrmonitor.vetting.keycheck.
        from ssrmonitor.vetting import keycheck  # noqa: F401

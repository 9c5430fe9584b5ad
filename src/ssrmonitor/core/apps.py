from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ssrmonitor.core"
    label = "core"
    verbose_name = _("Reference data and access")

    def ready(self) -> None:
        # The database cache's table comes with `migrate` (see ssrmonitor.core.ops.cachetable).
        from django.db.models.signals import post_migrate

        from ssrmonitor.core.ops.cachetable import create_cache_table

        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="ssrmonitor_cache")
        # The visitor's running jobs on the home worklist.
        from ssrmonitor.core.jobs import worklist  # noqa: F401

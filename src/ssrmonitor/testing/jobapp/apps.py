from __future__ import annotations

from ssrmonitor.core.appkit import DomainAppConfig


class JobTestConfig(DomainAppConfig):
    name = "ssrmonitor.testing.jobapp"
    label = "jobtest"
    default = True
    jobs = ("ssrmonitor.testing.jobapp.kinds.SLOW_WRITE", "ssrmonitor.testing.jobapp.kinds.ONCE")
